//! Chain specifications, all built from the runtime's genesis presets. The micro-grid chains add
//! a simulated micro-grid's households to a preset: `microgrid` (the consortium and
//! [`DEFAULT_HOUSEHOLDS`] households), `microgrid-N` (the consortium and N households),
//! `dev-microgrid-N` (`dev`, the grid operator Eve and N households) and `local-microgrid-N`
//! (`local`'s two validators, Eve and N households), so the simulator's chain needs nothing but
//! the node.

use energy_primitives::{
	microgrid::{
		household_uri, meter_uri, DEFAULT_HOUSEHOLDS, HOUSEHOLD_FUNDS, INSTALLATION,
		MAX_HOUSEHOLDS, METER_FUNDS,
	},
	AccountId, Role, DECIMALS, SS58_PREFIX, TOKEN_SYMBOL,
};
use energy_runtime::{
	genesis_config_presets::{get_preset, CONSORTIUM_PRESET},
	WASM_BINARY,
};
use sc_service::ChainType;
use serde_json::{json, Value};
use sp_core::{sr25519, Pair};
use sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::Sr25519Keyring;

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

/// The chain specification named `id`, if there is one: `dev`, `local`, `consortium`,
/// `microgrid`, `microgrid-N`, `dev-microgrid-N` or `local-microgrid-N`.
pub fn by_name(id: &str) -> Option<Result<ChainSpec, String>> {
	if let Some((id, name, preset, chain_type)) = CHAINS.into_iter().find(|(name, ..)| *name == id)
	{
		return Some(build(id, name, chain_type, Genesis::Preset(preset)));
	}
	let (base, households) = microgrid_id(id)?;
	Some(households.and_then(|households| microgrid(id, base, households)))
}

/// The preset and the number of households of the micro-grid chain `id`; `None` if `id` names
/// no micro-grid, an error if its number of households is not one the node admits.
fn microgrid_id(id: &str) -> Option<(&'static str, Result<u32, String>)> {
	let (base, count) = if id == "microgrid" {
		return Some((CONSORTIUM_PRESET, Ok(DEFAULT_HOUSEHOLDS)));
	} else if let Some(count) = id.strip_prefix("dev-microgrid-") {
		(DEV_RUNTIME_PRESET, count)
	} else if let Some(count) = id.strip_prefix("local-microgrid-") {
		(LOCAL_TESTNET_RUNTIME_PRESET, count)
	} else {
		(CONSORTIUM_PRESET, id.strip_prefix("microgrid-")?)
	};
	let households =
		count.parse::<u32>().ok().filter(|n| (1..=MAX_HOUSEHOLDS).contains(n)).ok_or_else(|| {
			format!("`{id}`: a micro-grid has 1 to {MAX_HOUSEHOLDS} households, not {count}")
		});
	Some((base, households))
}

/// The micro-grid chain `id`: preset `base` with `households` households admitted in genesis,
/// each a `Household` member with its smart meter as its `MeterOracle`, its audited
/// installation and its money.
fn microgrid(id: &str, base: &str, households: u32) -> Result<ChainSpec, String> {
	let preset = get_preset(&PresetId::from(base))
		.ok_or_else(|| format!("the runtime has no preset {base}"))?;
	let mut genesis: Value = serde_json::from_slice(&preset)
		.map_err(|e| format!("the runtime's preset {base} is not JSON: {e}"))?;
	let account = |uri: &str| -> Result<AccountId, String> {
		sr25519::Pair::from_string(uri, None)
			.map(|pair| AccountId::from(pair.public()))
			.map_err(|e| format!("cannot derive the key {uri}: {e:?}"))
	};
	let mut members = Vec::new();
	let mut balances = Vec::new();
	let mut installations = Vec::new();
	if base != CONSORTIUM_PRESET {
		// `dev` and `local` have validators only: the micro-grid needs its grid operator.
		members.push(json!([Sr25519Keyring::Eve.to_account_id(), Role::<AccountId>::GridOperator]));
	}
	for n in 1..=households {
		let household = account(&household_uri(n))?;
		let meter = account(&meter_uri(n))?;
		members.push(json!([household, Role::<AccountId>::Household]));
		members.push(json!([meter, Role::MeterOracle { household: household.clone() }]));
		balances.push(json!([household, HOUSEHOLD_FUNDS]));
		balances.push(json!([meter, METER_FUNDS]));
		installations.push(json!([household, INSTALLATION]));
	}
	append(&mut genesis, &["consortium", "members"], members)?;
	append(&mut genesis, &["balances", "balances"], balances)?;
	append(&mut genesis, &["meterReadings", "installations"], installations)?;
	let name = format!("Energy marketplace micro-grid of {households} households ({base})");
	let chain_type =
		if base == DEV_RUNTIME_PRESET { ChainType::Development } else { ChainType::Local };
	build(id, &name, chain_type, Genesis::Patch(genesis))
}

/// Appends `items` to the array at `path` in `genesis`, creating it if the preset has none.
fn append(genesis: &mut Value, path: &[&str], items: Vec<Value>) -> Result<(), String> {
	let mut at = genesis;
	for key in path {
		at = at
			.as_object_mut()
			.ok_or_else(|| format!("the preset's {} is not an object", path.join(".")))?
			.entry(*key)
			.or_insert_with(|| json!({}));
	}
	if at.as_object().is_some_and(|object| object.is_empty()) {
		*at = json!([]);
	}
	at.as_array_mut()
		.ok_or_else(|| format!("the preset's {} is not a list", path.join(".")))?
		.extend(items);
	Ok(())
}

/// Where a chain's genesis comes from.
enum Genesis<'a> {
	/// A preset of the runtime, by name.
	Preset(&'a str),
	/// A patch of the runtime's default genesis configuration.
	Patch(Value),
}

fn build(
	id: &str,
	name: &str,
	chain_type: ChainType,
	genesis: Genesis,
) -> Result<ChainSpec, String> {
	let wasm = WASM_BINARY.ok_or_else(|| {
		"the runtime's WebAssembly was not built; build without SKIP_WASM_BUILD".to_string()
	})?;
	let mut properties = sc_service::Properties::new();
	properties.insert("tokenSymbol".into(), TOKEN_SYMBOL.into());
	properties.insert("tokenDecimals".into(), DECIMALS.into());
	properties.insert("ss58Format".into(), SS58_PREFIX.into());
	let builder = ChainSpec::builder(wasm, None)
		.with_name(name)
		.with_id(id)
		.with_chain_type(chain_type)
		.with_properties(properties);
	Ok(match genesis {
		Genesis::Preset(preset) => builder.with_genesis_config_preset_name(preset),
		Genesis::Patch(patch) => builder.with_genesis_config_patch(patch),
	}
	.build())
}
