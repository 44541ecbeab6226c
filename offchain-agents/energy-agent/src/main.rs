//! `energy-agent`: households' negotiating agents, or the grid operator's, as a program of
//! their own. See the crate's library.

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use energy_agent::{
	households::{self, HostList, Roles, Settings},
	private,
};
use energy_microgrid::{forecasting::Planning, operator, tariff::Tariff};
use energy_negotiation::Plan;
use meter_simulator::slot_map::SlotMap;
use std::{
	net::SocketAddr,
	path::PathBuf,
	process::ExitCode,
	sync::{
		atomic::{AtomicBool, Ordering},
		Arc,
	},
};

#[derive(Parser)]
#[command(
	version,
	about = "Negotiating agents of the energy market: households' sellers and \
	buyers that negotiate with other processes' agents over JSON-RPC, or the grid operator that \
	prices each market slot"
)]
struct Cli {
	#[command(subcommand)]
	command: Command,
}

/// Which market slot stands for which model hour.
#[derive(clap::Args, Clone, Copy)]
struct Hours {
	/// A market slot that stands for the model hour `--model-slot` (the slots after it for the
	/// hours after it), as the meter simulator's flag of that name: on a chain whose slots are
	/// minutes, the hours the run shows. Without it each slot is the hour of its number.
	#[arg(long, requires = "model_slot")]
	chain_slot: Option<u64>,
	/// The model hour (hours since 1970, UTC) that `--chain-slot` stands for.
	#[arg(long, requires = "chain_slot")]
	model_slot: Option<u64>,
}

impl Hours {
	fn map(self) -> SlotMap {
		match (self.chain_slot, self.model_slot) {
			(Some(chain_slot), Some(model_slot)) => SlotMap { chain_slot, model_slot },
			_ => SlotMap::IDENTITY,
		}
	}
}

#[derive(Subcommand)]
enum Command {
	/// Run the agents of households of a micro-grid chain spec (`//Household{n}`, as
	/// `energy-node --chain microgrid-N` admits them) for some market slots. Their sellers
	/// answer on `--listen`; their buyers reach other processes' sellers where those published.
	Households {
		/// The node's WebSocket URL.
		#[arg(long, default_value = "ws://127.0.0.1:9944")]
		node: String,
		/// Households the chain spec admits (its N).
		#[arg(long)]
		households: usize,
		/// The households this process hosts: numbers and ranges, e.g. `1-10,12`.
		#[arg(long)]
		host: HostList,
		/// Which of their agents to run: seller, buyer or both.
		#[arg(long, value_enum, default_value_t = Roles::Both)]
		roles: Roles,
		/// Where the sellers' agents answer.
		#[arg(long, default_value = "127.0.0.1:8790")]
		listen: SocketAddr,
		/// The URL other processes reach the sellers at, which the households publish (default:
		/// `http://` and the listening address).
		#[arg(long)]
		endpoint: Option<String>,
		/// The agents' strategy: paper, boulware, linear, conceder or tit-for-tat.
		#[arg(long, default_value = "paper")]
		strategy: Plan,
		#[command(flatten)]
		planning: Planning,
		/// Market slots to trade, from the next one.
		#[arg(long, default_value_t = 24)]
		slots: u64,
		#[command(flatten)]
		hours: Hours,
	},
	/// Load a seller's inbox (a node's `agent_deliver`, or a households process): the buyers
	/// `--buyers` call on every open offer that negotiates at `--endpoint` as fast as it answers,
	/// for `--seconds`; prints the messages it took a second and its answers.
	Flood {
		/// The node's WebSocket URL.
		#[arg(long, default_value = "ws://127.0.0.1:9944")]
		node: String,
		/// Households the chain spec admits (its N).
		#[arg(long)]
		households: usize,
		/// The buying households, e.g. `1-64`: their published keys sign the messages.
		#[arg(long)]
		buyers: HostList,
		/// The inbox, as the sellers published it.
		#[arg(long)]
		endpoint: String,
		/// How long to flood.
		#[arg(long, default_value_t = 20)]
		seconds: u64,
	},
	/// Trade one market slot on the private market, for one household: sell from its energy
	/// wallet (`--sell`) or buy with its money wallet (`--buy`), negotiating under one-time keys
	/// so that neither side nor the chain learns which household the other is. Its market
	/// file and wallets are `energy-wallet`'s (`energy-wallet market register` first);
	/// `energy-wallet market` settles afterwards.
	Private {
		/// The node's WebSocket URL.
		#[arg(long, default_value = "ws://127.0.0.1:9944")]
		node: String,
		/// The household's market file.
		#[arg(long, value_name = "FILE")]
		market: PathBuf,
		/// Its money wallet: what a buyer pays with, where a seller is paid.
		#[arg(long, value_name = "FILE")]
		money_wallet: PathBuf,
		/// Its energy wallet (a seller's). A lock has no change: if the wallet holds no note of
		/// exactly the energy sold and the lock's fee, the agent pays itself one first.
		#[arg(long, value_name = "FILE", required_unless_present = "buy")]
		energy_wallet: Option<PathBuf>,
		/// Sell this much energy, in Wh.
		#[arg(
			long,
			value_name = "WH",
			conflicts_with = "buy",
			required_unless_present = "buy",
			requires = "floor"
		)]
		sell: Option<u64>,
		/// The least a seller takes, in EUR per kWh (its cost).
		#[arg(long, value_name = "EUR", value_parser = energy_wallet::money::parse_money)]
		floor: Option<u64>,
		/// Buy this much energy, in Wh.
		#[arg(long, value_name = "WH")]
		buy: Option<u64>,
		/// Where a seller's agent answers.
		#[arg(long, default_value = "127.0.0.1:8795")]
		listen: SocketAddr,
		/// The URL buyers reach the seller's agent at, public in its offer's details (default:
		/// `http://` and the listening address): an address that names the household names the
		/// seller.
		#[arg(long)]
		endpoint: Option<String>,
		/// The agent's strategy: paper, boulware, linear, conceder or tit-for-tat.
		#[arg(long, default_value = "paper")]
		strategy: Plan,
	},
	/// Run the grid operator's agent: it prices the next two market slots from its time-of-use
	/// tariff, slot after slot (the import price caps what buyers pay, the feed-in price is what
	/// sellers get at least).
	Operator {
		/// The node's WebSocket URL.
		#[arg(long, default_value = "ws://127.0.0.1:9944")]
		node: String,
		/// The grid operator's secret URI.
		#[arg(long, default_value = "//Eve")]
		suri: String,
		/// Market slots to run for.
		#[arg(long, default_value_t = 24)]
		slots: u64,
		#[command(flatten)]
		hours: Hours,
	},
}

fn main() -> ExitCode {
	energy_client::init_logging();
	match run(Cli::parse().command) {
		Ok(()) => ExitCode::SUCCESS,
		Err(error) => {
			eprintln!("error: {error:#}");
			ExitCode::FAILURE
		}
	}
}

#[tokio::main]
async fn run(command: Command) -> Result<()> {
	// Ctrl-C ends the run after the step under way.
	let stop = Arc::new(AtomicBool::new(false));
	let flag = stop.clone();
	ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst))
		.context("cannot catch Ctrl-C")?;
	match command {
		Command::Households {
			node,
			households,
			host,
			roles,
			listen,
			endpoint,
			strategy,
			planning,
			slots,
			hours,
		} => {
			planning.check().map_err(anyhow::Error::msg)?;
			let settings = Settings {
				households,
				host: host.0,
				roles,
				listen,
				endpoint,
				plan: strategy,
				forecaster: planning.forecaster,
				history_days: planning.history_days,
				min_trade_wh: planning.min_trade_wh,
				slots,
				map: hours.map(),
			};
			let summary = households::run(&node, settings, stop).await?;
			println!(
				"traded {} slots: {} offers, {} agreements recorded ({} Wh) by its sellers; {} buyers \
				 sent {} messages and agreed to buy {} Wh in {} agreements; {} calls refused",
				summary.slots,
				summary.offers,
				summary.recorded,
				summary.recorded_wh,
				summary.buyers,
				summary.messages,
				summary.bought_wh,
				summary.bought,
				summary.refused
			);
			if !summary.needs.is_empty() {
				let needs: Vec<String> = summary
					.needs
					.iter()
					.map(|(slot, need)| format!("slot {slot}: {need} Wh"))
					.collect();
				println!("its buyers set out to buy, by delivery slot: {}", needs.join(", "));
			}
		}
		Command::Flood { node, households, buyers, endpoint, seconds } => {
			let chain = households::connect(&node, &stop).await?;
			let flood = energy_agent::flood::flood(
				&chain,
				&endpoint,
				households,
				&buyers.0,
				std::time::Duration::from_secs(seconds),
			)
			.await?;
			println!(
				"flooded {endpoint} for {:.1} s: {:.0} messages a second; {} answered, refused: \
				 {:?}, {} unanswered",
				flood.seconds,
				flood.per_second(),
				flood.answered,
				flood.refused,
				flood.silent
			);
		}
		Command::Private {
			node,
			market,
			money_wallet,
			energy_wallet,
			sell,
			floor,
			buy,
			listen,
			endpoint,
			strategy,
		} => {
			let role = match (sell, buy) {
				(Some(energy_wh), _) => private::Role::Sell {
					energy_wh,
					floor: floor.context("a seller names its floor (--floor)")?.into(),
				},
				(None, Some(energy_wh)) => private::Role::Buy { energy_wh },
				(None, None) => anyhow::bail!("--sell or --buy"),
			};
			let settings = private::Settings {
				node,
				market,
				money_wallet,
				energy_wallet,
				role,
				listen,
				endpoint,
				plan: strategy,
			};
			let outcome = private::run(settings).await?;
			let energy: u64 = outcome.agreed.iter().map(|agreement| agreement.energy_wh).sum();
			match (role, outcome.offer) {
				(private::Role::Sell { .. }, Some(offer)) => println!(
					"offer {offer} for slot {}: {} agreements for {energy} Wh, {} bought",
					outcome.slot,
					outcome.agreed.len(),
					outcome.on_chain
				),
				(private::Role::Buy { .. }, Some(offer)) if outcome.on_chain > 0 => println!(
					"bought {} Wh of offer {offer} for slot {}",
					outcome.agreed.first().map_or(0, |agreement| agreement.energy_wh),
					outcome.slot
				),
				_ => println!("no private trade in slot {}", outcome.slot),
			}
		}
		Command::Operator { node, suri, slots, hours } => {
			let chain = households::connect(&node, &stop).await?;
			let key = energy_client::keypair(&suri)?;
			let priced =
				operator::run(&chain, &key, &Tariff::time_of_use(), hours.map(), slots, &stop)
					.await?;
			println!("priced {priced} market slots");
		}
	}
	Ok(())
}
