//! Who signs and who is who: an agent's own negotiation key, and the keys households published.

use alloc::collections::BTreeMap;

/// An sr25519 public key: the negotiation key a household's agent published with `publish_info`.
pub type Key = [u8; 32];

/// A household's account (the chain's `AccountId32`, whose SCALE encoding is these 32 bytes).
pub type Household = [u8; 32];

/// An sr25519 signature.
pub type SignatureBytes = [u8; 64];

/// What signs an agent's messages: a key pair in a standalone agent, the node's keystore in an
/// offchain worker.
pub trait Signer {
	/// The public key the signatures verify with.
	fn public(&self) -> Key;
	/// A signature of `payload`, or `None` if the key is not available (a keystore without it).
	fn sign(&self, payload: &[u8]) -> Option<SignatureBytes>;
}

#[cfg(feature = "std")]
impl Signer for sp_core::sr25519::Pair {
	fn public(&self) -> Key {
		sp_core::Pair::public(self).0
	}
	fn sign(&self, payload: &[u8]) -> Option<SignatureBytes> {
		Some(sp_core::Pair::sign(self, payload).0)
	}
}

/// Whether `signature` is `key`'s sr25519 signature of `payload` (the host's verifier, which
/// needs no externalities, so it also runs outside a runtime).
pub fn verify(key: &Key, payload: &[u8], signature: &SignatureBytes) -> bool {
	sp_io::crypto::sr25519_verify(
		&sp_core::sr25519::Signature::from_raw(*signature),
		payload,
		&sp_core::sr25519::Public::from_raw(*key),
	)
}

/// The negotiation keys households published on chain, as the caller knows them (a cache of
/// `Market::Agents` in a standalone agent, storage itself in an offchain worker).
pub trait Directory {
	/// The negotiation key `household` published, if it published one.
	fn negotiation_key(&self, household: &Household) -> Option<Key>;
}

impl Directory for BTreeMap<Household, Key> {
	fn negotiation_key(&self, household: &Household) -> Option<Key> {
		self.get(household).copied()
	}
}
