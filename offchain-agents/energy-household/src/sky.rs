//! The sun over the micro-grid and the weather its households share.
//!
//! - Where the sun is: the solar declination after Cooper (1969), `23.45° sin(360° (284 + n) /
//!   365)` for day of the year `n`, and the hour angle from UTC and the site's longitude
//!   (solar time without the equation of time, which moves it by a quarter of an hour at most).
//! - How much light a clear sky gives on a horizontal surface: Haurwitz's clear-sky model
//!   (1945), `GHI = 1098 cos z exp(-0.059 / cos z)` W/m² for the solar zenith angle `z`, one of
//!   the simplest that match measurements well (Reno, Hansen & Stein, *Global Horizontal
//!   Irradiance Clear Sky Models*, Sandia report SAND2012-2389).
//! - The weather dims it: each day is clear, partly cloudy or overcast, drawn from the day's
//!   seed, and passing clouds move each hour around the day's mean; the sky is the same for every
//!   household of one micro-grid. The shares of clear, partly cloudy and overcast days are the
//!   model's assumption, not a climate record.

use crate::seed::{seed, unit};
use core::f64::consts::PI;
use energy_primitives::SlotIndex;

/// Where the micro-grid is.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Site {
	/// Latitude in degrees, north positive.
	pub latitude_deg: f64,
	/// Longitude in degrees, east positive.
	pub longitude_deg: f64,
}

impl Default for Site {
	/// Salamanca, Spain (40.97° N, 5.66° W), where the paper's authors work.
	fn default() -> Self {
		Site { latitude_deg: 40.97, longitude_deg: -5.66 }
	}
}

/// The mean length of a year in days: days since the epoch, modulo this, give the day of the
/// year to within a day for centuries, which is all the declination needs.
const YEAR_DAYS: f64 = 365.2422;

/// Day of the year (1 on 1 January) of the day `day` days after 1 January 1970.
pub fn day_of_year(day: u64) -> f64 {
	libm::fmod(day as f64, YEAR_DAYS) + 1.0
}

impl Site {
	/// The cosine of the sun's zenith angle at `hours` hours after the Unix epoch (UTC); below
	/// zero when the sun is under the horizon.
	pub fn cos_zenith(&self, hours: f64) -> f64 {
		let day = (hours / 24.0) as u64;
		let n = day_of_year(day);
		let declination = (23.45 * PI / 180.0) * libm::sin(2.0 * PI * (284.0 + n) / 365.0);
		let solar_time = libm::fmod(hours, 24.0) + self.longitude_deg / 15.0;
		let hour_angle = (15.0 * (solar_time - 12.0)) * PI / 180.0;
		let latitude = self.latitude_deg * PI / 180.0;
		libm::sin(latitude) * libm::sin(declination)
			+ libm::cos(latitude) * libm::cos(declination) * libm::cos(hour_angle)
	}

	/// Clear-sky global horizontal irradiance at `hours` hours after the epoch, in W/m²
	/// (Haurwitz); zero at night.
	pub fn clear_sky_ghi(&self, hours: f64) -> f64 {
		let cos_z = self.cos_zenith(hours);
		if cos_z <= 0.0 {
			return 0.0;
		}
		1098.0 * cos_z * libm::exp(-0.059 / cos_z)
	}

	/// The mean clear-sky irradiance over `slot`, in W/m²: the mean of its four quarter-hours'
	/// midpoints, so sunrise and sunset fall inside hours rather than on their edges.
	pub fn clear_sky_slot_ghi(&self, slot: SlotIndex) -> f64 {
		(0..4).map(|q| self.clear_sky_ghi(slot as f64 + (q as f64 + 0.5) / 4.0)).sum::<f64>() / 4.0
	}
}

/// The day's clearness: the share of the clear-sky light that reaches the ground on average. A
/// day is clear (0.85 to 1) with probability 0.55, partly cloudy (0.45 to 0.85) with 0.3, and
/// overcast (0.1 to 0.45) otherwise.
pub fn day_clearness(day: u64) -> f64 {
	let kind = unit(seed(b"sky-kind", &[&day.to_le_bytes()]));
	let within = unit(seed(b"sky-clearness", &[&day.to_le_bytes()]));
	let (low, high) = if kind < 0.55 {
		(0.85, 1.0)
	} else if kind < 0.85 {
		(0.45, 0.85)
	} else {
		(0.1, 0.45)
	};
	low + (high - low) * within
}

/// The share of the clear-sky light that reaches the ground in `slot`: the day's clearness,
/// moved by passing clouds by up to 30% of the cloud cover either way, and never above a clear
/// sky.
pub fn slot_clearness(slot: SlotIndex) -> f64 {
	let day = day_clearness(slot / crate::SLOTS_PER_DAY);
	let passing = 2.0 * unit(seed(b"sky-passing", &[&slot.to_le_bytes()])) - 1.0;
	(day * (1.0 + 0.3 * (1.0 - day) * passing)).clamp(0.0, 1.0)
}
