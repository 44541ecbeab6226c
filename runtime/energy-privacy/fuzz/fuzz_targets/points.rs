//! Points and commitments: 32-byte words as commitments into the balance check (the first byte
//! splits inputs from outputs, the next eight are the fee), as a public address a sender pays
//! to, and as a secret whose key image is taken. Errors are fine; panics are findings.

#![no_main]

use codec::Decode;
use energy_privacy::{
	check_balance, create_note, key_image, Commitment, PublicAddress, Scalar, TxSecret,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
	let Some((&split, rest)) = data.split_first() else { return };
	let Some((fee, rest)) = rest.split_first_chunk::<8>() else { return };
	let commitments: Vec<Commitment> =
		rest.chunks_exact(32).filter_map(|chunk| chunk.try_into().ok().map(Commitment)).collect();
	let split = usize::from(split).min(commitments.len());
	let (inputs, outputs) = commitments.split_at(split);
	let _ = check_balance(inputs, outputs, u64::from_le_bytes(*fee));

	if let Ok(address) = PublicAddress::decode(&mut &rest[..]) {
		let tx_secret = TxSecret::from_secret(Scalar::from(u64::from_le_bytes(*fee)));
		let _ = create_note(&address, &tx_secret, u32::from(split as u8), 1);
	}
	if let Some(secret) = rest.first_chunk::<32>() {
		let _ = key_image(&Scalar::from_bytes_mod_order(*secret));
	}
});
