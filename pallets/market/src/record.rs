//! Recording agreements (step 5): the buyer's signed terms are checked against the offer, the
//! slot's prices and the recording window, and the buyer's payment is held in escrow.

use crate::{
	Agents, Agreement, Agreements, Config, Error, Event, HoldReason, HouseholdSettlements,
	NextAgreementId, Offers, Pallet, SignedTerms, SlotAgreementCount, SlotAgreements,
	SlotGridPrices,
};
use alloc::vec::Vec;
use energy_primitives::{agreement_message, energy_value, OfferId, Phase};
use frame_support::{
	dispatch::DispatchResult,
	ensure,
	traits::{fungible::MutateHold, Get},
};

impl<T: Config> Pallet<T> {
	/// Records `agreements` of `seller`'s offer `offer` (step 5): checks them all, then
	/// holds each buyer's escrow and writes them.
	pub(crate) fn record(
		seller: T::AccountId,
		offer: OfferId,
		agreements: &[SignedTerms<T::AccountId>],
	) -> DispatchResult {
		let mut open = Offers::<T>::get(offer).ok_or(Error::<T>::UnknownOffer)?;
		ensure!(open.seller == seller, Error::<T>::NotYourOffer);
		let status = Self::status();
		ensure!(
			status.phase == Phase::Recording && open.slot == status.slot.saturating_add(1),
			Error::<T>::NotRecordingWindow
		);
		let slot = open.slot;
		let prices = SlotGridPrices::<T>::get(slot);
		let genesis = Self::genesis_hash();
		let recorded = SlotAgreementCount::<T>::get(slot);
		let first_id = NextAgreementId::<T>::get();
		// Each agreement takes the next turn of its seller and of its buyer in the slot: the
		// order in which settlement takes each household's agreements.
		let mut seller_turns = HouseholdSettlements::<T>::get(slot, &seller);
		let mut accepted = Vec::with_capacity(agreements.len());
		for (terms, id) in agreements.iter().zip(first_id..) {
			let SignedTerms { buyer, energy, price, signature } = terms;
			let (energy, price) = (*energy, *price);
			ensure!(*buyer != seller, Error::<T>::SelfTrade);
			ensure!(Self::is_household(buyer), Error::<T>::NotAHousehold);
			let info = Agents::<T>::get(buyer).ok_or(Error::<T>::BuyerNotPublished)?;
			ensure!(info.kind.buys(), Error::<T>::NotABuyer);
			// A replayed agreement is refused as such, whatever the offer has left.
			ensure!(!open.buyers.contains(buyer), Error::<T>::AgreementExists);
			ensure!(energy > 0, Error::<T>::ZeroEnergy);
			ensure!(energy <= open.remaining, Error::<T>::ExceedsOffer);
			ensure!(price >= open.floor_price, Error::<T>::PriceBelowFloor);
			let prices = prices.ok_or(Error::<T>::NoGridPrices)?;
			ensure!(price <= prices.import_price, Error::<T>::PriceAboveImportPrice);
			open.buyers.try_push(buyer.clone()).map_err(|_| Error::<T>::TooManyAgreements)?;
			let count = recorded.saturating_add(accepted.len() as u32);
			ensure!(count < T::MaxAgreementsPerSlot::get(), Error::<T>::TooManySlotAgreements);

			let message = agreement_message(&genesis, offer, slot, &seller, buyer, energy, price);
			ensure!(
				sp_io::crypto::sr25519_verify(signature, &message, &info.negotiation_key),
				Error::<T>::BadSignature
			);

			let value = energy_value(energy, price);
			let highest_penalty = open.penalty_rate.mul_ceil(value);
			let escrow = value.saturating_add(highest_penalty);
			ensure!(Self::can_hold_money(buyer, escrow), Error::<T>::BuyerCannotPay);
			// The offer's collateral covers its energy at the import price when it was
			// made, rounded up once; agreements take their share of it, never more than
			// is left.
			let collateral = highest_penalty.min(open.collateral);
			open.remaining -= energy;
			open.collateral -= collateral;
			// A buyer appears once in a batch (one agreement per buyer and offer).
			let mut buyer_turns = HouseholdSettlements::<T>::get(slot, buyer);
			let seller_turn = seller_turns.recorded;
			let buyer_turn = buyer_turns.recorded;
			seller_turns.recorded = seller_turns.recorded.saturating_add(1);
			buyer_turns.recorded = buyer_turns.recorded.saturating_add(1);
			accepted.push((
				id,
				buyer_turns,
				Agreement {
					offer,
					seller: seller.clone(),
					buyer: buyer.clone(),
					slot,
					energy,
					price,
					penalty_rate: open.penalty_rate,
					escrow,
					collateral,
					seller_turn,
					buyer_turn,
				},
			));
		}

		let count = accepted.len() as u32;
		for (_, _, agreement) in &accepted {
			T::Currency::hold(&HoldReason::Escrow.into(), &agreement.buyer, agreement.escrow)?;
		}
		Offers::<T>::insert(offer, open);
		HouseholdSettlements::<T>::insert(slot, &seller, seller_turns);
		SlotAgreementCount::<T>::insert(slot, recorded.saturating_add(count));
		NextAgreementId::<T>::put(first_id.saturating_add(count.into()));
		for (id, buyer_turns, agreement) in accepted {
			SlotAgreements::<T>::insert(slot, id, ());
			HouseholdSettlements::<T>::insert(slot, &agreement.buyer, buyer_turns);
			Self::deposit_event(Event::AgreementRecorded {
				agreement: id,
				offer,
				seller: agreement.seller.clone(),
				buyer: agreement.buyer.clone(),
				slot,
				energy: agreement.energy,
				price: agreement.price,
			});
			Agreements::<T>::insert(id, agreement);
		}
		Ok(())
	}
}
