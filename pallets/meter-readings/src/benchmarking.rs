//! Benchmarks of the meter calls at their worst case: a reading that follows an earlier one,
//! burns tokens from a household account and removes the oldest of the readings it keeps, and an installation that replaces another.

use super::*;
use alloc::vec::Vec;
use energy_primitives::{Installation, MeterReading, SlotIndex};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{
		fungible::{Inspect, Mutate},
		EnsureOrigin, Get,
	},
	BoundedVec,
};
use frame_system::RawOrigin;

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn set_installation() -> Result<(), BenchmarkError> {
		let household: T::AccountId = account("household", 0, 0);
		T::BenchmarkHelper::make_household(&household);
		let installation = Installation { battery_capacity_wh: 10_000, connection_limit_wh: 7_000 };
		Installations::<T>::insert(&household, installation);
		let origin = T::InstallationOrigin::try_successful_origin()
			.map_err(|_| BenchmarkError::Weightless)?;
		let bigger = Installation { battery_capacity_wh: 13_500, connection_limit_wh: 9_000 };

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, household.clone(), bigger);

		assert_eq!(Installations::<T>::get(&household), Some(bigger));
		Ok(())
	}

	#[benchmark]
	fn submit_reading() {
		let meter: T::AccountId = whitelisted_caller();
		let household: T::AccountId = account("household", 0, 0);
		T::BenchmarkHelper::make_meter(&meter, &household);
		Installations::<T>::insert(
			&household,
			Installation { battery_capacity_wh: 10_000, connection_limit_wh: 7_000 },
		);
		T::BenchmarkHelper::set_slot(1_000);
		let (earlier, slot) = (998, 999);
		let full = MeterReading { imported_wh: 0, exported_wh: 0, state_of_charge_wh: 10_000 };
		// The household keeps all the readings it can: the new one removes the oldest.
		let kept = SlotIndex::from(T::MaxReadingsKept::get());
		let slots: Vec<SlotIndex> = (earlier + 1 - kept..=earlier).collect();
		for kept_slot in &slots {
			Readings::<T>::insert(&household, kept_slot, full);
		}
		ReadingSlots::<T>::insert(&household, BoundedVec::truncate_from(slots));
		Batteries::<T>::insert(&household, Battery { last_slot: earlier, stored_wh: 10_000 });
		T::Energy::mint_into(&household, 10_000).unwrap();
		let drained =
			MeterReading { imported_wh: 7_000, exported_wh: 7_000, state_of_charge_wh: 0 };

		#[extrinsic_call]
		_(RawOrigin::Signed(meter), slot, drained);

		assert_eq!(Readings::<T>::get(&household, slot), Some(drained));
		assert!(Readings::<T>::get(&household, earlier + 1 - kept).is_none());
		assert_eq!(T::Energy::balance(&household), 0);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
