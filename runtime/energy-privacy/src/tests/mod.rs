//! Tests of every component, a reference CLSAG verifier written independently from the paper's
//! equations, known-answer vectors and property tests; the private market's pieces have a file
//! each.

mod agreement;
mod audit;
mod market_ring;

use crate::{
	check_balance, clsag_sign, clsag_verify, commit, create_note, key_image, prove_range,
	scan_note, verify_range, AccountKeys, ClsagSignature, Commitment, EncryptedMemo, Error,
	KeyImage, Note, OneTimeAddress, RangeProofBytes, RingMember, Scalar, TxSecret,
	MAX_RANGE_PROOF_LEN,
};
use codec::{Decode, Encode, MaxEncodedLen};
use curve25519_dalek::{
	constants::RISTRETTO_BASEPOINT_POINT as G,
	ristretto::{CompressedRistretto, RistrettoPoint},
	traits::Identity,
};
use proptest::prelude::*;
use rand_chacha::ChaCha20Rng;
use rand_core::{RngCore, SeedableRng};
use sha2::{Digest, Sha512};

pub(crate) fn rng(seed: u64) -> ChaCha20Rng {
	ChaCha20Rng::seed_from_u64(seed)
}

/// The group order `l`, little-endian: the smallest non-canonical scalar encoding.
pub(crate) const GROUP_ORDER: [u8; 32] = [
	0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
];

/// 32 bytes that are not the encoding of any ristretto255 point (a non-canonical field element).
pub(crate) const NOT_A_POINT: [u8; 32] = [0xff; 32];

// --- Pedersen commitments and range proofs ---

#[test]
fn commitments_add_up() {
	let mut rng = rng(1);
	let (r1, r2) = (Scalar::random(&mut rng), Scalar::random(&mut rng));
	let sum = commit(30, &r1).point().unwrap() + commit(12, &r2).point().unwrap();
	assert_eq!(Commitment::from_point(&sum), commit(42, &(r1 + r2)));
	assert_ne!(commit(42, &r1), commit(43, &r1));
}

#[test]
fn range_proofs_verify_for_every_aggregation_size() {
	let mut rng = rng(2);
	for count in [1usize, 2, 3, 4, 5, 8, 11, 16] {
		let values: Vec<u64> =
			(0..count as u64).map(|i| i * 1_000 + u64::MAX / 3 * (i % 2)).collect();
		let blindings: Vec<Scalar> = (0..count).map(|_| Scalar::random(&mut rng)).collect();
		let (proof, commitments) = prove_range(&values, &blindings, &mut rng).unwrap();
		assert_eq!(commitments.len(), count);
		for ((value, blinding), commitment) in values.iter().zip(&blindings).zip(&commitments) {
			assert_eq!(*commitment, commit(*value, blinding));
		}
		assert_eq!(verify_range(&proof, &commitments), Ok(()), "{count} outputs");
	}
}

#[test]
fn range_proofs_cover_the_extremes() {
	let mut rng = rng(3);
	let blindings = [Scalar::random(&mut rng), Scalar::random(&mut rng)];
	let (proof, commitments) = prove_range(&[0, u64::MAX], &blindings, &mut rng).unwrap();
	assert_eq!(verify_range(&proof, &commitments), Ok(()));
	assert_eq!(proof.len(), 32 * (9 + 2 * 7));
}

#[test]
fn the_largest_proof_fits_its_bound() {
	let mut rng = rng(4);
	let blindings: Vec<Scalar> = (0..16).map(|_| Scalar::random(&mut rng)).collect();
	let (proof, _) = prove_range(&[7; 16], &blindings, &mut rng).unwrap();
	assert_eq!(proof.len(), MAX_RANGE_PROOF_LEN as usize);
}

#[test]
fn range_proofs_refuse_another_statement() {
	let mut rng = rng(5);
	let blindings: Vec<Scalar> = (0..3).map(|_| Scalar::random(&mut rng)).collect();
	let (proof, commitments) = prove_range(&[1, 2, 3], &blindings, &mut rng).unwrap();
	// Another value under the same blinding.
	let mut changed = commitments.clone();
	changed[1] = commit(5, &blindings[1]);
	assert_eq!(verify_range(&proof, &changed), Err(Error::RangeProofInvalid));
	// The same commitments in another order.
	let swapped = vec![commitments[1], commitments[0], commitments[2]];
	assert_eq!(verify_range(&proof, &swapped), Err(Error::RangeProofInvalid));
	// One more commitment pads to the same size but is not proven.
	let mut more = commitments.clone();
	more.push(commit(4, &Scalar::ONE));
	assert_eq!(verify_range(&proof, &more), Err(Error::RangeProofInvalid));
	// Fewer commitments pad to a smaller proof.
	assert_eq!(verify_range(&proof, &commitments[..2]), Err(Error::MalformedProof));
	// A commitment that is not a point.
	changed[1] = Commitment(NOT_A_POINT);
	assert_eq!(verify_range(&proof, &changed), Err(Error::InvalidPoint));
}

#[test]
fn a_negative_amount_cannot_be_proven_in_range() {
	// `-1·H + r·G` is a commitment to `l - 1`, far above 2^64; a proof for 2^64 - 1 under the
	// same blinding must not pass for it.
	let mut rng = rng(6);
	let blinding = Scalar::random(&mut rng);
	let (proof, _) = prove_range(&[u64::MAX], &[blinding], &mut rng).unwrap();
	let generators = crate::pedersen::generators();
	let negative = Commitment::from_point(&generators.pedersen.commit(-Scalar::ONE, blinding));
	assert_eq!(verify_range(&proof, &[negative]), Err(Error::RangeProofInvalid));
}

#[test]
fn malformed_range_proofs_are_errors() {
	let mut rng = rng(7);
	let blinding = Scalar::random(&mut rng);
	let (proof, commitments) = prove_range(&[9], &[blinding], &mut rng).unwrap();
	let with = |bytes: Vec<u8>| verify_range(&RangeProofBytes::truncate_from(bytes), &commitments);
	assert_eq!(with(Vec::new()), Err(Error::MalformedProof));
	assert_eq!(with(proof[..proof.len() - 1].to_vec()), Err(Error::MalformedProof));
	assert_eq!(with(proof[..proof.len() - 64].to_vec()), Err(Error::MalformedProof));
	let mut longer = proof.to_vec();
	longer.extend_from_slice(&[0; 64]);
	assert_eq!(with(longer), Err(Error::MalformedProof));
	// A non-canonical scalar (t_x, the fifth element).
	let mut non_canonical = proof.to_vec();
	non_canonical[4 * 32..5 * 32].copy_from_slice(&GROUP_ORDER);
	assert_eq!(with(non_canonical), Err(Error::MalformedProof));
	// A point that does not decode (A, the first element).
	let mut bad_point = proof.to_vec();
	bad_point[..32].copy_from_slice(&NOT_A_POINT);
	assert_eq!(with(bad_point), Err(Error::RangeProofInvalid));
	assert_eq!(with(vec![0; proof.len()]), Err(Error::RangeProofInvalid));
}

#[test]
fn range_proof_counts_are_bounded() {
	let mut rng = rng(8);
	let seventeen: Vec<Scalar> = (0..17).map(|_| Scalar::random(&mut rng)).collect();
	assert_eq!(prove_range(&[1; 17], &seventeen, &mut rng).err(), Some(Error::TooManyOutputs));
	assert_eq!(prove_range(&[], &[], &mut rng).err(), Some(Error::NoOutputs));
	assert_eq!(
		prove_range(&[1, 2], &seventeen[..1], &mut rng).err(),
		Some(Error::BlindingCountMismatch)
	);
	let proof = RangeProofBytes::truncate_from(vec![0; 32 * 9]);
	assert_eq!(verify_range(&proof, &[]), Err(Error::NoOutputs));
	assert_eq!(verify_range(&proof, &[commit(1, &Scalar::ONE); 17]), Err(Error::TooManyOutputs));
}

#[test]
fn balance_counts_the_fee() {
	let mut rng = rng(9);
	let (a, b, c) = (Scalar::random(&mut rng), Scalar::random(&mut rng), Scalar::random(&mut rng));
	// Inputs 70 + 30, outputs 60 + 35, fee 5; the blindings balance too.
	let inputs = [commit(70, &a), commit(30, &b)];
	let outputs = [commit(60, &c), commit(35, &(a + b - c))];
	assert_eq!(check_balance(&inputs, &outputs, 5), Ok(()));
	assert_eq!(check_balance(&inputs, &outputs, 4), Err(Error::Unbalanced));
	assert_eq!(check_balance(&inputs, &outputs[..1], 5), Err(Error::Unbalanced));
	assert_eq!(check_balance(&[], &[], 0), Ok(()));
	assert_eq!(check_balance(&[Commitment(NOT_A_POINT)], &outputs, 5), Err(Error::InvalidPoint));
}

// --- CLSAG ---

/// A ring of `size` random members with the signer at `signer`; returns the ring, the signer's
/// one-time secret, the pseudo-output and the signer's blinding difference `z`.
fn ring_with_signer(
	rng: &mut ChaCha20Rng,
	size: usize,
	signer: usize,
) -> (Vec<RingMember>, Scalar, Commitment, Scalar) {
	let mut ring: Vec<RingMember> = (0..size)
		.map(|_| RingMember {
			address: OneTimeAddress::from_point(&RistrettoPoint::random(rng)),
			commitment: Commitment::from_point(&RistrettoPoint::random(rng)),
		})
		.collect();
	let secret = Scalar::random(rng);
	let amount = rng.next_u64();
	let blinding = Scalar::random(rng);
	let pseudo_blinding = Scalar::random(rng);
	ring[signer] = RingMember {
		address: OneTimeAddress::from_point(&RistrettoPoint::mul_base(&secret)),
		commitment: commit(amount, &blinding),
	};
	(ring, secret, commit(amount, &pseudo_blinding), blinding - pseudo_blinding)
}

struct Signed {
	message: Vec<u8>,
	ring: Vec<RingMember>,
	pseudo: Commitment,
	image: KeyImage,
	signature: ClsagSignature,
}

impl Signed {
	fn new(seed: u64, size: usize, signer: usize) -> Self {
		let mut rng = rng(seed);
		let (ring, secret, pseudo, z) = ring_with_signer(&mut rng, size, signer);
		let message = b"settle slot 481516 for household 23".to_vec();
		let (signature, image) =
			clsag_sign(&message, &ring, &pseudo, signer, &secret, &z, &mut rng).unwrap();
		Self { message, ring, pseudo, image, signature }
	}

	fn verify(&self) -> Result<(), Error> {
		clsag_verify(&self.message, &self.ring, &self.pseudo, &self.image, &self.signature)
	}

	fn reference(&self) -> bool {
		reference_verify(&self.message, &self.ring, &self.pseudo, &self.image, &self.signature)
	}
}

#[test]
fn clsag_signs_and_verifies_at_every_ring_size_and_position() {
	for size in [1usize, 2, 3, 11, 16] {
		for signer in [0, size / 2, size - 1] {
			let signed = Signed::new(size as u64 * 100 + signer as u64, size, signer);
			assert_eq!(signed.verify(), Ok(()), "ring of {size}, signer {signer}");
			assert!(signed.reference(), "reference, ring of {size}, signer {signer}");
		}
	}
}

#[test]
fn key_images_link_spends_of_one_key() {
	let mut rng = rng(10);
	let (mut ring, secret, pseudo, z) = ring_with_signer(&mut rng, 11, 4);
	let (_, first) = clsag_sign(b"one", &ring, &pseudo, 4, &secret, &z, &mut rng).unwrap();
	// The same key in another ring, at another position, for another message.
	ring.swap(4, 9);
	let (signature, second) = clsag_sign(b"two", &ring, &pseudo, 9, &secret, &z, &mut rng).unwrap();
	assert_eq!(first, second);
	assert_eq!(first, key_image(&secret));
	assert_eq!(clsag_verify(b"two", &ring, &pseudo, &second, &signature), Ok(()));
	assert_ne!(key_image(&Scalar::random(&mut rng)), first);
}

#[test]
fn clsag_refuses_another_message_image_or_ring() {
	let signed = Signed::new(11, 11, 3);
	let mut other = Signed::new(11, 11, 3);
	other.message = b"settle slot 481516 for household 24".to_vec();
	assert_eq!(other.verify(), Err(Error::SignatureInvalid));
	assert!(!other.reference());

	let mut other = Signed::new(11, 11, 3);
	other.image = key_image(&Scalar::from(5u64));
	assert_eq!(other.verify(), Err(Error::SignatureInvalid));

	let mut other = Signed::new(11, 11, 3);
	other.ring.swap(0, 1);
	assert_eq!(other.verify(), Err(Error::SignatureInvalid));

	let mut other = Signed::new(11, 11, 3);
	other.pseudo = commit(1, &Scalar::ONE);
	assert_eq!(other.verify(), Err(Error::SignatureInvalid));

	// The signature of another ring member's key does not pass for this key image.
	let third = Signed::new(12, 11, 3);
	let mut other = Signed::new(11, 11, 3);
	other.signature = third.signature;
	assert_eq!(other.verify(), Err(Error::SignatureInvalid));
	assert_eq!(signed.verify(), Ok(()));
}

#[test]
fn clsag_refuses_mutated_scalars() {
	let signed = Signed::new(13, 11, 7);
	let mut other = Signed::new(13, 11, 7);
	other.signature.c1 =
		(Scalar::from_bytes_mod_order(signed.signature.c1) + Scalar::ONE).to_bytes();
	assert_eq!(other.verify(), Err(Error::SignatureInvalid));
	for i in 0..11 {
		let mut other = Signed::new(13, 11, 7);
		other.signature.s[i] =
			(Scalar::from_bytes_mod_order(signed.signature.s[i]) + Scalar::ONE).to_bytes();
		assert_eq!(other.verify(), Err(Error::SignatureInvalid), "response {i}");
		assert!(!other.reference());
	}
	let mut other = Signed::new(13, 11, 7);
	other.signature.d = RistrettoPoint::random(&mut rng(1)).compress().to_bytes();
	assert_eq!(other.verify(), Err(Error::SignatureInvalid));
}

#[test]
fn clsag_refuses_non_canonical_scalars() {
	let signed = Signed::new(14, 4, 0);
	// `s + l` is the same scalar modulo `l`: a verifier that reduced it would accept a second
	// encoding of one signature.
	let mut other = Signed::new(14, 4, 0);
	other.signature.s[2] = add_group_order(&signed.signature.s[2]);
	assert_eq!(other.verify(), Err(Error::NonCanonicalScalar));
	let mut other = Signed::new(14, 4, 0);
	other.signature.c1 = add_group_order(&signed.signature.c1);
	assert_eq!(other.verify(), Err(Error::NonCanonicalScalar));
	let mut other = Signed::new(14, 4, 0);
	other.signature.s[0] = [0xff; 32];
	assert_eq!(other.verify(), Err(Error::NonCanonicalScalar));
}

/// `scalar + l` as a 32-byte little-endian number (fits: canonical scalars are below 2^253).
pub(crate) fn add_group_order(scalar: &[u8; 32]) -> [u8; 32] {
	let mut sum = [0u8; 32];
	let mut carry = 0u16;
	for i in 0..32 {
		let total = scalar[i] as u16 + GROUP_ORDER[i] as u16 + carry;
		sum[i] = total as u8;
		carry = total >> 8;
	}
	sum
}

#[test]
fn clsag_refuses_points_that_do_not_decode() {
	let mut other = Signed::new(15, 4, 1);
	other.image = KeyImage(NOT_A_POINT);
	assert_eq!(other.verify(), Err(Error::InvalidPoint));
	let mut other = Signed::new(15, 4, 1);
	other.signature.d = NOT_A_POINT;
	assert_eq!(other.verify(), Err(Error::InvalidPoint));
	let mut other = Signed::new(15, 4, 1);
	other.ring[3].address = OneTimeAddress(NOT_A_POINT);
	assert_eq!(other.verify(), Err(Error::InvalidPoint));
	let mut other = Signed::new(15, 4, 1);
	other.ring[0].commitment = Commitment(NOT_A_POINT);
	assert_eq!(other.verify(), Err(Error::InvalidPoint));
	let mut other = Signed::new(15, 4, 1);
	other.pseudo = Commitment(NOT_A_POINT);
	assert_eq!(other.verify(), Err(Error::InvalidPoint));
}

#[test]
fn clsag_refuses_the_identity_key_image() {
	let mut other = Signed::new(16, 4, 1);
	other.image = KeyImage(RistrettoPoint::identity().compress().to_bytes());
	assert_eq!(other.verify(), Err(Error::IdentityKeyImage));
	assert!(!other.reference());
}

#[test]
fn clsag_refuses_ring_size_mismatches() {
	let mut other = Signed::new(17, 11, 1);
	other.signature.s.pop();
	assert_eq!(other.verify(), Err(Error::RingSizeMismatch));
	let mut other = Signed::new(17, 11, 1);
	other.ring.pop();
	assert_eq!(other.verify(), Err(Error::RingSizeMismatch));
	let mut other = Signed::new(17, 11, 1);
	other.ring.clear();
	assert_eq!(other.verify(), Err(Error::EmptyRing));
	let mut other = Signed::new(17, 11, 1);
	other.ring.extend_from_slice(&other.ring.clone());
	assert_eq!(other.verify(), Err(Error::RingTooLarge));
}

#[test]
fn clsag_signing_checks_the_signer() {
	let mut rng = rng(18);
	let (ring, secret, pseudo, z) = ring_with_signer(&mut rng, 5, 2);
	let sign = |signer, secret: &Scalar, z: &Scalar, ring: &[RingMember]| {
		clsag_sign(b"m", ring, &pseudo, signer, secret, z, &mut ChaCha20Rng::seed_from_u64(0))
			.map(|_| ())
	};
	assert_eq!(sign(2, &secret, &z, &ring), Ok(()));
	assert_eq!(sign(5, &secret, &z, &ring), Err(Error::SignerNotInRing));
	assert_eq!(sign(1, &secret, &z, &ring), Err(Error::KeyMismatch));
	assert_eq!(sign(2, &(secret + Scalar::ONE), &z, &ring), Err(Error::KeyMismatch));
	// The right key but a pseudo-output for another amount.
	assert_eq!(sign(2, &secret, &(z + Scalar::ONE), &ring), Err(Error::KeyMismatch));
	assert_eq!(sign(0, &secret, &z, &[]), Err(Error::EmptyRing));
	assert_eq!(sign(0, &secret, &z, &[ring[0]; 17]), Err(Error::RingTooLarge));
}

/// A second CLSAG verifier, deliberately naive: each equation of the paper's verification
/// algorithm on its own line, plain point arithmetic, its own hashing code. It shares nothing
/// with `clsag.rs` but the scheme's definition, so the two agreeing is evidence both follow it.
fn reference_verify(
	message: &[u8],
	ring: &[RingMember],
	pseudo_output: &Commitment,
	key_image: &KeyImage,
	signature: &ClsagSignature,
) -> bool {
	fn hash(tag: &str, parts: &[&[u8]]) -> Sha512 {
		let mut hasher = Sha512::new();
		hasher.update([17u8]);
		hasher.update(b"energy-privacy/v1");
		hasher.update([tag.len() as u8]);
		hasher.update(tag.as_bytes());
		for part in parts {
			hasher.update(part);
		}
		hasher
	}
	let point = |bytes: &[u8; 32]| CompressedRistretto(*bytes).decompress();
	let scalar = |bytes: &[u8; 32]| Option::<Scalar>::from(Scalar::from_canonical_bytes(*bytes));

	let n = ring.len();
	if n == 0 || n > 16 || signature.s.len() != n {
		return false;
	}
	let Some(c1) = scalar(&signature.c1) else { return false };
	let Some(s) = signature.s.iter().map(scalar).collect::<Option<Vec<_>>>() else { return false };
	let Some(image) = point(&key_image.0) else { return false };
	if image == RistrettoPoint::identity() {
		return false;
	}
	let Some(d) = point(&signature.d) else { return false };
	let Some(offset) = point(&pseudo_output.0) else { return false };
	let mut p = Vec::new();
	let mut c = Vec::new();
	for member in ring {
		let (Some(key), Some(commitment)) = (point(&member.address.0), point(&member.commitment.0))
		else {
			return false;
		};
		p.push(key);
		c.push(commitment);
	}

	// The statement every hash binds: n, P_1..P_n, C_1..C_n, C_offset.
	let mut statement = (n as u32).to_le_bytes().to_vec();
	for member in ring {
		statement.extend_from_slice(&member.address.0);
	}
	for member in ring {
		statement.extend_from_slice(&member.commitment.0);
	}
	statement.extend_from_slice(&pseudo_output.0);

	// mu_P = H_0^agg(statement, I, D), mu_C = H_1^agg(statement, I, D).
	let mu_p =
		Scalar::from_hash(hash("clsag/aggregate/key", &[&statement, &key_image.0, &signature.d]));
	let mu_c = Scalar::from_hash(hash(
		"clsag/aggregate/commitment",
		&[&statement, &key_image.0, &signature.d],
	));

	let mut challenge = c1;
	for i in 0..n {
		let hp = RistrettoPoint::from_hash(hash("clsag/key-image-base", &[&ring[i].address.0]));
		// L_i = s_i·G + c_i·mu_P·P_i + c_i·mu_C·(C_i - C_offset)
		let l = s[i] * G + challenge * mu_p * p[i] + challenge * mu_c * (c[i] - offset);
		// R_i = s_i·Hp(P_i) + c_i·mu_P·I + c_i·mu_C·D
		let r = s[i] * hp + challenge * mu_p * image + challenge * mu_c * d;
		// c_{i+1} = H_c(statement, m, L_i, R_i)
		challenge = Scalar::from_hash(hash(
			"clsag/round",
			&[
				&statement,
				&(message.len() as u64).to_le_bytes(),
				message,
				l.compress().as_bytes(),
				r.compress().as_bytes(),
			],
		));
	}
	challenge == c1
}

/// Known answers: a signature from fixed keys and a seeded RNG, byte for byte. Any change of the
/// scheme (a tag, the hashing order, the response formula, the RNG draws) changes these bytes;
/// such a change must be deliberate, since signatures already on chain must keep verifying.
#[test]
fn clsag_known_answer() {
	let signed = Signed::new(0x454e45524759, 4, 2);
	assert_eq!(signed.verify(), Ok(()));
	let hex32 = |bytes: &[u8; 32]| hex::encode(bytes);
	assert_eq!(hex32(&signed.image.0), KAT_IMAGE);
	assert_eq!(hex32(&signed.signature.c1), KAT_C1);
	assert_eq!(hex32(&signed.signature.d), KAT_D);
	let responses: Vec<String> = signed.signature.s.iter().map(hex32).collect();
	assert_eq!(responses, KAT_S);
}

const KAT_IMAGE: &str = "409dc610e56fe4a7fed50c1614f00ff3fa71e1d9b0f242e305f3f0858e0ed132";
const KAT_C1: &str = "2ba37446ef02f2ef287575d6eb67380af7dd215a12ef0087920076a8ea34a70d";
const KAT_D: &str = "2ad87355c9b0efce80c377346270f436801219961cd320474b275a71580cfb29";
const KAT_S: [&str; 4] = [
	"5077210e6309af6ae6529d784f07e4bbd51930b3d0d8d31de56f7c256f670203",
	"50c7eb9305e6384f987830a9ce5dd115a43be9df2d371145abc0f3fd6f782d0a",
	"6ea53540573c7cc2e9b0a1dacad2219b4ba2d8b2fe795ed750997c0750057903",
	"4ce9ed91a201c5de0dbbee157b418b37cc011b77a102eebfcda27ce492c7ad04",
];

/// Known answers for commitments and notes: the value generator and the stealth derivations
/// (one-time key, memo mask, blinding) fixed byte for byte, for the same reason as above.
#[test]
fn commitment_and_note_known_answers() {
	assert_eq!(hex::encode(commit(1, &Scalar::ZERO).0), KAT_VALUE_GENERATOR);
	let mut rng = rng(0x4e4f5445);
	let alice = AccountKeys::random(&mut rng);
	let (note, _) =
		create_note(&alice.public_address(), &TxSecret::random(&mut rng), 3, 4_200).unwrap();
	assert_eq!(hex::encode(note.encode()), KAT_NOTE);
}

const KAT_VALUE_GENERATOR: &str =
	"a64bb79a364ad7ef66f281a50a9ebfbbb82fed0f5c6db1a7c78349c685a30a0f";
const KAT_NOTE: &str = concat!(
	"0ebe5a3dea7692653fd73f055c0a61217bdf866f06952af1eb317feeab7adb20",
	"ec341dd61f1a3863a007aef3fbac577da3d1ea655a46c687ff97b16b05daa834",
	"ea61d6ab9e3f238a77de6ec4c1ac9e4021b48f5a76fe9a2521143372b7081421",
	"75410bfb34452f45",
);

// --- Stealth addresses ---

#[test]
fn recipients_find_open_and_spend_their_notes() {
	let mut rng = rng(20);
	let alice = AccountKeys::random(&mut rng);
	let bob = AccountKeys::random(&mut rng);
	let tx = TxSecret::random(&mut rng);
	let (note, blinding) = create_note(&alice.public_address(), &tx, 0, 1_250).unwrap();
	assert_eq!(note.tx_public_key, tx.public_key());
	assert_eq!(note.commitment, commit(1_250, &blinding));

	let owned = scan_note(&alice, &note, 0).unwrap().expect("alice's note");
	assert_eq!(owned.amount, 1_250);
	assert_eq!(owned.blinding, blinding);
	assert_eq!(
		OneTimeAddress::from_point(&RistrettoPoint::mul_base(&owned.one_time_secret)),
		note.address
	);
	assert!(scan_note(&bob, &note, 0).unwrap().is_none());
	// The output index is part of the address.
	assert!(scan_note(&alice, &note, 1).unwrap().is_none());

	// Spending: the one-time secret signs for the note's address in a ring.
	let mut ring: Vec<RingMember> = (0..11)
		.map(|_| RingMember {
			address: OneTimeAddress::from_point(&RistrettoPoint::random(&mut rng)),
			commitment: Commitment::from_point(&RistrettoPoint::random(&mut rng)),
		})
		.collect();
	ring[6] = RingMember { address: note.address, commitment: note.commitment };
	let pseudo_blinding = Scalar::random(&mut rng);
	let pseudo = commit(owned.amount, &pseudo_blinding);
	let z = owned.blinding - pseudo_blinding;
	let (signature, image) =
		clsag_sign(b"spend", &ring, &pseudo, 6, &owned.one_time_secret, &z, &mut rng).unwrap();
	assert_eq!(clsag_verify(b"spend", &ring, &pseudo, &image, &signature), Ok(()));
}

#[test]
fn outputs_of_one_transaction_have_distinct_addresses() {
	let mut rng = rng(21);
	let alice = AccountKeys::random(&mut rng);
	let tx = TxSecret::random(&mut rng);
	let (first, _) = create_note(&alice.public_address(), &tx, 0, 5).unwrap();
	let (second, _) = create_note(&alice.public_address(), &tx, 1, 5).unwrap();
	assert_ne!(first.address, second.address);
	assert_ne!(first.commitment, second.commitment);
	assert_ne!(first.memo, second.memo);
}

#[test]
fn a_tampered_memo_is_an_error_for_its_recipient() {
	let mut rng = rng(22);
	let alice = AccountKeys::random(&mut rng);
	let (mut note, _) =
		create_note(&alice.public_address(), &TxSecret::random(&mut rng), 0, 77).unwrap();
	note.memo.0[0] ^= 1;
	assert_eq!(scan_note(&alice, &note, 0).err(), Some(Error::MemoMismatch));
	note.tx_public_key.0 = NOT_A_POINT;
	assert_eq!(scan_note(&alice, &note, 0).err(), Some(Error::InvalidPoint));
	let mut address = alice.public_address();
	address.spend = NOT_A_POINT;
	assert_eq!(
		create_note(&address, &TxSecret::random(&mut rng), 0, 1).err(),
		Some(Error::InvalidPoint)
	);
}

/// A whole confidential payment: Alice spends a note she received, pays Bob and herself the
/// change, and the chain checks the ring signature, the range proof and the balance.
#[test]
fn a_confidential_payment_verifies_end_to_end() {
	let mut rng = rng(23);
	let alice = AccountKeys::random(&mut rng);
	let bob = AccountKeys::random(&mut rng);
	let (received, _) =
		create_note(&alice.public_address(), &TxSecret::random(&mut rng), 0, 1_000).unwrap();
	let owned = scan_note(&alice, &received, 0).unwrap().unwrap();

	let tx = TxSecret::random(&mut rng);
	let fee = 3;
	let (to_bob, bob_blinding) = create_note(&bob.public_address(), &tx, 0, 900).unwrap();
	let (change, change_blinding) = create_note(&alice.public_address(), &tx, 1, 97).unwrap();
	let (proof, commitments) =
		prove_range(&[900, 97], &[bob_blinding, change_blinding], &mut rng).unwrap();
	assert_eq!(commitments, vec![to_bob.commitment, change.commitment]);
	// The pseudo-output takes the outputs' blindings, so inputs and outputs balance.
	let pseudo = commit(owned.amount, &(bob_blinding + change_blinding));
	let mut ring: Vec<RingMember> = (0..16)
		.map(|_| RingMember {
			address: OneTimeAddress::from_point(&RistrettoPoint::random(&mut rng)),
			commitment: Commitment::from_point(&RistrettoPoint::random(&mut rng)),
		})
		.collect();
	ring[13] = RingMember { address: received.address, commitment: received.commitment };
	let message = (to_bob, change, fee).encode();
	let z = owned.blinding - (bob_blinding + change_blinding);
	let (signature, image) =
		clsag_sign(&message, &ring, &pseudo, 13, &owned.one_time_secret, &z, &mut rng).unwrap();

	// What the runtime checks.
	assert_eq!(clsag_verify(&message, &ring, &pseudo, &image, &signature), Ok(()));
	assert_eq!(verify_range(&proof, &[to_bob.commitment, change.commitment]), Ok(()));
	assert_eq!(check_balance(&[pseudo], &[to_bob.commitment, change.commitment], fee), Ok(()));
	assert_eq!(
		check_balance(&[pseudo], &[to_bob.commitment, change.commitment], fee + 1),
		Err(Error::Unbalanced)
	);
	// And what the recipients see.
	assert_eq!(scan_note(&bob, &to_bob, 0).unwrap().unwrap().amount, 900);
	assert_eq!(scan_note(&alice, &change, 1).unwrap().unwrap().amount, 97);
	assert!(scan_note(&alice, &to_bob, 0).unwrap().is_none());
}

// --- Spend messages and the transaction builder ---

mod building {
	use super::rng;
	use crate::{
		builder::{build_transfer, build_unshield, choose_ring, scan_notes, Payment},
		check_balance, check_stamp, clsag_verify, create_note, public_commitment, stamp_subject,
		transfer_message, unshield_message, verify_range, AccountKeys, ClsagSignature, Commitment,
		Error, Note, RangeProofBytes, RingIndices, TxSecret, MAX_STAMP_BITS,
	};
	use rand_chacha::ChaCha20Rng;

	/// `count` notes of 100 to strangers, each from its own transaction, indexed from 0.
	fn strangers(count: u64, rng: &mut ChaCha20Rng) -> Vec<(u64, Note)> {
		(0..count)
			.map(|index| {
				let to = AccountKeys::random(rng).public_address();
				(index, create_note(&to, &TxSecret::random(rng), 0, 100).unwrap().0)
			})
			.collect()
	}

	/// A pool of 20 strangers' notes, then notes of `amounts` to `keys` from one transaction.
	fn pool_with(keys: &AccountKeys, amounts: &[u64], rng: &mut ChaCha20Rng) -> Vec<(u64, Note)> {
		let mut notes = strangers(20, rng);
		let tx_secret = TxSecret::random(rng);
		for (output, amount) in (0u32..).zip(amounts) {
			let (note, _) =
				create_note(&keys.public_address(), &tx_secret, output, *amount).unwrap();
			notes.push((notes.len() as u64, note));
		}
		notes
	}

	#[test]
	fn scanning_numbers_the_outputs_of_each_transaction() {
		let mut rng = rng(60);
		let keys = AccountKeys::random(&mut rng);
		let notes = pool_with(&keys, &[5, 6, 7], &mut rng);
		let found = scan_notes(&keys, &notes);
		let seen: Vec<(u64, u64)> = found.iter().map(|n| (n.index, n.owned.amount)).collect();
		assert_eq!(seen, vec![(20, 5), (21, 6), (22, 7)]);
		assert!(scan_notes(&AccountKeys::random(&mut rng), &notes).is_empty());
	}

	#[test]
	fn rings_are_sorted_hold_the_spent_note_and_draw_distinct_decoys() {
		let mut rng = rng(61);
		let notes = strangers(30, &mut rng);
		let real = (17, notes[17].1.ring_member());
		for size in [1usize, 2, 11, 16] {
			let (indices, members, position) = choose_ring(real, &notes, size, &mut rng).unwrap();
			assert_eq!(indices.len(), size);
			assert!(indices.windows(2).all(|pair| pair[0] < pair[1]));
			assert_eq!(indices[position], 17);
			for (index, member) in indices.iter().zip(&members) {
				assert_eq!(*member, notes[*index as usize].1.ring_member());
			}
		}
		// Fewer decoys than asked for: all of them, each once.
		let few: Vec<(u64, Note)> = notes[..4].iter().chain(&notes[..4]).cloned().collect();
		let (indices, _, _) = choose_ring(real, &few, 11, &mut rng).unwrap();
		assert_eq!(indices.to_vec(), vec![0, 1, 2, 3, 17]);
		assert_eq!(choose_ring(real, &notes, 17, &mut rng).err(), Some(Error::RingTooLarge));
	}

	#[test]
	fn a_built_transfer_verifies() {
		let mut rng = rng(62);
		let keys = AccountKeys::random(&mut rng);
		let notes = pool_with(&keys, &[700, 300], &mut rng);
		let spends = scan_notes(&keys, &notes);
		let to = AccountKeys::random(&mut rng).public_address();
		let payments =
			[Payment { to, amount: 650 }, Payment { to: keys.public_address(), amount: 340 }];
		let genesis = [7u8; 32];
		let transfer =
			build_transfer(&genesis, &spends, &notes, 11, &payments, 10, 8, &mut rng).unwrap();
		let commitments: Vec<Commitment> = transfer.outputs.iter().map(|n| n.commitment).collect();
		assert_eq!(verify_range(&transfer.range_proof, &commitments), Ok(()));
		let pseudo: Vec<Commitment> = transfer.inputs.iter().map(|i| i.pseudo_output).collect();
		assert_eq!(check_balance(&pseudo, &commitments, 10), Ok(()));
		let message = transfer_message(
			&genesis,
			&transfer.inputs,
			&transfer.outputs,
			&transfer.range_proof,
			10,
		);
		let subject = stamp_subject(&message, transfer.inputs.iter().map(|input| &input.signature));
		assert!(check_stamp(&subject, transfer.stamp, 8));
		// The stamp covers the signatures: with another signature it proves nothing.
		let mut forged = transfer.inputs.clone();
		forged[0].signature.c1[0] ^= 1;
		let forged = stamp_subject(&message, forged.iter().map(|input| &input.signature));
		assert!(!check_stamp(&forged, transfer.stamp, 8));
		for input in &transfer.inputs {
			let ring: Vec<_> =
				input.ring.iter().map(|i| notes[*i as usize].1.ring_member()).collect();
			assert_eq!(ring.len(), 11);
			assert_eq!(
				clsag_verify(
					&message,
					&ring,
					&input.pseudo_output,
					&input.key_image,
					&input.signature
				),
				Ok(())
			);
		}
		assert_ne!(transfer.inputs[0].key_image, transfer.inputs[1].key_image);
		// The recipient finds the payment.
		let outputs: Vec<(u64, Note)> = (100..).zip(transfer.outputs.iter().copied()).collect();
		let change = scan_notes(&keys, &outputs);
		assert_eq!((change.len(), change[0].owned.amount), (1, 340));

		// What the builder refuses.
		let unbalanced = [Payment { to, amount: 991 }];
		assert_eq!(
			build_transfer(&genesis, &spends, &notes, 11, &unbalanced, 10, 8, &mut rng).err(),
			Some(Error::Unbalanced)
		);
		assert_eq!(
			build_transfer(&genesis, &[], &notes, 11, &payments, 10, 8, &mut rng).err(),
			Some(Error::NoInputs)
		);
		assert_eq!(
			build_transfer(&genesis, &spends, &notes, 11, &[], 10, 8, &mut rng).err(),
			Some(Error::NoOutputs)
		);
	}

	#[test]
	fn a_built_unshield_verifies_against_the_public_amount() {
		let mut rng = rng(63);
		let keys = AccountKeys::random(&mut rng);
		let notes = pool_with(&keys, &[900], &mut rng);
		let spend = &scan_notes(&keys, &notes)[0];
		let genesis = [9u8; 32];
		let unshield =
			build_unshield(&genesis, spend, &notes, 16, 15, b"payee", 8, &mut rng).unwrap();
		assert_eq!((unshield.amount, unshield.fee), (885, 15));
		let input = &unshield.input;
		let ring: Vec<_> = input.ring.iter().map(|i| notes[*i as usize].1.ring_member()).collect();
		let message = unshield_message(&genesis, &input.ring, &input.key_image, 885, 15, b"payee");
		let verify = |message: &[u8], amount: u64| {
			clsag_verify(
				message,
				&ring,
				&public_commitment(amount),
				&input.key_image,
				&input.signature,
			)
		};
		assert_eq!(verify(&message, 900), Ok(()));
		assert!(check_stamp(&stamp_subject(&message, [&input.signature]), unshield.stamp, 8));
		assert_eq!(verify(&message, 901), Err(Error::SignatureInvalid));
		let other = unshield_message(&genesis, &input.ring, &input.key_image, 885, 15, b"thief");
		assert_eq!(verify(&other, 900), Err(Error::SignatureInvalid));
		assert_eq!(
			build_unshield(&genesis, spend, &notes, 16, 901, b"payee", 8, &mut rng).err(),
			Some(Error::Unbalanced)
		);
		assert_eq!(
			build_unshield(&genesis, spend, &notes, 16, 15, b"payee", MAX_STAMP_BITS + 1, &mut rng)
				.err(),
			Some(Error::StampTooHard)
		);
	}

	#[test]
	fn the_transfer_message_binds_every_part_but_the_signatures() {
		let mut rng = rng(64);
		let keys = AccountKeys::random(&mut rng);
		let notes = pool_with(&keys, &[500], &mut rng);
		let spends = scan_notes(&keys, &notes);
		let payments = [Payment { to: keys.public_address(), amount: 490 }];
		let transfer =
			build_transfer(&[1; 32], &spends, &notes, 11, &payments, 10, 8, &mut rng).unwrap();
		let message = |genesis: &[u8], t: &crate::builder::Transfer| {
			transfer_message(genesis, &t.inputs, &t.outputs, &t.range_proof, t.fee)
		};
		let base = message(&[1; 32], &transfer);
		assert_ne!(message(&[2; 32], &transfer), base);
		let mut changes: Vec<crate::builder::Transfer> = Vec::new();
		let mut t = transfer.clone();
		t.inputs[0].ring = RingIndices::truncate_from(vec![0, 1, 2]);
		changes.push(t);
		let mut t = transfer.clone();
		t.inputs[0].pseudo_output.0[0] ^= 1;
		changes.push(t);
		let mut t = transfer.clone();
		t.inputs[0].key_image.0[0] ^= 1;
		changes.push(t);
		let mut t = transfer.clone();
		t.outputs[0].memo.0[0] ^= 1;
		changes.push(t);
		let mut t = transfer.clone();
		t.range_proof = RangeProofBytes::truncate_from(vec![0; 32]);
		changes.push(t);
		let mut t = transfer.clone();
		t.fee += 1;
		changes.push(t);
		for changed in &changes {
			assert_ne!(message(&[1; 32], changed), base);
		}
		let mut unsigned = transfer.clone();
		unsigned.inputs[0].signature =
			ClsagSignature { c1: [0; 32], s: Default::default(), d: [0; 32] };
		assert_eq!(message(&[1; 32], &unsigned), base);
	}
}

// --- Proof-of-work stamps and fees ---

mod stamps_and_fees {
	use crate::{check_stamp, find_stamp, stamp_bits, FeeSchedule, MAX_STAMP_BITS};
	use sp_crypto_hashing::blake2_256;

	#[test]
	fn a_found_stamp_is_the_smallest_with_its_bits_of_work() {
		let message = [7u8; 64];
		let stamp = find_stamp(&message, 12).unwrap();
		assert!(stamp_bits(&message, stamp) >= 12);
		assert!(check_stamp(&message, stamp, 12));
		assert!((0..stamp).all(|smaller| !check_stamp(&message, smaller, 12)));
		// The work is the leading zero bits of blake2_256(message || stamp, little-endian).
		let mut input = message.to_vec();
		input.extend_from_slice(&stamp.to_le_bytes());
		let hash = blake2_256(&input);
		assert_eq!((hash[0], hash[1] >> 4), (0, 0));
		// Fixed vectors, so a change of the rule (the hash, the byte order) cannot go unnoticed.
		assert_eq!(find_stamp(&message, 16), Some(KNOWN_STAMP_16));
		assert_eq!(stamp_bits(&message, KNOWN_STAMP_16), KNOWN_BITS_16);
	}

	/// `find_stamp(&[7; 64], 16)` and the bits it proves, as Python's
	/// `hashlib.blake2b(digest_size=32)` finds them too.
	const KNOWN_STAMP_16: u64 = 147_233;
	const KNOWN_BITS_16: u32 = 17;

	#[test]
	fn a_stamp_is_worth_nothing_for_another_message() {
		let message = [1u8; 64];
		let stamp = find_stamp(&message, 10).unwrap();
		let mut other = message;
		other[63] ^= 1;
		assert!(!check_stamp(&other, stamp, 10));
		assert!(check_stamp(&other, find_stamp(&other, 10).unwrap(), 10));
	}

	#[test]
	fn no_stamp_is_searched_for_more_than_the_most_bits() {
		assert_eq!(find_stamp(&[0; 64], MAX_STAMP_BITS + 1), None);
		assert_eq!(find_stamp(&[0; 64], 0), Some(0));
		assert!(check_stamp(&[0; 64], 12345, 0));
		assert!(!check_stamp(&[0; 64], 0, 257));
	}

	#[test]
	fn the_fee_grows_with_every_part_of_a_shape() {
		let fees = FeeSchedule { base: 1_000, per_input: 100, per_output: 20, per_ring_member: 3 };
		assert_eq!(fees.transfer(1, 2, 11), 1_000 + 100 + 2 * 20 + 11 * 3);
		assert_eq!(fees.transfer(4, 16, 64), 1_000 + 4 * 100 + 16 * 20 + 64 * 3);
		assert_eq!(fees.unshield(16), 1_000 + 100 + 16 * 3);
		assert_eq!(fees.shield(), 20);
		assert!(fees.transfer(1, 3, 11) > fees.transfer(1, 2, 11));
		assert!(fees.transfer(2, 2, 22) > fees.transfer(1, 2, 22));
		assert!(fees.transfer(1, 2, 12) > fees.transfer(1, 2, 11));
		let huge = FeeSchedule { per_output: u64::MAX / 2, ..fees };
		assert_eq!(huge.transfer(1, 16, 11), u64::MAX);
	}
}

// --- SCALE encoding ---

#[test]
fn types_encode_with_fixed_bounds() {
	assert_eq!(Note::max_encoded_len(), 32 * 3 + 8);
	assert_eq!(KeyImage::max_encoded_len(), 32);
	assert_eq!(ClsagSignature::max_encoded_len(), 32 + 1 + 16 * 32 + 32);
	assert_eq!(RangeProofBytes::max_encoded_len(), 2 + MAX_RANGE_PROOF_LEN as usize);

	let signed = Signed::new(30, 16, 15);
	let encoded = signed.signature.encode();
	assert_eq!(ClsagSignature::decode(&mut &encoded[..]).unwrap(), signed.signature);
	// Seventeen responses do not decode.
	let too_many = (signed.signature.c1, vec![[0u8; 32]; 17], signed.signature.d).encode();
	assert!(ClsagSignature::decode(&mut &too_many[..]).is_err());

	let note = Note {
		address: OneTimeAddress([1; 32]),
		tx_public_key: crate::TxPublicKey([2; 32]),
		commitment: Commitment([3; 32]),
		memo: EncryptedMemo([4; 8]),
	};
	assert_eq!(Note::decode(&mut &note.encode()[..]).unwrap(), note);
}

// --- Properties ---

proptest! {
	#![proptest_config(ProptestConfig::with_cases(24))]

	#[test]
	fn range_proofs_round_trip(values in prop::collection::vec(any::<u64>(), 1..=16), seed: u64) {
		let mut rng = rng(seed);
		let blindings: Vec<Scalar> = values.iter().map(|_| Scalar::random(&mut rng)).collect();
		let (proof, commitments) = prove_range(&values, &blindings, &mut rng).unwrap();
		prop_assert_eq!(verify_range(&proof, &commitments), Ok(()));
	}

	#[test]
	fn any_byte_mutation_of_a_range_proof_is_refused(
		index in 0..(32 * (9 + 2 * 7)) as usize,
		flip in 1..=255u8,
		seed: u64,
	) {
		let mut rng = rng(seed);
		let blindings = [Scalar::random(&mut rng), Scalar::random(&mut rng)];
		let (proof, commitments) = prove_range(&[3, 1 << 40], &blindings, &mut rng).unwrap();
		let mut bytes = proof.to_vec();
		bytes[index] ^= flip;
		prop_assert!(verify_range(&RangeProofBytes::truncate_from(bytes), &commitments).is_err());
	}

	#[test]
	fn clsag_round_trips_and_agrees_with_the_reference(size in 1..=16usize, signer: prop::sample::Index, seed: u64) {
		let signed = Signed::new(seed, size, signer.index(size));
		prop_assert_eq!(signed.verify(), Ok(()));
		prop_assert!(signed.reference());
	}

	/// Every byte of the signature, of its key image and of its encoding matters; the reference
	/// verifier refuses exactly when the verifier does.
	#[test]
	fn any_byte_mutation_of_a_signature_is_refused(
		size in 1..=16usize,
		position in any::<prop::sample::Index>(),
		flip in 1..=255u8,
		seed: u64,
	) {
		let signed = Signed::new(seed, size, size / 2);
		// c1, the responses, D, then the key image.
		let total = 32 * (size + 3);
		let at = position.index(total);
		let mut other = Signed::new(seed, size, size / 2);
		let target = match at / 32 {
			0 => &mut other.signature.c1,
			i if i <= size => &mut other.signature.s[i - 1],
			i if i == size + 1 => &mut other.signature.d,
			_ => &mut other.image.0,
		};
		target[at % 32] ^= flip;
		prop_assert!(other.verify().is_err());
		prop_assert!(!other.reference());

		// A mutated SCALE encoding either does not decode or does not verify.
		let mut encoded = signed.signature.encode();
		let at = position.index(encoded.len());
		encoded[at] ^= flip;
		if let Ok(decoded) = ClsagSignature::decode(&mut &encoded[..]) {
			let result = clsag_verify(&signed.message, &signed.ring, &signed.pseudo, &signed.image, &decoded);
			prop_assert!(result.is_err());
		}
	}

	/// Mutating the ring or the message: both verifiers refuse, for the same inputs.
	#[test]
	fn the_verifiers_agree_on_tampered_statements(size in 2..=11usize, member in any::<prop::sample::Index>(), seed: u64) {
		let mut other = Signed::new(seed, size, 0);
		let i = member.index(size);
		other.ring[i].commitment = commit(seed, &Scalar::ONE);
		prop_assert_eq!(other.verify().is_ok(), other.reference());
		prop_assert!(other.verify().is_err());
	}

	/// Among notes to several households, each finds exactly its own, with the right amounts.
	#[test]
	fn scanning_finds_exactly_ones_own_notes(
		payments in prop::collection::vec((0..4usize, any::<u64>()), 1..12),
		seed: u64,
	) {
		let mut rng = rng(seed);
		let households: Vec<AccountKeys> = (0..4).map(|_| AccountKeys::random(&mut rng)).collect();
		let tx = TxSecret::random(&mut rng);
		let notes: Vec<(usize, u64, Note)> = payments
			.iter()
			.enumerate()
			.map(|(index, (to, amount))| {
				let (note, _) = create_note(&households[*to].public_address(), &tx, index as u32, *amount).unwrap();
				(*to, *amount, note)
			})
			.collect();
		for (h, keys) in households.iter().enumerate() {
			for (index, (to, amount, note)) in notes.iter().enumerate() {
				let found = scan_note(keys, note, index as u32).unwrap();
				prop_assert_eq!(found.is_some(), *to == h);
				if let Some(owned) = found {
					prop_assert_eq!(owned.amount, *amount);
				}
			}
		}
	}

	/// Random bytes in every decoder and verifier give an error or `None`, never a panic.
	#[test]
	fn random_bytes_are_refused(bytes in prop::collection::vec(any::<u8>(), 0..1200), seed: u64) {
		let mut rng = rng(seed);
		let proof = RangeProofBytes::truncate_from(bytes.clone());
		let commitments: Vec<Commitment> = bytes.chunks_exact(32).take(3).map(|c| Commitment(c.try_into().unwrap())).collect();
		let _ = verify_range(&proof, &commitments);
		if let Ok(signature) = ClsagSignature::decode(&mut &bytes[..]) {
			let ring = vec![RingMember { address: OneTimeAddress([0; 32]), commitment: Commitment([0; 32]) }; signature.s.len()];
			prop_assert!(clsag_verify(b"m", &ring, &Commitment([0; 32]), &KeyImage([0; 32]), &signature).is_err());
		}
		if let Ok(note) = Note::decode(&mut &bytes[..]) {
			let _ = scan_note(&AccountKeys::random(&mut rng), &note, 0);
		}
	}
}
