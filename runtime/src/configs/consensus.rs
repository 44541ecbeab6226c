//! Configures consensus: the permissioned validator set, its sessions, Aura block authoring
//! and GRANDPA finality.

#[cfg(feature = "runtime-benchmarks")]
use crate::benchmarks::BenchmarkSessionKeys;
use crate::{
	AccountId, Balances, BlockNumber, Runtime, RuntimeEvent, Session, SessionKeys, ValidatorSet,
};
use energy_primitives::MINUTES;
use frame_support::{
	parameter_types,
	traits::{ConstBool, ConstU128, ConstU32, ConstU64},
};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_runtime::traits::{ConvertInto, OpaqueKeys};

use super::governance::ConsortiumMajority;

/// Most validators the consortium can have; also the Aura and GRANDPA authority limit.
pub const MAX_VALIDATORS: u32 = 32;

impl pallet_validator_set::Config for Runtime {
	/// A passed ballot; admitting or removing a validator member changes the set too.
	type ValidatorOrigin = ConsortiumMajority;
	type MaxValidators = ConstU32<MAX_VALIDATORS>;
	type ValidatorRegistration = Session;
	type WeightInfo = pallet_validator_set::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkSessionKeys;
}

parameter_types! {
	/// Blocks in a session: validator changes take effect at session boundaries. Stored under
	/// `:SessionLength:` so a chain spec (or a test network) can set a shorter one.
	pub storage SessionLength: BlockNumber = 10 * MINUTES;
	pub const SessionOffset: BlockNumber = 0;
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = pallet_session::PeriodicSessions<SessionLength, SessionOffset>;
	type NextSessionRotation = pallet_session::PeriodicSessions<SessionLength, SessionOffset>;
	type SessionManager = ValidatorSet;
	type SessionHandler = <SessionKeys as OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	type DisablingStrategy = ();
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	/// Validators are vetted by the consortium, so session keys need no deposit.
	type KeyDeposit = ConstU128<0>;
}

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
	type MaxAuthorities = ConstU32<MAX_VALIDATORS>;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<MAX_VALIDATORS>;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}
