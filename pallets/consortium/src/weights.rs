//! Weights for `pallet_consortium`, measured by `energy-node benchmark pallet`. Do not edit by hand:
//! run `scripts/benchmark.sh` to measure them again.
//!
//! Benchmark CLI 64.0.0, 2026-11-25; steps 50, repeat 20;
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
// /work/main/scripts/pallet-weights.hbs
// --output
// /work/main/pallets/consortium/src/weights.rs

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
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(121), added: 2596, mode: `MaxEncodedLen`)
	fn apply() -> Weight {
		// Proof size: measured `1356`, estimated `6102` bytes.
		// Fastest run: 83_964_000 picoseconds.
		Weight::from_parts(91_956_000, 6102)
			.saturating_add(T::DbWeight::get().reads(7))
			.saturating_add(T::DbWeight::get().writes(4))
	}
	/// Storage: `Consortium::Applications` (r:1 w:1)
	/// Proof: `Consortium::Applications` (`max_values`: None, `max_size`: Some(101), added: 2576, mode: `MaxEncodedLen`)
	/// Storage: `Consortium::CounterForApplications` (r:1 w:1)
	/// Proof: `Consortium::CounterForApplications` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(121), added: 2596, mode: `MaxEncodedLen`)
	fn withdraw_application() -> Weight {
		// Proof size: measured `410`, estimated `3593` bytes.
		// Fastest run: 53_148_000 picoseconds.
		Weight::from_parts(55_713_000, 3593)
			.saturating_add(T::DbWeight::get().reads(4))
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
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(121), added: 2596, mode: `MaxEncodedLen`)
	/// Storage: `ValidatorSet::SetChanged` (r:0 w:1)
	/// Proof: `ValidatorSet::SetChanged` (`max_values`: Some(1), `max_size`: Some(1), added: 496, mode: `MaxEncodedLen`)
	/// Storage: `Council::Members` (r:0 w:1)
	/// Proof: `Council::Members` (`max_values`: Some(1), `max_size`: None, mode: `Measured`)
	/// Storage: `Council::Prime` (r:0 w:1)
	/// Proof: `Council::Prime` (`max_values`: Some(1), `max_size`: None, mode: `Measured`)
	/// The range of component `m` is `[1, 127]`.
	fn admit(m: u32, ) -> Weight {
		// Proof size: measured `1353 + m * 34`, estimated `5583 + m * 36` bytes.
		// Fastest run: 97_464_000 picoseconds.
		Weight::from_parts(103_441_446, 5583)
			.saturating_add(Weight::from_parts(164_340, 0).saturating_mul(m.into()))
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
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(121), added: 2596, mode: `MaxEncodedLen`)
	fn reject() -> Weight {
		// Proof size: measured `410`, estimated `3593` bytes.
		// Fastest run: 52_909_000 picoseconds.
		Weight::from_parts(56_023_000, 3593)
			.saturating_add(T::DbWeight::get().reads(4))
			.saturating_add(T::DbWeight::get().writes(4))
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
	/// Storage: `Council::Voting` (r:32 w:32)
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
		// Proof size: measured `4605 + m * 35`, estimated `84717 + m * 37` bytes.
		// Fastest run: 204_974_000 picoseconds.
		Weight::from_parts(212_152_055, 84717)
			.saturating_add(Weight::from_parts(149_280, 0).saturating_mul(m.into()))
			.saturating_add(T::DbWeight::get().reads(39))
			.saturating_add(T::DbWeight::get().writes(39))
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
	/// Storage: `Council::Voting` (r:32 w:32)
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
		// Proof size: measured `4640 + m * 36`, estimated `84758 + m * 37` bytes.
		// Fastest run: 218_123_000 picoseconds.
		Weight::from_parts(226_668_973, 84758)
			.saturating_add(Weight::from_parts(142_808, 0).saturating_mul(m.into()))
			.saturating_add(T::DbWeight::get().reads(41))
			.saturating_add(T::DbWeight::get().writes(40))
			.saturating_add(Weight::from_parts(0, 37).saturating_mul(m.into()))
	}
	fn dispatch_as_root() -> Weight {
		// Proof size: measured `0`, estimated `0` bytes.
		// Fastest run: 7_341_000 picoseconds.
		Weight::from_parts(8_253_000, 0)
	}
}

/// The same weights with RocksDB's database weights, for tests and mocks.
impl WeightInfo for () {
	fn apply() -> Weight {
		Weight::from_parts(91_956_000, 6102)
			.saturating_add(RocksDbWeight::get().reads(7))
			.saturating_add(RocksDbWeight::get().writes(4))
	}
	fn withdraw_application() -> Weight {
		Weight::from_parts(55_713_000, 3593)
			.saturating_add(RocksDbWeight::get().reads(4))
			.saturating_add(RocksDbWeight::get().writes(4))
	}
	fn admit(m: u32, ) -> Weight {
		Weight::from_parts(103_441_446, 5583)
			.saturating_add(Weight::from_parts(164_340, 0).saturating_mul(m.into()))
			.saturating_add(RocksDbWeight::get().reads(10))
			.saturating_add(RocksDbWeight::get().writes(11))
			.saturating_add(Weight::from_parts(0, 36).saturating_mul(m.into()))
	}
	fn reject() -> Weight {
		Weight::from_parts(56_023_000, 3593)
			.saturating_add(RocksDbWeight::get().reads(4))
			.saturating_add(RocksDbWeight::get().writes(4))
	}
	fn remove_member(m: u32, ) -> Weight {
		Weight::from_parts(212_152_055, 84717)
			.saturating_add(Weight::from_parts(149_280, 0).saturating_mul(m.into()))
			.saturating_add(RocksDbWeight::get().reads(39))
			.saturating_add(RocksDbWeight::get().writes(39))
			.saturating_add(Weight::from_parts(0, 37).saturating_mul(m.into()))
	}
	fn change_role(m: u32, ) -> Weight {
		Weight::from_parts(226_668_973, 84758)
			.saturating_add(Weight::from_parts(142_808, 0).saturating_mul(m.into()))
			.saturating_add(RocksDbWeight::get().reads(41))
			.saturating_add(RocksDbWeight::get().writes(40))
			.saturating_add(Weight::from_parts(0, 37).saturating_mul(m.into()))
	}
	fn dispatch_as_root() -> Weight {
		Weight::from_parts(8_253_000, 0)
	}
}
