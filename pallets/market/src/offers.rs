//! Offers (step 2): made against held energy and collateral, listed with their agents for
//! GetOffers (step 3), and closed when cancelled or once their trading slot is over.

use crate::{
	Agents, Config, Error, Event, HoldReason, NextOfferId, Offer, Offers, Pallet, PenaltyRate,
	SellerOffers, SlotGridPrices, SlotOffers,
};
use alloc::vec::Vec;
use energy_primitives::{
	energy_value, Balance, Energy, MeterData, OfferId, OfferView, Phase, SlotIndex,
};
use frame_support::{
	dispatch::DispatchResult,
	ensure,
	traits::{
		fungible::{Inspect, MutateHold},
		tokens::{Fortitude, Precision, Preservation},
		Get,
	},
	BoundedVec,
};
use sp_runtime::traits::Zero;

impl<T: Config> Pallet<T> {
	/// Makes `seller`'s offer of `energy` Wh for delivery in the next slot at no less than
	/// `floor_price` per kWh (step 2, `make_offer`): holds the energy and the seller's
	/// collateral, and lists the offer under its slot.
	pub(crate) fn open_offer(
		seller: T::AccountId,
		energy: Energy,
		floor_price: Balance,
	) -> DispatchResult {
		let status = Self::status();
		ensure!(status.phase == Phase::Negotiation, Error::<T>::NegotiationClosed);
		let slot = status.slot.saturating_add(1);
		let info = Agents::<T>::get(&seller).ok_or(Error::<T>::NotPublished)?;
		ensure!(info.kind.sells(), Error::<T>::NotASeller);
		ensure!(energy > 0, Error::<T>::ZeroEnergy);
		let prices = SlotGridPrices::<T>::get(slot).ok_or(Error::<T>::NoGridPrices)?;
		ensure!(floor_price <= prices.import_price, Error::<T>::FloorAboveImportPrice);
		let free =
			T::Energy::reducible_balance(&seller, Preservation::Expendable, Fortitude::Polite);
		ensure!(energy <= free, Error::<T>::InsufficientEnergy);
		let penalty_rate = PenaltyRate::<T>::get();
		let collateral = penalty_rate.mul_ceil(energy_value(energy, prices.import_price));
		ensure!(Self::can_hold_money(&seller, collateral), Error::<T>::SellerCannotCoverPenalty);
		let mut offers = SlotOffers::<T>::get(slot);
		let seller_offers = SellerOffers::<T>::get(slot, &seller);
		ensure!(seller_offers < T::MaxOffersPerSeller::get(), Error::<T>::TooManySellerOffers);
		let id = NextOfferId::<T>::get();
		offers.try_push(id).map_err(|_| Error::<T>::TooManyOffers)?;
		Self::add_pending(slot)?;

		T::Energy::hold(&HoldReason::Offered.into(), &seller, energy)?;
		if !collateral.is_zero() {
			T::Currency::hold(&HoldReason::Escrow.into(), &seller, collateral)?;
		}
		NextOfferId::<T>::put(id.saturating_add(1));
		SlotOffers::<T>::insert(slot, offers);
		SellerOffers::<T>::insert(slot, &seller, seller_offers + 1);
		Offers::<T>::insert(
			id,
			Offer {
				seller: seller.clone(),
				slot,
				offered: energy,
				remaining: energy,
				floor_price,
				penalty_rate,
				collateral,
				buyers: BoundedVec::new(),
			},
		);
		Self::deposit_event(Event::OfferMade {
			offer: id,
			seller,
			slot,
			energy,
			floor_price,
			collateral,
		});
		Ok(())
	}

	/// The open offers for delivery in `slot`, with their agents' endpoints and keys.
	pub fn offers(slot: SlotIndex) -> Vec<OfferView<T::AccountId>> {
		SlotOffers::<T>::get(slot).into_iter().filter_map(Self::offer_view).collect()
	}

	/// Open offer `id` with its agent's endpoint and key, if it is open and its seller's agent
	/// published them.
	pub fn offer_view(id: OfferId) -> Option<OfferView<T::AccountId>> {
		let offer = Offers::<T>::get(id)?;
		let agent = Agents::<T>::get(&offer.seller)?;
		Some(OfferView {
			id,
			seller: offer.seller,
			slot: offer.slot,
			energy_wh: offer.remaining,
			floor_price: offer.floor_price,
			endpoint: agent.endpoint.into_inner(),
			negotiation_key: agent.negotiation_key.0,
		})
	}

	pub(crate) fn can_hold_money(who: &T::AccountId, amount: Balance) -> bool {
		amount.is_zero()
			|| T::Currency::reducible_balance(who, Preservation::Preserve, Fortitude::Polite)
				>= amount
	}

	/// Removes an offer and frees its unsold energy and uncommitted collateral; returns the
	/// energy freed.
	pub(crate) fn close_offer(id: OfferId, offer: &Offer<T>) -> Energy {
		// The pallet holds at least `remaining` and `collateral` for the offer (its
		// agreements hold the rest), so the releases are whole.
		let released = T::Energy::release(
			&HoldReason::Offered.into(),
			&offer.seller,
			offer.remaining,
			Precision::BestEffort,
		)
		.unwrap_or_default();
		if !offer.collateral.is_zero() {
			let _ = T::Currency::release(
				&HoldReason::Escrow.into(),
				&offer.seller,
				offer.collateral,
				Precision::BestEffort,
			);
		}
		T::Meters::burn_unbacked(&offer.seller);
		Offers::<T>::remove(id);
		SlotOffers::<T>::mutate(offer.slot, |ids| ids.retain(|other| *other != id));
		SellerOffers::<T>::mutate_exists(offer.slot, &offer.seller, |count| {
			*count = count.and_then(|c| c.checked_sub(1)).filter(|c| *c > 0);
		});
		released
	}
}
