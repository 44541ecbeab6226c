//! Benchmarks of the ERC20 calls at their worst case: the recipient is a new account and the
//! sender keeps some energy, so both accounts are written.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::fungible::Mutate;
use frame_system::RawOrigin;

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn transfer() {
		let from: T::AccountId = whitelisted_caller();
		let to: T::AccountId = account("recipient", 0, 0);
		Pallet::<T>::mint_into(&from, 1_000).unwrap();

		#[extrinsic_call]
		_(RawOrigin::Signed(from.clone()), to.clone(), 400);

		assert_eq!(Accounts::<T>::get(&from).free, 600);
		assert_eq!(Accounts::<T>::get(&to).free, 400);
	}

	#[benchmark]
	fn approve() {
		let owner: T::AccountId = whitelisted_caller();
		let spender: T::AccountId = account("spender", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), spender.clone(), 400);

		assert_eq!(Allowances::<T>::get(&owner, &spender), 400);
	}

	#[benchmark]
	fn transfer_from() {
		let spender: T::AccountId = whitelisted_caller();
		let owner: T::AccountId = account("owner", 0, 0);
		let to: T::AccountId = account("recipient", 0, 0);
		Pallet::<T>::mint_into(&owner, 1_000).unwrap();
		Allowances::<T>::insert(&owner, &spender, 1_000);

		#[extrinsic_call]
		_(RawOrigin::Signed(spender.clone()), owner.clone(), to.clone(), 400);

		assert_eq!(Accounts::<T>::get(&to).free, 400);
		assert_eq!(Allowances::<T>::get(&owner, &spender), 600);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
