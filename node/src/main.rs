//! The energy marketplace node: Aura block production, GRANDPA finality, ParityDB storage,
//! the standard JSON-RPC server, offchain workers and Prometheus metrics.

#![warn(missing_docs)]

mod benchmarking;
mod chain_spec;
mod cli;
mod command;
mod rpc;
mod service;

fn main() -> sc_cli::Result<()> {
	command::run()
}
