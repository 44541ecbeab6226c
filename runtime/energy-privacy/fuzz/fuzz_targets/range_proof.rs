//! Range proof bytes: the first byte picks how many commitments follow (0 to 17), then the
//! commitments, then the proof. Also the SCALE decoding of a proof. A random statement never
//! verifies, so anything but an error is a finding.

#![no_main]

use codec::Decode;
use energy_privacy::{verify_range, Commitment, RangeProofBytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
	let Some((&count, rest)) = data.split_first() else { return };
	let count = usize::from(count % 18);
	let commitments: Vec<Commitment> = rest
		.chunks_exact(32)
		.take(count)
		.filter_map(|chunk| chunk.try_into().ok().map(Commitment))
		.collect();
	let proof = rest.get(32 * commitments.len()..).unwrap_or_default();
	let proof = RangeProofBytes::truncate_from(proof.to_vec());
	assert!(verify_range(&proof, &commitments).is_err());

	if let Ok(proof) = RangeProofBytes::decode(&mut &rest[..]) {
		assert!(verify_range(&proof, &commitments).is_err());
	}
});
