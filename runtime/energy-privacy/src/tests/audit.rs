//! Audit handles: the auditor opens every sealed amount, nobody else does, and a handle the
//! auditor could not open does not verify.

use super::{add_group_order, rng, NOT_A_POINT};
use crate::{
	commit, seal_for_audit, verify_audit, AuditHandle, AuditorKey, AuditorSecret, Commitment,
	EncryptedMemo, Error, Scalar,
};
use codec::{Decode, Encode, MaxEncodedLen};
use curve25519_dalek::{ristretto::RistrettoPoint, traits::Identity};
use proptest::prelude::*;

struct Sealed {
	auditor: AuditorSecret,
	commitment: Commitment,
	handle: AuditHandle,
}

impl Sealed {
	fn new(seed: u64, value: u64) -> Self {
		let mut rng = rng(seed);
		let auditor = AuditorSecret::random(&mut rng);
		let blinding = Scalar::random(&mut rng);
		let handle = seal_for_audit(&auditor.public_key(), value, &blinding, &mut rng).unwrap();
		Self { auditor, commitment: commit(value, &blinding), handle }
	}

	fn verify(&self) -> Result<(), Error> {
		verify_audit(&self.auditor.public_key(), &self.commitment, &self.handle)
	}
}

#[test]
fn the_auditor_opens_every_sealed_amount() {
	for value in [0, 1, 4_000, 1_500 * 200_000, u64::MAX] {
		let sealed = Sealed::new(value, value);
		assert_eq!(sealed.verify(), Ok(()));
		assert_eq!(sealed.auditor.open(&sealed.commitment, &sealed.handle), Ok(value));
	}
}

#[test]
fn nobody_else_opens_a_sealed_amount() {
	let sealed = Sealed::new(1, 4_000);
	let stranger = AuditorSecret::random(&mut rng(2));
	assert_eq!(stranger.open(&sealed.commitment, &sealed.handle), Err(Error::MemoMismatch));
	// Nor does the handle verify for another auditor's key: a sender cannot seal to a key the
	// consortium did not name.
	assert_eq!(
		verify_audit(&stranger.public_key(), &sealed.commitment, &sealed.handle),
		Err(Error::AuditProofInvalid)
	);
}

#[test]
fn a_handle_holds_for_its_own_commitment_only() {
	let sealed = Sealed::new(3, 4_000);
	for other in [commit(4_001, &Scalar::ONE), Sealed::new(4, 4_000).commitment] {
		assert_eq!(
			verify_audit(&sealed.auditor.public_key(), &other, &sealed.handle),
			Err(Error::AuditProofInvalid)
		);
	}
}

/// A sender that hides from the auditor: a handle of another blinding, a changed memo or
/// ephemeral key, or a changed response; every one is refused.
/// A named change of one field of a handle to another handle's.
type FieldChange = (&'static str, fn(&mut AuditHandle, &AuditHandle));

#[test]
fn a_handle_the_auditor_could_not_open_is_refused() {
	let sealed = Sealed::new(5, 4_000);
	let other = Sealed::new(6, 4_000);
	let changes: [FieldChange; 6] = [
		("handle", |handle, other| handle.handle = other.handle),
		("ephemeral", |handle, other| handle.ephemeral = other.ephemeral),
		("memo", |handle, _| handle.memo = EncryptedMemo([0; 8])),
		("challenge", |handle, other| handle.challenge = other.challenge),
		("value response", |handle, other| handle.value_response = other.value_response),
		("blinding response", |handle, other| handle.blinding_response = other.blinding_response),
	];
	for (what, change) in changes {
		let mut handle = sealed.handle;
		change(&mut handle, &other.handle);
		assert_eq!(
			verify_audit(&sealed.auditor.public_key(), &sealed.commitment, &handle),
			Err(Error::AuditProofInvalid),
			"{what}"
		);
	}
}

#[test]
fn malformed_handles_and_keys_are_errors() {
	let sealed = Sealed::new(7, 4_000);
	let auditor = sealed.auditor.public_key();
	let identity = AuditorKey(RistrettoPoint::identity().compress().to_bytes());
	assert_eq!(
		verify_audit(&identity, &sealed.commitment, &sealed.handle),
		Err(Error::IdentityAuditorKey)
	);
	assert_eq!(
		seal_for_audit(&identity, 1, &Scalar::ONE, &mut rng(8)).map(|_| ()),
		Err(Error::IdentityAuditorKey)
	);
	assert_eq!(
		verify_audit(&AuditorKey(NOT_A_POINT), &sealed.commitment, &sealed.handle),
		Err(Error::InvalidPoint)
	);
	assert_eq!(
		verify_audit(&auditor, &Commitment(NOT_A_POINT), &sealed.handle),
		Err(Error::InvalidPoint)
	);
	for handle in [
		AuditHandle { handle: NOT_A_POINT, ..sealed.handle },
		AuditHandle { ephemeral: NOT_A_POINT, ..sealed.handle },
	] {
		assert_eq!(verify_audit(&auditor, &sealed.commitment, &handle), Err(Error::InvalidPoint));
	}
	for handle in [
		AuditHandle { challenge: add_group_order(&sealed.handle.challenge), ..sealed.handle },
		AuditHandle {
			value_response: add_group_order(&sealed.handle.value_response),
			..sealed.handle
		},
		AuditHandle {
			blinding_response: add_group_order(&sealed.handle.blinding_response),
			..sealed.handle
		},
	] {
		assert_eq!(
			verify_audit(&auditor, &sealed.commitment, &handle),
			Err(Error::NonCanonicalScalar)
		);
	}
	assert_eq!(AuditHandle::max_encoded_len(), 5 * 32 + 8);
	assert_eq!(AuditHandle::decode(&mut &sealed.handle.encode()[..]), Ok(sealed.handle));
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(24))]

	#[test]
	fn sealed_amounts_round_trip(value: u64, seed: u64) {
		let sealed = Sealed::new(seed, value);
		prop_assert_eq!(sealed.verify(), Ok(()));
		prop_assert_eq!(sealed.auditor.open(&sealed.commitment, &sealed.handle), Ok(value));
	}

	#[test]
	fn any_byte_mutation_of_a_handle_is_refused(
		index in 0..(5 * 32 + 8usize),
		flip in 1..=255u8,
		seed: u64,
	) {
		let sealed = Sealed::new(seed, 4_000);
		let mut bytes = sealed.handle.encode();
		bytes[index] ^= flip;
		let handle = AuditHandle::decode(&mut &bytes[..]).unwrap();
		prop_assert!(verify_audit(&sealed.auditor.public_key(), &sealed.commitment, &handle).is_err());
	}
}
