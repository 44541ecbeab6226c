//! Configures the money token: balances, transaction fees and where fees and dust go
//! (`ToBlockAuthor`), and the fiat gateway that mints and burns money.

#[cfg(feature = "runtime-benchmarks")]
use crate::benchmarks::BenchmarkMembers;
use crate::{
	AccountId, Aura, Balance, Balances, Consortium, Runtime, RuntimeEvent, RuntimeFreezeReason,
	RuntimeHoldReason, System, EXISTENTIAL_DEPOSIT,
};
use frame_support::{
	parameter_types,
	traits::{
		fungible::{Balanced, Credit},
		ConstU128, ConstU32, ConstU8, FindAuthor, OnUnbalanced, VariantCountOf,
	},
	weights::IdentityFee,
};
use pallet_transaction_payment::{ConstFeeMultiplier, FungibleAdapter, Multiplier};
use sp_runtime::traits::One;

/// The money token: balances in the smallest unit of the consortium's fiat currency.
impl pallet_balances::Config for Runtime {
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ();
	type ReserveIdentifier = [u8; 8];
	type Balance = Balance;
	type RuntimeEvent = RuntimeEvent;
	type DustRemoval = ToBlockAuthor;
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = System;
	type WeightInfo = pallet_balances::weights::SubstrateWeight<Runtime>;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type DoneSlashHandler = ();
}

parameter_types! {
	pub FeeMultiplier: Multiplier = Multiplier::one();
}

/// Fees and dust go to the author of the block. The money token is backed by fiat that the
/// gateways hold, so none of it may vanish; the validators earn what running the chain costs.
pub struct ToBlockAuthor;
impl OnUnbalanced<Credit<AccountId, Balances>> for ToBlockAuthor {
	fn on_nonzero_unbalanced(amount: Credit<AccountId, Balances>) {
		let digest = System::digest();
		let pre_runtime = digest.logs().iter().filter_map(|item| item.as_pre_runtime());
		if let Some(author) =
			pallet_session::FindAccountFromAuthorIndex::<Runtime, Aura>::find_author(pre_runtime)
		{
			// Validators hold money, so their accounts exist and crediting them cannot fail.
			let _ = <Balances as Balanced<AccountId>>::resolve(&author, amount);
		}
	}
}

/// Fees in money tokens: one unit per picosecond of weight and per byte, a fixed multiplier
/// (a consortium chain has no fee market to clear).
impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnChargeTransaction = FungibleAdapter<Balances, ToBlockAuthor>;
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightToFee = IdentityFee<Balance>;
	type LengthToFee = IdentityFee<Balance>;
	type FeeMultiplierUpdate = ConstFeeMultiplier<FeeMultiplier>;
	type WeightInfo = pallet_transaction_payment::weights::SubstrateWeight<Runtime>;
}

/// The fiat gateway: money minted against fiat deposits, burned on paid-out withdrawals.
impl pallet_money_gateway::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Roles = Consortium;
	type MaxReferenceLength = ConstU32<64>;
	type MaxOpenWithdrawals = ConstU32<1024>;
	type WeightInfo = pallet_money_gateway::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkMembers;
}
