//! Locks: notes spent into a commitment another pallet holds, bound to that pallet's call, and
//! paid out again as notes. A lock that does not balance, locks a negative amount, is signed
//! for another call, spends a spent note or underpays is refused and changes nothing.

use super::*;
use crate::NoteLocks;
use energy_privacy::{builder::build_lock, builder::Lock, remaining_after, Message};

/// The message of the holder's call that a test's locks are bound to.
const BINDING: Message = [0xB1; 64];

/// The least fee of a lock of one note with a ring of 11.
const LOCK_FEE: Amount = MIN_FEE + FEE_PER_INPUT + FEE_PER_OUTPUT + 11 * FEE_PER_RING_MEMBER;

/// A lock of all of `spends` less `fee` with `blinding`, rings of 11, bound to `BINDING`.
fn lock_with(spends: &[Spendable], fee: Amount, blinding: &Scalar, rng: &mut ChaCha20Rng) -> Lock {
	build_lock(&domain(), spends, &pool_notes(), 11, fee, blinding, |_, _| BINDING, rng).unwrap()
}

/// A lock of all of `spends` less `fee` with a random blinding, and the blinding.
fn lock_of(spends: &[Spendable], fee: Amount, rng: &mut ChaCha20Rng) -> (Lock, Scalar) {
	let blinding = Scalar::random(rng);
	(lock_with(spends, fee, &blinding, rng), blinding)
}

/// Locks `lock`, which pays `LOCK_FEE`, in the money pool.
fn lock(lock: &Lock) -> DispatchResult {
	<ShieldedPool as NoteLocks<u64>>::lock(
		&lock.binding,
		&lock.inputs,
		&lock.locked,
		&lock.range_proof,
		LOCK_FEE,
	)
}

#[test]
fn a_lock_spends_notes_into_a_commitment_no_note_holds() {
	run(|| {
		let mut rng = deterministic_rng(501);
		let alice = alice_with(1_000 + LOCK_FEE, 12, &mut rng);
		let spends = alice.unspent();
		let (notes, total, fees) =
			(NoteCount::<Test>::get(), PoolTotal::<Test>::get(), fee_collected());
		let (locked, blinding) = lock_of(&spends, LOCK_FEE, &mut rng);
		assert_eq!((locked.amount, locked.locked), (1_000, commit(1_000, &blinding)));

		assert_ok!(lock(&locked));
		assert!(alice.unspent().is_empty(), "the note is spent");
		assert_eq!(NoteCount::<Test>::get(), notes, "a lock makes no note");
		assert_eq!(PoolTotal::<Test>::get(), total - u128::from(LOCK_FEE));
		assert_eq!(fee_collected(), fees + u128::from(LOCK_FEE));
		System::assert_last_event(
			Event::Locked {
				key_images: BoundedVec::truncate_from(vec![locked.inputs[0].key_image]),
				fee: LOCK_FEE,
			}
			.into(),
		);
		// A lock, like a transfer, spends its notes once.
		assert_noop!(lock(&locked), Error::<Test>::KeyImageSpent);
	});
}

#[test]
fn a_locks_signatures_serve_the_call_they_were_made_for_only() {
	run(|| {
		let mut rng = deterministic_rng(502);
		let alice = alice_with(1_000 + LOCK_FEE, 12, &mut rng);
		let (locked, _) = lock_of(&alice.unspent(), LOCK_FEE, &mut rng);
		let mut other_call = BINDING;
		other_call[0] ^= 1;
		assert_noop!(
			<ShieldedPool as NoteLocks<u64>>::lock(
				&other_call,
				&locked.inputs,
				&locked.locked,
				&locked.range_proof,
				LOCK_FEE,
			),
			Error::<Test>::InvalidSignature
		);
		// Nor do they lock another commitment: the range proof is the first to notice.
		let (other, _) = lock_of(&alice.unspent(), LOCK_FEE, &mut rng);
		assert_noop!(
			<ShieldedPool as NoteLocks<u64>>::lock(
				&BINDING,
				&locked.inputs,
				&other.locked,
				&locked.range_proof,
				LOCK_FEE,
			),
			Error::<Test>::InvalidRangeProof
		);
		// Nor are they valid in another pool, whose domain they did not sign.
		assert_noop!(
			<OtherPool as NoteLocks<u64>>::lock(
				&BINDING,
				&locked.inputs,
				&locked.locked,
				&locked.range_proof,
				LOCK_FEE,
			),
			crate::Error::<Test, Instance2>::UnknownRingMember
		);
	});
}

/// The attack a lock's range proof stops: inputs worth 50 locked with a fee of 60 would lock
/// `-10`, and the pool would pay 10 of other households' money to the fee collector.
#[test]
fn a_lock_of_a_negative_amount_is_refused() {
	run(|| {
		let mut rng = deterministic_rng(503);
		let fee = LOCK_FEE + 10;
		let alice = alice_with(LOCK_FEE, 12, &mut rng);
		let spends = alice.unspent();
		// The wallet refuses to build it.
		let blinding = Scalar::random(&mut rng);
		assert!(build_lock(
			&domain(),
			&spends,
			&pool_notes(),
			11,
			fee,
			&blinding,
			|_, _| BINDING,
			&mut rng
		)
		.is_err());
		// Built by hand: a lock of zero, whose commitment is then moved ten below zero.
		let (zero, blinding) = lock_of(&spends, LOCK_FEE, &mut rng);
		assert_eq!(zero.amount, 0);
		let minus_ten = remaining_after(&commit(0, &blinding), &commit(10, &Scalar::ZERO)).unwrap();
		assert_noop!(
			<ShieldedPool as NoteLocks<u64>>::lock(
				&BINDING,
				&zero.inputs,
				&minus_ten,
				&zero.range_proof,
				fee
			),
			Error::<Test>::InvalidRangeProof
		);
	});
}

#[test]
fn a_lock_that_does_not_balance_is_refused() {
	run(|| {
		let mut rng = deterministic_rng(504);
		let alice = alice_with(1_000 + LOCK_FEE, 12, &mut rng);
		let spends = alice.unspent();
		// 1 001 locked out of 1 000: a valid range proof, but more than the note held.
		let blinding = Scalar::random(&mut rng);
		let (range_proof, commitments) = prove_range(&[1_001], &[blinding], &mut rng).unwrap();
		let (locked, _) = lock_of(&spends, LOCK_FEE, &mut rng);
		assert_noop!(
			<ShieldedPool as NoteLocks<u64>>::lock(
				&BINDING,
				&locked.inputs,
				&commitments[0],
				&range_proof,
				LOCK_FEE
			),
			Error::<Test>::Unbalanced
		);
	});
}

#[test]
fn a_lock_pays_for_its_shape_and_is_bounded() {
	run(|| {
		let mut rng = deterministic_rng(505);
		let alice = alice_with(1_000 + LOCK_FEE, 12, &mut rng);
		let (locked, _) = lock_of(&alice.unspent(), LOCK_FEE, &mut rng);
		assert_eq!(<ShieldedPool as NoteLocks<u64>>::required_lock_fee(1, 11), LOCK_FEE);
		assert_noop!(
			<ShieldedPool as NoteLocks<u64>>::lock(
				&BINDING,
				&locked.inputs,
				&locked.locked,
				&locked.range_proof,
				LOCK_FEE - 1
			),
			Error::<Test>::FeeTooLow
		);
		assert_noop!(
			<ShieldedPool as NoteLocks<u64>>::lock(
				&BINDING,
				&[],
				&locked.locked,
				&locked.range_proof,
				LOCK_FEE
			),
			Error::<Test>::NoInputs
		);
		let five = vec![locked.inputs[0].clone(); MAX_INPUTS as usize + 1];
		assert_noop!(
			<ShieldedPool as NoteLocks<u64>>::check_lock(&five, u64::MAX),
			Error::<Test>::TooManyInputs
		);
		let twice = vec![locked.inputs[0].clone(); 2];
		assert_noop!(
			<ShieldedPool as NoteLocks<u64>>::check_lock(&twice, u64::MAX),
			Error::<Test>::DuplicateKeyImage
		);
	});
}

#[test]
fn a_release_adds_a_note_its_owner_finds_and_spends() {
	run(|| {
		let mut rng = deterministic_rng(506);
		let alice = alice_with(1_000 + LOCK_FEE, 12, &mut rng);
		// Bob is to be paid the lock: his note's blinding, which his wallet will derive when it
		// scans the note, is the lock's.
		let bob = Household::new(&mut rng);
		let (note, blinding) =
			create_note(&bob.address(), &TxSecret::random(&mut rng), 0, 1_000).unwrap();
		let locked = lock_with(&alice.unspent(), LOCK_FEE, &blinding, &mut rng);
		assert_eq!(locked.locked, note.commitment);
		assert_ok!(lock(&locked));

		let index = NoteCount::<Test>::get();
		assert_eq!(<ShieldedPool as NoteLocks<u64>>::release(&note), Ok(index));
		System::assert_last_event(Event::Released { note_index: index }.into());
		assert_eq!(Notes::<Test>::get(index), Some(note));
		assert_eq!(NoteAddresses::<Test>::get(note.address), Some(index));
		let found = bob.unspent();
		assert_eq!((found.len(), found[0].index, found[0].owned.amount), (1, index, 1_000));
		let paid =
			build(&found, 11, &[Payment { to: to_stranger(&mut rng), amount: 966 }], 34, &mut rng);
		assert_ok!(submit(&paid));

		// A note at a taken address, or one that does not decode, is refused.
		assert_noop!(
			<ShieldedPool as NoteLocks<u64>>::release(&note),
			Error::<Test>::DuplicateNoteAddress
		);
		let broken = Note { address: OneTimeAddress(NOT_A_POINT), ..to_stranger_note(&mut rng) };
		assert_noop!(
			<ShieldedPool as NoteLocks<u64>>::release(&broken),
			Error::<Test>::InvalidNote
		);
	});
}

/// A note of 5 for a stranger.
fn to_stranger_note(rng: &mut ChaCha20Rng) -> Note {
	create_note(&to_stranger(rng), &TxSecret::random(rng), 0, 5).unwrap().0
}

#[test]
fn a_release_needs_room_in_the_pool() {
	run(|| {
		let mut rng = deterministic_rng(507);
		decoys(MAX_NOTES as usize, &mut rng);
		let note = to_stranger_note(&mut rng);
		assert_noop!(<ShieldedPool as NoteLocks<u64>>::release(&note), Error::<Test>::PoolFull);
	});
}

#[test]
fn a_lock_opened_by_its_holder_is_paid_out_to_an_account() {
	run(|| {
		let mut rng = deterministic_rng(508);
		let alice = alice_with(1_000 + LOCK_FEE, 12, &mut rng);
		let (locked, _) = lock_of(&alice.unspent(), LOCK_FEE, &mut rng);
		assert_ok!(lock(&locked));
		let (total, held) = (PoolTotal::<Test>::get(), Balances::balance(&EMPTY));
		assert_ok!(<ShieldedPool as NoteLocks<u64>>::pay_out(600, &EMPTY));
		assert_eq!(PoolTotal::<Test>::get(), total - 600);
		assert_eq!(Balances::balance(&EMPTY), held + 600);
		System::assert_last_event(Event::PaidOut { to: EMPTY, amount: 600 }.into());
		// Not more than the pool holds, nothing, or too little for a new account.
		assert_noop!(
			<ShieldedPool as NoteLocks<u64>>::pay_out(u64::MAX, &EMPTY),
			Error::<Test>::PoolUnderfunded
		);
		assert_noop!(
			<ShieldedPool as NoteLocks<u64>>::pay_out(0, &EMPTY),
			Error::<Test>::ZeroAmount
		);
		assert_noop!(
			<ShieldedPool as NoteLocks<u64>>::pay_out(1, &0xD00D),
			Error::<Test>::BelowMinimumBalance
		);
	});
}
