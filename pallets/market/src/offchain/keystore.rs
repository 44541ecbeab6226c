//! The agents' signatures: the household's negotiation key stays in the node's keystore, and the
//! negotiation core asks it to sign through the host.

use energy_negotiation::{Key, SignatureBytes, Signer};
use energy_primitives::AGENT_KEY_TYPE;
use sp_core::sr25519;

/// Signs with the `agnt` key `0` of the node's keystore.
pub struct KeystoreSigner(pub Key);

impl Signer for KeystoreSigner {
	fn public(&self) -> Key {
		self.0
	}

	fn sign(&self, payload: &[u8]) -> Option<SignatureBytes> {
		sp_io::crypto::sr25519_sign(AGENT_KEY_TYPE, &sr25519::Public::from_raw(self.0), payload)
			.map(|signature| signature.0)
	}
}
