//! The tactics: within bounds, conceding over time, deterministic.

use alloc::vec::Vec;
use proptest::{prelude::*, strategy::Strategy as _};

use crate::strategy::{Plan, RelativeTitForTat, Side, Situation, Strategy, Tactic, TimeDependent};

fn situation<'a>(
	side: Side,
	floor: u128,
	cap: u128,
	progress: f64,
	own: &'a [u128],
	theirs: &'a [u128],
) -> Situation<'a> {
	Situation { side, floor, cap, progress, own, theirs }
}

fn any_side() -> impl proptest::strategy::Strategy<Value = Side> {
	prop_oneof![Just(Side::Seller), Just(Side::Buyer)]
}

fn any_plan() -> impl proptest::strategy::Strategy<Value = Plan> {
	prop::sample::select(Plan::NAMES.to_vec()).prop_map(|name| name.parse().unwrap())
}

fn any_tactic() -> impl proptest::strategy::Strategy<Value = Tactic> {
	prop_oneof![
		(0.01f64..20.0, 0.0f64..1.0)
			.prop_map(|(beta, k)| Tactic::TimeDependent(TimeDependent { beta, k })),
		(1u32..4).prop_map(|delta| Tactic::TitForTat(RelativeTitForTat { delta })),
	]
}

#[test]
fn time_dependent_tactics_follow_faratins_curve() {
	let (floor, cap) = (100, 1_100);
	let at =
		|tactic: TimeDependent, side, t| tactic.propose(&situation(side, floor, cap, t, &[], &[]));
	for tactic in [TimeDependent::BOULWARE, TimeDependent::LINEAR, TimeDependent::CONCEDER] {
		assert_eq!(at(tactic, Side::Seller, 0.0), cap, "a seller opens at the cap");
		assert_eq!(at(tactic, Side::Seller, 1.0), floor, "and ends at its floor");
		assert_eq!(at(tactic, Side::Buyer, 0.0), floor, "a buyer opens at the floor");
		assert_eq!(at(tactic, Side::Buyer, 1.0), cap, "and ends at the import price");
	}
	// Half-way: the linear seller has conceded half, Boulware (t^5) 3 %, Conceder (t^0.2) 87 %.
	assert_eq!(at(TimeDependent::LINEAR, Side::Seller, 0.5), 600);
	assert_eq!(at(TimeDependent::BOULWARE, Side::Seller, 0.5), 1_100 - 31);
	assert_eq!(at(TimeDependent::CONCEDER, Side::Seller, 0.5), 1_100 - 871);
	// k: the share conceded at once.
	assert_eq!(at(TimeDependent { beta: 1.0, k: 0.1 }, Side::Buyer, 0.0), 200);
}

#[test]
fn tit_for_tat_concedes_what_the_counterpart_conceded() {
	let (floor, cap) = (1_000, 3_000);
	// The buyer raised its bid from 1,000 to 1,250 (25 %): the seller lowers 2,800 by 20 %
	// (1,000 / 1,250), to 2,240, more than Boulware would at this time.
	let s = situation(Side::Seller, floor, cap, 0.1, &[3_000, 2_800], &[1_000, 1_250]);
	assert_eq!(RelativeTitForTat { delta: 1 }.propose(&s), 2_240);
	// A counterpart that does not move gets nothing but the deadline's concession.
	let s = situation(Side::Seller, floor, cap, 0.1, &[3_000], &[1_000, 1_000]);
	assert_eq!(RelativeTitForTat { delta: 1 }.propose(&s), 3_000);
	let s = situation(Side::Seller, floor, cap, 1.0, &[3_000], &[1_000, 1_000]);
	assert_eq!(RelativeTitForTat { delta: 1 }.propose(&s), floor);
	// A buyer mirrors a seller's cut the same way: asks 3,000 then 2,500 (x1.2) lift 1,100 to 1,320.
	let s = situation(Side::Buyer, floor, cap, 0.1, &[1_100], &[3_000, 2_500]);
	assert_eq!(RelativeTitForTat { delta: 1 }.propose(&s), 1_320);
}

#[test]
fn strategies_parse_by_name_and_only_the_paper_closes() {
	for name in Plan::NAMES {
		let plan: Plan = name.parse().unwrap();
		assert_eq!(plan.closing(0.99), name == "paper", "{name}");
		assert!(!plan.closing(0.5));
	}
	assert!("haggler".parse::<Plan>().is_err());
}

proptest! {
	#[test]
	fn no_tactic_leaves_floor_and_cap(
		tactic in any_tactic(),
		side in any_side(),
		floor in 0u128..1_000_000_000_000,
		span in 0u128..1_000_000_000_000,
		progress in -1.0f64..2.0,
		own in proptest::collection::vec(any::<u128>(), 0..6),
		theirs in proptest::collection::vec(any::<u128>(), 0..6),
	) {
		let cap = floor + span;
		let price = tactic.propose(&situation(side, floor, cap, progress, &own, &theirs));
		prop_assert!(floor <= price && price <= cap, "{} outside [{}, {}]", price, floor, cap);
	}

	#[test]
	fn time_dependent_concession_is_monotone_in_time(
		beta in 0.01f64..20.0,
		k in 0.0f64..1.0,
		side in any_side(),
		floor in 0u128..1_000_000_000_000,
		span in 0u128..1_000_000_000_000,
		t in 0.0f64..1.0,
		later in 0.0f64..1.0,
	) {
		let tactic = TimeDependent { beta, k };
		let cap = floor + span;
		let (early, late) = (t.min(later), t.max(later));
		let at = |p| tactic.propose(&situation(side, floor, cap, p, &[], &[]));
		match side {
			Side::Seller => prop_assert!(at(late) <= at(early)),
			Side::Buyer => prop_assert!(at(late) >= at(early)),
		}
	}

	#[test]
	fn tit_for_tat_never_takes_back_a_concession(
		side in any_side(),
		own in proptest::collection::vec(1_000u128..3_000, 1..6),
		theirs in proptest::collection::vec(1_000u128..3_000, 0..6),
		progress in 0.0f64..1.0,
	) {
		let s = situation(side, 1_000, 3_000, progress, &own, &theirs);
		let next = RelativeTitForTat { delta: 1 }.propose(&s);
		let last = *own.last().unwrap();
		match side {
			Side::Seller => prop_assert!(next <= last),
			Side::Buyer => prop_assert!(next >= last),
		}
	}

	#[test]
	fn every_plan_is_deterministic(
		plan in any_plan(),
		side in any_side(),
		progress in 0.0f64..1.0,
		own in proptest::collection::vec(1_000u128..3_000, 0..6),
		theirs in proptest::collection::vec(1_000u128..3_000, 0..6),
	) {
		let prices: Vec<u128> = (0..3).map(|_| plan.propose(&situation(side, 1_000, 3_000, progress, &own, &theirs))).collect();
		prop_assert!(prices.windows(2).all(|w| w[0] == w[1]));
		let again: Plan = Plan::NAMES.iter().find(|n| n.parse::<Plan>().unwrap() == plan).unwrap().parse().unwrap();
		prop_assert_eq!(again.propose(&situation(side, 1_000, 3_000, progress, &own, &theirs)), prices[0]);
	}

	#[test]
	fn a_plan_accepts_exactly_what_is_at_least_as_good_as_its_own_price(
		plan in any_plan(),
		side in any_side(),
		progress in 0.0f64..1.0,
		offered in 1_000u128..3_000,
	) {
		let s = situation(side, 1_000, 3_000, progress, &[], &[]);
		let own = plan.propose(&s);
		let good = match side { Side::Seller => offered >= own, Side::Buyer => offered <= own };
		prop_assert_eq!(plan.accepts(&s, offered), good);
	}
}
