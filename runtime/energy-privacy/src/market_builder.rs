//! Building the private market's calls off-chain: what a household's agent does between
//! agreeing on a trade and submitting `private_offer` or `private_purchase` to the chain.
//!
//! A seller locks its energy notes and signs for its ring ([`build_offer`]); after the
//! negotiation it proves the agreement ([`crate::prove_agreement`]) and consents with its
//! offer's one-time key ([`crate::consent_message`]); the buyer then locks its payment and signs
//! ([`build_purchase`]). A payout to a note of the payee's own wallet proves that the note
//! hides what the lock owes ([`reblinding`]). The messages are `market_message`'s, the ones the
//! chain checks; everything random comes from the caller's RNG. With `std` or the `builder`
//! feature, as the pool's builder.

use crate::{
	builder::{build_lock, locked_amount, Spendable},
	find_stamp, market_sign, market_stamp_subject, offer_message, purchase_message,
	remaining_after, seal_for_audit, AgreementCommitments, AuditHandle, AuditorKey, Commitment,
	Error, KeyImage, MarketKey, MarketScope, MarketSecret, MarketSignature, Message, Note,
	RangeProofBytes, Scalar, TransferInput,
};
use alloc::vec::Vec;
use rand_core::{CryptoRng, RngCore};

/// A household's seat in a ring: the ring as indices of registered market keys and as the keys
/// themselves, its own position, and its market secret.
pub struct Seat<'a> {
	/// The ring's key indices, strictly increasing.
	pub ring: &'a [u32],
	/// The keys at those indices.
	pub keys: &'a [MarketKey],
	/// The household's position in the ring.
	pub position: usize,
	/// The household's market secret.
	pub secret: &'a MarketSecret,
}

/// Notes of a pool to lock: the pool's spend domain, the notes spent, the notes their rings are
/// drawn from, the ring size and the lock's fee. The lock holds the spent amounts less the fee.
pub struct Spending<'a> {
	/// The pool's domain (`pallet_shielded_pool::Pallet::spend_domain`).
	pub domain: &'a [u8],
	/// The notes spent.
	pub spends: &'a [Spendable],
	/// The pool's notes the rings are drawn from.
	pub decoys: &'a [(u64, Note)],
	/// The size of each ring.
	pub ring_size: usize,
	/// The lock's fee.
	pub fee: u64,
}

/// The parts of a `private_offer`, and the amount it locks.
#[derive(Clone, Debug)]
pub struct Offer {
	/// The seller's key image in the offer's scope.
	pub key_image: KeyImage,
	/// The market signature over the offer's message.
	pub signature: MarketSignature,
	/// The spent energy notes.
	pub inputs: Vec<TransferInput>,
	/// `R`, the locked energy.
	pub locked: Commitment,
	/// The lock's range proof.
	pub range_proof: RangeProofBytes,
	/// The auditor's handle of `R`.
	pub audit: AuditHandle,
	/// The proof-of-work stamp.
	pub stamp: u64,
	/// What `R` holds, in Wh.
	pub amount: u64,
}

/// A private offer in `scope` (its slot, role `Offer`) by the household at `seat`, with the
/// one-time key `offer_key`, locking `energy` under `blinding` (which the seller keeps: it
/// proves agreements against the lock and takes it back), with `details` for buyers, stamped
/// with `stamp_bits` bits of work.
#[allow(clippy::too_many_arguments)]
pub fn build_offer<R: RngCore + CryptoRng>(
	scope: &MarketScope,
	seat: &Seat,
	offer_key: &[u8; 32],
	energy: &Spending,
	blinding: &Scalar,
	auditor: &AuditorKey,
	details: &[u8],
	stamp_bits: u32,
	rng: &mut R,
) -> Result<Offer, Error> {
	// The audit handle is part of the offer's message, which the lock's spends sign: it is
	// sealed for the amount the lock will hold before the lock is built.
	let amount = locked_amount(energy.spends, energy.fee)?;
	let audit = seal_for_audit(auditor, amount, blinding, rng)?;
	let lock = build_lock(
		energy.domain,
		energy.spends,
		energy.decoys,
		energy.ring_size,
		energy.fee,
		blinding,
		|inputs, locked| {
			offer_message(scope, seat.ring, offer_key, inputs, locked, &audit, details, energy.fee)
		},
		rng,
	)?;
	let (signature, key_image) =
		market_sign(&lock.binding, scope, seat.keys, seat.position, seat.secret, rng)?;
	let stamp = stamp(&lock.binding, &signature, &lock.inputs, stamp_bits)?;
	Ok(Offer {
		key_image,
		signature,
		inputs: lock.inputs,
		locked: lock.locked,
		range_proof: lock.range_proof,
		audit,
		stamp,
		amount: lock.amount,
	})
}

/// What buyer and seller agreed, as the buyer submits it: the offer, the buyer's one-time key,
/// the agreement's commitments and proof (the seller's), the openings of its energy and payment
/// (which the seller shared), and the seller's consent.
pub struct Agreed<'a> {
	/// The offer bought from.
	pub offer: u64,
	/// The buyer's one-time key.
	pub buyer_key: &'a [u8; 32],
	/// `E` and `M`.
	pub commitments: &'a AgreementCommitments,
	/// The agreement statement's proof.
	pub proof: &'a RangeProofBytes,
	/// `E`'s amount and blinding.
	pub energy: (u64, Scalar),
	/// `M`'s amount and blinding.
	pub payment: (u64, Scalar),
	/// The offer key's signature of the consent message.
	pub consent: &'a [u8; 64],
}

/// The parts of a `private_purchase`.
#[derive(Clone, Debug)]
pub struct Purchase {
	/// The buyer's key image in the purchase's scope.
	pub key_image: KeyImage,
	/// The market signature over the purchase's message.
	pub signature: MarketSignature,
	/// The spent money notes.
	pub inputs: Vec<TransferInput>,
	/// The payment lock's range proof.
	pub range_proof: RangeProofBytes,
	/// The auditor's handles of `E` and `M`.
	pub audits: [AuditHandle; 2],
	/// The proof-of-work stamp.
	pub stamp: u64,
}

/// A private purchase in `scope` (its slot, role `Purchase`) by the household at `seat` of what
/// `agreed` says, locking exactly the payment out of `money` (whose spent notes hold the payment
/// and the fee), stamped with `stamp_bits` bits of work.
#[allow(clippy::too_many_arguments)]
pub fn build_purchase<R: RngCore + CryptoRng>(
	scope: &MarketScope,
	seat: &Seat,
	agreed: &Agreed,
	money: &Spending,
	auditor: &AuditorKey,
	stamp_bits: u32,
	rng: &mut R,
) -> Result<Purchase, Error> {
	let audits = [
		seal_for_audit(auditor, agreed.energy.0, &agreed.energy.1, rng)?,
		seal_for_audit(auditor, agreed.payment.0, &agreed.payment.1, rng)?,
	];
	let lock = build_lock(
		money.domain,
		money.spends,
		money.decoys,
		money.ring_size,
		money.fee,
		&agreed.payment.1,
		|inputs, _| {
			purchase_message(
				scope,
				agreed.offer,
				seat.ring,
				agreed.buyer_key,
				agreed.commitments,
				agreed.proof,
				&audits,
				inputs,
				money.fee,
				agreed.consent,
			)
		},
		rng,
	)?;
	if lock.locked != agreed.commitments.payment {
		// The spent notes less the fee are not the payment.
		return Err(Error::Unbalanced);
	}
	let (signature, key_image) =
		market_sign(&lock.binding, scope, seat.keys, seat.position, seat.secret, rng)?;
	let stamp = stamp(&lock.binding, &signature, &lock.inputs, stamp_bits)?;
	Ok(Purchase {
		key_image,
		signature,
		inputs: lock.inputs,
		range_proof: lock.range_proof,
		audits,
		stamp,
	})
}

/// The proof, over a payout's `message`, that `note` (whose blinding is `note_blinding`) hides
/// what the lock's `owed` (whose blinding is `owed_blinding`) does: a ring signature of the one
/// key `note - owed = δ·G`, made with `δ`, in the chain's scope of such proofs.
pub fn reblinding<R: RngCore + CryptoRng>(
	genesis: [u8; 32],
	note: &Commitment,
	note_blinding: &Scalar,
	owed: &Commitment,
	owed_blinding: &Scalar,
	message: &Message,
	rng: &mut R,
) -> Result<(MarketSignature, KeyImage), Error> {
	let difference = MarketKey(remaining_after(note, owed)?.0);
	let scope = MarketScope::reblinding(genesis);
	let secret = MarketSecret::from_secret(note_blinding - owed_blinding);
	market_sign(message, &scope, &[difference], 0, &secret, rng)
}

/// The stamp of a call with `message`, its market `signature` and its lock's `inputs`.
fn stamp(
	message: &Message,
	signature: &MarketSignature,
	inputs: &[TransferInput],
	bits: u32,
) -> Result<u64, Error> {
	let subject =
		market_stamp_subject(message, signature, inputs.iter().map(|input| &input.signature));
	find_stamp(&subject, bits).ok_or(Error::StampTooHard)
}
