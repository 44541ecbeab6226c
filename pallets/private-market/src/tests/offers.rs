//! Private offers: a household locks energy it holds behind an offer that names nobody, once per
//! slot; every refusal changes nothing.

use super::*;
use crate::{Error, Offers, PrivateOffer, SlotCounts, UsedImages};
use energy_primitives::Phase;
use frame_support::assert_noop;
use sp_runtime::transaction_validity::InvalidTransaction;
use std::collections::BTreeMap;

/// Alice's offer of 4 000 Wh in a world of registered households.
fn alice_offers(seed: u64) -> (World, Offered) {
	let mut world = World::new(seed);
	world.give_energy(0, 4_000 + LOCK_FEE);
	let offered = offer(&mut world, 0, &RING, SLOT);
	(world, offered)
}

#[test]
fn a_household_offers_energy_without_naming_itself() {
	run(|| {
		let (world, offered) = alice_offers(10);
		let before = storage();
		assert_ok!(submit_offer(&offered.request));

		let request = &offered.request;
		assert_eq!(
			Offers::<Test>::get(0),
			Some(PrivateOffer {
				slot: SLOT,
				offer_key: request.offer_key,
				locked: request.locked,
				remaining: request.locked,
				returning: request.locked,
				open: 0,
			})
		);
		assert!(world.members[0].energy().is_empty(), "Alice's energy note is locked");
		assert!(UsedImages::<Test>::contains_key(SLOT, request.key_image));
		assert_eq!(SlotCounts::<Test>::get(SLOT), (1, 0));
		System::assert_last_event(
			Event::PrivateOfferMade {
				offer: 0,
				slot: SLOT,
				locked: request.locked,
				audit: request.audit,
				details: request.details.clone(),
			}
			.into(),
		);
		// The auditor, and only with its key, reads the offered energy.
		assert_eq!(auditor().open(&request.locked, &request.audit), Ok(4_000));

		// Nothing the offer wrote names Alice's account or the amount.
		let written = changes(&before, &storage());
		assert!(!written.is_empty());
		for value in written {
			assert!(!contains(&value, &ALICE.encode()), "the offer wrote Alice's account");
			assert!(!contains(&value, &4_000u64.encode()), "the offer wrote its energy");
		}
	});
}

#[test]
fn a_household_offers_once_per_slot_whatever_ring_it_hides_in() {
	run(|| {
		let (mut world, offered) = alice_offers(11);
		assert_ok!(submit_offer(&offered.request));
		world.give_energy(0, 1_000 + LOCK_FEE);
		let again = offer(&mut world, 0, &[0, 2, 4], SLOT);
		assert_eq!(again.request.key_image, offered.request.key_image);
		assert_noop!(
			PrivateMarket::private_offer(RuntimeOrigin::none(), Box::new(again.request.clone())),
			Error::<Test>::ImageUsed
		);
		assert_eq!(
			validate(&crate::Call::private_offer { request: Box::new(again.request) }),
			Err(InvalidTransaction::Custom(PrivateMarket::error_code(Error::<Test>::ImageUsed))
				.into())
		);
		// Bob, in the same ring, may offer; and Alice may in the next slot, under another
		// image that does not link to this one.
		world.give_energy(1, 1_000 + LOCK_FEE);
		let bob = offer(&mut world, 1, &RING, SLOT);
		assert_ok!(submit_offer(&bob.request));
		Status::set(negotiation(SLOT));
		let next = offer(&mut world, 0, &RING, SLOT + 1);
		assert_ne!(next.request.key_image, offered.request.key_image);
		assert_ok!(submit_offer(&next.request));
	});
}

#[test]
fn offers_trade_the_next_slot_during_its_negotiation_only() {
	run(|| {
		let (_world, offered) = alice_offers(12);
		let mut later = offered.request.clone();
		later.slot = SLOT + 1;
		assert_noop!(
			PrivateMarket::private_offer(RuntimeOrigin::none(), Box::new(later)),
			Error::<Test>::NotTrading
		);
		Status::set(energy_primitives::MarketStatus { phase: Phase::Recording, ..negotiation(10) });
		assert_noop!(
			PrivateMarket::private_offer(RuntimeOrigin::none(), Box::new(offered.request.clone())),
			Error::<Test>::NotTrading
		);
		Status::set(negotiation(10));
		Prices::set(None);
		assert_noop!(
			PrivateMarket::private_offer(RuntimeOrigin::none(), Box::new(offered.request.clone())),
			Error::<Test>::NoGridPrices
		);
		Prices::set(Some(energy_primitives::GridPrices {
			import_price: 250_000,
			feed_in_price: 50_000,
		}));
		crate::Auditor::<Test>::kill();
		assert_noop!(
			PrivateMarket::private_offer(RuntimeOrigin::none(), Box::new(offered.request.clone())),
			Error::<Test>::NoAuditor
		);
	});
}

#[test]
fn a_slot_takes_at_most_max_offers() {
	run(|| {
		let mut world = World::new(13);
		for seller in 0..MAX_OFFERS_PER_SLOT as usize {
			world.give_energy(seller, 100 + LOCK_FEE);
			assert_ok!(submit_offer(&offer(&mut world, seller, &RING, SLOT).request));
		}
		world.give_energy(4, 100 + LOCK_FEE);
		let one_more = offer(&mut world, 4, &[2, 3, 4], SLOT);
		assert_noop!(
			PrivateMarket::private_offer(RuntimeOrigin::none(), Box::new(one_more.request)),
			Error::<Test>::TooManyOffers
		);
	});
}

#[test]
fn rings_are_sorted_sized_and_made_of_current_households() {
	run(|| {
		let (_world, offered) = alice_offers(14);
		let with_ring = |ring: Vec<u32>| {
			let mut request = offered.request.clone();
			request.ring = BoundedVec::truncate_from(ring);
			request
		};
		for (ring, error) in [
			(vec![0, 1], Error::<Test>::RingTooSmall),
			(vec![1, 0, 2], Error::<Test>::RingNotSorted),
			(vec![0, 1, 1], Error::<Test>::RingNotSorted),
			(vec![0, 1, 9], Error::<Test>::UnknownMarketKey),
		] {
			assert_noop!(
				PrivateMarket::private_offer(RuntimeOrigin::none(), Box::new(with_ring(ring))),
				error
			);
		}
		// Dave leaves the consortium: a ring with his key no longer admits anyone.
		Households::set(vec![ALICE, BOB, CHARLIE, ERIN]);
		assert_noop!(
			PrivateMarket::private_offer(RuntimeOrigin::none(), Box::new(offered.request.clone())),
			Error::<Test>::NotAMember
		);
	});
}

#[test]
fn a_forged_or_moved_offer_is_refused() {
	run(|| {
		let (mut world, offered) = alice_offers(15);
		// The signature of another ring, restamped so the stamp is not what refuses it.
		let mut other_ring = offered.request.clone();
		other_ring.ring = BoundedVec::truncate_from(vec![0, 1, 2, 4]);
		restamp_offer(&mut other_ring);
		assert_noop!(
			PrivateMarket::private_offer(RuntimeOrigin::none(), Box::new(other_ring)),
			Error::<Test>::InvalidMarketSignature
		);
		// Erin, outside the ring, cannot sign for it: a signature by her key of a ring of her
		// own does not verify for Alice's ring.
		world.give_energy(4, 500 + LOCK_FEE);
		let erin = offer(&mut world, 4, &[2, 3, 4], SLOT);
		let mut forged = erin.request.clone();
		forged.ring = BoundedVec::truncate_from(vec![0, 1, 2]);
		restamp_offer(&mut forged);
		assert_noop!(
			PrivateMarket::private_offer(RuntimeOrigin::none(), Box::new(forged)),
			Error::<Test>::InvalidMarketSignature
		);
		// Another offer's details or key, under this offer's signature.
		let mut details = offered.request.clone();
		details.details = BoundedVec::truncate_from(b"9 kWh".to_vec());
		restamp_offer(&mut details);
		assert_noop!(
			PrivateMarket::private_offer(RuntimeOrigin::none(), Box::new(details)),
			Error::<Test>::InvalidMarketSignature
		);
		// A stamp that does no work.
		let mut lazy = offered.request.clone();
		lazy.stamp = bad_stamp(&market_stamp_subject(
			&PrivateMarket::offer_message_of(&lazy),
			&lazy.signature,
			lazy.inputs.iter().map(|input| &input.signature),
		));
		assert_noop!(
			PrivateMarket::private_offer(RuntimeOrigin::none(), Box::new(lazy)),
			Error::<Test>::InsufficientStamp
		);
	});
}

#[test]
fn an_offer_the_auditor_could_not_open_is_refused() {
	run(|| {
		let (mut world, offered) = alice_offers(16);
		// A handle for another amount, or under another key, signed and stamped as the offer's.
		for audit in [
			seal_for_audit(&auditor().public_key(), 4_001, &Scalar::ONE, &mut world.rng).unwrap(),
			seal_for_audit(
				&AuditorSecret::from_secret(Scalar::from(5u64)).public_key(),
				4_000,
				&offered.remaining_blinding,
				&mut world.rng,
			)
			.unwrap(),
		] {
			let mut request = offered.request.clone();
			request.audit = audit;
			let (keys, position) = world.ring(&RING, 0);
			let message = PrivateMarket::offer_message_of(&request);
			let (signature, _) = market_sign(
				&message,
				&PrivateMarket::scope(SLOT, MarketRole::Offer),
				&keys,
				position,
				&world.members[0].market,
				&mut world.rng,
			)
			.unwrap();
			request.signature = signature;
			restamp_offer(&mut request);
			assert_noop!(
				PrivateMarket::private_offer(RuntimeOrigin::none(), Box::new(request)),
				Error::<Test>::InvalidAudit
			);
		}
	});
}

#[test]
fn an_offer_locks_only_energy_its_seller_holds() {
	run(|| {
		let (mut world, offered) = alice_offers(17);
		// The same notes once more: spent.
		assert_ok!(submit_offer(&offered.request));
		Status::set(negotiation(SLOT));
		world.give_energy(1, 10 + LOCK_FEE);
		let mut again = offer(&mut world, 1, &RING, SLOT + 1);
		again.request.inputs = offered.request.inputs.clone();
		let (keys, position) = world.ring(&RING, 1);
		let message = PrivateMarket::offer_message_of(&again.request);
		again.request.signature = market_sign(
			&message,
			&PrivateMarket::scope(SLOT + 1, MarketRole::Offer),
			&keys,
			position,
			&world.members[1].market,
			&mut world.rng,
		)
		.unwrap()
		.0;
		restamp_offer(&mut again.request);
		assert_noop!(
			PrivateMarket::private_offer(RuntimeOrigin::none(), Box::new(again.request.clone())),
			pallet_shielded_pool::Error::<Test, Instance2>::KeyImageSpent
		);
		assert_eq!(
			validate(&crate::Call::private_offer { request: Box::new(again.request) }),
			Err(InvalidTransaction::Custom(PrivateMarket::error_code(Error::<Test>::LockRefused))
				.into())
		);
	});
}

/// The attack `pre_dispatch` stops: calls that were valid when they entered the transaction
/// pool, and that the block made fail since, included in it for free.
#[test]
fn a_call_the_block_made_stale_is_left_out_of_it() {
	run(|| {
		use sp_runtime::traits::ValidateUnsigned;
		let (mut world, offered) = alice_offers(19);
		let call = crate::Call::private_offer { request: Box::new(offered.request.clone()) };
		assert_ok!(validate(&call));
		assert_ok!(PrivateMarket::pre_dispatch(&call));
		// The slot fills up before Alice's offer is in a block.
		for seller in 1..=MAX_OFFERS_PER_SLOT as usize {
			world.give_energy(seller, 100 + LOCK_FEE);
			let ring = if seller == 4 { vec![2, 3, 4] } else { RING.to_vec() };
			assert_ok!(submit_offer(&offer(&mut world, seller, &ring, SLOT).request));
		}
		assert_eq!(
			PrivateMarket::pre_dispatch(&call),
			Err(InvalidTransaction::Custom(PrivateMarket::error_code(
				Error::<Test>::TooManyOffers
			))
			.into())
		);
	});
}

#[test]
fn a_valid_offer_is_admitted_with_its_images_as_tags() {
	run(|| {
		let (_world, offered) = alice_offers(18);
		let call = crate::Call::private_offer { request: Box::new(offered.request.clone()) };
		let valid = validate(&call).expect("a valid offer is admitted");
		// The weights of the mock are zero: one weight unit, the most a block fits.
		let weight = frame_support::dispatch::GetDispatchInfo::get_dispatch_info(&call).call_weight;
		assert_eq!(valid.priority, PrivateMarket::priority(weight));
		assert!(valid.priority > 0);
		let tag = |tag: Vec<u8>| {
			sp_runtime::transaction_validity::ValidTransaction::with_tag_prefix("PrivateMarket")
				.and_provides(tag)
				.build()
				.unwrap()
				.provides
				.remove(0)
		};
		assert!(valid.provides.contains(&tag(("image", offered.request.key_image).encode())));
		assert!(valid
			.provides
			.contains(&tag(("note", offered.request.inputs[0].key_image).encode())));
	});
}

/// Every storage item, by key.
fn storage() -> BTreeMap<Vec<u8>, Vec<u8>> {
	let mut all = BTreeMap::new();
	let mut key = Vec::new();
	while let Some(next) = sp_io::storage::next_key(&key) {
		all.insert(next.clone(), sp_io::storage::get(&next).unwrap().to_vec());
		key = next;
	}
	all
}

/// The keys and values written or changed between `before` and `after`, each as one byte
/// string (key then value), leaving out the system's bookkeeping of events and block weight.
fn changes(
	before: &BTreeMap<Vec<u8>, Vec<u8>>,
	after: &BTreeMap<Vec<u8>, Vec<u8>>,
) -> Vec<Vec<u8>> {
	let system = sp_io::hashing::twox_128(b"System");
	after
		.iter()
		.filter(|(key, value)| before.get(*key) != Some(value) && !key.starts_with(&system))
		.map(|(key, value)| [key.clone(), value.clone()].concat())
		.collect()
}

pub(super) fn contains(haystack: &[u8], needle: &[u8]) -> bool {
	haystack.windows(needle.len()).any(|window| window == needle)
}
