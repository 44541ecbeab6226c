//! The simulated smart meter of one household: rooftop PV, household load and a home battery,
//! behind one grid connection.
//!
//! Every figure is a pure function of the meter's id, the slot and the grid's settings, so the
//! simulator keeps no state and answers any slot in any order: the battery's charge at the end
//! of a slot comes from simulating that slot's day from midnight, where the charge is a seeded
//! fraction of the capacity. (So the charge jumps at midnight; each day is its own story.)
//!
//! All energies are whole watt-hours over one market slot (one hour). The battery is lossless,
//! which keeps the balance exact in integers: in every slot
//!
//! `(pv - curtailed) + imported + discharged = (load - unserved) + exported + charged`,
//!
//! and the charge moves by `charged - discharged`.

use energy_primitives::SlotIndex;
use serde::Serialize;
use sp_crypto_hashing::blake2_256;
use std::{fmt, str::FromStr};

/// Slots in a day: a market slot is one hour.
pub const SLOTS_PER_DAY: u64 = 24;

/// Average PV output in each hour of the day (UTC), in thousandths of the array's peak power:
/// a sine arc from sunrise at 06:00 to sunset at 20:00, taken at the middle of each hour. A
/// table of integers rather than `sin` at run time so every platform gives the same watt-hours.
const PV_SHAPE_PER_MILLE: [u64; 24] = [
	0, 0, 0, 0, 0, 0, 112, 330, 532, 707, 847, 944, 994, 994, 944, 847, 707, 532, 330, 112, 0, 0,
	0, 0,
];

/// Share of the daily load used in each hour of the day (UTC), in thousandths (they sum to
/// 1000): a low night, a morning peak at 07:00–09:00 and a higher evening peak at 18:00–21:00.
const LOAD_SHAPE_PER_MILLE: [u64; 24] = [
	25, 20, 20, 20, 20, 25, 45, 70, 60, 40, 35, 35, 40, 35, 30, 30, 30, 50, 75, 85, 80, 60, 40, 30,
];

/// The smallest and largest peak power of a household's PV array, in watts.
pub const PV_PEAK_RANGE_W: (u64, u64) = (3_000, 6_000);

/// The smallest and largest energy a household uses in a day, in watt-hours.
pub const DAILY_LOAD_RANGE_WH: (u64, u64) = (6_000, 14_000);

/// The 32-byte public key of a meter's account, which names the meter in URLs and seeds its
/// household.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct MeterId(pub [u8; 32]);

impl FromStr for MeterId {
	type Err = String;

	/// Reads `0x` followed by 64 lowercase hex digits: one spelling per meter, so each meter has
	/// exactly one URL.
	fn from_str(s: &str) -> Result<Self, Self::Err> {
		let digits =
			s.strip_prefix("0x").ok_or_else(|| format!("meter id {s:?} must start with 0x"))?;
		if digits.len() != 64
			|| !digits.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
		{
			return Err(format!(
				"meter id {s:?} must be 0x and 64 lowercase hex digits (a 32-byte public key)"
			));
		}
		let mut id = [0u8; 32];
		hex::decode_to_slice(digits, &mut id).map_err(|e| format!("meter id {s:?}: {e}"))?;
		Ok(MeterId(id))
	}
}

impl fmt::Display for MeterId {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		write!(f, "0x{}", hex::encode(self.0))
	}
}

impl Serialize for MeterId {
	fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
		serializer.collect_str(self)
	}
}

/// What every household of the micro-grid shares: its battery model and its grid connection.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Grid {
	/// Usable capacity of each home battery, in watt-hours.
	pub battery_capacity_wh: u64,
	/// The most energy a connection carries in one slot, in each direction, in watt-hours.
	pub connection_limit_wh: u64,
}

impl Grid {
	/// The most a battery charges or discharges in one slot: half its capacity (a 0.5 C
	/// battery, like common home batteries).
	pub fn battery_rate_wh(&self) -> u64 {
		self.battery_capacity_wh / 2
	}
}

impl Default for Grid {
	/// The simulator's defaults: a 10 kWh battery and a 7 kW connection.
	fn default() -> Self {
		Grid { battery_capacity_wh: 10_000, connection_limit_wh: 7_000 }
	}
}

/// The fixed traits of one household, derived from its meter id.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Household {
	/// The meter that reports this household.
	pub meter: MeterId,
	/// Peak power of its PV array, in watts.
	pub pv_peak_w: u64,
	/// Energy it uses on an average day, in watt-hours.
	pub daily_load_wh: u64,
}

/// What a meter reports for one slot. The first four fields are what the runtime's offchain
/// worker reads; the rest explain the flows.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SlotReading {
	/// The meter.
	pub meter: MeterId,
	/// The market slot (hours since the Unix epoch).
	pub slot: SlotIndex,
	/// Energy drawn from the grid during the slot.
	pub imported_wh: u64,
	/// Energy fed into the grid during the slot.
	pub exported_wh: u64,
	/// Energy in the battery at the end of the slot.
	pub state_of_charge_wh: u64,
	/// Energy the PV array could produce in the slot.
	pub pv_wh: u64,
	/// Energy the household wanted to use in the slot.
	pub load_wh: u64,
	/// Energy put into the battery.
	pub charged_wh: u64,
	/// Energy taken from the battery.
	pub discharged_wh: u64,
	/// PV energy thrown away because the battery was full and the connection at its limit.
	pub curtailed_wh: u64,
	/// Load left unserved because the battery was empty and the connection at its limit.
	pub unserved_wh: u64,
}

impl SlotReading {
	/// Whether the slot's energy balances exactly and every flow is within the grid's limits.
	pub fn is_consistent(&self, grid: &Grid) -> bool {
		// The balance with curtailed and unserved energy moved across, so nothing can underflow.
		let supplied = self.pv_wh + self.imported_wh + self.discharged_wh + self.unserved_wh;
		let used = self.load_wh + self.exported_wh + self.charged_wh + self.curtailed_wh;
		self.curtailed_wh <= self.pv_wh &&
			self.unserved_wh <= self.load_wh &&
			supplied == used &&
			self.state_of_charge_wh <= grid.battery_capacity_wh &&
			self.imported_wh <= grid.connection_limit_wh &&
			self.exported_wh <= grid.connection_limit_wh &&
			self.charged_wh.max(self.discharged_wh) <= grid.battery_rate_wh() &&
			// A battery never charges and discharges in the same hour, nor does a connection
			// both import and export.
			self.charged_wh.min(self.discharged_wh) == 0 &&
			self.imported_wh.min(self.exported_wh) == 0
	}
}

/// BLAKE2b-256 of a domain tag and some data: a separate random-looking stream for each thing
/// the model seeds, so the PV size does not correlate with, say, the load.
fn seed(tag: &[u8], parts: &[&[u8]]) -> [u8; 32] {
	let mut input = tag.to_vec();
	for part in parts {
		input.extend_from_slice(part);
	}
	blake2_256(&input)
}

/// A number in `min..=max` drawn from the first eight bytes of `seed`.
fn pick(seed: [u8; 32], (min, max): (u64, u64)) -> u64 {
	let mut bytes = [0u8; 8];
	bytes.copy_from_slice(&seed[..8]);
	min + u64::from_le_bytes(bytes) % (max - min + 1)
}

impl Household {
	/// The household behind `meter`: its PV peak and daily load come from the meter id's hash.
	pub fn of(meter: MeterId) -> Self {
		Household {
			meter,
			pv_peak_w: pick(seed(b"pv-peak", &[&meter.0]), PV_PEAK_RANGE_W),
			daily_load_wh: pick(seed(b"daily-load", &[&meter.0]), DAILY_LOAD_RANGE_WH),
		}
	}

	/// PV energy in `slot`: the hour's share of the peak, dimmed by the day's cloud cover. The
	/// weather depends on the day alone: households of one micro-grid share one sky.
	pub fn pv_wh(&self, slot: SlotIndex) -> u64 {
		let day = slot / SLOTS_PER_DAY;
		let sunshine_percent = pick(seed(b"sunshine", &[&day.to_le_bytes()]), (25, 100));
		let shape = PV_SHAPE_PER_MILLE[(slot % SLOTS_PER_DAY) as usize];
		self.pv_peak_w * shape * sunshine_percent / 100_000
	}

	/// Household load in `slot`: the hour's share of the daily load, give or take 10% so no two
	/// hours look alike.
	pub fn load_wh(&self, slot: SlotIndex) -> u64 {
		let jitter_percent =
			pick(seed(b"load-jitter", &[&self.meter.0, &slot.to_le_bytes()]), (90, 110));
		let shape = LOAD_SHAPE_PER_MILLE[(slot % SLOTS_PER_DAY) as usize];
		self.daily_load_wh * shape * jitter_percent / 100_000
	}

	/// Energy in the battery at midnight starting `day`: between 20% and 80% of capacity.
	pub fn midnight_charge_wh(&self, day: u64, grid: &Grid) -> u64 {
		let percent =
			pick(seed(b"midnight-charge", &[&self.meter.0, &day.to_le_bytes()]), (20, 80));
		// In u128: the capacity comes from the command line and may be any u64.
		(u128::from(grid.battery_capacity_wh) * u128::from(percent) / 100) as u64
	}

	/// The meter's reading for `slot`: the day is simulated from midnight up to `slot`.
	pub fn reading(&self, slot: SlotIndex, grid: &Grid) -> SlotReading {
		let midnight = slot - slot % SLOTS_PER_DAY;
		let mut charge = self.midnight_charge_wh(slot / SLOTS_PER_DAY, grid);
		let mut reading = self.step(midnight, charge, grid);
		for hour in midnight + 1..=slot {
			charge = reading.state_of_charge_wh;
			reading = self.step(hour, charge, grid);
		}
		reading
	}

	/// One hour from a battery holding `charge`: PV serves the load first; a surplus charges the
	/// battery, then is exported, then curtailed; a deficit drains the battery, then is imported,
	/// then goes unserved.
	fn step(&self, slot: SlotIndex, charge: u64, grid: &Grid) -> SlotReading {
		let (pv, load) = (self.pv_wh(slot), self.load_wh(slot));
		let rate = grid.battery_rate_wh();
		let mut reading = SlotReading {
			meter: self.meter,
			slot,
			imported_wh: 0,
			exported_wh: 0,
			state_of_charge_wh: charge,
			pv_wh: pv,
			load_wh: load,
			charged_wh: 0,
			discharged_wh: 0,
			curtailed_wh: 0,
			unserved_wh: 0,
		};
		if pv >= load {
			let surplus = pv - load;
			reading.charged_wh = surplus.min(rate).min(grid.battery_capacity_wh - charge);
			let rest = surplus - reading.charged_wh;
			reading.exported_wh = rest.min(grid.connection_limit_wh);
			reading.curtailed_wh = rest - reading.exported_wh;
			reading.state_of_charge_wh = charge + reading.charged_wh;
		} else {
			let deficit = load - pv;
			reading.discharged_wh = deficit.min(rate).min(charge);
			let rest = deficit - reading.discharged_wh;
			reading.imported_wh = rest.min(grid.connection_limit_wh);
			reading.unserved_wh = rest - reading.imported_wh;
			reading.state_of_charge_wh = charge - reading.discharged_wh;
		}
		reading
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use proptest::prelude::*;

	/// 2026-11-25 00:00 UTC, the start of a day.
	const A_MIDNIGHT: SlotIndex = 498_768;

	fn meter(byte: u8) -> MeterId {
		MeterId([byte; 32])
	}

	#[test]
	fn hourly_shapes_are_well_formed() {
		assert_eq!(LOAD_SHAPE_PER_MILLE.iter().sum::<u64>(), 1000);
		assert!(PV_SHAPE_PER_MILLE.iter().all(|&p| p <= 1000));
	}

	#[test]
	fn households_are_within_their_ranges() {
		for byte in 0..=255 {
			let household = Household::of(meter(byte));
			assert!((3_000..=6_000).contains(&household.pv_peak_w));
			assert!((6_000..=14_000).contains(&household.daily_load_wh));
		}
	}

	#[test]
	fn a_day_uses_roughly_the_daily_load() {
		let household = Household::of(meter(7));
		let day: u64 = (A_MIDNIGHT..A_MIDNIGHT + 24).map(|s| household.load_wh(s)).sum();
		let expected = household.daily_load_wh;
		assert!(day * 10 >= expected * 9 && day * 10 <= expected * 11, "{day} vs {expected}");
	}

	#[test]
	fn pv_is_zero_at_night() {
		for byte in 0..32 {
			let household = Household::of(meter(byte));
			for day in 0..10 {
				let midnight = A_MIDNIGHT + day * 24;
				for hour in (0..6).chain(20..24) {
					assert_eq!(household.pv_wh(midnight + hour), 0, "hour {hour}");
				}
				assert!(household.pv_wh(midnight + 12) > 0);
			}
		}
	}

	#[test]
	fn readings_are_deterministic_and_order_free() {
		let grid = Grid::default();
		let household = Household::of(meter(42));
		let forwards: Vec<_> =
			(A_MIDNIGHT..A_MIDNIGHT + 48).map(|s| household.reading(s, &grid)).collect();
		let backwards: Vec<_> =
			(A_MIDNIGHT..A_MIDNIGHT + 48).rev().map(|s| household.reading(s, &grid)).collect();
		assert!(forwards.iter().eq(backwards.iter().rev()));
		assert_eq!(Household::of(meter(42)), household);
	}

	#[test]
	fn the_battery_carries_charge_from_hour_to_hour() {
		let grid = Grid::default();
		let household = Household::of(meter(3));
		for slot in A_MIDNIGHT + 1..A_MIDNIGHT + 24 {
			let (before, now) =
				(household.reading(slot - 1, &grid), household.reading(slot, &grid));
			assert_eq!(
				before.state_of_charge_wh + now.charged_wh - now.discharged_wh,
				now.state_of_charge_wh
			);
		}
	}

	#[test]
	fn different_meters_differ() {
		let grid = Grid::default();
		let day = |byte| -> Vec<SlotReading> {
			(A_MIDNIGHT..A_MIDNIGHT + 24)
				.map(|s| {
					let mut reading = Household::of(meter(byte)).reading(s, &grid);
					reading.meter = meter(0);
					reading
				})
				.collect()
		};
		assert_ne!(Household::of(meter(1)), Household::of(meter(2)));
		assert_ne!(day(1), day(2));
	}

	#[test]
	fn a_tight_connection_curtails_and_sheds_but_still_balances() {
		let grid = Grid { battery_capacity_wh: 0, connection_limit_wh: 100 };
		let household = Household { meter: meter(9), pv_peak_w: 6_000, daily_load_wh: 14_000 };
		let readings: Vec<_> =
			(A_MIDNIGHT..A_MIDNIGHT + 24 * 7).map(|s| household.reading(s, &grid)).collect();
		assert!(readings.iter().all(|r| r.is_consistent(&grid)));
		assert!(readings.iter().any(|r| r.curtailed_wh > 0));
		assert!(readings.iter().any(|r| r.unserved_wh > 0));
	}

	#[test]
	fn extreme_grids_neither_overflow_nor_break_the_balance() {
		let household = Household::of(meter(5));
		for grid in [
			Grid { battery_capacity_wh: u64::MAX, connection_limit_wh: u64::MAX },
			Grid { battery_capacity_wh: 0, connection_limit_wh: 0 },
			Grid { battery_capacity_wh: 1, connection_limit_wh: 1 },
		] {
			for slot in A_MIDNIGHT..A_MIDNIGHT + 24 {
				assert!(household.reading(slot, &grid).is_consistent(&grid));
			}
		}
	}

	#[test]
	fn the_default_connection_never_curtails_or_sheds() {
		// The largest PV hour (6 kW peak in full sun) and the largest load hour both fit in 7 kWh.
		let grid = Grid::default();
		for byte in 0..64 {
			let household = Household::of(meter(byte));
			for slot in A_MIDNIGHT..A_MIDNIGHT + 24 * 3 {
				let reading = household.reading(slot, &grid);
				assert_eq!((reading.curtailed_wh, reading.unserved_wh), (0, 0), "{reading:?}");
			}
		}
	}

	#[test]
	fn meter_ids_are_0x_and_64_lowercase_hex_digits() {
		let text = format!("0x{}", "ab".repeat(32));
		assert_eq!(text.parse::<MeterId>(), Ok(MeterId([0xab; 32])));
		assert_eq!(MeterId([0xab; 32]).to_string(), text);
		for bad in [
			"",
			"0x",
			&"ab".repeat(32),
			&format!("0x{}", "AB".repeat(32)),
			&format!("0x{}", "ab".repeat(31)),
			&format!("0x{}", "ag".repeat(32)),
			&format!("0x{}", "ab".repeat(33)),
		] {
			assert!(bad.parse::<MeterId>().is_err(), "{bad}");
		}
	}

	#[test]
	fn readings_serialize_with_the_fields_the_runtime_reads() {
		let reading = Household::of(meter(1)).reading(A_MIDNIGHT + 12, &Grid::default());
		let json: serde_json::Value = serde_json::to_value(reading).unwrap();
		assert_eq!(json["meter"], format!("0x{}", "01".repeat(32)));
		assert_eq!(json["slot"].as_u64(), Some(A_MIDNIGHT + 12));
		assert_eq!(json["importedWh"].as_u64(), Some(reading.imported_wh));
		assert_eq!(json["exportedWh"].as_u64(), Some(reading.exported_wh));
		assert_eq!(json["stateOfChargeWh"].as_u64(), Some(reading.state_of_charge_wh));
	}

	#[test]
	fn readings_parse_as_the_runtime_reads_them() {
		let reading = Household::of(meter(1)).reading(A_MIDNIGHT + 19, &Grid::default());
		let json = serde_json::to_vec(&reading).unwrap();
		let parsed: energy_primitives::MeterReading = serde_json::from_slice(&json).unwrap();
		assert_eq!(parsed.imported_wh, reading.imported_wh);
		assert_eq!(parsed.exported_wh, reading.exported_wh);
		assert_eq!(parsed.state_of_charge_wh, reading.state_of_charge_wh);
	}

	proptest! {
		#[test]
		fn every_hour_balances_within_bounds(
			id in any::<[u8; 32]>(),
			first_day in 0u64..1_000_000,
			capacity in prop_oneof![Just(10_000u64), 0u64..30_000],
			limit in prop_oneof![Just(7_000u64), 0u64..8_000],
		) {
			let grid = Grid { battery_capacity_wh: capacity, connection_limit_wh: limit };
			let household = Household::of(MeterId(id));
			for slot in first_day * 24..(first_day + 3) * 24 {
				let reading = household.reading(slot, &grid);
				prop_assert!(reading.is_consistent(&grid), "{reading:?}");
				prop_assert_eq!(reading.slot, slot);
			}
		}
	}
}
