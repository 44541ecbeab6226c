//! A smart meter of the simulated micro-grid: which household it measures, and what it
//! reports for a slot. The household behind it is `energy_household`'s model, seeded by the
//! meter's public key.

use crate::slot_map::SlotMap;
use energy_household::{Flows, Household, Installation};
use energy_primitives::SlotIndex;
use serde::Serialize;
use std::{fmt, str::FromStr};

/// The 32-byte public key of a meter's account, which names the meter in URLs and seeds its
/// household.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
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

/// What a meter reports for one slot: the meter, the slot, and the household's flows (of which
/// the runtime's offchain worker reads `importedWh`, `exportedWh` and `stateOfChargeWh`; the
/// rest explain them).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SlotReading {
	/// The meter.
	pub meter: MeterId,
	/// The market slot (hours since the Unix epoch).
	pub slot: SlotIndex,
	/// What flowed through the household in the slot.
	#[serde(flatten)]
	pub flows: Flows,
}

/// The reading of `meter`, measuring `household` installed as `installation`, for market slot
/// `slot`: the flows of the model hour `slots` maps the slot to.
pub fn reading(
	meter: MeterId,
	household: &Household,
	slot: SlotIndex,
	installation: &Installation,
	slots: SlotMap,
) -> SlotReading {
	SlotReading { meter, slot, flows: household.flows(slots.model_slot(slot), installation) }
}

#[cfg(test)]
mod tests {
	use super::*;

	/// 2026-11-25 12:00 UTC.
	const A_NOON: SlotIndex = 498_780;

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
	fn a_meter_reports_its_households_flows() {
		let meter = MeterId([1; 32]);
		let installation = Installation::standard();
		let served =
			reading(meter, &Household::of([1; 32]), A_NOON, &installation, SlotMap::IDENTITY);
		assert_eq!(served.flows, Household::of([1; 32]).flows(A_NOON, &installation));
		assert_eq!((served.meter, served.slot), (meter, A_NOON));
	}

	#[test]
	fn a_mapped_slot_reports_the_model_hour_it_stands_for() {
		let installation = Installation::standard();
		let slots = SlotMap { chain_slot: 29_600_000, model_slot: A_NOON };
		let served =
			reading(MeterId([1; 32]), &Household::of([1; 32]), 29_600_002, &installation, slots);
		assert_eq!(served.slot, 29_600_002, "the market slot asked for");
		assert_eq!(served.flows, Household::of([1; 32]).flows(A_NOON + 2, &installation));
	}

	#[test]
	fn readings_serialize_flat_with_the_fields_the_runtime_reads() {
		let served = reading(
			MeterId([1; 32]),
			&Household::of([1; 32]),
			A_NOON,
			&Installation::standard(),
			SlotMap::IDENTITY,
		);
		let json: serde_json::Value = serde_json::to_value(served).unwrap();
		assert_eq!(json["meter"], format!("0x{}", "01".repeat(32)));
		assert_eq!(json["slot"].as_u64(), Some(A_NOON));
		assert_eq!(json["importedWh"].as_u64(), Some(served.flows.imported_wh));
		assert_eq!(json["exportedWh"].as_u64(), Some(served.flows.exported_wh));
		assert_eq!(json["stateOfChargeWh"].as_u64(), Some(served.flows.state_of_charge_wh));
		assert_eq!(json["pvWh"].as_u64(), Some(served.flows.pv_wh));
	}

	#[test]
	fn readings_parse_as_the_runtime_reads_them() {
		for slot in A_NOON..A_NOON + 24 {
			let served = reading(
				MeterId([1; 32]),
				&Household::of([1; 32]),
				slot,
				&Installation::standard(),
				SlotMap::IDENTITY,
			);
			let json = serde_json::to_vec(&served).unwrap();
			let parsed: energy_primitives::MeterReading = serde_json::from_slice(&json).unwrap();
			assert_eq!(parsed.imported_wh, served.flows.imported_wh);
			assert_eq!(parsed.exported_wh, served.flows.exported_wh);
			assert_eq!(parsed.state_of_charge_wh, served.flows.state_of_charge_wh);
		}
	}
}
