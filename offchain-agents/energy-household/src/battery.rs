//! A home battery: its capacity, how fast it charges and discharges, and what it loses doing so.

/// A home battery. The energies at its terminals (what the household puts in and takes out) and
/// in its cells (its state of charge) differ by the losses of each direction.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Battery {
	/// Usable capacity, in Wh.
	pub capacity_wh: u64,
	/// One-way efficiency, in percent (1 to 100): of 100 Wh put in, this many are stored; of 100
	/// Wh taken from the cells, this many come out. 95% each way gives the 90% round trip of
	/// common lithium-ion home batteries (e.g. Tesla's published Powerwall 2 figure).
	pub efficiency_percent: u8,
}

impl Default for Battery {
	/// A 10 kWh battery, 95% each way.
	fn default() -> Self {
		Battery { capacity_wh: 10_000, efficiency_percent: 95 }
	}
}

/// What charging or discharging did: the energy at the terminals and the change in the cells.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Transfer {
	/// At the terminals, in Wh: taken from the household when charging, given to it when
	/// discharging.
	pub terminal_wh: u64,
	/// In the cells, in Wh: stored when charging, withdrawn when discharging.
	pub cells_wh: u64,
}

impl Battery {
	/// The most the battery takes or gives at its terminals in one slot: half its capacity (a
	/// 0.5 C battery, like common home batteries).
	pub fn rate_wh(&self) -> u64 {
		self.capacity_wh / 2
	}

	fn efficiency(&self) -> u128 {
		u128::from(self.efficiency_percent.min(100))
	}

	/// Charging from a surplus of `surplus_wh` with `charge_wh` in the cells: as much as the
	/// rate and the room left allow. The cells gain the terminal energy less the loss, rounded
	/// down, and never exceed the capacity.
	pub fn charge(&self, surplus_wh: u64, charge_wh: u64) -> Transfer {
		let efficiency = self.efficiency();
		if efficiency == 0 {
			return Transfer::default();
		}
		let room = u128::from(self.capacity_wh.saturating_sub(charge_wh));
		// The most at the terminals whose stored part fits exactly, t * e / 100 <= room: a full
		// battery takes nothing, rather than a watt-hour it would lose to rounding.
		let fits = room * 100 / efficiency;
		let terminal = u128::from(surplus_wh.min(self.rate_wh())).min(fits);
		Transfer { terminal_wh: terminal as u64, cells_wh: (terminal * efficiency / 100) as u64 }
	}

	/// Discharging to cover a deficit of `deficit_wh` with `charge_wh` in the cells: as much as
	/// the rate and the charge allow. The cells lose the terminal energy plus the loss, rounded
	/// up, and never go below empty.
	pub fn discharge(&self, deficit_wh: u64, charge_wh: u64) -> Transfer {
		let efficiency = self.efficiency();
		if efficiency == 0 {
			return Transfer::default();
		}
		// The most at the terminals the cells can pay for: ceil(t * 100 / e) <= charge.
		let affordable = u128::from(charge_wh) * efficiency / 100;
		let terminal = u128::from(deficit_wh.min(self.rate_wh())).min(affordable);
		let cells = (terminal * 100 + efficiency - 1) / efficiency;
		Transfer { terminal_wh: terminal as u64, cells_wh: cells as u64 }
	}
}
