//! Benchmarks of the private market's calls. Verification dominates: market ring signatures over
//! up to `MaxRingSize` keys, the locks' ring signatures at the pool's largest ring, range proofs,
//! the agreement statement and audit handles. The setup seeds the pools with notes, registers
//! households' keys, proves, signs and stamps with a deterministic RNG
//! (`energy_privacy::builder`), and signs the one-time keys' messages with keys of the
//! benchmark's keystore; only the call is timed.

use super::*;
use crate::pallet::{Auditor, KeyOf, MarketKeyCount, MarketKeys, Offers, TakenKeys};
use alloc::{boxed::Box, vec, vec::Vec};
use codec::Encode;
use energy_primitives::{Energy, SlotIndex, TradingSlots};
use energy_privacy::{
	builder::{deterministic_rng, ChaCha20Rng, Spendable},
	claim_message, close_message, consent_message, create_note,
	market_builder::{build_offer, build_purchase, reblinding, Agreed, Seat, Spending},
	market_sign, prove_agreement, refund_message, registration_message, release_message, scan_note,
	AccountKeys, AgreementOpening, AuditorSecret, KeyImage, MarketKey, MarketRole, MarketSecret,
	MarketSignature, Note, Scalar, TxSecret,
};
use frame_benchmarking::v2::*;
use frame_support::traits::{EnsureOrigin, Get};
use frame_system::RawOrigin;
use pallet_shielded_pool::{NoteIndex, NoteLocks};
use sp_core::{crypto::KeyTypeId, sr25519};

/// What benchmarks need from the runtime to set up their worst case.
pub trait BenchmarkHelper<AccountId> {
	/// Make `who` a household member.
	fn make_household(who: &AccountId);
	/// Make `who` the grid operator.
	fn make_grid_operator(who: &AccountId);
	/// Put the market in the negotiation window of slot `slot` (it trades slot `slot + 1`),
	/// with the grid's prices set for slot `slot + 1`.
	fn set_slot(slot: SlotIndex);
	/// Record that `household`'s meter exported `exported` Wh in `slot`.
	fn set_exports(household: &AccountId, slot: SlotIndex, exported: Energy);
}

/// The one-time keys' key type in the benchmark's keystore.
const KEY_TYPE: KeyTypeId = KeyTypeId(*b"bpmk");
/// The market's slot now; it trades `SLOT + 1`.
const NOW: SlotIndex = 1_000;
/// The delivery slot of the benchmarks' offers and purchases.
const SLOT: SlotIndex = NOW + 1;
/// Each energy note of a seller, in Wh.
const NOTE_WH: u64 = 1_000;
/// Each purchase buys 500 Wh, at the middle of the slot's grid prices.
const ENERGY: u64 = 500;

fn stop(_: energy_privacy::Error) -> BenchmarkError {
	BenchmarkError::Stop("energy-privacy")
}

/// `count` households with registered market keys, and the auditor's key set.
fn households<T: Config>(count: u32, rng: &mut ChaCha20Rng) -> Vec<(T::AccountId, MarketSecret)> {
	Auditor::<T>::put(auditor().public_key());
	MarketKeyCount::<T>::put(count);
	(0..count)
		.map(|index| {
			let who: T::AccountId = account("household", index, 0);
			T::BenchmarkHelper::make_household(&who);
			let secret = MarketSecret::random(rng);
			MarketKeys::<T>::insert(index, (&who, secret.public_key()));
			KeyOf::<T>::insert(&who, index);
			TakenKeys::<T>::insert(secret.public_key(), ());
			(who, secret)
		})
		.collect()
}

fn auditor() -> AuditorSecret {
	AuditorSecret::from_secret(Scalar::from(0xA0D1_u64))
}

/// An owner's notes in a pool, and every note the seeding added.
type Seeded = (Vec<Spendable>, Vec<(NoteIndex, Note)>);

/// Notes for `owner` of `amounts`, among decoys enough for the pool's largest ring, seeded into
/// the pool `N`; returns the owner's notes and every note the seeding added.
fn seed<T: Config, N: NoteLocks<T::AccountId>>(
	owner: &AccountKeys,
	amounts: &[u64],
	rng: &mut ChaCha20Rng,
) -> Result<Seeded, BenchmarkError> {
	let mut notes = Vec::new();
	let mut total = 0u64;
	for _ in 0..N::max_ring_size() {
		let stranger = AccountKeys::random(rng).public_address();
		notes.push(create_note(&stranger, &TxSecret::random(rng), 0, NOTE_WH).map_err(stop)?.0);
		total = total.saturating_add(NOTE_WH);
	}
	let mut owned = Vec::new();
	for amount in amounts {
		let (note, _) = create_note(&owner.public_address(), &TxSecret::random(rng), 0, *amount)
			.map_err(stop)?;
		owned.push((notes.len(), scan_note(owner, &note, 0).ok().flatten()));
		notes.push(note);
		total = total.saturating_add(*amount);
	}
	let first = N::seed_notes(&notes, total);
	let indexed: Vec<(NoteIndex, Note)> = (first..).zip(notes.iter().copied()).collect();
	let spendable = owned
		.into_iter()
		.map(|(position, found)| {
			let owned = found.ok_or(BenchmarkError::Stop("scan"))?;
			let (index, note) = indexed[position];
			Ok(Spendable { index, note, owned })
		})
		.collect::<Result<Vec<_>, BenchmarkError>>()?;
	Ok((spendable, indexed))
}

/// A one-time key of the keystore.
fn one_time_key() -> sr25519::Public {
	sp_io::crypto::sr25519_generate(KEY_TYPE, None)
}

fn sign(key: &sr25519::Public, message: &[u8]) -> Result<sr25519::Signature, BenchmarkError> {
	sp_io::crypto::sr25519_sign(KEY_TYPE, key, message).ok_or(BenchmarkError::Stop("sign"))
}

/// What a seller's agent keeps of its offer.
struct Offered<T: Config> {
	request: OfferRequest<T>,
	key: sr25519::Public,
	remaining: u64,
	remaining_blinding: Scalar,
	wallet: AccountKeys,
}

/// Household 0's offer of `inputs` energy notes for `SLOT`, hiding in the ring of the first
/// `ring` households.
fn offer<T: Config>(
	members: &[(T::AccountId, MarketSecret)],
	ring: u32,
	inputs: u32,
	rng: &mut ChaCha20Rng,
) -> Result<Offered<T>, BenchmarkError> {
	let wallet = AccountKeys::random(rng);
	let pool_ring = T::EnergyNotes::max_ring_size();
	let (spends, notes) = seed::<T, T::EnergyNotes>(&wallet, &vec![NOTE_WH; inputs as usize], rng)?;
	let fee = T::EnergyNotes::required_lock_fee(inputs, inputs.saturating_mul(pool_ring));
	let blinding = Scalar::random(rng);
	let indices: Vec<u32> = (0..ring).collect();
	let keys: Vec<MarketKey> =
		members.iter().take(ring as usize).map(|(_, secret)| secret.public_key()).collect();
	let details = vec![7; T::MaxOfferDetails::get() as usize];
	let key = one_time_key();
	let built = build_offer(
		&Pallet::<T>::scope(SLOT, MarketRole::Offer),
		&Seat { ring: &indices, keys: &keys, position: 0, secret: &members[0].1 },
		&key.0,
		&Spending {
			domain: &T::EnergyNotes::domain(),
			spends: &spends,
			decoys: &notes,
			ring_size: pool_ring as usize,
			fee,
		},
		&blinding,
		&auditor().public_key(),
		&details,
		T::StampBits::get(),
		rng,
	)
	.map_err(stop)?;
	let remaining = built.amount;
	let request = OfferRequest::from_built(SLOT, &indices, key, built, details, fee);
	Ok(Offered { request, key, remaining, remaining_blinding: blinding, wallet })
}

/// What a buyer's agent keeps of its purchase.
struct Purchased<T: Config> {
	request: PurchaseRequest<T>,
	key: sr25519::Public,
	pay_note: Note,
	energy_blinding: Scalar,
	payment: u64,
	payment_blinding: Scalar,
}

/// The last household's purchase of `ENERGY` Wh at the middle of the slot's grid prices from
/// offer 0 (`offered`), with `inputs` money notes, hiding in the ring of the last `ring`
/// households.
fn purchase<T: Config>(
	members: &[(T::AccountId, MarketSecret)],
	ring: u32,
	inputs: u32,
	offered: &Offered<T>,
	rng: &mut ChaCha20Rng,
) -> Result<Purchased<T>, BenchmarkError> {
	let prices = T::Market::grid_prices(SLOT).ok_or(BenchmarkError::Stop("prices"))?;
	let bounds = price_bounds(&prices).ok_or(BenchmarkError::Stop("bounds"))?;
	let payment = ENERGY.saturating_mul(bounds.import_price / 2 + bounds.feed_in_price / 2);
	let pool_ring = T::MoneyNotes::max_ring_size();
	let fee = T::MoneyNotes::required_lock_fee(inputs, inputs.saturating_mul(pool_ring));
	let total = payment.saturating_add(fee);
	let share = total / u64::from(inputs);
	let mut amounts = vec![share; inputs as usize];
	if let Some(last) = amounts.last_mut() {
		*last = total.saturating_sub(share.saturating_mul(u64::from(inputs - 1)));
	}
	let wallet = AccountKeys::random(rng);
	let (spends, notes) = seed::<T, T::MoneyNotes>(&wallet, &amounts, rng)?;
	// The seller: its payment note, the agreement's proof and its consent.
	let (pay_note, payment_blinding) =
		create_note(&offered.wallet.public_address(), &TxSecret::random(rng), 0, payment)
			.map_err(stop)?;
	let energy_blinding = Scalar::random(rng);
	let opening = AgreementOpening {
		energy: ENERGY,
		energy_blinding,
		payment,
		payment_blinding,
		remaining: offered.remaining,
		remaining_blinding: offered.remaining_blinding,
	};
	let (proof, agreed) = prove_agreement(&bounds, &opening, rng).map_err(stop)?;
	let key = one_time_key();
	let remaining = Offers::<T>::get(0).ok_or(BenchmarkError::Stop("offer"))?.remaining;
	let consent = sign(
		&offered.key,
		&consent_message(&Pallet::<T>::genesis(), 0, &remaining, &agreed, &proof, &key.0),
	)?;
	// The buyer: its lock, audit handles and market signature.
	let size = members.len() as u32;
	let indices: Vec<u32> = (size - ring..size).collect();
	let keys: Vec<MarketKey> = members
		.iter()
		.skip((size - ring) as usize)
		.map(|(_, secret)| secret.public_key())
		.collect();
	let built = build_purchase(
		&Pallet::<T>::scope(SLOT, MarketRole::Purchase),
		&Seat {
			ring: &indices,
			keys: &keys,
			position: keys.len() - 1,
			secret: &members[members.len() - 1].1,
		},
		&Agreed {
			offer: 0,
			buyer_key: &key.0,
			commitments: &agreed,
			proof: &proof,
			energy: (ENERGY, energy_blinding),
			payment: (payment, payment_blinding),
			consent: &consent.0,
		},
		&Spending {
			domain: &T::MoneyNotes::domain(),
			spends: &spends,
			decoys: &notes,
			ring_size: pool_ring as usize,
			fee,
		},
		&auditor().public_key(),
		T::StampBits::get(),
		rng,
	)
	.map_err(stop)?;
	let request = PurchaseRequest::from_built(0, &indices, key, agreed, proof, consent, built, fee);
	Ok(Purchased { request, key, pay_note, energy_blinding, payment, payment_blinding })
}

/// The households, the offer and the purchase of [`traded`], and its RNG.
type Traded<T> = (
	Vec<(<T as frame_system::Config>::AccountId, MarketSecret)>,
	Offered<T>,
	Purchased<T>,
	ChaCha20Rng,
);

/// An offer and a purchase from it made (rings of 3, one note each), and the delivery slot over
/// by `slots_after` slots.
fn traded<T: Config>(slots_after: SlotIndex) -> Result<Traded<T>, BenchmarkError> {
	let mut rng = deterministic_rng(21);
	T::BenchmarkHelper::set_slot(NOW);
	let members = households::<T>(T::MinRingSize::get().max(2) + 1, &mut rng);
	let ring = T::MinRingSize::get();
	let offered = offer::<T>(&members, ring, 1, &mut rng)?;
	Pallet::<T>::private_offer(RawOrigin::None.into(), Box::new(offered.request.clone()))
		.map_err(|_| BenchmarkError::Stop("offer refused"))?;
	let purchased = purchase::<T>(&members, ring, 1, &offered, &mut rng)?;
	Pallet::<T>::private_purchase(RawOrigin::None.into(), Box::new(purchased.request.clone()))
		.map_err(|_| BenchmarkError::Stop("purchase refused"))?;
	T::BenchmarkHelper::set_slot(SLOT.saturating_add(slots_after));
	Ok((members, offered, purchased, rng))
}

/// A note of `amount` for `owner` other than the lock's commitment `owed` (whose blinding is
/// `owed_blinding`), and the proof over `message_of(note)` that it hides the same amount.
fn reblinded<T: Config>(
	owner: &AccountKeys,
	amount: u64,
	owed: &energy_privacy::Commitment,
	owed_blinding: Scalar,
	message_of: impl FnOnce(&Note) -> energy_privacy::Message,
	rng: &mut ChaCha20Rng,
) -> Result<(Note, (MarketSignature, KeyImage), energy_privacy::Message), BenchmarkError> {
	let (note, blinding) =
		create_note(&owner.public_address(), &TxSecret::random(rng), 0, amount).map_err(stop)?;
	let message = message_of(&note);
	let proof = reblinding(
		Pallet::<T>::genesis(),
		&note.commitment,
		&blinding,
		owed,
		&owed_blinding,
		&message,
		rng,
	)
	.map_err(stop)?;
	Ok((note, proof, message))
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn set_auditor_key() -> Result<(), BenchmarkError> {
		let origin =
			T::AuditorOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let key = auditor().public_key();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, key);
		assert_eq!(Auditor::<T>::get(), Some(key));
		Ok(())
	}

	#[benchmark]
	fn register_market_key() -> Result<(), BenchmarkError> {
		let mut rng = deterministic_rng(20);
		let who: T::AccountId = account("household", 0, 0);
		T::BenchmarkHelper::make_household(&who);
		let secret = MarketSecret::random(&mut rng);
		let key = secret.public_key();
		let (proof, image) = market_sign(
			&registration_message(&who.encode()),
			&Pallet::<T>::registration_scope(),
			&[key],
			0,
			&secret,
			&mut rng,
		)
		.map_err(stop)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), key, proof, image);
		assert_eq!(KeyOf::<T>::get(&who), Some(0));
		Ok(())
	}

	#[benchmark]
	fn private_offer(
		r: Linear<{ T::MinRingSize::get() }, { T::MaxRingSize::get() }>,
		i: Linear<1, { T::MaxLockInputs::get() }>,
	) -> Result<(), BenchmarkError> {
		let mut rng = deterministic_rng(22);
		T::BenchmarkHelper::set_slot(NOW);
		let members = households::<T>(r, &mut rng);
		let offered = offer::<T>(&members, r, i, &mut rng)?;
		#[extrinsic_call]
		_(RawOrigin::None, Box::new(offered.request));
		assert!(Offers::<T>::contains_key(0));
		Ok(())
	}

	#[benchmark]
	fn private_purchase(
		r: Linear<{ T::MinRingSize::get() }, { T::MaxRingSize::get() }>,
		i: Linear<1, { T::MaxLockInputs::get() }>,
	) -> Result<(), BenchmarkError> {
		let mut rng = deterministic_rng(23);
		T::BenchmarkHelper::set_slot(NOW);
		let members = households::<T>(r.max(T::MinRingSize::get() + 1), &mut rng);
		let offered = offer::<T>(&members, T::MinRingSize::get(), 1, &mut rng)?;
		Pallet::<T>::private_offer(RawOrigin::None.into(), Box::new(offered.request.clone()))
			.map_err(|_| BenchmarkError::Stop("offer refused"))?;
		let purchased = purchase::<T>(&members, r, i, &offered, &mut rng)?;
		#[extrinsic_call]
		_(RawOrigin::None, Box::new(purchased.request));
		assert_eq!(Offers::<T>::get(0).map(|offer| offer.open), Some(1));
		Ok(())
	}

	#[benchmark]
	fn release_payment() -> Result<(), BenchmarkError> {
		let (_, _, purchased, _) = traded::<T>(1)?;
		let note = purchased.pay_note;
		let signature = sign(&purchased.key, &release_message(&Pallet::<T>::genesis(), 0, &note))?;
		#[extrinsic_call]
		_(RawOrigin::None, 0, note, signature);
		assert_eq!(Offers::<T>::get(0).map(|offer| offer.open), Some(0));
		Ok(())
	}

	#[benchmark]
	fn claim_payment() -> Result<(), BenchmarkError> {
		let (members, offered, purchased, _) = traded::<T>(1)?;
		let seller = members[0].0.clone();
		T::BenchmarkHelper::set_exports(&seller, SLOT, ENERGY);
		let note = purchased.pay_note;
		let message = claim_message(&Pallet::<T>::genesis(), 0, &seller.encode(), &note);
		let signature = sign(&offered.key, &message)?;
		#[extrinsic_call]
		_(
			RawOrigin::Signed(seller),
			0,
			note,
			ENERGY,
			purchased.energy_blinding.to_bytes(),
			signature,
		);
		assert_eq!(Offers::<T>::get(0).map(|offer| offer.open), Some(0));
		Ok(())
	}

	#[benchmark]
	fn refund_payment() -> Result<(), BenchmarkError> {
		let (_, _, purchased, mut rng) = traded::<T>(ClaimSlots::<T>::get().saturating_add(1))?;
		let operator: T::AccountId = account("operator", 0, 0);
		T::BenchmarkHelper::make_grid_operator(&operator);
		let buyer = AccountKeys::random(&mut rng);
		let (note, proof, message) = reblinded::<T>(
			&buyer,
			purchased.payment,
			&purchased.request.agreed.payment,
			purchased.payment_blinding,
			|note| refund_message(&Pallet::<T>::genesis(), 0, note),
			&mut rng,
		)?;
		let signature = sign(&purchased.key, &message)?;
		#[extrinsic_call]
		_(
			RawOrigin::None,
			0,
			note,
			Some(proof),
			ENERGY,
			purchased.energy_blinding.to_bytes(),
			signature,
		);
		assert_eq!(Offers::<T>::get(0).map(|offer| offer.open), Some(0));
		Ok(())
	}

	#[benchmark]
	fn close_offer() -> Result<(), BenchmarkError> {
		let mut rng = deterministic_rng(24);
		T::BenchmarkHelper::set_slot(NOW);
		let members = households::<T>(T::MinRingSize::get(), &mut rng);
		let offered = offer::<T>(&members, T::MinRingSize::get(), 1, &mut rng)?;
		Pallet::<T>::private_offer(RawOrigin::None.into(), Box::new(offered.request.clone()))
			.map_err(|_| BenchmarkError::Stop("offer refused"))?;
		T::BenchmarkHelper::set_slot(SLOT.saturating_add(1));
		let (note, proof, message) = reblinded::<T>(
			&offered.wallet,
			offered.remaining,
			&offered.request.locked,
			offered.remaining_blinding,
			|note| close_message(&Pallet::<T>::genesis(), 0, note),
			&mut rng,
		)?;
		let signature = sign(&offered.key, &message)?;
		#[extrinsic_call]
		_(RawOrigin::None, 0, note, Some(proof), signature);
		assert!(!Offers::<T>::contains_key(0));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
