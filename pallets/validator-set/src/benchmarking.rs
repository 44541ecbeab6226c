//! Benchmarks of the validator set calls at their worst case: the largest set.

use super::*;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{EnsureOrigin, Get},
	BoundedVec,
};

const SEED: u32 = 0;

/// Fill the set with `n` validators (sorted) and let it shrink to one.
fn fill<T: Config>(n: u32) -> Vec<T::AccountId> {
	let mut validators: Vec<T::AccountId> = (0..n).map(|i| account("validator", i, SEED)).collect();
	validators.sort();
	Validators::<T>::put(BoundedVec::truncate_from(validators.clone()));
	MinValidators::<T>::put(1);
	validators
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn add_validator(v: Linear<1, { T::MaxValidators::get() - 1 }>) -> Result<(), BenchmarkError> {
		fill::<T>(v);
		let who: T::AccountId = account("candidate", 0, SEED);
		T::BenchmarkHelper::register_session_keys(&who);
		let origin =
			T::ValidatorOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(Validators::<T>::get().contains(&who));
		assert_eq!(Validators::<T>::decode_len(), Some(v as usize + 1));
		Ok(())
	}

	#[benchmark]
	fn remove_validator(v: Linear<2, { T::MaxValidators::get() }>) -> Result<(), BenchmarkError> {
		let validators = fill::<T>(v);
		let who = validators[0].clone();
		let origin =
			T::ValidatorOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(!Validators::<T>::get().contains(&who));
		Ok(())
	}

	#[benchmark]
	fn set_min_validators() -> Result<(), BenchmarkError> {
		let max = T::MaxValidators::get();
		fill::<T>(max);
		let origin =
			T::ValidatorOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, max);

		assert_eq!(MinValidators::<T>::get(), max);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
