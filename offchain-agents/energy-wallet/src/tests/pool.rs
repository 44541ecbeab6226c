//! Reading the pool.

use super::{fields, wallet};
use codec::Encode;
use energy_privacy::KeyImage;
use scale_info::MetaType;

#[test]
fn a_key_image_as_storage_key_part_encodes_as_the_pallets_key_type() {
	// `Pool::spent` passes a key image's bytes as the key of `SpentKeyImages`; subxt encodes them
	// against the metadata's `KeyImage`, a struct around the same 32 bytes.
	use subxt::ext::scale_encode::EncodeAsType;
	let image = wallet(1).notes.first().map(|note| note.key_image).unwrap_or(KeyImage([9; 32]));
	let (types, ids) = fields([("key", MetaType::new::<KeyImage>())]);
	let bytes = image.0.encode_as_type(ids[0].0, &types).unwrap();
	assert_eq!(bytes, image.encode());
}
