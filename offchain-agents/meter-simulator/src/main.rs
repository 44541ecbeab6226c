//! Simulates the smart meters of a micro-grid: one household (PV, load, battery) per meter,
//! each meter's readings served over HTTP at `GET /meters/{meter}/slots/{slot}`.

use anyhow::{Context, Result};
use clap::Parser;
use energy_household::{Battery, Installation, Site};
use meter_simulator::{roster::Roster, simulator, slot_map::SlotMap};
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
	#[arg(long, default_value_t = Battery::default().capacity_wh)]
	battery_capacity_wh: u64,

	/// One-way efficiency of each battery, in percent (1 to 100; 100 is lossless).
	#[arg(long, default_value_t = Battery::default().efficiency_percent,
		value_parser = clap::value_parser!(u8).range(1..=100))]
	battery_efficiency_percent: u8,

	/// Most energy a household's grid connection carries in one slot, in each direction, in Wh.
	#[arg(long, default_value_t = Installation::standard().connection_limit_wh)]
	connection_limit_wh: u64,

	/// The micro-grid's latitude in degrees (north positive): where its sun is.
	#[arg(long, default_value_t = Site::default().latitude_deg, allow_negative_numbers = true,
		value_parser = degrees(90.0))]
	latitude: f64,

	/// Households of a micro-grid chain spec whose meters (`//Meter1` on) measure the
	/// households laid out for them (`energy-microgrid households` lists them); any other meter
	/// measures the household its key seeds.
	#[arg(long, default_value_t = 0)]
	households: u32,

	/// A market slot that stands for the model hour `--model-slot` (the slots after it for the
	/// hours after it): on a chain whose slots are minutes, a run shows the hours it chooses.
	/// Without it each slot is the model hour of its number (hours since 1970).
	#[arg(long, requires = "model_slot")]
	chain_slot: Option<u64>,

	/// The model hour (hours since 1970, UTC) that `--chain-slot` stands for.
	#[arg(long, requires = "chain_slot")]
	model_slot: Option<u64>,

	/// The micro-grid's longitude in degrees (east positive).
	#[arg(long, default_value_t = Site::default().longitude_deg, allow_negative_numbers = true,
		value_parser = degrees(180.0))]
	longitude: f64,
}

/// A parser of an angle in degrees within `-limit..=limit`.
fn degrees(limit: f64) -> impl Fn(&str) -> Result<f64, String> + Clone + Send + Sync + 'static {
	move |text: &str| {
		let value: f64 =
			text.parse().map_err(|_| format!("{text:?} is not a number of degrees"))?;
		if value.is_finite() && value.abs() <= limit {
			Ok(value)
		} else {
			Err(format!("{text} is not within -{limit} to {limit} degrees"))
		}
	}
}

#[tokio::main]
async fn main() -> Result<()> {
	let cli = Cli::parse();
	energy_client::init_logging();
	let installation = Installation {
		site: Site { latitude_deg: cli.latitude, longitude_deg: cli.longitude },
		battery: Battery {
			capacity_wh: cli.battery_capacity_wh,
			efficiency_percent: cli.battery_efficiency_percent,
		},
		connection_limit_wh: cli.connection_limit_wh,
	};
	let slots = match (cli.chain_slot, cli.model_slot) {
		(Some(chain_slot), Some(model_slot)) => SlotMap { chain_slot, model_slot },
		_ => SlotMap::IDENTITY,
	};
	let roster = Roster::microgrid(cli.households)?;
	let listener = tokio::net::TcpListener::bind(cli.listen)
		.await
		.with_context(|| format!("cannot listen on {}", cli.listen))?;
	tracing::info!(
		address = %listener.local_addr().context("cannot read the listening address")?,
		battery_capacity_wh = installation.battery.capacity_wh,
		battery_efficiency_percent = installation.battery.efficiency_percent,
		connection_limit_wh = installation.connection_limit_wh,
		latitude = installation.site.latitude_deg,
		longitude = installation.site.longitude_deg,
		"serving meter readings"
	);
	// Handle Ctrl-C ourselves: a simulator started in the background by a script inherits an
	// ignored SIGINT, and the scripts stop it with one.
	tokio::select! {
		() = simulator::serve(listener, roster, installation, slots) => {},
		stopped = tokio::signal::ctrl_c() => {
			stopped.context("cannot listen for Ctrl-C")?;
			tracing::info!("stopping");
		},
	}
	Ok(())
}
