//! Privacy primitives of the energy marketplace (section 4.2 of the paper): hidden amounts as
//! Pedersen commitments with Bulletproofs range proofs, anonymous spends as CLSAG linkable ring
//! signatures with key images, and unlinkable recipients as stealth addresses.
//!
//! Everything is over ristretto255, so there is no cofactor to clear and every 32-byte encoding
//! that decodes is a point of the prime-order group. The runtime only verifies: it speaks the
//! byte-level SCALE types of [`types`] and gets a typed [`Error`] back for anything malformed,
//! never a panic. Wallets also prove, sign and scan; those functions take the caller's RNG, so
//! the crate itself never asks the operating system for randomness.
//!
//! Commitments are `C = v·H + r·G`: the blinding sits on the base point `G`, as one-time keys
//! do, so the difference of two commitments to the same value is a key `z·G` a CLSAG can sign
//! for; `H` is a hash-derived generator nobody knows the discrete logarithm of.
//!
//! The private market adds three pieces ([`market_sign`], [`prove_agreement`],
//! [`seal_for_audit`]): ring signatures over the households' market keys whose key images link
//! within one slot and role only, the range statement that keeps an agreement's energy and price
//! within the slot's grid prices and its offer, and handles that let the consortium's auditor,
//! and nobody else, open every hidden amount. The messages its signatures sign are defined once
//! in `market_message` (such as [`offer_message`]), for the chain and the agents.
//!
//! Two rules the shielded pool and wallets must agree on live here too, so each is written once:
//! the fee a private transaction's shape requires ([`FeeSchedule`]) and the proof-of-work stamp
//! that gates its verification ([`find_stamp`], [`check_stamp`]).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod agreement;
mod audit;
mod clsag;
mod fees;
mod hash;
mod market_message;
mod market_ring;
mod pedersen;
mod spend;
mod stamp;
mod stealth;
pub mod types;

#[cfg(feature = "builder")]
pub mod builder;
#[cfg(feature = "builder")]
pub mod market_builder;

#[cfg(feature = "host-functions")]
pub mod host;

#[cfg(test)]
mod tests;

pub use agreement::{
	prove_agreement, remaining_after, verify_agreement, AgreementCommitments, AgreementOpening,
	PriceBounds,
};
pub use audit::{check_auditor_key, seal_for_audit, verify_audit, AuditorSecret};
pub use clsag::{check_key_image, clsag_sign, clsag_verify, key_image};
pub use curve25519_dalek::scalar::Scalar;
pub use fees::FeeSchedule;
pub use market_message::{
	claim_message, close_message, consent_message, market_stamp_subject, offer_message,
	purchase_message, refund_message, registration_message, release_message,
};
pub use market_ring::{market_sign, market_verify, MarketRole, MarketScope, MarketSecret};
pub use pedersen::{check_balance, commit, prove_range, public_commitment, verify_range};
pub use spend::{lock_message, transfer_message, unshield_message, Message};
pub use stamp::{check_stamp, find_stamp, stamp_bits, stamp_subject, MAX_STAMP_BITS};
pub use stealth::{create_note, scan_note, AccountKeys, OwnedNote, TxSecret};
pub use types::{
	AuditHandle, AuditorKey, ClsagSignature, Commitment, EncryptedMemo, KeyImage, MarketKey,
	MarketSignature, Note, OneTimeAddress, PublicAddress, RangeProofBytes, RingIndices, RingMember,
	TransferInput, TxPublicKey, UnshieldInput, MAX_AGGREGATED_OUTPUTS, MAX_MARKET_RING_SIZE,
	MAX_RANGE_PROOF_LEN, MAX_RING_SIZE,
};

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// Why a proof, signature, note or encoding was refused.
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
pub enum Error {
	/// A 32-byte string is not the canonical encoding of a ristretto255 point.
	InvalidPoint,
	/// A 32-byte string is not a canonical scalar (it is not below the group order).
	NonCanonicalScalar,
	/// The range proof bytes do not have the layout of a proof for this many commitments.
	MalformedProof,
	/// The range proof does not prove every committed value lies in `[0, 2^64)`.
	RangeProofInvalid,
	/// No commitment was given to prove or verify a range for.
	NoOutputs,
	/// More commitments than [`MAX_AGGREGATED_OUTPUTS`] share one range proof.
	TooManyOutputs,
	/// The prover got a different number of values and blindings.
	BlindingCountMismatch,
	/// The range proof could not be produced (the inputs were rejected by the prover).
	ProvingFailed,
	/// The ring is empty.
	EmptyRing,
	/// The ring has more than [`MAX_RING_SIZE`] members.
	RingTooLarge,
	/// The signature has a different number of responses than the ring has members.
	RingSizeMismatch,
	/// The signer's position is not a position of the ring.
	SignerNotInRing,
	/// The signer's secrets do not open the ring member at the signer's position.
	KeyMismatch,
	/// The key image is the identity point, which no real key produces.
	IdentityKeyImage,
	/// The ring signature does not verify for this message, ring and key image.
	SignatureInvalid,
	/// The inputs do not balance the outputs plus the fee.
	Unbalanced,
	/// A note is addressed to the scanning account but its memo does not open its commitment.
	MemoMismatch,
	/// A transaction to build spends no note.
	NoInputs,
	/// A stamp of more than [`MAX_STAMP_BITS`] bits was asked for: no wallet finds one in
	/// reasonable time.
	StampTooHard,
	/// Agreement terms outside their bounds: no energy, a price above the grid import price or
	/// below its feed-in price, or more energy than the offer holds. No proof of them exists.
	TermsOutOfRange,
	/// An audit handle's proof does not show that the auditor can open its commitment.
	AuditProofInvalid,
	/// The auditor key is the identity point, under which anyone could open every amount.
	IdentityAuditorKey,
}

impl core::fmt::Display for Error {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		core::fmt::Debug::fmt(self, f)
	}
}

#[cfg(feature = "std")]
impl std::error::Error for Error {}
