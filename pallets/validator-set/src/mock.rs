//! A runtime with `pallet-session` driven by this pallet, so tests see real session rotations.

use crate as pallet_validator_set;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64},
};
use frame_system::EnsureRoot;
use sp_runtime::{testing::UintAuthorityId, traits::ConvertInto, BuildStorage};

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
	pub type ValidatorSet = pallet_validator_set;
	#[runtime::pallet_index(3)]
	pub type Session = pallet_session;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u64>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
}

/// Sessions last this many blocks in the tests.
pub const SESSION_LENGTH: u64 = 5;

parameter_types! {
	pub const Period: u64 = SESSION_LENGTH;
	pub const Offset: u64 = 0;
}

impl pallet_session::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = u64;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = pallet_session::PeriodicSessions<Period, Offset>;
	type NextSessionRotation = pallet_session::PeriodicSessions<Period, Offset>;
	type SessionManager = ValidatorSet;
	type SessionHandler = pallet_session::TestSessionHandler;
	type Keys = UintAuthorityId;
	type DisablingStrategy = ();
	type WeightInfo = ();
	type Currency = Balances;
	type KeyDeposit = ConstU64<0>;
}

/// Largest validator set in the tests.
pub const MAX_VALIDATORS: u32 = 8;

impl pallet_validator_set::Config for Test {
	type ValidatorOrigin = EnsureRoot<u64>;
	type MaxValidators = ConstU32<MAX_VALIDATORS>;
	type ValidatorRegistration = Session;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = KeysFromAccount;
}

/// Benchmarks give an account the session key `UintAuthorityId(account)`.
#[cfg(feature = "runtime-benchmarks")]
pub struct KeysFromAccount;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u64> for KeysFromAccount {
	fn register_session_keys(who: &u64) {
		pallet_session::NextKeys::<Test>::insert(who, UintAuthorityId(*who));
	}
}

/// Accounts 1, 2 and 3 validate at genesis; 4 and 5 have session keys but do not validate;
/// 6 has no session keys. The minimum is two.
pub const GENESIS_VALIDATORS: [u64; 3] = [1, 2, 3];
/// Candidates with session keys.
pub const CANDIDATES: [u64; 2] = [4, 5];
/// An account without session keys.
pub const KEYLESS: u64 = 6;

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..=6).map(|who| (who, 1_000)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_validator_set::GenesisConfig::<Test> {
		initial_validators: GENESIS_VALIDATORS.to_vec(),
		min_validators: 2,
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let keys = |ids: &[u64]| ids.iter().map(|&id| (id, id, UintAuthorityId(id))).collect();
	pallet_session::GenesisConfig::<Test> {
		keys: keys(&GENESIS_VALIDATORS),
		non_authority_keys: keys(&CANDIDATES),
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	// Events are not recorded in block 0.
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Rotate sessions `n` times, as `pallet-session` does at each session boundary.
pub fn rotate_sessions(n: u32) {
	for _ in 0..n {
		Session::rotate_session();
	}
}
