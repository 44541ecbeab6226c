//! Weights for `pallet_consortium`, measured by `energy-node benchmark pallet`. Do not edit by hand:
//! run `scripts/benchmark.sh` to measure them again.
//!
//! Benchmark CLI 64.0.0, 2026-12-04; steps 50, repeat 20;
//! machine `vm` (AMD EPYC); wasm execution `Compiled`; chain `Some("dev")`.

// Command:
// /root/.cache/energy-chain/target/release/energy-node
// benchmark
// pallet
// --chain
// dev
// --pallet
// pallet_consortium
// --extrinsic
// *
// --steps
// 50
// --repeat
// 20
// --wasm-execution
// compiled
// --template
// /tmp/cold/repo/scripts/pallet-weights.hbs
// --output
// /tmp/cold/repo/pallets/consortium/src/weights.rs

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// The weight of each call of `pallet_consortium`.
pub trait WeightInfo {
	fn apply() -> Weight;
	fn withdraw_application() -> Weight;
	fn admit(m: u32, ) -> Weight;
	fn reject() -> Weight;
	fn reject_as_spam() -> Weight;
	fn remove_member(m: u32, ) -> Weight;
	fn change_role(m: u32, ) -> Weight;
	fn dispatch_as_root() -> Weight;
}

/// Weights measured on the reference machine, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Consortium::Members` (r:2 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(81), added: 2556, mode: `MaxEncodedLen`)
	/// Storage: `Consortium::Applications` (r:1 w:1)
	/// Proof: `Consortium::Applications` (`max_values`: None, `max_size`: Some(101), added: 2576, mode: `MaxEncodedLen`)
	/// Storage: `Consortium::CounterForApplications` (r:1 w:1)
	/// Proof: `Consortium::CounterForApplications` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Consortium::MeterOf` (r:1 w:0)
	/// Proof: `Consortium::MeterOf` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(175), added: 2650, mode: `MaxEncodedLen`)
	fn apply() -> Weight {
		// Proof size: measured `1422`, estimated `6102` bytes.
		// Fastest run: 89_172_000 picoseconds.
		Weight::from_parts(140_248_000, 6102)
			.saturating_add(T::DbWeight::get().reads(7))
			.saturating_add(T::DbWeight::get().writes(4))
	}
	/// Storage: `Consortium::Applications` (r:1 w:1)
	/// Proof: `Consortium::Applications` (`max_values`: None, `max_size`: Some(101), added: 2576, mode: `MaxEncodedLen`)
	/// Storage: UNKNOWN KEY `0x0e23aa258c6cb271089bf8ac5d494109` (r:1 w:0)
	/// Proof: UNKNOWN KEY `0x0e23aa258c6cb271089bf8ac5d494109` (r:1 w:0)
	/// Storage: `Consortium::CounterForApplications` (r:1 w:1)
	/// Proof: `Consortium::CounterForApplications` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(175), added: 2650, mode: `MaxEncodedLen`)
	fn withdraw_application() -> Weight {
		// Proof size: measured `476`, estimated `3941` bytes.
		// Fastest run: 57_095_000 picoseconds.
		Weight::from_parts(85_117_000, 3941)
			.saturating_add(T::DbWeight::get().reads(5))
			.saturating_add(T::DbWeight::get().writes(4))
	}
	/// Storage: `Consortium::Applications` (r:1 w:1)
	/// Proof: `Consortium::Applications` (`max_values`: None, `max_size`: Some(101), added: 2576, mode: `MaxEncodedLen`)
	/// Storage: `Consortium::CounterForMembers` (r:1 w:1)
	/// Proof: `Consortium::CounterForMembers` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Session::NextKeys` (r:1 w:0)
	/// Proof: `Session::NextKeys` (`max_values`: None, `max_size`: None, mode: `Measured`)
	/// Storage: `ValidatorSet::Validators` (r:1 w:1)
	/// Proof: `ValidatorSet::Validators` (`max_values`: Some(1), `max_size`: Some(1025), added: 1520, mode: `MaxEncodedLen`)
	/// Storage: `CouncilMembership::Members` (r:1 w:1)
	/// Proof: `CouncilMembership::Members` (`max_values`: Some(1), `max_size`: Some(4098), added: 4593, mode: `MaxEncodedLen`)
	/// Storage: `Council::Proposals` (r:1 w:0)
	/// Proof: `Council::Proposals` (`max_values`: Some(1), `max_size`: None, mode: `Measured`)
	/// Storage: `Consortium::Members` (r:1 w:1)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(81), added: 2556, mode: `MaxEncodedLen`)
	/// Storage: `Consortium::CounterForApplications` (r:1 w:1)
	/// Proof: `Consortium::CounterForApplications` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(175), added: 2650, mode: `MaxEncodedLen`)
	/// Storage: `ValidatorSet::SetChanged` (r:0 w:1)
	/// Proof: `ValidatorSet::SetChanged` (`max_values`: Some(1), `max_size`: Some(1), added: 496, mode: `MaxEncodedLen`)
	/// Storage: `Council::Members` (r:0 w:1)
	/// Proof: `Council::Members` (`max_values`: Some(1), `max_size`: None, mode: `Measured`)
	/// Storage: `Council::Prime` (r:0 w:1)
	/// Proof: `Council::Prime` (`max_values`: Some(1), `max_size`: None, mode: `Measured`)
	/// The range of component `m` is `[1, 127]`.
	fn admit(m: u32, ) -> Weight {
		// Proof size: measured `1418 + m * 34`, estimated `5583 + m * 36` bytes.
		// Fastest run: 99_708_000 picoseconds.
		Weight::from_parts(113_571_793, 5583)
			.saturating_add(Weight::from_parts(291_449, 0).saturating_mul(m.into()))
			.saturating_add(T::DbWeight::get().reads(10))
			.saturating_add(T::DbWeight::get().writes(11))
			.saturating_add(Weight::from_parts(0, 36).saturating_mul(m.into()))
	}
	/// Storage: `Consortium::Applications` (r:1 w:1)
	/// Proof: `Consortium::Applications` (`max_values`: None, `max_size`: Some(101), added: 2576, mode: `MaxEncodedLen`)
	/// Storage: `Consortium::CounterForApplications` (r:1 w:1)
	/// Proof: `Consortium::CounterForApplications` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(175), added: 2650, mode: `MaxEncodedLen`)
	fn reject() -> Weight {
		// Proof size: measured `476`, estimated `3640` bytes.
		// Fastest run: 54_171_000 picoseconds.
		Weight::from_parts(67_931_000, 3640)
			.saturating_add(T::DbWeight::get().reads(4))
			.saturating_add(T::DbWeight::get().writes(4))
	}
	/// Storage: `Consortium::Applications` (r:1 w:1)
	/// Proof: `Consortium::Applications` (`max_values`: None, `max_size`: Some(101), added: 2576, mode: `MaxEncodedLen`)
	/// Storage: `Consortium::CounterForApplications` (r:1 w:1)
	/// Proof: `Consortium::CounterForApplications` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(175), added: 2650, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn reject_as_spam() -> Weight {
		// Proof size: measured `650`, estimated `6196` bytes.
		// Fastest run: 62_323_000 picoseconds.
		Weight::from_parts(97_725_000, 6196)
			.saturating_add(T::DbWeight::get().reads(5))
			.saturating_add(T::DbWeight::get().writes(5))
	}
	/// Storage: `Consortium::Members` (r:1 w:1)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(81), added: 2556, mode: `MaxEncodedLen`)
	/// Storage: `ValidatorSet::Validators` (r:1 w:1)
	/// Proof: `ValidatorSet::Validators` (`max_values`: Some(1), `max_size`: Some(1025), added: 1520, mode: `MaxEncodedLen`)
	/// Storage: `ValidatorSet::MinValidators` (r:1 w:0)
	/// Proof: `ValidatorSet::MinValidators` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `CouncilMembership::Members` (r:1 w:1)
	/// Proof: `CouncilMembership::Members` (`max_values`: Some(1), `max_size`: Some(4098), added: 4593, mode: `MaxEncodedLen`)
	/// Storage: `Council::Proposals` (r:1 w:0)
	/// Proof: `Council::Proposals` (`max_values`: Some(1), `max_size`: None, mode: `Measured`)
	/// Storage: `Council::Voting` (r:10 w:10)
	/// Proof: `Council::Voting` (`max_values`: None, `max_size`: None, mode: `Measured`)
	/// Storage: `CouncilMembership::Prime` (r:1 w:0)
	/// Proof: `CouncilMembership::Prime` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Consortium::CounterForMembers` (r:1 w:1)
	/// Proof: `Consortium::CounterForMembers` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `ValidatorSet::SetChanged` (r:0 w:1)
	/// Proof: `ValidatorSet::SetChanged` (`max_values`: Some(1), `max_size`: Some(1), added: 496, mode: `MaxEncodedLen`)
	/// Storage: `Council::Members` (r:0 w:1)
	/// Proof: `Council::Members` (`max_values`: Some(1), `max_size`: None, mode: `Measured`)
	/// Storage: `Council::Prime` (r:0 w:1)
	/// Proof: `Council::Prime` (`max_values`: Some(1), `max_size`: None, mode: `Measured`)
	/// The range of component `m` is `[2, 128]`.
	fn remove_member(m: u32, ) -> Weight {
		// Proof size: measured `2096 + m * 35`, estimated `27758 + m * 37` bytes.
		// Fastest run: 100_879_000 picoseconds.
		Weight::from_parts(161_669_666, 27758)
			.saturating_add(Weight::from_parts(152_032, 0).saturating_mul(m.into()))
			.saturating_add(T::DbWeight::get().reads(17))
			.saturating_add(T::DbWeight::get().writes(17))
			.saturating_add(Weight::from_parts(0, 37).saturating_mul(m.into()))
	}
	/// Storage: `Consortium::Members` (r:2 w:1)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(81), added: 2556, mode: `MaxEncodedLen`)
	/// Storage: `ValidatorSet::Validators` (r:1 w:1)
	/// Proof: `ValidatorSet::Validators` (`max_values`: Some(1), `max_size`: Some(1025), added: 1520, mode: `MaxEncodedLen`)
	/// Storage: `ValidatorSet::MinValidators` (r:1 w:0)
	/// Proof: `ValidatorSet::MinValidators` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `CouncilMembership::Members` (r:1 w:1)
	/// Proof: `CouncilMembership::Members` (`max_values`: Some(1), `max_size`: Some(4098), added: 4593, mode: `MaxEncodedLen`)
	/// Storage: `Council::Proposals` (r:1 w:0)
	/// Proof: `Council::Proposals` (`max_values`: Some(1), `max_size`: None, mode: `Measured`)
	/// Storage: `Council::Voting` (r:10 w:10)
	/// Proof: `Council::Voting` (`max_values`: None, `max_size`: None, mode: `Measured`)
	/// Storage: `CouncilMembership::Prime` (r:1 w:0)
	/// Proof: `CouncilMembership::Prime` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Consortium::CounterForMembers` (r:1 w:1)
	/// Proof: `Consortium::CounterForMembers` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Consortium::MeterOf` (r:1 w:1)
	/// Proof: `Consortium::MeterOf` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `ValidatorSet::SetChanged` (r:0 w:1)
	/// Proof: `ValidatorSet::SetChanged` (`max_values`: Some(1), `max_size`: Some(1), added: 496, mode: `MaxEncodedLen`)
	/// Storage: `Council::Members` (r:0 w:1)
	/// Proof: `Council::Members` (`max_values`: Some(1), `max_size`: None, mode: `Measured`)
	/// Storage: `Council::Prime` (r:0 w:1)
	/// Proof: `Council::Prime` (`max_values`: Some(1), `max_size`: None, mode: `Measured`)
	/// The range of component `m` is `[3, 128]`.
	fn change_role(m: u32, ) -> Weight {
		// Proof size: measured `2131 + m * 36`, estimated `27799 + m * 37` bytes.
		// Fastest run: 114_149_000 picoseconds.
		Weight::from_parts(175_704_733, 27799)
			.saturating_add(Weight::from_parts(53_752, 0).saturating_mul(m.into()))
			.saturating_add(T::DbWeight::get().reads(19))
			.saturating_add(T::DbWeight::get().writes(18))
			.saturating_add(Weight::from_parts(0, 37).saturating_mul(m.into()))
	}
	fn dispatch_as_root() -> Weight {
		// Proof size: measured `0`, estimated `0` bytes.
		// Fastest run: 7_110_000 picoseconds.
		Weight::from_parts(15_032_000, 0)
	}
}

/// The same weights with RocksDB's database weights, for tests and mocks.
impl WeightInfo for () {
	fn apply() -> Weight {
		Weight::from_parts(140_248_000, 6102)
			.saturating_add(RocksDbWeight::get().reads(7))
			.saturating_add(RocksDbWeight::get().writes(4))
	}
	fn withdraw_application() -> Weight {
		Weight::from_parts(85_117_000, 3941)
			.saturating_add(RocksDbWeight::get().reads(5))
			.saturating_add(RocksDbWeight::get().writes(4))
	}
	fn admit(m: u32, ) -> Weight {
		Weight::from_parts(113_571_793, 5583)
			.saturating_add(Weight::from_parts(291_449, 0).saturating_mul(m.into()))
			.saturating_add(RocksDbWeight::get().reads(10))
			.saturating_add(RocksDbWeight::get().writes(11))
			.saturating_add(Weight::from_parts(0, 36).saturating_mul(m.into()))
	}
	fn reject() -> Weight {
		Weight::from_parts(67_931_000, 3640)
			.saturating_add(RocksDbWeight::get().reads(4))
			.saturating_add(RocksDbWeight::get().writes(4))
	}
	fn reject_as_spam() -> Weight {
		Weight::from_parts(97_725_000, 6196)
			.saturating_add(RocksDbWeight::get().reads(5))
			.saturating_add(RocksDbWeight::get().writes(5))
	}
	fn remove_member(m: u32, ) -> Weight {
		Weight::from_parts(161_669_666, 27758)
			.saturating_add(Weight::from_parts(152_032, 0).saturating_mul(m.into()))
			.saturating_add(RocksDbWeight::get().reads(17))
			.saturating_add(RocksDbWeight::get().writes(17))
			.saturating_add(Weight::from_parts(0, 37).saturating_mul(m.into()))
	}
	fn change_role(m: u32, ) -> Weight {
		Weight::from_parts(175_704_733, 27799)
			.saturating_add(Weight::from_parts(53_752, 0).saturating_mul(m.into()))
			.saturating_add(RocksDbWeight::get().reads(19))
			.saturating_add(RocksDbWeight::get().writes(18))
			.saturating_add(Weight::from_parts(0, 37).saturating_mul(m.into()))
	}
	fn dispatch_as_root() -> Weight {
		Weight::from_parts(15_032_000, 0)
	}
}
