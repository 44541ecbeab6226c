//! Which household each meter measures: those of a micro-grid chain spec by their place in it,
//! any other meter the household its key seeds.

use crate::meter::MeterId;
use anyhow::Result;
use energy_household::Household;
use energy_primitives::microgrid::meter_uri;
use std::collections::BTreeMap;

/// The households of the meters the simulator knows by name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Roster {
	known: BTreeMap<MeterId, Household>,
}

impl Roster {
	/// The first `count` households of a micro-grid chain spec (`//Meter1` on).
	pub fn microgrid(count: u32) -> Result<Self> {
		let households = (1..=count)
			.map(|n| {
				let meter = energy_client::keypair(&meter_uri(n))?.public_key().0;
				Ok(Household::in_microgrid(n, meter))
			})
			.collect::<Result<Vec<_>>>()?;
		Ok(Roster::of(households))
	}

	/// These households, each measured by the meter whose key seeds it (its `id`).
	pub fn of(households: impl IntoIterator<Item = Household>) -> Self {
		Roster { known: households.into_iter().map(|h| (MeterId(h.id), h)).collect() }
	}

	/// The household `meter` measures.
	pub fn household(&self, meter: MeterId) -> Household {
		self.known.get(&meter).copied().unwrap_or_else(|| Household::of(meter.0))
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use energy_household::Kind;

	#[test]
	fn the_micro_grids_meters_measure_its_laid_out_households_and_others_their_own() {
		let roster = Roster::microgrid(4).unwrap();
		let first = MeterId(energy_client::keypair("//Meter1").unwrap().public_key().0);
		assert_eq!(roster.household(first), Household::in_microgrid(1, first.0));
		assert_eq!(roster.household(first).kind, Kind::in_mix(0));
		let fifth = MeterId(energy_client::keypair("//Meter5").unwrap().public_key().0);
		assert_eq!(roster.household(fifth), Household::of(fifth.0), "not in the roster");
		assert_eq!(Roster::default().household(first), Household::of(first.0));
	}
}
