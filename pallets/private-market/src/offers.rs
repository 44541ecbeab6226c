//! Private offers: the checks a seller's offer passes before its energy is locked.

use crate::{Auditor, Config, Error, OfferRequest, Pallet, SlotCounts, UsedImages};
use alloc::vec::Vec;
use energy_primitives::{SlotIndex, TradingSlots};
use energy_privacy::{
	check_stamp, host::privacy_verify, market_stamp_subject, offer_message, AuditorKey, MarketKey,
	MarketRole, MarketScope, Message, TransferInput,
};
use frame_support::{ensure, traits::Get};
use pallet_shielded_pool::NoteLocks;
use sp_runtime::DispatchError;

impl<T: Config> Pallet<T> {
	/// The scope of the market signatures of `role` in delivery slot `slot`.
	pub fn scope(slot: SlotIndex, role: MarketRole) -> MarketScope {
		MarketScope { genesis: Self::genesis(), slot, role }
	}

	/// The checks of a private offer that need no curve arithmetic, cheapest first: its slot
	/// and the slot's room, its ring's shape, its image, its stamp, its lock's shape and its
	/// ring's households. What the block may have made stale since the offer was validated is
	/// among them, so `pre_dispatch` runs them. Returns its scope, message, auditor and ring.
	pub(crate) fn check_offer(
		request: &OfferRequest<T>,
	) -> Result<(MarketScope, Message, AuditorKey, Vec<MarketKey>), DispatchError> {
		let slot = Self::trading_slot()?;
		ensure!(request.slot == slot, Error::<T>::NotTrading);
		ensure!(T::Market::grid_prices(slot).is_some(), Error::<T>::NoGridPrices);
		ensure!(
			SlotCounts::<T>::get(slot).0 < T::MaxOffersPerSlot::get(),
			Error::<T>::TooManyOffers
		);
		let auditor = Self::check_seat(slot, &request.ring, &request.key_image)?;
		let scope = Self::scope(slot, MarketRole::Offer);
		let message = Self::offer_message_in(&scope, request);
		Self::ensure_stamp(&message, &request.signature, &request.inputs, request.stamp)?;
		T::EnergyNotes::check_lock(&request.inputs, request.fee)?;
		let keys = Self::ring_keys(&request.ring)?;
		Ok((scope, message, auditor, keys))
	}

	/// Everything about a private offer but its lock's ring signatures and balance: the cheap
	/// checks, then its market signature and its audit handle. Returns its message, which its
	/// lock's spends sign.
	pub(crate) fn verify_offer(request: &OfferRequest<T>) -> Result<Message, DispatchError> {
		let (scope, message, auditor, keys) = Self::check_offer(request)?;
		privacy_verify::market_verify(
			&message,
			scope,
			&keys,
			request.key_image,
			request.signature.clone(),
		)
		.map_err(|_| Error::<T>::InvalidMarketSignature)?;
		privacy_verify::verify_audit(auditor, request.locked, request.audit)
			.map_err(|_| Error::<T>::InvalidAudit)?;
		Ok(message)
	}

	/// The message `request`'s signatures sign (`energy_privacy::offer_message`).
	pub fn offer_message_of(request: &OfferRequest<T>) -> Message {
		Self::offer_message_in(&Self::scope(request.slot, MarketRole::Offer), request)
	}

	/// The message `request`'s signatures sign in `scope`, its slot's offer scope.
	fn offer_message_in(scope: &MarketScope, request: &OfferRequest<T>) -> Message {
		offer_message(
			scope,
			&request.ring,
			&request.offer_key.0,
			&request.inputs,
			&request.locked,
			&request.audit,
			&request.details,
			request.fee,
		)
	}

	/// The checks of a household's seat in `slot`, shared by offers and purchases: its ring's
	/// shape, its key image unused, and an auditor to open what it locks. Returns the auditor.
	pub(crate) fn check_seat(
		slot: SlotIndex,
		ring: &[u32],
		image: &energy_privacy::KeyImage,
	) -> Result<AuditorKey, Error<T>> {
		Self::check_ring_shape(ring)?;
		ensure!(!UsedImages::<T>::contains_key(slot, image), Error::<T>::ImageUsed);
		Auditor::<T>::get().ok_or(Error::<T>::NoAuditor)
	}

	/// The call's stamp gives `StampBits` bits of work for its message and every signature it
	/// carries: two hashes, before any curve arithmetic.
	pub(crate) fn ensure_stamp(
		message: &Message,
		signature: &energy_privacy::MarketSignature,
		inputs: &[TransferInput],
		stamp: u64,
	) -> Result<(), Error<T>> {
		let subject =
			market_stamp_subject(message, signature, inputs.iter().map(|input| &input.signature));
		ensure!(check_stamp(&subject, stamp, T::StampBits::get()), Error::<T>::InsufficientStamp);
		Ok(())
	}
}
