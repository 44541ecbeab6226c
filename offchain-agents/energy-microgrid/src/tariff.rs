//! The grid operator's prices: what a household pays for energy from the grid in each hour,
//! and what the grid pays for energy fed into it. They bound the market: no buyer pays more
//! than the import price, no seller takes less than the feed-in price.

use energy_primitives::{Balance, SlotIndex, UNIT};

/// A hundredth of the money token (one euro cent).
pub const CENT: Balance = UNIT / 100;

/// Import prices by hour of the day, and one feed-in price, per kWh.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Tariff {
	/// The import price of each hour of the day (UTC), per kWh.
	pub import_per_kwh: [Balance; 24],
	/// The feed-in price, per kWh.
	pub feed_in_per_kwh: Balance,
}

impl Tariff {
	/// A time-of-use tariff with the three periods of Spain's 2.0TD access tariff (CNMC
	/// Circular 3/2020): off-peak 00:00–08:00, peak 10:00–14:00 and 18:00–22:00, mid-peak the
	/// rest (applied to the model's UTC hours). The prices, 13, 20 and 30 cents per kWh, and the
	/// feed-in price of 5 cents are the simulator's round figures, not a supplier's offer.
	pub fn time_of_use() -> Self {
		let (off, mid, peak) = (13 * CENT, 20 * CENT, 30 * CENT);
		let mut import_per_kwh = [mid; 24];
		for (hour, price) in import_per_kwh.iter_mut().enumerate() {
			*price = match hour {
				0..=7 => off,
				10..=13 | 18..=21 => peak,
				_ => mid,
			};
		}
		Tariff { import_per_kwh, feed_in_per_kwh: 5 * CENT }
	}

	/// The import price of `slot`, per kWh.
	pub fn import(&self, slot: SlotIndex) -> Balance {
		self.import_per_kwh[(slot % 24) as usize]
	}
}
