//! Placeholder until `scripts/benchmark.sh` generates this file from the node's benchmarks.
#![allow(unused_parens)]
use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// The weight of each call of `pallet_validator_set`.
pub trait WeightInfo {
	fn add_validator(v: u32) -> Weight;
	fn remove_validator(v: u32) -> Weight;
	fn set_min_validators() -> Weight;
}

/// Weights with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn add_validator(v: u32) -> Weight {
		Weight::from_parts(50_000_000, 4_000)
			.saturating_add(Weight::from_parts(100_000, 32).saturating_mul(v.into()))
			.saturating_add(T::DbWeight::get().reads_writes(2, 2))
	}
	fn remove_validator(v: u32) -> Weight {
		Weight::from_parts(50_000_000, 4_000)
			.saturating_add(Weight::from_parts(100_000, 32).saturating_mul(v.into()))
			.saturating_add(T::DbWeight::get().reads_writes(2, 2))
	}
	fn set_min_validators() -> Weight {
		Weight::from_parts(20_000_000, 2_000).saturating_add(T::DbWeight::get().reads_writes(1, 1))
	}
}

impl WeightInfo for () {
	fn add_validator(v: u32) -> Weight {
		Weight::from_parts(50_000_000, 4_000)
			.saturating_add(Weight::from_parts(100_000, 32).saturating_mul(v.into()))
			.saturating_add(RocksDbWeight::get().reads_writes(2, 2))
	}
	fn remove_validator(v: u32) -> Weight {
		Weight::from_parts(50_000_000, 4_000)
			.saturating_add(Weight::from_parts(100_000, 32).saturating_mul(v.into()))
			.saturating_add(RocksDbWeight::get().reads_writes(2, 2))
	}
	fn set_min_validators() -> Weight {
		Weight::from_parts(20_000_000, 2_000)
			.saturating_add(RocksDbWeight::get().reads_writes(1, 1))
	}
}
