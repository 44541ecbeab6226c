//! Notes spent into locks another pallet holds, and locks paid out as notes again.
//!
//! The private market locks a seller's energy notes behind its offer and a buyer's money notes
//! behind its agreement, and pays them out to one-time addresses when the trade is done. A lock
//! is a transfer whose one output is a commitment that no note holds: its inputs hide in rings,
//! their key images are spent, the commitments balance (`sum(pseudo-outputs) = locked + fee·H`),
//! a range proof shows the locked amount is not negative, and every ring signature signs the
//! holder's call (`energy_privacy::lock_message` binds its message). The locked money stays in
//! the pool's account, so the pool's books do not change but for the fee.
//!
//! A release adds a note whose commitment the holder has shown to be what its lock owes (the
//! market checks it equals the locked payment, or the offer's remaining energy). A public
//! payout moves an amount the holder has opened out of the pool to an account (a penalty to
//! the grid operator). The holder answers for both: the pool only checks the note itself and
//! its room, or that it holds the amount.

use crate::{Amount, Config, Error, Event, NoteCount, NoteIndex, Pallet, PoolTotal};
use alloc::vec::Vec;
use energy_privacy::{lock_message, Commitment, Message, Note, RangeProofBytes, TransferInput};
use frame_support::{
	ensure,
	traits::{
		fungible::{Inspect, Mutate},
		tokens::{DepositConsequence, Preservation, Provenance},
		Get,
	},
};
use sp_runtime::{traits::CheckedSub, DispatchError, DispatchResult};

/// What another pallet does with a pool's notes: lock them behind its calls, and pay its locks
/// out as notes. Each function writes nothing if it fails.
pub trait NoteLocks<AccountId> {
	/// What every lock's ring signatures sign first: the chain and the pool
	/// (`Pallet::spend_domain`).
	fn domain() -> Vec<u8>;

	/// The least fee of a lock of `inputs` notes whose rings have `ring_members` members
	/// together: a transfer's of one output.
	fn required_lock_fee(inputs: u32, ring_members: u32) -> Amount;

	/// The cheap checks of a lock, for the holder's transaction validation: its shape and fee,
	/// its rings, and its key images (distinct and unspent).
	fn check_lock(inputs: &[TransferInput], fee: Amount) -> DispatchResult;

	/// Everything about a lock of `inputs` into `locked`, whose `range_proof` shows it is not
	/// negative, paying `fee`, for the holder's call whose message is `binding`: the cheap
	/// checks, the range proof, the balance and every ring signature. Writes nothing.
	fn verify_lock(
		binding: &Message,
		inputs: &[TransferInput],
		locked: &Commitment,
		range_proof: &RangeProofBytes,
		fee: Amount,
	) -> DispatchResult;

	/// Verifies the lock (`verify_lock`), then spends its inputs and pays its fee.
	fn lock(
		binding: &Message,
		inputs: &[TransferInput],
		locked: &Commitment,
		range_proof: &RangeProofBytes,
		fee: Amount,
	) -> DispatchResult;

	/// Whether `note` can be added: it decodes, its address is new, and the pool has room.
	fn check_release(note: &Note) -> DispatchResult;

	/// Adds `note`, which pays out a lock; returns its index.
	fn release(note: &Note) -> Result<NoteIndex, DispatchError>;

	/// Pays `amount`, which a lock held and its holder opened, out of the pool to `to`.
	fn pay_out(amount: Amount, to: &AccountId) -> DispatchResult;

	/// The largest ring a lock's input may use.
	fn max_ring_size() -> u32;

	/// Adds `notes` worth `total` together to the pool, with the money on its account, for a
	/// holder's benchmarks; returns the index of the first.
	#[cfg(feature = "runtime-benchmarks")]
	fn seed_notes(notes: &[Note], total: Amount) -> NoteIndex;
}

impl<T: Config<I>, I: 'static> NoteLocks<T::AccountId> for Pallet<T, I> {
	fn domain() -> Vec<u8> {
		Self::spend_domain()
	}

	fn required_lock_fee(inputs: u32, ring_members: u32) -> Amount {
		Self::fee_schedule().lock(inputs, ring_members)
	}

	fn check_lock(inputs: &[TransferInput], fee: Amount) -> DispatchResult {
		ensure!(!inputs.is_empty(), Error::<T, I>::NoInputs);
		ensure!(inputs.len() as u32 <= T::MaxInputs::get(), Error::<T, I>::TooManyInputs);
		ensure!(
			fee >= Self::required_lock_fee(inputs.len() as u32, Self::ring_members_of(inputs)),
			Error::<T, I>::FeeTooLow
		);
		Ok(Self::check_inputs(inputs, NoteCount::<T, I>::get())?)
	}

	fn verify_lock(
		binding: &Message,
		inputs: &[TransferInput],
		locked: &Commitment,
		range_proof: &RangeProofBytes,
		fee: Amount,
	) -> DispatchResult {
		Self::check_lock(inputs, fee)?;
		locked.check().map_err(|_| Error::<T, I>::InvalidNote)?;
		let message =
			lock_message(&Self::spend_domain(), binding, inputs, locked, range_proof, fee);
		Ok(Self::verify_spends(&message, inputs, &[*locked], range_proof, fee)?)
	}

	fn lock(
		binding: &Message,
		inputs: &[TransferInput],
		locked: &Commitment,
		range_proof: &RangeProofBytes,
		fee: Amount,
	) -> DispatchResult {
		Self::verify_lock(binding, inputs, locked, range_proof, fee)?;
		let key_images = Self::spend_inputs(inputs, fee)?;
		Self::deposit_event(Event::Locked { key_images, fee });
		Ok(())
	}

	fn check_release(note: &Note) -> DispatchResult {
		ensure!(NoteCount::<T, I>::get() < T::MaxNotes::get(), Error::<T, I>::PoolFull);
		ensure!(
			!crate::NoteAddresses::<T, I>::contains_key(note.address),
			Error::<T, I>::DuplicateNoteAddress
		);
		note.check().map_err(|_| Error::<T, I>::InvalidNote)?;
		Ok(())
	}

	fn release(note: &Note) -> Result<NoteIndex, DispatchError> {
		Self::check_release(note)?;
		let note_index = NoteCount::<T, I>::get();
		Self::add_note(note_index, note);
		NoteCount::<T, I>::put(note_index.saturating_add(1));
		Self::deposit_event(Event::Released { note_index });
		Ok(note_index)
	}

	fn pay_out(amount: Amount, to: &T::AccountId) -> DispatchResult {
		ensure!(amount > 0, Error::<T, I>::ZeroAmount);
		let value = Self::balance(amount)?;
		let total =
			PoolTotal::<T, I>::get().checked_sub(&value).ok_or(Error::<T, I>::PoolUnderfunded)?;
		ensure!(
			T::Currency::can_deposit(to, value, Provenance::Extant) == DepositConsequence::Success,
			Error::<T, I>::BelowMinimumBalance
		);
		T::Currency::transfer(&Self::account_id(), to, value, Preservation::Preserve)
			.map_err(|_| Error::<T, I>::PoolUnderfunded)?;
		PoolTotal::<T, I>::put(total);
		Self::deposit_event(Event::PaidOut { to: to.clone(), amount });
		Ok(())
	}

	fn max_ring_size() -> u32 {
		T::MaxRingSize::get()
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn seed_notes(notes: &[Note], total: Amount) -> NoteIndex {
		use sp_runtime::{traits::Zero, SaturatedConversion, Saturating};
		let first = NoteCount::<T, I>::get();
		let mut next = first;
		for note in notes {
			Self::add_note(next, note);
			next = next.saturating_add(1);
		}
		NoteCount::<T, I>::put(next);
		let value: crate::BalanceOf<T, I> = total.saturated_into();
		PoolTotal::<T, I>::mutate(|pool| *pool = pool.saturating_add(value));
		let account = Self::account_id();
		let held = T::Currency::balance(&account);
		let floor = if held.is_zero() { T::Currency::minimum_balance() } else { Zero::zero() };
		T::Currency::set_balance(&account, held.saturating_add(value).saturating_add(floor));
		first
	}
}
