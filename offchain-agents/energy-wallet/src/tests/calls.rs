//! Call data.

use super::{fields, funded_pool, limits, unshield_pool, EUR, GENESIS};
use crate::{
	asset::Asset,
	calls::{shield_call, transfer_call, unshield_call},
	transactions::{build_transfer, build_unshield},
};
use codec::{Decode, Encode};
use energy_client::ScaleArgs;
use energy_privacy::{
	builder::{self, deterministic_rng},
	Note, TransferInput,
};
use scale_info::{MetaType, PortableRegistry};
use subxt::{
	ext::scale_encode::{EncodeAsFields, Field},
	utils::AccountId32,
};

fn encode(
	args: &ScaleArgs,
	types: &PortableRegistry,
	ids: &[(u32, &'static str)],
) -> Result<Vec<u8>, String> {
	let mut fields = ids.iter().map(|(id, name)| Field::named(*id, name));
	args.encode_as_fields(&mut fields, types).map_err(|error| error.to_string())
}

#[test]
fn call_data_is_the_scale_encoding_of_the_pallets_argument_types() {
	let (pool, alice, bob) = funded_pool();
	let transfer = build_transfer(
		&alice,
		&GENESIS,
		&pool.notes,
		&bob.address(),
		EUR,
		1,
		Some(EUR),
		&limits(),
		&mut deterministic_rng(11),
	)
	.unwrap();
	let call = transfer_call(Asset::Money, &transfer);
	assert_eq!((call.pallet_name(), call.call_name()), ("ShieldedPool", "transfer"));
	let (types, ids) = fields([
		("inputs", MetaType::new::<Vec<TransferInput>>()),
		("outputs", MetaType::new::<Vec<Note>>()),
		("range_proof", MetaType::new::<energy_privacy::RangeProofBytes>()),
		("fee", MetaType::new::<u64>()),
		("stamp", MetaType::new::<u64>()),
	]);
	let bytes = encode(call.call_data(), &types, &ids).unwrap();
	let decoded =
		<(Vec<TransferInput>, Vec<Note>, energy_privacy::RangeProofBytes, u64, u64)>::decode(
			&mut &bytes[..],
		)
		.unwrap();
	assert_eq!(
		decoded,
		(transfer.inputs, transfer.outputs, transfer.range_proof, EUR, transfer.stamp)
	);

	// Arguments that do not fit the runtime's types are refused before reaching the node.
	let mut swapped = call.call_data().clone();
	swapped.0.swap(0, 1);
	assert!(encode(&swapped, &types, &ids).unwrap_err().contains("argument `inputs`"));
	let mut short = call.call_data().clone();
	short.0.pop();
	assert!(encode(&short, &types, &ids).unwrap_err().contains("takes 5 arguments"));
	let mut long = call.call_data().clone();
	long.0[4].push(0);
	assert!(encode(&long, &types, &ids).unwrap_err().contains("longer than the runtime's type"));
}

#[test]
fn unshield_and_shield_call_data_fit_the_pallets_types() {
	let (pool, alice) = unshield_pool();
	let dest = AccountId32([42; 32]);
	let unshield = build_unshield(
		&alice,
		&GENESIS,
		&pool.notes,
		&pool.public,
		&dest,
		29 * EUR,
		None,
		&limits(),
		&mut deterministic_rng(12),
	)
	.unwrap();
	let (types, ids) = fields([
		("input", MetaType::new::<energy_privacy::UnshieldInput>()),
		("amount", MetaType::new::<u64>()),
		("fee", MetaType::new::<u64>()),
		("dest", MetaType::new::<[u8; 32]>()),
		("stamp", MetaType::new::<u64>()),
	]);
	let call = unshield_call(Asset::Money, &unshield, &dest);
	assert_eq!(call.call_name(), "unshield");
	let bytes = encode(call.call_data(), &types, &ids).unwrap();
	assert_eq!(
		bytes,
		(unshield.input, 29 * EUR, unshield.fee, [42u8; 32], unshield.stamp).encode()
	);

	let shield =
		builder::build_shield(&alice.address(), 5 * EUR, &mut deterministic_rng(13)).unwrap();
	let (types, ids) = fields([
		("amount", MetaType::new::<u64>()),
		("note", MetaType::new::<Note>()),
		("blinding", MetaType::new::<[u8; 32]>()),
		("range_proof", MetaType::new::<energy_privacy::RangeProofBytes>()),
	]);
	let call = shield_call(Asset::Money, 5 * EUR, &shield);
	assert_eq!((call.pallet_name(), call.call_name()), ("ShieldedPool", "shield"));
	let bytes = encode(call.call_data(), &types, &ids).unwrap();
	assert_eq!(bytes, (5 * EUR, shield.note, shield.blinding, &shield.range_proof).encode());

	// The energy pool's calls are the same calls, to the other pallet.
	let energy = shield_call(Asset::Energy, 5 * EUR, &shield);
	assert_eq!((energy.pallet_name(), energy.call_name()), ("EnergyPool", "shield"));
	assert_eq!(energy.call_data().0, call.call_data().0);
}
