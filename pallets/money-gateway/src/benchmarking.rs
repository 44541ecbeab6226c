//! Benchmarks of the gateway's calls. None depends on the amount of state: each touches a fixed
//! number of storage items (the reference maps are hashed maps).

use super::*;
use alloc::vec;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{
		fungible::{Inspect, Mutate},
		Get,
	},
	BoundedVec,
};
use frame_system::RawOrigin;
use sp_runtime::Saturating;

/// The longest reference, distinct per `tag`.
fn reference<T: Config>(tag: u8) -> ReferenceOf<T> {
	BoundedVec::truncate_from(vec![tag; T::MaxReferenceLength::get() as usize])
}

fn gateway<T: Config>() -> T::AccountId {
	let gateway: T::AccountId = account("gateway", 0, 0);
	T::BenchmarkHelper::make_gateway(&gateway);
	gateway
}

/// A holder with money, and an amount it can withdraw.
fn holder<T: Config>() -> (T::AccountId, BalanceOf<T>) {
	let who: T::AccountId = whitelisted_caller();
	let amount =
		T::Currency::minimum_balance().saturating_mul(1_000u32.into()).max(T::MinWithdrawal::get());
	T::Currency::set_balance(&who, amount.saturating_mul(2u32.into()));
	(who, amount)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn deposit() {
		let gateway = gateway::<T>();
		// A new account: minting creates it.
		let beneficiary: T::AccountId = account("beneficiary", 0, 0);
		let amount = T::Currency::minimum_balance().saturating_mul(1_000u32.into());

		#[extrinsic_call]
		_(RawOrigin::Signed(gateway), beneficiary.clone(), amount, reference::<T>(1));

		assert_eq!(T::Currency::balance(&beneficiary), amount);
	}

	#[benchmark]
	fn request_withdrawal() {
		let (who, amount) = holder::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(who), amount);

		assert_eq!(Withdrawals::<T>::count(), 1);
	}

	#[benchmark]
	fn cancel_withdrawal() -> Result<(), BenchmarkError> {
		let (who, amount) = holder::<T>();
		Pallet::<T>::request_withdrawal(RawOrigin::Signed(who.clone()).into(), amount)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(who), 0);

		assert_eq!(Withdrawals::<T>::count(), 0);
		Ok(())
	}

	#[benchmark]
	fn pay_withdrawal() -> Result<(), BenchmarkError> {
		let (who, amount) = holder::<T>();
		Pallet::<T>::request_withdrawal(RawOrigin::Signed(who).into(), amount)?;
		let gateway = gateway::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(gateway), 0, reference::<T>(2));

		assert_eq!(TotalWithdrawn::<T>::get(), amount);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
