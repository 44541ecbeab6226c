//! The private market's verifiers from random bytes, each from the SCALE decoding of a whole
//! statement: a slot-scoped ring signature (message, scope, ring, key image, signature), an
//! agreement (prices, the offer's remaining commitment, the agreement's commitments, the proof)
//! and an audit handle (auditor key, commitment, handle). Random bytes never make a valid
//! statement, so anything but an error is a finding.

#![no_main]

use codec::Decode;
use energy_privacy::{
	market_verify, verify_agreement, verify_audit, AgreementCommitments, AuditHandle, AuditorKey,
	Commitment, KeyImage, MarketKey, MarketScope, MarketSignature, PriceBounds, RangeProofBytes,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
	let Some((&which, rest)) = data.split_first() else { return };
	match which % 3 {
		0 => {
			type Statement = (Vec<u8>, MarketScope, Vec<MarketKey>, KeyImage, MarketSignature);
			if let Ok((message, scope, ring, image, signature)) = Statement::decode(&mut &rest[..])
			{
				assert!(market_verify(&message, &scope, &ring, &image, &signature).is_err());
			}
		}
		1 => {
			type Statement = (PriceBounds, Commitment, AgreementCommitments, RangeProofBytes);
			if let Ok((prices, remaining, agreed, proof)) = Statement::decode(&mut &rest[..]) {
				assert!(verify_agreement(&prices, &remaining, &agreed, &proof).is_err());
			}
		}
		_ => {
			type Statement = (AuditorKey, Commitment, AuditHandle);
			if let Ok((auditor, commitment, handle)) = Statement::decode(&mut &rest[..]) {
				assert!(verify_audit(&auditor, &commitment, &handle).is_err());
			}
		}
	}
});
