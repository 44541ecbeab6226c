//! Benchmark of `anchor` at its worst case: the longest URI.

use super::*;
use alloc::vec;
use frame_benchmarking::v2::*;
use frame_support::{traits::Get, BoundedVec};
use frame_system::RawOrigin;
use sp_core::H256;

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn anchor() {
		let who: T::AccountId = whitelisted_caller();
		T::BenchmarkHelper::make_member(&who);
		let slot = T::CurrentSlot::get();
		let uri = BoundedVec::truncate_from(vec![b'u'; T::MaxUriLength::get() as usize]);

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), slot, H256::repeat_byte(1), Some(uri));

		assert!(Anchors::<T>::contains_key(&who, slot));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
