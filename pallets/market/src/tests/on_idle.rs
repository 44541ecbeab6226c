//! `on_idle` releasing offers and settling agreements by itself, within its bounds.

use super::*;
use crate::{Agreements, Offers, PendingSlots, SlotOffers};
use frame_support::{
	traits::Hooks,
	weights::{Weight, WeightMeter},
};

#[test]
fn on_idle_releases_offers_and_settles_agreements_by_itself() {
	run(|| {
		let (offer, agreement) = recorded_agreement();
		negotiate_in(START + 2);
		report(&seller(), DELIVERY, 0, 3_000, 5_000);
		report(&buyer(), DELIVERY, 3_000, 0, 0);
		Market::on_idle(2, Weight::MAX);
		assert!(Offers::<Test>::get(offer).is_none());
		assert!(Agreements::<Test>::get(agreement).is_none());
		assert!(PendingSlots::<Test>::get().is_empty());
		assert!(!SlotOffers::<Test>::contains_key(DELIVERY));
		assert_eq!(held_energy(HoldReason::Offered, &seller()), 0);
		assert_eq!(escrow(&buyer()), 0);
	});
}

#[test]
fn on_idle_works_within_its_bounds_and_leaves_what_must_wait() {
	run(|| {
		charge_seller(8_000);
		let first = offer(3_000);
		let second = offer(3_000);
		record_in(START);
		agree(first, &buyer(), 1_000);
		agree(first, &other_buyer(), 1_000);
		agree(second, &buyer(), 1_000);
		negotiate_in(START + 2);
		// No readings yet: the offers are released, the agreements wait.
		Market::on_idle(2, Weight::MAX);
		assert!(SlotOffers::<Test>::get(DELIVERY).is_empty());
		assert_eq!(slot_agreements(DELIVERY).len(), 3);
		report(&seller(), DELIVERY, 0, 3_000, 5_000);
		report(&buyer(), DELIVERY, 2_000, 0, 0);
		report(&other_buyer(), DELIVERY, 1_000, 0, 0);
		// No weight left: nothing happens.
		let mut meter = WeightMeter::with_limit(Weight::zero());
		Market::do_chores(&mut meter);
		assert_eq!(slot_agreements(DELIVERY).len(), 3);
		// At most MAX_SETTLEMENTS_PER_BLOCK a block.
		Market::on_idle(3, Weight::MAX);
		assert!(slot_agreements(DELIVERY).is_empty());
		assert!(PendingSlots::<Test>::get().is_empty());
	});
}

#[test]
fn a_households_later_agreements_wait_for_its_earlier_one_until_the_grace_period() {
	run(|| {
		charge_seller(8_000);
		let id = offer(4_000);
		record_in(START);
		let waiting = agree(id, &buyer(), 1_000);
		let later = agree(id, &other_buyer(), 1_000);
		negotiate_in(START + 2);
		report(&seller(), DELIVERY, 0, 2_000, 6_000);
		report(&other_buyer(), DELIVERY, 1_000, 0, 0);
		// The seller's first agreement waits for the buyer's meter, so its second waits too.
		Market::on_idle(2, Weight::MAX);
		assert_eq!(slot_agreements(DELIVERY), vec![waiting, later]);
		negotiate_in(DELIVERY + GRACE_SLOTS + 1);
		Market::on_idle(3, Weight::MAX);
		assert!(slot_agreements(DELIVERY).is_empty());
	});
}

#[test]
fn on_idle_settles_what_is_ready_and_leaves_what_waits_for_a_meter() {
	run(|| {
		charge_seller(8_000);
		let id = offer(4_000);
		record_in(START);
		let ready = agree(id, &other_buyer(), 1_000);
		let waiting = agree(id, &buyer(), 1_000);
		negotiate_in(START + 2);
		report(&seller(), DELIVERY, 0, 2_000, 6_000);
		report(&other_buyer(), DELIVERY, 1_000, 0, 0);
		Market::on_idle(2, Weight::MAX);
		assert_eq!(slot_agreements(DELIVERY), vec![waiting]);
		assert!(Agreements::<Test>::get(ready).is_none());
		assert_eq!(crate::SlotAgreementCount::<Test>::get(DELIVERY), 1);
		assert_eq!(PendingSlots::<Test>::get().to_vec(), vec![DELIVERY]);
		// Once the grace period is over, the silent buyer's agreement settles too.
		negotiate_in(DELIVERY + GRACE_SLOTS + 1);
		Market::on_idle(3, Weight::MAX);
		assert!(slot_agreements(DELIVERY).is_empty());
		assert!(PendingSlots::<Test>::get().is_empty());
	});
}

#[test]
fn on_idle_removes_the_grid_prices_of_long_ended_slots() {
	run(|| {
		use crate::{GridPrices, OldestPricedSlot, SlotGridPrices};
		let prices = GridPrices { import_price: IMPORT_PRICE, feed_in_price: FEED_IN_PRICE };
		assert_ok!(Market::set_grid_prices(RuntimeOrigin::root(), START + 20, prices));
		// Slots START + 1 to START + 7 have prices; within the history they stay.
		negotiate_in(START + 1 + PRICE_HISTORY_SLOTS);
		Market::on_idle(2, Weight::MAX);
		assert!(SlotGridPrices::<Test>::contains_key(START + 1));
		negotiate_in(START + 4 + PRICE_HISTORY_SLOTS);
		Market::on_idle(3, Weight::MAX);
		assert!((START + 1..START + 4).all(|slot| !SlotGridPrices::<Test>::contains_key(slot)));
		assert!((START + 4..START + 8).all(|slot| SlotGridPrices::<Test>::contains_key(slot)));
		assert_eq!(OldestPricedSlot::<Test>::get(), Some(START + 4));
		// Long after, everything ended is gone, a block at a time, and a future slot stays.
		negotiate_in(START + 20);
		for block in 4..8 {
			Market::on_idle(block, Weight::MAX);
		}
		assert_eq!(SlotGridPrices::<Test>::iter_keys().collect::<Vec<_>>(), vec![START + 20]);
		assert_eq!(OldestPricedSlot::<Test>::get(), Some(START + 16));
	});
}
