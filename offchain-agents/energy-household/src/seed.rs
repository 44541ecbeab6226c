//! The model's randomness: BLAKE2b-256 of a domain tag and the thing it is about, so every
//! figure is reproducible and each trait draws from a stream of its own (the PV size does not
//! correlate with, say, the load).

use sp_crypto_hashing::blake2_256;

/// BLAKE2b-256 of `tag` followed by `parts`.
pub fn seed(tag: &[u8], parts: &[&[u8]]) -> [u8; 32] {
	let mut input = tag.to_vec();
	for part in parts {
		input.extend_from_slice(part);
	}
	blake2_256(&input)
}

/// A number in `min..=max` drawn from the first eight bytes of `seed`.
pub fn pick(seed: [u8; 32], (min, max): (u64, u64)) -> u64 {
	min + first_u64(seed) % (max - min + 1)
}

/// A number in `[0, 1)` drawn from the first eight bytes of `seed`.
pub fn unit(seed: [u8; 32]) -> f64 {
	// The top 53 bits: every such number is exact in an f64.
	(first_u64(seed) >> 11) as f64 / (1u64 << 53) as f64
}

fn first_u64(seed: [u8; 32]) -> u64 {
	let mut bytes = [0u8; 8];
	bytes.copy_from_slice(&seed[..8]);
	u64::from_le_bytes(bytes)
}
