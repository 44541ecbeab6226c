//! `on_idle`'s work: the pending slots, oldest first, whose offers it releases once their trading
//! slot is over and whose agreements it settles once they can be.

use crate::{
	Agreements, Config, Error, Event, Offers, OldestPricedSlot, Pallet, PendingSlots,
	SlotAgreementCount, SlotAgreements, SlotGridPrices, SlotOffers, WeightInfo,
};
use alloc::vec::Vec;
use energy_primitives::SlotIndex;
use frame_support::{dispatch::DispatchResult, traits::Get, weights::WeightMeter};

/// The most slots whose grid prices `on_idle` removes in one block: one a block keeps up with
/// the clock; more catch up after the chain stood still.
const PRICES_PRUNED_PER_BLOCK: u32 = 16;

impl<T: Config> Pallet<T> {
	/// Records `slot` as having market work, keeping the list in slot order.
	pub(crate) fn add_pending(slot: SlotIndex) -> DispatchResult {
		PendingSlots::<T>::try_mutate(|pending| {
			if pending.contains(&slot) {
				return Ok(());
			}
			let at = pending.iter().position(|s| *s > slot).unwrap_or(pending.len());
			pending.try_insert(at, slot).map_err(|_| Error::<T>::MarketBacklog.into())
		})
	}

	/// Forgets `slot` once it has neither open offers nor unsettled agreements.
	pub(crate) fn prune_pending(slot: SlotIndex) {
		if SlotOffers::<T>::get(slot).is_empty() && SlotAgreementCount::<T>::get(slot) == 0 {
			SlotOffers::<T>::remove(slot);
			PendingSlots::<T>::mutate(|pending| pending.retain(|s| *s != slot));
		}
	}

	/// Removes, oldest first and at most `PRICES_PRUNED_PER_BLOCK` a block, the grid prices of
	/// slots that ended more than `PriceHistorySlots` ago: nothing reads them any more (offers
	/// and agreements carry what they need), so per-slot prices do not pile up for good.
	pub(crate) fn prune_prices(meter: &mut WeightMeter, now: SlotIndex) {
		if meter.try_consume(T::DbWeight::get().reads(1)).is_err() {
			return;
		}
		let Some(mut oldest) = OldestPricedSlot::<T>::get() else {
			return;
		};
		let keep_from = now.saturating_sub(T::PriceHistorySlots::get());
		let step = T::DbWeight::get().writes(1);
		let mut removed = 0;
		while oldest < keep_from
			&& removed < PRICES_PRUNED_PER_BLOCK
			&& meter.can_consume(step.saturating_add(step))
		{
			meter.consume(step);
			SlotGridPrices::<T>::remove(oldest);
			oldest = oldest.saturating_add(1);
			removed += 1;
		}
		if removed > 0 {
			meter.consume(step);
			OldestPricedSlot::<T>::put(oldest);
		}
	}

	/// `on_idle`'s work, oldest slot first, within `meter`: release the offers of slots
	/// whose trading is over and settle the agreements that can be settled.
	pub(crate) fn do_chores(meter: &mut WeightMeter) {
		let read = T::DbWeight::get().reads(2);
		if meter.try_consume(read).is_err() {
			return;
		}
		let now = Self::current_slot();
		Self::prune_prices(meter, now);
		let step = T::WeightInfo::make_transaction().max(T::WeightInfo::release_offer());
		let mut steps = 0u32;
		for slot in PendingSlots::<T>::get() {
			if slot > now {
				break;
			}
			for id in SlotOffers::<T>::get(slot) {
				if steps >= T::MaxSettlementsPerBlock::get() || !meter.can_consume(step) {
					return;
				}
				meter.consume(step);
				steps += 1;
				if let Some(open) = Offers::<T>::get(id) {
					let released = Self::close_offer(id, &open);
					Self::deposit_event(Event::OfferReleased { offer: id, released });
				}
			}
			if slot < now {
				// Look at each agreement (its key, itself, two readings and its parties' turns)
				// and settle it if it can be: `settle` refuses what still waits for a meter or
				// for an earlier agreement of its seller or buyer, before writing anything. The
				// list is not changed while it is being walked. A round that settled something
				// may have made later agreements' turns come, so another round follows.
				let look = T::DbWeight::get().reads(6);
				let mut exhausted = false;
				while !exhausted {
					let mut done = Vec::new();
					let mut settled_any = false;
					for id in SlotAgreements::<T>::iter_key_prefix(slot) {
						if steps >= T::MaxSettlementsPerBlock::get()
							|| !meter.can_consume(look.saturating_add(step))
						{
							exhausted = true;
							break;
						}
						meter.consume(look);
						match Agreements::<T>::get(id) {
							Some(agreement) => {
								if Self::settle(id, &agreement, now).is_ok() {
									meter.consume(step);
									steps += 1;
									settled_any = true;
									done.push(id);
								}
							}
							None => done.push(id),
						}
					}
					for id in done {
						Self::forget_agreement(slot, id);
					}
					if !settled_any {
						break;
					}
				}
			}
			Self::prune_pending(slot);
		}
	}
}
