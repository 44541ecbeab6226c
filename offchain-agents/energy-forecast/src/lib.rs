//! The micro-grid's forecasting agents (paper, section 4.4, data analytics): what a household
//! will produce, use or have to sell in the coming slots, from its own hourly history.
//!
//! - [`SeasonalNaive`]: the same hour of the last season (yesterday), the baseline every
//!   forecasting method is compared against.
//! - [`HoltWinters`]: additive triple exponential smoothing (level, trend and season; Holt 1957,
//!   Winters 1960), with its smoothing constants either given or fitted by a grid search on the
//!   history's one-step errors.
//! - [`evaluate`]: the mean absolute error of a method on held-out seasons, fitted on the ones
//!   before them, as the figures of the README compare them.
//!
//! Pure functions of the history, with no I/O, no clock and no randomness, in `no_std`: the
//! node's offchain workers forecast with the same code as the standalone agents.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod holt_winters;
mod seasonal_naive;

#[cfg(test)]
mod tests;

use alloc::vec::Vec;

pub use holt_winters::{HoltWinters, Smoothing};
pub use seasonal_naive::SeasonalNaive;

/// A forecasting method for a series with a season of `period` steps (24 for hourly slots and a
/// daily season).
pub trait Forecaster {
	/// The method's name, for tables.
	fn name(&self) -> &'static str;

	/// The next `horizon` values after `history` (oldest first). Forecasts are never negative
	/// (energies are not) and never NaN; a history shorter than one season gives
	/// [`TooShort`].
	fn forecast(&self, history: &[f64], horizon: usize) -> Result<Vec<f64>, TooShort>;
}

/// The history is shorter than the method needs: the number of values it needs.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct TooShort(pub usize);

/// The mean absolute error of `predicted` against `actual` (over the shorter of the two; 0 for
/// none).
pub fn mae(actual: &[f64], predicted: &[f64]) -> f64 {
	let n = actual.len().min(predicted.len());
	if n == 0 {
		return 0.0;
	}
	actual.iter().zip(predicted).map(|(a, p)| libm::fabs(a - p)).sum::<f64>() / n as f64
}

/// The mean absolute error of `method` on the last `held_out` seasons of `series`: each held-out
/// season is forecast in one go from everything before it (a day-ahead forecast, as agents make
/// before the day's slots open).
pub fn evaluate(
	method: &impl Forecaster,
	series: &[f64],
	period: usize,
	held_out: usize,
) -> Result<f64, TooShort> {
	let period = period.max(1);
	let first = series.len().saturating_sub(held_out * period);
	let mut errors = 0.0;
	let mut count = 0usize;
	for start in (first..series.len()).step_by(period) {
		let end = (start + period).min(series.len());
		let predicted = method.forecast(&series[..start], end - start)?;
		errors += mae(&series[start..end], &predicted) * (end - start) as f64;
		count += end - start;
	}
	Ok(if count == 0 { 0.0 } else { errors / count as f64 })
}
