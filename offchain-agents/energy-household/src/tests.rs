//! The household model's physics and bounds.

use crate::{
	load::{seasonal_factor, DAILY_SHAPE_PER_MILLE},
	sky::{day_clearness, slot_clearness},
	Battery, Flows, Household, Installation, Kind, Site, DAILY_LOAD_RANGE_WH, KIND_SHARES_PERCENT,
	PV_PEAK_RANGE_W, SLOTS_PER_DAY,
};
use proptest::prelude::*;

/// 2026-11-25 00:00 UTC, the start of a winter day.
const A_MIDNIGHT: u64 = 498_768;
/// 2026-06-21 00:00 UTC, the summer solstice.
const SOLSTICE: u64 = 20_625 * 24;

fn household(byte: u8) -> Household {
	Household::of([byte; 32])
}

/// The `n`th household of `kind` among those seeded by `[byte; 32]`.
fn of_kind(kind: Kind, n: usize) -> Household {
	(0..=255).map(household).filter(|h| h.kind == kind).nth(n).expect("enough of each kind")
}

/// Households with PV.
fn solar() -> impl Iterator<Item = Household> {
	(0..=255).map(household).filter(|h| h.kind != Kind::Consumer)
}

fn day(household: &Household, midnight: u64, installation: &Installation) -> Vec<Flows> {
	household.day_until(midnight + SLOTS_PER_DAY - 1, installation)
}

#[test]
fn the_daily_load_shape_sums_to_one() {
	assert_eq!(DAILY_SHAPE_PER_MILLE.iter().sum::<u64>(), 1000);
}

#[test]
fn households_are_within_their_ranges_and_differ() {
	let mut kinds = [0u32; 3];
	for byte in 0..=255 {
		let h = household(byte);
		match h.kind {
			Kind::Consumer => {
				kinds[0] += 1;
				assert_eq!(h.pv_peak_w, 0, "no PV");
			}
			Kind::Solar | Kind::SolarWithBattery => {
				kinds[usize::from(h.kind == Kind::SolarWithBattery) + 1] += 1;
				assert!((PV_PEAK_RANGE_W.0..=PV_PEAK_RANGE_W.1).contains(&h.pv_peak_w));
			}
		}
		assert!((DAILY_LOAD_RANGE_WH.0..=DAILY_LOAD_RANGE_WH.1).contains(&h.daily_load_wh));
	}
	// A quarter consumers, 35% PV alone, 40% PV and a battery, give or take the draw.
	assert!((40..90).contains(&kinds[0]) && (60..120).contains(&kinds[1]), "{kinds:?}");
	assert!((70..135).contains(&kinds[2]), "{kinds:?}");
	assert_ne!(household(1), household(2));
	let installation = Installation::standard();
	assert_ne!(
		day(&household(1), A_MIDNIGHT, &installation),
		day(&household(2), A_MIDNIGHT, &installation)
	);
}

#[test]
fn a_day_uses_its_daily_load_as_the_season_moves_it() {
	for midnight in [A_MIDNIGHT, SOLSTICE] {
		let h = household(7);
		let used: u64 = (midnight..midnight + 24).map(|s| h.load_wh(s)).sum();
		let expected = h.daily_load_wh as f64 * seasonal_factor(midnight / 24);
		assert!((used as f64 - expected).abs() <= expected * 0.1, "{used} vs {expected}");
	}
	assert!(seasonal_factor(A_MIDNIGHT / 24) > 1.0, "more in winter");
	assert!(seasonal_factor(SOLSTICE / 24) < 0.9, "less in summer");
}

#[test]
fn the_clear_sky_peaks_near_noon_at_a_plausible_irradiance() {
	let site = Site::default();
	// At 41° N on the solstice the sun stands 17.5° from the zenith at solar noon (12:23 UTC
	// at 5.66° W): Haurwitz gives about 985 W/m².
	let noon = SOLSTICE as f64 + 12.0 + 5.66 / 15.0;
	let peak = site.clear_sky_ghi(noon);
	assert!((950.0..1_020.0).contains(&peak), "{peak}");
	assert!(site.clear_sky_ghi(noon - 3.0) < peak && site.clear_sky_ghi(noon + 3.0) < peak);
	assert_eq!(site.clear_sky_ghi(SOLSTICE as f64 + 1.0), 0.0, "night");
	// In late November the noon sun is low: less than 60% of the summer's light.
	let winter = site.clear_sky_ghi(A_MIDNIGHT as f64 + 12.0 + 5.66 / 15.0);
	assert!(winter > 0.0 && winter < 0.6 * peak, "{winter}");
}

#[test]
fn pv_is_zero_at_night_and_summer_outshines_winter() {
	let site = Site::default();
	for h in solar().take(16) {
		for d in 0..10 {
			for midnight in [A_MIDNIGHT + d * 24, SOLSTICE + d * 24] {
				for hour in (0..4).chain(22..24) {
					assert_eq!(h.pv_wh(midnight + hour, &site), 0, "hour {hour}");
				}
				assert!(h.pv_wh(midnight + 12, &site) > 0);
			}
		}
		let total =
			|first: u64| -> u64 { (first..first + 30 * 24).map(|s| h.pv_wh(s, &site)).sum() };
		assert!(total(SOLSTICE) > 2 * total(A_MIDNIGHT), "a month of June against one of winter");
	}
}

#[test]
fn the_weather_is_shared_and_within_a_clear_sky() {
	let mut kinds = [0u32; 3];
	for d in 0..2_000u64 {
		let c = day_clearness(d);
		assert!((0.1..=1.0).contains(&c), "{c}");
		let kind = usize::from(c < 0.85) + usize::from(c < 0.45);
		kinds[kind] += 1;
		for hour in 0..24 {
			let s = slot_clearness(d * 24 + hour);
			assert!((0.0..=1.0).contains(&s), "{s}");
		}
	}
	// About 55% clear, 30% partly cloudy, 15% overcast.
	assert!((1_000..1_200).contains(&kinds[0]), "{kinds:?}");
	assert!((500..700).contains(&kinds[1]), "{kinds:?}");
	assert!((220..380).contains(&kinds[2]), "{kinds:?}");
	// Two households of one grid see the same sky: their PV differs only by their peak power.
	let (a, b) = (of_kind(Kind::Solar, 0), of_kind(Kind::SolarWithBattery, 0));
	let site = Site::default();
	let noon = SOLSTICE + 12;
	let (pa, pb) = (a.pv_wh(noon, &site) as f64, b.pv_wh(noon, &site) as f64);
	let ratio = a.pv_peak_w as f64 / b.pv_peak_w as f64;
	assert!((pa / pb - ratio).abs() < 0.01, "{pa} / {pb} against {ratio}");
}

#[test]
fn flows_are_deterministic_and_order_free() {
	let installation = Installation::standard();
	let h = household(42);
	let forwards: Vec<_> =
		(A_MIDNIGHT..A_MIDNIGHT + 48).map(|s| h.flows(s, &installation)).collect();
	let backwards: Vec<_> =
		(A_MIDNIGHT..A_MIDNIGHT + 48).rev().map(|s| h.flows(s, &installation)).collect();
	assert!(forwards.iter().eq(backwards.iter().rev()));
	assert_eq!(&forwards[..24], &day(&h, A_MIDNIGHT, &installation)[..]);
	assert_eq!(h.days(A_MIDNIGHT / SLOTS_PER_DAY, 2, &installation), forwards);
}

#[test]
fn the_battery_carries_its_charge_and_loses_some_each_way() {
	let installation = Installation::standard();
	let h = of_kind(Kind::SolarWithBattery, 0);
	let flows = day(&h, SOLSTICE, &installation);
	for pair in flows.windows(2) {
		let (before, now) = (pair[0], pair[1]);
		assert_eq!(
			before.state_of_charge_wh + now.charged_wh - now.discharged_wh - now.battery_loss_wh,
			now.state_of_charge_wh
		);
	}
	assert!(flows.iter().any(|f| f.battery_loss_wh > 0), "a summer day uses the battery");
	// 1,000 Wh in, everything out: 95% of 95% comes back.
	let battery = Battery { capacity_wh: 10_000, efficiency_percent: 95 };
	let stored = battery.charge(1_000, 0);
	assert_eq!((stored.terminal_wh, stored.cells_wh), (1_000, 950));
	let drawn = battery.discharge(5_000, stored.cells_wh);
	assert_eq!((drawn.terminal_wh, drawn.cells_wh), (902, 950));
	// Lossless, it is the old model's battery.
	let lossless = Battery { efficiency_percent: 100, ..battery };
	assert_eq!(lossless.charge(1_000, 0).cells_wh, 1_000);
	assert_eq!(lossless.discharge(700, 1_000).terminal_wh, 700);
	// A full battery takes nothing; an empty one gives nothing; the rate caps both.
	assert_eq!(battery.charge(1_000, 10_000).terminal_wh, 0);
	assert_eq!(battery.discharge(1_000, 0).terminal_wh, 0);
	assert_eq!(battery.charge(9_000, 0).terminal_wh, 5_000);
}

#[test]
fn a_tight_connection_curtails_and_sheds_but_still_balances() {
	let installation = Installation {
		battery: Battery { capacity_wh: 0, efficiency_percent: 95 },
		connection_limit_wh: 100,
		..Installation::standard()
	};
	let h = Household {
		id: [9; 32],
		kind: Kind::SolarWithBattery,
		pv_peak_w: 6_000,
		daily_load_wh: 14_000,
	};
	let flows: Vec<_> = (0..7).flat_map(|d| day(&h, SOLSTICE + d * 24, &installation)).collect();
	assert!(flows.iter().all(|f| f.is_consistent(&installation)));
	assert!(flows.iter().any(|f| f.curtailed_wh > 0));
	assert!(flows.iter().any(|f| f.unserved_wh > 0));
}

#[test]
fn households_without_a_battery_store_nothing_and_consumers_produce_nothing() {
	let installation = Installation::standard();
	for (kind, n) in [(Kind::Consumer, 0), (Kind::Solar, 0), (Kind::Solar, 1)] {
		let h = of_kind(kind, n);
		for flows in day(&h, SOLSTICE, &installation) {
			assert_eq!(
				(flows.charged_wh, flows.discharged_wh, flows.state_of_charge_wh),
				(0, 0, 0)
			);
			if kind == Kind::Consumer {
				assert_eq!((flows.pv_wh, flows.exported_wh), (0, 0));
				assert_eq!(flows.imported_wh, flows.load_wh);
			}
		}
	}
	// At a summer noon PV alone exports while a consumer imports: the market's two sides.
	let noon = SOLSTICE + 12;
	assert!(of_kind(Kind::Solar, 0).flows(noon, &installation).exported_wh > 0);
	assert!(of_kind(Kind::Consumer, 0).flows(noon, &installation).imported_wh > 0);
}

#[test]
fn extreme_installations_neither_overflow_nor_break_the_balance() {
	let h = of_kind(Kind::SolarWithBattery, 1);
	for (capacity, limit, efficiency) in
		[(u64::MAX, u64::MAX, 100), (0, 0, 95), (1, 1, 1), (u64::MAX, 0, 0), (10_000, 7_000, 200)]
	{
		let installation = Installation {
			battery: Battery { capacity_wh: capacity, efficiency_percent: efficiency },
			connection_limit_wh: limit,
			..Installation::standard()
		};
		for flows in day(&h, SOLSTICE, &installation) {
			assert!(flows.is_consistent(&installation), "{flows:?}");
		}
	}
}

#[test]
fn the_standard_connection_never_curtails_or_sheds() {
	// The largest PV hour (6 kW peak under a clear summer sky) and the largest load hour both
	// fit in 7 kWh.
	let installation = Installation::standard();
	for byte in 0..32 {
		let h = household(byte);
		for midnight in [A_MIDNIGHT, SOLSTICE] {
			for flows in day(&h, midnight, &installation) {
				assert_eq!((flows.curtailed_wh, flows.unserved_wh), (0, 0), "{flows:?}");
			}
		}
	}
}

#[test]
fn flows_serialize_with_the_names_the_runtime_reads() {
	let flows = household(1).flows(SOLSTICE + 12, &Installation::standard());
	let json = serde_json::to_value(flows).unwrap();
	assert_eq!(json["importedWh"].as_u64(), Some(flows.imported_wh));
	assert_eq!(json["exportedWh"].as_u64(), Some(flows.exported_wh));
	assert_eq!(json["stateOfChargeWh"].as_u64(), Some(flows.state_of_charge_wh));
	assert_eq!(json["batteryLossWh"].as_u64(), Some(flows.battery_loss_wh));
}

proptest! {
	#[test]
	fn every_hour_balances_within_bounds(
		id in any::<[u8; 32]>(),
		first_day in 0u64..1_000_000,
		capacity in prop_oneof![Just(10_000u64), 0u64..30_000],
		limit in prop_oneof![Just(7_000u64), 0u64..8_000],
		efficiency in prop_oneof![Just(95u8), any::<u8>()],
	) {
		let installation = Installation {
			battery: Battery { capacity_wh: capacity, efficiency_percent: efficiency },
			connection_limit_wh: limit,
			..Installation::standard()
		};
		let h = Household::of(id);
		let mut charge = h.midnight_charge_wh(first_day, &h.battery(&installation));
		for flows in day(&h, first_day * 24, &installation) {
			prop_assert!(flows.is_consistent(&installation), "{flows:?}");
			prop_assert_eq!(
				charge + flows.charged_wh - flows.discharged_wh - flows.battery_loss_wh,
				flows.state_of_charge_wh
			);
			charge = flows.state_of_charge_wh;
		}
	}

	#[test]
	fn a_battery_never_overfills_nor_pays_more_than_it_holds(
		capacity in 0u64..100_000,
		charge in 0u64..100_000,
		energy in 0u64..100_000,
		efficiency in 1u8..=100,
	) {
		let battery = Battery { capacity_wh: capacity, efficiency_percent: efficiency };
		let charge = charge.min(capacity);
		let stored = battery.charge(energy, charge);
		prop_assert!(stored.cells_wh <= stored.terminal_wh);
		prop_assert!(charge + stored.cells_wh <= capacity);
		prop_assert!(stored.terminal_wh <= energy.min(battery.rate_wh()));
		// It took all it could: one more Wh would not fit, or there was no more to take.
		prop_assert!(
			stored.terminal_wh == energy.min(battery.rate_wh()) ||
			charge + battery.charge(stored.terminal_wh + 1, charge).cells_wh <= capacity
				&& battery.charge(stored.terminal_wh + 1, charge).terminal_wh == stored.terminal_wh
		);
		let drawn = battery.discharge(energy, charge);
		prop_assert!(drawn.terminal_wh <= drawn.cells_wh);
		prop_assert!(drawn.cells_wh <= charge);
		prop_assert!(drawn.terminal_wh <= energy.min(battery.rate_wh()));
	}
}

#[test]
fn a_laid_out_micro_grid_holds_each_kind_in_its_share_and_mixes_them_early() {
	let count = |kinds: &[Kind], kind: Kind| kinds.iter().filter(|k| **k == kind).count() as u64;
	let hundred: Vec<Kind> = (0..100).map(Kind::in_mix).collect();
	for (kind, share) in KIND_SHARES_PERCENT {
		assert_eq!(count(&hundred, kind), share, "{kind:?} in every hundred households");
	}
	for start in 0..100 {
		let twenty: Vec<Kind> = (start..start + 20).map(Kind::in_mix).collect();
		for (kind, _) in KIND_SHARES_PERCENT {
			assert!((4..=9).contains(&count(&twenty, kind)), "{kind:?} from household {start}");
		}
	}
	// The first four already buy (consumers) and sell (PV).
	let four: Vec<Kind> = (0..4).map(Kind::in_mix).collect();
	assert!(four.contains(&Kind::Consumer) && four.contains(&Kind::SolarWithBattery));
	// A household of a given kind keeps the PV and load its id seeds.
	let id = [7; 32];
	let drawn = Household::of(id);
	let solar = Household::of_kind(id, Kind::Solar);
	assert_eq!(solar.kind, Kind::Solar);
	assert_eq!(solar.daily_load_wh, drawn.daily_load_wh);
	assert_eq!(Household::of_kind(id, Kind::Consumer).pv_peak_w, 0);
}
