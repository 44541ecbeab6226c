//! Payouts: a locked payment released to the seller, an offer's locked energy taken back. Each
//! is signed by a one-time key the lock named, and pays a note whose commitment is the lock's.

use crate::{Agreements, Config, Error, Offers, Pallet};
use energy_primitives::{AgreementId, OfferId, SlotIndex, TradingSlots};
use energy_privacy::{close_message, release_message, Commitment, Note};
use frame_support::ensure;
use pallet_shielded_pool::NoteLocks;
use sp_core::sr25519;
use sp_runtime::DispatchError;

impl<T: Config> Pallet<T> {
	/// The checks of `release_payment`: the agreement, its slot over, the note the payment's
	/// and welcome in the money pool, and the buyer's one-time key's signature.
	pub(crate) fn check_release(
		agreement: AgreementId,
		note: &Note,
		signature: &sr25519::Signature,
	) -> Result<(), DispatchError> {
		let held = Agreements::<T>::get(agreement).ok_or(Error::<T>::UnknownAgreement)?;
		Self::check_payout(held.slot, &held.payment, note)?;
		T::MoneyNotes::check_release(note)?;
		let message = release_message(&Self::genesis(), agreement, note);
		ensure!(
			sp_io::crypto::sr25519_verify(signature, &message, &held.buyer_key),
			Error::<T>::InvalidPayoutSignature
		);
		Ok(())
	}

	/// The checks of `close_offer`: the offer, its slot over, the note the lock's and welcome
	/// in the energy pool, and the offer's one-time key's signature.
	pub(crate) fn check_close(
		offer: OfferId,
		note: &Note,
		signature: &sr25519::Signature,
	) -> Result<(), DispatchError> {
		let held = Offers::<T>::get(offer).ok_or(Error::<T>::UnknownOffer)?;
		Self::check_payout(held.slot, &held.locked, note)?;
		T::EnergyNotes::check_release(note)?;
		let message = close_message(&Self::genesis(), offer, note);
		ensure!(
			sp_io::crypto::sr25519_verify(signature, &message, &held.offer_key),
			Error::<T>::InvalidPayoutSignature
		);
		Ok(())
	}

	/// A payout of a lock of delivery slot `slot` holding `locked` to `note`: the slot is over,
	/// and the note holds exactly the lock.
	fn check_payout(slot: SlotIndex, locked: &Commitment, note: &Note) -> Result<(), Error<T>> {
		ensure!(T::Market::status().slot > slot, Error::<T>::DeliveryNotOver);
		ensure!(note.commitment == *locked, Error::<T>::WrongAmount);
		Ok(())
	}
}
