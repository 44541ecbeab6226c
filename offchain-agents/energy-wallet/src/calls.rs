//! The shielded pool's calls and their call data.

use crate::money::Amount;
use codec::Encode;
use energy_privacy::builder::{Shield, Transfer, Unshield};
use subxt::{
	ext::{
		scale_decode::{self, visitor::IgnoreVisitor},
		scale_encode::{self, EncodeAsFields, FieldIter, TypeResolver},
	},
	transactions::StaticPayload,
	utils::AccountId32,
};

/// The name the runtime gives the shielded pool pallet, which these calls go to.
pub const PALLET: &str = "ShieldedPool";

/// A call's arguments, each already SCALE-encoded with the Rust type the pallet declares it
/// with. subxt places them behind the pallet and call indices it reads from the metadata; first
/// each argument is decoded against the type the metadata gives for it, so bytes that do not fit
/// the runtime are refused before they reach the node. (subxt's dynamic values would re-describe
/// `energy-privacy`'s types field by field; encoding with the types themselves cannot drift.)
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScaleArgs(pub Vec<Vec<u8>>);

impl EncodeAsFields for ScaleArgs {
	fn encode_as_fields_to<R: TypeResolver>(
		&self,
		fields: &mut dyn FieldIter<'_, R::TypeId>,
		types: &R,
		out: &mut Vec<u8>,
	) -> Result<(), scale_encode::Error> {
		let fields: Vec<_> = fields.collect();
		if fields.len() != self.0.len() {
			return Err(scale_encode::Error::custom_string(format!(
				"the runtime's call takes {} arguments, the wallet gives {}",
				fields.len(),
				self.0.len()
			)));
		}
		for (field, bytes) in fields.into_iter().zip(&self.0) {
			let name = field.name.unwrap_or("?").to_string();
			let cursor = &mut &bytes[..];
			scale_decode::visitor::decode_with_visitor(
				cursor,
				field.id,
				types,
				IgnoreVisitor::<R>::new(),
			)
			.map_err(|error| {
				scale_encode::Error::custom_string(format!(
					"argument `{name}` does not have the runtime's type: {error}"
				))
			})?;
			if !cursor.is_empty() {
				return Err(scale_encode::Error::custom_string(format!(
					"argument `{name}` is longer than the runtime's type"
				)));
			}
			out.extend_from_slice(bytes);
		}
		Ok(())
	}
}

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

/// `ShieldedPool.transfer(inputs, outputs, range_proof, fee)`.
pub fn transfer_call(transfer: &Transfer) -> PoolCall {
	// A `BoundedVec` encodes as the `Vec` it bounds.
	let args = vec![
		transfer.inputs.encode(),
		transfer.outputs.encode(),
		transfer.range_proof.encode(),
		transfer.fee.encode(),
	];
	StaticPayload::new(PALLET, "transfer", ScaleArgs(args))
}

/// `ShieldedPool.unshield(input, amount, fee, dest)`.
pub fn unshield_call(unshield: &Unshield, dest: &AccountId32) -> PoolCall {
	let args = vec![
		unshield.input.encode(),
		unshield.amount.encode(),
		unshield.fee.encode(),
		dest.0.encode(),
	];
	StaticPayload::new(PALLET, "unshield", ScaleArgs(args))
}
