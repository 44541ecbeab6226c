//! Runtime of the energy marketplace consortium chain.
//!
//! Aura authors blocks every six seconds, GRANDPA finalises them, and the consortium governs
//! itself: its members vote in equal ballots (`pallet-collective` motions over the voting
//! members of `pallet-membership`) on who joins and in which role (`pallet-consortium`), who
//! validates (`pallet-validator-set`) and which nodes may peer (`pallet-node-authorization`).
//! There is no sudo. The native balance is the money token of the marketplace.

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime` and `impl_runtime_apis` generate large types.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

pub mod apis;
#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarks;
pub mod configs;
pub mod genesis_config_presets;

use alloc::{borrow::Cow, vec::Vec};
use sp_runtime::{generic, impl_opaque_keys};
use sp_version::RuntimeVersion;

pub use energy_primitives::{
	AccountId, Balance, BlockNumber, Hash, Nonce, Signature, EXISTENTIAL_DEPOSIT, UNIT,
};
pub use frame_system::Call as SystemCall;
pub use pallet_balances::Call as BalancesCall;
#[cfg(feature = "std")]
pub use sp_runtime::BuildStorage;

/// Types the node handles without knowing the runtime's extrinsic format, so it keeps syncing
/// across runtime upgrades.
pub mod opaque {
	use super::*;
	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Block header.
	pub type Header = energy_primitives::Header;
	/// Block with opaque extrinsics.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
}

impl_opaque_keys! {
	/// The keys a validator signs with: Aura for blocks, GRANDPA for finality votes.
	pub struct SessionKeys {
		pub aura: Aura,
		pub grandpa: Grandpa,
	}
}

/// Declares [`VERSION`] with the given `spec_version`, which `#[runtime_version]` reads from the
/// source (it must be a literal) into the Wasm blob's `runtime_version` section.
macro_rules! runtime_version {
	($spec_version:tt) => {
		/// Version of this runtime; bump `spec_version` with every upgrade.
		#[sp_version::runtime_version]
		pub const VERSION: RuntimeVersion = RuntimeVersion {
			spec_name: Cow::Borrowed("energy-marketplace"),
			impl_name: Cow::Borrowed("energy-marketplace"),
			authoring_version: 1,
			spec_version: $spec_version,
			impl_version: 1,
			apis: apis::RUNTIME_API_VERSIONS,
			transaction_version: 2,
			system_version: 1,
		};
	};
}

// The runtime this source describes. Bump both numbers with every upgrade.
#[cfg(not(feature = "next-spec-version"))]
runtime_version!(104);
// The same runtime one `spec_version` later: what the operations test upgrades a running
// consortium to by ballot (build.rs builds it beside the real one).
#[cfg(feature = "next-spec-version")]
runtime_version!(105);

/// How the sender of a transaction is named.
pub type Address = sp_runtime::MultiAddress<AccountId, ()>;
/// Block header.
pub type Header = energy_primitives::Header;
/// Block of this runtime.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// Checks every signed transaction goes through, in this order.
pub type TxExtension = (
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
);

/// Extrinsic as it travels on the wire.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// What a sender signs.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Runs blocks and transactions through the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(2)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(3)]
	pub type TransactionPayment = pallet_transaction_payment;
	#[runtime::pallet_index(4)]
	pub type Utility = pallet_utility;

	// The validator set must come before `Session`, whose genesis asks it for the first set,
	// and `Session` before Aura and GRANDPA, which it hands the session keys.
	#[runtime::pallet_index(10)]
	pub type ValidatorSet = pallet_validator_set;
	#[runtime::pallet_index(11)]
	pub type Session = pallet_session;
	#[runtime::pallet_index(12)]
	pub type Aura = pallet_aura;
	#[runtime::pallet_index(13)]
	pub type Grandpa = pallet_grandpa;

	// Governance. The registry comes after the collective and the membership: its genesis
	// fills their voting members.
	#[runtime::pallet_index(20)]
	pub type Council = pallet_collective<Instance1>;
	#[runtime::pallet_index(21)]
	pub type CouncilMembership = pallet_membership<Instance1>;
	#[runtime::pallet_index(22)]
	pub type Consortium = pallet_consortium;
	#[runtime::pallet_index(23)]
	pub type NodeAuthorization = pallet_node_authorization;

	// Data of the energy market.
	#[runtime::pallet_index(30)]
	pub type Anchoring = pallet_anchoring;
	// After balances: its genesis records the money the endowments created.
	#[runtime::pallet_index(31)]
	pub type MoneyGateway = pallet_money_gateway;
	#[runtime::pallet_index(32)]
	pub type EnergyToken = pallet_energy_token;
	#[runtime::pallet_index(33)]
	pub type MeterReadings = pallet_meter_readings;
	#[runtime::pallet_index(34)]
	pub type Market = pallet_market;
	#[runtime::pallet_index(35)]
	pub type ShieldedPool = pallet_shielded_pool;
	#[runtime::pallet_index(36)]
	pub type EnergyPool = pallet_shielded_pool<Instance1>;
	#[runtime::pallet_index(37)]
	pub type PrivateMarket = pallet_private_market;
}
