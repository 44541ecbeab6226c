//! The byte-level types the runtime stores and receives. They are plain bytes: decoding them into
//! curve points and scalars happens in the verification functions, which refuse what does not
//! decode with a typed [`Error`].

use crate::Error;
use bounded_collections::{BoundedVec, ConstU32};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use curve25519_dalek::{
	ristretto::{CompressedRistretto, RistrettoPoint},
	scalar::Scalar,
};
use scale_info::TypeInfo;

/// Most members a ring may have: Monero's ring size (16) is the reference for useful anonymity.
pub const MAX_RING_SIZE: u32 = 16;

/// Most registered market keys one market ring signature hides among: the households of a
/// micro-grid, whose whole membership is the anonymity set a private offer or purchase wants.
pub const MAX_MARKET_RING_SIZE: u32 = 64;

/// Most outputs one aggregated range proof covers.
pub const MAX_AGGREGATED_OUTPUTS: u32 = 16;

/// Bits of the range every committed value is proven to lie in.
pub(crate) const RANGE_BITS: usize = 64;

/// Length of the largest range proof: 9 group elements plus two per round of the inner-product
/// argument, `log2(64 · 16) = 10` rounds, 32 bytes each.
pub const MAX_RANGE_PROOF_LEN: u32 = 32 * (9 + 2 * 10);

macro_rules! bytes32 {
	($(#[$doc:meta])* $name:ident) => {
		$(#[$doc])*
		#[derive(
			Clone,
			Copy,
			PartialEq,
			Eq,
			PartialOrd,
			Ord,
			Hash,
			Debug,
			Encode,
			Decode,
			DecodeWithMemTracking,
			TypeInfo,
			MaxEncodedLen,
		)]
		pub struct $name(pub [u8; 32]);

		impl $name {
			/// Whether these bytes encode a point: [`Error::InvalidPoint`] if they do not.
			pub fn check(&self) -> Result<(), Error> {
				self.point().map(|_| ())
			}

			/// The point these bytes encode, or [`Error::InvalidPoint`].
			pub(crate) fn point(&self) -> Result<RistrettoPoint, Error> {
				decode_point(&self.0)
			}

			pub(crate) fn from_point(point: &RistrettoPoint) -> Self {
				Self(point.compress().to_bytes())
			}
		}
	};
}

bytes32!(
	/// A Pedersen commitment `v·H + r·G` to an amount `v` with blinding `r`.
	Commitment
);
bytes32!(
	/// The key image `x·Hp(P)` of a spent one-time key: the same key always gives the same image,
	/// so the runtime refuses a second spend by remembering images.
	KeyImage
);
bytes32!(
	/// A one-time (stealth) address `P = Hs(r·A || index)·G + B`: only its recipient can tell it
	/// is theirs, and no two notes to the same recipient share one.
	OneTimeAddress
);
bytes32!(
	/// The transaction public key `R = r·G` a sender publishes so recipients can scan.
	TxPublicKey
);

bytes32!(
	/// A household's registered market key `K = x·G`: the rings of private offers and purchases
	/// are made of these.
	MarketKey
);
bytes32!(
	/// The auditor's public key `A = a·G`: every hidden amount of the private market can be
	/// opened with `a`, by the auditor only.
	AuditorKey
);

/// A recipient's long-term public address: the view key `A = a·G` lets a wallet find notes, the
/// spend key `B = b·G` is needed to spend them.
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
pub struct PublicAddress {
	/// The view public key `A`.
	pub view: [u8; 32],
	/// The spend public key `B`.
	pub spend: [u8; 32],
}

/// A range proof, as bytes: at most [`MAX_RANGE_PROOF_LEN`] of them.
pub type RangeProofBytes = BoundedVec<u8, ConstU32<MAX_RANGE_PROOF_LEN>>;

/// One member of a ring: a note's one-time address and its amount commitment.
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
pub struct RingMember {
	/// The one-time address `P_i`.
	pub address: OneTimeAddress,
	/// The amount commitment `C_i`.
	pub commitment: Commitment,
}

/// A CLSAG signature. `D = z·Hp(P)` is stored as is: ristretto255 has no cofactor, so there is
/// no small-order part to strip (Monero stores `D/8` for that reason on ed25519).
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct ClsagSignature {
	/// The first challenge `c_1` (of ring position 0).
	pub c1: [u8; 32],
	/// One response scalar `s_i` per ring member.
	pub s: BoundedVec<[u8; 32], ConstU32<MAX_RING_SIZE>>,
	/// The commitment key image `D = z·Hp(P)`.
	pub d: [u8; 32],
}

/// A slot-scoped linkable ring signature over market keys: `(c_0, s_0..s_{n-1})`.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct MarketSignature {
	/// The challenge of ring position 0.
	pub c0: [u8; 32],
	/// One response scalar per ring member.
	pub s: BoundedVec<[u8; 32], ConstU32<MAX_MARKET_RING_SIZE>>,
}

/// What lets the auditor, and only the auditor, open one commitment `C = v·H + r·G`: the handle
/// `D = r·A`, the amount masked with a secret shared with the auditor, and a proof that `C` and
/// `D` share `r`.
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
pub struct AuditHandle {
	/// `D = r·A`.
	pub handle: [u8; 32],
	/// The ephemeral key `R = k·G` of the memo's mask.
	pub ephemeral: [u8; 32],
	/// The amount, masked with a hash of `k·A`.
	pub memo: EncryptedMemo,
	/// The proof's challenge `c`.
	pub challenge: [u8; 32],
	/// The proof's response for the amount, `k_v + c·v`.
	pub value_response: [u8; 32],
	/// The proof's response for the blinding, `k_r + c·r`.
	pub blinding_response: [u8; 32],
}

/// A note's amount, masked with a hash of the secret its sender shares with its recipient.
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
pub struct EncryptedMemo(pub [u8; 8]);

/// A hidden payment as the chain stores it: who may spend it (only they can tell), how the
/// recipient finds it, and what it is worth (only the recipient can open).
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
pub struct Note {
	/// The one-time address that owns the note.
	pub address: OneTimeAddress,
	/// The sender's transaction public key `R`.
	pub tx_public_key: TxPublicKey,
	/// The amount commitment.
	pub commitment: Commitment,
	/// The masked amount.
	pub memo: EncryptedMemo,
}

impl Note {
	/// Whether the note's address, transaction key and commitment all encode points: a note
	/// whose bytes do not decode could never be spent, and would break every ring it joined.
	pub fn check(&self) -> Result<(), Error> {
		self.address.check()?;
		self.tx_public_key.check()?;
		self.commitment.check()
	}

	/// The note as a ring member: its address and commitment.
	pub fn ring_member(&self) -> RingMember {
		RingMember { address: self.address, commitment: self.commitment }
	}
}

/// The notes a spend's ring is made of, by their index in the pool, in strictly increasing
/// order so the order says nothing about which one is spent.
pub type RingIndices = BoundedVec<u64, ConstU32<MAX_RING_SIZE>>;

/// One spent note of a private transfer: the ring it hides in, a fresh commitment to its amount,
/// its key image and the ring signature that proves both.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct TransferInput {
	/// The ring, as note indices.
	pub ring: RingIndices,
	/// The pseudo-output: a commitment to the spent note's amount under a new blinding.
	pub pseudo_output: Commitment,
	/// The key image of the spent note's one-time key.
	pub key_image: KeyImage,
	/// The CLSAG signature over the transaction's message.
	pub signature: ClsagSignature,
}

/// The spent note of an unshield: its pseudo-output is the public commitment `(amount + fee)·H`
/// with no blinding, so the signature proves the note held exactly that amount.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct UnshieldInput {
	/// The ring, as note indices.
	pub ring: RingIndices,
	/// The key image of the spent note's one-time key.
	pub key_image: KeyImage,
	/// The CLSAG signature over the unshield's message.
	pub signature: ClsagSignature,
}

/// A ring signature's responses as the bytes it carries, at most `S` of them.
pub(crate) fn encode_responses<S: bounded_collections::Get<u32>>(
	responses: &[Scalar],
) -> Result<BoundedVec<[u8; 32], S>, Error> {
	responses
		.iter()
		.map(Scalar::to_bytes)
		.collect::<alloc::vec::Vec<_>>()
		.try_into()
		.map_err(|_| Error::RingTooLarge)
}

/// The point `bytes` encode; non-canonical encodings do not decode.
pub(crate) fn decode_point(bytes: &[u8; 32]) -> Result<RistrettoPoint, Error> {
	CompressedRistretto(*bytes).decompress().ok_or(Error::InvalidPoint)
}

/// The scalar `bytes` encode, refusing encodings of values at or above the group order.
pub(crate) fn decode_scalar(bytes: &[u8; 32]) -> Result<Scalar, Error> {
	Option::from(Scalar::from_canonical_bytes(*bytes)).ok_or(Error::NonCanonicalScalar)
}
