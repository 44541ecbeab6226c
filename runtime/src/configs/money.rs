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
use sp_runtime::traits::{AccountIdConversion, One};

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
	/// The account that keeps fees and dust the block's author cannot take: `modl` + `enr/fees`.
	/// Nobody holds its key; a ballot pays its money out (`consortium.dispatchAsRoot`). The
	/// presets endow it with the existential deposit, so it always exists and takes any amount.
	pub const FeeCollectorId: frame_support::PalletId = frame_support::PalletId(*b"enr/fees");
}

/// The fee collector's account.
pub fn fee_collector() -> AccountId {
	FeeCollectorId::get().into_account_truncating()
}

/// Fees and dust go to the author of the block. The money token is backed by fiat that the
/// gateways hold, so none of it may vanish: what the author cannot take (its account was emptied
/// and the amount is below the existential deposit, or the block names no author) goes to the
/// fee collector. The validators earn what running the chain costs.
pub struct ToBlockAuthor;
impl OnUnbalanced<Credit<AccountId, Balances>> for ToBlockAuthor {
	fn on_nonzero_unbalanced(amount: Credit<AccountId, Balances>) {
		let digest = System::digest();
		let pre_runtime = digest.logs().iter().filter_map(|item| item.as_pre_runtime());
		let author =
			pallet_session::FindAccountFromAuthorIndex::<Runtime, Aura>::find_author(pre_runtime);
		let amount = match author {
			Some(author) => match <Balances as Balanced<AccountId>>::resolve(&author, amount) {
				Ok(()) => return,
				Err(amount) => amount,
			},
			None => amount,
		};
		if <Balances as Balanced<AccountId>>::resolve(&fee_collector(), amount).is_err() {
			// Only a ballot that emptied the collector's account can get here.
			frame_support::defensive!(
				"fees vanished: neither the block's author nor the fee collector could take them"
			);
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
///
/// Open withdrawals are a shared limit: one holder keeps at most four open, each at least
/// 10 EUR (a bank transfer costs the gateway more than smaller amounts are worth), so filling
/// all 1,024 takes 256 funded accounts holding 10,240 EUR between them.
impl pallet_money_gateway::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Roles = Consortium;
	type MaxReferenceLength = ConstU32<64>;
	type MaxOpenWithdrawals = ConstU32<1024>;
	type MaxWithdrawalsPerAccount = ConstU32<4>;
	type MinWithdrawal = ConstU128<{ 10 * crate::UNIT }>;
	type WeightInfo = pallet_money_gateway::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkMembers;
}
