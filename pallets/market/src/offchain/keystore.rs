//! The agents' keys: the household's negotiation key stays in the node's keystore (key type
//! `agnt`); the negotiation core asks it to sign messages through the host, and the worker signs
//! the seller's transactions (`make_offer`, `allow_transactions`) with it, as the key's account.

use energy_negotiation::{Key, SignatureBytes, Signer};
use energy_primitives::AGENT_KEY_TYPE;
use sp_core::sr25519;
use sp_runtime::{MultiSignature, MultiSigner};

/// The agent key as the runtime's application crypto: sr25519 under `agnt`.
pub mod app {
	use energy_primitives::AGENT_KEY_TYPE;
	use sp_runtime::app_crypto::{app_crypto, sr25519};

	app_crypto!(sr25519, AGENT_KEY_TYPE);
}

/// Signs the agents' transactions with an `agnt` key of the keystore (the market's
/// `Config::AgentAuthorityId`).
pub struct AgentAuthId;

impl frame_system::offchain::AppCrypto<MultiSigner, MultiSignature> for AgentAuthId {
	type RuntimeAppPublic = app::Public;
	type GenericSignature = sr25519::Signature;
	type GenericPublic = sr25519::Public;
}

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
