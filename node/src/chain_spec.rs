//! Chain specifications, all built from the runtime's genesis presets.

use energy_primitives::{DECIMALS, SS58_PREFIX, TOKEN_SYMBOL};
use energy_runtime::{genesis_config_presets::CONSORTIUM_PRESET, WASM_BINARY};
use sc_service::ChainType;
use sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};

/// The chain specification of this node's chains. Building the genesis state runs the runtime,
/// which imports the shielded pool's verifiers as host functions.
pub type ChainSpec =
	sc_service::GenericChainSpec<sc_service::NoExtension, energy_privacy::host::HostFunctions>;

/// The chains the node knows by name, with their preset and chain type.
const CHAINS: [(&str, &str, &str, ChainType); 3] = [
	("dev", "Energy marketplace development", DEV_RUNTIME_PRESET, ChainType::Development),
	("local", "Energy marketplace local testnet", LOCAL_TESTNET_RUNTIME_PRESET, ChainType::Local),
	("consortium", "Energy marketplace consortium", CONSORTIUM_PRESET, ChainType::Local),
];

/// The chain specification named `id` (`dev`, `local` or `consortium`), if there is one.
pub fn by_name(id: &str) -> Option<Result<ChainSpec, String>> {
	let (id, name, preset, chain_type) = CHAINS.into_iter().find(|(name, ..)| *name == id)?;
	Some(build(id, name, preset, chain_type))
}

fn build(id: &str, name: &str, preset: &str, chain_type: ChainType) -> Result<ChainSpec, String> {
	let wasm = WASM_BINARY.ok_or_else(|| {
		"the runtime's WebAssembly was not built; build without SKIP_WASM_BUILD".to_string()
	})?;
	let mut properties = sc_service::Properties::new();
	properties.insert("tokenSymbol".into(), TOKEN_SYMBOL.into());
	properties.insert("tokenDecimals".into(), DECIMALS.into());
	properties.insert("ss58Format".into(), SS58_PREFIX.into());
	Ok(ChainSpec::builder(wasm, None)
		.with_name(name)
		.with_id(id)
		.with_chain_type(chain_type)
		.with_genesis_config_preset_name(preset)
		.with_properties(properties)
		.build())
}
