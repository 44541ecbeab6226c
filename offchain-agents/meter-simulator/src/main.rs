//! Simulates the smart meters of a micro-grid: one household (PV, load, battery) per meter,
//! each meter's readings served over HTTP at `GET /meters/{meter}/slots/{slot}`.

use anyhow::{Context, Result};
use clap::Parser;
use meter_simulator::{meter::Grid, simulator};
use std::net::SocketAddr;

/// Serve simulated smart-meter readings: `GET /meters/0x<public key>/slots/<slot>` answers the
/// energy imported, exported and stored by that meter's household in that market slot (an
/// hour since the Unix epoch), as JSON. `GET /health` answers `ok`.
#[derive(Parser, Debug)]
#[command(version)]
struct Cli {
	/// Address and port to listen on.
	#[arg(long, default_value = "127.0.0.1:8700")]
	listen: SocketAddr,

	/// Usable capacity of each household's battery, in Wh.
	#[arg(long, default_value_t = Grid::default().battery_capacity_wh)]
	battery_capacity_wh: u64,

	/// Most energy a household's grid connection carries in one slot, in each direction, in Wh.
	#[arg(long, default_value_t = Grid::default().connection_limit_wh)]
	connection_limit_wh: u64,
}

#[tokio::main]
async fn main() -> Result<()> {
	let cli = Cli::parse();
	energy_client::init_logging();
	let grid = Grid {
		battery_capacity_wh: cli.battery_capacity_wh,
		connection_limit_wh: cli.connection_limit_wh,
	};
	let listener = tokio::net::TcpListener::bind(cli.listen)
		.await
		.with_context(|| format!("cannot listen on {}", cli.listen))?;
	tracing::info!(
		address = %listener.local_addr().context("cannot read the listening address")?,
		battery_capacity_wh = grid.battery_capacity_wh,
		connection_limit_wh = grid.connection_limit_wh,
		"serving meter readings"
	);
	// Handle Ctrl-C ourselves: a simulator started in the background by a script inherits an
	// ignored SIGINT, and the scripts stop it with one.
	tokio::select! {
		() = simulator::serve(listener, grid) => {},
		stopped = tokio::signal::ctrl_c() => {
			stopped.context("cannot listen for Ctrl-C")?;
			tracing::info!("stopping");
		},
	}
	Ok(())
}
