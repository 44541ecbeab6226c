//! Genesis presets, the source of every chain spec the node offers. None has sudo: the
//! members govern the chain by ballot from the first block.
//! - `dev`: one member, Alice, who validates; her ballots pass alone;
//! - `local`: two validator members (Alice, Bob);
//! - `consortium`: four validator members (Alice, Bob, Charlie, Dave), the grid operator (Eve)
//!   and a fiat gateway (Ferdie).
//!
//! Validators' nodes are the well-known nodes of `pallet-node-authorization`: node key `N` (the
//! 32-byte number N, as the scripts and tests pass to `--node-key`) belongs to the N-th validator.

use crate::{
	AccountId, BalancesConfig, ConsortiumConfig, MarketConfig, NodeAuthorizationConfig,
	RuntimeGenesisConfig, SessionConfig, SessionKeys, ValidatorSetConfig, UNIT,
};
use alloc::{vec, vec::Vec};
use energy_primitives::{Balance, Role};
use frame_support::build_struct_json_patch;
use hex_literal::hex;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_core::OpaquePeerId;
use sp_genesis_builder::PresetId;
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

/// Name of the consortium preset.
pub const CONSORTIUM_PRESET: &str = "consortium";

/// Market slots of the presets: an hour's trading compressed into a minute, the last 20 seconds
/// (three or four blocks) of which record agreements. A production chain spec sets
/// `market.slotMillis` to 3600000 and `market.recordingMillis` to 300000 (also the defaults
/// when they are left at zero).
pub const DEMO_SLOT_MILLIS: u64 = 60_000;
/// The recording window of the presets' slots.
pub const DEMO_RECORDING_MILLIS: u64 = 20_000;

/// Money every well-known development account starts with.
pub const ENDOWMENT: Balance = 1_000_000 * UNIT;

/// Peer ids of the nodes started with `--node-key` 1 to 5: libp2p's identity multihash
/// (`00 24`) of their ed25519 public keys (`08 01 12 20` + key). In base58: `12D3KooWEyopp...`,
/// `12D3KooWHdiAx...`, `12D3KooWSCufg...`, `12D3KooWSsChz...`, `12D3KooWSuTq6...`. Keys 1 to 4
/// are the founding validators' nodes, key 5 the consortium's RPC node.
const PEER_IDS: [[u8; 38]; 5] = [
	hex!("0024080112204cb5abf6ad79fbf5abbccafcc269d85cd2651ed4b885b5869f241aedf0a5ba29"),
	hex!("0024080112207422b9887598068e32c4448a949adb290d0f4e35b9e01b0ee5f1a1e600fe2674"),
	hex!("002408011220f381626e41e7027ea431bfe3009e94bdd25a746beec468948d6c3c7c5dc9a54b"),
	hex!("002408011220fd50b8e3b144ea244fbf7737f550bc8dd0c2650bbc1aada833ca17ff8dbf329b"),
	hex!("002408011220fde4fba030ad002f7c2f7d4c331f49d13fb0ec747eceebec634f1ff4cbca9def"),
];

/// A founding validator: its account, session keys and node (the i-th well-known peer id).
struct Validator {
	account: AccountId,
	keys: SessionKeys,
	node: OpaquePeerId,
}

fn validator(index: usize, account: Sr25519Keyring, grandpa: Ed25519Keyring) -> Validator {
	Validator {
		account: account.to_account_id(),
		keys: SessionKeys {
			aura: AuraId::from(account.public()),
			grandpa: GrandpaId::from(grandpa.public()),
		},
		node: OpaquePeerId(PEER_IDS[index].to_vec()),
	}
}

/// A well-known node that does not validate (an RPC node), of node key `index + 1`, and its owner.
fn follower_node(index: usize, owner: Sr25519Keyring) -> (OpaquePeerId, AccountId) {
	(OpaquePeerId(PEER_IDS[index].to_vec()), owner.to_account_id())
}

fn genesis(
	validators: Vec<Validator>,
	min_validators: u32,
	other_members: Vec<(AccountId, Role<AccountId>)>,
	other_nodes: Vec<(OpaquePeerId, AccountId)>,
) -> Value {
	// The fee collector exists from genesis, so it can take fees of any amount.
	let endowed: Vec<(AccountId, Balance)> = Sr25519Keyring::iter()
		.map(|who| (who.to_account_id(), ENDOWMENT))
		.chain([(crate::configs::fee_collector(), crate::EXISTENTIAL_DEPOSIT)])
		.collect();
	let members: Vec<(AccountId, Role<AccountId>)> = validators
		.iter()
		.map(|v| (v.account.clone(), Role::Validator))
		.chain(other_members)
		.collect();
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig { balances: endowed },
		validator_set: ValidatorSetConfig {
			initial_validators: validators.iter().map(|v| v.account.clone()).collect::<Vec<_>>(),
			min_validators,
		},
		session: SessionConfig {
			keys: validators
				.iter()
				.map(|v| (v.account.clone(), v.account.clone(), v.keys.clone()))
				.collect::<Vec<_>>(),
		},
		consortium: ConsortiumConfig { members },
		market: MarketConfig {
			slot_millis: DEMO_SLOT_MILLIS,
			recording_millis: DEMO_RECORDING_MILLIS,
			penalty_rate: sp_runtime::Perbill::from_percent(10),
		},
		node_authorization: NodeAuthorizationConfig {
			nodes: validators
				.into_iter()
				.map(|v| (v.node, v.account))
				.chain(other_nodes)
				.collect::<Vec<_>>(),
		},
	})
}

fn development() -> Value {
	genesis(vec![validator(0, Sr25519Keyring::Alice, Ed25519Keyring::Alice)], 1, vec![], vec![])
}

fn local_testnet() -> Value {
	genesis(
		vec![
			validator(0, Sr25519Keyring::Alice, Ed25519Keyring::Alice),
			validator(1, Sr25519Keyring::Bob, Ed25519Keyring::Bob),
		],
		2,
		vec![],
		vec![],
	)
}

/// GRANDPA needs more than two thirds of the votes, so four validators survive one being down;
/// the set never shrinks below three. Six voters: a ballot passes with four ayes. Alice also runs
/// the consortium's RPC node (node key 5), where clients connect without burdening a validator.
fn consortium() -> Value {
	genesis(
		vec![
			validator(0, Sr25519Keyring::Alice, Ed25519Keyring::Alice),
			validator(1, Sr25519Keyring::Bob, Ed25519Keyring::Bob),
			validator(2, Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
			validator(3, Sr25519Keyring::Dave, Ed25519Keyring::Dave),
		],
		3,
		vec![
			(Sr25519Keyring::Eve.to_account_id(), Role::GridOperator),
			(Sr25519Keyring::Ferdie.to_account_id(), Role::FiatGateway),
		],
		vec![follower_node(4, Sr25519Keyring::Alice)],
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
