//! Settling agreements (step 6) against the meter readings: the seller is paid for what both
//! meters confirm, whoever fell short pays a penalty to the grid operator, the rest is released.

use crate::{
	AgreementOf, Agreements, Config, Error, Event, HoldReason, Pallet, Settlement,
	SlotAgreementCount, SlotAgreements, UsedFlows,
};
use energy_primitives::{energy_value, AgreementId, Balance, MeterData, RoleProvider, SlotIndex};
use frame_support::{
	dispatch::DispatchResult,
	ensure,
	traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Precision, Restriction},
		Get,
	},
};
use sp_runtime::{traits::Zero, DispatchError};

impl<T: Config> Pallet<T> {
	/// Takes a settled (or vanished) agreement off its slot's list.
	pub(crate) fn forget_agreement(slot: SlotIndex, id: AgreementId) {
		if SlotAgreements::<T>::take(slot, id).is_some() {
			SlotAgreementCount::<T>::mutate_exists(slot, |count| {
				*count = count.and_then(|c| c.checked_sub(1)).filter(|c| *c > 0);
			});
		}
	}

	/// Settles agreement `id` in slot `now`: pays, penalises, releases and forgets it. The
	/// caller removes it from its slot's list. Writes nothing if it fails.
	pub(crate) fn settle(
		id: AgreementId,
		agreement: &AgreementOf<T>,
		now: SlotIndex,
	) -> Result<Settlement, DispatchError> {
		ensure!(now > agreement.slot, Error::<T>::DeliveryNotOver);
		let seller_reading = T::Meters::reading(&agreement.seller, agreement.slot);
		let buyer_reading = T::Meters::reading(&agreement.buyer, agreement.slot);
		let grace_over = now > agreement.slot.saturating_add(T::GraceSlots::get());
		ensure!(
			grace_over || (seller_reading.is_some() && buyer_reading.is_some()),
			Error::<T>::ReadingsPending
		);

		// Each meter-confirmed watt-hour counts for one agreement only: a household's
		// sales share its exports, its purchases its imports, in the order recorded.
		let mut seller_used = UsedFlows::<T>::get(agreement.slot, &agreement.seller);
		let mut buyer_used = UsedFlows::<T>::get(agreement.slot, &agreement.buyer);
		let exported = seller_reading
			.map_or(0, |r| r.exported_wh.saturating_sub(seller_used.exported))
			.min(agreement.energy);
		let imported = buyer_reading
			.map_or(0, |r| r.imported_wh.saturating_sub(buyer_used.imported))
			.min(agreement.energy);
		let delivered = exported.min(imported);
		let rate = agreement.penalty_rate;
		let settlement = Settlement {
			delivered,
			paid: energy_value(delivered, agreement.price),
			seller_penalty: rate
				.mul_ceil(energy_value(agreement.energy - exported, agreement.price))
				.min(agreement.collateral),
			buyer_penalty: rate
				.mul_ceil(energy_value(agreement.energy - imported, agreement.price))
				.min(agreement.escrow.saturating_sub(energy_value(delivered, agreement.price))),
		};

		frame_support::storage::with_storage_layer(|| {
			Self::move_money(id, agreement, &settlement)?;
			T::Energy::release(
				&HoldReason::Offered.into(),
				&agreement.seller,
				agreement.energy,
				Precision::Exact,
			)?;
			Ok::<_, DispatchError>(())
		})?;
		T::Meters::burn_unbacked(&agreement.seller);
		seller_used.exported = seller_used.exported.saturating_add(exported);
		buyer_used.imported = buyer_used.imported.saturating_add(imported);
		UsedFlows::<T>::insert(agreement.slot, &agreement.seller, seller_used);
		UsedFlows::<T>::insert(agreement.slot, &agreement.buyer, buyer_used);
		Agreements::<T>::remove(id);
		Self::deposit_event(Event::AgreementSettled {
			agreement: id,
			seller: agreement.seller.clone(),
			buyer: agreement.buyer.clone(),
			settlement,
		});
		Ok(settlement)
	}

	/// Pays the seller and the penalties out of the escrow and collateral, and releases
	/// the rest. Without a grid operator, penalties stay with their payers.
	fn move_money(
		id: AgreementId,
		agreement: &AgreementOf<T>,
		settlement: &Settlement,
	) -> DispatchResult {
		let reason = HoldReason::Escrow.into();
		let pay = |from: &T::AccountId, to: &T::AccountId, amount: Balance| {
			if amount.is_zero() {
				return Ok(());
			}
			T::Currency::transfer_on_hold(
				&reason,
				from,
				to,
				amount,
				Precision::Exact,
				Restriction::Free,
				Fortitude::Polite,
			)
			.map(|_| ())
		};
		pay(&agreement.buyer, &agreement.seller, settlement.paid)?;
		let mut buyer_kept = agreement.escrow - settlement.paid;
		let mut seller_kept = agreement.collateral;
		if let Some(operator) = T::Roles::grid_operator() {
			for (payer, amount, kept) in [
				(&agreement.seller, settlement.seller_penalty, &mut seller_kept),
				(&agreement.buyer, settlement.buyer_penalty, &mut buyer_kept),
			] {
				if amount.is_zero() {
					continue;
				}
				pay(payer, &operator, amount)?;
				*kept -= amount;
				Self::deposit_event(Event::PenaltyPaid {
					agreement: id,
					payer: payer.clone(),
					operator: operator.clone(),
					amount,
				});
			}
		}
		for (who, amount) in [(&agreement.buyer, buyer_kept), (&agreement.seller, seller_kept)] {
			if !amount.is_zero() {
				T::Currency::release(&reason, who, amount, Precision::Exact)?;
			}
		}
		Ok(())
	}
}
