//! The energy marketplace node: Aura block production, GRANDPA finality, ParityDB storage,
//! the standard JSON-RPC server, offchain workers and Prometheus metrics.

#![warn(missing_docs)]

mod agent_metrics;
mod benchmarking;
mod chain_spec;
mod cli;
mod command;
mod rpc;
mod service;
mod try_runtime;

/// Runs the command line; an error is printed as its message (not Rust's debug form) and the
/// process exits with status 1.
fn main() -> std::process::ExitCode {
	match command::run() {
		Ok(()) => std::process::ExitCode::SUCCESS,
		Err(e) => {
			eprintln!("Error: {e}");
			std::process::ExitCode::FAILURE
		}
	}
}
