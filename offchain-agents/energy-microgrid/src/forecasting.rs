//! The households' forecasting agents: each morning (and when the simulation starts), every
//! household forecasts what it will feed into and draw from the grid in each hour left of the
//! day, from its meter's history; its agents sell or buy what the forecast says.

use energy_forecast::{Forecaster, HoltWinters, SeasonalNaive, TooShort};
use std::{fmt, str::FromStr};

/// Hours in a season of the series: a day.
const DAY: usize = 24;

/// A forecasting method, by name.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Method {
	/// The same hour yesterday.
	SeasonalNaive,
	/// Holt-Winters with its smoothing fitted to the history.
	HoltWinters,
}

impl Method {
	/// Every method, by the name the command line takes.
	pub const ALL: [Method; 2] = [Method::SeasonalNaive, Method::HoltWinters];

	/// The next `horizon` hours after `history` (hourly, oldest first).
	pub fn forecast(&self, history: &[f64], horizon: usize) -> Result<Vec<f64>, TooShort> {
		match self {
			Method::SeasonalNaive => SeasonalNaive { period: DAY }.forecast(history, horizon),
			Method::HoltWinters => {
				HoltWinters { period: DAY, smoothing: None }.forecast(history, horizon)
			}
		}
	}

	/// The mean absolute error of the method's day-ahead forecasts of the last `held_out` days
	/// of `series`.
	pub fn evaluate(&self, series: &[f64], held_out: usize) -> Result<f64, TooShort> {
		match self {
			Method::SeasonalNaive => {
				energy_forecast::evaluate(&SeasonalNaive { period: DAY }, series, DAY, held_out)
			}
			Method::HoltWinters => energy_forecast::evaluate(
				&HoltWinters { period: DAY, smoothing: None },
				series,
				DAY,
				held_out,
			),
		}
	}
}

impl fmt::Display for Method {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.write_str(match self {
			Method::SeasonalNaive => "seasonal-naive",
			Method::HoltWinters => "holt-winters",
		})
	}
}

impl FromStr for Method {
	type Err = String;

	fn from_str(s: &str) -> Result<Self, Self::Err> {
		Method::ALL
			.into_iter()
			.find(|m| m.to_string() == s)
			.ok_or_else(|| format!("unknown forecaster {s:?}: use seasonal-naive or holt-winters"))
	}
}

/// How the households' agents plan, as the programs take it on their command lines.
#[derive(clap::Args, Clone, Copy, Debug)]
pub struct Planning {
	/// How households forecast: seasonal-naive or holt-winters.
	#[arg(long, default_value = "holt-winters")]
	pub forecaster: Method,
	/// Days of meter history the forecasters start from (at least 2).
	#[arg(long, default_value_t = 7)]
	pub history_days: u64,
	/// The smallest offer or purchase worth a negotiation, in Wh.
	#[arg(long, default_value_t = 100)]
	pub min_trade_wh: u64,
}

impl Planning {
	/// Why the forecasters cannot work with these flags, if they cannot.
	pub fn check(&self) -> Result<(), String> {
		if self.history_days < 2 {
			return Err("--history-days: the forecasters need at least 2 days of history".into());
		}
		Ok(())
	}
}
