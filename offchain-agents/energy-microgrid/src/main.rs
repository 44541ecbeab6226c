//! Simulates a micro-grid's market: households, forecasts, negotiating agents and settlement,
//! through a running consortium (`trade`) or in memory strategy against strategy (`simulate`),
//! and reports what each achieved.

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use energy_household::{Installation, SLOTS_PER_DAY};
use energy_microgrid::{
	chain::Chain,
	charts::write_charts,
	forecasting::{Method, Planning},
	population::{chain_population, population},
	report::{comparison_table, hour_table, write_csv, Run},
	simulation::{Population, Settings, Simulation},
	tariff::Tariff,
	trading::{trade, TradeSettings},
};
use energy_negotiation::{exchange::Network, Plan};
use energy_primitives::microgrid::DEFAULT_HOUSEHOLDS;
use indicatif::{ProgressBar, ProgressStyle};
use std::{
	path::PathBuf,
	process::ExitCode,
	sync::{
		atomic::{AtomicBool, Ordering},
		Arc,
	},
	time::Instant,
};

/// 2026-06-21 00:00 UTC: a summer day, when households have energy to trade.
const SUMMER_DAY: u64 = 20_625 * 24;

#[derive(Parser, Debug)]
#[command(version, about = "Simulates a micro-grid's peer-to-peer energy market")]
struct Cli {
	#[command(subcommand)]
	command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
	/// Trade through a running consortium whose chain spec admits the micro-grid's households
	/// (`energy-node --chain microgrid`): their forecasting and negotiating agents and the grid
	/// operator, slot after slot, settled by the chain against the meters its nodes read; then
	/// the same hours in memory with each strategy of `--compare`, side by side.
	Trade {
		/// A node's WebSocket RPC URL; repeat it for each node whose offchain worker reads
		/// meters (the households' meter keys go to them in turn). Calls go to the first.
		#[arg(long = "node", default_value = "ws://127.0.0.1:9944")]
		nodes: Vec<String>,
		/// Households that trade: the chain spec's first ones (`//Household1` on).
		#[arg(long, default_value_t = DEFAULT_HOUSEHOLDS as usize)]
		households: usize,
		/// Delivery slots to trade (each a compressed market hour).
		#[arg(long, default_value_t = 12)]
		hours: u64,
		/// The agents' strategy on the chain: boulware, linear, conceder, tit-for-tat or paper.
		#[arg(long, default_value = "paper")]
		strategy: String,
		/// Strategies to run in memory on the same hours, for comparison (comma-separated).
		#[arg(long, value_delimiter = ',', default_value = "boulware,conceder")]
		compare: Vec<String>,
		#[command(flatten)]
		planning: Planning,
		/// The grid operator's secret URI.
		#[arg(long, default_value = "//Eve")]
		operator: String,
		/// Where to serve the households' smart meters: the nodes' `--meter-url`.
		#[arg(long, default_value = "127.0.0.1:8700")]
		meters_listen: std::net::SocketAddr,
		/// The model hour the first delivery slot stands for (hours since 1970-01-01 00:00
		/// UTC); the default is 2026-06-21 05:00, a summer morning.
		#[arg(long, default_value_t = SUMMER_DAY + 5)]
		first_hour: u64,
		/// Directory to write hours.csv, households.csv and strategies.csv into.
		#[arg(long)]
		out: Option<PathBuf>,
		/// Households whose agents run in the nodes' offchain workers instead of this process:
		/// the first this many (their keys go to the nodes in turn, at most 64 a node). They
		/// trade among themselves; this process still simulates and meters them.
		#[arg(long, default_value_t = 0)]
		ocw_households: usize,
	},
	/// Run market hours with each strategy on the same households, weather and forecasts, and
	/// report them side by side.
	Simulate {
		/// Households of the micro-grid.
		#[arg(long, default_value_t = 20)]
		households: usize,
		/// Market hours to simulate.
		#[arg(long, default_value_t = 24)]
		hours: u64,
		/// The first slot (hours since 1970-01-01 00:00 UTC); the default is 2026-06-21 00:00.
		#[arg(long, default_value_t = SUMMER_DAY)]
		first_slot: u64,
		/// Strategies to compare, comma-separated: boulware, linear, conceder, tit-for-tat,
		/// paper.
		#[arg(long, value_delimiter = ',', default_value = "paper,boulware,conceder")]
		strategies: Vec<String>,
		#[command(flatten)]
		planning: Planning,
		/// Penalty on the value of a shortfall, in percent (the chain's genesis has 10).
		#[arg(long, default_value_t = 10)]
		penalty_percent: u32,
		/// Seeds the households.
		#[arg(long, default_value_t = 2022)]
		seed: u64,
		/// Directory to write hours.csv, households.csv and strategies.csv into.
		#[arg(long)]
		out: Option<PathBuf>,
		/// Print the hour-by-hour table of every strategy, not only the first.
		#[arg(long)]
		every_hour_table: bool,
	},
	/// The households a micro-grid chain spec admits (`energy-node --chain microgrid-N`), as
	/// the simulator and the meters model them.
	Households {
		/// How many to list.
		#[arg(long, default_value_t = DEFAULT_HOUSEHOLDS as usize)]
		count: usize,
	},
	/// The forecasting agents' mean absolute error on held-out days, method by method.
	Forecasts {
		/// Households to forecast for.
		#[arg(long, default_value_t = 20)]
		households: usize,
		/// Days of history before the held-out days.
		#[arg(long, default_value_t = 14)]
		history_days: u64,
		/// Days held out and forecast a day ahead.
		#[arg(long, default_value_t = 7)]
		held_out_days: u64,
		/// The first held-out slot (hours since 1970-01-01 00:00 UTC, a midnight).
		#[arg(long, default_value_t = SUMMER_DAY)]
		first_slot: u64,
		/// Seeds the households.
		#[arg(long, default_value_t = 2022)]
		seed: u64,
	},
}

fn main() -> ExitCode {
	match run(Cli::parse().command) {
		Ok(()) => ExitCode::SUCCESS,
		Err(error) => {
			eprintln!("error: {error:#}");
			ExitCode::FAILURE
		}
	}
}

/// The strategies named in `names`, each with its name.
fn plans(names: &[String], flag: &str) -> Result<Vec<(String, Plan)>> {
	names
		.iter()
		.filter(|name| !name.is_empty())
		.map(|name| name.parse::<Plan>().map(|plan| (name.clone(), plan)))
		.collect::<Result<Vec<_>, _>>()
		.map_err(|error| anyhow::anyhow!("{flag}: {error}"))
}

fn run(command: Command) -> Result<()> {
	match command {
		Command::Trade {
			nodes,
			households,
			hours,
			strategy,
			compare,
			planning,
			operator,
			meters_listen,
			first_hour,
			out,
			ocw_households,
		} => {
			let plan =
				strategy.parse::<Plan>().map_err(|error| anyhow::anyhow!("--strategy: {error}"))?;
			if households == 0 || hours == 0 {
				bail!("trade at least one hour with at least one household");
			}
			if ocw_households > households {
				bail!(
					"--ocw-households {ocw_households}: at most the {households} households that \
					 trade"
				);
			}
			planning.check().map_err(anyhow::Error::msg)?;
			let settings = TradeSettings {
				households,
				hours,
				strategy: format!("{strategy} (chain)"),
				plan,
				forecaster: planning.forecaster,
				history_days: planning.history_days,
				min_trade_wh: planning.min_trade_wh,
				operator: energy_client::keypair(&operator).context("--operator")?,
				tariff: Tariff::time_of_use(),
				meters_listen,
				first_model_slot: first_hour,
				in_node: ocw_households,
				node_endpoints: nodes
					.iter()
					.map(|url| http_endpoint(url))
					.collect::<Result<_>>()?,
			};
			let compare = plans(&compare, "--compare")?;
			// The agents log what the chain refused (warnings, on stderr); the meters' requests
			// (one per meter and slot) only with RUST_LOG=meter_simulator=info.
			energy_client::init_logging_with("info,meter_simulator=warn");
			tokio::runtime::Runtime::new()
				.context("cannot start the async runtime")?
				.block_on(trade_through_chain(nodes, settings, compare, out))
		}
		Command::Simulate {
			households,
			hours,
			first_slot,
			strategies,
			planning,
			penalty_percent,
			seed,
			out,
			every_hour_table,
		} => {
			let plans = plans(&strategies, "--strategies")?;
			if plans.is_empty() {
				bail!("--strategies: name at least one strategy");
			}
			let settings = Settings {
				households,
				first_slot,
				hours,
				history_days: planning.history_days,
				forecaster: planning.forecaster,
				installation: Installation::standard(),
				tariff: Tariff::time_of_use(),
				penalty_percent,
				min_trade_wh: planning.min_trade_wh,
				network: Network::default(),
				population: Population::Seeded(seed),
			};
			simulate(settings, plans, out, every_hour_table)
		}
		Command::Households { count } => {
			println!(
				"{:>4} {:<18} {:>10} {:>14} {:>14}",
				"n", "kind", "PV peak W", "daily load Wh", "cost EUR/kWh"
			);
			for (i, member) in chain_population(count).iter().enumerate() {
				println!(
					"{:>4} {:<18} {:>10} {:>14} {:>14.4}",
					i + 1,
					format!("{:?}", member.model.kind),
					member.model.pv_peak_w,
					member.model.daily_load_wh,
					member.cost_per_kwh as f64 / energy_primitives::UNIT as f64
				);
			}
			Ok(())
		}
		Command::Forecasts { households, history_days, held_out_days, first_slot, seed } => {
			forecasts(households, history_days, held_out_days, first_slot, seed)
		}
	}
}

/// Where buyers reach a node's RPC over HTTP, for its WebSocket URL `url` (the node serves both
/// on one port).
fn http_endpoint(url: &str) -> Result<String> {
	if let Some(rest) = url.strip_prefix("ws://") {
		Ok(format!("http://{rest}"))
	} else if let Some(rest) = url.strip_prefix("wss://") {
		Ok(format!("https://{rest}"))
	} else {
		bail!("--node {url}: not a WebSocket URL (ws://HOST:PORT)")
	}
}

async fn trade_through_chain(
	urls: Vec<String>,
	settings: TradeSettings,
	compare: Vec<(String, Plan)>,
	out: Option<PathBuf>,
) -> Result<()> {
	let mut nodes = Vec::new();
	for url in &urls {
		nodes.push(Chain::connect(url).await?);
	}
	let chain = nodes.first().context("--node: name at least one node")?;
	// Ctrl-C stops after the step in progress; the report covers the hours traded.
	let stop = Arc::new(AtomicBool::new(false));
	{
		let stop = stop.clone();
		ctrlc::set_handler(move || stop.store(true, Ordering::SeqCst))
			.context("cannot listen for Ctrl-C")?;
	}
	let progress = ProgressBar::new_spinner();
	progress.set_style(
		ProgressStyle::with_template("{spinner} [{elapsed_precise}] {msg}")
			.context("a progress template")?,
	);
	progress.enable_steady_tick(std::time::Duration::from_millis(200));
	let (households, hours, in_node) = (settings.households, settings.hours, settings.in_node);
	eprintln!(
		"{households} households trade {hours} slots through {}; forecasts by {}",
		urls[0], settings.forecaster
	);
	if in_node > 0 {
		eprintln!(
			"households 1 to {in_node} trade from the offchain workers of {}",
			urls.iter().take(in_node).cloned().collect::<Vec<_>>().join(", ")
		);
	}
	let outcome =
		trade(chain, &nodes, settings, stop.clone(), |step| progress.set_message(step.to_string()))
			.await?;
	progress.finish_and_clear();
	if stop.load(Ordering::SeqCst) {
		eprintln!("stopped by Ctrl-C: the report covers the slots traded");
	}
	let simulation = &outcome.simulation;
	let traded = outcome.run.hours.len();
	let mut runs = vec![outcome.run];
	for (name, plan) in compare {
		let started = Instant::now();
		let hours = (0..traded).map(|h| simulation.run_hour(h, plan)).collect();
		runs.push(Run {
			strategy: format!("{name} (in memory)"),
			plan,
			hours,
			elapsed: started.elapsed(),
		});
	}
	println!("{}", hour_table(&runs[0]));
	println!("{}", comparison_table(&runs));
	let recorded: u32 = runs[0].hours.iter().map(|h| h.agreements + h.in_node_agreements).sum();
	println!(
		"the chain recorded {recorded} agreements; {} not settled when the run ended; {} calls \
		 refused",
		outcome.unsettled, outcome.refused
	);
	if in_node > 0 {
		let hours = &runs[0].hours;
		let parts = |f: fn(&energy_microgrid::simulation::Part) -> u64| -> u64 {
			hours.iter().flat_map(|h| h.parts.iter().take(in_node).map(f)).sum()
		};
		println!(
			"households 1 to {in_node}, from the nodes' offchain workers: {} offers ({} Wh), {} \
			 agreements recorded ({} Wh); {} Wh sold and {} Wh bought as settled",
			hours.iter().map(|h| h.in_node_offers).sum::<u32>(),
			hours.iter().map(|h| h.in_node_offered_wh).sum::<u64>(),
			hours.iter().map(|h| h.in_node_agreements).sum::<u32>(),
			hours.iter().map(|h| h.in_node_agreed_wh).sum::<u64>(),
			parts(|p| p.sold_wh),
			parts(|p| p.bought_wh),
		);
	}
	let latency = outcome.latency;
	println!(
		"the chain took up to {:.1} s to include a slot's offers and {:.1} s its agreements (a \
		 slot lasts {:.0} s)",
		latency.offers.as_secs_f64(),
		latency.recordings.as_secs_f64(),
		latency.slot.as_secs_f64()
	);
	if let Some(dir) = out {
		write_report(&dir, simulation, &runs)?;
	}
	Ok(())
}

/// Writes the CSV files of `runs` and the charts of the first into `dir`. Charts that cannot
/// be drawn are a warning: the tables and CSV files hold everything they show.
fn write_report(dir: &std::path::Path, simulation: &Simulation, runs: &[Run]) -> Result<()> {
	write_csv(dir, simulation, runs)?;
	println!("wrote hours.csv, households.csv and strategies.csv to {}", dir.display());
	match write_charts(dir, simulation, &runs[0]) {
		Ok(charts) => {
			let names: Vec<_> =
				charts.iter().filter_map(|p| p.file_name()?.to_str().map(String::from)).collect();
			println!("wrote {} to {}", names.join(", "), dir.display());
		}
		Err(error) => eprintln!("warning: no charts: {error:#}"),
	}
	Ok(())
}

fn simulate(
	settings: Settings,
	plans: Vec<(String, Plan)>,
	out: Option<PathBuf>,
	every_hour_table: bool,
) -> Result<()> {
	let started = Instant::now();
	let simulation = Simulation::new(settings).context("cannot set up the simulation")?;
	let settings = simulation.settings();
	eprintln!(
		"{} households, {} hours from slot {}, forecasts by {}; prepared in {:.1} s",
		settings.households,
		settings.hours,
		settings.first_slot,
		settings.forecaster,
		started.elapsed().as_secs_f64()
	);
	// Ctrl-C stops after the hour in progress; the report covers the hours run.
	let stop = Arc::new(AtomicBool::new(false));
	{
		let stop = stop.clone();
		ctrlc::set_handler(move || stop.store(true, Ordering::SeqCst))
			.context("cannot listen for Ctrl-C")?;
	}
	let progress = ProgressBar::new(plans.len() as u64 * settings.hours);
	progress.set_style(
		ProgressStyle::with_template("{bar:40} {pos}/{len} hours {msg} [{elapsed_precise}]")
			.context("a progress template")?,
	);
	let mut runs = Vec::new();
	'strategies: for (name, plan) in plans {
		progress.set_message(name.clone());
		let mut run = Run { strategy: name, plan, hours: Vec::new(), elapsed: Default::default() };
		for hour in 0..settings.hours as usize {
			if stop.load(Ordering::SeqCst) {
				runs.push(run);
				break 'strategies;
			}
			let started = Instant::now();
			run.hours.push(simulation.run_hour(hour, plan));
			run.elapsed += started.elapsed();
			progress.inc(1);
		}
		runs.push(run);
	}
	progress.finish_and_clear();
	if stop.load(Ordering::SeqCst) {
		eprintln!("stopped by Ctrl-C: the report covers the hours run");
	}
	for (i, run) in runs.iter().enumerate() {
		if i == 0 || every_hour_table {
			println!("{}", hour_table(run));
		}
	}
	println!("{}", comparison_table(&runs));
	if let Some(dir) = out {
		write_report(&dir, &simulation, &runs)?;
	}
	Ok(())
}

fn forecasts(
	households: usize,
	history_days: u64,
	held_out_days: u64,
	first_slot: u64,
	seed: u64,
) -> Result<()> {
	if households == 0 || held_out_days == 0 {
		bail!("forecast at least one household over at least one held-out day");
	}
	if history_days < 2 {
		bail!("--history-days: the forecasters need at least 2 days of history");
	}
	if first_slot % SLOTS_PER_DAY != 0 {
		bail!("--first-slot must be a midnight (a multiple of 24)");
	}
	let first = (first_slot / SLOTS_PER_DAY)
		.checked_sub(history_days)
		.context("--first-slot: the history would start before 1970")?;
	let installation = Installation::standard();
	let members = population(households, seed);
	let series = ["pv", "load", "export", "import"];
	let mut errors = vec![[0.0f64; 4]; Method::ALL.len()];
	let mut scale = [0.0f64; 4];
	for member in &members {
		let days = first_slot / SLOTS_PER_DAY + held_out_days - first;
		let flows = member.model.days(first, days, &installation);
		let columns: [Vec<f64>; 4] = [
			flows.iter().map(|f| f.pv_wh as f64).collect(),
			flows.iter().map(|f| f.load_wh as f64).collect(),
			flows.iter().map(|f| f.exported_wh as f64).collect(),
			flows.iter().map(|f| f.imported_wh as f64).collect(),
		];
		for (s, column) in columns.iter().enumerate() {
			let held_out = &column[column.len() - held_out_days as usize * 24..];
			scale[s] += held_out.iter().sum::<f64>() / held_out.len() as f64;
			for (m, method) in Method::ALL.iter().enumerate() {
				errors[m][s] += method
					.evaluate(column, held_out_days as usize)
					.map_err(|short| anyhow::anyhow!("{method} needs {} hours", short.0))?;
			}
		}
	}
	let n = members.len() as f64;
	println!(
		"mean absolute error of day-ahead forecasts, Wh per hour ({households} households, \
		 {held_out_days} held-out days after {history_days} days of history)"
	);
	print!("{:<16}", "method");
	for name in series {
		print!(" {name:>10}");
	}
	println!();
	for (m, method) in Method::ALL.iter().enumerate() {
		print!("{:<16}", method.to_string());
		for s in 0..series.len() {
			print!(" {:>10.1}", errors[m][s] / n);
		}
		println!();
	}
	print!("{:<16}", "(mean value)");
	for s in 0..series.len() {
		print!(" {:>10.1}", scale[s] / n);
	}
	println!();
	Ok(())
}
