//! Weights for `pallet_energy_token`, measured by `energy-node benchmark pallet`. Do not edit by hand:
//! run `scripts/benchmark.sh` to measure them again.
//!
//! Benchmark CLI 64.0.0, 2026-11-26; steps 50, repeat 20;
//! machine `vm` (AMD EPYC); wasm execution `Compiled`; chain `Some("dev")`.

// Command:
// /root/.cache/energy-chain/target/release/energy-node
// benchmark
// pallet
// --chain
// dev
// --pallet
// pallet_energy_token
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
// /work/main/pallets/energy-token/src/weights.rs

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
	/// Storage: `EnergyToken::Accounts` (r:2 w:2)
	/// Proof: `EnergyToken::Accounts` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `EnergyToken::TotalSupply` (r:1 w:0)
	/// Proof: `EnergyToken::TotalSupply` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	fn transfer() -> Weight {
		// Proof size: measured `187`, estimated `6068` bytes.
		// Fastest run: 32_068_000 picoseconds.
		Weight::from_parts(33_840_000, 6068)
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().writes(2))
	}
	/// Storage: `EnergyToken::Allowances` (r:0 w:1)
	/// Proof: `EnergyToken::Allowances` (`max_values`: None, `max_size`: Some(104), added: 2579, mode: `MaxEncodedLen`)
	fn approve() -> Weight {
		// Proof size: measured `0`, estimated `0` bytes.
		// Fastest run: 7_972_000 picoseconds.
		Weight::from_parts(8_783_000, 0)
			.saturating_add(T::DbWeight::get().writes(1))
	}
	/// Storage: `EnergyToken::Allowances` (r:1 w:1)
	/// Proof: `EnergyToken::Allowances` (`max_values`: None, `max_size`: Some(104), added: 2579, mode: `MaxEncodedLen`)
	/// Storage: `EnergyToken::Accounts` (r:2 w:2)
	/// Proof: `EnergyToken::Accounts` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `EnergyToken::TotalSupply` (r:1 w:0)
	/// Proof: `EnergyToken::TotalSupply` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	fn transfer_from() -> Weight {
		// Proof size: measured `313`, estimated `6068` bytes.
		// Fastest run: 40_270_000 picoseconds.
		Weight::from_parts(42_473_000, 6068)
			.saturating_add(T::DbWeight::get().reads(4))
			.saturating_add(T::DbWeight::get().writes(3))
	}
}

/// The same weights with RocksDB's database weights, for tests and mocks.
impl WeightInfo for () {
	fn transfer() -> Weight {
		Weight::from_parts(33_840_000, 6068)
			.saturating_add(RocksDbWeight::get().reads(3))
			.saturating_add(RocksDbWeight::get().writes(2))
	}
	fn approve() -> Weight {
		Weight::from_parts(8_783_000, 0)
			.saturating_add(RocksDbWeight::get().writes(1))
	}
	fn transfer_from() -> Weight {
		Weight::from_parts(42_473_000, 6068)
			.saturating_add(RocksDbWeight::get().reads(4))
			.saturating_add(RocksDbWeight::get().writes(3))
	}
}
