//! Private purchases: the checks a buyer's purchase passes before its payment is locked and the
//! offer's remaining energy shrinks.

use crate::{
	price_bounds, Config, Error, Offers, Pallet, PrivateOffer, PurchaseRequest, SlotCounts,
};
use alloc::vec::Vec;
use energy_primitives::{SlotIndex, TradingSlots};
use energy_privacy::{
	consent_message, host::privacy_verify, purchase_message, remaining_after, AuditorKey,
	Commitment, MarketKey, MarketRole, MarketScope, Message, PriceBounds,
};
use frame_support::{ensure, traits::Get};
use pallet_shielded_pool::NoteLocks;
use sp_runtime::DispatchError;

impl<T: Config> Pallet<T> {
	/// The checks of a private purchase that need no curve arithmetic, cheapest first: its
	/// offer and slot and the slot's room, its ring's shape, its image, its stamp, its lock's
	/// shape, its ring's households and the seller's consent to the offer's remaining energy
	/// now (an sr25519 signature, which the host checks). What the block may have made stale
	/// since the purchase was validated is among them, so `pre_dispatch` runs them. Returns
	/// what verification goes on with.
	pub(crate) fn check_purchase(
		request: &PurchaseRequest<T>,
	) -> Result<CheckedPurchase, DispatchError> {
		let offer = Offers::<T>::get(request.offer).ok_or(Error::<T>::UnknownOffer)?;
		let slot = Self::trading_slot()?;
		ensure!(offer.slot == slot, Error::<T>::NotTrading);
		let prices = T::Market::grid_prices(slot).ok_or(Error::<T>::NoGridPrices)?;
		let bounds = price_bounds(&prices).ok_or(Error::<T>::PriceOutOfRange)?;
		ensure!(
			SlotCounts::<T>::get(slot).1 < T::MaxPurchasesPerSlot::get(),
			Error::<T>::TooManyPurchases
		);
		let auditor = Self::check_seat(slot, &request.ring, &request.key_image)?;
		let scope = Self::scope(slot, MarketRole::Purchase);
		let message = Self::purchase_message_in(&scope, request);
		Self::ensure_stamp(&message, &request.signature, &request.inputs, request.stamp)?;
		T::MoneyNotes::check_lock(&request.inputs, request.fee)?;
		let keys = Self::ring_keys(&request.ring)?;
		let consent = consent_message(
			&scope.genesis,
			request.offer,
			&offer.remaining,
			&request.agreed,
			&request.proof,
			&request.buyer_key.0,
		);
		ensure!(
			sp_io::crypto::sr25519_verify(&request.consent, &consent, &offer.offer_key),
			Error::<T>::InvalidConsent
		);
		Ok(CheckedPurchase { offer, bounds, auditor, scope, message, keys })
	}

	/// The message `request`'s signatures sign (`energy_privacy::purchase_message`), for an
	/// offer of delivery slot `slot`.
	pub fn purchase_message_of(request: &PurchaseRequest<T>, slot: SlotIndex) -> Message {
		Self::purchase_message_in(&Self::scope(slot, MarketRole::Purchase), request)
	}

	/// The message `request`'s signatures sign in `scope`, its offer's slot's purchase scope.
	fn purchase_message_in(scope: &MarketScope, request: &PurchaseRequest<T>) -> Message {
		purchase_message(
			scope,
			request.offer,
			&request.ring,
			&request.buyer_key.0,
			&request.agreed,
			&request.proof,
			&request.audits,
			&request.inputs,
			request.fee,
			&request.consent.0,
		)
	}

	/// Everything about a private purchase but its lock's ring signatures and balance: the
	/// cheap checks, then its market signature, the agreement's proof and its audit handles.
	/// Returns its message (which its lock's spends sign), its offer, and the offer's remaining
	/// energy after it.
	pub(crate) fn verify_purchase(
		request: &PurchaseRequest<T>,
	) -> Result<(Message, PrivateOffer, Commitment), DispatchError> {
		let CheckedPurchase { offer, bounds, auditor, scope, message, keys } =
			Self::check_purchase(request)?;
		privacy_verify::market_verify(
			&message,
			scope,
			&keys,
			request.key_image,
			request.signature.clone(),
		)
		.map_err(|_| Error::<T>::InvalidMarketSignature)?;
		privacy_verify::verify_agreement(
			bounds,
			offer.remaining,
			request.agreed,
			request.proof.clone(),
		)
		.map_err(|_| Error::<T>::InvalidAgreement)?;
		let [energy_audit, payment_audit] = request.audits;
		privacy_verify::verify_audit(auditor, request.agreed.energy, energy_audit)
			.map_err(|_| Error::<T>::InvalidAudit)?;
		privacy_verify::verify_audit(auditor, request.agreed.payment, payment_audit)
			.map_err(|_| Error::<T>::InvalidAudit)?;
		let remaining = remaining_after(&offer.remaining, &request.agreed.energy)
			.map_err(|_| Error::<T>::InvalidAgreement)?;
		Ok((message, offer, remaining))
	}
}

/// What the cheap checks of a purchase found, for its verification.
pub(crate) struct CheckedPurchase {
	/// The offer bought from, as it is now.
	pub(crate) offer: PrivateOffer,
	bounds: PriceBounds,
	auditor: AuditorKey,
	scope: MarketScope,
	message: Message,
	keys: Vec<MarketKey>,
}
