//! Additive Holt-Winters: exponential smoothing of a level, a trend and a season.
//!
//! For a season of m steps and smoothing constants alpha, beta, gamma in [0, 1]:
//!
//! ```text
//! level   l[t] = alpha (y[t] - s[t-m]) + (1 - alpha)(l[t-1] + b[t-1])
//! trend   b[t] = beta (l[t] - l[t-1]) + (1 - beta) b[t-1]
//! season  s[t] = gamma (y[t] - l[t]) + (1 - gamma) s[t-m]
//! ŷ[t+h]       = l[t] + h b[t] + s[t+h-m(k+1)],  k = (h-1) div m
//! ```
//!
//! It starts from the first season: with two seasons and beta above zero, a trend from the
//! change of their means (beta = 0 is the model without a trend: a trend that never moves from
//! a start taken from two seasons of weather would extrapolate noise for ever); a level at the
//! first season's end; a season of the deviations from that line. Hand-written: the smoothing
//! is a few lines, and the Rust forecasting crates need std and pull in linear algebra, which an
//! offchain worker cannot take.

use alloc::vec::Vec;

use crate::{seasonal_naive::finite_or_zero, Forecaster, TooShort};

/// The smoothing constants.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Smoothing {
	/// Of the level.
	pub alpha: f64,
	/// Of the trend.
	pub beta: f64,
	/// Of the season.
	pub gamma: f64,
}

/// Additive Holt-Winters with a season of `period` steps.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct HoltWinters {
	/// The season's length in steps.
	pub period: usize,
	/// The smoothing constants, or `None` to fit them to each history: a grid search for the
	/// smallest sum of squared season-ahead errors (those of the forecast made at the start of
	/// each season for its steps, the way agents forecast a day ahead, from the fourth season
	/// on), or of one-step errors when the history is shorter than four seasons.
	pub smoothing: Option<Smoothing>,
}

/// The grid the constants are fitted on: coarse enough to fit a month of hours in
/// milliseconds, fine enough that a finer grid changes the day-ahead error little.
const ALPHAS: [f64; 6] = [0.01, 0.05, 0.1, 0.2, 0.4, 0.7];
const BETAS: [f64; 3] = [0.0, 0.01, 0.05];
const GAMMAS: [f64; 5] = [0.01, 0.05, 0.1, 0.3, 0.5];

/// Seasons the fit leaves out of its season-ahead errors, counted from the history's start.
const BURN_IN_SEASONS: usize = 3;

/// The state after smoothing a history.
struct State {
	level: f64,
	trend: f64,
	/// The season's last `period` values; `season[i]` belongs to step `i` mod `period`.
	season: Vec<f64>,
	/// The sum of squared one-step errors over the history after the first season.
	sse: f64,
	/// The sum of squared season-ahead errors after the first `BURN_IN_SEASONS` seasons: each
	/// step against the forecast made at its season's start.
	sse_ahead: f64,
	/// How many values were smoothed.
	steps: usize,
}

impl HoltWinters {
	fn smooth(&self, history: &[f64], c: Smoothing) -> State {
		let m = self.period;
		let mean = |season: &[f64]| season.iter().sum::<f64>() / season.len() as f64;
		let first = mean(&history[..m]);
		// With beta = 0 the trend would never move from its start, and a start taken from two
		// seasons of weather is noise extrapolated for ever: beta = 0 is the model without one.
		let trend = if c.beta > 0.0 && history.len() >= 2 * m {
			(mean(&history[m..2 * m]) - first) / m as f64
		} else {
			0.0
		};
		// The first season's mean sits at its middle step; the level is where the trend takes
		// it by the season's last step, and the season is what is left once the trend is out.
		let middle = (m as f64 - 1.0) / 2.0;
		let level = first + trend * middle;
		let season = history[..m]
			.iter()
			.enumerate()
			.map(|(i, y)| y - (first + trend * (i as f64 - middle)))
			.collect();
		let mut state = State { level, trend, season, sse: 0.0, sse_ahead: 0.0, steps: m };
		// The level and trend at the start of the current season. A step's season value is
		// updated only at that step, so the season's forecast for step `i` is the level and
		// trend of its start and `season[i]` as it stands when the step comes.
		let mut start = (state.level, state.trend);
		for (t, &y) in history.iter().enumerate().skip(m) {
			let i = t % m;
			if i == 0 {
				start = (state.level, state.trend);
			}
			let predicted = state.level + state.trend + state.season[i];
			state.sse += (y - predicted) * (y - predicted);
			// The first seasons after the start still carry its one season's weather: the fit
			// judges the constants once they have had time to act.
			if t >= BURN_IN_SEASONS * m {
				let ahead = start.0 + (i + 1) as f64 * start.1 + state.season[i];
				state.sse_ahead += (y - ahead) * (y - ahead);
			}
			let previous = state.level;
			state.level =
				c.alpha * (y - state.season[i]) + (1.0 - c.alpha) * (state.level + state.trend);
			state.trend = c.beta * (state.level - previous) + (1.0 - c.beta) * state.trend;
			state.season[i] = c.gamma * (y - state.level) + (1.0 - c.gamma) * state.season[i];
			state.steps = t + 1;
		}
		state
	}

	/// The constants for `history`: the given ones, or the grid's best.
	pub fn fit(&self, history: &[f64]) -> Smoothing {
		if let Some(given) = self.smoothing {
			return given;
		}
		let mut best = (f64::INFINITY, Smoothing { alpha: 0.2, beta: 0.0, gamma: 0.1 });
		for alpha in ALPHAS {
			for beta in BETAS {
				for gamma in GAMMAS {
					let c = Smoothing { alpha, beta, gamma };
					let state = self.smooth(history, c);
					let judged = (BURN_IN_SEASONS + 1) * self.period;
					let sse = if history.len() >= judged { state.sse_ahead } else { state.sse };
					if sse < best.0 {
						best = (sse, c);
					}
				}
			}
		}
		best.1
	}
}

impl Forecaster for HoltWinters {
	fn name(&self) -> &'static str {
		"Holt-Winters"
	}

	fn forecast(&self, history: &[f64], horizon: usize) -> Result<Vec<f64>, TooShort> {
		let m = self.period.max(1);
		if history.len() < m {
			return Err(TooShort(m));
		}
		let clean: Vec<f64> = history.iter().map(|y| finite_or_zero(*y)).collect();
		let model = HoltWinters { period: m, ..*self };
		let state = model.smooth(&clean, model.fit(&clean));
		Ok((1..=horizon)
			.map(|h| {
				let i = (state.steps + h - 1) % m;
				finite_or_zero(state.level + h as f64 * state.trend + state.season[i]).max(0.0)
			})
			.collect())
	}
}
