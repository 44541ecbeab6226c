//! Settlement: a locked payment released by the buyer, claimed by the seller against its meter
//! or refunded to the buyer with the seller's penalty, and an offer's lock returned. Each payout
//! is signed by a one-time key the lock named and pays a note that holds exactly what the lock
//! owes.

use crate::{
	Agreements, ClaimSlots, Config, Error, Offers, Pallet, PrivateAgreement, PrivateOffer,
};
use codec::Encode;
use energy_primitives::{AgreementId, Energy, MeterData, OfferId, SlotIndex, TradingSlots};
use energy_privacy::{
	claim_message, close_message, commit, host::privacy_verify, refund_message, release_message,
	remaining_after, Commitment, KeyImage, MarketKey, MarketScope, MarketSignature, Note, Scalar,
};
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
	) -> Result<PrivateAgreement, DispatchError> {
		let held = Agreements::<T>::get(agreement).ok_or(Error::<T>::UnknownAgreement)?;
		Self::check_payout(held.slot, &held.payment, note)?;
		T::MoneyNotes::check_release(note)?;
		let message = release_message(&Self::genesis(), agreement, note);
		Self::ensure_signed_by(&held.buyer_key, &message, signature)?;
		Ok(held)
	}

	/// The checks of `claim_payment`: the agreement, its slot over, the note the payment's,
	/// the opening of its energy, the offer's one-time key's signature for `seller`, and
	/// `seller`'s exports of the slot, less what settlements of either market used, covering
	/// the energy.
	pub(crate) fn check_claim(
		seller: &T::AccountId,
		agreement: AgreementId,
		note: &Note,
		energy: Energy,
		energy_blinding: [u8; 32],
		signature: &sr25519::Signature,
	) -> Result<PrivateAgreement, DispatchError> {
		let held = Agreements::<T>::get(agreement).ok_or(Error::<T>::UnknownAgreement)?;
		Self::check_payout(held.slot, &held.payment, note)?;
		T::MoneyNotes::check_release(note)?;
		Self::check_opening(&held.energy, energy, energy_blinding)?;
		let offer = Offers::<T>::get(held.offer).ok_or(Error::<T>::UnknownOffer)?;
		let message = claim_message(&Self::genesis(), agreement, &seller.encode(), note);
		Self::ensure_signed_by(&offer.offer_key, &message, signature)?;
		let reading = T::Meters::reading(seller, held.slot).ok_or(Error::<T>::ReadingPending)?;
		let used = T::Meters::used_exports(seller, held.slot);
		ensure!(reading.exported_wh.saturating_sub(used) >= energy, Error::<T>::NotDelivered);
		Ok(held)
	}

	/// The checks of `refund_payment`: the agreement, `ClaimSlots` slots past its delivery,
	/// the opening of its energy, the note welcome in the money pool and holding the payment,
	/// and the buyer's one-time key's signature.
	pub(crate) fn check_refund(
		agreement: AgreementId,
		note: &Note,
		reblinding: &Option<(MarketSignature, KeyImage)>,
		energy: Energy,
		energy_blinding: [u8; 32],
		signature: &sr25519::Signature,
	) -> Result<PrivateAgreement, DispatchError> {
		let held = Agreements::<T>::get(agreement).ok_or(Error::<T>::UnknownAgreement)?;
		let now = Self::delivered(held.slot)?;
		ensure!(
			now > held.slot.saturating_add(ClaimSlots::<T>::get()),
			Error::<T>::ClaimWindowOpen
		);
		T::MoneyNotes::check_release(note)?;
		Self::check_opening(&held.energy, energy, energy_blinding)?;
		let genesis = Self::genesis();
		let message = refund_message(&genesis, agreement, note);
		Self::ensure_holds(genesis, note, &held.payment, reblinding, &message)?;
		Self::ensure_signed_by(&held.buyer_key, &message, signature)?;
		Ok(held)
	}

	/// The checks of `close_offer`: the offer, its slot over, no open agreement, the note
	/// welcome in the energy pool and holding what the lock returns, and the offer's one-time
	/// key's signature.
	pub(crate) fn check_close(
		offer: OfferId,
		note: &Note,
		reblinding: &Option<(MarketSignature, KeyImage)>,
		signature: &sr25519::Signature,
	) -> Result<PrivateOffer, DispatchError> {
		let held = Offers::<T>::get(offer).ok_or(Error::<T>::UnknownOffer)?;
		Self::delivered(held.slot)?;
		ensure!(held.open == 0, Error::<T>::OpenAgreements);
		T::EnergyNotes::check_release(note)?;
		let genesis = Self::genesis();
		let message = close_message(&genesis, offer, note);
		Self::ensure_holds(genesis, note, &held.returning, reblinding, &message)?;
		Self::ensure_signed_by(&held.offer_key, &message, signature)?;
		Ok(held)
	}

	/// The agreement `agreement` (`held`) is settled: forget it, and count it off its offer,
	/// whose lock no longer returns `penalty` if the seller paid one.
	pub(crate) fn resolve(
		agreement: AgreementId,
		held: &PrivateAgreement,
		penalty: Option<&Commitment>,
	) {
		Agreements::<T>::remove(agreement);
		Offers::<T>::mutate(held.offer, |offer| {
			if let Some(offer) = offer {
				offer.open = offer.open.saturating_sub(1);
				if let Some(returning) =
					penalty.and_then(|energy| remaining_after(&offer.returning, energy).ok())
				{
					offer.returning = returning;
				}
			}
		});
	}

	/// A payout of a lock of delivery slot `slot` holding `locked` to `note`: the slot is over,
	/// and the note holds exactly the lock.
	fn check_payout(slot: SlotIndex, locked: &Commitment, note: &Note) -> Result<(), Error<T>> {
		Self::delivered(slot)?;
		ensure!(note.commitment == *locked, Error::<T>::WrongAmount);
		Ok(())
	}

	/// The market's slot now, once delivery slot `slot` is over.
	fn delivered(slot: SlotIndex) -> Result<SlotIndex, Error<T>> {
		let now = T::Market::status().slot;
		ensure!(now > slot, Error::<T>::DeliveryNotOver);
		Ok(now)
	}

	/// `note` holds `owed`: its commitment is `owed`, or `reblinding` proves, over the payout's
	/// `message` on the chain of `genesis`, that it hides the same amount under a blinding of its own (a note its owner's
	/// wallet made, whose blinding the wallet derives). `note - owed = δ·G` exactly when both
	/// hide one amount, and a ring signature of that one key made with `δ` proves it.
	fn ensure_holds(
		genesis: [u8; 32],
		note: &Note,
		owed: &Commitment,
		reblinding: &Option<(MarketSignature, KeyImage)>,
		message: &[u8],
	) -> Result<(), Error<T>> {
		if note.commitment == *owed {
			return Ok(());
		}
		let (proof, image) = reblinding.as_ref().ok_or(Error::<T>::WrongAmount)?;
		let difference =
			remaining_after(&note.commitment, owed).map_err(|_| Error::<T>::InvalidReblinding)?;
		privacy_verify::market_verify(
			message,
			MarketScope::reblinding(genesis),
			&[MarketKey(difference.0)],
			*image,
			proof.clone(),
		)
		.map_err(|_| Error::<T>::InvalidReblinding)
	}

	/// `energy` and `blinding` open `commitment`.
	fn check_opening(
		commitment: &Commitment,
		energy: Energy,
		blinding: [u8; 32],
	) -> Result<(), Error<T>> {
		let blinding: Scalar =
			Option::from(Scalar::from_canonical_bytes(blinding)).ok_or(Error::<T>::WrongOpening)?;
		ensure!(commit(energy, &blinding) == *commitment, Error::<T>::WrongOpening);
		Ok(())
	}

	/// `signature` is `key`'s of `message`.
	fn ensure_signed_by(
		key: &sr25519::Public,
		message: &[u8],
		signature: &sr25519::Signature,
	) -> Result<(), Error<T>> {
		ensure!(
			sp_io::crypto::sr25519_verify(signature, message, key),
			Error::<T>::InvalidPayoutSignature
		);
		Ok(())
	}
}
