//! What a household's agent buys: its forecast import in the delivery slot, from the household's
//! own readings on chain (the data-analytics agent of the paper's section 4.4, reduced to what a
//! worker can do with the chain's data alone).

use crate::{Config, Pallet};
use energy_primitives::{Energy, MeterData, SlotIndex};

/// Slots in a day: the market's slots are hours, compressed or not.
pub const SLOTS_PER_DAY: SlotIndex = 24;

impl<T: Config> Pallet<T> {
	/// `household`'s forecast import in `delivery`, in Wh: seasonal-naive, the import its meter
	/// read in the same slot a day earlier; the last ended slot's (`delivery - 2`, the slot
	/// before the one trading now) for a household with less than a day of readings; nothing for
	/// one with no readings.
	///
	/// Metered import is what the household bought from the grid and its neighbours together,
	/// so it is what the household needs to buy whether the grid or a neighbour sells it.
	pub fn forecast_import(household: &T::AccountId, delivery: SlotIndex) -> Energy {
		let day_before = delivery.checked_sub(SLOTS_PER_DAY);
		let last_ended = delivery.checked_sub(2);
		day_before
			.and_then(|slot| T::Meters::reading(household, slot))
			.or_else(|| last_ended.and_then(|slot| T::Meters::reading(household, slot)))
			.map_or(0, |reading| reading.imported_wh)
	}
}
