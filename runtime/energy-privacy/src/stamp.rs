//! Proof-of-work stamps: the cheap gate in front of a spend's expensive verification.
//!
//! A private transaction has no signer who pays for it, so a node that receives one verifies its
//! range proof and ring signatures (milliseconds of work) before it knows whether anyone will
//! ever pay. A stamp makes the sender work first: a number such that
//! `blake2_256(message || stamp as 8 little-endian bytes)` starts with at least `bits` zero bits,
//! where `message` is the spend's own signed message ([`crate::transfer_message`],
//! [`crate::unshield_message`]). The node checks it with one hash; the sender needs `2^bits`
//! hashes on average to find one. The message binds the chain, the inputs, the outputs, the fee
//! and the payee, so a stamp found for one transaction is worth nothing for any other.
//!
//! The stamp proves work for the message *and the ring signatures* ([`stamp_subject`]): the
//! signatures are what a node verifies at length, and a stamp over the message alone would let a
//! sender submit any number of forged signatures, each verified in full, for the price of one
//! stamp.

use crate::ClsagSignature;
use codec::Encode;
use sp_crypto_hashing::blake2_256;

/// What a transaction's stamp proves work for: the hash of its signed `message` and its ring
/// `signatures`, in input order.
pub fn stamp_subject<'a>(
	message: &[u8],
	signatures: impl IntoIterator<Item = &'a ClsagSignature>,
) -> [u8; 32] {
	let mut bytes = message.to_vec();
	for signature in signatures {
		signature.encode_to(&mut bytes);
	}
	blake2_256(&bytes)
}

/// The most bits a stamp may be asked for: `2^32` hashes already take a wallet minutes, and a
/// search for more could run for days.
pub const MAX_STAMP_BITS: u32 = 32;

/// How many leading zero bits `blake2_256(message || stamp)` has: the work `stamp` proves.
pub fn stamp_bits(message: &[u8], stamp: u64) -> u32 {
	let mut input = message.to_vec();
	input.extend_from_slice(&stamp.to_le_bytes());
	leading_zero_bits(&blake2_256(&input))
}

/// Whether `stamp` proves at least `bits` bits of work for `message`.
pub fn check_stamp(message: &[u8], stamp: u64, bits: u32) -> bool {
	stamp_bits(message, stamp) >= bits
}

/// The smallest stamp that proves `bits` bits of work for `message`: `2^bits` hashes on
/// average. `None` if `bits` is above [`MAX_STAMP_BITS`] (or, for a number of bits that high,
/// if no 64-bit stamp has them).
pub fn find_stamp(message: &[u8], bits: u32) -> Option<u64> {
	if bits > MAX_STAMP_BITS {
		return None;
	}
	// One buffer for every try: only its last eight bytes change.
	let mut input = message.to_vec();
	let tail = input.len();
	input.extend_from_slice(&[0; 8]);
	(0..=u64::MAX).find(|stamp| {
		input[tail..].copy_from_slice(&stamp.to_le_bytes());
		leading_zero_bits(&blake2_256(&input)) >= bits
	})
}

fn leading_zero_bits(hash: &[u8; 32]) -> u32 {
	let mut bits = 0;
	for byte in hash {
		bits += byte.leading_zeros();
		if *byte != 0 {
			break;
		}
	}
	bits
}
