//! Benchmarks of the registry's calls at their worst case: the most members, the most open
//! applications, a validator member whose removal also clears its votes from every open ballot.

use super::*;
use alloc::{boxed::Box, vec};
use energy_primitives::Role;
use frame_benchmarking::v2::*;
use frame_support::traits::{
	fungible::{Inspect, Mutate},
	EnsureOrigin, Get,
};
use frame_system::RawOrigin;
use sp_runtime::Saturating;

const SEED: u32 = 0;

/// An account with enough money for the deposit.
fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, SEED);
	let amount = T::ApplicationDeposit::get()
		.saturating_mul(10u32.into())
		.saturating_add(T::Currency::minimum_balance());
	T::Currency::set_balance(&who, amount);
	who
}

/// A funded candidate with an open application as a household.
fn household_applicant<T: Config>() -> Result<T::AccountId, BenchmarkError> {
	let candidate = funded::<T>("candidate", 0);
	Pallet::<T>::apply(RawOrigin::Signed(candidate.clone()).into(), Role::Household)?;
	Ok(candidate)
}

/// Households until the consortium has `m` members.
fn fill_members<T: Config>(m: u32) -> Result<(), BenchmarkError> {
	let mut index = 0;
	while Members::<T>::count() < m {
		let who: T::AccountId = account("member", index, SEED);
		Pallet::<T>::take_role(&who, &Role::Household, true)?;
		index += 1;
	}
	Ok(())
}

/// Applications until `n` are open.
fn fill_applications<T: Config>(n: u32) -> Result<(), BenchmarkError> {
	let mut index = 0;
	while Applications::<T>::count() < n {
		let who = funded::<T>("applicant", index);
		Pallet::<T>::apply(RawOrigin::Signed(who).into(), Role::Household)?;
		index += 1;
	}
	Ok(())
}

/// A validator member in a consortium of `m` members, with a vote on every open ballot.
fn validator_member<T: Config>(m: u32) -> Result<T::AccountId, BenchmarkError> {
	fill_members::<T>(m.saturating_sub(1))?;
	let who = funded::<T>("validator", 0);
	T::BenchmarkHelper::register_session_keys(&who);
	Pallet::<T>::take_role(&who, &Role::Validator, true)?;
	T::BenchmarkHelper::open_ballots(&who);
	Ok(who)
}

fn consortium<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::ConsortiumOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

#[benchmarks(where <T as Config>::RuntimeCall: From<frame_system::Call<T>>)]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn apply() -> Result<(), BenchmarkError> {
		fill_applications::<T>(T::MaxApplications::get() - 1)?;
		let household: T::AccountId = account("household", 0, SEED);
		Pallet::<T>::take_role(&household, &Role::Household, true)?;
		let candidate = funded::<T>("candidate", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(candidate.clone()), Role::MeterOracle { household });

		assert!(Applications::<T>::contains_key(&candidate));
		Ok(())
	}

	#[benchmark]
	fn withdraw_application() -> Result<(), BenchmarkError> {
		let candidate = household_applicant::<T>()?;
		let now = frame_system::Pallet::<T>::block_number();
		frame_system::Pallet::<T>::set_block_number(now + T::MinApplicationPeriod::get());

		#[extrinsic_call]
		_(RawOrigin::Signed(candidate.clone()));

		assert!(!Applications::<T>::contains_key(&candidate));
		Ok(())
	}

	#[benchmark]
	fn admit(m: Linear<1, { T::MaxMembers::get() - 1 }>) -> Result<(), BenchmarkError> {
		fill_members::<T>(m)?;
		let candidate = funded::<T>("candidate", 0);
		T::BenchmarkHelper::register_session_keys(&candidate);
		Pallet::<T>::apply(RawOrigin::Signed(candidate.clone()).into(), Role::Validator)?;
		let origin = consortium::<T>()?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, candidate.clone());

		assert_eq!(Members::<T>::get(&candidate), Some(Role::Validator));
		Ok(())
	}

	#[benchmark]
	fn reject() -> Result<(), BenchmarkError> {
		let candidate = household_applicant::<T>()?;
		let origin = consortium::<T>()?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, candidate.clone());

		assert!(!Applications::<T>::contains_key(&candidate));
		Ok(())
	}

	#[benchmark]
	fn reject_as_spam() -> Result<(), BenchmarkError> {
		let candidate = household_applicant::<T>()?;
		let origin = consortium::<T>()?;
		let pot = T::SpamDepositsTo::get();
		let before = T::Currency::balance(&pot);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, candidate);

		assert_eq!(T::Currency::balance(&pot), before.saturating_add(T::ApplicationDeposit::get()));
		Ok(())
	}

	#[benchmark]
	fn remove_member(m: Linear<2, { T::MaxMembers::get() }>) -> Result<(), BenchmarkError> {
		let who = validator_member::<T>(m)?;
		let origin = consortium::<T>()?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(!Members::<T>::contains_key(&who));
		Ok(())
	}

	#[benchmark]
	fn change_role(m: Linear<3, { T::MaxMembers::get() }>) -> Result<(), BenchmarkError> {
		// The costliest change: a validator becomes a meter, so it leaves the validator set
		// and loses its vote on every open ballot.
		let household: T::AccountId = account("household", 0, SEED);
		Pallet::<T>::take_role(&household, &Role::Household, true)?;
		let who = validator_member::<T>(m)?;
		let origin = consortium::<T>()?;
		let new = Role::MeterOracle { household: household.clone() };

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone(), new);

		assert_eq!(MeterOf::<T>::get(&household), Some(who));
		Ok(())
	}

	#[benchmark]
	fn dispatch_as_root() -> Result<(), BenchmarkError> {
		let call: <T as Config>::RuntimeCall =
			frame_system::Call::<T>::remark { remark: vec![] }.into();
		let origin = consortium::<T>()?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, Box::new(call));

		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
