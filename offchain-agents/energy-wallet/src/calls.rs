//! The shielded pool's calls and their call data.

use crate::money::Amount;
use codec::Encode;
use energy_client::ScaleArgs;
use energy_privacy::builder::{Shield, Transfer, Unshield};
use subxt::{transactions::StaticPayload, utils::AccountId32};

/// The name the runtime gives the shielded pool pallet, which these calls go to.
pub const PALLET: &str = "ShieldedPool";

/// A call of the shielded pool.
pub type PoolCall = StaticPayload<ScaleArgs>;

/// `ShieldedPool.shield(amount, note, blinding, range_proof)`.
pub fn shield_call(amount: Amount, shield: &Shield) -> PoolCall {
	let args = vec![
		amount.encode(),
		shield.note.encode(),
		shield.blinding.encode(),
		shield.range_proof.encode(),
	];
	StaticPayload::new(PALLET, "shield", ScaleArgs(args))
}

/// `ShieldedPool.transfer(inputs, outputs, range_proof, fee, stamp)`.
pub fn transfer_call(transfer: &Transfer) -> PoolCall {
	// A `BoundedVec` encodes as the `Vec` it bounds.
	let args = vec![
		transfer.inputs.encode(),
		transfer.outputs.encode(),
		transfer.range_proof.encode(),
		transfer.fee.encode(),
		transfer.stamp.encode(),
	];
	StaticPayload::new(PALLET, "transfer", ScaleArgs(args))
}

/// `ShieldedPool.unshield(input, amount, fee, dest, stamp)`.
pub fn unshield_call(unshield: &Unshield, dest: &AccountId32) -> PoolCall {
	let args = vec![
		unshield.input.encode(),
		unshield.amount.encode(),
		unshield.fee.encode(),
		dest.0.encode(),
		unshield.stamp.encode(),
	];
	StaticPayload::new(PALLET, "unshield", ScaleArgs(args))
}
