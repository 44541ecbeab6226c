//! The forecasters on series whose future is known.

use alloc::vec::Vec;
use proptest::prelude::*;

use crate::{evaluate, mae, Forecaster, HoltWinters, SeasonalNaive, Smoothing, TooShort};

const DAY: usize = 24;

/// A day's shape: nothing at night, a midday hump (like PV).
fn shape(hour: usize) -> f64 {
	let h = hour % DAY;
	if (6..20).contains(&h) {
		1_000.0 * libm::sin(core::f64::consts::PI * (h - 6) as f64 / 14.0)
	} else {
		0.0
	}
}

/// Deterministic noise in [-1, 1) (SplitMix64).
struct Noise(u64);

impl Noise {
	fn next(&mut self) -> f64 {
		self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
		let mut z = self.0;
		z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
		z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
		((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 52) as f64 - 1.0
	}
}

#[test]
fn seasonal_naive_repeats_yesterday() {
	let series: Vec<f64> = (0..3 * DAY).map(shape).collect();
	let method = SeasonalNaive { period: DAY };
	assert_eq!(method.forecast(&series, 30).unwrap(), (0..30).map(shape).collect::<Vec<_>>());
	assert_eq!(evaluate(&method, &series, DAY, 1), Ok(0.0));
}

#[test]
fn holt_winters_follows_a_level_a_trend_and_a_season() {
	let constant = [500.0; 3 * DAY];
	let fitted = HoltWinters { period: DAY, smoothing: None };
	for value in fitted.forecast(&constant, 48).unwrap() {
		assert!((value - 500.0).abs() < 1e-6, "{value}");
	}
	// A season on a rising level: naive lags a day behind the rise, Holt-Winters does not.
	let series: Vec<f64> = (0..6 * DAY).map(|t| shape(t) + 200.0 + 2.0 * t as f64).collect();
	let truth: Vec<f64> = (6 * DAY..7 * DAY).map(|t| shape(t) + 200.0 + 2.0 * t as f64).collect();
	let given = HoltWinters {
		period: DAY,
		smoothing: Some(Smoothing { alpha: 0.3, beta: 0.1, gamma: 0.3 }),
	};
	let hw = mae(&truth, &given.forecast(&series, DAY).unwrap());
	let naive = mae(&truth, &SeasonalNaive { period: DAY }.forecast(&series, DAY).unwrap());
	assert!((naive - 48.0).abs() < 1e-9, "naive misses by a day's rise: {naive}");
	assert!(hw < naive / 4.0, "Holt-Winters misses by {hw:.2} Wh");
}

#[test]
fn on_days_of_random_weather_holt_winters_beats_the_naive_baseline() {
	let mut noise = Noise(7);
	// A month of days whose weather changes at random from one day to the next, plus hourly
	// noise: yesterday is a poor guess of today, the smoothed season a better one.
	let mut series = Vec::new();
	for _ in 0..30 {
		let sun = 0.65 + 0.35 * noise.next();
		for hour in 0..DAY {
			series.push((shape(hour) * sun + 300.0 + 60.0 * noise.next()).max(0.0));
		}
	}
	let naive = evaluate(&SeasonalNaive { period: DAY }, &series, DAY, 7).unwrap();
	let hw = evaluate(&HoltWinters { period: DAY, smoothing: None }, &series, DAY, 7).unwrap();
	assert!(hw < naive, "Holt-Winters {hw:.1} Wh, seasonal naive {naive:.1} Wh");
}

#[test]
fn without_trend_smoothing_two_days_of_weather_are_not_extrapolated_as_a_trend() {
	// A dull day, a bright one, then eight alike: the jump between the first two is weather, and
	// a trend that never moves (beta = 0) must not carry it on for ever.
	let mut series = vec![100.0; DAY];
	series.extend([500.0; DAY]);
	series.extend([300.0; 8 * DAY]);
	let method = HoltWinters {
		period: DAY,
		smoothing: Some(Smoothing { alpha: 0.05, beta: 0.0, gamma: 0.05 }),
	};
	for value in method.forecast(&series, 2 * DAY).unwrap() {
		assert!((250.0..350.0).contains(&value), "{value}");
	}
}

#[test]
fn short_or_broken_histories_give_an_error_or_a_clean_forecast() {
	let short = [1.0; DAY - 1];
	assert_eq!(SeasonalNaive { period: DAY }.forecast(&short, 1), Err(TooShort(DAY)));
	assert_eq!(
		HoltWinters { period: DAY, smoothing: None }.forecast(&short, 1),
		Err(TooShort(DAY))
	);
	assert_eq!(evaluate(&SeasonalNaive { period: DAY }, &short, DAY, 1), Err(TooShort(DAY)));
	assert_eq!(SeasonalNaive { period: DAY }.forecast(&[1.0; DAY], 0), Ok(Vec::new()));
	let mut broken: Vec<f64> = (0..2 * DAY).map(shape).collect();
	broken[30] = f64::NAN;
	broken[31] = f64::INFINITY;
	for method in [
		&HoltWinters { period: DAY, smoothing: None } as &dyn Forecaster,
		&SeasonalNaive { period: DAY },
	] {
		assert!(
			method.forecast(&broken, DAY).unwrap().iter().all(|v| v.is_finite() && *v >= 0.0),
			"{}",
			method.name()
		);
	}
}

#[test]
fn mean_absolute_error_averages_the_misses() {
	assert_eq!(mae(&[1.0, 2.0, 3.0], &[2.0, 2.0, 1.0]), 1.0);
	assert_eq!(mae(&[], &[1.0]), 0.0);
}

proptest! {
	#[test]
	fn forecasts_are_never_negative_nor_nan(
		history in proptest::collection::vec(prop_oneof![-1e9f64..1e9, Just(f64::NAN), Just(f64::INFINITY)], DAY..4 * DAY),
		horizon in 0usize..60,
		alpha in 0.0f64..1.0,
		beta in 0.0f64..1.0,
		gamma in 0.0f64..1.0,
	) {
		let methods: [&dyn Forecaster; 3] = [
			&SeasonalNaive { period: DAY },
			&HoltWinters { period: DAY, smoothing: None },
			&HoltWinters { period: DAY, smoothing: Some(Smoothing { alpha, beta, gamma }) },
		];
		for method in methods {
			let forecast = method.forecast(&history, horizon).unwrap();
			prop_assert_eq!(forecast.len(), horizon);
			prop_assert!(forecast.iter().all(|v| v.is_finite() && *v >= 0.0), "{}: {:?}", method.name(), forecast);
		}
	}
}
