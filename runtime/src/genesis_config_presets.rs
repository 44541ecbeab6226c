//! Genesis presets, the source of every chain spec the node offers:
//! - `dev`: one validator (Alice), with a sudo key for quick experiments;
//! - `local`: two validators (Alice, Bob), no sudo;
//! - `consortium`: four validators (Alice, Bob, Charlie, Dave), each a founding member of the
//!   consortium, no sudo.

use crate::{
	AccountId, BalancesConfig, RuntimeGenesisConfig, SessionConfig, SessionKeys, SudoConfig,
	ValidatorSetConfig, UNIT,
};
use alloc::{vec, vec::Vec};
use energy_primitives::Balance;
use frame_support::build_struct_json_patch;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::PresetId;
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

/// Name of the four-validator consortium preset.
pub const CONSORTIUM_PRESET: &str = "consortium";

/// Money every well-known development account starts with.
pub const ENDOWMENT: Balance = 1_000_000 * UNIT;

/// A validator of a preset: its account and session keys, from the well-known dev keyring.
fn validator(account: Sr25519Keyring, grandpa: Ed25519Keyring) -> (AccountId, SessionKeys) {
	let keys = SessionKeys {
		aura: AuraId::from(account.public()),
		grandpa: GrandpaId::from(grandpa.public()),
	};
	(account.to_account_id(), keys)
}

fn genesis(
	validators: Vec<(AccountId, SessionKeys)>,
	min_validators: u32,
	sudo: Option<AccountId>,
) -> Value {
	let endowed: Vec<(AccountId, Balance)> =
		Sr25519Keyring::iter().map(|who| (who.to_account_id(), ENDOWMENT)).collect();
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig { balances: endowed },
		validator_set: ValidatorSetConfig {
			initial_validators: validators.iter().map(|(who, _)| who.clone()).collect::<Vec<_>>(),
			min_validators,
		},
		session: SessionConfig {
			keys: validators
				.into_iter()
				.map(|(who, keys)| (who.clone(), who, keys))
				.collect::<Vec<_>>(),
		},
		sudo: SudoConfig { key: sudo },
	})
}

fn development() -> Value {
	genesis(
		vec![validator(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		1,
		Some(Sr25519Keyring::Alice.to_account_id()),
	)
}

fn local_testnet() -> Value {
	genesis(
		vec![
			validator(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
			validator(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
		],
		2,
		None,
	)
}

/// GRANDPA needs more than two thirds of the votes, so four validators survive one being down;
/// the set never shrinks below three.
fn consortium() -> Value {
	genesis(
		vec![
			validator(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
			validator(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
			validator(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
			validator(Sr25519Keyring::Dave, Ed25519Keyring::Dave),
		],
		3,
		None,
	)
}

/// The preset called `id`, as JSON, or `None` if there is no such preset.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_testnet(),
		CONSORTIUM_PRESET => consortium(),
		_ => return None,
	};
	serde_json::to_vec(&patch).ok()
}

/// Names of all presets.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
		PresetId::from(CONSORTIUM_PRESET),
	]
}
