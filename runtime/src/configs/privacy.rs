//! Configures privacy: the shielded money pool of private payments.

use crate::{Balances, Runtime, UNIT};
use energy_primitives::MINUTES;
use frame_support::{
	parameter_types,
	traits::{ConstU32, ConstU64},
};

use super::money::ToBlockAuthor;

parameter_types! {
	/// The shielded pool's account: `modl` + `enr/pool`.
	pub const ShieldedPoolId: frame_support::PalletId = frame_support::PalletId(*b"enr/pool");
	/// A private transaction pays at least a cent: unsigned, it pays no transaction fee.
	pub const ShieldedMinFee: u64 = (UNIT / 100) as u64;
	/// Private transactions cannot tip (they have no signer to pay one), so they all get one
	/// fixed priority: half the largest.
	pub const ShieldedPriority: sp_runtime::transaction_validity::TransactionPriority =
		sp_runtime::transaction_validity::TransactionPriority::MAX / 2;
}

/// The shielded money pool: money moved into hidden notes, paid privately, moved back out.
/// Rings of 11 to 16 notes (as Monero's 16) hide the spent note; fees go to the block author,
/// as transaction fees do.
impl pallet_shielded_pool::Config for Runtime {
	type Currency = Balances;
	type OnFee = ToBlockAuthor;
	type PalletId = ShieldedPoolId;
	/// 2^20 notes: six years of ten households each paying privately once an hour (a payment
	/// makes two notes, the payee's and the change).
	type MaxNotes = ConstU64<{ 1 << 20 }>;
	type MinRingSize = ConstU32<11>;
	type MaxRingSize = ConstU32<16>;
	type MaxInputs = ConstU32<4>;
	type MaxOutputs = ConstU32<16>;
	type MinFee = ShieldedMinFee;
	type UnsignedPriority = ShieldedPriority;
	/// Ten minutes of blocks: a private transaction the pool cannot include by then is
	/// validated again.
	type UnsignedLongevity = ConstU64<{ 10 * MINUTES as u64 }>;
	type WeightInfo = pallet_shielded_pool::weights::SubstrateWeight<Runtime>;
}
