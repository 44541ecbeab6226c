//! Weights for `pallet_meter_readings`, measured by `energy-node benchmark pallet`. Do not edit by hand:
//! run `scripts/benchmark.sh` to measure them again.
//!
//! Benchmark CLI 64.0.0, 2026-12-05; steps 50, repeat 20;
//! machine `vm` (Intel(R) Xeon(R) Processor); wasm execution `Compiled`; chain `Some("dev")`.

// Command:
// /root/.cache/energy-chain/target/release/energy-node
// benchmark
// pallet
// --chain
// dev
// --pallet
// pallet_meter_readings
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
// /tmp/cold/repo/pallets/meter-readings/src/weights.rs

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// The weight of each call of `pallet_meter_readings`.
pub trait WeightInfo {
	fn set_installation() -> Weight;
	fn submit_reading() -> Weight;
}

/// Weights measured on the reference machine, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Consortium::Members` (r:1 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(81), added: 2556, mode: `MaxEncodedLen`)
	/// Storage: `MeterReadings::Installations` (r:0 w:1)
	/// Proof: `MeterReadings::Installations` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	fn set_installation() -> Weight {
		// Proof size: measured `277`, estimated `3546` bytes.
		// Fastest run: 15_224_000 picoseconds.
		Weight::from_parts(16_824_000, 3546)
			.saturating_add(T::DbWeight::get().reads(1))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	/// Storage: `Consortium::Members` (r:1 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(81), added: 2556, mode: `MaxEncodedLen`)
	/// Storage: `Market::NextClock` (r:1 w:0)
	/// Proof: `Market::NextClock` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Market::CurrentClock` (r:1 w:0)
	/// Proof: `Market::CurrentClock` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `MeterReadings::Readings` (r:1 w:2)
	/// Proof: `MeterReadings::Readings` (`max_values`: None, `max_size`: Some(88), added: 2563, mode: `MaxEncodedLen`)
	/// Storage: `MeterReadings::Batteries` (r:1 w:1)
	/// Proof: `MeterReadings::Batteries` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `MeterReadings::Installations` (r:1 w:0)
	/// Proof: `MeterReadings::Installations` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `MeterReadings::Unbacked` (r:1 w:1)
	/// Proof: `MeterReadings::Unbacked` (`max_values`: None, `max_size`: Some(56), added: 2531, mode: `MaxEncodedLen`)
	/// Storage: `EnergyToken::Accounts` (r:1 w:1)
	/// Proof: `EnergyToken::Accounts` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `EnergyToken::TotalSupply` (r:1 w:1)
	/// Proof: `EnergyToken::TotalSupply` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `EnergyToken::TotalBurned` (r:1 w:1)
	/// Proof: `EnergyToken::TotalBurned` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `MeterReadings::ReadingSlots` (r:1 w:1)
	/// Proof: `MeterReadings::ReadingSlots` (`max_values`: None, `max_size`: Some(1394), added: 3869, mode: `MaxEncodedLen`)
	/// Storage: `MeterReadings::UsedExports` (r:0 w:1)
	/// Proof: `MeterReadings::UsedExports` (`max_values`: None, `max_size`: Some(72), added: 2547, mode: `MaxEncodedLen`)
	fn submit_reading() -> Weight {
		// Proof size: measured `3119`, estimated `4859` bytes.
		// Fastest run: 88_807_000 picoseconds.
		Weight::from_parts(102_178_000, 4859)
			.saturating_add(T::DbWeight::get().reads(12))
			.saturating_add(T::DbWeight::get().writes(9))
	}
}

/// The same weights with RocksDB's database weights, for tests and mocks.
impl WeightInfo for () {
	fn set_installation() -> Weight {
		Weight::from_parts(16_824_000, 3546)
			.saturating_add(RocksDbWeight::get().reads(1))
			.saturating_add(RocksDbWeight::get().writes(1))
	}
	fn submit_reading() -> Weight {
		Weight::from_parts(102_178_000, 4859)
			.saturating_add(RocksDbWeight::get().reads(12))
			.saturating_add(RocksDbWeight::get().writes(9))
	}
}
