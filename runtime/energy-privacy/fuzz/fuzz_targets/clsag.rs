//! CLSAG signatures from random bytes, two ways: a raw layout (ring size byte, ring, pseudo-output,
//! key image, c1, D, responses, message) that reaches the curve arithmetic quickly, and the SCALE
//! decoding of the whole statement. A random signature never verifies, so anything but an error
//! is a finding.

#![no_main]

use codec::Decode;
use energy_privacy::{
	clsag_verify, ClsagSignature, Commitment, KeyImage, OneTimeAddress, RingMember,
};
use libfuzzer_sys::fuzz_target;

/// Reads 32-byte words off the front of the input.
struct Words<'a>(&'a [u8]);

impl Words<'_> {
	fn next(&mut self) -> Option<[u8; 32]> {
		let (word, rest) = self.0.split_first_chunk::<32>()?;
		self.0 = rest;
		Some(*word)
	}
}

fuzz_target!(|data: &[u8]| {
	if let Some((&sizes, rest)) = data.split_first() {
		// Low nibble: ring size (0 to 15, plus 16 and 17 from the high bits); high nibble
		// nudges the response count away from it.
		let ring_size = usize::from(sizes & 0x0f) + usize::from(sizes >> 7) * 2;
		let responses = ring_size.saturating_add(usize::from((sizes >> 4) & 0x3)).saturating_sub(1);
		let mut words = Words(rest);
		let ring: Option<Vec<RingMember>> = (0..ring_size)
			.map(|_| {
				Some(RingMember {
					address: OneTimeAddress(words.next()?),
					commitment: Commitment(words.next()?),
				})
			})
			.collect();
		let statement = (|| {
			let ring = ring?;
			let pseudo = Commitment(words.next()?);
			let image = KeyImage(words.next()?);
			let c1 = words.next()?;
			let d = words.next()?;
			let s: Vec<[u8; 32]> =
				(0..responses.min(16)).map(|_| words.next()).collect::<Option<_>>()?;
			let s = s.try_into().ok()?;
			Some((ring, pseudo, image, ClsagSignature { c1, s, d }))
		})();
		if let Some((ring, pseudo, image, signature)) = statement {
			assert!(clsag_verify(words.0, &ring, &pseudo, &image, &signature).is_err());
		}
	}

	type Statement = (Vec<u8>, Vec<RingMember>, Commitment, KeyImage, ClsagSignature);
	if let Ok((message, ring, pseudo, image, signature)) = Statement::decode(&mut &data[..]) {
		assert!(clsag_verify(&message, &ring, &pseudo, &image, &signature).is_err());
	}
});
