//! The shape of a household's electricity use: over the hours of a day and over the year.
//!
//! The daily shape is the model's own stylised residential profile (a low night, a morning peak
//! at 07:00 to 09:00, a higher evening peak at 18:00 to 21:00); it is not a published standard
//! profile. A standard profile such as BDEW's H0 would be the better shape, shipped as data with
//! its source; no copy of it is at hand, so none is claimed. Hours are UTC.

use core::f64::consts::PI;

/// Share of the daily load used in each hour of the day, in thousandths (they sum to 1000).
pub const DAILY_SHAPE_PER_MILLE: [u64; 24] = [
	25, 20, 20, 20, 20, 25, 45, 70, 60, 40, 35, 35, 40, 35, 30, 30, 30, 50, 75, 85, 80, 60, 40, 30,
];

/// How far the season moves the daily load either way: 15% more in midwinter, 15% less in
/// midsummer (lighting and heating auxiliaries in the northern winter).
pub const SEASONAL_SWING: f64 = 0.15;

/// The season's factor on the daily load on day `day` after the epoch: `1 + 0.15 cos(2π (n -
/// 15) / 365.2422)` for day of the year `n`, highest in mid-January.
pub fn seasonal_factor(day: u64) -> f64 {
	let n = crate::sky::day_of_year(day);
	1.0 + SEASONAL_SWING * libm::cos(2.0 * PI * (n - 15.0) / 365.2422)
}
