//! The runtime as configured, on the state the genesis presets build: one file per subject,
//! the helpers they share here.

mod energy_pool;
mod fees;
mod presets_and_ballots;
mod privacy;
mod private_market;
mod shared_limits;
mod voters;

use codec::Encode;
use energy_runtime::{
	genesis_config_presets::get_preset, AccountId, Council, RuntimeCall, RuntimeEvent,
	RuntimeGenesisConfig, RuntimeOrigin, System,
};
use frame_support::{assert_ok, weights::Weight};
use serde_json::Value;
use sp_keyring::Sr25519Keyring::{self, Ferdie};
use sp_runtime::traits::{BlakeTwo256, Hash};

/// `base` with `patch` merged into it, as the node merges a preset into the default genesis.
fn merge(base: &mut Value, patch: Value) {
	match (base, patch) {
		(Value::Object(base), Value::Object(patch)) => {
			for (key, value) in patch {
				merge(base.entry(key).or_insert(Value::Null), value);
			}
		}
		(base, patch) => *base = patch,
	}
}

/// The state at genesis of the chain built from `preset`.
pub fn chain(preset: &str) -> sp_io::TestExternalities {
	chain_with(preset, |_| {})
}

/// The state at genesis of the chain built from `preset` as `change` changes its patch.
pub fn chain_with(preset: &str, change: impl FnOnce(&mut Value)) -> sp_io::TestExternalities {
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).unwrap();
	let patch = get_preset(&preset.into()).expect("preset exists");
	let mut patch: Value = serde_json::from_slice(&patch).unwrap();
	change(&mut patch);
	merge(&mut config, patch);
	let mut ext = sp_io::TestExternalities::new_empty();
	ext.execute_with(|| {
		frame_support::genesis_builder_helper::build_state::<RuntimeGenesisConfig>(
			serde_json::to_vec(&config).unwrap(),
		)
		.expect("genesis builds");
		System::set_block_number(1);
	});
	ext
}

pub fn id(who: Sr25519Keyring) -> AccountId {
	who.to_account_id()
}

/// `who` shields `amount` of its tokens into a note of the pool `I` for the wallet `to`.
pub fn shield<I: 'static>(
	who: &AccountId,
	to: &energy_privacy::AccountKeys,
	amount: u64,
	rng: &mut energy_privacy::builder::ChaCha20Rng,
) where
	energy_runtime::Runtime: pallet_shielded_pool::Config<I>,
{
	let energy_privacy::builder::Shield { note, blinding, range_proof } =
		energy_privacy::builder::build_shield(&to.public_address(), amount, rng).unwrap();
	assert_ok!(pallet_shielded_pool::Pallet::<energy_runtime::Runtime, I>::shield(
		RuntimeOrigin::signed(who.clone()),
		amount,
		note,
		blinding,
		range_proof
	));
}

/// Propose `call` as a ballot of `proposer`, let `ayes` vote for it, and close it.
pub fn ballot(proposer: Sr25519Keyring, call: RuntimeCall, ayes: &[Sr25519Keyring]) {
	let members = pallet_collective::Members::<
		energy_runtime::Runtime,
		energy_runtime::configs::CouncilInstance,
	>::get();
	let threshold = members.len() as u32 / 2 + 1;
	let hash = BlakeTwo256::hash_of(&call);
	let len = call.encoded_size() as u32;
	let index = pallet_collective::ProposalCount::<
		energy_runtime::Runtime,
		energy_runtime::configs::CouncilInstance,
	>::get();
	assert_ok!(Council::propose(
		RuntimeOrigin::signed(id(proposer)),
		threshold,
		Box::new(call),
		len
	));
	for voter in ayes {
		assert_ok!(Council::vote(RuntimeOrigin::signed(id(*voter)), hash, index, true));
	}
	assert_ok!(Council::close(RuntimeOrigin::signed(id(Ferdie)), hash, index, Weight::MAX, len));
	assert!(System::events().iter().any(|record| matches!(
		record.event,
		RuntimeEvent::Council(pallet_collective::Event::Executed { proposal_hash, result: Ok(()) })
			if proposal_hash == hash
	)));
}
