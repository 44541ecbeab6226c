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
fn the_well_known_nodes_are_those_of_node_keys_one_to_four() {
	let spec = build_spec("consortium", false);
	let patch = patch(&spec);
	let nodes = patch["nodeAuthorization"]["nodes"].as_array().expect("well-known nodes");
	let validators = patch["validatorSet"]["initialValidators"].as_array().unwrap();
	assert_eq!(nodes.len(), validators.len());
	let dir = tempfile::tempdir().expect("temporary directory");
	for (index, node) in nodes.iter().enumerate() {
		let key_file = dir.path().join(format!("node-key-{index}"));
		std::fs::write(&key_file, node_key(index as u64 + 1)).unwrap();
		let (stdout, stderr, ok) =
			run_node_command(&["key", "inspect-node-key", "--file", key_file.to_str().unwrap()]);
		assert!(ok, "{stderr}");
		let peer_id: Vec<u8> = serde_json::from_value(node[0].clone()).expect("peer id bytes");
		assert_eq!(bs58::encode(peer_id).into_string(), stdout.trim(), "node key {}", index + 1);
		assert_eq!(node[1], validators[index], "the node belongs to validator {index}");
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
	assert!(stderr.contains("neither dev, local, consortium nor a chain spec file"), "{stderr}");
}
