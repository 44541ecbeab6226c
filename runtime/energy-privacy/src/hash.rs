//! Domain-separated hashing. Every use of a hash in the crate has its own tag, so an output of
//! one use can never stand in for another (a memo mask for a one-time key, a round challenge for
//! an aggregation coefficient).

use curve25519_dalek::{ristretto::RistrettoPoint, scalar::Scalar};
use sha2::{Digest, Sha512};

/// Prefix of every tag: a new version of the scheme changes it and so every hash at once.
const DOMAIN: &[u8] = b"energy-privacy/v1";

/// The value generator `H` of commitments.
pub const VALUE_GENERATOR: &[u8] = b"pedersen/value-generator";
/// The base `Hp(P)` a key image is taken on.
pub const KEY_IMAGE_BASE: &[u8] = b"clsag/key-image-base";
/// The CLSAG aggregation coefficient of the one-time keys, `mu_P`.
pub const CLSAG_AGGREGATE_KEY: &[u8] = b"clsag/aggregate/key";
/// The CLSAG aggregation coefficient of the commitments, `mu_C`.
pub const CLSAG_AGGREGATE_COMMITMENT: &[u8] = b"clsag/aggregate/commitment";
/// A CLSAG round challenge `c_{i+1}`.
pub const CLSAG_ROUND: &[u8] = b"clsag/round";
/// The scalar `Hs(r·A || index)` of a one-time address.
pub const STEALTH_ONE_TIME_KEY: &[u8] = b"stealth/one-time-key";
/// The mask that hides a note's amount.
pub const STEALTH_MEMO_AMOUNT: &[u8] = b"stealth/memo/amount";
/// The blinding of a note's commitment.
pub const STEALTH_MEMO_BLINDING: &[u8] = b"stealth/memo/blinding";
/// The message a private transfer's ring signatures sign.
pub const TRANSFER_MESSAGE: &[u8] = b"spend/transfer";
/// The message an unshield's ring signature signs.
pub const UNSHIELD_MESSAGE: &[u8] = b"spend/unshield";
/// The message the inputs of a lock (notes spent into a commitment another pallet holds) sign.
pub const LOCK_MESSAGE: &[u8] = b"spend/lock";
/// The message a market key's proof of possession signs.
pub const MARKET_REGISTRATION: &[u8] = b"market/registration";
/// The message a private offer's market signature signs.
pub const MARKET_OFFER: &[u8] = b"market/offer";
/// The message a private purchase's market signature signs.
pub const MARKET_PURCHASE: &[u8] = b"market/purchase";
/// The message a seller's one-time offer key signs to accept a purchase.
pub const MARKET_CONSENT: &[u8] = b"market/consent";
/// The message a buyer's one-time key signs to release its payment to the seller.
pub const MARKET_RELEASE: &[u8] = b"market/release";
/// The message a seller's one-time offer key signs to take its offer's energy back.
pub const MARKET_CLOSE: &[u8] = b"market/close";
/// The message a seller's one-time offer key signs to claim a payment against its meter.
pub const MARKET_CLAIM: &[u8] = b"market/claim";
/// The message a buyer's one-time key signs to take back a payment the seller did not earn.
pub const MARKET_REFUND: &[u8] = b"market/refund";
/// The base `Hp(scope)` of a market key image: one point per chain, slot and role.
pub const MARKET_KEY_IMAGE_BASE: &[u8] = b"market/key-image-base";
/// A round challenge of a market (slot-scoped) ring signature.
pub const MARKET_ROUND: &[u8] = b"market/round";
/// The challenge of an audit handle's proof.
pub const AUDIT_CHALLENGE: &[u8] = b"audit/challenge";
/// The mask that hides an amount from everyone but the auditor.
pub const AUDIT_MEMO: &[u8] = b"audit/memo";
/// The seed of the range proof verifier's batching RNG.
pub const RANGE_PROOF_VERIFIER_RNG: &[u8] = b"range-proof/verifier-rng";
/// The merlin transcript label of range proofs.
pub const RANGE_PROOF_TRANSCRIPT: &[u8] = b"energy-privacy/v1/range-proof";

/// A SHA-512 state that has absorbed `tag` behind the crate's domain. Tags and the domain are
/// length-prefixed, so no tag is a prefix of another's input.
pub fn tagged(tag: &[u8]) -> Sha512 {
	let mut hasher = Sha512::new();
	// Tags are constants shorter than 256 bytes.
	hasher.update([DOMAIN.len() as u8]);
	hasher.update(DOMAIN);
	hasher.update([tag.len() as u8]);
	hasher.update(tag);
	hasher
}

/// The scalar a finished hash state stands for (its 64 bytes reduced modulo the group order).
pub fn to_scalar(hasher: Sha512) -> Scalar {
	Scalar::from_hash(hasher)
}

/// The challenge that follows a ring signature's round whose two points are `left` and `right`,
/// from the hash state `prefix` of everything the signature binds (CLSAG's and the market's).
pub fn round_challenge(prefix: &Sha512, left: &RistrettoPoint, right: &RistrettoPoint) -> Scalar {
	let mut hasher = prefix.clone();
	hasher.update(left.compress().as_bytes());
	hasher.update(right.compress().as_bytes());
	to_scalar(hasher)
}

/// The point a finished hash state stands for (ristretto255's hash-to-group map).
pub fn to_point(hasher: Sha512) -> RistrettoPoint {
	RistrettoPoint::from_hash(hasher)
}
