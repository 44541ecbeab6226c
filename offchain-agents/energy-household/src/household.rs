//! One household: its traits, seeded by its id, and what flows through its meter in a slot.

use crate::{
	load,
	seed::{pick, seed, unit},
	sky, Battery, Site, SLOTS_PER_DAY,
};
use energy_primitives::SlotIndex;
use serde::Serialize;

/// The smallest and largest peak power of a household's PV array, in watts.
pub const PV_PEAK_RANGE_W: (u64, u64) = (3_000, 6_000);

/// The smallest and largest energy a household uses on an average day, in watt-hours.
pub const DAILY_LOAD_RANGE_WH: (u64, u64) = (6_000, 14_000);

/// The share of a PV array's rated output under the sun's irradiance that reaches the
/// household: inverter, wiring, temperature and soiling losses (0.75 to 0.85 is typical of
/// rooftop systems).
pub const PERFORMANCE_RATIO: f64 = 0.85;

/// What the households of one micro-grid share: the site, their batteries and their grid
/// connections (the installation each household's meter is registered with on chain).
#[derive(Clone, Copy, PartialEq, Debug, Default)]
pub struct Installation {
	/// Where the micro-grid is: its sun.
	pub site: Site,
	/// Each home's battery.
	pub battery: Battery,
	/// The most energy a connection carries in one slot, in each direction, in Wh.
	pub connection_limit_wh: u64,
}

impl Installation {
	/// The model's defaults: Salamanca's sun, a 10 kWh battery at 95% each way and a 7 kW
	/// connection.
	pub fn standard() -> Self {
		Installation {
			site: Site::default(),
			battery: Battery::default(),
			connection_limit_wh: 7_000,
		}
	}
}

/// What a household has besides its load.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
	/// No PV and no battery: it only buys.
	Consumer,
	/// PV without a battery: it sells its midday surplus and buys at night.
	Solar,
	/// PV and a battery: it sells what its battery cannot take.
	SolarWithBattery,
}

/// Shares of the kinds, in percent, when a household is drawn from its id: a quarter of the
/// homes without PV, a third with PV alone, the rest with PV and a battery (the model's
/// assumption of a micro-grid of early adopters, not a census).
pub const KIND_SHARES_PERCENT: [(Kind, u64); 3] =
	[(Kind::Consumer, 25), (Kind::Solar, 35), (Kind::SolarWithBattery, 40)];

/// The fixed traits of one household, derived from its id (its meter's public key).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Household {
	/// The id that seeds it.
	pub id: [u8; 32],
	/// What it has besides its load.
	pub kind: Kind,
	/// Peak power of its PV array, in watts (0 without PV).
	pub pv_peak_w: u64,
	/// Energy it uses on an average day, in watt-hours.
	pub daily_load_wh: u64,
}

/// What flows through one household in one slot, in whole watt-hours. The first three are what
/// its meter reports to the chain; the rest explain them. Each slot balances exactly:
///
/// `pv + imported + discharged + unserved = load + exported + charged + curtailed`
///
/// and the battery's cells move by `charged - discharged - battery_loss`.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Flows {
	/// Energy drawn from the grid.
	pub imported_wh: u64,
	/// Energy fed into the grid.
	pub exported_wh: u64,
	/// Energy in the battery's cells at the end of the slot.
	pub state_of_charge_wh: u64,
	/// Energy the PV array produced.
	pub pv_wh: u64,
	/// Energy the household wanted to use.
	pub load_wh: u64,
	/// Energy put into the battery, at its terminals.
	pub charged_wh: u64,
	/// Energy taken out of the battery, at its terminals.
	pub discharged_wh: u64,
	/// Energy the battery lost charging or discharging.
	pub battery_loss_wh: u64,
	/// PV energy thrown away: the battery full and the connection at its limit.
	pub curtailed_wh: u64,
	/// Load left unserved: the battery empty and the connection at its limit.
	pub unserved_wh: u64,
}

impl Flows {
	/// Whether the slot balances exactly and every flow keeps to the installation's limits.
	pub fn is_consistent(&self, installation: &Installation) -> bool {
		// The balance with curtailed and unserved energy moved across, so nothing can underflow.
		let supplied = self.pv_wh + self.imported_wh + self.discharged_wh + self.unserved_wh;
		let used = self.load_wh + self.exported_wh + self.charged_wh + self.curtailed_wh;
		let battery = &installation.battery;
		self.curtailed_wh <= self.pv_wh &&
			self.unserved_wh <= self.load_wh &&
			supplied == used &&
			self.state_of_charge_wh <= battery.capacity_wh &&
			self.imported_wh <= installation.connection_limit_wh &&
			self.exported_wh <= installation.connection_limit_wh &&
			self.charged_wh.max(self.discharged_wh) <= battery.rate_wh() &&
			// A battery never charges and discharges in the same hour, nor does a connection
			// both import and export.
			self.charged_wh.min(self.discharged_wh) == 0 &&
			self.imported_wh.min(self.exported_wh) == 0
	}

	/// Energy the household had to spare (positive) or lacked (negative) before its battery
	/// and the grid: PV less load.
	pub fn net_production_wh(&self) -> i128 {
		i128::from(self.pv_wh) - i128::from(self.load_wh)
	}
}

impl Kind {
	/// The kind whose share of [`KIND_SHARES_PERCENT`] holds `percentile` (0 to 99).
	fn at_percentile(mut percentile: u64) -> Kind {
		for (kind, share) in KIND_SHARES_PERCENT {
			if percentile < share {
				return kind;
			}
			percentile -= share;
		}
		Kind::SolarWithBattery
	}

	/// The kind of household `n` (from 0) of a micro-grid laid out by the shares rather than
	/// drawn: the percentiles `37 n mod 100` visit every percentile once in each hundred
	/// households (37 and 100 have no common factor), and the kinds interleave, so even the
	/// first few households mix buyers and sellers. Any stretch of twenty holds four to nine
	/// of each kind.
	pub fn in_mix(n: u64) -> Kind {
		Kind::at_percentile(n % 100 * 37 % 100)
	}
}

impl Household {
	/// The household `id` seeds: its kind, PV peak and daily load.
	pub fn of(id: [u8; 32]) -> Self {
		Household::of_kind(id, Kind::at_percentile(pick(seed(b"kind", &[&id]), (0, 99))))
	}

	/// Household `n` (from 1) of a micro-grid chain spec, whose smart meter's public key is
	/// `meter`: of the kind [`Kind::in_mix`] lays out for it, its PV and load seeded by the key.
	/// The simulator's agents and the meters they serve both model it so.
	pub fn in_microgrid(n: u32, meter: [u8; 32]) -> Self {
		Household::of_kind(meter, Kind::in_mix(u64::from(n.saturating_sub(1))))
	}

	/// The household of kind `kind` that `id` seeds: its PV peak and daily load.
	pub fn of_kind(id: [u8; 32], kind: Kind) -> Self {
		let pv_peak_w = match kind {
			Kind::Consumer => 0,
			Kind::Solar | Kind::SolarWithBattery => pick(seed(b"pv-peak", &[&id]), PV_PEAK_RANGE_W),
		};
		Household {
			id,
			kind,
			pv_peak_w,
			daily_load_wh: pick(seed(b"daily-load", &[&id]), DAILY_LOAD_RANGE_WH),
		}
	}

	/// Its battery: the installation's, or none (no capacity) if it has none.
	pub fn battery(&self, installation: &Installation) -> Battery {
		match self.kind {
			Kind::SolarWithBattery => installation.battery,
			Kind::Consumer | Kind::Solar => Battery { capacity_wh: 0, ..installation.battery },
		}
	}

	/// PV energy in `slot` at `site`: the clear sky's irradiance on the array, dimmed by the
	/// slot's clouds and the system's losses. Zero at night.
	pub fn pv_wh(&self, slot: SlotIndex, site: &Site) -> u64 {
		let irradiance = site.clear_sky_slot_ghi(slot) * sky::slot_clearness(slot);
		// W/m² over the 1,000 W/m² at which the peak power is rated, for one hour.
		(self.pv_peak_w as f64 * irradiance / 1000.0 * PERFORMANCE_RATIO) as u64
	}

	/// Load in `slot`: the hour's share of the daily load, moved by the season, give or take
	/// 10% so no two hours look alike.
	pub fn load_wh(&self, slot: SlotIndex) -> u64 {
		let jitter = 0.9 + 0.2 * unit(seed(b"load-jitter", &[&self.id, &slot.to_le_bytes()]));
		let shape = load::DAILY_SHAPE_PER_MILLE[(slot % SLOTS_PER_DAY) as usize] as f64 / 1000.0;
		let season = load::seasonal_factor(slot / SLOTS_PER_DAY);
		(self.daily_load_wh as f64 * shape * season * jitter) as u64
	}

	/// Energy in the battery's cells at midnight starting `day`: 20% to 80% of its capacity.
	pub fn midnight_charge_wh(&self, day: u64, battery: &Battery) -> u64 {
		let percent = pick(seed(b"midnight-charge", &[&self.id, &day.to_le_bytes()]), (20, 80));
		// In u128: the capacity may be any u64.
		(u128::from(battery.capacity_wh) * u128::from(percent) / 100) as u64
	}

	/// The flows of `slot`: its day is simulated from midnight up to it (at most 24 steps).
	pub fn flows(&self, slot: SlotIndex, installation: &Installation) -> Flows {
		// The walk always holds `slot` itself.
		self.day_until(slot, installation).pop().unwrap_or_default()
	}

	/// The flows of every slot of `days` whole days from day `first_day` (days since the
	/// epoch), oldest first.
	pub fn days(&self, first_day: u64, days: u64, installation: &Installation) -> Vec<Flows> {
		(first_day..first_day + days)
			.flat_map(|day| self.day_until((day + 1) * SLOTS_PER_DAY - 1, installation))
			.collect()
	}

	/// The flows of every slot of `slot`'s day up to and including it, oldest first: the same
	/// walk as [`Household::flows`], for callers that want each hour.
	pub fn day_until(&self, slot: SlotIndex, installation: &Installation) -> Vec<Flows> {
		let midnight = slot - slot % SLOTS_PER_DAY;
		let mut charge = self.midnight_charge_wh(slot / SLOTS_PER_DAY, &self.battery(installation));
		let mut day = Vec::with_capacity(SLOTS_PER_DAY as usize);
		for hour in midnight..=slot {
			let flows = self.step(hour, charge, installation);
			charge = flows.state_of_charge_wh;
			day.push(flows);
		}
		day
	}

	/// One hour from a battery holding `charge`: PV serves the load first; a surplus charges the
	/// battery, then is exported, then curtailed; a deficit drains the battery, then is
	/// imported, then goes unserved.
	fn step(&self, slot: SlotIndex, charge: u64, installation: &Installation) -> Flows {
		let (pv, load) = (self.pv_wh(slot, &installation.site), self.load_wh(slot));
		let limit = installation.connection_limit_wh;
		let battery = &self.battery(installation);
		let mut flows =
			Flows { state_of_charge_wh: charge, pv_wh: pv, load_wh: load, ..Flows::default() };
		if pv >= load {
			let surplus = pv - load;
			let stored = battery.charge(surplus, charge);
			flows.charged_wh = stored.terminal_wh;
			flows.battery_loss_wh = stored.terminal_wh - stored.cells_wh;
			flows.state_of_charge_wh = charge + stored.cells_wh;
			let rest = surplus - stored.terminal_wh;
			flows.exported_wh = rest.min(limit);
			flows.curtailed_wh = rest - flows.exported_wh;
		} else {
			let deficit = load - pv;
			let drawn = battery.discharge(deficit, charge);
			flows.discharged_wh = drawn.terminal_wh;
			flows.battery_loss_wh = drawn.cells_wh - drawn.terminal_wh;
			flows.state_of_charge_wh = charge - drawn.cells_wh;
			let rest = deficit - drawn.terminal_wh;
			flows.imported_wh = rest.min(limit);
			flows.unserved_wh = rest - flows.imported_wh;
		}
		flows
	}
}
