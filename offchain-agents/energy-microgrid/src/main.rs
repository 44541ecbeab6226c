//! Simulates a micro-grid's market: households, forecasts, negotiating agents and settlement,
//! strategy against strategy, and reports what each achieved.

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use energy_household::{Installation, SLOTS_PER_DAY};
use energy_microgrid::{
	forecasting::Method,
	population::population,
	report::{comparison_table, hour_table, write_csv, Run},
	simulation::{Settings, Simulation},
	tariff::Tariff,
};
use energy_negotiation::{exchange::Network, Plan};
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
		/// How households forecast: seasonal-naive or holt-winters.
		#[arg(long, default_value = "holt-winters")]
		forecaster: Method,
		/// Days of meter history the forecasters start from (at least 2).
		#[arg(long, default_value_t = 7)]
		history_days: u64,
		/// Penalty on the value of a shortfall, in percent (the chain's genesis has 10).
		#[arg(long, default_value_t = 10)]
		penalty_percent: u32,
		/// The smallest offer or purchase worth a negotiation, in Wh.
		#[arg(long, default_value_t = 100)]
		min_trade_wh: u64,
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

fn run(command: Command) -> Result<()> {
	match command {
		Command::Simulate {
			households,
			hours,
			first_slot,
			strategies,
			forecaster,
			history_days,
			penalty_percent,
			min_trade_wh,
			seed,
			out,
			every_hour_table,
		} => {
			let plans = strategies
				.iter()
				.map(|name| name.parse::<Plan>().map(|plan| (name.clone(), plan)))
				.collect::<Result<Vec<_>, _>>()
				.map_err(|error| anyhow::anyhow!("--strategies: {error}"))?;
			if plans.is_empty() {
				bail!("--strategies: name at least one strategy");
			}
			let settings = Settings {
				households,
				first_slot,
				hours,
				history_days,
				forecaster,
				installation: Installation::standard(),
				tariff: Tariff::time_of_use(),
				penalty_percent,
				min_trade_wh,
				network: Network::default(),
				seed,
			};
			simulate(settings, plans, out, every_hour_table)
		}
		Command::Forecasts { households, history_days, held_out_days, first_slot, seed } => {
			forecasts(households, history_days, held_out_days, first_slot, seed)
		}
	}
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
		write_csv(&dir, &simulation, &runs)?;
		println!("wrote hours.csv, households.csv and strategies.csv to {}", dir.display());
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
