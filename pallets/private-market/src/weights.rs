//! Weights for `pallet_private_market`, measured by `energy-node benchmark pallet`. Do not edit by hand:
//! run `scripts/benchmark.sh` to measure them again.
//!
//! Benchmark CLI 64.0.0, 2026-12-05; steps 10, repeat 5;
//! machine `vm` (Intel(R) Xeon(R) Processor); wasm execution `Compiled`; chain `Some("dev")`.

// Command:
// /root/.cache/energy-chain/target/release/energy-node
// benchmark
// pallet
// --chain
// dev
// --pallet
// pallet_private_market
// --extrinsic
// *
// --steps
// 10
// --repeat
// 5
// --wasm-execution
// compiled
// --template
// /tmp/cold/repo/scripts/pallet-weights.hbs
// --output
// /tmp/cold/repo/pallets/private-market/src/weights.rs

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// The weight of each call of `pallet_private_market`.
pub trait WeightInfo {
	fn set_auditor_key() -> Weight;
	fn register_market_key() -> Weight;
	fn private_offer(r: u32, i: u32, ) -> Weight;
	fn private_purchase(r: u32, i: u32, ) -> Weight;
	fn release_payment() -> Weight;
	fn claim_payment() -> Weight;
	fn refund_payment() -> Weight;
	fn close_offer() -> Weight;
}

/// Weights measured on the reference machine, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `PrivateMarket::Auditor` (r:0 w:1)
	/// Proof: `PrivateMarket::Auditor` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	fn set_auditor_key() -> Weight {
		// Proof size: measured `0`, estimated `0` bytes.
		// Fastest run: 14_378_000 picoseconds.
		Weight::from_parts(15_260_000, 0)
			.saturating_add(T::DbWeight::get().writes(1))
	}
	/// Storage: `Consortium::Members` (r:1 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(81), added: 2556, mode: `MaxEncodedLen`)
	/// Storage: `PrivateMarket::KeyOf` (r:1 w:1)
	/// Proof: `PrivateMarket::KeyOf` (`max_values`: None, `max_size`: Some(52), added: 2527, mode: `MaxEncodedLen`)
	/// Storage: `PrivateMarket::TakenKeys` (r:1 w:1)
	/// Proof: `PrivateMarket::TakenKeys` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	/// Storage: `PrivateMarket::MarketKeyCount` (r:1 w:1)
	/// Proof: `PrivateMarket::MarketKeyCount` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Proof: `System::BlockHash` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `PrivateMarket::MarketKeys` (r:0 w:1)
	/// Proof: `PrivateMarket::MarketKeys` (`max_values`: None, `max_size`: Some(76), added: 2551, mode: `MaxEncodedLen`)
	fn register_market_key() -> Weight {
		// Proof size: measured `373`, estimated `3546` bytes.
		// Fastest run: 302_117_000 picoseconds.
		Weight::from_parts(310_304_000, 3546)
			.saturating_add(T::DbWeight::get().reads(5))
			.saturating_add(T::DbWeight::get().writes(4))
	}
	/// Storage: `Market::NextClock` (r:1 w:0)
	/// Proof: `Market::NextClock` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Market::CurrentClock` (r:1 w:0)
	/// Proof: `Market::CurrentClock` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Market::SlotGridPrices` (r:1 w:0)
	/// Proof: `Market::SlotGridPrices` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	/// Storage: `PrivateMarket::SlotCounts` (r:1 w:1)
	/// Proof: `PrivateMarket::SlotCounts` (`max_values`: None, `max_size`: Some(24), added: 2499, mode: `MaxEncodedLen`)
	/// Storage: `PrivateMarket::MarketKeyCount` (r:1 w:0)
	/// Proof: `PrivateMarket::MarketKeyCount` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `PrivateMarket::UsedImages` (r:1 w:1)
	/// Proof: `PrivateMarket::UsedImages` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `PrivateMarket::Auditor` (r:1 w:0)
	/// Proof: `PrivateMarket::Auditor` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Proof: `System::BlockHash` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `EnergyPool::NoteCount` (r:1 w:0)
	/// Proof: `EnergyPool::NoteCount` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `EnergyPool::SpentKeyImages` (r:4 w:4)
	/// Proof: `EnergyPool::SpentKeyImages` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	/// Storage: `PrivateMarket::MarketKeys` (r:64 w:0)
	/// Proof: `PrivateMarket::MarketKeys` (`max_values`: None, `max_size`: Some(76), added: 2551, mode: `MaxEncodedLen`)
	/// Storage: `Consortium::Members` (r:64 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(81), added: 2556, mode: `MaxEncodedLen`)
	/// Storage: `EnergyPool::Notes` (r:20 w:0)
	/// Proof: `EnergyPool::Notes` (`max_values`: None, `max_size`: Some(120), added: 2595, mode: `MaxEncodedLen`)
	/// Storage: `EnergyPool::PoolTotal` (r:1 w:1)
	/// Proof: `EnergyPool::PoolTotal` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `EnergyToken::Accounts` (r:2 w:2)
	/// Proof: `EnergyToken::Accounts` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `PrivateMarket::NextOfferId` (r:1 w:1)
	/// Proof: `PrivateMarket::NextOfferId` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `PrivateMarket::TradingSlotsKept` (r:1 w:1)
	/// Proof: `PrivateMarket::TradingSlotsKept` (`max_values`: Some(1), `max_size`: Some(17), added: 512, mode: `MaxEncodedLen`)
	/// Storage: `PrivateMarket::Offers` (r:0 w:1)
	/// Proof: `PrivateMarket::Offers` (`max_values`: None, `max_size`: Some(156), added: 2631, mode: `MaxEncodedLen`)
	/// The range of component `r` is `[3, 64]`.
	/// The range of component `i` is `[1, 4]`.
	fn private_offer(r: u32, i: u32, ) -> Weight {
		// Proof size: measured `3100 + i * 174 + r * 143`, estimated `38328 + i * 3615 + r * 2556` bytes.
		// Fastest run: 8_862_933_000 picoseconds.
		Weight::from_parts(1_762_165_560, 38328)
			.saturating_add(Weight::from_parts(84_892_313, 0).saturating_mul(r.into()))
			.saturating_add(Weight::from_parts(1_743_393_384, 0).saturating_mul(i.into()))
			.saturating_add(T::DbWeight::get().reads(29))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(r.into())))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(i.into())))
			.saturating_add(T::DbWeight::get().writes(8))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(i.into())))
			.saturating_add(Weight::from_parts(0, 3615).saturating_mul(i.into()))
			.saturating_add(Weight::from_parts(0, 2556).saturating_mul(r.into()))
	}
	/// Storage: `PrivateMarket::Offers` (r:1 w:1)
	/// Proof: `PrivateMarket::Offers` (`max_values`: None, `max_size`: Some(156), added: 2631, mode: `MaxEncodedLen`)
	/// Storage: `Market::NextClock` (r:1 w:0)
	/// Proof: `Market::NextClock` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Market::CurrentClock` (r:1 w:0)
	/// Proof: `Market::CurrentClock` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Market::SlotGridPrices` (r:1 w:0)
	/// Proof: `Market::SlotGridPrices` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	/// Storage: `PrivateMarket::SlotCounts` (r:1 w:1)
	/// Proof: `PrivateMarket::SlotCounts` (`max_values`: None, `max_size`: Some(24), added: 2499, mode: `MaxEncodedLen`)
	/// Storage: `PrivateMarket::MarketKeyCount` (r:1 w:0)
	/// Proof: `PrivateMarket::MarketKeyCount` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `PrivateMarket::UsedImages` (r:1 w:1)
	/// Proof: `PrivateMarket::UsedImages` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `PrivateMarket::Auditor` (r:1 w:0)
	/// Proof: `PrivateMarket::Auditor` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Proof: `System::BlockHash` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `ShieldedPool::NoteCount` (r:1 w:0)
	/// Proof: `ShieldedPool::NoteCount` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `ShieldedPool::SpentKeyImages` (r:4 w:4)
	/// Proof: `ShieldedPool::SpentKeyImages` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	/// Storage: `PrivateMarket::MarketKeys` (r:64 w:0)
	/// Proof: `PrivateMarket::MarketKeys` (`max_values`: None, `max_size`: Some(76), added: 2551, mode: `MaxEncodedLen`)
	/// Storage: `Consortium::Members` (r:64 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(81), added: 2556, mode: `MaxEncodedLen`)
	/// Storage: `ShieldedPool::Notes` (r:20 w:0)
	/// Proof: `ShieldedPool::Notes` (`max_values`: None, `max_size`: Some(120), added: 2595, mode: `MaxEncodedLen`)
	/// Storage: `ShieldedPool::PoolTotal` (r:1 w:1)
	/// Proof: `ShieldedPool::PoolTotal` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `PrivateMarket::NextAgreementId` (r:1 w:1)
	/// Proof: `PrivateMarket::NextAgreementId` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `PrivateMarket::TradingSlotsKept` (r:1 w:1)
	/// Proof: `PrivateMarket::TradingSlotsKept` (`max_values`: Some(1), `max_size`: Some(17), added: 512, mode: `MaxEncodedLen`)
	/// Storage: `PrivateMarket::Agreements` (r:0 w:1)
	/// Proof: `PrivateMarket::Agreements` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// The range of component `r` is `[3, 64]`.
	/// The range of component `i` is `[1, 4]`.
	fn private_purchase(r: u32, i: u32, ) -> Weight {
		// Proof size: measured `3393 + i * 174 + r * 138`, estimated `38328 + i * 3615 + r * 2556` bytes.
		// Fastest run: 12_216_263_000 picoseconds.
		Weight::from_parts(5_367_422_489, 38328)
			.saturating_add(Weight::from_parts(83_704_466, 0).saturating_mul(r.into()))
			.saturating_add(Weight::from_parts(1_752_339_641, 0).saturating_mul(i.into()))
			.saturating_add(T::DbWeight::get().reads(30))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(r.into())))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(i.into())))
			.saturating_add(T::DbWeight::get().writes(9))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(i.into())))
			.saturating_add(Weight::from_parts(0, 3615).saturating_mul(i.into()))
			.saturating_add(Weight::from_parts(0, 2556).saturating_mul(r.into()))
	}
	/// Storage: `PrivateMarket::Agreements` (r:1 w:1)
	/// Proof: `PrivateMarket::Agreements` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Market::NextClock` (r:1 w:0)
	/// Proof: `Market::NextClock` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Market::CurrentClock` (r:1 w:0)
	/// Proof: `Market::CurrentClock` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `ShieldedPool::NoteCount` (r:1 w:1)
	/// Proof: `ShieldedPool::NoteCount` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `ShieldedPool::NoteAddresses` (r:1 w:1)
	/// Proof: `ShieldedPool::NoteAddresses` (`max_values`: None, `max_size`: Some(56), added: 2531, mode: `MaxEncodedLen`)
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Proof: `System::BlockHash` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `PrivateMarket::Offers` (r:1 w:1)
	/// Proof: `PrivateMarket::Offers` (`max_values`: None, `max_size`: Some(156), added: 2631, mode: `MaxEncodedLen`)
	/// Storage: `ShieldedPool::Notes` (r:0 w:1)
	/// Proof: `ShieldedPool::Notes` (`max_values`: None, `max_size`: Some(120), added: 2595, mode: `MaxEncodedLen`)
	fn release_payment() -> Weight {
		// Proof size: measured `1681`, estimated `3621` bytes.
		// Fastest run: 201_771_000 picoseconds.
		Weight::from_parts(212_008_000, 3621)
			.saturating_add(T::DbWeight::get().reads(8))
			.saturating_add(T::DbWeight::get().writes(5))
	}
	/// Storage: `PrivateMarket::Agreements` (r:1 w:1)
	/// Proof: `PrivateMarket::Agreements` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Market::NextClock` (r:1 w:0)
	/// Proof: `Market::NextClock` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Market::CurrentClock` (r:1 w:0)
	/// Proof: `Market::CurrentClock` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `ShieldedPool::NoteCount` (r:1 w:1)
	/// Proof: `ShieldedPool::NoteCount` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `ShieldedPool::NoteAddresses` (r:1 w:1)
	/// Proof: `ShieldedPool::NoteAddresses` (`max_values`: None, `max_size`: Some(56), added: 2531, mode: `MaxEncodedLen`)
	/// Storage: `PrivateMarket::Offers` (r:1 w:1)
	/// Proof: `PrivateMarket::Offers` (`max_values`: None, `max_size`: Some(156), added: 2631, mode: `MaxEncodedLen`)
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Proof: `System::BlockHash` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `MeterReadings::Readings` (r:1 w:0)
	/// Proof: `MeterReadings::Readings` (`max_values`: None, `max_size`: Some(88), added: 2563, mode: `MaxEncodedLen`)
	/// Storage: `MeterReadings::UsedExports` (r:1 w:1)
	/// Proof: `MeterReadings::UsedExports` (`max_values`: None, `max_size`: Some(72), added: 2547, mode: `MaxEncodedLen`)
	/// Storage: `ShieldedPool::Notes` (r:0 w:1)
	/// Proof: `ShieldedPool::Notes` (`max_values`: None, `max_size`: Some(120), added: 2595, mode: `MaxEncodedLen`)
	fn claim_payment() -> Weight {
		// Proof size: measured `1799`, estimated `3621` bytes.
		// Fastest run: 401_149_000 picoseconds.
		Weight::from_parts(413_699_000, 3621)
			.saturating_add(T::DbWeight::get().reads(10))
			.saturating_add(T::DbWeight::get().writes(6))
	}
	/// Storage: `PrivateMarket::Agreements` (r:1 w:1)
	/// Proof: `PrivateMarket::Agreements` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Market::NextClock` (r:1 w:0)
	/// Proof: `Market::NextClock` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Market::CurrentClock` (r:1 w:0)
	/// Proof: `Market::CurrentClock` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `PrivateMarket::ClaimSlots` (r:1 w:0)
	/// Proof: `PrivateMarket::ClaimSlots` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `ShieldedPool::NoteCount` (r:1 w:1)
	/// Proof: `ShieldedPool::NoteCount` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `ShieldedPool::NoteAddresses` (r:1 w:1)
	/// Proof: `ShieldedPool::NoteAddresses` (`max_values`: None, `max_size`: Some(56), added: 2531, mode: `MaxEncodedLen`)
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Proof: `System::BlockHash` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `Consortium::GridOperator` (r:1 w:0)
	/// Proof: `Consortium::GridOperator` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `EnergyPool::PoolTotal` (r:1 w:1)
	/// Proof: `EnergyPool::PoolTotal` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `EnergyToken::Accounts` (r:2 w:2)
	/// Proof: `EnergyToken::Accounts` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `EnergyToken::TotalSupply` (r:1 w:0)
	/// Proof: `EnergyToken::TotalSupply` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `PrivateMarket::Offers` (r:1 w:1)
	/// Proof: `PrivateMarket::Offers` (`max_values`: None, `max_size`: Some(156), added: 2631, mode: `MaxEncodedLen`)
	/// Storage: `ShieldedPool::Notes` (r:0 w:1)
	/// Proof: `ShieldedPool::Notes` (`max_values`: None, `max_size`: Some(120), added: 2595, mode: `MaxEncodedLen`)
	fn refund_payment() -> Weight {
		// Proof size: measured `2104`, estimated `6068` bytes.
		// Fastest run: 594_394_000 picoseconds.
		Weight::from_parts(609_993_000, 6068)
			.saturating_add(T::DbWeight::get().reads(14))
			.saturating_add(T::DbWeight::get().writes(8))
	}
	/// Storage: `PrivateMarket::Offers` (r:1 w:1)
	/// Proof: `PrivateMarket::Offers` (`max_values`: None, `max_size`: Some(156), added: 2631, mode: `MaxEncodedLen`)
	/// Storage: `Market::NextClock` (r:1 w:0)
	/// Proof: `Market::NextClock` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Market::CurrentClock` (r:1 w:0)
	/// Proof: `Market::CurrentClock` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `EnergyPool::NoteCount` (r:1 w:1)
	/// Proof: `EnergyPool::NoteCount` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `EnergyPool::NoteAddresses` (r:1 w:1)
	/// Proof: `EnergyPool::NoteAddresses` (`max_values`: None, `max_size`: Some(56), added: 2531, mode: `MaxEncodedLen`)
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Proof: `System::BlockHash` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `EnergyPool::Notes` (r:0 w:1)
	/// Proof: `EnergyPool::Notes` (`max_values`: None, `max_size`: Some(120), added: 2595, mode: `MaxEncodedLen`)
	fn close_offer() -> Weight {
		// Proof size: measured `1339`, estimated `3621` bytes.
		// Fastest run: 323_616_000 picoseconds.
		Weight::from_parts(340_920_000, 3621)
			.saturating_add(T::DbWeight::get().reads(7))
			.saturating_add(T::DbWeight::get().writes(4))
	}
}

/// The same weights with RocksDB's database weights, for tests and mocks.
impl WeightInfo for () {
	fn set_auditor_key() -> Weight {
		Weight::from_parts(15_260_000, 0)
			.saturating_add(RocksDbWeight::get().writes(1))
	}
	fn register_market_key() -> Weight {
		Weight::from_parts(310_304_000, 3546)
			.saturating_add(RocksDbWeight::get().reads(5))
			.saturating_add(RocksDbWeight::get().writes(4))
	}
	fn private_offer(r: u32, i: u32, ) -> Weight {
		Weight::from_parts(1_762_165_560, 38328)
			.saturating_add(Weight::from_parts(84_892_313, 0).saturating_mul(r.into()))
			.saturating_add(Weight::from_parts(1_743_393_384, 0).saturating_mul(i.into()))
			.saturating_add(RocksDbWeight::get().reads(29))
			.saturating_add(RocksDbWeight::get().reads((2_u64).saturating_mul(r.into())))
			.saturating_add(RocksDbWeight::get().reads((2_u64).saturating_mul(i.into())))
			.saturating_add(RocksDbWeight::get().writes(8))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(i.into())))
			.saturating_add(Weight::from_parts(0, 3615).saturating_mul(i.into()))
			.saturating_add(Weight::from_parts(0, 2556).saturating_mul(r.into()))
	}
	fn private_purchase(r: u32, i: u32, ) -> Weight {
		Weight::from_parts(5_367_422_489, 38328)
			.saturating_add(Weight::from_parts(83_704_466, 0).saturating_mul(r.into()))
			.saturating_add(Weight::from_parts(1_752_339_641, 0).saturating_mul(i.into()))
			.saturating_add(RocksDbWeight::get().reads(30))
			.saturating_add(RocksDbWeight::get().reads((2_u64).saturating_mul(r.into())))
			.saturating_add(RocksDbWeight::get().reads((2_u64).saturating_mul(i.into())))
			.saturating_add(RocksDbWeight::get().writes(9))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(i.into())))
			.saturating_add(Weight::from_parts(0, 3615).saturating_mul(i.into()))
			.saturating_add(Weight::from_parts(0, 2556).saturating_mul(r.into()))
	}
	fn release_payment() -> Weight {
		Weight::from_parts(212_008_000, 3621)
			.saturating_add(RocksDbWeight::get().reads(8))
			.saturating_add(RocksDbWeight::get().writes(5))
	}
	fn claim_payment() -> Weight {
		Weight::from_parts(413_699_000, 3621)
			.saturating_add(RocksDbWeight::get().reads(10))
			.saturating_add(RocksDbWeight::get().writes(6))
	}
	fn refund_payment() -> Weight {
		Weight::from_parts(609_993_000, 6068)
			.saturating_add(RocksDbWeight::get().reads(14))
			.saturating_add(RocksDbWeight::get().writes(8))
	}
	fn close_offer() -> Weight {
		Weight::from_parts(340_920_000, 3621)
			.saturating_add(RocksDbWeight::get().reads(7))
			.saturating_add(RocksDbWeight::get().writes(4))
	}
}
