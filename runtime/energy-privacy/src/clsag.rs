//! CLSAG linkable ring signatures, as in Goodell, Noether and Blue, "Concise Linkable Ring
//! Signatures and Forgery Against Adversarial Keys" (IACR ePrint 2019/654), with the two layers a
//! confidential spend needs: the one-time keys `P_i` and the commitment differences
//! `C_i - C_offset`. Written by hand because no maintained crate signs this two-layer form over
//! ristretto255 with our hashing.
//!
//! Signing with secrets `x` (`P_l = x·G`) and `z` (`C_l - C_offset = z·G`) at ring position `l`:
//! - key image `I = x·Hp(P_l)`, commitment image `D = z·Hp(P_l)`;
//! - aggregation `mu_P = H_P(ring, C_offset, I, D)`, `mu_C = H_C(ring, C_offset, I, D)`, so
//!   `W_i = mu_P·P_i + mu_C·(C_i - C_offset)` and `W~ = mu_P·I + mu_C·D`;
//! - `c_{l+1} = H_c(ring, C_offset, m, a·G, a·Hp(P_l))` for a random `a`, then around the ring
//!   `c_{i+1} = H_c(ring, C_offset, m, s_i·G + c_i·W_i, s_i·Hp(P_i) + c_i·W~)` with random `s_i`,
//!   and `s_l = a - c_l·(mu_P·x + mu_C·z)` closes it.
//!
//! The signature is `(c_0, s_0..s_{n-1}, D)`; a verifier walks the ring once from `c_0` and
//! accepts when it comes back to `c_0`.

use crate::{
	hash,
	types::{
		decode_point, decode_scalar, encode_responses, ClsagSignature, Commitment, KeyImage,
		RingMember,
	},
	Error, MAX_RING_SIZE,
};
use alloc::vec::Vec;
use curve25519_dalek::{
	constants::RISTRETTO_BASEPOINT_POINT,
	ristretto::RistrettoPoint,
	scalar::Scalar,
	traits::{IsIdentity, MultiscalarMul, VartimeMultiscalarMul},
};
use rand_core::{CryptoRng, RngCore};
use sha2::{Digest, Sha512};
use zeroize::Zeroize;

/// `Hp(P)`: the base of the key image of the one-time key `P`, from its encoding.
pub(crate) fn key_image_base(address: &[u8; 32]) -> RistrettoPoint {
	let mut hasher = hash::tagged(hash::KEY_IMAGE_BASE);
	hasher.update(address);
	hash::to_point(hasher)
}

/// The key image `x·Hp(x·G)` of the one-time secret `x`.
pub fn key_image(one_time_secret: &Scalar) -> KeyImage {
	let address = RistrettoPoint::mul_base(one_time_secret).compress();
	KeyImage::from_point(&(one_time_secret * key_image_base(address.as_bytes())))
}

/// Whether `image` can be a key image: a point, and not the identity (which no key has).
pub fn check_key_image(image: &KeyImage) -> Result<(), Error> {
	if image.point()?.is_identity() {
		return Err(Error::IdentityKeyImage);
	}
	Ok(())
}

/// A hash state that has absorbed `tag`, the ring (its size, every key, every commitment) and
/// the pseudo-output commitment: the statement every hash of a signature is bound to.
fn ring_hasher(tag: &[u8], ring: &[RingMember], pseudo_output: &Commitment) -> Sha512 {
	let mut hasher = hash::tagged(tag);
	hasher.update((ring.len() as u32).to_le_bytes());
	for member in ring {
		hasher.update(member.address.0);
	}
	for member in ring {
		hasher.update(member.commitment.0);
	}
	hasher.update(pseudo_output.0);
	hasher
}

/// The aggregation coefficients `(mu_P, mu_C)`.
fn aggregation(
	ring: &[RingMember],
	pseudo_output: &Commitment,
	key_image: &[u8; 32],
	d: &[u8; 32],
) -> (Scalar, Scalar) {
	let coefficient = |tag| {
		let mut hasher = ring_hasher(tag, ring, pseudo_output);
		hasher.update(key_image);
		hasher.update(d);
		hash::to_scalar(hasher)
	};
	(coefficient(hash::CLSAG_AGGREGATE_KEY), coefficient(hash::CLSAG_AGGREGATE_COMMITMENT))
}

/// The round hash state, up to the two points of a round: ring, pseudo-output, message.
fn round_prefix(ring: &[RingMember], pseudo_output: &Commitment, message: &[u8]) -> Sha512 {
	let mut hasher = ring_hasher(hash::CLSAG_ROUND, ring, pseudo_output);
	hasher.update((message.len() as u64).to_le_bytes());
	hasher.update(message);
	hasher
}

/// A ring decoded into points: `P_i`, `C_i - C_offset` and `Hp(P_i)` of every member.
struct DecodedRing {
	keys: Vec<RistrettoPoint>,
	commitment_keys: Vec<RistrettoPoint>,
	image_bases: Vec<RistrettoPoint>,
}

fn decode_ring(ring: &[RingMember], pseudo_output: &Commitment) -> Result<DecodedRing, Error> {
	if ring.is_empty() {
		return Err(Error::EmptyRing);
	}
	if ring.len() > MAX_RING_SIZE as usize {
		return Err(Error::RingTooLarge);
	}
	let offset = pseudo_output.point()?;
	let mut decoded = DecodedRing {
		keys: Vec::with_capacity(ring.len()),
		commitment_keys: Vec::with_capacity(ring.len()),
		image_bases: Vec::with_capacity(ring.len()),
	};
	for member in ring {
		decoded.keys.push(member.address.point()?);
		decoded.commitment_keys.push(member.commitment.point()? - offset);
		decoded.image_bases.push(key_image_base(&member.address.0));
	}
	Ok(decoded)
}

/// Signs `message` with the ring member at `signer`, whose one-time secret is `one_time_secret`
/// (`P = x·G`) and whose commitment differs from `pseudo_output` by `blinding_difference·G`.
/// Returns the signature and the key image of the spent key.
pub fn clsag_sign<R: RngCore + CryptoRng>(
	message: &[u8],
	ring: &[RingMember],
	pseudo_output: &Commitment,
	signer: usize,
	one_time_secret: &Scalar,
	blinding_difference: &Scalar,
	rng: &mut R,
) -> Result<(ClsagSignature, KeyImage), Error> {
	let decoded = decode_ring(ring, pseudo_output)?;
	let size = ring.len();
	let (Some(signer_key), Some(signer_commitment_key), Some(signer_base)) = (
		decoded.keys.get(signer),
		decoded.commitment_keys.get(signer),
		decoded.image_bases.get(signer),
	) else {
		return Err(Error::SignerNotInRing);
	};
	if RistrettoPoint::mul_base(one_time_secret) != *signer_key
		|| RistrettoPoint::mul_base(blinding_difference) != *signer_commitment_key
	{
		return Err(Error::KeyMismatch);
	}

	let image_point = one_time_secret * signer_base;
	let d_point = blinding_difference * signer_base;
	let image = KeyImage::from_point(&image_point);
	let d = d_point.compress().to_bytes();
	let (mu_key, mu_commitment) = aggregation(ring, pseudo_output, &image.0, &d);
	let aggregate_image = mu_key * image_point + mu_commitment * d_point;
	let prefix = round_prefix(ring, pseudo_output, message);

	let mut challenges = alloc::vec![Scalar::ZERO; size];
	let mut responses: Vec<Scalar> = (0..size).map(|_| Scalar::random(rng)).collect();
	let mut nonce = Scalar::random(rng);
	let mut position = (signer + 1) % size;
	let mut current =
		hash::round_challenge(&prefix, &RistrettoPoint::mul_base(&nonce), &(nonce * signer_base));
	while position != signer {
		if let Some(slot) = challenges.get_mut(position) {
			*slot = current;
		}
		let (Some(response), Some(key), Some(commitment_key), Some(base)) = (
			responses.get(position),
			decoded.keys.get(position),
			decoded.commitment_keys.get(position),
			decoded.image_bases.get(position),
		) else {
			return Err(Error::SignerNotInRing);
		};
		// Constant time even though these values are public, so timing does not tell which
		// positions were simulated.
		let left = RistrettoPoint::multiscalar_mul(
			[*response, current * mu_key, current * mu_commitment],
			[RISTRETTO_BASEPOINT_POINT, *key, *commitment_key],
		);
		let right = RistrettoPoint::multiscalar_mul([*response, current], [*base, aggregate_image]);
		current = hash::round_challenge(&prefix, &left, &right);
		position = (position + 1) % size;
	}
	if let Some(slot) = challenges.get_mut(signer) {
		*slot = current;
	}
	let mut secret = mu_key * one_time_secret + mu_commitment * blinding_difference;
	if let Some(response) = responses.get_mut(signer) {
		*response = nonce - current * secret;
	}
	nonce.zeroize();
	secret.zeroize();

	let first = challenges.first().copied().ok_or(Error::EmptyRing)?;
	let signature = ClsagSignature { c1: first.to_bytes(), s: encode_responses(&responses)?, d };
	Ok((signature, image))
}

/// Checks that `signature` signs `message` for a member of `ring` whose key has the image
/// `key_image`, and whose commitment commits to the same amount as `pseudo_output`.
pub fn clsag_verify(
	message: &[u8],
	ring: &[RingMember],
	pseudo_output: &Commitment,
	key_image: &KeyImage,
	signature: &ClsagSignature,
) -> Result<(), Error> {
	if ring.is_empty() {
		return Err(Error::EmptyRing);
	}
	if ring.len() > MAX_RING_SIZE as usize {
		return Err(Error::RingTooLarge);
	}
	if signature.s.len() != ring.len() {
		return Err(Error::RingSizeMismatch);
	}
	let first = decode_scalar(&signature.c1)?;
	let responses = signature.s.iter().map(decode_scalar).collect::<Result<Vec<_>, _>>()?;
	let image = key_image.point()?;
	if image.is_identity() {
		return Err(Error::IdentityKeyImage);
	}
	let d = decode_point(&signature.d)?;
	let decoded = decode_ring(ring, pseudo_output)?;

	let (mu_key, mu_commitment) = aggregation(ring, pseudo_output, &key_image.0, &signature.d);
	let aggregate_image =
		RistrettoPoint::vartime_multiscalar_mul([mu_key, mu_commitment], [image, d]);
	let prefix = round_prefix(ring, pseudo_output, message);

	let mut current = first;
	for (((response, key), commitment_key), base) in
		responses.iter().zip(&decoded.keys).zip(&decoded.commitment_keys).zip(&decoded.image_bases)
	{
		let left = RistrettoPoint::vartime_multiscalar_mul(
			[*response, current * mu_key, current * mu_commitment],
			[RISTRETTO_BASEPOINT_POINT, *key, *commitment_key],
		);
		let right =
			RistrettoPoint::vartime_multiscalar_mul([*response, current], [*base, aggregate_image]);
		current = hash::round_challenge(&prefix, &left, &right);
	}
	if current == first {
		Ok(())
	} else {
		Err(Error::SignatureInvalid)
	}
}
