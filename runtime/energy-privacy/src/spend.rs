//! The messages the ring signatures of a spend sign. Each binds its domain first (the chain's
//! genesis hash and the pool's `PalletId`: `pallet_shielded_pool::Pallet::spend_domain`, so a
//! spend of the money pool is no spend of the energy pool), the kind of spend (a hash tag of its
//! own) and everything else the transaction says, so a signature cannot be replayed on another
//! chain or pool, moved to another transaction, or kept while an output, the fee or the payee is
//! swapped. Signatures themselves are not part of the message: they are made over it.

use crate::{
	hash,
	types::{Commitment, KeyImage, Note, RangeProofBytes, RingIndices, TransferInput},
};
use codec::Encode;
use sha2::Digest;

/// A message ring signatures sign: a SHA-512 digest of the transaction's statement.
pub type Message = [u8; 64];

pub(crate) fn finish(hasher: sha2::Sha512) -> Message {
	let mut message = [0u8; 64];
	message.copy_from_slice(&hasher.finalize());
	message
}

/// The message every input of a private transfer signs: the domain, then each input's ring,
/// pseudo-output and key image (the signatures are left out), the outputs, their range proof
/// and the fee. Every part is SCALE-encoded, so lengths are part of the message.
pub fn transfer_message(
	domain: &[u8],
	inputs: &[TransferInput],
	outputs: &[Note],
	range_proof: &RangeProofBytes,
	fee: u64,
) -> Message {
	let mut hasher = hash::tagged(hash::TRANSFER_MESSAGE);
	hasher.update(domain.encode());
	absorb_inputs(&mut hasher, inputs);
	hasher.update(outputs.encode());
	hasher.update(range_proof.encode());
	hasher.update(fee.to_le_bytes());
	finish(hasher)
}

/// The message the input of an unshield signs: the domain, the ring, the key image, the amount
/// paid out, the fee and the SCALE encoding of the account paid (`payee`), so nobody who sees
/// the transaction can send the money elsewhere or change how it splits.
pub fn unshield_message(
	domain: &[u8],
	ring: &RingIndices,
	key_image: &KeyImage,
	amount: u64,
	fee: u64,
	payee: &[u8],
) -> Message {
	let mut hasher = hash::tagged(hash::UNSHIELD_MESSAGE);
	hasher.update(domain.encode());
	hasher.update(ring.encode());
	hasher.update(key_image.0);
	hasher.update(amount.to_le_bytes());
	hasher.update(fee.to_le_bytes());
	hasher.update(payee.encode());
	finish(hasher)
}

/// The message every input of a lock signs: the domain, the `binding` (the message of the call
/// that holds the lock, so the spends cannot be moved to another offer or purchase), each
/// input's ring, pseudo-output and key image, the locked commitment, its range proof and the
/// fee. A lock is a transfer whose only output is a commitment that no note holds.
pub fn lock_message(
	domain: &[u8],
	binding: &Message,
	inputs: &[TransferInput],
	locked: &Commitment,
	range_proof: &RangeProofBytes,
	fee: u64,
) -> Message {
	let mut hasher = hash::tagged(hash::LOCK_MESSAGE);
	hasher.update(domain.encode());
	hasher.update(binding);
	absorb_inputs(&mut hasher, inputs);
	hasher.update(locked.0);
	hasher.update(range_proof.encode());
	hasher.update(fee.to_le_bytes());
	finish(hasher)
}

/// Each input's ring, pseudo-output and key image, after their count: what a spend's message
/// says of its inputs (their signatures are made over it).
pub(crate) fn absorb_inputs(hasher: &mut sha2::Sha512, inputs: &[TransferInput]) {
	hasher.update((inputs.len() as u32).to_le_bytes());
	for input in inputs {
		hasher.update(input.ring.encode());
		hasher.update(input.pseudo_output.0);
		hasher.update(input.key_image.0);
	}
}
