//! Pedersen commitments, aggregated 64-bit Bulletproofs range proofs over them, and the
//! homomorphic balance check of a transaction.

use crate::{
	hash,
	types::{Commitment, RangeProofBytes, MAX_AGGREGATED_OUTPUTS, RANGE_BITS},
	Error,
};
use alloc::vec::Vec;
use bulletproofs::{BulletproofGens, PedersenGens, ProofError, RangeProof};
use curve25519_dalek::{
	constants::RISTRETTO_BASEPOINT_POINT,
	ristretto::{CompressedRistretto, RistrettoPoint},
	scalar::Scalar,
	traits::Identity,
};
use merlin::Transcript;
use rand_chacha::ChaCha20Rng;
use rand_core::{CryptoRng, RngCore, SeedableRng};
use sha2::Digest;

/// The generators of commitments and range proofs.
pub(crate) struct Generators {
	/// `B` is the value generator `H`, `B_blinding` the base point `G`.
	pub pedersen: PedersenGens,
	/// 64 bits for up to 16 parties: 2048 points.
	pub bulletproof: BulletproofGens,
}

fn new_pedersen_generators() -> PedersenGens {
	PedersenGens {
		B: hash::to_point(hash::tagged(hash::VALUE_GENERATOR)),
		B_blinding: RISTRETTO_BASEPOINT_POINT,
	}
}

fn new_generators() -> Generators {
	Generators {
		pedersen: *pedersen_generators(),
		bulletproof: BulletproofGens::new(RANGE_BITS, MAX_AGGREGATED_OUTPUTS as usize),
	}
}

/// The generators, derived on first use and kept: deriving the 2048 Bulletproofs points hashes
/// each of them, which costs far more than a verification. A WebAssembly runtime instance has
/// its own memory, so each instance derives them once.
#[cfg(feature = "std")]
pub(crate) fn generators() -> &'static Generators {
	static GENERATORS: std::sync::OnceLock<Generators> = std::sync::OnceLock::new();
	GENERATORS.get_or_init(new_generators)
}

/// The generators, derived on first use and kept: deriving the 2048 Bulletproofs points hashes
/// each of them, which costs far more than a verification. A WebAssembly runtime instance has
/// its own memory, so each instance derives them once.
#[cfg(not(feature = "std"))]
pub(crate) fn generators() -> &'static Generators {
	static GENERATORS: once_cell::race::OnceBox<Generators> = once_cell::race::OnceBox::new();
	GENERATORS.get_or_init(|| alloc::boxed::Box::new(new_generators()))
}

/// The commitment generators `H` and `G` alone, kept apart from the range proofs' so that
/// committing (an unshield's public commitment, a shield's opening) derives one point, not 2048.
#[cfg(feature = "std")]
fn pedersen_generators() -> &'static PedersenGens {
	static PEDERSEN: std::sync::OnceLock<PedersenGens> = std::sync::OnceLock::new();
	PEDERSEN.get_or_init(new_pedersen_generators)
}

/// The commitment generators `H` and `G` alone, kept apart from the range proofs' so that
/// committing (an unshield's public commitment, a shield's opening) derives one point, not 2048.
#[cfg(not(feature = "std"))]
fn pedersen_generators() -> &'static PedersenGens {
	static PEDERSEN: once_cell::race::OnceBox<PedersenGens> = once_cell::race::OnceBox::new();
	PEDERSEN.get_or_init(|| alloc::boxed::Box::new(new_pedersen_generators()))
}

/// The value generator `H`.
pub(crate) fn value_generator() -> RistrettoPoint {
	pedersen_generators().B
}

/// The commitment `value·H + blinding·G`.
pub fn commit(value: u64, blinding: &Scalar) -> Commitment {
	Commitment::from_point(&pedersen_generators().commit(Scalar::from(value), *blinding))
}

/// The commitment `value·H` with no blinding: an amount everyone knows, as a commitment.
pub fn public_commitment(value: u64) -> Commitment {
	commit(value, &Scalar::ZERO)
}

/// How many commitments a proof for `count` of them covers: the prover pads to a power of two
/// with commitments to zero with zero blinding (the identity), and so does the verifier.
fn padded_count(count: usize) -> Result<usize, Error> {
	match count {
		0 => Err(Error::NoOutputs),
		count if count > MAX_AGGREGATED_OUTPUTS as usize => Err(Error::TooManyOutputs),
		count => Ok(count.next_power_of_two()),
	}
}

/// Byte length of a proof for `padded` commitments: 9 elements plus two per inner-product round.
fn proof_len(padded: usize) -> usize {
	let rounds = (RANGE_BITS * padded).trailing_zeros() as usize;
	32 * (9 + 2 * rounds)
}

/// Proves that each of `values` lies in `[0, 2^64)`, in one proof over their commitments
/// (blinded with `blindings`, one each); returns the proof and the commitments, in order.
pub fn prove_range<R: RngCore + CryptoRng>(
	values: &[u64],
	blindings: &[Scalar],
	rng: &mut R,
) -> Result<(RangeProofBytes, Vec<Commitment>), Error> {
	if values.len() != blindings.len() {
		return Err(Error::BlindingCountMismatch);
	}
	let padded = padded_count(values.len())?;
	let mut padded_values = values.to_vec();
	padded_values.resize(padded, 0);
	let mut padded_blindings = blindings.to_vec();
	padded_blindings.resize(padded, Scalar::ZERO);

	let generators = generators();
	let mut transcript = Transcript::new(hash::RANGE_PROOF_TRANSCRIPT);
	let (proof, commitments) = RangeProof::prove_multiple_with_rng(
		&generators.bulletproof,
		&generators.pedersen,
		&mut transcript,
		&padded_values,
		&padded_blindings,
		RANGE_BITS,
		rng,
	)
	.map_err(|_| Error::ProvingFailed)?;
	let proof = RangeProofBytes::try_from(proof.to_bytes()).map_err(|_| Error::ProvingFailed)?;
	let commitments =
		commitments.iter().take(values.len()).map(|point| Commitment(point.to_bytes())).collect();
	Ok((proof, commitments))
}

/// Checks that `proof` proves every one of `commitments` (one to [`MAX_AGGREGATED_OUTPUTS`])
/// commits to a value in `[0, 2^64)`.
///
/// The verifier batches its checks with random weights. With no OS to draw them from, it seeds
/// ChaCha20 with a hash of the whole statement and proof: a prover cannot choose the weights
/// without changing what they are weights for.
pub fn verify_range(proof: &RangeProofBytes, commitments: &[Commitment]) -> Result<(), Error> {
	let padded = padded_count(commitments.len())?;
	if proof.len() != proof_len(padded) {
		return Err(Error::MalformedProof);
	}
	let mut statement = Vec::with_capacity(padded);
	for commitment in commitments {
		commitment.point()?;
		statement.push(CompressedRistretto(commitment.0));
	}
	statement.resize(padded, CompressedRistretto::identity());
	let parsed = RangeProof::from_bytes(proof).map_err(|_| Error::MalformedProof)?;

	let mut seed = hash::tagged(hash::RANGE_PROOF_VERIFIER_RNG);
	seed.update((commitments.len() as u32).to_le_bytes());
	for commitment in commitments {
		seed.update(commitment.0);
	}
	seed.update(proof.as_slice());
	let mut seed_bytes = [0u8; 32];
	for (byte, digest) in seed_bytes.iter_mut().zip(seed.finalize()) {
		*byte = digest;
	}
	let mut rng = ChaCha20Rng::from_seed(seed_bytes);

	let generators = generators();
	let mut transcript = Transcript::new(hash::RANGE_PROOF_TRANSCRIPT);
	parsed
		.verify_multiple_with_rng(
			&generators.bulletproof,
			&generators.pedersen,
			&mut transcript,
			&statement,
			RANGE_BITS,
			&mut rng,
		)
		.map_err(|error| match error {
			ProofError::FormatError => Error::MalformedProof,
			_ => Error::RangeProofInvalid,
		})
}

/// Checks that the inputs (the pseudo-output commitments of the spent notes) pay for the outputs
/// and the public `fee`: `sum(inputs) == sum(outputs) + fee·H`. Only then are no amounts created.
pub fn check_balance(inputs: &[Commitment], outputs: &[Commitment], fee: u64) -> Result<(), Error> {
	let mut difference = -(value_generator() * Scalar::from(fee));
	for input in inputs {
		difference += input.point()?;
	}
	for output in outputs {
		difference -= output.point()?;
	}
	if difference == RistrettoPoint::identity() {
		Ok(())
	} else {
		Err(Error::Unbalanced)
	}
}
