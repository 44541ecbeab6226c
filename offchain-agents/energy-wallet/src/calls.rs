//! The shielded pools' calls and their call data.

use crate::{asset::Asset, money::Amount};
use codec::Encode;
use energy_client::ScaleArgs;
use energy_privacy::builder::{Shield, Transfer, Unshield};
use subxt::{transactions::StaticPayload, utils::AccountId32};

/// A call of the shielded pool.
pub type PoolCall = StaticPayload<ScaleArgs>;

/// `<pool>.shield(amount, note, blinding, range_proof)`, to the pool of `asset`.
pub fn shield_call(asset: Asset, amount: Amount, shield: &Shield) -> PoolCall {
	let args = vec![
		amount.encode(),
		shield.note.encode(),
		shield.blinding.encode(),
		shield.range_proof.encode(),
	];
	StaticPayload::new(asset.pallet(), "shield", ScaleArgs(args))
}

/// `<pool>.transfer(inputs, outputs, range_proof, fee, stamp)`, to the pool of `asset`.
pub fn transfer_call(asset: Asset, transfer: &Transfer) -> PoolCall {
	// A `BoundedVec` encodes as the `Vec` it bounds.
	let args = vec![
		transfer.inputs.encode(),
		transfer.outputs.encode(),
		transfer.range_proof.encode(),
		transfer.fee.encode(),
		transfer.stamp.encode(),
	];
	StaticPayload::new(asset.pallet(), "transfer", ScaleArgs(args))
}

/// `<pool>.unshield(input, amount, fee, dest, stamp)`, to the pool of `asset`.
pub fn unshield_call(asset: Asset, unshield: &Unshield, dest: &AccountId32) -> PoolCall {
	let args = vec![
		unshield.input.encode(),
		unshield.amount.encode(),
		unshield.fee.encode(),
		dest.0.encode(),
		unshield.stamp.encode(),
	];
	StaticPayload::new(asset.pallet(), "unshield", ScaleArgs(args))
}
