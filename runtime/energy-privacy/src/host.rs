//! Verification as runtime-interface host functions.
//!
//! In WebAssembly a range proof or ring signature verifies several times slower than natively,
//! and every new runtime instance derives the Bulletproofs generators again. With the
//! `host-functions` feature the runtime calls these functions instead: the node that registers
//! [`HostFunctions`] runs the same verifiers of this crate natively, with the generators derived
//! once per process. Outside a runtime (tests, the node, wallets) a call runs the verifier
//! directly.
//!
//! Arguments cross the boundary SCALE-encoded and are decoded back into the same bounded types,
//! so the host sees exactly what the runtime holds; the answer is the verifier's own
//! `Result<(), Error>`. The functions are pure: their result depends on their arguments only,
//! which keeps block execution deterministic across nodes.

use crate::{
	AgreementCommitments, AuditHandle, AuditorKey, ClsagSignature, Commitment, Error, KeyImage,
	MarketKey, MarketScope, MarketSignature, PriceBounds, RangeProofBytes, RingMember,
};
use sp_runtime_interface::{
	pass_by::{
		AllocateAndReturnByCodec, PassFatPointerAndDecode, PassFatPointerAndDecodeSlice,
		PassFatPointerAndRead,
	},
	runtime_interface,
};

/// The host functions of [`privacy_verify`], for the node's executor and `benchmark pallet`.
#[cfg(not(substrate_runtime))]
pub use privacy_verify::HostFunctions;

/// Verifiers of the privacy primitives that the node runs natively for the runtime.
#[runtime_interface]
pub trait PrivacyVerify {
	/// [`crate::verify_range`]: one aggregated range proof for `commitments`.
	fn verify_range(
		proof: PassFatPointerAndDecode<RangeProofBytes>,
		commitments: PassFatPointerAndDecodeSlice<&[Commitment]>,
	) -> AllocateAndReturnByCodec<Result<(), Error>> {
		crate::verify_range(&proof, commitments)
	}

	/// [`crate::clsag_verify`]: a CLSAG ring signature over `message`.
	fn clsag_verify(
		message: PassFatPointerAndRead<&[u8]>,
		ring: PassFatPointerAndDecodeSlice<&[RingMember]>,
		pseudo_output: PassFatPointerAndDecode<Commitment>,
		key_image: PassFatPointerAndDecode<KeyImage>,
		signature: PassFatPointerAndDecode<ClsagSignature>,
	) -> AllocateAndReturnByCodec<Result<(), Error>> {
		crate::clsag_verify(message, ring, &pseudo_output, &key_image, &signature)
	}

	/// [`crate::check_balance`]: the inputs' commitments equal the outputs' plus `fee`.
	fn check_balance(
		inputs: PassFatPointerAndDecodeSlice<&[Commitment]>,
		outputs: PassFatPointerAndDecodeSlice<&[Commitment]>,
		fee: u64,
	) -> AllocateAndReturnByCodec<Result<(), Error>> {
		crate::check_balance(inputs, outputs, fee)
	}

	/// [`crate::market_verify`]: a slot-scoped ring signature over market keys.
	fn market_verify(
		message: PassFatPointerAndRead<&[u8]>,
		scope: PassFatPointerAndDecode<MarketScope>,
		ring: PassFatPointerAndDecodeSlice<&[MarketKey]>,
		key_image: PassFatPointerAndDecode<KeyImage>,
		signature: PassFatPointerAndDecode<MarketSignature>,
	) -> AllocateAndReturnByCodec<Result<(), Error>> {
		crate::market_verify(message, &scope, ring, &key_image, &signature)
	}

	/// [`crate::verify_agreement`]: an agreement's terms within `prices` and `remaining`.
	fn verify_agreement(
		prices: PassFatPointerAndDecode<PriceBounds>,
		remaining: PassFatPointerAndDecode<Commitment>,
		agreed: PassFatPointerAndDecode<AgreementCommitments>,
		proof: PassFatPointerAndDecode<RangeProofBytes>,
	) -> AllocateAndReturnByCodec<Result<(), Error>> {
		crate::verify_agreement(&prices, &remaining, &agreed, &proof)
	}

	/// [`crate::verify_audit`]: `auditor` can open `commitment` with `handle`.
	fn verify_audit(
		auditor: PassFatPointerAndDecode<AuditorKey>,
		commitment: PassFatPointerAndDecode<Commitment>,
		handle: PassFatPointerAndDecode<AuditHandle>,
	) -> AllocateAndReturnByCodec<Result<(), Error>> {
		crate::verify_audit(&auditor, &commitment, &handle)
	}
}
