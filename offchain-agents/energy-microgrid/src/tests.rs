//! The simulator's engine and report on small micro-grids.

use crate::{
	forecasting::Method,
	report::{comparison_table, hour_table, write_csv, Run},
	simulation::{Population, Settings, SettingsError, Simulation},
	tariff::{Tariff, CENT},
};
use energy_household::Installation;
use energy_negotiation::{exchange::Network, Plan};

/// 2026-06-21 00:00 UTC.
const SUMMER_DAY: u64 = 20_625 * 24;

fn settings(households: usize, hours: u64) -> Settings {
	Settings {
		households,
		first_slot: SUMMER_DAY,
		hours,
		history_days: 3,
		forecaster: Method::SeasonalNaive,
		installation: Installation::standard(),
		tariff: Tariff::time_of_use(),
		penalty_percent: 10,
		min_trade_wh: 100,
		network: Network::default(),
		population: Population::Seeded(7),
	}
}

fn run(simulation: &Simulation, name: &str) -> Run {
	let plan: Plan = name.parse().unwrap();
	let hours =
		(0..simulation.settings().hours as usize).map(|h| simulation.run_hour(h, plan)).collect();
	Run { strategy: name.into(), plan, hours, elapsed: Default::default() }
}

#[test]
fn impossible_settings_are_refused_with_their_reason() {
	let cases = [
		(Settings { households: 0, ..settings(4, 2) }, SettingsError::NoHouseholds),
		(Settings { hours: 0, ..settings(4, 2) }, SettingsError::NoHours),
		(Settings { history_days: 1, ..settings(4, 2) }, SettingsError::TooLittleHistory),
		(Settings { first_slot: 30, ..settings(4, 2) }, SettingsError::BeforeTheEpoch),
		(Settings { penalty_percent: 101, ..settings(4, 2) }, SettingsError::PenaltyAboveValue),
	];
	for (settings, error) in cases {
		assert_eq!(Simulation::new(settings).err(), Some(error.clone()));
		assert!(!error.to_string().is_empty());
	}
}

#[test]
fn the_tariff_bounds_the_market() {
	let tariff = Tariff::time_of_use();
	assert_eq!(tariff.import(SUMMER_DAY + 3), 13 * CENT, "night");
	assert_eq!(tariff.import(SUMMER_DAY + 12), 30 * CENT, "midday peak");
	assert_eq!(tariff.import(SUMMER_DAY + 16), 20 * CENT);
	assert!(tariff.import_per_kwh.iter().all(|&p| p > tariff.feed_in_per_kwh));
	assert_eq!("holt-winters".parse::<Method>(), Ok(Method::HoltWinters));
	assert!("arima".parse::<Method>().unwrap_err().contains("seasonal-naive or holt-winters"));
}

#[test]
fn every_hour_conserves_energy_and_money_and_keeps_the_market_rules() {
	let simulation = Simulation::new(settings(12, 24)).unwrap();
	let run = run(&simulation, "linear");
	let traded: u64 = run.hours.iter().map(|h| h.delivered_wh).sum();
	assert!(traded > 0, "a summer day trades");
	for hour in &run.hours {
		assert_eq!(hour.refusals, 0, "honest agents refuse nothing");
		let sold: u64 = hour.parts.iter().map(|p| p.sold_wh).sum();
		let bought: u64 = hour.parts.iter().map(|p| p.bought_wh).sum();
		assert_eq!((sold, bought), (hour.delivered_wh, hour.delivered_wh));
		let received: u128 = hour.parts.iter().map(|p| p.received).sum();
		let paid: u128 = hour.parts.iter().map(|p| p.paid).sum();
		assert_eq!((received, paid), (hour.paid, hour.paid));
		let penalties: u128 = hour.parts.iter().map(|p| p.penalties).sum();
		assert_eq!(penalties, hour.penalties);
		assert!(hour.delivered_wh <= hour.agreed_wh);
		assert!(hour.agreed_wh <= hour.offered_wh.min(hour.needed_wh));
		assert!(hour.welfare <= hour.optimal_welfare, "no negotiation beats the optimum");
		if let Some(price) = hour.average_price() {
			assert!(price <= hour.import_price, "no one pays more than the grid asks");
			assert!(price >= simulation.settings().tariff.feed_in_per_kwh);
		}
		for (m, part) in hour.parts.iter().enumerate() {
			let flows = simulation.flows(m, (hour.slot - SUMMER_DAY) as usize);
			assert!(part.sold_wh <= flows.exported_wh && part.bought_wh <= flows.imported_wh);
			assert!(part.offered_wh == 0 || part.needed_wh == 0, "one side an hour");
			// Trading between the seller's cost (never under the feed-in price) and the import
			// price never costs a household more than the grid would have, but for its
			// penalties (and a unit of rounding per trade).
			let rounding = i128::from(hour.agreements);
			assert!(
				part.bill <= part.grid_only_bill + part.penalties as i128 + rounding,
				"{part:?}"
			);
		}
	}
}

#[test]
fn the_same_seed_gives_the_same_micro_grid_and_strategies_are_compared_on_it() {
	let first = Simulation::new(settings(8, 6)).unwrap();
	let second = Simulation::new(settings(8, 6)).unwrap();
	let other =
		Simulation::new(Settings { population: Population::Seeded(8), ..settings(8, 6) }).unwrap();
	assert_eq!(run(&first, "paper").hours, run(&second, "paper").hours);
	assert_ne!(first.members()[0].account, other.members()[0].account);
	// Strategies differ in prices, on the very same flows and forecasts.
	let (boulware, conceder) = (run(&first, "boulware"), run(&first, "conceder"));
	for (b, c) in boulware.hours.iter().zip(&conceder.hours) {
		assert_eq!((b.offered_wh, b.needed_wh, b.load_wh), (c.offered_wh, c.needed_wh, c.load_wh));
	}
}

#[test]
fn a_summer_day_of_twenty_households_reaches_most_of_the_optimum_and_beats_the_grid() {
	let simulation =
		Simulation::new(Settings { forecaster: Method::HoltWinters, ..settings(20, 24) }).unwrap();
	let runs = [run(&simulation, "paper"), run(&simulation, "boulware")];
	for run in &runs {
		let totals = run.totals();
		assert!(totals.welfare_share >= 0.9, "{}: {:.3}", run.strategy, totals.welfare_share);
		assert!(totals.welfare_share <= 1.0);
		assert!(totals.self_sufficiency > totals.self_sufficiency_grid_only);
		assert!(totals.peak_import_kwh <= totals.peak_import_grid_only_kwh);
		assert!(totals.bill < totals.grid_only_bill, "the market saves the households money");
		assert!(totals.agreement_rate > 0.0 && totals.agreement_rate <= 1.0);
	}
	let table = comparison_table(&runs);
	assert!(table.contains("welfare, share of optimum") && table.contains("boulware"));
	assert_eq!(hour_table(&runs[0]).lines().count(), 2 + 24);
}

#[test]
fn the_csv_report_holds_every_hour_household_and_strategy() {
	let simulation = Simulation::new(settings(5, 3)).unwrap();
	let runs = [run(&simulation, "paper"), run(&simulation, "linear")];
	let dir = std::env::temp_dir().join(format!("energy-microgrid-csv-{}", std::process::id()));
	write_csv(&dir, &simulation, &runs).unwrap();
	let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
	let (hours, households, strategies) =
		(read("hours.csv"), read("households.csv"), read("strategies.csv"));
	std::fs::remove_dir_all(&dir).unwrap();
	assert_eq!(hours.lines().count(), 1 + 2 * 3);
	assert_eq!(households.lines().count(), 1 + 2 * 5);
	assert_eq!(strategies.lines().count(), 1 + 2);
	assert!(hours.starts_with("strategy,slot,hour_of_day,import_price,offers,"));
	assert!(households.lines().nth(1).unwrap().starts_with("paper,0x"));
	assert!(strategies.starts_with("strategy,hours,welfare_share,"));
}

#[test]
fn the_chain_population_is_the_chain_specs_households_modelled_as_their_meters() {
	use crate::population::{chain_population, dev_pair};
	use energy_household::Household;
	use energy_primitives::microgrid::{agent_uri, household_uri, meter_uri, INSTALLATION};
	use sp_core::Pair;

	let members = chain_population(3);
	assert_eq!(members.len(), 3);
	for (i, member) in members.iter().enumerate() {
		let n = i as u32 + 1;
		assert_eq!(member.account, dev_pair(&household_uri(n)).public().0);
		assert_eq!(member.key.public(), dev_pair(&agent_uri(n)).public());
		let meter = dev_pair(&meter_uri(n)).public().0;
		assert_eq!(
			member.model,
			Household::in_microgrid(n, meter),
			"the meter simulator's household"
		);
		let (low, high) = crate::population::COST_RANGE_PER_KWH;
		assert!((low..=high).contains(&member.cost_per_kwh));
	}
	// The chain spec's audited installation is the model's.
	let standard = Installation::standard();
	assert_eq!(INSTALLATION.battery_capacity_wh, standard.battery.capacity_wh);
	assert_eq!(INSTALLATION.connection_limit_wh, standard.connection_limit_wh);
}

#[test]
fn a_household_offers_no_more_than_its_tokens_stand_for() {
	use crate::simulation::Intention;
	use energy_household::Kind;

	// The chain holds an offer's energy in tokens, which meters mint for a battery's charge:
	// PV without a battery never has any to offer, however sunny the hour.
	let simulation = Simulation::new(settings(40, 24)).unwrap();
	let mut offered_by_solar = 0;
	let mut offers = 0;
	for hour in 0..24 {
		for (m, intention) in simulation.intentions(hour).into_iter().enumerate() {
			if let Intention::Sell(energy) = intention {
				offers += 1;
				let member = &simulation.members()[m];
				if member.model.kind != Kind::SolarWithBattery {
					offered_by_solar += 1;
				}
				let stored = if hour >= 2 {
					simulation.flows(m, hour - 2).state_of_charge_wh
				} else {
					u64::MAX
				};
				assert!(energy <= stored, "hour {hour}: offered {energy} Wh, {stored} Wh stored");
			}
		}
	}
	assert!(offers > 0, "the batteries sell on a summer day");
	assert_eq!(offered_by_solar, 0);
}
