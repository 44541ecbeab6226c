//! The clock of slots and the market parameters governance sets: the clock and the penalty rate.

use super::*;
use crate::{Clock, CurrentClock, NextClock, PenaltyRate};
use energy_primitives::Phase;
use frame_support::traits::Hooks;
use sp_runtime::Perbill;

#[test]
fn the_clock_divides_time_into_slots_with_a_recording_window() {
	run(|| {
		let status = Market::status();
		assert_eq!(status.slot, START);
		assert_eq!(status.phase, Phase::Negotiation);
		assert_eq!(status.slot_ends_at, (START + 1) * SLOT_MILLIS);
		assert_eq!(status.recording_starts_at, (START + 1) * SLOT_MILLIS - RECORDING_MILLIS);
		go_to(START, SLOT_MILLIS - RECORDING_MILLIS - 1);
		assert_eq!(Market::status().phase, Phase::Negotiation);
		record_in(START);
		assert_eq!(Market::status().phase, Phase::Recording);
		go_to(START, SLOT_MILLIS - 1);
		assert_eq!((Market::current_slot(), Market::status().phase), (START, Phase::Recording));
		go_to(START + 1, 0);
		assert_eq!(
			(Market::current_slot(), Market::status().phase),
			(START + 1, Phase::Negotiation)
		);
	});
}

#[test]
fn the_default_clock_is_wall_clock_hours_with_a_five_minute_recording_window() {
	let clock = Clock::default();
	// 2026-11-25 12:00 UTC is hour 498_780 since the epoch.
	assert_eq!(clock.slot_at(1_795_608_000_000), 498_780);
	let status = clock.status_at(1_795_608_000_000 + 55 * 60_000);
	assert_eq!(status.phase, Phase::Recording);
	assert_eq!(status.slot_ends_at, 1_795_608_000_000 + 3_600_000);
}

#[test]
fn a_second_clock_change_in_the_first_block_of_a_new_clock_keeps_slots_moving_forward() {
	run(|| {
		go_to(START, 10_000);
		assert_ok!(Market::set_clock(RuntimeOrigin::root(), 20_000, 5_000));
		// 30 s into the new clock, whose first slot is START + 1: under it the chain is in
		// START + 2 (under the old one it would still be START + 1). `on_initialize` has not
		// seen this time yet (it runs before the block's timestamp is set), so the new clock is
		// still only scheduled.
		let epoch = (START + 1) * SLOT_MILLIS;
		set_time(epoch + 30_000);
		assert_eq!(Market::current_slot(), START + 2);
		assert_ok!(Market::set_clock(RuntimeOrigin::root(), 30_000, 5_000));
		// The first change stays in force; slot numbers do not go back to the old clock's.
		assert_eq!(Market::current_slot(), START + 2);
		assert_eq!(CurrentClock::<Test>::get().slot_millis, 20_000);
		let next = NextClock::<Test>::get().unwrap();
		assert_eq!((next.epoch_slot, next.epoch_millis), (START + 3, epoch + 40_000));
		set_time(epoch + 39_999);
		assert_eq!(Market::current_slot(), START + 2);
		set_time(epoch + 40_000);
		assert_eq!(Market::current_slot(), START + 3);
		set_time(epoch + 70_000);
		assert_eq!(Market::current_slot(), START + 4);
	});
}

#[test]
fn a_new_clock_starts_with_the_next_slot() {
	run(|| {
		go_to(START, 10_000);
		assert_ok!(Market::set_clock(RuntimeOrigin::root(), 30_000, 5_000));
		let next = Clock {
			epoch_millis: (START + 1) * SLOT_MILLIS,
			epoch_slot: START + 1,
			slot_millis: 30_000,
			recording_millis: 5_000,
		};
		System::assert_last_event(Event::ClockScheduled { clock: next }.into());
		assert_eq!(NextClock::<Test>::get(), Some(next));
		// The slot now keeps its length.
		go_to(START, SLOT_MILLIS - 1);
		assert_eq!(Market::current_slot(), START);
		// Then slots are 30 seconds long, numbered on.
		go_to(START + 1, 0);
		assert_eq!(Market::current_slot(), START + 1);
		set_time((START + 1) * SLOT_MILLIS + 30_000);
		assert_eq!(Market::current_slot(), START + 2);
		Market::on_initialize(2);
		assert_eq!(CurrentClock::<Test>::get(), next);
		assert_eq!(NextClock::<Test>::get(), None);
		assert_eq!(Market::current_slot(), START + 2);
		assert_eq!(Market::status().slot_ends_at, (START + 1) * SLOT_MILLIS + 60_000);
	});
}

#[test]
fn only_governance_changes_the_clock_and_only_to_one_that_runs() {
	run(|| {
		assert_noop!(
			Market::set_clock(signed(&operator()), 30_000, 5_000),
			DispatchError::BadOrigin
		);
		for (slot, recording) in [(11_999, 1_000), (30_000, 0), (30_000, 30_000)] {
			assert_noop!(
				Market::set_clock(RuntimeOrigin::root(), slot, recording),
				Error::<Test>::InvalidClock
			);
		}
	});
}

#[test]
fn governance_sets_the_penalty_rate() {
	run(|| {
		assert_noop!(
			Market::set_penalty_rate(signed(&operator()), Perbill::from_percent(5)),
			DispatchError::BadOrigin
		);
		assert_ok!(Market::set_penalty_rate(RuntimeOrigin::root(), Perbill::from_percent(5)));
		assert_eq!(PenaltyRate::<Test>::get(), Perbill::from_percent(5));
		System::assert_last_event(Event::PenaltyRateSet { rate: Perbill::from_percent(5) }.into());
	});
}
