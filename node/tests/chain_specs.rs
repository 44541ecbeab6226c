//! The node's chain specifications come from the runtime's genesis presets.

mod common;

use common::{node_key, run_node_command};
use serde_json::Value;

fn build_spec(chain: &str, raw: bool) -> Value {
	let mut args = vec!["build-spec", "--chain", chain, "--disable-default-bootnode"];
	if raw {
		args.push("--raw");
	}
	let (stdout, stderr, ok) = run_node_command(&args);
	assert!(ok, "build-spec --chain {chain} failed: {stderr}");
	serde_json::from_str(&stdout).expect("build-spec prints JSON")
}

fn patch(spec: &Value) -> &Value {
	&spec["genesis"]["runtimeGenesis"]["patch"]
}

#[test]
fn presets_set_validators_and_minimum() {
	for (chain, validators, minimum) in [("dev", 1, 1), ("local", 2, 2), ("consortium", 4, 3)] {
		let spec = build_spec(chain, false);
		let patch = patch(&spec);
		let set = &patch["validatorSet"];
		assert_eq!(set["initialValidators"].as_array().map(Vec::len), Some(validators), "{chain}");
		assert_eq!(set["minValidators"], minimum, "{chain}");
		let keys = patch["session"]["keys"].as_array().expect("session keys");
		assert_eq!(keys.len(), validators, "{chain}: every validator has session keys");
		assert_eq!(spec["id"], chain);
		assert_eq!(spec["properties"]["tokenSymbol"], "EUR");
	}
}

#[test]
fn no_chain_has_sudo_and_every_founder_has_a_role() {
	for (chain, members) in [("dev", 1), ("local", 2), ("consortium", 6)] {
		let spec = build_spec(chain, false);
		let patch = patch(&spec);
		assert!(patch.get("sudo").is_none(), "{chain} must have no sudo");
		let founders = patch["consortium"]["members"].as_array().expect("founding members");
		assert_eq!(founders.len(), members, "{chain}");
		for validator in patch["validatorSet"]["initialValidators"].as_array().unwrap() {
			assert!(
				founders.iter().any(|m| m[0] == *validator && m[1] == "validator"),
				"{chain}: validator {validator} is a Validator member"
			);
		}
	}
}

#[test]
fn the_well_known_nodes_are_those_of_node_keys_one_to_five() {
	let spec = build_spec("consortium", false);
	let patch = patch(&spec);
	let nodes = patch["nodeAuthorization"]["nodes"].as_array().expect("well-known nodes");
	let validators = patch["validatorSet"]["initialValidators"].as_array().unwrap();
	// Node keys 1 to 4 are the validators' nodes, node key 5 the RPC node that Alice runs.
	let owners: Vec<&serde_json::Value> =
		validators.iter().chain(std::iter::once(&validators[0])).collect();
	assert_eq!(nodes.len(), owners.len());
	let dir = tempfile::tempdir().expect("temporary directory");
	for (index, node) in nodes.iter().enumerate() {
		let key_file = dir.path().join(format!("node-key-{index}"));
		std::fs::write(&key_file, node_key(index as u64 + 1)).unwrap();
		let (stdout, stderr, ok) =
			run_node_command(&["key", "inspect-node-key", "--file", key_file.to_str().unwrap()]);
		assert!(ok, "{stderr}");
		let peer_id: Vec<u8> = serde_json::from_value(node[0].clone()).expect("peer id bytes");
		assert_eq!(bs58::encode(peer_id).into_string(), stdout.trim(), "node key {}", index + 1);
		assert_eq!(&node[1], owners[index], "the owner of node key {}", index + 1);
	}
}

#[test]
fn raw_specs_contain_the_runtime_code() {
	let spec = build_spec("consortium", true);
	// `:code` under its hex key.
	let code = &spec["genesis"]["raw"]["top"]["0x3a636f6465"];
	assert!(code.as_str().is_some_and(|code| code.len() > 1_000), "raw spec holds the wasm");
}

#[test]
fn an_unknown_chain_is_a_clear_error() {
	let (_, stderr, ok) = run_node_command(&["build-spec", "--chain", "no-such-chain"]);
	assert!(!ok);
	assert!(
		stderr.contains(
			"neither dev, local, consortium, microgrid[-N], dev-microgrid-N, local-microgrid-N nor a chain spec file"
		),
		"{stderr}"
	);
}

/// The SS58 address of the sr25519 key of `uri`, as a chain spec writes accounts.
fn address(uri: &str) -> Value {
	use sp_core::{crypto::Ss58Codec, sr25519, Pair};
	let pair = sr25519::Pair::from_string(uri, None).expect("a development key");
	Value::String(sp_core::crypto::AccountId32::from(pair.public()).to_ss58check())
}

#[test]
fn the_microgrid_chains_admit_their_households_with_meters_installations_and_money() {
	for (chain, households, founders) in [
		("microgrid", 20, 6),
		("microgrid-3", 3, 6),
		("dev-microgrid-4", 4, 2),
		("local-microgrid-2", 2, 3),
	] {
		let spec = build_spec(chain, false);
		let patch = patch(&spec);
		let members = patch["consortium"]["members"].as_array().expect("members");
		assert_eq!(members.len(), founders + 2 * households, "{chain}");
		assert!(
			members.iter().any(|m| m[0] == address("//Eve") && m[1] == "gridOperator"),
			"{chain}: Eve operates the grid"
		);
		let installations = patch["meterReadings"]["installations"].as_array().unwrap();
		assert_eq!(installations.len(), households, "{chain}");
		let balances = patch["balances"]["balances"].as_array().unwrap();
		for n in 1..=households {
			let household = address(&format!("//Household{n}"));
			let meter = address(&format!("//Meter{n}"));
			assert!(members.iter().any(|m| m[0] == household && m[1] == "household"), "{chain}");
			assert!(
				members
					.iter()
					.any(|m| m[0] == meter && m[1]["meterOracle"]["household"] == household),
				"{chain}: //Meter{n} is the meter of //Household{n}"
			);
			let installation = installations.iter().find(|i| i[0] == household).unwrap();
			assert_eq!(installation[1]["batteryCapacityWh"], 10_000, "{chain}");
			assert_eq!(installation[1]["connectionLimitWh"], 7_000, "{chain}");
			assert!(balances.iter().any(|b| b[0] == household && b[1] == 1_000_000_000_000_000u64));
			assert!(balances.iter().any(|b| b[0] == meter && b[1] == 10_000_000_000_000u64));
		}
		assert_eq!(spec["id"], chain);
	}
	// The genesis state builds: the runtime takes every household, meter and installation.
	for chain in ["dev-microgrid-4", "local-microgrid-2"] {
		let raw = build_spec(chain, true);
		assert!(raw["genesis"]["raw"]["top"].as_object().is_some_and(|top| top.len() > 20));
		assert_eq!(
			raw["chainType"],
			if chain.starts_with("dev") { "Development" } else { "Local" }
		);
	}
}

#[test]
fn the_largest_microgrid_chain_fits_the_consortium_registry() {
	// 1,000 households and their meters beside the six founders: 2,006 members. The genesis
	// state builds (the registry, the voters and the ballots' collective take them all); with
	// 128 members at most, any micro-grid of more than 61 households trapped in genesis.
	let raw = build_spec("microgrid-1000", true);
	let top = raw["genesis"]["raw"]["top"].as_object().expect("raw genesis storage");
	assert!(top.len() > 3 * 1_000, "{} keys", top.len());
}

#[test]
fn a_microgrid_of_no_households_or_too_many_is_a_clear_error() {
	for (chain, why) in [
		("microgrid-0", "not 0"),
		("microgrid-1001", "not 1001"),
		("dev-microgrid-x", "not x"),
		("local-microgrid-", "not "),
	] {
		let (_, stderr, ok) = run_node_command(&["build-spec", "--chain", chain]);
		assert!(!ok, "{chain}");
		assert!(
			stderr.contains("a micro-grid has 1 to 1000 households") && stderr.contains(why),
			"{chain}: {stderr}"
		);
	}
}
