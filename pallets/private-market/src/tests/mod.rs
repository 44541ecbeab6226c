//! Households register market keys, offer and buy energy privately and are paid out; every
//! forged, replayed, out-of-bounds or second call of a slot is refused with its own error and
//! changes nothing; and what the private calls write names no household and no amount.
//!
//! The harness builds calls as households' agents would: energy and money notes in the two
//! pools, locks bound to the calls' messages, market ring signatures, agreement proofs, audit
//! handles for the auditor and the one-time keys' sr25519 signatures.

// `ValidateUnsigned` is deprecated in favour of `#[pallet::authorize]`; the pallet still uses it.
#![allow(deprecated)]

mod keys;
mod offers;
mod payouts;
mod purchases;

use crate::{mock::*, price_bounds, OfferRequest, PurchaseRequest};
use codec::Encode;
use energy_primitives::SlotIndex;
use energy_privacy::{
	builder::{build_shield, deterministic_rng, scan_notes, ChaCha20Rng, Spendable},
	consent_message, create_note, find_stamp,
	market_builder::{build_offer, build_purchase, Agreed, Seat, Spending},
	market_sign, market_stamp_subject, prove_agreement, registration_message, seal_for_audit,
	AccountKeys, AgreementOpening, AuditorSecret, MarketKey, MarketRole, MarketSecret, Note,
	Scalar, TxSecret,
};
use frame_support::{assert_ok, instances::Instance1, instances::Instance2, BoundedVec};
use pallet_shielded_pool::{NoteCount, Notes, SpentKeyImages};
use sp_core::{sr25519, Pair};
use sp_runtime::DispatchResult;

/// The events of the market.
type Event = crate::Event<Test>;

/// Runs `test`, then checks the books of the market and of both pools.
fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		PrivateMarket::do_try_state().expect("the market's books hold");
		MoneyPool::do_try_state().expect("the money pool's books balance");
		EnergyPool::do_try_state().expect("the energy pool's books balance");
	});
}

/// The auditor's secret view key.
fn auditor() -> AuditorSecret {
	AuditorSecret::from_secret(Scalar::from(0x000A_0D17_u64))
}

/// Every note of a pool, by index.
fn notes_of<I: 'static>() -> Vec<(u64, Note)>
where
	Test: pallet_shielded_pool::Config<I>,
{
	(0..NoteCount::<Test, I>::get())
		.map(|index| (index, Notes::<Test, I>::get(index).unwrap()))
		.collect()
}

/// A household's keys: its market secret, its wallet (for notes of both pools).
struct Member {
	account: u64,
	index: u32,
	market: MarketSecret,
	wallet: AccountKeys,
}

impl Member {
	/// The household's unspent notes in the pool `I`.
	fn unspent<I: 'static>(&self) -> Vec<Spendable>
	where
		Test: pallet_shielded_pool::Config<I>,
	{
		scan_notes(&self.wallet, &notes_of::<I>())
			.into_iter()
			.filter(|note| {
				!SpentKeyImages::<Test, I>::contains_key(energy_privacy::key_image(
					&note.owned.one_time_secret,
				))
			})
			.collect()
	}

	fn energy(&self) -> Vec<Spendable> {
		self.unspent::<Instance2>()
	}

	fn money(&self) -> Vec<Spendable> {
		self.unspent::<Instance1>()
	}
}

/// The households, the auditor and an RNG: a micro-grid ready to trade privately.
struct World {
	members: Vec<Member>,
	rng: ChaCha20Rng,
}

/// A key's proof of possession for `account`.
fn registration(
	account: u64,
	secret: &MarketSecret,
	rng: &mut ChaCha20Rng,
) -> (MarketKey, energy_privacy::MarketSignature, energy_privacy::KeyImage) {
	let key = secret.public_key();
	let (proof, image) = market_sign(
		&registration_message(&account.encode()),
		&PrivateMarket::registration_scope(),
		&[key],
		0,
		secret,
		rng,
	)
	.unwrap();
	(key, proof, image)
}

fn register(account: u64, secret: &MarketSecret, rng: &mut ChaCha20Rng) -> DispatchResult {
	let (key, proof, image) = registration(account, secret, rng);
	PrivateMarket::register_market_key(RuntimeOrigin::signed(account), key, proof, image)
}

impl World {
	/// Every household registered, the auditor's key set, and eight decoys in each pool.
	fn new(seed: u64) -> Self {
		let mut rng = deterministic_rng(seed);
		assert_ok!(PrivateMarket::set_auditor_key(RuntimeOrigin::root(), auditor().public_key()));
		let members: Vec<Member> = (0u32..)
			.zip(MEMBERS)
			.map(|(index, account)| {
				let member = Member {
					account,
					index,
					market: MarketSecret::random(&mut rng),
					wallet: AccountKeys::random(&mut rng),
				};
				assert_ok!(register(account, &member.market, &mut rng));
				member
			})
			.collect();
		let mut world = Self { members, rng };
		for _ in 0..8 {
			let stranger = AccountKeys::random(&mut world.rng).public_address();
			world.shield_money(METER, &stranger, 1_000);
			world.shield_energy(METER, &stranger, 1_000);
		}
		world
	}

	/// `who` shields `amount` of its tokens into a note of pool `I` for `to`.
	fn shield<I: 'static>(&mut self, who: u64, to: &energy_privacy::PublicAddress, amount: u64)
	where
		Test: pallet_shielded_pool::Config<I>,
	{
		let shield = build_shield(to, amount, &mut self.rng).unwrap();
		assert_ok!(pallet_shielded_pool::Pallet::<Test, I>::shield(
			RuntimeOrigin::signed(who),
			amount,
			shield.note,
			shield.blinding,
			shield.range_proof
		));
	}

	fn shield_energy(&mut self, who: u64, to: &energy_privacy::PublicAddress, amount: u64) {
		self.shield::<Instance2>(who, to, amount);
	}

	fn shield_money(&mut self, who: u64, to: &energy_privacy::PublicAddress, amount: u64) {
		self.shield::<Instance1>(who, to, amount);
	}

	/// Member `member` shields `amount` Wh of its energy into a note of its own.
	fn give_energy(&mut self, member: usize, amount: u64) {
		let (account, to) =
			(self.members[member].account, self.members[member].wallet.public_address());
		self.shield_energy(account, &to, amount);
	}

	/// Member `member` shields `amount` of its money into a note of its own.
	fn give_money(&mut self, member: usize, amount: u64) {
		let (account, to) =
			(self.members[member].account, self.members[member].wallet.public_address());
		self.shield_money(account, &to, amount);
	}

	/// The registered keys of the ring `ring`, and the position of member `signer` in it.
	fn ring(&self, ring: &[u32], signer: usize) -> (Vec<MarketKey>, usize) {
		let keys =
			ring.iter().map(|index| self.members[*index as usize].market.public_key()).collect();
		let position = ring.iter().position(|index| *index == self.members[signer].index).unwrap();
		(keys, position)
	}

	fn pair(&mut self) -> sr25519::Pair {
		sr25519::Pair::from_seed(&Scalar::random(&mut self.rng).to_bytes())
	}
}

/// The least fee of a lock of one note with a ring of `POOL_RING`.
const LOCK_FEE: u64 = 10 + 3 + 5 + POOL_RING as u64;

/// What the seller's agent keeps of its offer: the request, the one-time key, the note the
/// energy goes back to, and the opening of what remains unsold.
#[derive(Clone)]
struct Offered {
	request: OfferRequest<Test>,
	key: sr25519::Pair,
	close_note: Note,
	remaining: u64,
	remaining_blinding: Scalar,
}

/// Member `seller`'s offer of all its energy notes less the lock fee, for delivery in `slot`,
/// hiding in `ring`.
fn offer(world: &mut World, seller: usize, ring: &[u32], slot: SlotIndex) -> Offered {
	let spends = world.members[seller].energy();
	let key = world.pair();
	let (keys, position) = world.ring(ring, seller);
	let World { members, rng } = world;
	let member = &members[seller];
	let amount = spends.iter().map(|note| note.owned.amount).sum::<u64>() - LOCK_FEE;
	// The lock's blinding is the one the seller's wallet will derive for the note it takes the
	// energy back as.
	let (close_note, blinding) =
		create_note(&member.wallet.public_address(), &TxSecret::random(rng), 0, amount).unwrap();
	let details = b"private offer".to_vec();
	let built = build_offer(
		&PrivateMarket::scope(slot, MarketRole::Offer),
		&Seat { ring, keys: &keys, position, secret: &member.market },
		&key.public().0,
		&Spending {
			domain: &EnergyPool::spend_domain(),
			spends: &spends,
			decoys: &notes_of::<Instance2>(),
			ring_size: POOL_RING,
			fee: LOCK_FEE,
		},
		&blinding,
		&auditor().public_key(),
		&details,
		STAMP_BITS,
		rng,
	)
	.unwrap();
	assert_eq!(built.amount, amount);
	let request = OfferRequest::from_built(slot, ring, key.public(), built, details, LOCK_FEE);
	Offered { request, key, close_note, remaining: amount, remaining_blinding: blinding }
}

/// Finds `request`'s stamp again, after a test changed it.
fn restamp_offer(request: &mut OfferRequest<Test>) {
	let message = PrivateMarket::offer_message_of(request);
	let subject = market_stamp_subject(
		&message,
		&request.signature,
		request.inputs.iter().map(|input| &input.signature),
	);
	request.stamp = find_stamp(&subject, STAMP_BITS).unwrap();
}

/// A stamp that does not give `STAMP_BITS` bits for `subject`.
fn bad_stamp(subject: &[u8; 32]) -> u64 {
	(0..).find(|stamp| !energy_privacy::check_stamp(subject, *stamp, STAMP_BITS)).unwrap()
}

/// What the buyer's agent keeps of its purchase: the request, its one-time key, and the
/// seller's note the payment goes to.
struct Purchased {
	request: PurchaseRequest<Test>,
	key: sr25519::Pair,
	pay_note: Note,
	/// The agreement's energy and its blinding, which the seller shared with the buyer.
	energy: u64,
	energy_blinding: Scalar,
	/// The payment and its blinding (the seller's payment note's).
	payment: u64,
	payment_blinding: Scalar,
}

/// Member `buyer`'s purchase of `energy` Wh for `payment` from offer `offer_id` (the seller's
/// `offered`), hiding in `ring`. The buyer first shields a note of exactly the payment and the
/// lock fee. The seller's side (its proof, its consent, its payment note) is made here too,
/// and `offered` then remembers what remains.
#[allow(clippy::too_many_arguments)]
fn purchase(
	world: &mut World,
	buyer: usize,
	ring: &[u32],
	offer_id: u64,
	offered: &mut Offered,
	seller: usize,
	energy: u64,
	payment: u64,
) -> Purchased {
	let bounds = price_bounds(&Prices::get().unwrap()).unwrap();
	purchase_within(world, buyer, ring, offer_id, offered, seller, energy, payment, &bounds)
}

/// As [`purchase`], with the agreement proven within `bounds` rather than the slot's prices.
#[allow(clippy::too_many_arguments)]
fn purchase_within(
	world: &mut World,
	buyer: usize,
	ring: &[u32],
	offer_id: u64,
	offered: &mut Offered,
	seller: usize,
	energy: u64,
	payment: u64,
	bounds: &energy_privacy::PriceBounds,
) -> Purchased {
	world.give_money(buyer, payment + LOCK_FEE);
	let spends: Vec<Spendable> = world.members[buyer]
		.money()
		.into_iter()
		.filter(|note| note.owned.amount == payment + LOCK_FEE)
		.take(1)
		.collect();
	let key = world.pair();
	let (keys, position) = world.ring(ring, buyer);
	let World { members, rng } = world;
	// The seller: a note for the payment, whose blinding the payment's commitment takes, and
	// the agreement's proof and its consent.
	let (pay_note, payment_blinding) =
		create_note(&members[seller].wallet.public_address(), &TxSecret::random(rng), 0, payment)
			.unwrap();
	let opening = AgreementOpening {
		energy,
		energy_blinding: Scalar::random(rng),
		payment,
		payment_blinding,
		remaining: offered.remaining,
		remaining_blinding: offered.remaining_blinding,
	};
	let (proof, agreed) = prove_agreement(bounds, &opening, rng).unwrap();
	let buyer_key = key.public();
	let offer = crate::Offers::<Test>::get(offer_id).unwrap();
	let consent = offered.key.sign(&consent_message(
		&PrivateMarket::genesis(),
		offer_id,
		&offer.remaining,
		&agreed,
		&proof,
		&buyer_key.0,
	));
	offered.remaining -= energy;
	offered.remaining_blinding -= opening.energy_blinding;
	// The buyer: its payment locked, audit handles and its market signature.
	let built = build_purchase(
		&PrivateMarket::scope(offer.slot, MarketRole::Purchase),
		&Seat { ring, keys: &keys, position, secret: &members[buyer].market },
		&Agreed {
			offer: offer_id,
			buyer_key: &buyer_key.0,
			commitments: &agreed,
			proof: &proof,
			energy: (energy, opening.energy_blinding),
			payment: (payment, payment_blinding),
			consent: &consent.0,
		},
		&Spending {
			domain: &MoneyPool::spend_domain(),
			spends: &spends,
			decoys: &notes_of::<Instance1>(),
			ring_size: POOL_RING,
			fee: LOCK_FEE,
		},
		&auditor().public_key(),
		STAMP_BITS,
		rng,
	)
	.unwrap();
	let request = PurchaseRequest::from_built(
		offer_id, ring, buyer_key, agreed, proof, consent, built, LOCK_FEE,
	);
	Purchased {
		request,
		key,
		pay_note,
		energy,
		energy_blinding: opening.energy_blinding,
		payment,
		payment_blinding,
	}
}

/// Dispatches a private offer as the block would: validation, then the call.
fn submit_offer(request: &OfferRequest<Test>) -> DispatchResult {
	let call = crate::Call::<Test>::private_offer { request: Box::new(request.clone()) };
	validate(&call).map_err(|_| sp_runtime::DispatchError::Other("invalid transaction"))?;
	PrivateMarket::private_offer(RuntimeOrigin::none(), Box::new(request.clone()))
}

fn submit_purchase(request: &PurchaseRequest<Test>) -> DispatchResult {
	let call = crate::Call::<Test>::private_purchase { request: Box::new(request.clone()) };
	validate(&call).map_err(|_| sp_runtime::DispatchError::Other("invalid transaction"))?;
	PrivateMarket::private_purchase(RuntimeOrigin::none(), Box::new(request.clone()))
}

fn validate(call: &crate::Call<Test>) -> sp_runtime::transaction_validity::TransactionValidity {
	use sp_runtime::traits::ValidateUnsigned;
	PrivateMarket::validate_unsigned(
		sp_runtime::transaction_validity::TransactionSource::External,
		call,
	)
}

/// The trading slot when the market's status is the mock's default.
const SLOT: SlotIndex = 11;

/// The ring of the first four households.
const RING: [u32; 4] = [0, 1, 2, 3];
