//! The node both kinds of the worker's agents run in, as their tests stand it in: a keystore
//! holding a household's agent key, the host's offchain storage, clock and HTTP.

use super::*;
use energy_negotiation::{Household, Key};
use energy_primitives::AGENT_KEY_TYPE;
use sp_core::{
	offchain::{
		testing::{OffchainState, TestOffchainExt},
		OffchainDbExt, OffchainWorkerExt,
	},
	Pair,
};
use sp_keystore::{testing::MemoryKeystore, Keystore, KeystoreExt};
use std::sync::Arc;

/// The host's offchain state: its storage, clock and HTTP.
pub(super) type State = Arc<parking_lot::RwLock<OffchainState>>;

/// A node whose keystore holds `household`'s agent key (`//Agent{n}`, what the household
/// publishes), with the host's offchain storage, clock and HTTP stood in for; the key and the
/// offchain state.
pub(super) fn agent_node(household: &AccountId) -> (sp_io::TestExternalities, Key, State) {
	let (offchain, state) = TestOffchainExt::new();
	let keystore = MemoryKeystore::new();
	let key = agent_key(household).public();
	let seed = format!("//Agent{}", <[u8; 32]>::from(household.clone())[0]);
	assert_eq!(keystore.sr25519_generate_new(AGENT_KEY_TYPE, Some(&seed)).unwrap(), key);
	let mut ext = new_test_ext();
	ext.register_extension(OffchainWorkerExt::new(offchain.clone()));
	ext.register_extension(OffchainDbExt::new(offchain));
	ext.register_extension(KeystoreExt::new(keystore));
	(ext, key.0, state)
}

/// The chain's genesis hash, which agreements and the agents' messages bind.
pub(super) fn genesis() -> [u8; 32] {
	Market::genesis_hash().into()
}

/// `who` as the negotiation core names a household.
pub(super) fn bytes(who: &AccountId) -> Household {
	<[u8; 32]>::from(who.clone())
}
