//! Command line of the node.

/// The energy marketplace node.
#[derive(Debug, clap::Parser)]
pub struct Cli {
	/// A subcommand; without one the node runs.
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	/// How to run the node.
	#[clap(flatten)]
	pub run: sc_cli::RunCmd,

	/// Base URL of the smart meters this node reports for: its offchain worker reads
	/// `{URL}/meters/0x{meter account}/slots/{slot}` for every `metr` key in the keystore (see
	/// `offchain-agents`' meter simulator). Stored in the node's offchain storage, so it
	/// persists across restarts. Every node runs its offchain workers (node authorization
	/// needs them), validator or not.
	#[arg(long, value_name = "URL")]
	pub meter_url: Option<String>,

	/// Strategy the households' agents in this node's offchain worker negotiate with (one
	/// household per `agnt` key in the keystore whose household published it as its
	/// negotiation key). Stored in the node's offchain storage, so it persists across restarts
	/// and `offchain_localStorageSet` can change it while the node runs; `paper` if never set.
	#[arg(long, value_name = "STRATEGY", value_parser = parse_strategy)]
	pub agent_strategy: Option<String>,

	/// The most energy, in Wh, the households' selling agents in this node's offchain worker
	/// offer in one slot (they offer what the household holds beyond its own forecast need, up
	/// to this): a household keeps the rest, e.g. for the evening. Stored in the node's
	/// offchain storage like `--agent-strategy`; no limit if never set.
	#[arg(long, value_name = "WH")]
	pub agent_max_offer_wh: Option<u64>,
}

/// A strategy name the agents know, or the names they know.
fn parse_strategy(name: &str) -> Result<String, String> {
	name.parse::<energy_negotiation::Plan>().map(|_| name.to_string()).map_err(String::from)
}

/// What the node can do besides running.
#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Subcommand {
	/// Key management: generate, inspect, insert keys into a keystore.
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Write a chain specification (`--chain dev|local|consortium`) to standard output.
	BuildSpec(sc_cli::BuildSpecCmd),

	/// Export a chain specification from a preset or a file.
	ExportChainSpec(sc_cli::ExportChainSpecCmd),

	/// Check that a block imports.
	CheckBlock(sc_cli::CheckBlockCmd),

	/// Export blocks to a file.
	ExportBlocks(sc_cli::ExportBlocksCmd),

	/// Export the state of a block as a chain specification.
	ExportState(sc_cli::ExportStateCmd),

	/// Import blocks from a file.
	ImportBlocks(sc_cli::ImportBlocksCmd),

	/// Delete the whole chain database.
	PurgeChain(sc_cli::PurgeChainCmd),

	/// Revert the chain to an earlier block.
	Revert(sc_cli::RevertCmd),

	/// Benchmark the runtime's pallets, blocks, storage and the machine.
	#[command(subcommand)]
	Benchmark(frame_benchmarking_cli::BenchmarkCmd),

	/// Information about the database.
	ChainInfo(sc_cli::ChainInfoCmd),

	/// Check a runtime upgrade against a live chain's state before the consortium votes on it:
	/// runs its migrations, pre- and post-upgrade checks and every pallet's invariants.
	TryRuntime(crate::try_runtime::TryRuntimeCmd),
}
