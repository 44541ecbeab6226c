//! Households shield money, pay each other privately and unshield; every forged, replayed or
//! unbalanced spend is refused with its own error and changes nothing; what a private transfer
//! writes names nobody and no amount; private transactions pay for their shape, rank as signed
//! ones that pay as much, take at most their share of a block and prove work before they are
//! verified; and the pool's account always holds what its notes are worth.

// `ValidateUnsigned` is deprecated in favour of `#[pallet::authorize]`; the pallet still uses it.
#![allow(deprecated)]

mod locks;

use crate::{
	mock::*, Amount, BlockPrivateWeight, Call, Error, NoteAddresses, NoteCount, Notes, PoolTotal,
	PublicNotes, SpentKeyImages,
};
use codec::Encode;
use energy_privacy::{
	builder::{
		build_shield, build_transfer, build_transfer_of, build_unshield, deterministic_rng,
		scan_notes, ChaCha20Rng, NewNote, Payment, Shield, Spendable, Transfer, Unshield,
	},
	check_stamp, commit, create_note, find_stamp, key_image, prove_range, stamp_subject,
	transfer_message, unshield_message, AccountKeys, ClsagSignature, Commitment, KeyImage, Note,
	OneTimeAddress, PublicAddress, RangeProofBytes, RingIndices, Scalar, TransferInput, TxSecret,
};
use frame_support::{
	assert_noop, assert_ok,
	dispatch::{DispatchClass, DispatchInfo, GetDispatchInfo, Pays},
	instances::Instance2,
	pallet_prelude::{InvalidTransaction, TransactionSource, ValidTransaction},
	traits::{
		fungible::{Inspect, Mutate},
		Get, Hooks,
	},
	weights::Weight,
	BoundedVec,
};
use sp_runtime::{
	traits::ValidateUnsigned, transaction_validity::TransactionPriority, DispatchError,
	DispatchResult, Perbill,
};
use std::collections::BTreeMap;

/// The events of the money pool (the mock has a second pool, `OtherPool`).
type Event = crate::Event<Test>;

/// 32 bytes that are not the encoding of any ristretto255 point.
const NOT_A_POINT: [u8; 32] = [0xff; 32];

/// The group order, the smallest non-canonical scalar encoding.
const GROUP_ORDER: [u8; 32] = [
	0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
];

/// The least fee of Alice's payments (`pay`): one note into two, with a ring of 11.
const PAY_FEE: Amount = MIN_FEE + FEE_PER_INPUT + 2 * FEE_PER_OUTPUT + 11 * FEE_PER_RING_MEMBER;

/// The least fee of an unshield with a ring of 11.
const UNSHIELD_FEE: Amount = MIN_FEE + FEE_PER_INPUT + 11 * FEE_PER_RING_MEMBER;

/// Run `test`, then check the pool's books and that its account holds exactly the notes' money
/// and its existential deposit.
fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		ShieldedPool::do_try_state().expect("the pool's books balance");
		let pool = Balances::balance(&ShieldedPool::account_id());
		if NoteCount::<Test>::get() > 0 {
			assert_eq!(pool, PoolTotal::<Test>::get() + EXISTENTIAL_DEPOSIT);
		}
	});
}

fn error_code(error: Error<Test>) -> u8 {
	ShieldedPool::error_code(error)
}

/// A household's wallet: its private keys.
struct Household {
	keys: AccountKeys,
}

impl Household {
	fn new(rng: &mut ChaCha20Rng) -> Self {
		Self { keys: AccountKeys::random(rng) }
	}

	fn address(&self) -> PublicAddress {
		self.keys.public_address()
	}

	/// The household's notes in the pool that are not spent yet.
	fn unspent(&self) -> Vec<Spendable> {
		scan_notes(&self.keys, &pool_notes())
			.into_iter()
			.filter(|note| {
				!SpentKeyImages::<Test>::contains_key(key_image(&note.owned.one_time_secret))
			})
			.collect()
	}
}

/// Every note of the pool, by index.
fn pool_notes() -> Vec<(u64, Note)> {
	(0..NoteCount::<Test>::get()).map(|index| (index, Notes::<Test>::get(index).unwrap())).collect()
}

/// The notes of the pool that transfers made, whose amounts are hidden: an unshield's decoys.
fn hidden_notes() -> Vec<(u64, Note)> {
	pool_notes()
		.into_iter()
		.filter(|(index, _)| !PublicNotes::<Test>::contains_key(index))
		.collect()
}

/// What the pool's spends sign first: the chain and the pool.
fn domain() -> Vec<u8> {
	ShieldedPool::spend_domain()
}

/// The least fee of a transfer of `inputs` notes into `outputs`, each input with a ring of
/// `ring`.
fn transfer_fee(inputs: u32, outputs: u32, ring: u32) -> Amount {
	ShieldedPool::required_transfer_fee(inputs, outputs, inputs * ring)
}

fn shield(who: u64, to: &PublicAddress, amount: Amount, rng: &mut ChaCha20Rng) -> DispatchResult {
	let Shield { note, blinding, range_proof } = build_shield(to, amount, rng).unwrap();
	ShieldedPool::shield(RuntimeOrigin::signed(who), amount, note, blinding, range_proof)
}

/// `count` notes of 1 000 that Bob shields to strangers: decoys for everyone's rings.
fn decoys(count: usize, rng: &mut ChaCha20Rng) {
	for _ in 0..count {
		let stranger = AccountKeys::random(rng).public_address();
		assert_ok!(shield(BOB, &stranger, 1_000, rng));
	}
}

/// `count` (at most 16) notes of 1 000 that one transfer of Bob's pays to strangers: notes
/// whose amounts are hidden, the decoys of unshields. The pool must hold two notes already.
fn hidden_decoys(count: usize, rng: &mut ChaCha20Rng) {
	let crowd = Household::new(rng);
	let ring = 11.min(NoteCount::<Test>::get() as u32 + 1);
	let fee = transfer_fee(1, count as u32, ring);
	assert_ok!(shield(BOB, &crowd.address(), count as Amount * 1_000 + fee, rng));
	let payments: Vec<Payment> = (0..count)
		.map(|_| Payment { to: AccountKeys::random(rng).public_address(), amount: 1_000 })
		.collect();
	let transfer = build(&crowd.unspent(), ring as usize, &payments, fee, rng);
	assert_eq!(transfer.inputs[0].ring.len() as u32, ring);
	assert_ok!(submit(&transfer));
}

/// Alice with a note of `amount` in a pool of `count` decoys besides.
fn alice_with(amount: Amount, count: usize, rng: &mut ChaCha20Rng) -> Household {
	let alice = Household::new(rng);
	assert_ok!(shield(ALICE, &alice.address(), amount, rng));
	decoys(count, rng);
	alice
}

/// Alice with a hidden note of `amount` (she paid it to herself out of a shield) among 12
/// hidden notes of strangers, in a pool that also holds 12 shields of strangers: what her
/// unshields need.
fn alice_hidden(amount: Amount, rng: &mut ChaCha20Rng) -> Household {
	let fee = transfer_fee(1, 1, 11);
	let alice = alice_with(amount + fee, 12, rng);
	let own = build(&alice.unspent(), 11, &[Payment { to: alice.address(), amount }], fee, rng);
	assert_ok!(submit(&own));
	hidden_decoys(12, rng);
	alice
}

/// A transfer of `spends` to `payments` with `fee`, rings of `ring` drawn from the whole pool,
/// and a stamp for this chain.
fn build(
	spends: &[Spendable],
	ring: usize,
	payments: &[Payment],
	fee: Amount,
	rng: &mut ChaCha20Rng,
) -> Transfer {
	build_transfer(&domain(), spends, &pool_notes(), ring, payments, fee, STAMP_BITS, rng).unwrap()
}

/// An unshield of `spend` to `dest` with `fee`, its ring of `ring` drawn from the hidden notes.
fn build_unshield_to(
	spend: &Spendable,
	ring: usize,
	fee: Amount,
	dest: u64,
	rng: &mut ChaCha20Rng,
) -> Unshield {
	build_unshield(&domain(), spend, &hidden_notes(), ring, fee, &dest.encode(), STAMP_BITS, rng)
		.unwrap()
}

/// What the stamp of `transfer` proves work for: its message and its ring signatures.
fn message_of(transfer: &Transfer) -> [u8; 32] {
	message_in(&domain(), transfer)
}

/// What the stamp of `transfer` proves work for in the pool whose spends sign `domain`.
fn message_in(domain: &[u8], transfer: &Transfer) -> [u8; 32] {
	let message = transfer_message(
		domain,
		&transfer.inputs,
		&transfer.outputs,
		&transfer.range_proof,
		transfer.fee,
	);
	stamp_subject(&message, transfer.inputs.iter().map(|input| &input.signature))
}

/// What the stamp of `unshield`, paid to `dest`, proves work for.
fn unshield_message_of(unshield: &Unshield, dest: u64) -> [u8; 32] {
	let message = unshield_message(
		&domain(),
		&unshield.input.ring,
		&unshield.input.key_image,
		unshield.amount,
		unshield.fee,
		&dest.encode(),
	);
	stamp_subject(&message, [&unshield.input.signature])
}

/// `transfer` with the stamp for what it says now. Whoever changes a transaction can find a new
/// stamp, so tests of what the pool refuses in a changed transaction submit it restamped, and
/// reach the check they are about. The stamp of an unchanged transaction is the builder's.
fn restamped(transfer: &Transfer) -> Transfer {
	let mut stamped = transfer.clone();
	stamped.stamp = find_stamp(&message_of(transfer), STAMP_BITS).unwrap();
	stamped
}

/// `unshield` with the stamp for what it says now, paid to `dest`.
fn restamped_unshield(unshield: &Unshield, dest: u64) -> Unshield {
	let mut stamped = unshield.clone();
	stamped.stamp = find_stamp(&unshield_message_of(unshield, dest), STAMP_BITS).unwrap();
	stamped
}

/// The smallest stamp that does not prove `STAMP_BITS` bits of work for `message`.
fn bad_stamp(message: &[u8; 32]) -> u64 {
	(0..).find(|stamp| !check_stamp(message, *stamp, STAMP_BITS)).unwrap()
}

/// The `transfer` call as it is, stamp included.
fn transfer_call_as_is(transfer: &Transfer) -> Call<Test> {
	Call::transfer {
		inputs: BoundedVec::truncate_from(transfer.inputs.clone()),
		outputs: BoundedVec::truncate_from(transfer.outputs.clone()),
		range_proof: transfer.range_proof.clone(),
		fee: transfer.fee,
		stamp: transfer.stamp,
	}
}

/// The `transfer` call, restamped.
fn transfer_call(transfer: &Transfer) -> Call<Test> {
	transfer_call_as_is(&restamped(transfer))
}

/// Dispatches `transfer` as it is, stamp included.
fn dispatch(transfer: &Transfer) -> DispatchResult {
	ShieldedPool::transfer(
		RuntimeOrigin::none(),
		BoundedVec::truncate_from(transfer.inputs.clone()),
		BoundedVec::truncate_from(transfer.outputs.clone()),
		transfer.range_proof.clone(),
		transfer.fee,
		transfer.stamp,
	)
}

/// Dispatches `transfer`, restamped.
fn submit(transfer: &Transfer) -> DispatchResult {
	dispatch(&restamped(transfer))
}

fn unshield_call_as_is(unshield: &Unshield, dest: u64) -> Call<Test> {
	Call::unshield {
		input: unshield.input.clone(),
		amount: unshield.amount,
		fee: unshield.fee,
		dest,
		stamp: unshield.stamp,
	}
}

fn unshield_call(unshield: &Unshield, dest: u64) -> Call<Test> {
	unshield_call_as_is(&restamped_unshield(unshield, dest), dest)
}

fn dispatch_unshield(unshield: &Unshield, dest: u64) -> DispatchResult {
	ShieldedPool::unshield(
		RuntimeOrigin::none(),
		unshield.input.clone(),
		unshield.amount,
		unshield.fee,
		dest,
		unshield.stamp,
	)
}

/// Dispatches `unshield` to `dest`, restamped.
fn submit_unshield(unshield: &Unshield, dest: u64) -> DispatchResult {
	dispatch_unshield(&restamped_unshield(unshield, dest), dest)
}

/// Alice's transfer of `paid` to `to`, with her change back to her and the least fee.
fn pay(alice: &Household, to: &PublicAddress, paid: Amount, rng: &mut ChaCha20Rng) -> Transfer {
	let spends = alice.unspent();
	let total: Amount = spends.iter().map(|spend| spend.owned.amount).sum();
	let fee = transfer_fee(spends.len() as u32, 2, 11);
	let payments = [
		Payment { to: *to, amount: paid },
		Payment { to: alice.address(), amount: total - paid - fee },
	];
	build(&spends, 11, &payments, fee, rng)
}

/// `ring` changed by `change`, for refusals of rings a wallet would not build.
fn changed(ring: &RingIndices, change: impl FnOnce(&mut Vec<u64>)) -> RingIndices {
	let mut members = ring.to_vec();
	change(&mut members);
	RingIndices::truncate_from(members)
}

fn validate(call: &Call<Test>) -> sp_runtime::transaction_validity::TransactionValidity {
	ShieldedPool::validate_unsigned(TransactionSource::External, call)
}

fn fee_collected() -> u128 {
	Balances::balance(&FEE_COLLECTOR)
}

#[test]
fn the_fee_rule_is_the_mocks_constants() {
	run(|| {
		assert_eq!(ShieldedPool::required_transfer_fee(1, 2, 11), PAY_FEE);
		assert_eq!(PAY_FEE, 34);
		assert_eq!(ShieldedPool::required_unshield_fee(11), UNSHIELD_FEE);
		assert_eq!(ShieldedPool::required_transfer_fee(4, 16, 64), 10 + 4 * 3 + 16 * 5 + 64);
		assert_eq!(ShieldedPool::required_shield_fee(), FEE_PER_OUTPUT);
	});
}

// --- Shield ---

#[test]
fn shield_moves_public_money_into_a_note() {
	run(|| {
		let mut rng = deterministic_rng(1);
		let alice = Household::new(&mut rng);
		assert_ok!(shield(ALICE, &alice.address(), 40_000, &mut rng));

		// The first shield also pays the pool account's existential deposit; every shield pays
		// for its note's room.
		assert_eq!(
			Balances::balance(&ALICE),
			START - 40_000 - EXISTENTIAL_DEPOSIT - FEE_PER_OUTPUT as u128
		);
		assert_eq!(Balances::balance(&ShieldedPool::account_id()), 40_000 + EXISTENTIAL_DEPOSIT);
		assert_eq!(fee_collected(), EXISTENTIAL_DEPOSIT + FEE_PER_OUTPUT as u128);
		assert_eq!(PoolTotal::<Test>::get(), 40_000);
		assert_eq!(NoteCount::<Test>::get(), 1);
		System::assert_has_event(
			Event::PoolOpened { who: ALICE, deposit: EXISTENTIAL_DEPOSIT }.into(),
		);
		System::assert_last_event(
			Event::Shielded { who: ALICE, amount: 40_000, note_index: 0, fee: FEE_PER_OUTPUT }
				.into(),
		);
		// Its amount is public, and its address taken.
		assert!(PublicNotes::<Test>::contains_key(0));
		let note = Notes::<Test>::get(0).unwrap();
		assert_eq!(NoteAddresses::<Test>::get(note.address), Some(0));

		// Alice finds the note and can open it.
		let found = alice.unspent();
		assert_eq!(found.len(), 1);
		assert_eq!(found[0].owned.amount, 40_000);
		assert_eq!(found[0].note, note);
	});
}

#[test]
fn only_the_first_shield_pays_the_pools_deposit() {
	run(|| {
		let mut rng = deterministic_rng(2);
		let bob = Household::new(&mut rng);
		assert_ok!(shield(ALICE, &bob.address(), 100, &mut rng));
		assert_ok!(shield(BOB, &bob.address(), 200, &mut rng));
		assert_eq!(Balances::balance(&BOB), START - 200 - FEE_PER_OUTPUT as u128);
		assert_eq!(PoolTotal::<Test>::get(), 300);
		System::assert_last_event(
			Event::Shielded { who: BOB, amount: 200, note_index: 1, fee: FEE_PER_OUTPUT }.into(),
		);
		// Alice paid Bob's address: Bob finds both notes.
		let amounts: Vec<Amount> = bob.unspent().iter().map(|note| note.owned.amount).collect();
		assert_eq!(amounts, vec![100, 200]);
	});
}

#[test]
fn shield_refuses_more_than_the_caller_can_spare() {
	run(|| {
		let mut rng = deterministic_rng(3);
		let to = AccountKeys::random(&mut rng).public_address();
		// Alice keeps her existential deposit, pays the pool's and the note's fee.
		let most = (START - 2 * EXISTENTIAL_DEPOSIT) as Amount - FEE_PER_OUTPUT;
		assert_noop!(shield(ALICE, &to, most + 1, &mut rng), Error::<Test>::InsufficientFunds);
		assert_noop!(shield(EMPTY, &to, 1, &mut rng), Error::<Test>::InsufficientFunds);
		assert_ok!(shield(ALICE, &to, most, &mut rng));
		assert_eq!(Balances::balance(&ALICE), EXISTENTIAL_DEPOSIT);
	});
}

#[test]
fn shield_refuses_a_commitment_that_does_not_open_to_the_amount() {
	run(|| {
		let mut rng = deterministic_rng(4);
		let to = AccountKeys::random(&mut rng).public_address();
		let Shield { note, blinding, range_proof } = build_shield(&to, 500, &mut rng).unwrap();
		let shield_with = |amount: Amount, note: Note, blinding: [u8; 32]| {
			ShieldedPool::shield(
				RuntimeOrigin::signed(ALICE),
				amount,
				note,
				blinding,
				range_proof.clone(),
			)
		};
		assert_noop!(shield_with(501, note, blinding), Error::<Test>::CommitmentMismatch);
		assert_noop!(shield_with(500, note, [7; 32]), Error::<Test>::CommitmentMismatch);
		assert_noop!(shield_with(500, note, GROUP_ORDER), Error::<Test>::NonCanonicalBlinding);
		assert_noop!(shield_with(0, note, blinding), Error::<Test>::ZeroAmount);
		let bad = Note { address: OneTimeAddress(NOT_A_POINT), ..note };
		assert_noop!(shield_with(500, bad, blinding), Error::<Test>::InvalidNote);
		assert_ok!(shield_with(500, note, blinding));
	});
}

#[test]
fn shield_refuses_a_bad_range_proof() {
	run(|| {
		let mut rng = deterministic_rng(5);
		let to = AccountKeys::random(&mut rng).public_address();
		let first = build_shield(&to, 500, &mut rng).unwrap();
		let second = build_shield(&to, 500, &mut rng).unwrap();
		let shield_with = |range_proof: RangeProofBytes| {
			ShieldedPool::shield(
				RuntimeOrigin::signed(ALICE),
				500,
				first.note,
				first.blinding,
				range_proof,
			)
		};
		// Another note's proof.
		assert_noop!(shield_with(second.range_proof.clone()), Error::<Test>::InvalidRangeProof);
		// A proof cut short.
		let short = RangeProofBytes::truncate_from(first.range_proof[..32 * 9].to_vec());
		assert_noop!(shield_with(short), Error::<Test>::MalformedRangeProof);
		assert_noop!(shield_with(RangeProofBytes::default()), Error::<Test>::MalformedRangeProof);
	});
}

#[test]
fn shield_needs_a_signed_origin() {
	run(|| {
		let mut rng = deterministic_rng(6);
		let to = AccountKeys::random(&mut rng).public_address();
		let Shield { note, blinding, range_proof } = build_shield(&to, 500, &mut rng).unwrap();
		for origin in [RuntimeOrigin::none(), RuntimeOrigin::root()] {
			assert_noop!(
				ShieldedPool::shield(origin, 500, note, blinding, range_proof.clone()),
				DispatchError::BadOrigin
			);
		}
	});
}

#[test]
fn the_pool_holds_at_most_max_notes() {
	run(|| {
		let mut rng = deterministic_rng(7);
		let alice = alice_hidden(5_000, &mut rng);
		decoys(MAX_NOTES as usize - NoteCount::<Test>::get() as usize, &mut rng);
		assert_eq!(NoteCount::<Test>::get(), MAX_NOTES);
		let to = AccountKeys::random(&mut rng).public_address();
		assert_noop!(shield(ALICE, &to, 100, &mut rng), Error::<Test>::PoolFull);
		let transfer = pay(&alice, &to, 1_000, &mut rng);
		assert_noop!(submit(&transfer), Error::<Test>::PoolFull);
		// An unshield adds no note.
		let spend = &alice.unspent()[0];
		let unshield = build_unshield_to(spend, 11, UNSHIELD_FEE, BOB, &mut rng);
		assert_ok!(submit_unshield(&unshield, BOB));
	});
}

// --- A private payment, end to end ---

#[test]
fn two_households_pay_each_other_privately() {
	run(|| {
		let mut rng = deterministic_rng(10);
		let alice = alice_with(50_000, 12, &mut rng);
		// Notes 13 to 25: a shield, and twelve hidden notes a transfer made from it.
		hidden_decoys(12, &mut rng);
		let bob = Household::new(&mut rng);
		let bob_public = Balances::balance(&BOB);
		let (total, collected) = (PoolTotal::<Test>::get(), fee_collected());

		// Alice pays Bob's stealth address 30 000 and gets the rest back, less the fee.
		let transfer = pay(&alice, &bob.address(), 30_000, &mut rng);
		assert_eq!(transfer.inputs[0].ring.len(), 11);
		assert_eq!(transfer.fee, PAY_FEE);
		assert_ok!(submit(&transfer));
		assert_eq!(NoteCount::<Test>::get(), 28);
		assert_eq!(PoolTotal::<Test>::get(), total - PAY_FEE as u128);
		assert_eq!(fee_collected(), collected + PAY_FEE as u128);
		assert!(SpentKeyImages::<Test>::contains_key(transfer.inputs[0].key_image));
		System::assert_last_event(
			Event::Transferred {
				key_images: BoundedVec::truncate_from(vec![transfer.inputs[0].key_image]),
				first_note_index: 26,
				outputs: 2,
				fee: PAY_FEE,
			}
			.into(),
		);

		// Bob scans the pool, finds the note and opens its amount; Alice finds her change.
		let bobs = bob.unspent();
		assert_eq!(bobs.len(), 1);
		assert_eq!(bobs[0].owned.amount, 30_000);
		let alices = alice.unspent();
		assert_eq!(alices.len(), 1);
		assert_eq!(alices[0].owned.amount, 50_000 - 30_000 - PAY_FEE);
		// The two outputs, in an order that does not tell which is the change; both hidden.
		let mut indices = [bobs[0].index, alices[0].index];
		indices.sort();
		assert_eq!(indices, [26, 27]);
		assert!(indices.iter().all(|index| !PublicNotes::<Test>::contains_key(index)));

		// Bob unshields his note to his public account, hidden among hidden notes.
		let unshield = build_unshield_to(&bobs[0], 11, UNSHIELD_FEE, BOB, &mut rng);
		assert_eq!(unshield.amount, 30_000 - UNSHIELD_FEE);
		assert_ok!(submit_unshield(&unshield, BOB));
		assert_eq!(Balances::balance(&BOB), bob_public + (30_000 - UNSHIELD_FEE) as u128);
		assert_eq!(PoolTotal::<Test>::get(), total - PAY_FEE as u128 - 30_000);
		assert!(bob.unspent().is_empty());
		System::assert_last_event(
			Event::Unshielded {
				dest: BOB,
				amount: 30_000 - UNSHIELD_FEE,
				fee: UNSHIELD_FEE,
				key_image: unshield.input.key_image,
			}
			.into(),
		);

		// Alice's change goes to a new account just as well, with a ring of 14.
		let change = &alice.unspent()[0];
		let fee = ShieldedPool::required_unshield_fee(14);
		let to_new = build_unshield_to(change, 14, fee, EMPTY, &mut rng);
		assert_eq!(to_new.input.ring.len(), 14);
		assert_ok!(submit_unshield(&to_new, EMPTY));
		assert_eq!(Balances::balance(&EMPTY), (50_000 - 30_000 - PAY_FEE - fee) as u128);
	});
}

#[test]
fn a_transfer_spends_several_notes_into_many_outputs() {
	run(|| {
		let mut rng = deterministic_rng(11);
		let alice = Household::new(&mut rng);
		for amount in [1_000, 2_000, 3_000, 4_000] {
			assert_ok!(shield(ALICE, &alice.address(), amount, &mut rng));
		}
		decoys(12, &mut rng);
		let fee = transfer_fee(4, 16, 16);
		let friends: Vec<Household> = (0..16).map(|_| Household::new(&mut rng)).collect();
		let payments: Vec<Payment> = friends
			.iter()
			.enumerate()
			.map(|(i, friend)| Payment {
				to: friend.address(),
				amount: if i == 15 { 10_000 - 15 * 600 - fee } else { 600 },
			})
			.collect();
		let transfer = build(&alice.unspent(), 16, &payments, fee, &mut rng);
		assert_ok!(validate(&transfer_call(&transfer)));
		assert_ok!(submit(&transfer));
		for (friend, payment) in friends.iter().zip(&payments) {
			let found = friend.unspent();
			assert_eq!(found.len(), 1);
			assert_eq!(found[0].owned.amount, payment.amount);
		}
		assert!(alice.unspent().is_empty());
		assert_eq!(PoolTotal::<Test>::get(), (10_000 + 12 * 1_000 - fee) as u128);
	});
}

// --- Fees by shape ---

#[test]
fn a_transfer_into_sixteen_empty_notes_pays_for_every_note() {
	// The attack: one note spent into sixteen notes of nothing, for the flat least fee, fills
	// the pool for good at a sixteenth of a fee per note.
	run(|| {
		let mut rng = deterministic_rng(60);
		let attacker = alice_with(1_000, 12, &mut rng);
		let spends = attacker.unspent();
		let sixteen = |fee: Amount, rng: &mut ChaCha20Rng| {
			let mut payments: Vec<Payment> = (0..16)
				.map(|_| Payment { to: AccountKeys::random(rng).public_address(), amount: 0 })
				.collect();
			payments[0].amount = 1_000 - fee;
			build(&spends, 11, &payments, fee, rng)
		};
		let flat = sixteen(MIN_FEE, &mut rng);
		assert_noop!(submit(&flat), Error::<Test>::FeeTooLow);
		assert_eq!(
			validate(&transfer_call(&flat)),
			Err(InvalidTransaction::Custom(error_code(Error::<Test>::FeeTooLow)).into())
		);
		let required = transfer_fee(1, 16, 11);
		assert_eq!(required, MIN_FEE + FEE_PER_INPUT + 16 * FEE_PER_OUTPUT + 11);
		assert_noop!(submit(&sixteen(required - 1, &mut rng)), Error::<Test>::FeeTooLow);
		let collected = fee_collected();
		assert_ok!(submit(&sixteen(required, &mut rng)));
		assert_eq!(fee_collected(), collected + required as u128);
		assert_eq!(NoteCount::<Test>::get(), 13 + 16);
	});
}

#[test]
fn the_required_fee_counts_inputs_outputs_and_every_ring_member() {
	run(|| {
		let mut rng = deterministic_rng(61);
		let alice = Household::new(&mut rng);
		for amount in [5_000, 6_000] {
			assert_ok!(shield(ALICE, &alice.address(), amount, &mut rng));
		}
		decoys(14, &mut rng);
		let to = AccountKeys::random(&mut rng).public_address();
		// Two inputs with rings of 16 into three outputs: both rings count.
		let required = transfer_fee(2, 3, 16);
		assert_eq!(required, MIN_FEE + 2 * FEE_PER_INPUT + 3 * FEE_PER_OUTPUT + 32);
		let with_fee = |fee: Amount, rng: &mut ChaCha20Rng| {
			let payments = [
				Payment { to, amount: 1_000 },
				Payment { to, amount: 2_000 },
				Payment { to: alice.address(), amount: 11_000 - 3_000 - fee },
			];
			build(&alice.unspent(), 16, &payments, fee, rng)
		};
		// What one ring of 16 alone would ask is not enough.
		let one_ring = with_fee(ShieldedPool::required_transfer_fee(2, 3, 16), &mut rng);
		assert_noop!(submit(&one_ring), Error::<Test>::FeeTooLow);
		assert_noop!(submit(&with_fee(required - 1, &mut rng)), Error::<Test>::FeeTooLow);
		// Paying more than required is accepted (it raises the priority).
		assert_ok!(submit(&with_fee(required + 7, &mut rng)));
	});
}

#[test]
fn an_unshield_pays_for_its_input_and_its_ring() {
	run(|| {
		let mut rng = deterministic_rng(62);
		let alice = alice_hidden(5_000, &mut rng);
		let spend = &alice.unspent()[0];
		// The old flat least fee is no longer enough.
		let flat = build_unshield_to(spend, 11, MIN_FEE, BOB, &mut rng);
		assert_noop!(submit_unshield(&flat, BOB), Error::<Test>::FeeTooLow);
		let short = build_unshield_to(spend, 11, UNSHIELD_FEE - 1, BOB, &mut rng);
		assert_noop!(submit_unshield(&short, BOB), Error::<Test>::FeeTooLow);
		// A ring of 12 costs one member more.
		let twelve = build_unshield_to(spend, 12, UNSHIELD_FEE, BOB, &mut rng);
		assert_noop!(submit_unshield(&twelve, BOB), Error::<Test>::FeeTooLow);
		let collected = fee_collected();
		let exact = build_unshield_to(spend, 11, UNSHIELD_FEE, BOB, &mut rng);
		assert_ok!(submit_unshield(&exact, BOB));
		assert_eq!(fee_collected(), collected + UNSHIELD_FEE as u128);
	});
}

#[test]
fn shields_pay_for_the_room_of_their_notes() {
	// The attack: shields of the least amount fill the pool for their transaction fee alone.
	run(|| {
		let mut rng = deterministic_rng(63);
		let to = AccountKeys::random(&mut rng).public_address();
		assert_ok!(shield(ALICE, &to, 1, &mut rng));
		let (alice, collected) = (Balances::balance(&ALICE), fee_collected());
		for _ in 0..5 {
			assert_ok!(shield(ALICE, &to_stranger(&mut rng), 1, &mut rng));
		}
		assert_eq!(Balances::balance(&ALICE), alice - 5 * (1 + FEE_PER_OUTPUT as u128));
		assert_eq!(fee_collected(), collected + 5 * FEE_PER_OUTPUT as u128);
		// Who cannot pay the fee cannot shield, however small the amount.
		let poor = 0x9009;
		<Balances as frame_support::traits::fungible::Mutate<u64>>::set_balance(
			&poor,
			EXISTENTIAL_DEPOSIT + FEE_PER_OUTPUT as u128,
		);
		assert_noop!(
			shield(poor, &to_stranger(&mut rng), 1, &mut rng),
			Error::<Test>::InsufficientFunds
		);
	});
}

fn to_stranger(rng: &mut ChaCha20Rng) -> PublicAddress {
	AccountKeys::random(rng).public_address()
}

// --- Rings ---

#[test]
fn a_spend_in_a_pool_smaller_than_the_least_ring_waits_for_more_notes() {
	// The attack: while the pool is small, rings of the whole pool (one note, then two) show
	// which note is spent.
	run(|| {
		let mut rng = deterministic_rng(12);
		let alice = alice_with(5_000, 0, &mut rng);
		let bob = Household::new(&mut rng);
		let alone = build(
			&alice.unspent(),
			11,
			&[Payment { to: bob.address(), amount: 5_000 - transfer_fee(1, 1, 1) }],
			transfer_fee(1, 1, 1),
			&mut rng,
		);
		assert_eq!(alone.inputs[0].ring.len(), 1);
		assert_noop!(submit(&alone), Error::<Test>::RingTooSmall);
		assert_eq!(
			validate(&transfer_call(&alone)),
			Err(InvalidTransaction::Custom(error_code(Error::<Test>::RingTooSmall)).into())
		);
		decoys(1, &mut rng);
		let pair = pay(&alice, &bob.address(), 1_000, &mut rng);
		assert_eq!(pair.inputs[0].ring.len(), 2);
		assert_noop!(submit(&pair), Error::<Test>::RingTooSmall);
		// With MinRingSize notes in the pool, the spend goes through.
		decoys(MIN_RING_SIZE as usize - 2, &mut rng);
		let fee = transfer_fee(1, 2, MIN_RING_SIZE);
		let spends = alice.unspent();
		let payments = [
			Payment { to: bob.address(), amount: 1_000 },
			Payment { to: alice.address(), amount: 4_000 - fee },
		];
		let full = build(&spends, MIN_RING_SIZE as usize, &payments, fee, &mut rng);
		assert_eq!(full.inputs[0].ring.len() as u32, MIN_RING_SIZE);
		assert_ok!(submit(&full));
	});
}

// --- What a private transfer reveals ---

/// Every storage entry.
fn storage() -> BTreeMap<Vec<u8>, Vec<u8>> {
	let mut entries = BTreeMap::new();
	let mut key = Vec::new();
	while let Some(next) = sp_io::storage::next_key(&key) {
		entries.insert(next.clone(), sp_io::storage::get(&next).unwrap().to_vec());
		key = next;
	}
	entries
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
	haystack.windows(needle.len()).any(|window| window == needle)
}

#[test]
fn a_private_transfer_writes_no_account_key_or_amount() {
	run(|| {
		let mut rng = deterministic_rng(13);
		let alice = alice_with(50_000, 12, &mut rng);
		let bob = Household::new(&mut rng);
		let transfer = pay(&alice, &bob.address(), 30_000, &mut rng);
		let change: Amount = 50_000 - 30_000 - PAY_FEE;

		let before = storage();
		System::reset_events();
		assert_ok!(submit(&transfer));
		let after = storage();

		let secrets: Vec<(&str, Vec<u8>)> = vec![
			("Alice's account", ALICE.encode()),
			("Bob's account", BOB.encode()),
			("Alice's view key", alice.address().view.to_vec()),
			("Alice's spend key", alice.address().spend.to_vec()),
			("Bob's view key", bob.address().view.to_vec()),
			("Bob's spend key", bob.address().spend.to_vec()),
			("the amount paid", 30_000u64.encode()),
			("the change", change.encode()),
			("the amount spent", 50_000u64.encode()),
		];
		let written: Vec<(&Vec<u8>, &Vec<u8>)> =
			after.iter().filter(|(key, value)| before.get(*key) != Some(*value)).collect();
		assert!(written.len() >= 5, "notes, key image, count, total and events are written");
		for (key, value) in written {
			for (what, bytes) in &secrets {
				assert!(!contains(key, bytes), "a storage key contains {what}");
				assert!(!contains(value, bytes), "a storage value contains {what}");
			}
		}
		let events = System::events();
		assert!(!events.is_empty());
		for record in events {
			let encoded = record.event.encode();
			for (what, bytes) in &secrets {
				assert!(!contains(&encoded, bytes), "an event contains {what}: {:?}", record.event);
			}
		}
		// Nor does the transaction itself.
		let call = transfer_call(&transfer).encode();
		for (what, bytes) in &secrets {
			assert!(!contains(&call, bytes), "the transaction contains {what}");
		}
	});
}

// --- Refused transfers ---

/// Alice's payment of 30 000 to Bob, in a pool with 12 decoys, not submitted yet.
fn prepared(seed: u64) -> (Household, Household, Transfer, ChaCha20Rng) {
	let mut rng = deterministic_rng(seed);
	let alice = alice_with(50_000, 12, &mut rng);
	let bob = Household::new(&mut rng);
	let transfer = pay(&alice, &bob.address(), 30_000, &mut rng);
	(alice, bob, transfer, rng)
}

#[test]
fn forged_signatures_are_refused() {
	run(|| {
		let (_, _, transfer, _) = prepared(20);
		let forged = |change: &dyn Fn(&mut ClsagSignature)| {
			let mut forged = transfer.clone();
			change(&mut forged.inputs[0].signature);
			submit(&forged)
		};
		assert_noop!(forged(&|s| s.c1[0] ^= 1), Error::<Test>::InvalidSignature);
		assert_noop!(forged(&|s| s.s[3][0] ^= 1), Error::<Test>::InvalidSignature);
		assert_noop!(forged(&|s| s.d = commit(1, &Scalar::ONE).0), Error::<Test>::InvalidSignature);
		assert_noop!(forged(&|s| s.c1 = GROUP_ORDER), Error::<Test>::MalformedSignature);
		assert_noop!(forged(&|s| s.d = NOT_A_POINT), Error::<Test>::MalformedSignature);
		assert_noop!(
			forged(&|s| {
				s.s.pop();
			}),
			Error::<Test>::MalformedSignature
		);
		assert_ok!(submit(&transfer));
	});
}

#[test]
fn a_signature_covers_every_part_of_the_transfer() {
	run(|| {
		let (_, bob, transfer, mut rng) = prepared(21);
		// Another recipient for the same commitment: the memo or address changes.
		let mut redirected = transfer.clone();
		let thief = AccountKeys::random(&mut rng).public_address();
		let (stolen, _) = create_note(&thief, &TxSecret::random(&mut rng), 0, 30_000).unwrap();
		redirected.outputs[0].address = stolen.address;
		assert_noop!(submit(&redirected), Error::<Test>::InvalidSignature);
		let mut memo = transfer.clone();
		memo.outputs[0].memo.0[0] ^= 1;
		assert_noop!(submit(&memo), Error::<Test>::InvalidSignature);
		// Another ring that still holds the spent note.
		let mut ring = transfer.clone();
		ring.inputs[0].ring = changed(&transfer.inputs[0].ring, |members| {
			let unused = (0..NoteCount::<Test>::get()).find(|i| !members.contains(i)).unwrap();
			let position = members.iter().position(|&i| i != 0).unwrap();
			members[position] = unused;
			members.sort();
		});
		assert_noop!(submit(&ring), Error::<Test>::InvalidSignature);
		// Bob's note is still to come.
		assert!(bob.unspent().is_empty());
		assert_ok!(submit(&transfer));
		assert_eq!(bob.unspent().len(), 1);
	});
}

#[test]
fn a_transfer_signed_for_another_chain_is_refused() {
	run(|| {
		let mut rng = deterministic_rng(22);
		let alice = alice_with(50_000, 12, &mut rng);
		let to = AccountKeys::random(&mut rng).public_address();
		let spends = alice.unspent();
		let payments = [
			Payment { to, amount: 30_000 },
			Payment { to: alice.address(), amount: 20_000 - PAY_FEE },
		];
		let other_chain = build_transfer(
			&[1; 32],
			&spends,
			&pool_notes(),
			11,
			&payments,
			PAY_FEE,
			STAMP_BITS,
			&mut rng,
		)
		.unwrap();
		assert_noop!(submit(&other_chain), Error::<Test>::InvalidSignature);
	});
}

/// A pool holding the same notes as the money pool (the energy pool's notes are its own, but a
/// wallet could be tricked into making them alike): a money spend, restamped for the other pool,
/// does not verify there, since each pool's spends sign its `PalletId`.
#[test]
fn a_spend_of_one_pool_is_refused_by_another() {
	run(|| {
		let mut rng = deterministic_rng(40);
		let alice = alice_with(50_000, 12, &mut rng);
		for (index, note) in pool_notes() {
			Notes::<Test, Instance2>::insert(index, note);
			NoteAddresses::<Test, Instance2>::insert(note.address, index);
		}
		NoteCount::<Test, Instance2>::put(NoteCount::<Test>::get());
		PoolTotal::<Test, Instance2>::put(PoolTotal::<Test>::get());
		let _ = Balances::mint_into(
			&OtherPool::account_id(),
			PoolTotal::<Test>::get() + EXISTENTIAL_DEPOSIT,
		);
		let to = AccountKeys::random(&mut rng).public_address();
		let payments = [
			Payment { to, amount: 30_000 },
			Payment { to: alice.address(), amount: 20_000 - PAY_FEE },
		];
		let transfer = build(&alice.unspent(), 11, &payments, PAY_FEE, &mut rng);
		let stamp =
			find_stamp(&message_in(&OtherPool::spend_domain(), &transfer), STAMP_BITS).unwrap();
		assert_noop!(
			OtherPool::transfer(
				RuntimeOrigin::none(),
				BoundedVec::truncate_from(transfer.inputs.clone()),
				BoundedVec::truncate_from(transfer.outputs.clone()),
				transfer.range_proof.clone(),
				transfer.fee,
				stamp,
			),
			Error::<Test, Instance2>::InvalidSignature
		);
		assert_ok!(submit(&transfer));
	});
}

#[test]
fn a_spent_note_cannot_be_spent_again() {
	run(|| {
		let (alice, _, transfer, mut rng) = prepared(23);
		let spent = alice.unspent();
		assert_ok!(submit(&transfer));
		// The same transaction again.
		assert_noop!(submit(&transfer), Error::<Test>::KeyImageSpent);

		// A new transaction from the same note, in a later block, with another ring.
		System::set_block_number(2);
		let to = AccountKeys::random(&mut rng).public_address();
		let fee = transfer_fee(1, 1, 15);
		let again = build(&spent, 16, &[Payment { to, amount: 50_000 - fee }], fee, &mut rng);
		assert_eq!(again.inputs[0].ring.len(), 15);
		assert_ne!(again.inputs[0].ring, transfer.inputs[0].ring);
		assert_eq!(again.inputs[0].key_image, transfer.inputs[0].key_image);
		assert_noop!(submit(&again), Error::<Test>::KeyImageSpent);
		assert_eq!(
			validate(&transfer_call(&again)),
			Err(InvalidTransaction::Custom(error_code(Error::<Test>::KeyImageSpent)).into())
		);
		// Nor can a spent hidden note be unshielded.
		hidden_decoys(12, &mut rng);
		let change = alice.unspent().remove(0);
		let unshield = build_unshield_to(&change, 11, UNSHIELD_FEE, ALICE, &mut rng);
		assert_ok!(submit_unshield(&unshield, ALICE));
		let again = build_unshield_to(&change, 11, UNSHIELD_FEE, ALICE, &mut rng);
		assert_noop!(submit_unshield(&again, ALICE), Error::<Test>::KeyImageSpent);
	});
}

#[test]
fn one_note_cannot_be_spent_twice_in_one_transfer() {
	run(|| {
		let mut rng = deterministic_rng(24);
		let alice = alice_with(50_000, 12, &mut rng);
		let spend = alice.unspent().remove(0);
		// The note spent as two inputs pays 100 000.
		let to = AccountKeys::random(&mut rng).public_address();
		let fee = transfer_fee(2, 1, 11);
		let twice = build(
			&[spend.clone(), spend],
			11,
			&[Payment { to, amount: 100_000 - fee }],
			fee,
			&mut rng,
		);
		assert_noop!(submit(&twice), Error::<Test>::DuplicateKeyImage);
	});
}

#[test]
fn unbalanced_transfers_are_refused() {
	run(|| {
		let (_, _, transfer, _) = prepared(25);
		// Another fee than the commitments were made for.
		let mut other_fee = transfer.clone();
		other_fee.fee = PAY_FEE + 1;
		assert_noop!(submit(&other_fee), Error::<Test>::Unbalanced);
		// A pseudo-output for a larger amount.
		let mut inflated = transfer.clone();
		inflated.inputs[0].pseudo_output = commit(60_000, &Scalar::ONE);
		assert_noop!(submit(&inflated), Error::<Test>::Unbalanced);
		// An output dropped: the range proof no longer fits, then the balance.
		let mut dropped = transfer.clone();
		dropped.outputs.pop();
		assert_noop!(submit(&dropped), Error::<Test>::MalformedRangeProof);
		assert_noop!(
			{
				let mut low = transfer.clone();
				low.fee = PAY_FEE - 1;
				submit(&low)
			},
			Error::<Test>::FeeTooLow
		);
	});
}

#[test]
fn an_inflating_spend_balances_and_is_range_proven_but_its_signature_is_refused() {
	run(|| {
		let (alice, _, honest, mut rng) = prepared(26);
		// Alice claims her 50 000 note holds 60 000: one output of 60 000 less the fee, whose
		// blinding the pseudo-output takes, so the commitments balance and the range proof holds.
		let fee = transfer_fee(1, 1, 11);
		let to = AccountKeys::random(&mut rng).public_address();
		let (note, blinding) =
			create_note(&to, &TxSecret::random(&mut rng), 0, 60_000 - fee).unwrap();
		let (range_proof, _) = prove_range(&[60_000 - fee], &[blinding], &mut rng).unwrap();
		let mut input = honest.inputs[0].clone();
		input.pseudo_output = commit(60_000, &blinding);
		let inflating =
			Transfer { inputs: vec![input], outputs: vec![note], range_proof, fee, stamp: 0 };
		assert_noop!(submit(&inflating), Error::<Test>::InvalidSignature);
		// Nor can she sign for it: the commitments differ by more than a blinding.
		let mut lie = alice.unspent();
		lie[0].owned.amount = 60_000;
		let payments = [Payment { to, amount: 60_000 - fee }];
		assert_eq!(
			build_transfer(
				&domain(),
				&lie,
				&pool_notes(),
				11,
				&payments,
				fee,
				STAMP_BITS,
				&mut rng
			)
			.err(),
			Some(energy_privacy::Error::KeyMismatch)
		);
	});
}

#[test]
fn bad_range_proofs_and_outputs_are_refused() {
	run(|| {
		let (alice, _, transfer, mut rng) = prepared(27);
		// The range proof of another transfer with as many outputs.
		let other = pay(&alice, &AccountKeys::random(&mut rng).public_address(), 1, &mut rng);
		let mut swapped = transfer.clone();
		swapped.range_proof = other.range_proof;
		assert_noop!(submit(&swapped), Error::<Test>::InvalidRangeProof);
		let mut truncated = transfer.clone();
		truncated.range_proof = RangeProofBytes::truncate_from(vec![0; 32]);
		assert_noop!(submit(&truncated), Error::<Test>::MalformedRangeProof);
		let mut not_a_point = transfer.clone();
		not_a_point.outputs[1].tx_public_key.0 = NOT_A_POINT;
		assert_noop!(submit(&not_a_point), Error::<Test>::InvalidNote);
		let mut none = transfer.clone();
		none.outputs.clear();
		assert_noop!(submit(&none), Error::<Test>::NoOutputs);
		let mut nothing_spent = transfer.clone();
		nothing_spent.inputs.clear();
		assert_noop!(submit(&nothing_spent), Error::<Test>::NoInputs);
	});
}

#[test]
fn malformed_rings_and_key_images_are_refused() {
	run(|| {
		let (_, _, transfer, _) = prepared(28);
		let with = |change: &dyn Fn(&mut TransferInput)| {
			let mut changed = transfer.clone();
			change(&mut changed.inputs[0]);
			submit(&changed)
		};
		assert_noop!(
			with(&|input| input.ring = changed(&input.ring, |ring| ring.swap(0, 1))),
			Error::<Test>::RingNotSorted
		);
		assert_noop!(
			with(&|input| input.ring = changed(&input.ring, |ring| ring[1] = ring[0])),
			Error::<Test>::RingNotSorted
		);
		assert_noop!(
			with(&|input| input.ring = RingIndices::truncate_from(input.ring[..2].to_vec())),
			Error::<Test>::RingTooSmall
		);
		assert_noop!(
			with(&|input| input.ring = RingIndices::default()),
			Error::<Test>::RingTooSmall
		);
		assert_noop!(
			with(&|input| {
				input.ring = changed(&input.ring, |ring| {
					*ring.last_mut().unwrap() = NoteCount::<Test>::get()
				})
			}),
			Error::<Test>::UnknownRingMember
		);
		assert_noop!(
			with(&|input| input.key_image = KeyImage([0; 32])),
			Error::<Test>::InvalidKeyImage
		);
		assert_noop!(
			with(&|input| input.key_image = KeyImage(NOT_A_POINT)),
			Error::<Test>::InvalidKeyImage
		);
		assert_noop!(
			with(&|input| input.pseudo_output = Commitment(NOT_A_POINT)),
			Error::<Test>::InvalidPseudoOutput
		);
		// Another note's key image: the signature does not link to it.
		assert_noop!(
			with(&|input| input.key_image = key_image(&Scalar::from(7u64))),
			Error::<Test>::InvalidSignature
		);
	});
}

#[test]
fn transfers_are_unsigned() {
	run(|| {
		let (_, _, transfer, _) = prepared(29);
		assert_noop!(
			ShieldedPool::transfer(
				RuntimeOrigin::signed(ALICE),
				BoundedVec::truncate_from(transfer.inputs.clone()),
				BoundedVec::truncate_from(transfer.outputs.clone()),
				transfer.range_proof.clone(),
				transfer.fee,
				transfer.stamp,
			),
			DispatchError::BadOrigin
		);
	});
}

// --- One note per one-time address ---

#[test]
fn a_second_shield_to_a_taken_one_time_address_is_refused() {
	// The burning bug: two notes with one one-time address have one key image, so once either
	// is spent the other can never be. A payer who reuses its transaction secret makes them.
	run(|| {
		let mut rng = deterministic_rng(70);
		let bob = Household::new(&mut rng);
		let secret = TxSecret::random(&mut rng);
		let shield_with_secret = |amount: Amount, rng: &mut ChaCha20Rng| {
			let (note, blinding) = create_note(&bob.address(), &secret, 0, amount).unwrap();
			let (range_proof, _) = prove_range(&[amount], &[blinding], rng).unwrap();
			ShieldedPool::shield(
				RuntimeOrigin::signed(ALICE),
				amount,
				note,
				blinding.to_bytes(),
				range_proof,
			)
		};
		assert_ok!(shield_with_secret(100, &mut rng));
		assert_noop!(shield_with_secret(1_000, &mut rng), Error::<Test>::DuplicateNoteAddress);
		assert_eq!(bob.unspent().len(), 1);
	});
}

/// What Alice's note of `prepared` leaves for two outputs once the least fee is paid.
const LEFT: Amount = 50_000 - PAY_FEE;

/// A transfer of Alice's note of `prepared` into `outputs`, worth `LEFT` together.
fn transfer_of_notes(alice: &Household, outputs: &[NewNote], rng: &mut ChaCha20Rng) -> Transfer {
	build_transfer_of(
		&domain(),
		&alice.unspent(),
		&pool_notes(),
		11,
		outputs,
		PAY_FEE,
		STAMP_BITS,
		rng,
	)
	.unwrap()
}

/// A note of `amount` to `to` as output `index` of a transaction with `secret`.
fn new_note(to: &PublicAddress, secret: &TxSecret, index: u32, amount: Amount) -> NewNote {
	let (note, blinding) = create_note(to, secret, index, amount).unwrap();
	NewNote { note, amount, blinding }
}

#[test]
fn a_transfer_cannot_pay_a_one_time_address_the_pool_has() {
	run(|| {
		let (alice, bob, _, mut rng) = prepared(71);
		// Bob's shield, whose transaction secret the attacker knows (it made the shield).
		let secret = TxSecret::random(&mut rng);
		let (shielded, blinding) = create_note(&bob.address(), &secret, 0, 10).unwrap();
		let (proof, _) = prove_range(&[10], &[blinding], &mut rng).unwrap();
		assert_ok!(ShieldedPool::shield(
			RuntimeOrigin::signed(BOB),
			10,
			shielded,
			blinding.to_bytes(),
			proof
		));
		// A payment to Bob at the same one-time address.
		let outputs = [
			new_note(&bob.address(), &secret, 0, LEFT - 100),
			new_note(&to_stranger(&mut rng), &TxSecret::random(&mut rng), 0, 100),
		];
		let transfer = transfer_of_notes(&alice, &outputs, &mut rng);
		assert_eq!(transfer.outputs.iter().filter(|n| n.address == shielded.address).count(), 1);
		assert_noop!(submit(&transfer), Error::<Test>::DuplicateNoteAddress);
		assert_eq!(
			validate(&transfer_call(&transfer)),
			Err(InvalidTransaction::Custom(error_code(Error::<Test>::DuplicateNoteAddress)).into())
		);
		assert_eq!(
			ShieldedPool::pre_dispatch(&transfer_call(&transfer)),
			Err(InvalidTransaction::Custom(error_code(Error::<Test>::DuplicateNoteAddress)).into())
		);
	});
}

#[test]
fn a_transfer_cannot_pay_two_notes_to_one_one_time_address() {
	run(|| {
		let (alice, bob, _, mut rng) = prepared(72);
		let secret = TxSecret::random(&mut rng);
		let twice = [
			new_note(&bob.address(), &secret, 0, LEFT - 100),
			new_note(&bob.address(), &secret, 0, 100),
		];
		let transfer = transfer_of_notes(&alice, &twice, &mut rng);
		assert_eq!(transfer.outputs[0].address, transfer.outputs[1].address);
		assert_noop!(submit(&transfer), Error::<Test>::DuplicateNoteAddress);
		assert_eq!(
			validate(&transfer_call(&transfer)),
			Err(InvalidTransaction::Custom(error_code(Error::<Test>::DuplicateNoteAddress)).into())
		);
		// The same notes as two outputs of the transaction have two addresses, and go through.
		let numbered = [
			new_note(&bob.address(), &secret, 0, LEFT - 100),
			new_note(&bob.address(), &secret, 1, 100),
		];
		assert_ok!(submit(&transfer_of_notes(&alice, &numbered, &mut rng)));
		assert_eq!(bob.unspent().len(), 2);
	});
}

// --- Unshields ---

#[test]
fn an_unshield_cannot_hide_among_shield_notes_whose_amounts_are_public() {
	// The attack: an unshield reveals its note's amount and shields reveal theirs, so in a ring
	// of shield notes of other amounts the spent note is the one whose amount matches.
	run(|| {
		let mut rng = deterministic_rng(73);
		let alice = alice_hidden(5_000, &mut rng);
		let spend = &alice.unspent()[0];
		let among_all = build_unshield(
			&domain(),
			spend,
			&pool_notes(),
			16,
			ShieldedPool::required_unshield_fee(16),
			&BOB.encode(),
			STAMP_BITS,
			&mut rng,
		)
		.unwrap();
		assert!(among_all.input.ring.iter().any(PublicNotes::<Test>::contains_key));
		assert_noop!(submit_unshield(&among_all, BOB), Error::<Test>::PublicRingMember);
		assert_eq!(
			validate(&unshield_call(&among_all, BOB)),
			Err(InvalidTransaction::Custom(error_code(Error::<Test>::PublicRingMember)).into())
		);
		// A shield note itself cannot be unshielded: its amount names it in any ring.
		let shielded = alice_with(3_000 + UNSHIELD_FEE, 0, &mut rng);
		let public_note = &shielded.unspent()[0];
		let mut decoys = hidden_notes();
		decoys.push((public_note.index, public_note.note));
		let direct = build_unshield(
			&domain(),
			public_note,
			&decoys,
			11,
			UNSHIELD_FEE,
			&BOB.encode(),
			STAMP_BITS,
			&mut rng,
		)
		.unwrap();
		assert_noop!(submit_unshield(&direct, BOB), Error::<Test>::PublicRingMember);
		// Among hidden notes only, it goes through.
		let hidden = build_unshield_to(spend, 11, UNSHIELD_FEE, BOB, &mut rng);
		assert_ok!(submit_unshield(&hidden, BOB));
	});
}

#[test]
fn an_unshield_cannot_be_redirected_or_resplit() {
	run(|| {
		let mut rng = deterministic_rng(30);
		let alice = alice_hidden(50_000, &mut rng);
		let spend = &alice.unspent()[0];
		let unshield = build_unshield_to(spend, 11, UNSHIELD_FEE, ALICE, &mut rng);
		// To someone else.
		assert_noop!(submit_unshield(&unshield, BOB), Error::<Test>::InvalidSignature);
		// More to the payee, less fee; or more in all than the note holds.
		let mut resplit = unshield.clone();
		resplit.amount += 1;
		resplit.fee -= 1;
		assert_noop!(submit_unshield(&resplit, ALICE), Error::<Test>::FeeTooLow);
		let mut more = unshield.clone();
		more.amount += 1;
		assert_noop!(submit_unshield(&more, ALICE), Error::<Test>::InvalidSignature);
		let mut higher_fee = unshield.clone();
		higher_fee.amount -= 5;
		higher_fee.fee += 5;
		assert_noop!(submit_unshield(&higher_fee, ALICE), Error::<Test>::InvalidSignature);
		// A forged signature, an unsorted ring.
		let mut forged = unshield.clone();
		forged.input.signature.s[0][1] ^= 1;
		assert_noop!(submit_unshield(&forged, ALICE), Error::<Test>::InvalidSignature);
		let mut unsorted = unshield.clone();
		unsorted.input.ring = changed(&unshield.input.ring, |ring| ring.swap(2, 3));
		assert_noop!(submit_unshield(&unsorted, ALICE), Error::<Test>::RingNotSorted);
		let mut zero = unshield.clone();
		zero.amount = 0;
		assert_noop!(submit_unshield(&zero, ALICE), Error::<Test>::ZeroAmount);
		let mut overflow = unshield.clone();
		overflow.amount = u64::MAX;
		assert_noop!(submit_unshield(&overflow, ALICE), Error::<Test>::AmountOverflow);
		assert_noop!(
			ShieldedPool::unshield(
				RuntimeOrigin::signed(ALICE),
				unshield.input.clone(),
				unshield.amount,
				unshield.fee,
				ALICE,
				unshield.stamp,
			),
			DispatchError::BadOrigin
		);
		assert_ok!(submit_unshield(&unshield, ALICE));
		assert_noop!(submit_unshield(&unshield, ALICE), Error::<Test>::KeyImageSpent);
	});
}

#[test]
fn an_unshield_to_a_new_account_pays_at_least_the_existential_deposit() {
	run(|| {
		let mut rng = deterministic_rng(31);
		let small = EXISTENTIAL_DEPOSIT as Amount - 1 + UNSHIELD_FEE;
		let alice = alice_hidden(small, &mut rng);
		let spend = &alice.unspent()[0];
		let unshield = build_unshield_to(spend, 11, UNSHIELD_FEE, EMPTY, &mut rng);
		assert_noop!(submit_unshield(&unshield, EMPTY), Error::<Test>::BelowMinimumBalance);
		assert_eq!(
			validate(&unshield_call(&unshield, EMPTY)),
			Err(InvalidTransaction::Custom(error_code(Error::<Test>::BelowMinimumBalance)).into())
		);
		// An existing account takes it.
		let unshield = build_unshield_to(spend, 11, UNSHIELD_FEE, BOB, &mut rng);
		assert_ok!(submit_unshield(&unshield, BOB));
	});
}

// --- Proof-of-work stamps ---

#[test]
fn a_transaction_without_its_proof_of_work_is_refused_before_any_verification() {
	// The attack: garbage with a fresh key image makes every node verify range proofs and ring
	// signatures (milliseconds) for free. Without the stamp's work, one hash refuses it.
	run(|| {
		let (_, _, transfer, _) = prepared(80);
		let refused = |call: &Call<Test>| {
			let code = InvalidTransaction::Custom(error_code(Error::<Test>::InsufficientStamp));
			assert_eq!(validate(call), Err(code.into()));
			assert_eq!(ShieldedPool::pre_dispatch(call), Err(code.into()));
		};
		// Garbage: a forged signature, a pseudo-output that is no point.
		let mut garbage = transfer.clone();
		garbage.inputs[0].signature.c1[0] ^= 1;
		garbage.inputs[0].pseudo_output = Commitment(NOT_A_POINT);
		garbage.stamp = bad_stamp(&message_of(&garbage));
		refused(&transfer_call_as_is(&garbage));
		assert_noop!(dispatch(&garbage), Error::<Test>::InsufficientStamp);
		// With the work done, the garbage gets as far as the curve, and no further.
		assert_noop!(submit(&garbage), Error::<Test>::InvalidPseudoOutput);
		// An honest transfer without its stamp.
		let mut unstamped = transfer.clone();
		unstamped.stamp = bad_stamp(&message_of(&transfer));
		refused(&transfer_call_as_is(&unstamped));
		assert_noop!(dispatch(&unstamped), Error::<Test>::InsufficientStamp);
		// Nothing took any of the block's share.
		assert_eq!(BlockPrivateWeight::<Test>::get(), Weight::zero());
		assert_ok!(dispatch(&transfer));
	});
}

#[test]
fn a_builders_stamp_is_accepted_as_it_is() {
	run(|| {
		let (alice, _, transfer, mut rng) = prepared(81);
		assert!(check_stamp(&message_of(&transfer), transfer.stamp, STAMP_BITS));
		// The builder finds the smallest stamp, as `restamped` does.
		assert_eq!(restamped(&transfer).stamp, transfer.stamp);
		assert_ok!(validate(&transfer_call_as_is(&transfer)));
		assert_ok!(dispatch(&transfer));
		// Alice's change, a hidden note, unshielded with the builder's stamp.
		hidden_decoys(12, &mut rng);
		let spend = &alice.unspent()[0];
		let unshield = build_unshield_to(spend, 11, UNSHIELD_FEE, ALICE, &mut rng);
		assert_ok!(validate(&unshield_call_as_is(&unshield, ALICE)));
		assert_ok!(dispatch_unshield(&unshield, ALICE));
	});
}

#[test]
fn a_stamp_found_for_one_transaction_is_refused_for_another() {
	run(|| {
		let mut rng = deterministic_rng(82);
		let alice = alice_hidden(50_000, &mut rng);
		let spend = &alice.unspent()[0];
		let unshield = build_unshield_to(spend, 11, UNSHIELD_FEE, ALICE, &mut rng);
		// The stamp of an unshield to Alice, on the same unshield to Bob.
		let stolen = unshield_message_of(&unshield, BOB);
		assert!(!check_stamp(&stolen, unshield.stamp, STAMP_BITS));
		assert_noop!(dispatch_unshield(&unshield, BOB), Error::<Test>::InsufficientStamp);
		// The stamp of one payment on another with a higher fee.
		let to = to_stranger(&mut rng);
		let fee = transfer_fee(1, 1, 11);
		let first =
			build(&alice.unspent(), 11, &[Payment { to, amount: 50_000 - fee }], fee, &mut rng);
		let second = build(
			&alice.unspent(),
			11,
			&[Payment { to, amount: 50_000 - fee - 1 }],
			fee + 1,
			&mut rng,
		);
		let borrowed = Transfer { stamp: first.stamp, ..second.clone() };
		assert!(!check_stamp(&message_of(&borrowed), borrowed.stamp, STAMP_BITS));
		assert_noop!(dispatch(&borrowed), Error::<Test>::InsufficientStamp);
		assert_ok!(dispatch(&second));
	});
}

#[test]
fn one_stamp_cannot_carry_many_forged_signatures_into_full_verification() {
	run(|| {
		let (_, _, transfer, _) = prepared(83);
		// A forger keeps the message and its stamp and tries other signatures: each would cost
		// the node a full verification. The stamp covers the signatures, so each forgery is
		// refused at the stamp, with one hash.
		let mut forged = transfer.clone();
		forged.inputs[0].signature.c1[0] ^= 1;
		assert!(!check_stamp(&message_of(&forged), forged.stamp, STAMP_BITS));
		assert_noop!(dispatch(&forged), Error::<Test>::InsufficientStamp);
		// Stamped anew, the forgery reaches verification and fails there.
		assert_noop!(dispatch(&restamped(&forged)), Error::<Test>::InvalidSignature);
		assert_ok!(dispatch(&transfer));
	});
}

// --- The transaction pool ---

/// How many calls weighing `weight` fit in a block's time.
fn per_block(weight: Weight) -> u64 {
	block_weights().max_block.ref_time() / weight.ref_time()
}

fn block_weights() -> frame_system::limits::BlockWeights {
	<Test as frame_system::Config>::BlockWeights::get()
}

/// The priority `pallet_transaction_payment` gives a signed transaction of `call`'s weight and
/// length with `tip`.
fn signed_priority(call: &Call<Test>, tip: u128) -> TransactionPriority {
	let info = DispatchInfo {
		call_weight: call.get_dispatch_info().call_weight,
		extension_weight: Weight::zero(),
		class: DispatchClass::Normal,
		pays_fee: Pays::Yes,
	};
	pallet_transaction_payment::ChargeTransactionPayment::<Test>::get_priority(
		&info,
		call.encoded_size(),
		tip,
		0,
	)
}

#[test]
fn valid_private_transactions_are_tagged_with_their_key_images() {
	run(|| {
		let mut rng = deterministic_rng(40);
		let alice = alice_hidden(50_000, &mut rng);
		let transfer = pay(&alice, &to_stranger(&mut rng), 30_000, &mut rng);
		let call = transfer_call(&transfer);
		let expected = ValidTransaction {
			priority: per_block(call.get_dispatch_info().call_weight),
			requires: vec![],
			provides: vec![("ShieldedPool", transfer.inputs[0].key_image).encode()],
			longevity: LONGEVITY,
			propagate: true,
		};
		assert_eq!(validate(&call), Ok(expected.clone()));
		// An unshield of the same note provides the same tag: the pool keeps one of them.
		let unshield = build_unshield_to(&alice.unspent()[0], 11, UNSHIELD_FEE, ALICE, &mut rng);
		let unshield_validity = validate(&unshield_call(&unshield, ALICE)).unwrap();
		assert_eq!(unshield_validity.provides, expected.provides);
		assert_ok!(ShieldedPool::pre_dispatch(&call));
	});
}

#[test]
fn private_transactions_rank_with_signed_ones_that_pay_as_much() {
	// The attack: private transactions had a fixed priority, half the largest, above every
	// signed transaction: a flood of them starved all others.
	run(|| {
		let mut rng = deterministic_rng(41);
		let alice = alice_hidden(50_000, &mut rng);
		let to = to_stranger(&mut rng);
		let with_fee = |fee: Amount, rng: &mut ChaCha20Rng| {
			let payments = [
				Payment { to, amount: 30_000 },
				Payment { to: alice.address(), amount: 20_000 - fee },
			];
			transfer_call(&build(&alice.unspent(), 11, &payments, fee, rng))
		};
		// At the exact fee: what an untipped signed transaction of its weight gets.
		let exact = with_fee(PAY_FEE, &mut rng);
		let priority = |call: &Call<Test>| validate(call).unwrap().priority;
		assert_eq!(priority(&exact), signed_priority(&exact, 0));
		assert_eq!(priority(&exact), per_block(exact.get_dispatch_info().call_weight));
		assert!(priority(&exact) < 1_000, "far below a fixed half of the largest priority");
		// What it pays above the fee is its tip.
		let tipped = with_fee(PAY_FEE + 10, &mut rng);
		assert_eq!(priority(&tipped), signed_priority(&tipped, 10));
		assert_eq!(priority(&tipped), 11 * priority(&exact));
		// An unshield too.
		let spend = &alice.unspent()[0];
		let unshield =
			unshield_call(&build_unshield_to(spend, 11, UNSHIELD_FEE + 3, ALICE, &mut rng), ALICE);
		assert_eq!(priority(&unshield), signed_priority(&unshield, 3));
		// A heavier transaction gets less for the same tip.
		let heavy = transfer_call(&build(
			&alice.unspent(),
			11,
			&(0..8)
				.map(|i| Payment {
					to,
					amount: if i == 0 { 50_000 - transfer_fee(1, 8, 11) } else { 0 },
				})
				.collect::<Vec<_>>(),
			transfer_fee(1, 8, 11),
			&mut rng,
		));
		assert!(priority(&heavy) < priority(&exact));
		assert_eq!(ShieldedPool::priority(u64::MAX, Weight::from_parts(1, 1)), u64::MAX);
	});
}

#[test]
fn private_transactions_cannot_take_more_than_their_share_of_a_block() {
	// The attack: private transactions, however many, fill blocks and leave no room for signed
	// ones.
	run(|| {
		let (_, _, transfer, _) = prepared(42);
		let call = transfer_call(&transfer);
		let weight = call.get_dispatch_info().call_weight;
		// A tenth of the normal class's three quarters of a second.
		let share = ShieldedPool::block_share();
		let normal = block_weights().get(DispatchClass::Normal).max_total.unwrap();
		let tenth: Perbill = MaxBlockShare::get();
		assert_eq!(share, tenth * normal);
		assert_eq!(share.ref_time(), 75_000_000_000);
		let fits = share.ref_time() / weight.ref_time();
		assert!(fits >= 2);
		for admitted in 1..=fits {
			assert_ok!(ShieldedPool::pre_dispatch(&call));
			assert_eq!(BlockPrivateWeight::<Test>::get(), weight.saturating_mul(admitted));
		}
		// Past the share: valid, but not in this block.
		assert_eq!(
			ShieldedPool::pre_dispatch(&call),
			Err(InvalidTransaction::ExhaustsResources.into())
		);
		assert_eq!(BlockPrivateWeight::<Test>::get(), weight.saturating_mul(fits));
		assert_ok!(validate(&call));
		// The next block has room again.
		System::set_block_number(2);
		let cleared = <ShieldedPool as Hooks<u64>>::on_initialize(2);
		let db: frame_support::weights::RuntimeDbWeight =
			<Test as frame_system::Config>::DbWeight::get();
		assert_eq!(cleared, db.writes(1));
		assert_eq!(BlockPrivateWeight::<Test>::get(), Weight::zero());
		assert_ok!(ShieldedPool::pre_dispatch(&call));
		assert_ok!(submit(&transfer));
	});
}

#[test]
fn validation_refuses_what_the_call_would_refuse() {
	run(|| {
		let (_, _, transfer, _) = prepared(43);
		let refused = |transfer: &Transfer, error: Error<Test>| {
			assert_eq!(
				validate(&transfer_call(transfer)),
				Err(InvalidTransaction::Custom(error_code(error)).into())
			);
		};
		let mut forged = transfer.clone();
		forged.inputs[0].signature.c1[0] ^= 1;
		refused(&forged, Error::<Test>::InvalidSignature);
		let mut unbalanced = transfer.clone();
		unbalanced.fee += 1;
		refused(&unbalanced, Error::<Test>::Unbalanced);
		let mut bad_proof = transfer.clone();
		bad_proof.range_proof = RangeProofBytes::default();
		refused(&bad_proof, Error::<Test>::MalformedRangeProof);
		let mut unsorted = transfer.clone();
		unsorted.inputs[0].ring = changed(&transfer.inputs[0].ring, |ring| ring.swap(0, 1));
		refused(&unsorted, Error::<Test>::RingNotSorted);
		// Shields are signed transactions, not for this validation.
		let shield_call = Call::shield {
			amount: 1,
			note: transfer.outputs[0],
			blinding: [0; 32],
			range_proof: transfer.range_proof.clone(),
		};
		assert_eq!(validate(&shield_call), Err(InvalidTransaction::Call.into()));
		assert_eq!(ShieldedPool::pre_dispatch(&shield_call), Err(InvalidTransaction::Call.into()));

		// After the transfer is in a block, the same transaction is stale.
		assert_ok!(submit(&transfer));
		refused(&transfer, Error::<Test>::KeyImageSpent);
		assert_eq!(
			ShieldedPool::pre_dispatch(&transfer_call(&transfer)),
			Err(InvalidTransaction::Custom(error_code(Error::<Test>::KeyImageSpent)).into())
		);
	});
}

#[test]
fn pre_dispatch_checks_only_what_a_block_can_change() {
	run(|| {
		let (_, _, transfer, _) = prepared(44);
		// A forged signature passes the cheap checks; the call itself refuses it.
		let mut forged = transfer.clone();
		forged.inputs[0].signature.c1[0] ^= 1;
		assert_ok!(ShieldedPool::pre_dispatch(&transfer_call(&forged)));
		assert_noop!(submit(&forged), Error::<Test>::InvalidSignature);
		let mut unsorted = transfer.clone();
		unsorted.inputs[0].ring = changed(&transfer.inputs[0].ring, |ring| ring.swap(0, 1));
		assert_eq!(
			ShieldedPool::pre_dispatch(&transfer_call(&unsorted)),
			Err(InvalidTransaction::Custom(error_code(Error::<Test>::RingNotSorted)).into())
		);
	});
}

// --- The pool's books ---

#[test]
fn the_pool_total_is_shielded_less_unshielded_less_fees() {
	run(|| {
		let mut rng = deterministic_rng(50);
		let alice = alice_with(50_000, 12, &mut rng);
		hidden_decoys(12, &mut rng);
		let bob = Household::new(&mut rng);
		let mut shielded: u128 = PoolTotal::<Test>::get();
		let mut left: u128 = 0;
		let collected = fee_collected();
		let check = |shielded: u128, left: u128| {
			assert_eq!(PoolTotal::<Test>::get(), shielded - left);
			assert_eq!(
				Balances::balance(&ShieldedPool::account_id()),
				shielded - left + EXISTENTIAL_DEPOSIT
			);
			ShieldedPool::do_try_state().unwrap();
		};
		check(shielded, left);
		let transfer = pay(&alice, &bob.address(), 30_000, &mut rng);
		assert_ok!(submit(&transfer));
		left += PAY_FEE as u128;
		check(shielded, left);
		// A shield's fee comes from the shielder's account, not the pool.
		assert_ok!(shield(BOB, &bob.address(), 7_000, &mut rng));
		shielded += 7_000;
		check(shielded, left);
		// Bob pays himself from both his notes into one, with more than the least fee.
		let both = bob.unspent();
		assert_eq!(both.len(), 2);
		let fee = transfer_fee(2, 1, 11) + 25;
		let joined =
			build(&both, 11, &[Payment { to: bob.address(), amount: 37_000 - fee }], fee, &mut rng);
		assert_ok!(submit(&joined));
		left += fee as u128;
		check(shielded, left);
		let unshield = build_unshield_to(&bob.unspent()[0], 11, UNSHIELD_FEE, BOB, &mut rng);
		assert_ok!(submit_unshield(&unshield, BOB));
		left += (37_000 - fee) as u128;
		check(shielded, left);
		assert_eq!(
			fee_collected(),
			collected + (PAY_FEE + FEE_PER_OUTPUT + fee + UNSHIELD_FEE) as u128
		);
	});
}

#[test]
fn try_state_notices_books_that_do_not_balance() {
	new_test_ext().execute_with(|| {
		let mut rng = deterministic_rng(51);
		let _alice = alice_with(5_000, 0, &mut rng);
		ShieldedPool::do_try_state().unwrap();
		PoolTotal::<Test>::put(5_001);
		assert!(ShieldedPool::do_try_state().is_err());
		PoolTotal::<Test>::put(5_000);
		NoteCount::<Test>::put(2);
		assert!(ShieldedPool::do_try_state().is_err());
		NoteCount::<Test>::put(1);
		// Money sent to the pool's account directly only adds to what nobody can take out.
		assert_ok!(<Balances as frame_support::traits::fungible::Mutate<u64>>::transfer(
			&BOB,
			&ShieldedPool::account_id(),
			1_000,
			frame_support::traits::tokens::Preservation::Preserve,
		));
		ShieldedPool::do_try_state().unwrap();
		// A note whose address does not lead to it, an address of no note, a public note
		// that is no note.
		let address = Notes::<Test>::get(0).unwrap().address;
		NoteAddresses::<Test>::insert(address, 1);
		assert!(ShieldedPool::do_try_state().is_err());
		NoteAddresses::<Test>::insert(address, 0);
		NoteAddresses::<Test>::insert(OneTimeAddress([1; 32]), 0);
		assert!(ShieldedPool::do_try_state().is_err());
		NoteAddresses::<Test>::remove(OneTimeAddress([1; 32]));
		ShieldedPool::do_try_state().unwrap();
		PublicNotes::<Test>::insert(1, ());
		assert!(ShieldedPool::do_try_state().is_err());
		PublicNotes::<Test>::remove(1);
		ShieldedPool::do_try_state().unwrap();
	});
}

#[test]
fn the_mock_limits_fit_the_cryptography() {
	<ShieldedPool as frame_support::traits::IntegrityTest>::integrity_test();
}
