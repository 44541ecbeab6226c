//! A runtime with balances and the gateway; the roles are a small stand-in.

use crate as pallet_money_gateway;
use energy_primitives::{Role, RoleProvider};
use frame_support::{
	derive_impl, parameter_types,
	traits::{BuildGenesisConfig, ConstU32, ConstU64},
};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeHoldReason,
		RuntimeFreezeReason,
		RuntimeTask
	)]
	pub struct Test;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(2)]
	pub type MoneyGateway = pallet_money_gateway;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u64>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type ExistentialDeposit = frame_support::traits::ConstU64<EXISTENTIAL_DEPOSIT>;
}

/// Gateway 1; households 2 and 3 with money; 4 has none.
pub const GATEWAY: u64 = 1;
pub const HOUSEHOLDS: [u64; 2] = [2, 3];
pub const EMPTY: u64 = 4;
/// What each household starts with.
pub const START: u64 = 1_000;
pub const EXISTENTIAL_DEPOSIT: u64 = 5;
pub const MAX_REFERENCE: u32 = 16;
pub const MAX_OPEN: u32 = 3;
pub const MAX_PER_ACCOUNT: u32 = 2;
pub const MIN_WITHDRAWAL: u64 = 10;

parameter_types! {
	/// Gateways that benchmarks add.
	pub static Gateways: Vec<u64> = vec![GATEWAY];
}

pub struct Roles;
impl RoleProvider<u64> for Roles {
	fn role(who: &u64) -> Option<Role<u64>> {
		if Gateways::get().contains(who) {
			Some(Role::FiatGateway)
		} else {
			HOUSEHOLDS.contains(who).then_some(Role::Household)
		}
	}

	fn grid_operator() -> Option<u64> {
		None
	}
}

impl pallet_money_gateway::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Roles = Roles;
	type MaxReferenceLength = ConstU32<MAX_REFERENCE>;
	type MaxOpenWithdrawals = ConstU32<MAX_OPEN>;
	type MaxWithdrawalsPerAccount = ConstU32<MAX_PER_ACCOUNT>;
	type MinWithdrawal = ConstU64<MIN_WITHDRAWAL>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkGateways;
}

#[cfg(feature = "runtime-benchmarks")]
pub struct BenchmarkGateways;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u64> for BenchmarkGateways {
	fn make_gateway(who: &u64) {
		Gateways::mutate(|gateways| gateways.push(*who));
	}
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: HOUSEHOLDS.iter().map(|&who| (who, START)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		pallet_money_gateway::GenesisConfig::<Test>::default().build();
		// Events are not recorded in block 0.
		System::set_block_number(1);
	});
	// Genesis goes into the backend, so benchmarks that wipe the overlay between runs keep it.
	ext.commit_all().expect("genesis commits");
	ext
}
