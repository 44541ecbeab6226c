//! Private purchases: a household buys from a private offer within the slot's grid prices and
//! the offer's energy, with the seller's consent, once per slot; every refusal changes nothing.

use super::*;
use crate::{Agreements, Error, Offers, PrivateAgreement, SlotCounts};
use energy_privacy::{remaining_after, PriceBounds};
use frame_support::assert_noop;

/// Alice's offer of 4 000 Wh, made.
fn offered(seed: u64) -> (World, Offered) {
	let mut world = World::new(seed);
	world.give_energy(0, 4_000 + LOCK_FEE);
	let offered = offer(&mut world, 0, &RING, SLOT);
	assert_ok!(submit_offer(&offered.request));
	(world, offered)
}

#[test]
fn a_household_buys_energy_privately_within_the_grid_prices() {
	run(|| {
		let (mut world, mut alice) = offered(20);
		let before = Offers::<Test>::get(0).unwrap();
		// 1 500 Wh at 0.15 per kWh: 225 000 of the money pool's units.
		let bob = purchase(&mut world, 1, &RING, 0, &mut alice, 0, 1_500, 225_000);
		let request = &bob.request;
		assert_ok!(submit_purchase(request));

		let offer = Offers::<Test>::get(0).unwrap();
		assert_eq!(offer.open, 1);
		assert_eq!(
			offer.remaining,
			remaining_after(&before.remaining, &request.agreed.energy).unwrap()
		);
		assert_eq!(
			Agreements::<Test>::get(0),
			Some(PrivateAgreement {
				slot: SLOT,
				offer: 0,
				buyer_key: request.buyer_key,
				energy: request.agreed.energy,
				payment: request.agreed.payment,
			})
		);
		assert!(world.members[1].money().is_empty(), "Bob's payment is locked");
		assert_eq!(SlotCounts::<Test>::get(SLOT), (1, 1));
		System::assert_last_event(
			Event::PrivateAgreementMade {
				agreement: 0,
				offer: 0,
				slot: SLOT,
				agreed: request.agreed,
				audits: request.audits,
			}
			.into(),
		);
		// The auditor reads the energy and the payment.
		assert_eq!(auditor().open(&request.agreed.energy, &request.audits[0]), Ok(1_500));
		assert_eq!(auditor().open(&request.agreed.payment, &request.audits[1]), Ok(225_000));

		// A second agreement on the same offer, against what the first left: Charlie buys the
		// rest, 2 500 Wh, at the import price.
		let charlie = purchase(&mut world, 2, &RING, 0, &mut alice, 0, 2_500, 625_000);
		assert_ok!(submit_purchase(&charlie.request));
		assert_eq!(alice.remaining, 0);
	});
}

/// The attack the remaining-energy term stops: a seller that agrees with two buyers against the
/// same remaining energy, selling 5 000 Wh of a 4 000 Wh offer.
#[test]
fn no_agreement_sells_more_than_the_offer_holds() {
	run(|| {
		let (mut world, mut alice) = offered(21);
		let before = alice.clone();
		let bob = purchase(&mut world, 1, &RING, 0, &mut alice, 0, 3_000, 300_000);
		assert_ok!(submit_purchase(&bob.request));
		// Charlie's agreement is proven against the offer as it was before Bob's, with the
		// seller's consent to the offer as it is now.
		let mut stale = before;
		let charlie = purchase(&mut world, 2, &RING, 0, &mut stale, 0, 2_000, 200_000);
		assert_noop!(
			PrivateMarket::private_purchase(RuntimeOrigin::none(), Box::new(charlie.request)),
			Error::<Test>::InvalidAgreement
		);
		// And no proof exists for more than the 1 000 Wh left.
		let bounds = price_bounds(&Prices::get().unwrap()).unwrap();
		let opening = AgreementOpening {
			energy: 1_001,
			energy_blinding: Scalar::ONE,
			payment: 100_100,
			payment_blinding: Scalar::ONE,
			remaining: alice.remaining,
			remaining_blinding: alice.remaining_blinding,
		};
		assert_eq!(
			prove_agreement(&bounds, &opening, &mut world.rng).err(),
			Some(energy_privacy::Error::TermsOutOfRange)
		);
	});
}

/// A price above the slot's import price or below its feed-in price has no proof within the
/// slot's bounds; proven within other bounds, it is refused.
#[test]
fn a_price_outside_the_grid_prices_is_refused() {
	run(|| {
		let (mut world, mut alice) = offered(22);
		// The slot's bounds per Wh: 250 to import, 50 fed in.
		let slot_bounds = price_bounds(&Prices::get().unwrap()).unwrap();
		assert_eq!(slot_bounds, PriceBounds { import_price: 250, feed_in_price: 50 });
		for (bounds, payment) in [
			(PriceBounds { import_price: 300, feed_in_price: 50 }, 1_000 * 260),
			(PriceBounds { import_price: 250, feed_in_price: 10 }, 1_000 * 40),
		] {
			let buyer = if payment > 100_000 { 1 } else { 2 };
			let mut seller = alice.clone();
			let deal = purchase_within(
				&mut world,
				buyer,
				&RING,
				0,
				&mut seller,
				0,
				1_000,
				payment,
				&bounds,
			);
			assert_noop!(
				PrivateMarket::private_purchase(RuntimeOrigin::none(), Box::new(deal.request)),
				Error::<Test>::InvalidAgreement
			);
		}
		// At the bounds themselves, it is a trade.
		let at_import = purchase(&mut world, 3, &RING, 0, &mut alice, 0, 1_000, 250_000);
		assert_ok!(submit_purchase(&at_import.request));
	});
}

#[test]
fn the_seller_consents_to_every_agreement() {
	run(|| {
		let (mut world, alice) = offered(23);
		// An agreement whose consent another key signed: a buyer cannot take energy from an
		// offer its seller did not agree to sell it.
		let mut impostor = alice.clone();
		impostor.key = world.pair();
		let bob = purchase(&mut world, 1, &RING, 0, &mut impostor, 0, 1_000, 100_000);
		assert_noop!(
			PrivateMarket::private_purchase(RuntimeOrigin::none(), Box::new(bob.request)),
			Error::<Test>::InvalidConsent
		);
	});
}

#[test]
fn a_purchase_binds_the_terms_its_buyer_signed() {
	run(|| {
		let (mut world, mut alice) = offered(24);
		let mut seller = alice.clone();
		let bob = purchase(&mut world, 1, &RING, 0, &mut alice, 0, 1_000, 100_000);
		let other = purchase(&mut world, 2, &RING, 0, &mut seller, 0, 2_000, 200_000);
		// Bob's market signature and locked money under other terms (restamped, so the stamp
		// is not what refuses them).
		let mut moved = other.request.clone();
		moved.signature = bob.request.signature.clone();
		moved.key_image = bob.request.key_image;
		moved.inputs = bob.request.inputs.clone();
		moved.stamp = restamped_purchase(&moved);
		assert_noop!(
			PrivateMarket::private_purchase(RuntimeOrigin::none(), Box::new(moved)),
			Error::<Test>::InvalidMarketSignature
		);
		// Bob's locked money under Charlie's otherwise valid purchase: the lock's ring
		// signatures sign Bob's purchase only.
		let mut taken = other.request.clone();
		taken.inputs = bob.request.inputs.clone();
		let (keys, position) = world.ring(&RING, 2);
		taken.signature = market_sign(
			&purchase_message_of(&taken),
			&PrivateMarket::scope(SLOT, MarketRole::Purchase),
			&keys,
			position,
			&world.members[2].market,
			&mut world.rng,
		)
		.unwrap()
		.0;
		taken.stamp = restamped_purchase(&taken);
		assert_noop!(
			PrivateMarket::private_purchase(RuntimeOrigin::none(), Box::new(taken)),
			pallet_shielded_pool::Error::<Test, Instance1>::Unbalanced
		);
		assert_eq!(world.members[1].money().len(), 1, "Bob's money is still his");
	});
}

#[test]
fn a_household_buys_once_per_slot() {
	run(|| {
		let (mut world, mut alice) = offered(25);
		let bob = purchase(&mut world, 1, &RING, 0, &mut alice, 0, 1_000, 100_000);
		assert_ok!(submit_purchase(&bob.request));
		let again = purchase(&mut world, 1, &[1, 2, 4], 0, &mut alice, 0, 1_000, 100_000);
		assert_eq!(again.request.key_image, bob.request.key_image);
		assert_noop!(
			PrivateMarket::private_purchase(RuntimeOrigin::none(), Box::new(again.request)),
			Error::<Test>::ImageUsed
		);
	});
}

#[test]
fn a_slot_takes_at_most_max_purchases() {
	run(|| {
		let (mut world, mut alice) = offered(26);
		for buyer in 1..=MAX_PURCHASES_PER_SLOT as usize {
			let deal = purchase(&mut world, buyer, &[1, 2, 3, 4], 0, &mut alice, 0, 100, 10_000);
			assert_ok!(submit_purchase(&deal.request));
		}
		let one_more = purchase(&mut world, 0, &RING, 0, &mut alice, 0, 100, 10_000);
		assert_noop!(
			PrivateMarket::private_purchase(RuntimeOrigin::none(), Box::new(one_more.request)),
			Error::<Test>::TooManyPurchases
		);
	});
}

#[test]
fn purchases_need_an_open_offer_of_the_trading_slot() {
	run(|| {
		let (mut world, mut alice) = offered(27);
		let bob = purchase(&mut world, 1, &RING, 0, &mut alice, 0, 1_000, 100_000);
		let mut unknown = bob.request.clone();
		unknown.offer = 7;
		assert_noop!(
			PrivateMarket::private_purchase(RuntimeOrigin::none(), Box::new(unknown)),
			Error::<Test>::UnknownOffer
		);
		Status::set(negotiation(SLOT));
		assert_noop!(
			PrivateMarket::private_purchase(RuntimeOrigin::none(), Box::new(bob.request)),
			Error::<Test>::NotTrading
		);
	});
}

/// The message of `request` as the chain computes it.
fn purchase_message_of(request: &PurchaseRequest<Test>) -> energy_privacy::Message {
	let slot = Offers::<Test>::get(request.offer).unwrap().slot;
	PrivateMarket::purchase_message_of(request, slot)
}

/// A stamp for `request` as it is now.
fn restamped_purchase(request: &PurchaseRequest<Test>) -> u64 {
	let subject = market_stamp_subject(
		&purchase_message_of(request),
		&request.signature,
		request.inputs.iter().map(|input| &input.signature),
	);
	find_stamp(&subject, STAMP_BITS).unwrap()
}
