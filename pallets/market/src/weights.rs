//! Weights for `pallet_market`, measured by `energy-node benchmark pallet`. Do not edit by hand:
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
// /tmp/cold/repo/scripts/pallet-weights.hbs
// --output
// /tmp/cold/repo/pallets/market/src/weights.rs

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
	fn allow_transactions(n: u32, ) -> Weight;
	fn make_transaction() -> Weight;
	fn force_settle() -> Weight;
	fn release_offer() -> Weight;
	fn set_clock() -> Weight;
	fn set_penalty_rate() -> Weight;
	fn authorize_agent() -> Weight;
	fn revoke_agent() -> Weight;
}

/// Weights measured on the reference machine, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Consortium::Members` (r:2 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(81), added: 2556, mode: `MaxEncodedLen`)
	/// Storage: `Market::AgentHousehold` (r:1 w:0)
	/// Proof: `Market::AgentHousehold` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `Market::Agents` (r:0 w:1)
	/// Proof: `Market::Agents` (`max_values`: None, `max_size`: Some(211), added: 2686, mode: `MaxEncodedLen`)
	fn publish_info() -> Weight {
		// Proof size: measured `466`, estimated `6102` bytes.
		// Fastest run: 22_847_000 picoseconds.
		Weight::from_parts(25_493_000, 6102)
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	/// Storage: `Market::NextClock` (r:1 w:0)
	/// Proof: `Market::NextClock` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Market::CurrentClock` (r:1 w:0)
	/// Proof: `Market::CurrentClock` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Market::SlotGridPrices` (r:1 w:1)
	/// Proof: `Market::SlotGridPrices` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	/// Storage: `Market::OldestPricedSlot` (r:1 w:1)
	/// Proof: `Market::OldestPricedSlot` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	fn set_grid_prices() -> Weight {
		// Proof size: measured `336`, estimated `3513` bytes.
		// Fastest run: 19_225_000 picoseconds.
		Weight::from_parts(24_521_000, 3513)
			.saturating_add(T::DbWeight::get().reads(5))
			.saturating_add(T::DbWeight::get().writes(2))
	}
	/// Storage: `Consortium::Members` (r:2 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(81), added: 2556, mode: `MaxEncodedLen`)
	/// Storage: `Market::AgentHousehold` (r:1 w:0)
	/// Proof: `Market::AgentHousehold` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `Market::NextClock` (r:1 w:0)
	/// Proof: `Market::NextClock` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Market::CurrentClock` (r:1 w:0)
	/// Proof: `Market::CurrentClock` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Market::Agents` (r:1 w:0)
	/// Proof: `Market::Agents` (`max_values`: None, `max_size`: Some(211), added: 2686, mode: `MaxEncodedLen`)
	/// Storage: `Market::SlotGridPrices` (r:1 w:0)
	/// Proof: `Market::SlotGridPrices` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	/// Storage: `EnergyToken::Accounts` (r:1 w:1)
	/// Proof: `EnergyToken::Accounts` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `Market::PenaltyRate` (r:1 w:0)
	/// Proof: `Market::PenaltyRate` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
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
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(175), added: 2650, mode: `MaxEncodedLen`)
	/// Storage: `Market::Offers` (r:0 w:1)
	/// Proof: `Market::Offers` (`max_values`: None, `max_size`: Some(2158), added: 4633, mode: `MaxEncodedLen`)
	fn make_offer() -> Weight {
		// Proof size: measured `9700`, estimated `11675` bytes.
		// Fastest run: 141_248_000 picoseconds.
		Weight::from_parts(156_994_000, 11675)
			.saturating_add(T::DbWeight::get().reads(17))
			.saturating_add(T::DbWeight::get().writes(9))
	}
	/// Storage: `Consortium::Members` (r:2 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(81), added: 2556, mode: `MaxEncodedLen`)
	/// Storage: `Market::AgentHousehold` (r:1 w:0)
	/// Proof: `Market::AgentHousehold` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `Market::Offers` (r:1 w:1)
	/// Proof: `Market::Offers` (`max_values`: None, `max_size`: Some(2158), added: 4633, mode: `MaxEncodedLen`)
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
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(175), added: 2650, mode: `MaxEncodedLen`)
	/// Storage: `MeterReadings::Unbacked` (r:1 w:0)
	/// Proof: `MeterReadings::Unbacked` (`max_values`: None, `max_size`: Some(56), added: 2531, mode: `MaxEncodedLen`)
	/// Storage: `Market::SlotOffers` (r:1 w:1)
	/// Proof: `Market::SlotOffers` (`max_values`: None, `max_size`: Some(8210), added: 10685, mode: `MaxEncodedLen`)
	/// Storage: `Market::SellerOffers` (r:1 w:1)
	/// Proof: `Market::SellerOffers` (`max_values`: None, `max_size`: Some(68), added: 2543, mode: `MaxEncodedLen`)
	fn cancel_offer() -> Weight {
		// Proof size: measured `9664`, estimated `11675` bytes.
		// Fastest run: 125_445_000 picoseconds.
		Weight::from_parts(136_262_000, 11675)
			.saturating_add(T::DbWeight::get().reads(14))
			.saturating_add(T::DbWeight::get().writes(7))
	}
	/// Storage: `Consortium::Members` (r:3 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(81), added: 2556, mode: `MaxEncodedLen`)
	/// Storage: `Market::AgentHousehold` (r:1 w:0)
	/// Proof: `Market::AgentHousehold` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `Market::Offers` (r:1 w:1)
	/// Proof: `Market::Offers` (`max_values`: None, `max_size`: Some(2158), added: 4633, mode: `MaxEncodedLen`)
	/// Storage: `Market::NextClock` (r:1 w:0)
	/// Proof: `Market::NextClock` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Market::CurrentClock` (r:1 w:0)
	/// Proof: `Market::CurrentClock` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Market::SlotGridPrices` (r:1 w:0)
	/// Proof: `Market::SlotGridPrices` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Proof: `System::BlockHash` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `Market::SlotAgreementCount` (r:1 w:1)
	/// Proof: `Market::SlotAgreementCount` (`max_values`: None, `max_size`: Some(20), added: 2495, mode: `MaxEncodedLen`)
	/// Storage: `Market::NextAgreementId` (r:1 w:1)
	/// Proof: `Market::NextAgreementId` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Market::HouseholdSettlements` (r:2 w:2)
	/// Proof: `Market::HouseholdSettlements` (`max_values`: None, `max_size`: Some(88), added: 2563, mode: `MaxEncodedLen`)
	/// Storage: `Market::Agents` (r:1 w:0)
	/// Proof: `Market::Agents` (`max_values`: None, `max_size`: Some(211), added: 2686, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(175), added: 2650, mode: `MaxEncodedLen`)
	/// Storage: `Market::Agreements` (r:0 w:1)
	/// Proof: `Market::Agreements` (`max_values`: None, `max_size`: Some(164), added: 2639, mode: `MaxEncodedLen`)
	/// Storage: `Market::SlotAgreements` (r:0 w:1)
	/// Proof: `Market::SlotAgreements` (`max_values`: None, `max_size`: Some(32), added: 2507, mode: `MaxEncodedLen`)
	fn allow_transaction() -> Weight {
		// Proof size: measured `3596`, estimated `8658` bytes.
		// Fastest run: 173_118_000 picoseconds.
		Weight::from_parts(194_020_000, 8658)
			.saturating_add(T::DbWeight::get().reads(17))
			.saturating_add(T::DbWeight::get().writes(9))
	}
	/// Storage: `Consortium::Members` (r:66 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(81), added: 2556, mode: `MaxEncodedLen`)
	/// Storage: `Market::AgentHousehold` (r:1 w:0)
	/// Proof: `Market::AgentHousehold` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `Market::Offers` (r:1 w:1)
	/// Proof: `Market::Offers` (`max_values`: None, `max_size`: Some(2158), added: 4633, mode: `MaxEncodedLen`)
	/// Storage: `Market::NextClock` (r:1 w:0)
	/// Proof: `Market::NextClock` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Market::CurrentClock` (r:1 w:0)
	/// Proof: `Market::CurrentClock` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Market::SlotGridPrices` (r:1 w:0)
	/// Proof: `Market::SlotGridPrices` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Proof: `System::BlockHash` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `Market::SlotAgreementCount` (r:1 w:1)
	/// Proof: `Market::SlotAgreementCount` (`max_values`: None, `max_size`: Some(20), added: 2495, mode: `MaxEncodedLen`)
	/// Storage: `Market::NextAgreementId` (r:1 w:1)
	/// Proof: `Market::NextAgreementId` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Market::HouseholdSettlements` (r:65 w:65)
	/// Proof: `Market::HouseholdSettlements` (`max_values`: None, `max_size`: Some(88), added: 2563, mode: `MaxEncodedLen`)
	/// Storage: `Market::Agents` (r:64 w:0)
	/// Proof: `Market::Agents` (`max_values`: None, `max_size`: Some(211), added: 2686, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:64 w:64)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:64 w:64)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(175), added: 2650, mode: `MaxEncodedLen`)
	/// Storage: `Market::Agreements` (r:0 w:64)
	/// Proof: `Market::Agreements` (`max_values`: None, `max_size`: Some(164), added: 2639, mode: `MaxEncodedLen`)
	/// Storage: `Market::SlotAgreements` (r:0 w:64)
	/// Proof: `Market::SlotAgreements` (`max_values`: None, `max_size`: Some(32), added: 2507, mode: `MaxEncodedLen`)
	/// The range of component `n` is `[1, 64]`.
	fn allow_transactions(n: u32, ) -> Weight {
		// Proof size: measured `3284 + n * 327`, estimated `6102 + n * 2686` bytes.
		// Fastest run: 187_335_000 picoseconds.
		Weight::from_parts(94_405_591, 6102)
			.saturating_add(Weight::from_parts(114_174_523, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(12))
			.saturating_add(T::DbWeight::get().reads((5_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(4))
			.saturating_add(T::DbWeight::get().writes((5_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2686).saturating_mul(n.into()))
	}
	/// Storage: `Market::Agreements` (r:1 w:1)
	/// Proof: `Market::Agreements` (`max_values`: None, `max_size`: Some(164), added: 2639, mode: `MaxEncodedLen`)
	/// Storage: `Market::NextClock` (r:1 w:0)
	/// Proof: `Market::NextClock` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Market::CurrentClock` (r:1 w:0)
	/// Proof: `Market::CurrentClock` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `MeterReadings::Readings` (r:2 w:0)
	/// Proof: `MeterReadings::Readings` (`max_values`: None, `max_size`: Some(88), added: 2563, mode: `MaxEncodedLen`)
	/// Storage: `Market::HouseholdSettlements` (r:2 w:2)
	/// Proof: `Market::HouseholdSettlements` (`max_values`: None, `max_size`: Some(88), added: 2563, mode: `MaxEncodedLen`)
	/// Storage: `MeterReadings::UsedExports` (r:1 w:1)
	/// Proof: `MeterReadings::UsedExports` (`max_values`: None, `max_size`: Some(72), added: 2547, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:2 w:2)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(175), added: 2650, mode: `MaxEncodedLen`)
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
		// Proof size: measured `10369`, estimated `11675` bytes.
		// Fastest run: 334_131_000 picoseconds.
		Weight::from_parts(372_542_000, 11675)
			.saturating_add(T::DbWeight::get().reads(23))
			.saturating_add(T::DbWeight::get().writes(16))
	}
	/// Storage: `Market::Agreements` (r:1 w:1)
	/// Proof: `Market::Agreements` (`max_values`: None, `max_size`: Some(164), added: 2639, mode: `MaxEncodedLen`)
	/// Storage: `Market::NextClock` (r:1 w:0)
	/// Proof: `Market::NextClock` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Market::CurrentClock` (r:1 w:0)
	/// Proof: `Market::CurrentClock` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Market::HouseholdSettlements` (r:2 w:2)
	/// Proof: `Market::HouseholdSettlements` (`max_values`: None, `max_size`: Some(88), added: 2563, mode: `MaxEncodedLen`)
	/// Storage: `MeterReadings::Readings` (r:2 w:0)
	/// Proof: `MeterReadings::Readings` (`max_values`: None, `max_size`: Some(88), added: 2563, mode: `MaxEncodedLen`)
	/// Storage: `MeterReadings::UsedExports` (r:1 w:0)
	/// Proof: `MeterReadings::UsedExports` (`max_values`: None, `max_size`: Some(72), added: 2547, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:2 w:2)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(175), added: 2650, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:3 w:2)
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
	fn force_settle() -> Weight {
		// Proof size: measured `10369`, estimated `11675` bytes.
		// Fastest run: 343_921_000 picoseconds.
		Weight::from_parts(385_680_000, 11675)
			.saturating_add(T::DbWeight::get().reads(23))
			.saturating_add(T::DbWeight::get().writes(14))
	}
	/// Storage: `Market::Offers` (r:1 w:1)
	/// Proof: `Market::Offers` (`max_values`: None, `max_size`: Some(2158), added: 4633, mode: `MaxEncodedLen`)
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
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(175), added: 2650, mode: `MaxEncodedLen`)
	/// Storage: `MeterReadings::Unbacked` (r:1 w:0)
	/// Proof: `MeterReadings::Unbacked` (`max_values`: None, `max_size`: Some(56), added: 2531, mode: `MaxEncodedLen`)
	/// Storage: `Market::SlotOffers` (r:1 w:1)
	/// Proof: `Market::SlotOffers` (`max_values`: None, `max_size`: Some(8210), added: 10685, mode: `MaxEncodedLen`)
	/// Storage: `Market::SellerOffers` (r:1 w:1)
	/// Proof: `Market::SellerOffers` (`max_values`: None, `max_size`: Some(68), added: 2543, mode: `MaxEncodedLen`)
	fn release_offer() -> Weight {
		// Proof size: measured `9322`, estimated `11675` bytes.
		// Fastest run: 112_867_000 picoseconds.
		Weight::from_parts(126_663_000, 11675)
			.saturating_add(T::DbWeight::get().reads(11))
			.saturating_add(T::DbWeight::get().writes(7))
	}
	/// Storage: `Market::NextClock` (r:1 w:1)
	/// Proof: `Market::NextClock` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Market::CurrentClock` (r:1 w:0)
	/// Proof: `Market::CurrentClock` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	fn set_clock() -> Weight {
		// Proof size: measured `318`, estimated `1517` bytes.
		// Fastest run: 15_288_000 picoseconds.
		Weight::from_parts(17_453_000, 1517)
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	/// Storage: `Market::PenaltyRate` (r:0 w:1)
	/// Proof: `Market::PenaltyRate` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	fn set_penalty_rate() -> Weight {
		// Proof size: measured `0`, estimated `0` bytes.
		// Fastest run: 5_417_000 picoseconds.
		Weight::from_parts(6_276_000, 0)
			.saturating_add(T::DbWeight::get().writes(1))
	}
	/// Storage: `Consortium::Members` (r:2 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(81), added: 2556, mode: `MaxEncodedLen`)
	/// Storage: `Market::AgentHousehold` (r:1 w:2)
	/// Proof: `Market::AgentHousehold` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `Market::HouseholdAgent` (r:1 w:1)
	/// Proof: `Market::HouseholdAgent` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `Market::Agents` (r:0 w:1)
	/// Proof: `Market::Agents` (`max_values`: None, `max_size`: Some(211), added: 2686, mode: `MaxEncodedLen`)
	fn authorize_agent() -> Weight {
		// Proof size: measured `568`, estimated `6102` bytes.
		// Fastest run: 33_486_000 picoseconds.
		Weight::from_parts(39_014_000, 6102)
			.saturating_add(T::DbWeight::get().reads(4))
			.saturating_add(T::DbWeight::get().writes(4))
	}
	/// Storage: `Market::HouseholdAgent` (r:1 w:1)
	/// Proof: `Market::HouseholdAgent` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `Market::Agents` (r:0 w:1)
	/// Proof: `Market::Agents` (`max_values`: None, `max_size`: Some(211), added: 2686, mode: `MaxEncodedLen`)
	/// Storage: `Market::AgentHousehold` (r:0 w:1)
	/// Proof: `Market::AgentHousehold` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	fn revoke_agent() -> Weight {
		// Proof size: measured `360`, estimated `3545` bytes.
		// Fastest run: 16_552_000 picoseconds.
		Weight::from_parts(20_752_000, 3545)
			.saturating_add(T::DbWeight::get().reads(1))
			.saturating_add(T::DbWeight::get().writes(3))
	}
}

/// The same weights with RocksDB's database weights, for tests and mocks.
impl WeightInfo for () {
	fn publish_info() -> Weight {
		Weight::from_parts(25_493_000, 6102)
			.saturating_add(RocksDbWeight::get().reads(3))
			.saturating_add(RocksDbWeight::get().writes(1))
	}
	fn set_grid_prices() -> Weight {
		Weight::from_parts(24_521_000, 3513)
			.saturating_add(RocksDbWeight::get().reads(5))
			.saturating_add(RocksDbWeight::get().writes(2))
	}
	fn make_offer() -> Weight {
		Weight::from_parts(156_994_000, 11675)
			.saturating_add(RocksDbWeight::get().reads(17))
			.saturating_add(RocksDbWeight::get().writes(9))
	}
	fn cancel_offer() -> Weight {
		Weight::from_parts(136_262_000, 11675)
			.saturating_add(RocksDbWeight::get().reads(14))
			.saturating_add(RocksDbWeight::get().writes(7))
	}
	fn allow_transaction() -> Weight {
		Weight::from_parts(194_020_000, 8658)
			.saturating_add(RocksDbWeight::get().reads(17))
			.saturating_add(RocksDbWeight::get().writes(9))
	}
	fn allow_transactions(n: u32, ) -> Weight {
		Weight::from_parts(94_405_591, 6102)
			.saturating_add(Weight::from_parts(114_174_523, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(12))
			.saturating_add(RocksDbWeight::get().reads((5_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes(4))
			.saturating_add(RocksDbWeight::get().writes((5_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2686).saturating_mul(n.into()))
	}
	fn make_transaction() -> Weight {
		Weight::from_parts(372_542_000, 11675)
			.saturating_add(RocksDbWeight::get().reads(23))
			.saturating_add(RocksDbWeight::get().writes(16))
	}
	fn force_settle() -> Weight {
		Weight::from_parts(385_680_000, 11675)
			.saturating_add(RocksDbWeight::get().reads(23))
			.saturating_add(RocksDbWeight::get().writes(14))
	}
	fn release_offer() -> Weight {
		Weight::from_parts(126_663_000, 11675)
			.saturating_add(RocksDbWeight::get().reads(11))
			.saturating_add(RocksDbWeight::get().writes(7))
	}
	fn set_clock() -> Weight {
		Weight::from_parts(17_453_000, 1517)
			.saturating_add(RocksDbWeight::get().reads(3))
			.saturating_add(RocksDbWeight::get().writes(1))
	}
	fn set_penalty_rate() -> Weight {
		Weight::from_parts(6_276_000, 0)
			.saturating_add(RocksDbWeight::get().writes(1))
	}
	fn authorize_agent() -> Weight {
		Weight::from_parts(39_014_000, 6102)
			.saturating_add(RocksDbWeight::get().reads(4))
			.saturating_add(RocksDbWeight::get().writes(4))
	}
	fn revoke_agent() -> Weight {
		Weight::from_parts(20_752_000, 3545)
			.saturating_add(RocksDbWeight::get().reads(1))
			.saturating_add(RocksDbWeight::get().writes(3))
	}
}
