//! What a run shows: the key figures users of micro-grid simulators expect (self-sufficiency,
//! self-consumption, bills and savings against a grid-only bill, penalties, peak import) and the
//! market's quality against the optimal clearing (welfare share, local share, agreement rate),
//! as tables on the terminal and CSV files.

use energy_negotiation::Plan;
use energy_primitives::{Balance, Energy, UNIT};
use serde::Serialize;
use std::{fmt::Write as _, path::Path, time::Duration};

use crate::simulation::{Hour, Simulation};

/// A strategy's run: its name and its hours.
pub struct Run {
	/// The strategy's name, as given.
	pub strategy: String,
	/// The strategy.
	pub plan: Plan,
	/// Its hours, in order (fewer than asked if the run was stopped).
	pub hours: Vec<Hour>,
	/// Wall time the agents took over these hours.
	pub elapsed: Duration,
}

/// A run's totals.
#[derive(Clone, PartialEq, Debug, Default, Serialize)]
pub struct Totals {
	/// The strategy.
	pub strategy: String,
	/// Hours run.
	pub hours: usize,
	/// The agents' welfare as a share of the optimal clearing's.
	pub welfare_share: f64,
	/// Energy agreed as a share of what the buyers set out to buy.
	pub local_share: f64,
	/// Agreements per negotiation opened.
	pub agreement_rate: f64,
	/// Share of the households' load served by their own PV, their batteries and local trades:
	/// `1 - (imports - local deliveries) / load`.
	pub self_sufficiency: f64,
	/// The same without a market (own PV and batteries only).
	pub self_sufficiency_grid_only: f64,
	/// Share of the PV production used inside the micro-grid: `1 - (exports - local deliveries
	/// + curtailed) / PV`.
	pub self_consumption: f64,
	/// Energy delivered by local trades, in kWh.
	pub traded_kwh: f64,
	/// The average price of what local trades delivered, per kWh.
	pub average_price: f64,
	/// The households' bills, summed, in money (negative: they earned).
	pub bill: f64,
	/// The same bills without a market.
	pub grid_only_bill: f64,
	/// Penalties paid to the grid operator.
	pub penalties: f64,
	/// The largest energy drawn from outside the micro-grid in one hour, in kWh.
	pub peak_import_kwh: f64,
	/// The same without a market.
	pub peak_import_grid_only_kwh: f64,
	/// Messages the buyers sent.
	pub messages: u64,
	/// Refusals met (zero between honest agents).
	pub refusals: u64,
	/// Wall time of the agents per simulated hour, in seconds.
	pub seconds_per_hour: f64,
}

fn kwh(wh: Energy) -> f64 {
	wh as f64 / 1_000.0
}

fn money(amount: i128) -> f64 {
	amount as f64 / UNIT as f64
}

fn share(part: f64, whole: f64) -> f64 {
	if whole == 0.0 {
		0.0
	} else {
		part / whole
	}
}

impl Run {
	/// The run's totals.
	pub fn totals(&self) -> Totals {
		let sum = |f: fn(&Hour) -> u128| -> u128 { self.hours.iter().map(f).sum() };
		let energy =
			|f: fn(&Hour) -> Energy| -> f64 { self.hours.iter().map(f).sum::<Energy>() as f64 };
		let (delivered, load, pv) =
			(energy(|h| h.delivered_wh), energy(|h| h.load_wh), energy(|h| h.pv_wh));
		let (imported, exported) = (energy(|h| h.imported_wh), energy(|h| h.exported_wh));
		let bills = |f: fn(&crate::simulation::Part) -> i128| -> i128 {
			self.hours.iter().flat_map(|h| h.parts.iter().map(f)).sum()
		};
		let negotiations: u64 = self.hours.iter().map(|h| h.negotiations).sum();
		let agreements: u64 = self.hours.iter().map(|h| u64::from(h.agreements)).sum();
		Totals {
			strategy: self.strategy.clone(),
			hours: self.hours.len(),
			welfare_share: share(
				sum(|h| h.welfare as u128) as f64,
				sum(|h| h.optimal_welfare as u128) as f64,
			),
			local_share: share(energy(|h| h.agreed_wh), energy(|h| h.needed_wh)),
			agreement_rate: share(agreements as f64, negotiations as f64),
			self_sufficiency: 1.0 - share(imported - delivered, load),
			self_sufficiency_grid_only: 1.0 - share(imported, load),
			self_consumption: 1.0 - share(exported - delivered + energy(|h| h.curtailed_wh), pv),
			traded_kwh: delivered / 1_000.0,
			average_price: share(money(sum(|h| h.paid) as i128), delivered / 1_000.0),
			bill: money(bills(|p| p.bill)),
			grid_only_bill: money(bills(|p| p.grid_only_bill)),
			penalties: money(sum(|h| h.penalties) as i128),
			peak_import_kwh: self
				.hours
				.iter()
				.map(|h| kwh(h.imported_wh - h.delivered_wh))
				.fold(0.0, f64::max),
			peak_import_grid_only_kwh: self
				.hours
				.iter()
				.map(|h| kwh(h.imported_wh))
				.fold(0.0, f64::max),
			messages: self.hours.iter().map(|h| h.messages).sum(),
			refusals: self.hours.iter().map(|h| h.refusals).sum(),
			seconds_per_hour: share(self.elapsed.as_secs_f64(), self.hours.len() as f64),
		}
	}
}

fn price(amount: Balance) -> String {
	format!("{:.3}", amount as f64 / UNIT as f64)
}

/// The per-hour table of a run: offers, agreements, energy traded locally, average price,
/// grid import avoided, penalties, and the welfare share.
pub fn hour_table(run: &Run) -> String {
	let mut out = format!("hour by hour, strategy {}\n", run.strategy);
	let _ = writeln!(
		out,
		"{:>9} {:>5} {:>6} {:>6} {:>6} {:>6} {:>10} {:>10} {:>8} {:>8} {:>9}",
		"slot",
		"hour",
		"import",
		"offers",
		"buyers",
		"agreed",
		"agreed kWh",
		"local kWh",
		"avg EUR",
		"welfare",
		"penalties"
	);
	for h in &run.hours {
		let _ = writeln!(
			out,
			"{:>9} {:>5} {:>6} {:>6} {:>6} {:>6} {:>10.1} {:>10.1} {:>8} {:>8} {:>9.4}",
			h.slot,
			format!("{:02}:00", h.slot % 24),
			price(h.import_price),
			h.offers,
			h.buyers,
			h.agreements,
			kwh(h.agreed_wh),
			kwh(h.delivered_wh),
			h.average_price().map_or("-".into(), price),
			if h.optimal_welfare == 0 {
				"-".into()
			} else {
				format!("{:.1}%", 100.0 * h.welfare as f64 / h.optimal_welfare as f64)
			},
			money(h.penalties as i128),
		);
	}
	out
}

/// The strategies side by side.
pub fn comparison_table(runs: &[Run]) -> String {
	let totals: Vec<Totals> = runs.iter().map(Run::totals).collect();
	let mut out =
		String::from("strategies side by side (same households, weather and forecasts)\n");
	let _ = write!(out, "{:<28}", "");
	for t in &totals {
		let _ = write!(out, " {:>12}", t.strategy);
	}
	out.push('\n');
	let rows: [(&str, fn(&Totals) -> String); 14] = [
		("welfare, share of optimum", |t| format!("{:.1}%", 100.0 * t.welfare_share)),
		("local share of demand", |t| format!("{:.1}%", 100.0 * t.local_share)),
		("agreement rate", |t| format!("{:.1}%", 100.0 * t.agreement_rate)),
		("traded locally, kWh", |t| format!("{:.1}", t.traded_kwh)),
		("average price, EUR/kWh", |t| format!("{:.4}", t.average_price)),
		("self-sufficiency", |t| format!("{:.1}%", 100.0 * t.self_sufficiency)),
		("  without a market", |t| format!("{:.1}%", 100.0 * t.self_sufficiency_grid_only)),
		("self-consumption", |t| format!("{:.1}%", 100.0 * t.self_consumption)),
		("households' bill, EUR", |t| format!("{:.2}", t.bill)),
		("  without a market, EUR", |t| format!("{:.2}", t.grid_only_bill)),
		("penalties, EUR", |t| format!("{:.2}", t.penalties)),
		("peak import, kWh", |t| format!("{:.1}", t.peak_import_kwh)),
		("messages (refused)", |t| format!("{} ({})", t.messages, t.refusals)),
		("agents' wall s per hour", |t| format!("{:.2}", t.seconds_per_hour)),
	];
	for (name, cell) in rows {
		let _ = write!(out, "{name:<28}");
		for t in &totals {
			let _ = write!(out, " {:>12}", cell(t));
		}
		out.push('\n');
	}
	out
}

/// One row of `hours.csv`.
#[derive(Serialize)]
struct HourRow<'a> {
	strategy: &'a str,
	slot: u64,
	hour_of_day: u64,
	import_price: f64,
	offers: u32,
	buyers: u32,
	negotiations: u64,
	agreements: u32,
	messages: u64,
	offered_wh: Energy,
	needed_wh: Energy,
	agreed_wh: Energy,
	delivered_wh: Energy,
	optimal_wh: Energy,
	average_price: Option<f64>,
	welfare: f64,
	optimal_welfare: f64,
	penalties: f64,
	load_wh: Energy,
	pv_wh: Energy,
	imported_wh: Energy,
	exported_wh: Energy,
	in_node_offers: u32,
	in_node_offered_wh: Energy,
	in_node_agreements: u32,
	in_node_agreed_wh: Energy,
}

/// One row of `households.csv`: a household's totals over a run.
#[derive(Serialize)]
struct HouseholdRow<'a> {
	strategy: &'a str,
	household: String,
	pv_peak_w: u64,
	daily_load_wh: u64,
	cost_per_kwh: f64,
	offered_wh: Energy,
	needed_wh: Energy,
	sold_wh: Energy,
	bought_wh: Energy,
	received: f64,
	paid: f64,
	penalties: f64,
	grid_only_bill: f64,
	bill: f64,
	savings: f64,
}

/// Writes `hours.csv`, `households.csv` and `strategies.csv` into `dir`.
pub fn write_csv(dir: &Path, simulation: &Simulation, runs: &[Run]) -> anyhow::Result<()> {
	use anyhow::Context;
	std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
	let open = |name: &str| {
		let path = dir.join(name);
		csv::Writer::from_path(&path).with_context(|| format!("cannot write {}", path.display()))
	};
	let mut hours = open("hours.csv")?;
	let mut households = open("households.csv")?;
	let mut strategies = open("strategies.csv")?;
	for run in runs {
		for h in &run.hours {
			hours.serialize(HourRow {
				strategy: &run.strategy,
				slot: h.slot,
				hour_of_day: h.slot % 24,
				import_price: money(h.import_price as i128),
				offers: h.offers,
				buyers: h.buyers,
				negotiations: h.negotiations,
				agreements: h.agreements,
				messages: h.messages,
				offered_wh: h.offered_wh,
				needed_wh: h.needed_wh,
				agreed_wh: h.agreed_wh,
				delivered_wh: h.delivered_wh,
				optimal_wh: h.optimal_wh,
				average_price: h.average_price().map(|p| money(p as i128)),
				welfare: money(h.welfare as i128),
				optimal_welfare: money(h.optimal_welfare as i128),
				penalties: money(h.penalties as i128),
				load_wh: h.load_wh,
				pv_wh: h.pv_wh,
				imported_wh: h.imported_wh,
				exported_wh: h.exported_wh,
				in_node_offers: h.in_node_offers,
				in_node_offered_wh: h.in_node_offered_wh,
				in_node_agreements: h.in_node_agreements,
				in_node_agreed_wh: h.in_node_agreed_wh,
			})?;
		}
		for (m, member) in simulation.members().iter().enumerate() {
			let parts = run.hours.iter().map(|h| &h.parts[m]);
			let total =
				|f: fn(&crate::simulation::Part) -> i128| -> i128 { parts.clone().map(f).sum() };
			households.serialize(HouseholdRow {
				strategy: &run.strategy,
				household: format!("0x{}", hex::encode(member.account)),
				pv_peak_w: member.model.pv_peak_w,
				daily_load_wh: member.model.daily_load_wh,
				cost_per_kwh: money(member.cost_per_kwh as i128),
				offered_wh: parts.clone().map(|p| p.offered_wh).sum(),
				needed_wh: parts.clone().map(|p| p.needed_wh).sum(),
				sold_wh: parts.clone().map(|p| p.sold_wh).sum(),
				bought_wh: parts.clone().map(|p| p.bought_wh).sum(),
				received: money(total(|p| p.received as i128)),
				paid: money(total(|p| p.paid as i128)),
				penalties: money(total(|p| p.penalties as i128)),
				grid_only_bill: money(total(|p| p.grid_only_bill)),
				bill: money(total(|p| p.bill)),
				savings: money(total(|p| p.grid_only_bill - p.bill)),
			})?;
		}
		strategies.serialize(run.totals())?;
	}
	for mut writer in [hours, households, strategies] {
		writer.flush().context("cannot finish a CSV file")?;
	}
	Ok(())
}
