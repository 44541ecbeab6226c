//! Openings of hidden amounts for the consortium's auditor, the paper's "authorized actors".
//!
//! Every commitment `C = v·H + r·G` of a private market call comes with an [`AuditHandle`] for
//! the auditor's key `A = a·G`: the handle `D = r·A`, the amount masked with a hash of `k·A` for
//! an ephemeral `R = k·G`, and a proof that `C` and `D` share `r`. The chain verifies the proof,
//! so a call whose amounts the auditor could not open is refused. The auditor computes
//! `r·G = a⁻¹·D`, hence `v·H = C - a⁻¹·D`, reads `v` off the memo and checks it against `v·H`.
//! Nobody else can: without `a`, whether `D` opens `C` to a guessed `v` is a decisional
//! Diffie-Hellman question, and the memo's mask needs `k` or `a`. (The handle is the one of
//! twisted ElGamal encryption; the proof is a Chaum-Pedersen-style proof of one representation.)
//!
//! The proof, with random `k_v`, `k_r`: `T1 = k_v·H + k_r·G`, `T2 = k_r·A`,
//! `c = H(A, C, D, R, memo, T1, T2)`, `z_v = k_v + c·v`, `z_r = k_r + c·r`; the verifier
//! recomputes `T1 = z_v·H + z_r·G - c·C` and `T2 = z_r·A - c·D` and checks `c`.

use crate::{
	hash,
	pedersen::{commit, value_generator},
	types::{decode_point, decode_scalar, AuditHandle, AuditorKey, Commitment, EncryptedMemo},
	Error,
};
use curve25519_dalek::{
	constants::RISTRETTO_BASEPOINT_POINT as G,
	ristretto::RistrettoPoint,
	scalar::Scalar,
	traits::{IsIdentity, VartimeMultiscalarMul},
};
use rand_core::{CryptoRng, RngCore};
use sha2::Digest;
use zeroize::{Zeroize, ZeroizeOnDrop};

/// The auditor's secret `a`.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct AuditorSecret(Scalar);

impl AuditorSecret {
	/// A fresh secret from `rng`.
	pub fn random<R: RngCore + CryptoRng>(rng: &mut R) -> Self {
		Self(Scalar::random(rng))
	}

	/// A known secret (the auditor's tool restoring it).
	pub fn from_secret(secret: Scalar) -> Self {
		Self(secret)
	}

	/// The auditor key `A = a·G` the consortium publishes.
	pub fn public_key(&self) -> AuditorKey {
		AuditorKey::from_point(&RistrettoPoint::mul_base(&self.0))
	}

	/// The amount `commitment` hides, read from `handle`: [`Error::MemoMismatch`] if the memo
	/// does not open the commitment (the handle's proof, which the chain checked, still gives
	/// `v·H`).
	pub fn open(&self, commitment: &Commitment, handle: &AuditHandle) -> Result<u64, Error> {
		let ephemeral = decode_point(&handle.ephemeral)?;
		let value = unmask(&handle.memo, &(self.0 * ephemeral), commitment);
		let blinding_point = self.0.invert() * decode_point(&handle.handle)?;
		if commitment.point()? - blinding_point == Scalar::from(value) * value_generator() {
			Ok(value)
		} else {
			Err(Error::MemoMismatch)
		}
	}
}

/// The mask of an amount, from the secret point the sender and the auditor share.
fn mask(shared: &RistrettoPoint, commitment: &Commitment) -> [u8; 8] {
	let mut hasher = hash::tagged(hash::AUDIT_MEMO);
	hasher.update(shared.compress().as_bytes());
	hasher.update(commitment.0);
	let mut mask = [0u8; 8];
	for (byte, digest) in mask.iter_mut().zip(hasher.finalize()) {
		*byte = digest;
	}
	mask
}

fn unmask(memo: &EncryptedMemo, shared: &RistrettoPoint, commitment: &Commitment) -> u64 {
	u64::from_le_bytes(memo.0) ^ u64::from_le_bytes(mask(shared, commitment))
}

/// The proof's challenge.
fn challenge(
	auditor: &AuditorKey,
	commitment: &Commitment,
	handle: &AuditHandle,
	t1: &RistrettoPoint,
	t2: &RistrettoPoint,
) -> Scalar {
	let mut hasher = hash::tagged(hash::AUDIT_CHALLENGE);
	hasher.update(auditor.0);
	hasher.update(commitment.0);
	hasher.update(handle.handle);
	hasher.update(handle.ephemeral);
	hasher.update(handle.memo.0);
	hasher.update(t1.compress().as_bytes());
	hasher.update(t2.compress().as_bytes());
	hash::to_scalar(hasher)
}

/// The auditor's key as a point, refusing the identity: with it every handle and mask would be
/// the identity's, readable by anyone.
fn auditor_point(auditor: &AuditorKey) -> Result<RistrettoPoint, Error> {
	let point = auditor.point()?;
	if point.is_identity() {
		return Err(Error::IdentityAuditorKey);
	}
	Ok(point)
}

/// Whether `auditor` can be the auditor's key: a point, and not the identity.
pub fn check_auditor_key(auditor: &AuditorKey) -> Result<(), Error> {
	auditor_point(auditor).map(|_| ())
}

/// The handle that lets `auditor` open the commitment to `value` with `blinding`.
pub fn seal_for_audit<R: RngCore + CryptoRng>(
	auditor: &AuditorKey,
	value: u64,
	blinding: &Scalar,
	rng: &mut R,
) -> Result<AuditHandle, Error> {
	let auditor_point = auditor_point(auditor)?;
	let commitment = commit(value, blinding);
	let mut ephemeral = Scalar::random(rng);
	let masked = value ^ u64::from_le_bytes(mask(&(ephemeral * auditor_point), &commitment));
	let (mut value_nonce, mut blinding_nonce) = (Scalar::random(rng), Scalar::random(rng));
	let mut handle = AuditHandle {
		handle: (blinding * auditor_point).compress().to_bytes(),
		ephemeral: RistrettoPoint::mul_base(&ephemeral).compress().to_bytes(),
		memo: EncryptedMemo(masked.to_le_bytes()),
		challenge: [0; 32],
		value_response: [0; 32],
		blinding_response: [0; 32],
	};
	let t1 = value_nonce * value_generator() + RistrettoPoint::mul_base(&blinding_nonce);
	let t2 = blinding_nonce * auditor_point;
	let c = challenge(auditor, &commitment, &handle, &t1, &t2);
	handle.challenge = c.to_bytes();
	handle.value_response = (value_nonce + c * Scalar::from(value)).to_bytes();
	handle.blinding_response = (blinding_nonce + c * blinding).to_bytes();
	ephemeral.zeroize();
	value_nonce.zeroize();
	blinding_nonce.zeroize();
	Ok(handle)
}

/// Checks that `auditor` can open `commitment` with `handle`: the handle's proof verifies.
pub fn verify_audit(
	auditor: &AuditorKey,
	commitment: &Commitment,
	handle: &AuditHandle,
) -> Result<(), Error> {
	let auditor_point = auditor_point(auditor)?;
	let commitment_point = commitment.point()?;
	let handle_point = decode_point(&handle.handle)?;
	decode_point(&handle.ephemeral)?;
	let c = decode_scalar(&handle.challenge)?;
	let value_response = decode_scalar(&handle.value_response)?;
	let blinding_response = decode_scalar(&handle.blinding_response)?;
	let t1 = RistrettoPoint::vartime_multiscalar_mul(
		[value_response, blinding_response, -c],
		[value_generator(), G, commitment_point],
	);
	let t2 = RistrettoPoint::vartime_multiscalar_mul(
		[blinding_response, -c],
		[auditor_point, handle_point],
	);
	if challenge(auditor, commitment, handle, &t1, &t2) == c {
		Ok(())
	} else {
		Err(Error::AuditProofInvalid)
	}
}
