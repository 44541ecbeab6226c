//! Which hour of the household model a market slot stands for. A production chain's slots are
//! hours since 1970 and stand for themselves; a compressed chain's are minutes, and a simulation
//! on it maps its first delivery slot to the model hour it wants to show (a summer morning, say)
//! and the following slots to the following hours.

use energy_primitives::SlotIndex;

/// Market slot `chain_slot` stands for model hour `model_slot`, and every other slot for the
/// hour as far from it.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct SlotMap {
	/// A market slot.
	pub chain_slot: SlotIndex,
	/// The model hour (hours since 1970, UTC) it stands for.
	pub model_slot: SlotIndex,
}

impl SlotMap {
	/// Each slot stands for itself: the slots of a chain whose slots are hours.
	pub const IDENTITY: SlotMap = SlotMap { chain_slot: 0, model_slot: 0 };

	/// The model hour market slot `slot` stands for (never before 1970).
	pub fn model_slot(&self, slot: SlotIndex) -> SlotIndex {
		if slot >= self.chain_slot {
			self.model_slot.saturating_add(slot - self.chain_slot)
		} else {
			self.model_slot.saturating_sub(self.chain_slot - slot)
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn slots_map_to_consecutive_model_hours_around_the_anchor() {
		let map = SlotMap { chain_slot: 29_600_000, model_slot: 495_005 };
		assert_eq!(map.model_slot(29_600_000), 495_005);
		assert_eq!(map.model_slot(29_600_003), 495_008);
		assert_eq!(map.model_slot(29_599_998), 495_003);
		assert_eq!(map.model_slot(0), 0, "never before 1970");
		assert_eq!(SlotMap::IDENTITY.model_slot(498_780), 498_780);
	}
}
