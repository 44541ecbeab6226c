//! The market's clock of slots: the slot now and its phase, and changes of the slot length and
//! recording window that take effect from the next slot.

use crate::{Clock, Config, CurrentClock, Error, Event, NextClock, Pallet};
use energy_primitives::{MarketStatus, SlotIndex};
use frame_support::{
	dispatch::DispatchResult,
	ensure,
	traits::{Get, UnixTime},
	weights::Weight,
};

impl<T: Config> Pallet<T> {
	/// Unix time now, in milliseconds.
	pub fn now() -> u64 {
		T::UnixTime::now().as_millis().try_into().unwrap_or(u64::MAX)
	}

	/// The clock in force now: a scheduled one once its first slot has started.
	pub fn clock() -> Clock {
		match NextClock::<T>::get() {
			Some(next) if Self::now() >= next.epoch_millis => next,
			_ => CurrentClock::<T>::get(),
		}
	}

	/// The market slot now.
	pub fn current_slot() -> SlotIndex {
		Self::clock().slot_at(Self::now())
	}

	/// The slot now, its phase and when its windows end.
	pub fn status() -> MarketStatus {
		Self::clock().status_at(Self::now())
	}

	/// Whether a slot of `slot_millis` with a recording window of `recording_millis` is
	/// one the clock can run.
	pub fn valid_timing(slot_millis: u64, recording_millis: u64) -> bool {
		slot_millis >= T::MinSlotMillis::get()
			&& recording_millis > 0
			&& recording_millis < slot_millis
	}

	/// Schedules a clock of `slot_millis` slots with `recording_millis` recording windows,
	/// from the next slot on (`set_clock`).
	///
	/// A scheduled clock whose first slot has started is put in force first: `on_initialize`
	/// runs before the block's timestamp is set, so in the first block of the new clock it is
	/// still only scheduled, and replacing it there would bring back the old clock's slot
	/// numbers. A scheduled clock that has not started is replaced: both start with the next
	/// slot, which keeps its number. Slot numbers therefore never go back.
	pub(crate) fn schedule_clock(slot_millis: u64, recording_millis: u64) -> DispatchResult {
		ensure!(Self::valid_timing(slot_millis, recording_millis), Error::<T>::InvalidClock);
		if let Some(due) = NextClock::<T>::get().filter(|next| Self::now() >= next.epoch_millis) {
			CurrentClock::<T>::put(due);
		}
		let clock = Self::clock();
		let next_slot = clock.slot_at(Self::now()).saturating_add(1);
		let next = Clock {
			epoch_millis: clock.start_of(next_slot),
			epoch_slot: next_slot,
			slot_millis,
			recording_millis,
		};
		NextClock::<T>::put(next);
		Self::deposit_event(Event::ClockScheduled { clock: next });
		Ok(())
	}

	/// The clock's part of `on_initialize`: puts a scheduled clock in force; returns the
	/// weight it used.
	pub(crate) fn apply_scheduled_clock() -> Weight {
		// A scheduled clock takes over once its first slot has started.
		let Some(next) = NextClock::<T>::get() else {
			return T::DbWeight::get().reads(1);
		};
		if Self::now() >= next.epoch_millis {
			CurrentClock::<T>::put(next);
			NextClock::<T>::kill();
			return T::DbWeight::get().reads_writes(2, 2);
		}
		T::DbWeight::get().reads(2)
	}
}

/// The private market trades on this market's clock, within its grid prices.
impl<T: Config> energy_primitives::TradingSlots for Pallet<T> {
	fn status() -> MarketStatus {
		Pallet::<T>::status()
	}

	fn grid_prices(slot: SlotIndex) -> Option<energy_primitives::GridPrices> {
		crate::SlotGridPrices::<T>::get(slot)
	}
}
