//! Weights for `pallet_market`, measured by `energy-node benchmark pallet`. Do not edit by hand:
//! run `scripts/benchmark.sh` to measure them again.
//!
//! Benchmark CLI 64.0.0, 2026-11-26; steps 50, repeat 20;
//! machine `vm` (Intel(R) Xeon(R) Processor); wasm execution `Compiled`; chain `Some("dev")`.

// Command:
// /root/.cache/energy-chain/target/release/energy-node
// benchmark
// pallet
// --chain
// dev
// --pallet
// pallet_market
// --extrinsic
// *
// --steps
// 50
// --repeat
// 20
// --wasm-execution
// compiled
// --template
// scripts/pallet-weights.hbs
// --output
// pallets/market/src/weights.rs

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// The weight of each call of `pallet_market`.
pub trait WeightInfo {
	fn publish_info() -> Weight;
	fn set_grid_prices() -> Weight;
	fn make_offer() -> Weight;
	fn cancel_offer() -> Weight;
	fn allow_transaction() -> Weight;
	fn make_transaction() -> Weight;
	fn release_offer() -> Weight;
	fn set_clock() -> Weight;
	fn set_penalty_rate() -> Weight;
}

/// Weights measured on the reference machine, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Consortium::Members` (r:1 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(81), added: 2556, mode: `MaxEncodedLen`)
	/// Storage: `Market::Agents` (r:0 w:1)
	/// Proof: `Market::Agents` (`max_values`: None, `max_size`: Some(211), added: 2686, mode: `MaxEncodedLen`)
	fn publish_info() -> Weight {
		// Proof size: measured `277`, estimated `3546` bytes.
		// Fastest run: 18_993_000 picoseconds.
		Weight::from_parts(23_047_000, 3546)
			.saturating_add(T::DbWeight::get().reads(1))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	/// Storage: `Market::NextClock` (r:1 w:0)
	/// Proof: `Market::NextClock` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Market::CurrentClock` (r:1 w:0)
	/// Proof: `Market::CurrentClock` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Market::SlotGridPrices` (r:0 w:1)
	/// Proof: `Market::SlotGridPrices` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	fn set_grid_prices() -> Weight {
		// Proof size: measured `318`, estimated `1517` bytes.
		// Fastest run: 20_147_000 picoseconds.
		Weight::from_parts(24_429_000, 1517)
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	/// Storage: `Market::NextClock` (r:1 w:0)
	/// Proof: `Market::NextClock` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Market::CurrentClock` (r:1 w:0)
	/// Proof: `Market::CurrentClock` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Consortium::Members` (r:1 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(81), added: 2556, mode: `MaxEncodedLen`)
	/// Storage: `Market::Agents` (r:1 w:0)
	/// Proof: `Market::Agents` (`max_values`: None, `max_size`: Some(211), added: 2686, mode: `MaxEncodedLen`)
	/// Storage: `Market::SlotGridPrices` (r:1 w:0)
	/// Proof: `Market::SlotGridPrices` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	/// Storage: `EnergyToken::Accounts` (r:1 w:1)
	/// Proof: `EnergyToken::Accounts` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `Market::SlotOffers` (r:1 w:1)
	/// Proof: `Market::SlotOffers` (`max_values`: None, `max_size`: Some(8210), added: 10685, mode: `MaxEncodedLen`)
	/// Storage: `Market::SellerOffers` (r:1 w:1)
	/// Proof: `Market::SellerOffers` (`max_values`: None, `max_size`: Some(68), added: 2543, mode: `MaxEncodedLen`)
	/// Storage: `Market::NextOfferId` (r:1 w:1)
	/// Proof: `Market::NextOfferId` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Market::PendingSlots` (r:1 w:1)
	/// Proof: `Market::PendingSlots` (`max_values`: Some(1), `max_size`: Some(129), added: 624, mode: `MaxEncodedLen`)
	/// Storage: `EnergyToken::Holds` (r:1 w:1)
	/// Proof: `EnergyToken::Holds` (`max_values`: None, `max_size`: Some(74), added: 2549, mode: `MaxEncodedLen`)
	/// Storage: `Market::Offers` (r:0 w:1)
	/// Proof: `Market::Offers` (`max_values`: None, `max_size`: Some(2138), added: 4613, mode: `MaxEncodedLen`)
	fn make_offer() -> Weight {
		// Proof size: measured `9411`, estimated `11675` bytes.
		// Fastest run: 108_718_000 picoseconds.
		Weight::from_parts(128_153_000, 11675)
			.saturating_add(T::DbWeight::get().reads(12))
			.saturating_add(T::DbWeight::get().writes(7))
	}
	/// Storage: `Market::Offers` (r:1 w:1)
	/// Proof: `Market::Offers` (`max_values`: None, `max_size`: Some(2138), added: 4613, mode: `MaxEncodedLen`)
	/// Storage: `Market::NextClock` (r:1 w:0)
	/// Proof: `Market::NextClock` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Market::CurrentClock` (r:1 w:0)
	/// Proof: `Market::CurrentClock` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `EnergyToken::Accounts` (r:1 w:1)
	/// Proof: `EnergyToken::Accounts` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `EnergyToken::Holds` (r:1 w:1)
	/// Proof: `EnergyToken::Holds` (`max_values`: None, `max_size`: Some(74), added: 2549, mode: `MaxEncodedLen`)
	/// Storage: `MeterReadings::Unbacked` (r:1 w:0)
	/// Proof: `MeterReadings::Unbacked` (`max_values`: None, `max_size`: Some(56), added: 2531, mode: `MaxEncodedLen`)
	/// Storage: `Market::SlotOffers` (r:1 w:1)
	/// Proof: `Market::SlotOffers` (`max_values`: None, `max_size`: Some(8210), added: 10685, mode: `MaxEncodedLen`)
	/// Storage: `Market::SellerOffers` (r:1 w:1)
	/// Proof: `Market::SellerOffers` (`max_values`: None, `max_size`: Some(68), added: 2543, mode: `MaxEncodedLen`)
	fn cancel_offer() -> Weight {
		// Proof size: measured `9107`, estimated `11675` bytes.
		// Fastest run: 84_179_000 picoseconds.
		Weight::from_parts(110_338_000, 11675)
			.saturating_add(T::DbWeight::get().reads(9))
			.saturating_add(T::DbWeight::get().writes(5))
	}
	/// Storage: `Market::Offers` (r:1 w:1)
	/// Proof: `Market::Offers` (`max_values`: None, `max_size`: Some(2138), added: 4613, mode: `MaxEncodedLen`)
	/// Storage: `Market::NextClock` (r:1 w:0)
	/// Proof: `Market::NextClock` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Market::CurrentClock` (r:1 w:0)
	/// Proof: `Market::CurrentClock` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Consortium::Members` (r:1 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(81), added: 2556, mode: `MaxEncodedLen`)
	/// Storage: `Market::Agents` (r:1 w:0)
	/// Proof: `Market::Agents` (`max_values`: None, `max_size`: Some(211), added: 2686, mode: `MaxEncodedLen`)
	/// Storage: `Market::SlotGridPrices` (r:1 w:0)
	/// Proof: `Market::SlotGridPrices` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	/// Storage: `Market::SlotAgreementCount` (r:1 w:1)
	/// Proof: `Market::SlotAgreementCount` (`max_values`: None, `max_size`: Some(20), added: 2495, mode: `MaxEncodedLen`)
	/// Storage: `Market::NextAgreementId` (r:1 w:1)
	/// Proof: `Market::NextAgreementId` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Proof: `System::BlockHash` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `Market::PenaltyRate` (r:1 w:0)
	/// Proof: `Market::PenaltyRate` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:2 w:2)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(193), added: 2668, mode: `MaxEncodedLen`)
	/// Storage: `EnergyToken::Accounts` (r:1 w:1)
	/// Proof: `EnergyToken::Accounts` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `EnergyToken::Holds` (r:2 w:2)
	/// Proof: `EnergyToken::Holds` (`max_values`: None, `max_size`: Some(74), added: 2549, mode: `MaxEncodedLen`)
	/// Storage: `Market::Agreements` (r:0 w:1)
	/// Proof: `Market::Agreements` (`max_values`: None, `max_size`: Some(156), added: 2631, mode: `MaxEncodedLen`)
	/// Storage: `Market::SlotAgreements` (r:0 w:1)
	/// Proof: `Market::SlotAgreements` (`max_values`: None, `max_size`: Some(32), added: 2507, mode: `MaxEncodedLen`)
	fn allow_transaction() -> Weight {
		// Proof size: measured `3714`, estimated `6326` bytes.
		// Fastest run: 267_778_000 picoseconds.
		Weight::from_parts(351_435_000, 6326)
			.saturating_add(T::DbWeight::get().reads(18))
			.saturating_add(T::DbWeight::get().writes(12))
	}
	/// Storage: `Market::Agreements` (r:1 w:1)
	/// Proof: `Market::Agreements` (`max_values`: None, `max_size`: Some(156), added: 2631, mode: `MaxEncodedLen`)
	/// Storage: `Market::NextClock` (r:1 w:0)
	/// Proof: `Market::NextClock` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Market::CurrentClock` (r:1 w:0)
	/// Proof: `Market::CurrentClock` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `MeterReadings::Readings` (r:2 w:0)
	/// Proof: `MeterReadings::Readings` (`max_values`: None, `max_size`: Some(88), added: 2563, mode: `MaxEncodedLen`)
	/// Storage: `Market::UsedFlows` (r:2 w:2)
	/// Proof: `Market::UsedFlows` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:2 w:2)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(193), added: 2668, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:3 w:3)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Consortium::GridOperator` (r:1 w:0)
	/// Proof: `Consortium::GridOperator` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `EnergyToken::Accounts` (r:1 w:1)
	/// Proof: `EnergyToken::Accounts` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `EnergyToken::Holds` (r:1 w:1)
	/// Proof: `EnergyToken::Holds` (`max_values`: None, `max_size`: Some(74), added: 2549, mode: `MaxEncodedLen`)
	/// Storage: `MeterReadings::Unbacked` (r:1 w:1)
	/// Proof: `MeterReadings::Unbacked` (`max_values`: None, `max_size`: Some(56), added: 2531, mode: `MaxEncodedLen`)
	/// Storage: `EnergyToken::TotalSupply` (r:1 w:1)
	/// Proof: `EnergyToken::TotalSupply` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `EnergyToken::TotalBurned` (r:1 w:1)
	/// Proof: `EnergyToken::TotalBurned` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Market::SlotAgreements` (r:1 w:1)
	/// Proof: `Market::SlotAgreements` (`max_values`: None, `max_size`: Some(32), added: 2507, mode: `MaxEncodedLen`)
	/// Storage: `Market::SlotAgreementCount` (r:1 w:1)
	/// Proof: `Market::SlotAgreementCount` (`max_values`: None, `max_size`: Some(20), added: 2495, mode: `MaxEncodedLen`)
	/// Storage: `Market::SlotOffers` (r:1 w:0)
	/// Proof: `Market::SlotOffers` (`max_values`: None, `max_size`: Some(8210), added: 10685, mode: `MaxEncodedLen`)
	fn make_transaction() -> Weight {
		// Proof size: measured `10222`, estimated `11675` bytes.
		// Fastest run: 377_050_000 picoseconds.
		Weight::from_parts(428_186_000, 11675)
			.saturating_add(T::DbWeight::get().reads(22))
			.saturating_add(T::DbWeight::get().writes(15))
	}
	/// Storage: `Market::Offers` (r:1 w:1)
	/// Proof: `Market::Offers` (`max_values`: None, `max_size`: Some(2138), added: 4613, mode: `MaxEncodedLen`)
	/// Storage: `Market::NextClock` (r:1 w:0)
	/// Proof: `Market::NextClock` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Market::CurrentClock` (r:1 w:0)
	/// Proof: `Market::CurrentClock` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `EnergyToken::Accounts` (r:1 w:1)
	/// Proof: `EnergyToken::Accounts` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `EnergyToken::Holds` (r:1 w:1)
	/// Proof: `EnergyToken::Holds` (`max_values`: None, `max_size`: Some(74), added: 2549, mode: `MaxEncodedLen`)
	/// Storage: `MeterReadings::Unbacked` (r:1 w:0)
	/// Proof: `MeterReadings::Unbacked` (`max_values`: None, `max_size`: Some(56), added: 2531, mode: `MaxEncodedLen`)
	/// Storage: `Market::SlotOffers` (r:1 w:1)
	/// Proof: `Market::SlotOffers` (`max_values`: None, `max_size`: Some(8210), added: 10685, mode: `MaxEncodedLen`)
	/// Storage: `Market::SellerOffers` (r:1 w:1)
	/// Proof: `Market::SellerOffers` (`max_values`: None, `max_size`: Some(68), added: 2543, mode: `MaxEncodedLen`)
	fn release_offer() -> Weight {
		// Proof size: measured `9107`, estimated `11675` bytes.
		// Fastest run: 88_825_000 picoseconds.
		Weight::from_parts(105_570_000, 11675)
			.saturating_add(T::DbWeight::get().reads(9))
			.saturating_add(T::DbWeight::get().writes(5))
	}
	/// Storage: `Market::NextClock` (r:1 w:1)
	/// Proof: `Market::NextClock` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Market::CurrentClock` (r:1 w:0)
	/// Proof: `Market::CurrentClock` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	fn set_clock() -> Weight {
		// Proof size: measured `318`, estimated `1517` bytes.
		// Fastest run: 18_687_000 picoseconds.
		Weight::from_parts(22_696_000, 1517)
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	/// Storage: `Market::PenaltyRate` (r:0 w:1)
	/// Proof: `Market::PenaltyRate` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	fn set_penalty_rate() -> Weight {
		// Proof size: measured `0`, estimated `0` bytes.
		// Fastest run: 6_832_000 picoseconds.
		Weight::from_parts(8_477_000, 0)
			.saturating_add(T::DbWeight::get().writes(1))
	}
}

/// The same weights with RocksDB's database weights, for tests and mocks.
impl WeightInfo for () {
	fn publish_info() -> Weight {
		Weight::from_parts(23_047_000, 3546)
			.saturating_add(RocksDbWeight::get().reads(1))
			.saturating_add(RocksDbWeight::get().writes(1))
	}
	fn set_grid_prices() -> Weight {
		Weight::from_parts(24_429_000, 1517)
			.saturating_add(RocksDbWeight::get().reads(3))
			.saturating_add(RocksDbWeight::get().writes(1))
	}
	fn make_offer() -> Weight {
		Weight::from_parts(128_153_000, 11675)
			.saturating_add(RocksDbWeight::get().reads(12))
			.saturating_add(RocksDbWeight::get().writes(7))
	}
	fn cancel_offer() -> Weight {
		Weight::from_parts(110_338_000, 11675)
			.saturating_add(RocksDbWeight::get().reads(9))
			.saturating_add(RocksDbWeight::get().writes(5))
	}
	fn allow_transaction() -> Weight {
		Weight::from_parts(351_435_000, 6326)
			.saturating_add(RocksDbWeight::get().reads(18))
			.saturating_add(RocksDbWeight::get().writes(12))
	}
	fn make_transaction() -> Weight {
		Weight::from_parts(428_186_000, 11675)
			.saturating_add(RocksDbWeight::get().reads(22))
			.saturating_add(RocksDbWeight::get().writes(15))
	}
	fn release_offer() -> Weight {
		Weight::from_parts(105_570_000, 11675)
			.saturating_add(RocksDbWeight::get().reads(9))
			.saturating_add(RocksDbWeight::get().writes(5))
	}
	fn set_clock() -> Weight {
		Weight::from_parts(22_696_000, 1517)
			.saturating_add(RocksDbWeight::get().reads(3))
			.saturating_add(RocksDbWeight::get().writes(1))
	}
	fn set_penalty_rate() -> Weight {
		Weight::from_parts(8_477_000, 0)
			.saturating_add(RocksDbWeight::get().writes(1))
	}
}
