//! Slot-scoped linkable ring signatures: how a household acts on the private market without
//! saying which household it is, and without acting twice where the market allows it once.
//!
//! Every household registers a market key `K = x·G`. A private offer or purchase is signed for a
//! ring of registered keys, with the key image `I = x·B` on the base `B = Hp(scope)`, where the
//! scope is the chain, the delivery slot and the role ([`MarketScope`]). One household gives one
//! image per scope whatever ring it hides in, so the chain refuses its second offer in a slot by
//! remembering images. Another slot or role has another base, and telling whether two images of
//! different bases share `x` is the decisional Diffie-Hellman problem: slots do not link.
//!
//! This is the linkable ring signature of Liu, Wei and Wong ("Linkable Spontaneous Anonymous
//! Group Signature for Ad Hoc Groups", ACISP 2004) with the image base taken from the event
//! instead of the ring, as in Tsang et al.'s event-oriented linkable ring signatures. Signing at
//! ring position `l` with a random `a`: `c_{l+1} = H(scope, ring, I, m, a·G, a·B)`, then around
//! the ring `c_{i+1} = H(scope, ring, I, m, s_i·G + c_i·K_i, s_i·B + c_i·I)` with random `s_i`,
//! and `s_l = a - c_l·x` closes it. Written by hand for the reason CLSAG is: no maintained crate
//! signs this form over ristretto255 with our hashing.

use crate::{
	hash,
	types::{decode_scalar, encode_responses, KeyImage, MarketKey, MarketSignature},
	Error, MAX_MARKET_RING_SIZE,
};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use curve25519_dalek::{
	constants::RISTRETTO_BASEPOINT_POINT,
	ristretto::RistrettoPoint,
	scalar::Scalar,
	traits::{IsIdentity, MultiscalarMul, VartimeMultiscalarMul},
};
use rand_core::{CryptoRng, RngCore};
use scale_info::TypeInfo;
use sha2::{Digest, Sha512};
use zeroize::{Zeroize, ZeroizeOnDrop};

/// What a household does on the private market: each role has its own key images, so a
/// household may offer and buy in one slot, once each.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum MarketRole {
	/// A private offer of energy.
	Offer,
	/// A private purchase (the buyer's side of an agreement).
	Purchase,
	/// A market key's proof of possession, made once when the household registers it: a ring
	/// of that key alone, whose image links to nothing the household does in the market.
	Registration,
	/// A proof that two commitments hide one amount: a ring of their difference `δ·G` alone,
	/// signed with `δ` (a note that pays out a lock under a blinding of its own).
	Reblinding,
}

/// Where a market key image links: one chain, one delivery slot, one role.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct MarketScope {
	/// The chain's genesis hash: a signature of one chain is not valid on another.
	pub genesis: [u8; 32],
	/// The delivery slot.
	pub slot: u64,
	/// Offer or purchase.
	pub role: MarketRole,
}

impl MarketScope {
	/// The scope of every reblinding proof on the chain of `genesis` (`MarketRole::Reblinding`):
	/// the payout's message, which it signs, tells them apart.
	pub fn reblinding(genesis: [u8; 32]) -> Self {
		Self { genesis, slot: 0, role: MarketRole::Reblinding }
	}

	/// The base `B = Hp(scope)` the scope's key images are taken on.
	fn base(&self) -> RistrettoPoint {
		let mut hasher = hash::tagged(hash::MARKET_KEY_IMAGE_BASE);
		hasher.update(self.encode());
		hash::to_point(hasher)
	}
}

/// A household's market secret `x`.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct MarketSecret(Scalar);

impl MarketSecret {
	/// A fresh secret from `rng`.
	pub fn random<R: RngCore + CryptoRng>(rng: &mut R) -> Self {
		Self(Scalar::random(rng))
	}

	/// A known secret (a wallet that derives it from its seed).
	pub fn from_secret(secret: Scalar) -> Self {
		Self(secret)
	}

	/// The market key `K = x·G` the household registers.
	pub fn public_key(&self) -> MarketKey {
		MarketKey::from_point(&RistrettoPoint::mul_base(&self.0))
	}

	/// The key image `x·Hp(scope)`: what the household's signatures in `scope` all carry.
	pub fn key_image(&self, scope: &MarketScope) -> KeyImage {
		KeyImage::from_point(&(self.0 * scope.base()))
	}
}

/// The round hash state, up to the two points of a round: scope, ring, image and message.
fn round_prefix(
	scope: &MarketScope,
	ring: &[MarketKey],
	key_image: &KeyImage,
	message: &[u8],
) -> Sha512 {
	let mut hasher = hash::tagged(hash::MARKET_ROUND);
	hasher.update(scope.encode());
	hasher.update((ring.len() as u32).to_le_bytes());
	for key in ring {
		hasher.update(key.0);
	}
	hasher.update(key_image.0);
	hasher.update((message.len() as u64).to_le_bytes());
	hasher.update(message);
	hasher
}

/// The ring's keys as points, refusing empty and oversized rings and bytes that are no point.
fn decode_ring(ring: &[MarketKey]) -> Result<Vec<RistrettoPoint>, Error> {
	if ring.is_empty() {
		return Err(Error::EmptyRing);
	}
	if ring.len() > MAX_MARKET_RING_SIZE as usize {
		return Err(Error::RingTooLarge);
	}
	ring.iter().map(MarketKey::point).collect()
}

/// Signs `message` in `scope` for `ring`, whose member at `signer` is the key of `secret`.
/// Returns the signature and its key image.
pub fn market_sign<R: RngCore + CryptoRng>(
	message: &[u8],
	scope: &MarketScope,
	ring: &[MarketKey],
	signer: usize,
	secret: &MarketSecret,
	rng: &mut R,
) -> Result<(MarketSignature, KeyImage), Error> {
	let keys = decode_ring(ring)?;
	let size = keys.len();
	let signer_key = keys.get(signer).ok_or(Error::SignerNotInRing)?;
	if RistrettoPoint::mul_base(&secret.0) != *signer_key {
		return Err(Error::KeyMismatch);
	}
	let base = scope.base();
	let image_point = secret.0 * base;
	let image = KeyImage::from_point(&image_point);
	let prefix = round_prefix(scope, ring, &image, message);

	let mut challenges = alloc::vec![Scalar::ZERO; size];
	let mut responses: Vec<Scalar> = (0..size).map(|_| Scalar::random(rng)).collect();
	let mut nonce = Scalar::random(rng);
	let mut current =
		hash::round_challenge(&prefix, &RistrettoPoint::mul_base(&nonce), &(nonce * base));
	let mut position = (signer + 1) % size;
	while position != signer {
		let (Some(slot), Some(response), Some(key)) =
			(challenges.get_mut(position), responses.get(position), keys.get(position))
		else {
			return Err(Error::SignerNotInRing);
		};
		*slot = current;
		// Constant time even though these values are public, so timing does not tell which
		// positions were simulated.
		let left = RistrettoPoint::multiscalar_mul(
			[*response, current],
			[RISTRETTO_BASEPOINT_POINT, *key],
		);
		let right = RistrettoPoint::multiscalar_mul([*response, current], [base, image_point]);
		current = hash::round_challenge(&prefix, &left, &right);
		position = (position + 1) % size;
	}
	if let Some(slot) = challenges.get_mut(signer) {
		*slot = current;
	}
	if let Some(response) = responses.get_mut(signer) {
		*response = nonce - current * secret.0;
	}
	nonce.zeroize();

	let first = challenges.first().copied().ok_or(Error::EmptyRing)?;
	let signature = MarketSignature { c0: first.to_bytes(), s: encode_responses(&responses)? };
	Ok((signature, image))
}

/// Checks that `signature` signs `message` in `scope` for a member of `ring` whose key image in
/// that scope is `key_image`.
pub fn market_verify(
	message: &[u8],
	scope: &MarketScope,
	ring: &[MarketKey],
	key_image: &KeyImage,
	signature: &MarketSignature,
) -> Result<(), Error> {
	let keys = decode_ring(ring)?;
	if signature.s.len() != keys.len() {
		return Err(Error::RingSizeMismatch);
	}
	let first = decode_scalar(&signature.c0)?;
	let responses = signature.s.iter().map(decode_scalar).collect::<Result<Vec<_>, _>>()?;
	let image = key_image.point()?;
	if image.is_identity() {
		return Err(Error::IdentityKeyImage);
	}
	let base = scope.base();
	let prefix = round_prefix(scope, ring, key_image, message);

	let mut current = first;
	for (response, key) in responses.iter().zip(&keys) {
		let left = RistrettoPoint::vartime_double_scalar_mul_basepoint(&current, key, response);
		let right = RistrettoPoint::vartime_multiscalar_mul([*response, current], [base, image]);
		current = hash::round_challenge(&prefix, &left, &right);
	}
	if current == first {
		Ok(())
	} else {
		Err(Error::SignatureInvalid)
	}
}
