//! Off-chain agents of the energy marketplace: programs that act on the chain from outside the
//! runtime.
//!
//! - [`meter`] and [`simulator`]: a micro-grid's smart meters, simulated household by household
//!   and served over HTTP to the runtime's offchain workers (the `meter-simulator` binary).
//! - [`anchor`]: hashing a data batch, anchoring the hash on chain and checking batches against
//!   their anchors (the `energy-anchor` binary).
//! - [`wallet`]: the shielded money pool's wallet: keys, owned notes, private transfers (the
//!   `energy-wallet` binary).

pub mod anchor;
pub mod meter;
pub mod simulator;
pub mod wallet;

/// Log to stderr at `info` unless `RUST_LOG` says otherwise: the binaries' shared set-up.
/// Colours only on a terminal, so logs captured in files and by tests stay plain text.
pub fn init_logging() {
	use std::io::IsTerminal;
	let filter = tracing_subscriber::EnvFilter::try_from_default_env()
		.unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
	tracing_subscriber::fmt()
		.with_env_filter(filter)
		.with_writer(std::io::stderr)
		.with_ansi(std::io::stderr().is_terminal())
		.init();
}
