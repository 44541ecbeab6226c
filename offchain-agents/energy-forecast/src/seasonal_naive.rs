//! The seasonal-naive forecast: each coming hour as it was one season before.

use alloc::vec::Vec;

use crate::{Forecaster, TooShort};

/// Each value as it was `period` steps before (for hourly slots, the same hour yesterday).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct SeasonalNaive {
	/// The season's length in steps.
	pub period: usize,
}

impl Forecaster for SeasonalNaive {
	fn name(&self) -> &'static str {
		"seasonal naive"
	}

	fn forecast(&self, history: &[f64], horizon: usize) -> Result<Vec<f64>, TooShort> {
		let period = self.period.max(1);
		if history.len() < period {
			return Err(TooShort(period));
		}
		let last_season = &history[history.len() - period..];
		Ok((0..horizon).map(|h| finite_or_zero(last_season[h % period]).max(0.0)).collect())
	}
}

/// A value that is not a number counts as nothing.
pub(crate) fn finite_or_zero(value: f64) -> f64 {
	if value.is_finite() {
		value
	} else {
		0.0
	}
}
