//! Stealth addresses, equations (1)-(3) of the paper with the view/spend split wallets use: the
//! view key finds a household's notes, only the spend key spends them.
//!
//! A recipient publishes `A = a·G` and `B = b·G`. For its output number `i` a sender with the
//! transaction secret `r` publishes `R = r·G` and the one-time address
//! `P = Hs(r·A || i)·G + B` (eq. 1 and 2: `F = Hs(r·A)·G`, `S = B`). Since `r·A = a·R` (eq. 3) the
//! recipient recomputes `P` from `R` alone, and spends it with `x = Hs(a·R || i) + b`.
//!
//! The same shared secret masks the note's amount and derives its commitment blinding, so the
//! recipient can open the commitment without any other message from the sender.

use crate::{
	hash,
	pedersen::commit,
	types::{decode_point, EncryptedMemo, Note, OneTimeAddress, PublicAddress, TxPublicKey},
	Error,
};
use curve25519_dalek::{
	ristretto::{CompressedRistretto, RistrettoPoint},
	scalar::Scalar,
};
use rand_core::{CryptoRng, RngCore};
use sha2::Digest;
use zeroize::{Zeroize, ZeroizeOnDrop};

/// A household's private keys: the view secret `a` and the spend secret `b`.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct AccountKeys {
	view: Scalar,
	spend: Scalar,
}

impl AccountKeys {
	/// Fresh keys from `rng`.
	pub fn random<R: RngCore + CryptoRng>(rng: &mut R) -> Self {
		Self { view: Scalar::random(rng), spend: Scalar::random(rng) }
	}

	/// Keys from known secrets (a wallet restoring its keys).
	pub fn from_secrets(view: Scalar, spend: Scalar) -> Self {
		Self { view, spend }
	}

	/// The public address `(A, B)` senders pay to.
	pub fn public_address(&self) -> PublicAddress {
		PublicAddress {
			view: RistrettoPoint::mul_base(&self.view).compress().to_bytes(),
			spend: RistrettoPoint::mul_base(&self.spend).compress().to_bytes(),
		}
	}
}

/// A sender's transaction secret `r`: one per transaction, shared by all its outputs.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct TxSecret(Scalar);

impl TxSecret {
	/// A fresh secret from `rng`.
	pub fn random<R: RngCore + CryptoRng>(rng: &mut R) -> Self {
		Self(Scalar::random(rng))
	}

	/// A known secret (a wallet that derives its transaction secrets deterministically).
	pub fn from_secret(secret: Scalar) -> Self {
		Self(secret)
	}

	/// The transaction public key `R = r·G` published with the outputs.
	pub fn public_key(&self) -> TxPublicKey {
		TxPublicKey::from_point(&RistrettoPoint::mul_base(&self.0))
	}
}

/// What the recipient of a note learns from scanning it: what it is worth, how to open its
/// commitment and how to spend it.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct OwnedNote {
	/// The amount.
	pub amount: u64,
	/// The blinding of the note's commitment.
	pub blinding: Scalar,
	/// The one-time secret `x` with `P = x·G`.
	pub one_time_secret: Scalar,
}

/// The three values both sides derive from the shared secret of one output.
struct Derived {
	/// `Hs(shared || i)`, the offset of the one-time key from the spend key.
	key_offset: Scalar,
	/// The 8 bytes that mask the amount.
	amount_mask: [u8; 8],
	/// The commitment blinding.
	blinding: Scalar,
}

fn derive(shared: &CompressedRistretto, output_index: u32) -> Derived {
	let hasher = |tag| {
		let mut hasher = hash::tagged(tag);
		hasher.update(shared.as_bytes());
		hasher.update(output_index.to_le_bytes());
		hasher
	};
	let mut amount_mask = [0u8; 8];
	for (byte, digest) in amount_mask.iter_mut().zip(hasher(hash::STEALTH_MEMO_AMOUNT).finalize()) {
		*byte = digest;
	}
	Derived {
		key_offset: hash::to_scalar(hasher(hash::STEALTH_ONE_TIME_KEY)),
		amount_mask,
		blinding: hash::to_scalar(hasher(hash::STEALTH_MEMO_BLINDING)),
	}
}

fn mask(amount: [u8; 8], mask: &[u8; 8]) -> [u8; 8] {
	let mut masked = amount;
	for (byte, mask) in masked.iter_mut().zip(mask) {
		*byte ^= mask;
	}
	masked
}

/// The note paying `amount` to `recipient` as output number `output_index` of the transaction
/// with secret `tx_secret`, and the blinding of its commitment (the sender needs it for the
/// range proof and to balance the transaction).
pub fn create_note(
	recipient: &PublicAddress,
	tx_secret: &TxSecret,
	output_index: u32,
	amount: u64,
) -> Result<(Note, Scalar), Error> {
	let view = decode_point(&recipient.view)?;
	let spend = decode_point(&recipient.spend)?;
	let derived = derive(&(tx_secret.0 * view).compress(), output_index);
	let address = RistrettoPoint::mul_base(&derived.key_offset) + spend;
	let note = Note {
		address: OneTimeAddress::from_point(&address),
		tx_public_key: tx_secret.public_key(),
		commitment: commit(amount, &derived.blinding),
		memo: EncryptedMemo(mask(amount.to_le_bytes(), &derived.amount_mask)),
	};
	Ok((note, derived.blinding))
}

/// Whether `note`, output number `output_index` of its transaction, pays `keys`: `None` if it
/// pays someone else, what it holds if it pays `keys`, and [`Error::MemoMismatch`] if it is
/// addressed to `keys` but its memo does not open its commitment.
pub fn scan_note(
	keys: &AccountKeys,
	note: &Note,
	output_index: u32,
) -> Result<Option<OwnedNote>, Error> {
	let tx_public_key = note.tx_public_key.point()?;
	let derived = derive(&(keys.view * tx_public_key).compress(), output_index);
	let one_time_secret = derived.key_offset + keys.spend;
	if OneTimeAddress::from_point(&RistrettoPoint::mul_base(&one_time_secret)) != note.address {
		return Ok(None);
	}
	let amount = u64::from_le_bytes(mask(note.memo.0, &derived.amount_mask));
	if commit(amount, &derived.blinding) != note.commitment {
		return Err(Error::MemoMismatch);
	}
	Ok(Some(OwnedNote { amount, blinding: derived.blinding, one_time_secret }))
}
