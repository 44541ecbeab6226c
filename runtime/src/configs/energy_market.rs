//! Configures the energy marketplace: the market's slot clock as the other pallets read it
//! (`CurrentSlot`), data anchoring, the energy token, the smart meters' readings and the hourly
//! market.

#[cfg(feature = "runtime-benchmarks")]
use crate::benchmarks::BenchmarkMembers;
use crate::{Balances, Consortium, EnergyToken, Market, MeterReadings, Runtime, RuntimeHoldReason};
use energy_primitives::SlotIndex;
use frame_support::traits::{ConstU32, ConstU64, EitherOfDiverse, Get};

use super::governance::ConsortiumMajority;

/// The market slot now, on the market's clock: meters report and members anchor by it.
pub struct CurrentSlot;
impl Get<SlotIndex> for CurrentSlot {
	fn get() -> SlotIndex {
		Market::current_slot()
	}
}

/// Each member's hourly data anchors.
impl pallet_anchoring::Config for Runtime {
	type Roles = Consortium;
	type CurrentSlot = CurrentSlot;
	type MaxUriLength = ConstU32<256>;
	type WeightInfo = pallet_anchoring::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkMembers;
}

/// The energy token: watt-hours stored in household batteries, minted and burned only by the
/// meter readings below.
impl pallet_energy_token::Config for Runtime {
	type RuntimeHoldReason = RuntimeHoldReason;
	type WeightInfo = pallet_energy_token::weights::SubstrateWeight<Runtime>;
}

/// Smart meters: one reading per household and slot. The grid operator registers the
/// installations it audited; a ballot can too (and must, while the consortium has no operator).
impl pallet_meter_readings::Config for Runtime {
	type Roles = Consortium;
	type Energy = EnergyToken;
	type CurrentSlot = CurrentSlot;
	type InstallationOrigin =
		EitherOfDiverse<ConsortiumMajority, pallet_consortium::EnsureGridOperator<Runtime>>;
	type AuthorityId = pallet_meter_readings::crypto::MeterAuthId;
	/// Five blocks (30 s) for a reading to land before the meter sends it again.
	type ResendAfter = ConstU32<5>;
	/// A week of hourly slots.
	type MaxReadingsKept = ConstU32<168>;
	type WeightInfo = pallet_meter_readings::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkMembers;
}

/// The hourly market. The grid operator prices the slots (a ballot can too); ballots change
/// the clock and the penalty rate.
impl pallet_market::Config for Runtime {
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type Energy = EnergyToken;
	type Meters = MeterReadings;
	type Roles = Consortium;
	type UnixTime = pallet_timestamp::Pallet<Runtime>;
	type GridOrigin =
		EitherOfDiverse<ConsortiumMajority, pallet_consortium::EnsureGridOperator<Runtime>>;
	type GovernanceOrigin = ConsortiumMajority;
	/// Three blocks: a slot must have room for a recording window and a negotiation.
	type MinSlotMillis = ConstU64<{ 3 * energy_primitives::MILLISECS_PER_BLOCK }>;
	/// Meters have two more slots to report a delivery before the silent side is penalised.
	type GraceSlots = ConstU64<2>;
	type MaxEndpointLength = ConstU32<128>;
	type MaxOffersPerSlot = ConstU32<1024>;
	type MaxOffersPerSeller = ConstU32<4>;
	type MaxAgreementsPerOffer = ConstU32<64>;
	type MaxAgreementsPerSlot = ConstU32<2048>;
	type MaxPendingSlots = ConstU32<16>;
	type MaxSettlementsPerBlock = ConstU32<64>;
	/// A day of hourly slots: agents and wallets read the recent prices; older ones are in
	/// the `GridPricesSet` events.
	type PriceHistorySlots = ConstU64<24>;
	type AgentAuthorityId = pallet_market::offchain::AgentAuthId;
	type WeightInfo = pallet_market::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkMembers;
}
