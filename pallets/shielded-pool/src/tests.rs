//! Households shield money, pay each other privately and unshield; every forged, replayed or
//! unbalanced spend is refused with its own error and changes nothing; what a private transfer
//! writes names nobody and no amount; and the pool's account always holds what its notes are
//! worth.

// `ValidateUnsigned` is deprecated in favour of `#[pallet::authorize]`; the pallet still uses it.
#![allow(deprecated)]

use crate::{mock::*, Amount, Call, Error, Event, NoteCount, Notes, PoolTotal, SpentKeyImages};
use codec::Encode;
use energy_privacy::{
	builder::{
		build_shield, build_transfer, build_unshield, deterministic_rng, scan_notes, ChaCha20Rng,
		Payment, Shield, Spendable, Transfer, Unshield,
	},
	commit, create_note, key_image, prove_range, AccountKeys, ClsagSignature, Commitment, KeyImage,
	Note, OneTimeAddress, PublicAddress, RangeProofBytes, RingIndices, Scalar, TransferInput,
	TxSecret,
};
use frame_support::{
	assert_noop, assert_ok,
	pallet_prelude::{InvalidTransaction, TransactionSource, ValidTransaction},
	traits::fungible::Inspect,
	BoundedVec,
};
use sp_runtime::{traits::ValidateUnsigned, DispatchError, DispatchResult};
use std::collections::BTreeMap;

/// 32 bytes that are not the encoding of any ristretto255 point.
const NOT_A_POINT: [u8; 32] = [0xff; 32];

/// The group order, the smallest non-canonical scalar encoding.
const GROUP_ORDER: [u8; 32] = [
	0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
];

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

fn genesis() -> Vec<u8> {
	ShieldedPool::genesis_hash().as_ref().to_vec()
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

/// Alice with a note of `amount` in a pool of `count` decoys besides.
fn alice_with(amount: Amount, count: usize, rng: &mut ChaCha20Rng) -> Household {
	let alice = Household::new(rng);
	assert_ok!(shield(ALICE, &alice.address(), amount, rng));
	decoys(count, rng);
	alice
}

fn transfer_call(transfer: &Transfer) -> Call<Test> {
	Call::transfer {
		inputs: BoundedVec::truncate_from(transfer.inputs.clone()),
		outputs: BoundedVec::truncate_from(transfer.outputs.clone()),
		range_proof: transfer.range_proof.clone(),
		fee: transfer.fee,
	}
}

fn submit(transfer: &Transfer) -> DispatchResult {
	ShieldedPool::transfer(
		RuntimeOrigin::none(),
		BoundedVec::truncate_from(transfer.inputs.clone()),
		BoundedVec::truncate_from(transfer.outputs.clone()),
		transfer.range_proof.clone(),
		transfer.fee,
	)
}

fn unshield_call(unshield: &Unshield, dest: u64) -> Call<Test> {
	Call::unshield {
		input: unshield.input.clone(),
		amount: unshield.amount,
		fee: unshield.fee,
		dest,
	}
}

fn submit_unshield(unshield: &Unshield, dest: u64) -> DispatchResult {
	ShieldedPool::unshield(
		RuntimeOrigin::none(),
		unshield.input.clone(),
		unshield.amount,
		unshield.fee,
		dest,
	)
}

/// Alice's transfer of `paid` to `to`, with her change back to her and the least fee.
fn pay(alice: &Household, to: &PublicAddress, paid: Amount, rng: &mut ChaCha20Rng) -> Transfer {
	let spends = alice.unspent();
	let total: Amount = spends.iter().map(|spend| spend.owned.amount).sum();
	let payments = [
		Payment { to: *to, amount: paid },
		Payment { to: alice.address(), amount: total - paid - MIN_FEE },
	];
	build_transfer(&genesis(), &spends, &pool_notes(), 11, &payments, MIN_FEE, rng).unwrap()
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

// --- Shield ---

#[test]
fn shield_moves_public_money_into_a_note() {
	run(|| {
		let mut rng = deterministic_rng(1);
		let alice = Household::new(&mut rng);
		assert_ok!(shield(ALICE, &alice.address(), 40_000, &mut rng));

		// The first shield also pays the pool account's existential deposit.
		assert_eq!(Balances::balance(&ALICE), START - 40_000 - EXISTENTIAL_DEPOSIT);
		assert_eq!(Balances::balance(&ShieldedPool::account_id()), 40_000 + EXISTENTIAL_DEPOSIT);
		assert_eq!(PoolTotal::<Test>::get(), 40_000);
		assert_eq!(NoteCount::<Test>::get(), 1);
		System::assert_has_event(
			Event::PoolOpened { who: ALICE, deposit: EXISTENTIAL_DEPOSIT }.into(),
		);
		System::assert_last_event(
			Event::Shielded { who: ALICE, amount: 40_000, note_index: 0 }.into(),
		);

		// Alice finds the note and can open it.
		let found = alice.unspent();
		assert_eq!(found.len(), 1);
		assert_eq!(found[0].owned.amount, 40_000);
		assert_eq!(found[0].note, Notes::<Test>::get(0).unwrap());
	});
}

#[test]
fn only_the_first_shield_pays_the_pools_deposit() {
	run(|| {
		let mut rng = deterministic_rng(2);
		let bob = Household::new(&mut rng);
		assert_ok!(shield(ALICE, &bob.address(), 100, &mut rng));
		assert_ok!(shield(BOB, &bob.address(), 200, &mut rng));
		assert_eq!(Balances::balance(&BOB), START - 200);
		assert_eq!(PoolTotal::<Test>::get(), 300);
		System::assert_last_event(Event::Shielded { who: BOB, amount: 200, note_index: 1 }.into());
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
		// Alice keeps her existential deposit and pays the pool's.
		let most = (START - 2 * EXISTENTIAL_DEPOSIT) as Amount;
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
		let alice = alice_with(5_000, MAX_NOTES as usize - 1, &mut rng);
		assert_eq!(NoteCount::<Test>::get(), MAX_NOTES);
		let to = AccountKeys::random(&mut rng).public_address();
		assert_noop!(shield(ALICE, &to, 100, &mut rng), Error::<Test>::PoolFull);
		let transfer = pay(&alice, &to, 1_000, &mut rng);
		assert_noop!(submit(&transfer), Error::<Test>::PoolFull);
		// An unshield adds no note.
		let spend = &alice.unspent()[0];
		let unshield =
			build_unshield(&genesis(), spend, &pool_notes(), 11, MIN_FEE, &BOB.encode(), &mut rng)
				.unwrap();
		assert_ok!(submit_unshield(&unshield, BOB));
	});
}

// --- A private payment, end to end ---

#[test]
fn two_households_pay_each_other_privately() {
	run(|| {
		let mut rng = deterministic_rng(10);
		let alice = alice_with(50_000, 12, &mut rng);
		let bob = Household::new(&mut rng);
		let bob_public = Balances::balance(&BOB);

		// Alice pays Bob's stealth address 30 000 and gets 19 990 back.
		let transfer = pay(&alice, &bob.address(), 30_000, &mut rng);
		assert_eq!(transfer.inputs[0].ring.len(), 11);
		assert_ok!(submit(&transfer));
		assert_eq!(NoteCount::<Test>::get(), 15);
		assert_eq!(PoolTotal::<Test>::get(), (50_000 + 12 * 1_000 - MIN_FEE) as u128);
		assert_eq!(Balances::balance(&FEE_COLLECTOR), EXISTENTIAL_DEPOSIT + MIN_FEE as u128);
		assert!(SpentKeyImages::<Test>::contains_key(transfer.inputs[0].key_image));
		System::assert_last_event(
			Event::Transferred {
				key_images: BoundedVec::truncate_from(vec![transfer.inputs[0].key_image]),
				first_note_index: 13,
				outputs: 2,
				fee: MIN_FEE,
			}
			.into(),
		);

		// Bob scans the pool, finds the note and opens its amount; Alice finds her change.
		let bobs = bob.unspent();
		assert_eq!(bobs.len(), 1);
		assert_eq!(bobs[0].owned.amount, 30_000);
		let alices = alice.unspent();
		assert_eq!(alices.len(), 1);
		assert_eq!(alices[0].owned.amount, 50_000 - 30_000 - MIN_FEE);
		// The two outputs, in an order that does not tell which is the change.
		let mut indices = [bobs[0].index, alices[0].index];
		indices.sort();
		assert_eq!(indices, [13, 14]);

		// Bob unshields his note to his public account.
		let unshield = build_unshield(
			&genesis(),
			&bobs[0],
			&pool_notes(),
			11,
			MIN_FEE,
			&BOB.encode(),
			&mut rng,
		)
		.unwrap();
		assert_eq!(unshield.amount, 30_000 - MIN_FEE);
		assert_ok!(submit_unshield(&unshield, BOB));
		assert_eq!(Balances::balance(&BOB), bob_public + (30_000 - MIN_FEE) as u128);
		assert_eq!(PoolTotal::<Test>::get(), (50_000 + 12 * 1_000 - 30_000 - MIN_FEE) as u128);
		assert!(bob.unspent().is_empty());
		System::assert_last_event(
			Event::Unshielded {
				dest: BOB,
				amount: 30_000 - MIN_FEE,
				fee: MIN_FEE,
				key_image: unshield.input.key_image,
			}
			.into(),
		);

		// Alice's change goes to a new account just as well.
		let change = &alice.unspent()[0];
		let to_new = build_unshield(
			&genesis(),
			change,
			&pool_notes(),
			16,
			MIN_FEE,
			&EMPTY.encode(),
			&mut rng,
		)
		.unwrap();
		assert_ok!(submit_unshield(&to_new, EMPTY));
		assert_eq!(Balances::balance(&EMPTY), (50_000 - 30_000 - 2 * MIN_FEE) as u128);
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
		let friends: Vec<Household> = (0..16).map(|_| Household::new(&mut rng)).collect();
		let payments: Vec<Payment> = friends
			.iter()
			.enumerate()
			.map(|(i, friend)| Payment {
				to: friend.address(),
				amount: if i == 15 { 10_000 - 15 * 600 - 40 } else { 600 },
			})
			.collect();
		let transfer = build_transfer(
			&genesis(),
			&alice.unspent(),
			&pool_notes(),
			16,
			&payments,
			40,
			&mut rng,
		)
		.unwrap();
		assert_ok!(validate(&transfer_call(&transfer)));
		assert_ok!(submit(&transfer));
		for (friend, payment) in friends.iter().zip(&payments) {
			let found = friend.unspent();
			assert_eq!(found.len(), 1);
			assert_eq!(found[0].owned.amount, payment.amount);
		}
		assert!(alice.unspent().is_empty());
		assert_eq!(PoolTotal::<Test>::get(), 10_000 + 12 * 1_000 - 40);
	});
}

#[test]
fn rings_may_cover_the_whole_pool_while_it_is_small() {
	run(|| {
		let mut rng = deterministic_rng(12);
		// One note in the pool: a ring of one is all there is.
		let alice = alice_with(5_000, 0, &mut rng);
		let bob = Household::new(&mut rng);
		let transfer = pay(&alice, &bob.address(), 1_000, &mut rng);
		assert_eq!(transfer.inputs[0].ring.len(), 1);
		assert_ok!(submit(&transfer));
		// Three notes now: rings of two are too small (MinRingSize is 3).
		let spends = bob.unspent();
		let small = build_transfer(
			&genesis(),
			&spends,
			&pool_notes(),
			2,
			&[Payment { to: bob.address(), amount: 1_000 - MIN_FEE }],
			MIN_FEE,
			&mut rng,
		)
		.unwrap();
		assert_noop!(submit(&small), Error::<Test>::RingTooSmall);
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
		let change: Amount = 50_000 - 30_000 - MIN_FEE;

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
		let (stolen, _) = energy_privacy::create_note(
			&thief,
			&energy_privacy::TxSecret::random(&mut rng),
			0,
			30_000,
		)
		.unwrap();
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
			Payment { to: alice.address(), amount: 20_000 - MIN_FEE },
		];
		let other_chain =
			build_transfer(&[1; 32], &spends, &pool_notes(), 11, &payments, MIN_FEE, &mut rng)
				.unwrap();
		assert_noop!(submit(&other_chain), Error::<Test>::InvalidSignature);
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
		let again = build_transfer(
			&genesis(),
			&spent,
			&pool_notes(),
			16,
			&[Payment { to, amount: 50_000 - MIN_FEE }],
			MIN_FEE,
			&mut rng,
		)
		.unwrap();
		assert_ne!(again.inputs[0].ring, transfer.inputs[0].ring);
		assert_eq!(again.inputs[0].key_image, transfer.inputs[0].key_image);
		assert_noop!(submit(&again), Error::<Test>::KeyImageSpent);
		assert_eq!(
			validate(&transfer_call(&again)),
			Err(InvalidTransaction::Custom(error_code(Error::<Test>::KeyImageSpent)).into())
		);
		// Nor can it be unshielded.
		let unshield = build_unshield(
			&genesis(),
			&spent[0],
			&pool_notes(),
			11,
			MIN_FEE,
			&ALICE.encode(),
			&mut rng,
		)
		.unwrap();
		assert_noop!(submit_unshield(&unshield, ALICE), Error::<Test>::KeyImageSpent);
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
		let twice = build_transfer(
			&genesis(),
			&[spend.clone(), spend],
			&pool_notes(),
			11,
			&[Payment { to, amount: 100_000 - MIN_FEE }],
			MIN_FEE,
			&mut rng,
		)
		.unwrap();
		assert_noop!(submit(&twice), Error::<Test>::DuplicateKeyImage);
	});
}

#[test]
fn unbalanced_transfers_are_refused() {
	run(|| {
		let (_, _, transfer, _) = prepared(25);
		// Another fee than the commitments were made for.
		let mut other_fee = transfer.clone();
		other_fee.fee = MIN_FEE + 1;
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
				low.fee = MIN_FEE - 1;
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
		// Alice claims her 50 000 note holds 60 000: one output of 59 990, whose blinding the
		// pseudo-output takes, so the commitments balance and the range proof holds.
		let to = AccountKeys::random(&mut rng).public_address();
		let (note, blinding) =
			create_note(&to, &TxSecret::random(&mut rng), 0, 60_000 - MIN_FEE).unwrap();
		let (range_proof, _) = prove_range(&[60_000 - MIN_FEE], &[blinding], &mut rng).unwrap();
		let mut input = honest.inputs[0].clone();
		input.pseudo_output = commit(60_000, &blinding);
		let inflating =
			Transfer { inputs: vec![input], outputs: vec![note], range_proof, fee: MIN_FEE };
		assert_noop!(submit(&inflating), Error::<Test>::InvalidSignature);
		// Nor can she sign for it: the commitments differ by more than a blinding.
		let mut lie = alice.unspent();
		lie[0].owned.amount = 60_000;
		let payments = [Payment { to, amount: 60_000 - MIN_FEE }];
		assert_eq!(
			build_transfer(&genesis(), &lie, &pool_notes(), 11, &payments, MIN_FEE, &mut rng).err(),
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
			),
			DispatchError::BadOrigin
		);
	});
}

// --- Refused unshields ---

#[test]
fn an_unshield_cannot_be_redirected_or_resplit() {
	run(|| {
		let mut rng = deterministic_rng(30);
		let alice = alice_with(50_000, 12, &mut rng);
		let spend = &alice.unspent()[0];
		let unshield = build_unshield(
			&genesis(),
			spend,
			&pool_notes(),
			11,
			MIN_FEE,
			&ALICE.encode(),
			&mut rng,
		)
		.unwrap();
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
		let small = EXISTENTIAL_DEPOSIT as Amount - 1 + MIN_FEE;
		let alice = alice_with(small, 12, &mut rng);
		let spend = &alice.unspent()[0];
		let unshield = build_unshield(
			&genesis(),
			spend,
			&pool_notes(),
			11,
			MIN_FEE,
			&EMPTY.encode(),
			&mut rng,
		)
		.unwrap();
		assert_noop!(submit_unshield(&unshield, EMPTY), Error::<Test>::BelowMinimumBalance);
		assert_eq!(
			validate(&unshield_call(&unshield, EMPTY)),
			Err(InvalidTransaction::Custom(error_code(Error::<Test>::BelowMinimumBalance)).into())
		);
		// An existing account takes it.
		let unshield =
			build_unshield(&genesis(), spend, &pool_notes(), 11, MIN_FEE, &BOB.encode(), &mut rng)
				.unwrap();
		assert_ok!(submit_unshield(&unshield, BOB));
	});
}

// --- The transaction pool ---

#[test]
fn valid_private_transactions_are_tagged_with_their_key_images() {
	run(|| {
		let (alice, _, transfer, mut rng) = prepared(40);
		let expected = ValidTransaction {
			priority: PRIORITY,
			requires: vec![],
			provides: vec![("ShieldedPool", transfer.inputs[0].key_image).encode()],
			longevity: LONGEVITY,
			propagate: true,
		};
		assert_eq!(validate(&transfer_call(&transfer)), Ok(expected.clone()));
		// An unshield of the same note provides the same tag: the pool keeps one of them.
		let unshield = build_unshield(
			&genesis(),
			&alice.unspent()[0],
			&pool_notes(),
			11,
			MIN_FEE,
			&ALICE.encode(),
			&mut rng,
		)
		.unwrap();
		let unshield_validity = validate(&unshield_call(&unshield, ALICE)).unwrap();
		assert_eq!(unshield_validity.provides, expected.provides);
		assert_ok!(ShieldedPool::pre_dispatch(&transfer_call(&transfer)));
	});
}

#[test]
fn validation_refuses_what_the_call_would_refuse() {
	run(|| {
		let (_, _, transfer, _) = prepared(41);
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
		let (_, _, transfer, _) = prepared(42);
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
		let bob = Household::new(&mut rng);
		let mut shielded: u128 = 50_000 + 12 * 1_000;
		let mut left: u128 = 0;
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
		left += MIN_FEE as u128;
		check(shielded, left);
		assert_ok!(shield(BOB, &bob.address(), 7_000, &mut rng));
		shielded += 7_000;
		check(shielded, left);
		// Bob pays himself from both his notes into one.
		let both = bob.unspent();
		assert_eq!(both.len(), 2);
		let joined = build_transfer(
			&genesis(),
			&both,
			&pool_notes(),
			11,
			&[Payment { to: bob.address(), amount: 37_000 - 25 }],
			25,
			&mut rng,
		)
		.unwrap();
		assert_ok!(submit(&joined));
		left += 25;
		check(shielded, left);
		let unshield = build_unshield(
			&genesis(),
			&bob.unspent()[0],
			&pool_notes(),
			11,
			MIN_FEE,
			&BOB.encode(),
			&mut rng,
		)
		.unwrap();
		assert_ok!(submit_unshield(&unshield, BOB));
		left += 37_000 - 25;
		check(shielded, left);
		assert_eq!(Balances::balance(&FEE_COLLECTOR), EXISTENTIAL_DEPOSIT + 10 + 25 + 10);
	});
}

#[test]
fn try_state_notices_books_that_do_not_balance() {
	new_test_ext().execute_with(|| {
		let mut rng = deterministic_rng(51);
		let alice = alice_with(5_000, 0, &mut rng);
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
		let _ = alice;
	});
}

#[test]
fn the_mock_limits_fit_the_cryptography() {
	<ShieldedPool as frame_support::traits::IntegrityTest>::integrity_test();
}
