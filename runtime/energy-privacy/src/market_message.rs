//! The messages of the private market: what each of its signatures signs. One definition, for
//! the chain that checks them and the agents that make them.
//!
//! Each binds a hash tag of its own and everything its call says but the signatures made over
//! it, so no signature serves another call, offer, agreement or note. Market ring signatures
//! bind the chain through their scope (`MarketScope::genesis`); the one-time keys' signatures
//! (sr25519, checked by the chain's own verifier) bind it through `genesis` here.

use crate::{
	hash,
	spend::{absorb_inputs, finish, Message},
	AgreementCommitments, AuditHandle, ClsagSignature, Commitment, MarketScope, MarketSignature,
	Note, RangeProofBytes, TransferInput,
};
use codec::Encode;
use sha2::Digest;

/// What a household's proof of possession of its market key signs: the SCALE encoding of its
/// account, so a key cannot be registered for another household with a copied proof.
pub fn registration_message(account: &[u8]) -> Message {
	let mut hasher = hash::tagged(hash::MARKET_REGISTRATION);
	hasher.update(account.encode());
	finish(hasher)
}

/// What a private offer's market signature signs, and its energy lock binds: the ring (as
/// indices of registered market keys), the one-time offer key, the spent energy notes, the
/// locked commitment `R`, the auditor's handle of `R`, the details for buyers and the fee.
#[allow(clippy::too_many_arguments)]
pub fn offer_message(
	scope: &MarketScope,
	ring: &[u32],
	offer_key: &[u8; 32],
	inputs: &[TransferInput],
	locked: &Commitment,
	audit: &AuditHandle,
	details: &[u8],
	fee: u64,
) -> Message {
	let mut hasher = hash::tagged(hash::MARKET_OFFER);
	hasher.update(scope.encode());
	hasher.update(ring.encode());
	hasher.update(offer_key);
	absorb_inputs(&mut hasher, inputs);
	hasher.update(locked.0);
	hasher.update(audit.encode());
	hasher.update(details.encode());
	hasher.update(fee.to_le_bytes());
	finish(hasher)
}

/// What a seller's one-time offer key signs to accept a purchase: the offer, the remaining
/// energy the agreement is proven against, the agreement's commitments and proof, and the
/// buyer's one-time key. A buyer cannot take energy the seller did not agree to sell it.
pub fn consent_message(
	genesis: &[u8; 32],
	offer: u64,
	remaining: &Commitment,
	agreed: &AgreementCommitments,
	proof: &RangeProofBytes,
	buyer_key: &[u8; 32],
) -> Message {
	let mut hasher = hash::tagged(hash::MARKET_CONSENT);
	hasher.update(genesis);
	hasher.update(offer.to_le_bytes());
	hasher.update(remaining.0);
	hasher.update(agreed.encode());
	hasher.update(proof.encode());
	hasher.update(buyer_key);
	finish(hasher)
}

/// What a private purchase's market signature signs, and its money lock binds: the offer, the
/// ring, the buyer's one-time key, the agreement's commitments, proof and audit handles, the
/// spent money notes, the fee and the seller's consent. A seller cannot sign a buyer into a
/// trade: only a household of the ring can make this signature.
#[allow(clippy::too_many_arguments)]
pub fn purchase_message(
	scope: &MarketScope,
	offer: u64,
	ring: &[u32],
	buyer_key: &[u8; 32],
	agreed: &AgreementCommitments,
	proof: &RangeProofBytes,
	audits: &[AuditHandle; 2],
	inputs: &[TransferInput],
	fee: u64,
	consent: &[u8; 64],
) -> Message {
	let mut hasher = hash::tagged(hash::MARKET_PURCHASE);
	hasher.update(scope.encode());
	hasher.update(offer.to_le_bytes());
	hasher.update(ring.encode());
	hasher.update(buyer_key);
	hasher.update(agreed.encode());
	hasher.update(proof.encode());
	hasher.update(audits.encode());
	absorb_inputs(&mut hasher, inputs);
	hasher.update(fee.to_le_bytes());
	hasher.update(consent);
	finish(hasher)
}

/// What a buyer's one-time key signs to pay agreement `agreement` to `note`, the seller's note
/// whose commitment is the agreement's payment.
pub fn release_message(genesis: &[u8; 32], agreement: u64, note: &Note) -> Message {
	let mut hasher = hash::tagged(hash::MARKET_RELEASE);
	hasher.update(genesis);
	hasher.update(agreement.to_le_bytes());
	hasher.update(note.encode());
	finish(hasher)
}

/// What a seller's one-time offer key signs to claim agreement `agreement`'s payment as `note`
/// against the meter of the household whose account SCALE-encodes to `seller`: the claim names
/// the household whose exports it uses, and only the offer's maker can make it.
pub fn claim_message(genesis: &[u8; 32], agreement: u64, seller: &[u8], note: &Note) -> Message {
	let mut hasher = hash::tagged(hash::MARKET_CLAIM);
	hasher.update(genesis);
	hasher.update(agreement.to_le_bytes());
	hasher.update(seller.encode());
	hasher.update(note.encode());
	finish(hasher)
}

/// What a buyer's one-time key signs to take agreement `agreement`'s payment back as `note`.
pub fn refund_message(genesis: &[u8; 32], agreement: u64, note: &Note) -> Message {
	let mut hasher = hash::tagged(hash::MARKET_REFUND);
	hasher.update(genesis);
	hasher.update(agreement.to_le_bytes());
	hasher.update(note.encode());
	finish(hasher)
}

/// What a seller's one-time offer key signs to take offer `offer`'s locked energy back as
/// `note`.
pub fn close_message(genesis: &[u8; 32], offer: u64, note: &Note) -> Message {
	let mut hasher = hash::tagged(hash::MARKET_CLOSE);
	hasher.update(genesis);
	hasher.update(offer.to_le_bytes());
	hasher.update(note.encode());
	finish(hasher)
}

/// The subject of a private offer's or purchase's proof-of-work stamp: its message, its market
/// signature and its lock's ring signatures, every signature the chain would verify.
pub fn market_stamp_subject<'a>(
	message: &Message,
	signature: &MarketSignature,
	inputs: impl IntoIterator<Item = &'a ClsagSignature>,
) -> [u8; 32] {
	let mut bound = message.to_vec();
	signature.encode_to(&mut bound);
	crate::stamp_subject(&bound, inputs)
}
