//! `energy-node try-runtime`: checks a runtime upgrade against a live chain's state before the
//! consortium votes on it.
//!
//! It downloads the state of a block over a node's RPC (the storage root is checked against the
//! block header), runs the given runtime's `on_runtime_upgrade` on it with every pallet's
//! pre- and post-upgrade checks and `try_state` invariants, and reports the weight the upgrade
//! takes. Nothing is written to any chain.
//!
//! polkadot-sdk ships this driver as the separate `try-runtime` CLI, which is not published as a
//! crate that builds with this chain's polkadot-sdk release; the node therefore carries the few
//! lines that drive polkadot-sdk's own `frame-remote-externalities` and state machine.

use codec::{Decode, Encode};
use energy_runtime::opaque::Block;
use frame_remote_externalities::{Builder, Mode, OnlineConfig};
use sc_executor::{HeapAllocStrategy, RuntimeVersionOf, WasmExecutor};
use sp_core::{
	traits::{CallContext, RuntimeCode, WrappedRuntimeCode},
	H256,
};
use sp_runtime::{traits::Header as _, Weight};
use sp_state_machine::{
	backend::{BackendRuntimeCode, TryPendingCode},
	Backend, Ext, OverlayedChanges, StateMachine,
};
use std::{path::PathBuf, time::Instant};

/// The runtime API the check calls; a runtime built without feature `try-runtime` lacks it.
const TRY_RUNTIME_API: &[u8] = b"TryRuntime";

/// Where the build puts the runtime that carries the checks, under the cargo target directory.
const TRY_RUNTIME_WASM: &str = "release/wbuild/energy-runtime/try_runtime.compact.compressed.wasm";

/// Check a runtime upgrade against the state of a live chain.
#[derive(Debug, Clone, clap::Parser)]
pub struct TryRuntimeCmd {
	/// The runtime to check: a Wasm blob built with feature `try-runtime` (the build writes it to
	/// `$CARGO_TARGET_DIR/release/wbuild/energy-runtime/try_runtime.compact.compressed.wasm`).
	#[arg(long, value_name = "WASM")]
	pub runtime: PathBuf,

	/// WebSocket RPC endpoint of a node of the chain whose state the check runs on.
	#[arg(long, value_name = "WS_URL", default_value = "ws://127.0.0.1:9944")]
	pub uri: String,

	/// Hash of the block whose state is checked; the latest finalized block by default.
	#[arg(long, value_name = "HASH")]
	pub at: Option<H256>,
}

/// Which checks `on_runtime_upgrade` runs, as the `TryRuntime` API encodes it.
///
/// frame-support defines this type only when it is compiled with feature `try-runtime`, which
/// the node is not (the feature belongs to the separate runtime build the check loads), so the
/// node mirrors its encoding: `None` = 0, `All` = 1, `PreAndPost` = 2, `TryState` = 3.
#[derive(Encode)]
enum UpgradeCheckSelect {
	#[allow(dead_code)]
	None,
	All,
}

impl TryRuntimeCmd {
	/// Download the state, run the upgrade with its checks and print what happened.
	pub fn run(&self) -> Result<(), String> {
		if !(self.uri.starts_with("ws://") || self.uri.starts_with("wss://")) {
			return Err(format!(
				"--uri {}: the state is downloaded over a WebSocket, give a ws:// or wss:// URL",
				self.uri
			));
		}
		let code = std::fs::read(&self.runtime)
			.map_err(|e| format!("cannot read the runtime {}: {e}", self.runtime.display()))?;
		let executor = WasmExecutor::<crate::service::HostFunctions>::builder()
			.with_onchain_heap_alloc_strategy(HeapAllocStrategy::Dynamic { maximum_pages: None })
			.with_offchain_heap_alloc_strategy(HeapAllocStrategy::Dynamic { maximum_pages: None })
			.build();
		let runtime_code = RuntimeCode {
			code_fetcher: &WrappedRuntimeCode(code.as_slice().into()),
			heap_pages: None,
			hash: sp_crypto_hashing::blake2_256(&code).to_vec(),
		};
		let version = executor
			.runtime_version(&mut sp_state_machine::BasicExternalities::default(), &runtime_code)
			.map_err(|e| format!("{} is not a runtime: {e}", self.runtime.display()))?;
		let api = sp_crypto_hashing::blake2_64(TRY_RUNTIME_API);
		if !version.apis.iter().any(|(id, _)| *id == api) {
			return Err(format!(
				"{} ({} spec {}) has no try-runtime checks: use the runtime built with feature \
				 try-runtime, $CARGO_TARGET_DIR/{TRY_RUNTIME_WASM}",
				self.runtime.display(),
				version.spec_name,
				version.spec_version,
			));
		}

		let started = Instant::now();
		let tokio = tokio::runtime::Builder::new_current_thread()
			.enable_all()
			.build()
			.map_err(|e| format!("cannot start the downloader: {e}"))?;
		let config = OnlineConfig {
			transport_uris: vec![self.uri.clone()],
			at: self.at,
			..Default::default()
		};
		let mut state = tokio
			.block_on(Builder::<Block>::new().mode(Mode::Online(config)).build())
			.map_err(|e| match e {
				// What the download says when no connection to any URI opened.
				"At least one client must be provided" => {
					format!("cannot download the state: no node answers at {}", self.uri)
				}
				e => format!("cannot download the state from {}: {e}", self.uri),
			})?;
		let downloaded = started.elapsed();
		let header = state.header.clone();
		let backend = state.as_backend();
		let keys = backend.keys(Default::default()).map(|keys| keys.count()).unwrap_or(0);
		let chain_code = BackendRuntimeCode::new(&backend, TryPendingCode::No);
		let on_chain = executor
			.runtime_version(
				&mut Ext::new(&mut OverlayedChanges::default(), &backend, None),
				&chain_code.runtime_code()?,
			)
			.map_err(|e| format!("the chain's own runtime does not load: {e}"))?;
		println!(
			"state of block #{} ({:?}) from {}: {} keys in {:.1} s; the chain runs {} spec {}, \
			 checking {} spec {}",
			header.number(),
			header.hash(),
			self.uri,
			keys,
			downloaded.as_secs_f64(),
			on_chain.spec_name,
			on_chain.spec_version,
			version.spec_name,
			version.spec_version,
		);
		if version.spec_version <= on_chain.spec_version {
			println!(
				"note: spec {} is not above the chain's {}, so an upgrade ballot could not enact it \
				 (frame-system refuses a set_code that does not raise spec_version); checking it \
				 anyway",
				version.spec_version, on_chain.spec_version
			);
		}

		let mut overlay = OverlayedChanges::default();
		let mut extensions = Default::default();
		let result = StateMachine::new(
			&backend,
			&mut overlay,
			&executor,
			"TryRuntime_on_runtime_upgrade",
			&UpgradeCheckSelect::All.encode(),
			&mut extensions,
			&runtime_code,
			CallContext::Offchain,
		)
		.execute()
		.map_err(|e| format!("the upgrade's checks failed on block #{}: {e}", header.number()))?;
		let (weight, max_block) = <(Weight, Weight)>::decode(&mut &result[..])
			.map_err(|e| format!("the runtime answered something that is not two weights: {e}"))?;
		println!(
			"upgrade checks passed: on_runtime_upgrade, pre- and post-upgrade checks and every \
			 pallet's try_state; the upgrade weighs {} ref_time, {} proof_size ({:.3} % of a \
			 block's ref_time); {:.1} s in all",
			weight.ref_time(),
			weight.proof_size(),
			100.0 * weight.ref_time() as f64 / max_block.ref_time().max(1) as f64,
			started.elapsed().as_secs_f64(),
		);
		Ok(())
	}
}
