//! The node's chain specifications come from the runtime's genesis presets.

mod common;

use common::run_node_command;
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
fn only_the_dev_chain_has_a_sudo_key() {
	assert!(patch(&build_spec("dev", false))["sudo"]["key"].is_string());
	for chain in ["local", "consortium"] {
		let spec = build_spec(chain, false);
		let key = &patch(&spec)["sudo"]["key"];
		assert!(key.is_null(), "{chain} must have no sudo key, found {key}");
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
