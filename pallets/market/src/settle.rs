//! Settling agreements (step 6) against the meter readings: the seller is paid for what both
//! meters confirm, whoever fell short pays a penalty to the grid operator, the rest is released.

use crate::{
	AgreementOf, Agreements, Config, Error, Event, HoldReason, HouseholdSettlement,
	HouseholdSettlements, Pallet, Settlement, SlotAgreementCount, SlotAgreements,
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
	///
	/// Each household's agreements of a slot settle in the order they were recorded, and each
	/// takes, of the meter-confirmed flows, only what it delivered: so the outcome is the same
	/// whoever settles and in whatever order, and a failed sale does not use up the imports
	/// that another seller's delivery made.
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

		let mut seller_used = HouseholdSettlements::<T>::get(agreement.slot, &agreement.seller);
		let mut buyer_used = HouseholdSettlements::<T>::get(agreement.slot, &agreement.buyer);
		ensure!(
			seller_used.settled == agreement.seller_turn
				&& buyer_used.settled == agreement.buyer_turn,
			Error::<T>::EarlierAgreementsFirst
		);

		// Each meter-confirmed watt-hour counts for one agreement only: a household's sales
		// share its exports, its purchases its imports, in the order recorded. Exports are
		// shared with the private market's claims through the meters' ledger (which holds this
		// market's deliveries too; the household's own count covers slots settled before the
		// ledger existed).
		let used_exports =
			seller_used.exported.max(T::Meters::used_exports(&agreement.seller, agreement.slot));
		let exported = seller_reading
			.map_or(0, |r| r.exported_wh.saturating_sub(used_exports))
			.min(agreement.energy);
		// A buyer whose meter stayed silent past the grace period pays as a buyer that took
		// exactly what the seller's meter confirms, the reading that costs a buyer the most:
		// the price of what was delivered and the penalty on what was not. Staying silent must
		// never cost less than any reading.
		let imported = match buyer_reading {
			Some(reading) => reading.imported_wh.saturating_sub(buyer_used.imported),
			None => exported,
		}
		.min(agreement.energy);
		let delivered = exported.min(imported);
		let rate = agreement.penalty_rate;
		let mut settlement = Settlement {
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
			Self::move_money(id, agreement, &mut settlement)?;
			T::Energy::release(
				&HoldReason::Offered.into(),
				&agreement.seller,
				agreement.energy,
				Precision::Exact,
			)?;
			Ok::<_, DispatchError>(())
		})?;
		T::Meters::burn_unbacked(&agreement.seller);
		T::Meters::use_exports(&agreement.seller, agreement.slot, delivered);
		// What was delivered is used up on both sides; what one side confirmed beyond it stays
		// for the household's later agreements.
		seller_used.exported = seller_used.exported.saturating_add(delivered);
		buyer_used.imported = buyer_used.imported.saturating_add(delivered);
		Self::take_turn(agreement.slot, &agreement.seller, seller_used);
		Self::take_turn(agreement.slot, &agreement.buyer, buyer_used);
		Agreements::<T>::remove(id);
		Self::deposit_event(Event::AgreementSettled {
			agreement: id,
			seller: agreement.seller.clone(),
			buyer: agreement.buyer.clone(),
			settlement,
		});
		Ok(settlement)
	}

	/// Settles agreement `id` for the consortium (`force_settle`) once its grace period is over
	/// and its turn has come: as `settle` would if it can; if it cannot (what it holds is no
	/// longer all there, so paying or releasing it fails), unwinds it instead. Unwinding
	/// releases what is still held of its energy, escrow and collateral to their owners, pays
	/// nobody, and passes the turn on, so the households' later agreements and the slot settle.
	pub(crate) fn force_settle_agreement(
		id: AgreementId,
		agreement: &AgreementOf<T>,
		now: SlotIndex,
	) -> DispatchResult {
		ensure!(
			now > agreement.slot.saturating_add(T::GraceSlots::get()),
			Error::<T>::GraceNotOver
		);
		let seller_used = HouseholdSettlements::<T>::get(agreement.slot, &agreement.seller);
		let buyer_used = HouseholdSettlements::<T>::get(agreement.slot, &agreement.buyer);
		ensure!(
			seller_used.settled == agreement.seller_turn
				&& buyer_used.settled == agreement.buyer_turn,
			Error::<T>::EarlierAgreementsFirst
		);
		if Self::settle(id, agreement, now).is_ok() {
			return Ok(());
		}
		let escrow = HoldReason::Escrow.into();
		let released = |result: Result<Balance, DispatchError>| result.unwrap_or_default();
		let energy = T::Energy::release(
			&HoldReason::Offered.into(),
			&agreement.seller,
			agreement.energy,
			Precision::BestEffort,
		)
		.unwrap_or_default();
		let escrow_released = released(T::Currency::release(
			&escrow,
			&agreement.buyer,
			agreement.escrow,
			Precision::BestEffort,
		));
		let collateral = released(T::Currency::release(
			&escrow,
			&agreement.seller,
			agreement.collateral,
			Precision::BestEffort,
		));
		T::Meters::burn_unbacked(&agreement.seller);
		Self::take_turn(agreement.slot, &agreement.seller, seller_used);
		Self::take_turn(agreement.slot, &agreement.buyer, buyer_used);
		Agreements::<T>::remove(id);
		Self::deposit_event(Event::AgreementUnwound {
			agreement: id,
			seller: agreement.seller.clone(),
			buyer: agreement.buyer.clone(),
			energy,
			escrow: escrow_released,
			collateral,
		});
		Ok(())
	}

	/// Passes `who`'s turn in settling `slot` on to its next agreement. Once all its agreements
	/// of the slot are settled, its entry is removed: nothing reads it again, and the market
	/// keeps no per-slot record of a household past its settlement.
	fn take_turn(slot: SlotIndex, who: &T::AccountId, mut used: HouseholdSettlement) {
		used.settled = used.settled.saturating_add(1);
		if used.settled >= used.recorded {
			HouseholdSettlements::<T>::remove(slot, who);
		} else {
			HouseholdSettlements::<T>::insert(slot, who, used);
		}
	}

	/// Pays the seller and the penalties out of the escrow and collateral, and releases
	/// the rest. Without a grid operator, penalties stay with their payers.
	///
	/// A payment its recipient cannot take (less than the existential deposit, to an account
	/// that does not exist, such as a grid operator's emptied one) stays with its payer and is
	/// set to zero in `settlement`: a settlement whose readings are in, or whose grace period is
	/// over, never fails for want of a recipient, so no agreement and no slot is stuck.
	fn move_money(
		id: AgreementId,
		agreement: &AgreementOf<T>,
		settlement: &mut Settlement,
	) -> DispatchResult {
		let reason = HoldReason::Escrow.into();
		// Whether `amount` of `from`'s escrow went to `to`; if not, nothing moved.
		let pay = |from: &T::AccountId, to: &T::AccountId, amount: Balance| {
			amount.is_zero()
				|| frame_support::storage::with_storage_layer(|| {
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
				})
				.is_ok()
		};
		if !pay(&agreement.buyer, &agreement.seller, settlement.paid) {
			settlement.paid = 0;
		}
		let mut buyer_kept = agreement.escrow - settlement.paid;
		let mut seller_kept = agreement.collateral;
		let operator = T::Roles::grid_operator();
		for (payer, penalty, kept) in [
			(&agreement.seller, &mut settlement.seller_penalty, &mut seller_kept),
			(&agreement.buyer, &mut settlement.buyer_penalty, &mut buyer_kept),
		] {
			let paid_to = operator.as_ref().filter(|operator| pay(payer, operator, *penalty));
			let Some(operator) = paid_to else {
				*penalty = 0;
				continue;
			};
			if penalty.is_zero() {
				continue;
			}
			*kept -= *penalty;
			Self::deposit_event(Event::PenaltyPaid {
				agreement: id,
				payer: payer.clone(),
				operator: operator.clone(),
				amount: *penalty,
			});
		}
		for (who, amount) in [(&agreement.buyer, buyer_kept), (&agreement.seller, seller_kept)] {
			if !amount.is_zero() {
				T::Currency::release(&reason, who, amount, Precision::Exact)?;
			}
		}
		Ok(())
	}
}
