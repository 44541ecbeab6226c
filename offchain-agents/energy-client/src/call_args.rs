//! Call arguments encoded with the runtime's own Rust types, checked against the metadata.

use subxt::ext::{
	scale_decode::{self, visitor::IgnoreVisitor},
	scale_encode::{self, EncodeAsFields, FieldIter, TypeResolver},
};

/// A call's arguments, each already SCALE-encoded with the Rust type the pallet declares it
/// with. subxt places them behind the pallet and call indices it reads from the metadata; first
/// each argument is decoded against the type the metadata gives for it, so bytes that do not fit
/// the runtime are refused before they reach the node. (subxt's dynamic values would re-describe
/// the runtime's types field by field; encoding with the types themselves cannot drift.)
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
				"the runtime's call takes {} arguments, the program gives {}",
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
