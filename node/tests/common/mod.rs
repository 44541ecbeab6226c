//! Starts real `energy-node` processes on free 127.0.0.1 ports and talks to them over JSON-RPC.

#![allow(dead_code)]

use std::{
	fs::File,
	net::TcpListener,
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};

use jsonrpsee::{
	core::client::ClientT,
	http_client::{HttpClient, HttpClientBuilder},
	rpc_params,
};
use serde_json::Value;

/// The node binary cargo built for these tests.
pub const NODE: &str = env!("CARGO_BIN_EXE_energy-node");

/// How long a starting node may take to answer RPC. Before it does, it compiles the runtime's
/// WebAssembly to machine code, which takes seconds alone and over a minute when scripts/e2e.sh
/// starts the nodes of every end-to-end test at once on two cores.
pub const STARTUP_TIMEOUT: Duration = Duration::from_secs(180);

/// How the tests and scripts start a node on 127.0.0.1: its flags, with `{placeholders}` for the
/// values of each node. The one definition, which the JavaScript tests and `scripts/lib.sh` read
/// too (`scripts/js/lib/test-node.mjs`).
const TEST_NODE: &str = include_str!("../test-node.json");

/// Node key `n` as the node takes it: 64 hex digits. Keys 1 to 4 are the presets' well-known
/// nodes.
pub fn node_key(n: u64) -> String {
	format!("{n:064x}")
}

/// A port nobody listens on right now.
pub fn free_port() -> u16 {
	TcpListener::bind("127.0.0.1:0")
		.and_then(|listener| listener.local_addr())
		.map(|addr| addr.port())
		.expect("the OS hands out a free port")
}

/// How one node of a test network is started.
#[derive(Clone, Debug)]
pub struct NodeConfig {
	/// `--chain`: a preset name or a chain spec file.
	pub chain: String,
	/// Dev account whose keys the node validates with (`alice`, `bob`, ...), or the node's
	/// name if it does not validate.
	pub validator: &'static str,
	/// Whether it validates (`--alice`, ...) or only follows the chain (`--name`).
	pub authority: bool,
	/// Where the node keeps its database, keystore and log.
	pub base_path: PathBuf,
	/// The libp2p port, on 127.0.0.1.
	pub p2p_port: u16,
	/// The JSON-RPC port, on 127.0.0.1.
	pub rpc_port: u16,
	/// The Prometheus port, on 127.0.0.1.
	pub prometheus_port: u16,
	/// Fixed network key, so the node keeps its peer id across restarts.
	pub node_key: String,
	/// Multiaddresses of nodes to connect to first.
	pub bootnodes: Vec<String>,
}

impl NodeConfig {
	/// A validator node of `chain` under `root`, on fresh ports; `index` picks its network key.
	pub fn validator(chain: &str, validator: &'static str, root: &Path, index: u8) -> Self {
		Self {
			chain: chain.into(),
			validator,
			base_path: root.join(validator),
			p2p_port: free_port(),
			rpc_port: free_port(),
			prometheus_port: free_port(),
			node_key: node_key(u64::from(index) + 1),
			bootnodes: Vec::new(),
			authority: true,
		}
	}

	/// A node of `chain` that does not validate, named `name`, with network key `index + 1`:
	/// a consortium member's RPC node when the key is a well-known node, an outsider otherwise.
	pub fn follower(chain: &str, name: &'static str, root: &Path, index: u8) -> Self {
		Self { authority: false, ..Self::validator(chain, name, root, index) }
	}

	/// Where the node logs: `node.log` in its base path, unless `ENERGY_NODE_LOG_DIR` (set by
	/// scripts/e2e.sh) keeps every node's log of a test together, where it outlives the test's
	/// temporary directory.
	pub fn log_path(&self) -> PathBuf {
		match std::env::var_os("ENERGY_NODE_LOG_DIR") {
			Some(dir) => {
				let root = self.base_path.parent().and_then(|root| root.file_name());
				let root = root.map(|root| root.to_string_lossy().into_owned()).unwrap_or_default();
				PathBuf::from(dir).join(format!("{root}-{}.log", self.validator))
			}
			None => self.base_path.join("node.log"),
		}
	}

	/// The node's command line: the flags of `test-node.json` with this node's values, then the
	/// validator's dev keys and the bootnodes.
	pub fn args(&self) -> Vec<String> {
		let spec: Value = serde_json::from_str(TEST_NODE).expect("test-node.json is JSON");
		let values = [
			("chain", self.chain.clone()),
			("basePath", self.base_path.to_str().expect("utf-8 base path").to_string()),
			("p2p", self.p2p_port.to_string()),
			("rpc", self.rpc_port.to_string()),
			("prometheus", self.prometheus_port.to_string()),
			("nodeKey", self.node_key.clone()),
		];
		let mut args: Vec<String> = spec["args"]
			.as_array()
			.expect("test-node.json lists the args")
			.iter()
			.map(|arg| {
				let mut arg = arg.as_str().expect("every arg is a string").to_string();
				for (name, value) in &values {
					arg = arg.replace(&format!("{{{name}}}"), value);
				}
				assert!(!arg.contains('{'), "test-node.json: no value for a placeholder in {arg}");
				arg
			})
			.collect();
		if self.authority {
			args.push(format!("--{}", self.validator));
		} else {
			args.extend(["--name".to_string(), self.validator.to_string()]);
		}
		for bootnode in &self.bootnodes {
			args.extend(["--bootnodes".to_string(), bootnode.clone()]);
		}
		args
	}
}

/// A running node process; stopped with SIGINT when dropped.
pub struct Node {
	pub config: NodeConfig,
	child: Option<Child>,
	pub rpc: HttpClient,
}

impl Node {
	/// Start the node; its output goes to `node.log` in its base path.
	pub fn start(config: NodeConfig) -> Self {
		std::fs::create_dir_all(&config.base_path).expect("base path can be created");
		let log = File::options()
			.create(true)
			.append(true)
			.open(config.log_path())
			.expect("log file can be opened");
		let child = Command::new(NODE)
			.args(config.args())
			.stdin(Stdio::null())
			.stdout(log.try_clone().expect("log file handle"))
			.stderr(log)
			.spawn()
			.expect("energy-node starts");
		let rpc = HttpClientBuilder::default()
			.request_timeout(Duration::from_secs(10))
			.build(format!("http://127.0.0.1:{}", config.rpc_port))
			.expect("valid RPC URL");
		Self { config, child: Some(child), rpc }
	}

	/// Call an RPC method; `None` while the node is not answering.
	pub async fn call(&self, method: &str, params: Vec<Value>) -> Option<Value> {
		let mut builder = jsonrpsee::core::params::ArrayParams::new();
		for param in params {
			builder.insert(param).ok()?;
		}
		self.rpc.request::<Value, _>(method, builder).await.ok()
	}

	/// Wait until the node answers RPC calls; fail at once if it exits.
	pub async fn wait_for_rpc(&mut self, timeout: Duration) {
		let deadline = Instant::now() + timeout;
		while self.rpc.request::<Value, _>("system_health", rpc_params![]).await.is_err() {
			if let Some(Ok(Some(status))) = self.child.as_mut().map(Child::try_wait) {
				panic!("{} exited with {status}\n{}", self.name(), self.log_tail());
			}
			assert!(
				Instant::now() < deadline,
				"{} never answered RPC\n{}",
				self.name(),
				self.log_tail()
			);
			tokio::time::sleep(Duration::from_millis(250)).await;
		}
	}

	/// The node's libp2p address, for other nodes' `--bootnodes`.
	pub async fn multiaddr(&self) -> String {
		let peer_id = self.call("system_localPeerId", vec![]).await.expect("peer id");
		format!(
			"/ip4/127.0.0.1/tcp/{}/p2p/{}",
			self.config.p2p_port,
			peer_id.as_str().expect("peer id is a string")
		)
	}

	/// Number and hash of the best block.
	pub async fn best(&self) -> Option<(u64, String)> {
		let header = self.call("chain_getHeader", vec![]).await?;
		let number = parse_number(&header["number"])?;
		let hash = self.call("chain_getBlockHash", vec![number.into()]).await?;
		Some((number, hash.as_str()?.to_string()))
	}

	/// Number and hash of the last finalized block.
	pub async fn finalized(&self) -> Option<(u64, String)> {
		let hash = self.call("chain_getFinalizedHead", vec![]).await?;
		let header = self.call("chain_getHeader", vec![hash.clone()]).await?;
		Some((parse_number(&header["number"])?, hash.as_str()?.to_string()))
	}

	/// Hash of the block at `number` on the node's best chain.
	pub async fn block_hash(&self, number: u64) -> Option<String> {
		self.call("chain_getBlockHash", vec![number.into()]).await?.as_str().map(str::to_string)
	}

	/// Name of the node in messages.
	pub fn name(&self) -> &str {
		self.config.validator
	}

	/// The last lines the node logged.
	pub fn log_tail(&self) -> String {
		let log = std::fs::read_to_string(self.config.log_path()).unwrap_or_default();
		let lines: Vec<&str> = log.lines().collect();
		lines[lines.len().saturating_sub(30)..].join("\n")
	}

	/// Stop the node as Ctrl-C does and wait for it to exit.
	pub fn stop(&mut self) {
		let Some(mut child) = self.child.take() else { return };
		let _ = Command::new("kill").args(["-INT", &child.id().to_string()]).status();
		let deadline = Instant::now() + Duration::from_secs(30);
		while Instant::now() < deadline {
			if let Ok(Some(status)) = child.try_wait() {
				assert!(
					status.success(),
					"{} exited with {status}\n{}",
					self.name(),
					self.log_tail()
				);
				return;
			}
			std::thread::sleep(Duration::from_millis(100));
		}
		let _ = child.kill();
		let _ = child.wait();
		panic!("{} did not stop within 30 s of SIGINT\n{}", self.name(), self.log_tail());
	}
}

impl Drop for Node {
	fn drop(&mut self) {
		if let Some(mut child) = self.child.take() {
			let _ = child.kill();
			let _ = child.wait();
		}
	}
}

/// A block number from a header: hex (`"0x1a"`) as the RPC returns it.
fn parse_number(value: &Value) -> Option<u64> {
	u64::from_str_radix(value.as_str()?.trim_start_matches("0x"), 16).ok()
}

/// Poll `check` every half second until it returns `Some`, or fail after `timeout`.
pub async fn eventually<T, F, Fut>(
	what: &str,
	timeout: Duration,
	nodes: &[&Node],
	mut check: F,
) -> T
where
	F: FnMut() -> Fut,
	Fut: std::future::Future<Output = Option<T>>,
{
	let deadline = Instant::now() + timeout;
	loop {
		if let Some(value) = check().await {
			return value;
		}
		if Instant::now() >= deadline {
			let logs: Vec<String> = nodes
				.iter()
				.map(|node| format!("--- {}\n{}", node.name(), node.log_tail()))
				.collect();
			panic!("timed out after {timeout:?} waiting for {what}\n{}", logs.join("\n"));
		}
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
}

/// Run `energy-node` with `args` and return its standard output, standard error and success.
pub fn run_node_command(args: &[&str]) -> (String, String, bool) {
	let output = Command::new(NODE).args(args).output().expect("energy-node runs");
	(
		String::from_utf8_lossy(&output.stdout).into_owned(),
		String::from_utf8_lossy(&output.stderr).into_owned(),
		output.status.success(),
	)
}

/// The Aura slot a block was authored in, from its pre-runtime digest. Its author is the
/// authority at `slot % authorities`.
pub fn aura_slot(header: &Value) -> Option<u64> {
	// A pre-runtime digest item is SCALE: variant 6, engine id "aura", compact length 8 (0x20),
	// then the slot as a little-endian u64.
	const AURA_PRE_DIGEST: &str = "0x066175726120";
	header["digest"]["logs"].as_array()?.iter().find_map(|log| {
		let slot_hex = log.as_str()?.strip_prefix(AURA_PRE_DIGEST)?;
		let bytes = (0..8)
			.map(|i| u8::from_str_radix(slot_hex.get(2 * i..2 * i + 2)?, 16).ok())
			.collect::<Option<Vec<u8>>>()?;
		Some(u64::from_le_bytes(bytes.try_into().ok()?))
	})
}
