//! Benchmarking (only with the `runtime-benchmarks` feature): the pallets the node can measure,
//! and the fixtures that give their benchmarks the members and session keys they need.

use crate::{
	configs::{CouncilInstance, MAX_BALLOTS},
	AccountId, Consortium, Council, EnergyToken, Market, Runtime, RuntimeCall, RuntimeOrigin,
	SessionKeys,
};
use energy_primitives::SlotIndex;

// The pallets `energy-node benchmark pallet` can measure.
frame_benchmarking::define_benchmarks!(
	[frame_benchmarking, BaselineBench::<Runtime>]
	[frame_system, SystemBench::<Runtime>]
	[pallet_balances, Balances]
	[pallet_timestamp, Timestamp]
	[pallet_validator_set, ValidatorSet]
	[pallet_consortium, Consortium]
	[pallet_anchoring, Anchoring]
	[pallet_money_gateway, MoneyGateway]
	[pallet_energy_token, EnergyToken]
	[pallet_meter_readings, MeterReadings]
	[pallet_market, Market]
	[pallet_shielded_pool, ShieldedPool]
	[pallet_private_market, PrivateMarket]
);

impl frame_system_benchmarking::Config for Runtime {}
impl frame_benchmarking::baseline::Config for Runtime {}

/// Benchmarks register an account's session keys straight in storage: a real `set_keys` needs
/// an ownership proof signed by keys the runtime cannot make.
pub struct BenchmarkSessionKeys;
impl pallet_validator_set::BenchmarkHelper<AccountId> for BenchmarkSessionKeys {
	fn register_session_keys(who: &AccountId) {
		use codec::Decode;
		if let Ok(keys) = SessionKeys::decode(&mut sp_runtime::traits::TrailingZeroInput::zeroes())
		{
			pallet_session::NextKeys::<Runtime>::insert(who, keys);
		}
	}
}

impl pallet_consortium::BenchmarkHelper<AccountId> for BenchmarkSessionKeys {
	fn register_session_keys(who: &AccountId) {
		<Self as pallet_validator_set::BenchmarkHelper<AccountId>>::register_session_keys(who)
	}

	fn open_ballots(who: &AccountId) {
		use codec::Encode;
		use sp_runtime::traits::Hash as _;
		let open =
			pallet_collective::Proposals::<Runtime, CouncilInstance>::decode_len().unwrap_or(0);
		for i in open as u32..MAX_BALLOTS {
			let call = RuntimeCall::System(frame_system::Call::remark { remark: i.encode() });
			let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&call);
			let index = pallet_collective::ProposalCount::<Runtime, CouncilInstance>::get();
			let len = call.encoded_size() as u32;
			let proposer = RuntimeOrigin::signed(who.clone());
			let proposed = Council::propose(proposer.clone(), 2, alloc::boxed::Box::new(call), len);
			let voted = Council::vote(proposer, hash, index, true);
			if proposed.is_err() || voted.is_err() {
				break;
			}
		}
	}
}

/// Benchmarks of pallets that act on members make their accounts households.
pub struct BenchmarkMembers;
impl pallet_anchoring::BenchmarkHelper<AccountId> for BenchmarkMembers {
	fn make_member(who: &AccountId) {
		let _ = Consortium::benchmark_member(who, &energy_primitives::Role::Household);
	}
}

impl pallet_money_gateway::BenchmarkHelper<AccountId> for BenchmarkMembers {
	fn make_gateway(who: &AccountId) {
		let _ = Consortium::benchmark_member(who, &energy_primitives::Role::FiatGateway);
	}
}

impl pallet_meter_readings::BenchmarkHelper<AccountId> for BenchmarkMembers {
	fn make_meter(meter: &AccountId, household: &AccountId) {
		use energy_primitives::Role;
		let _ = Consortium::benchmark_member(household, &Role::Household);
		let _ = Consortium::benchmark_member(
			meter,
			&Role::MeterOracle { household: household.clone() },
		);
	}

	fn make_household(who: &AccountId) {
		let _ = Consortium::benchmark_member(who, &energy_primitives::Role::Household);
	}

	fn set_slot(slot: SlotIndex) {
		pallet_timestamp::Now::<Runtime>::put(Market::clock().start_of(slot));
	}
}

impl pallet_market::BenchmarkHelper<AccountId> for BenchmarkMembers {
	fn make_household(who: &AccountId) {
		let _ = Consortium::benchmark_member(who, &energy_primitives::Role::Household);
	}

	fn make_grid_operator(who: &AccountId) {
		let _ = Consortium::benchmark_member(who, &energy_primitives::Role::GridOperator);
	}

	fn mint_energy(who: &AccountId, energy: energy_primitives::Energy) {
		use frame_support::traits::fungible::Mutate;
		let _ = EnergyToken::mint_into(who, energy);
	}

	fn set_reading(
		household: &AccountId,
		slot: SlotIndex,
		reading: energy_primitives::MeterReading,
		unbacked: energy_primitives::Energy,
	) {
		pallet_meter_readings::Readings::<Runtime>::insert(household, slot, reading);
		pallet_meter_readings::Unbacked::<Runtime>::insert(household, unbacked);
	}

	fn set_time(millis: u64) {
		pallet_timestamp::Now::<Runtime>::put(millis);
	}
}

impl pallet_private_market::BenchmarkHelper<AccountId> for BenchmarkMembers {
	fn make_household(who: &AccountId) {
		let _ = Consortium::benchmark_member(who, &energy_primitives::Role::Household);
	}

	fn make_grid_operator(who: &AccountId) {
		let _ = Consortium::benchmark_member(who, &energy_primitives::Role::GridOperator);
	}

	fn set_slot(slot: SlotIndex) {
		pallet_timestamp::Now::<Runtime>::put(Market::clock().start_of(slot));
		let prices = energy_primitives::GridPrices {
			import_price: energy_primitives::UNIT / 4,
			feed_in_price: energy_primitives::UNIT / 20,
		};
		pallet_market::SlotGridPrices::<Runtime>::insert(slot.saturating_add(1), prices);
	}

	fn set_exports(household: &AccountId, slot: SlotIndex, exported: energy_primitives::Energy) {
		let reading = energy_primitives::MeterReading {
			imported_wh: 0,
			exported_wh: exported,
			state_of_charge_wh: 0,
		};
		pallet_meter_readings::Readings::<Runtime>::insert(household, slot, reading);
	}
}
