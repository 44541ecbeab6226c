//! Step 2 and GetOffers: the grid's prices that bound offers, making and cancelling offers,
//! listing them, and releasing what they did not sell once their trading slot is over.

use super::*;
use crate::{
	Agents, Agreements, GridPrices, Offers, PendingSlots, SellerOffers, SlotGridPrices, SlotOffers,
};
use energy_primitives::AgentKind;
use sp_core::Pair;

#[test]
fn the_grid_origin_prices_slots_that_have_not_started() {
	run(|| {
		let prices = GridPrices { import_price: 280_000, feed_in_price: 40_000 };
		assert_ok!(Market::set_grid_prices(RuntimeOrigin::root(), START + 20, prices));
		assert_eq!(SlotGridPrices::<Test>::get(START + 20), Some(prices));
		System::assert_last_event(Event::GridPricesSet { slot: START + 20, prices }.into());

		assert_noop!(
			Market::set_grid_prices(signed(&operator()), START + 20, prices),
			DispatchError::BadOrigin
		);
		for slot in [START - 1, START] {
			assert_noop!(
				Market::set_grid_prices(RuntimeOrigin::root(), slot, prices),
				Error::<Test>::SlotStarted
			);
		}
		assert_noop!(
			Market::set_grid_prices(
				RuntimeOrigin::root(),
				START + 20,
				GridPrices { import_price: 0, feed_in_price: 0 }
			),
			Error::<Test>::ZeroImportPrice
		);
		assert_noop!(
			Market::set_grid_prices(
				RuntimeOrigin::root(),
				START + 20,
				GridPrices { import_price: 100, feed_in_price: 101 }
			),
			Error::<Test>::FeedInAboveImport
		);
	});
}

#[test]
fn the_grid_cannot_reprice_the_slot_in_trade_under_its_offers() {
	run(|| {
		charge_seller(8_000);
		let id = offer(1_000);
		let dearer = GridPrices { import_price: 3 * IMPORT_PRICE, feed_in_price: FEED_IN_PRICE };
		let cheaper = GridPrices { import_price: FLOOR / 2, feed_in_price: 0 };
		for prices in [dearer, cheaper] {
			assert_noop!(
				Market::set_grid_prices(RuntimeOrigin::root(), DELIVERY, prices),
				Error::<Test>::PricesFrozen
			);
		}
		// Nor in its recording window.
		record_in(START);
		assert_noop!(
			Market::set_grid_prices(RuntimeOrigin::root(), DELIVERY, cheaper),
			Error::<Test>::PricesFrozen
		);
		// So the agreed price the offer's floor allowed is still within the grid's price.
		let signature = sign_agreement(&buyer(), id, DELIVERY, &seller(), &buyer(), 500, PRICE);
		assert_ok!(Market::allow_transaction(
			signed(&seller()),
			id,
			buyer(),
			500,
			PRICE,
			signature
		));
		// Later slots can still be priced.
		assert_ok!(Market::set_grid_prices(RuntimeOrigin::root(), DELIVERY + 1, dearer));
	});
}

#[test]
fn the_slot_in_trade_can_be_priced_once_if_it_has_no_prices() {
	run(|| {
		SlotGridPrices::<Test>::remove(DELIVERY);
		let prices = GridPrices { import_price: IMPORT_PRICE, feed_in_price: FEED_IN_PRICE };
		assert_ok!(Market::set_grid_prices(RuntimeOrigin::root(), DELIVERY, prices));
		assert_eq!(SlotGridPrices::<Test>::get(DELIVERY), Some(prices));
		assert_noop!(
			Market::set_grid_prices(RuntimeOrigin::root(), DELIVERY, prices),
			Error::<Test>::PricesFrozen
		);
	});
}

#[test]
fn an_offer_holds_the_energy_it_offers_and_collateral_for_its_penalties() {
	run(|| {
		charge_seller(8_000);
		let id = offer(5_000);
		let collateral = offer_collateral(5_000);
		assert_eq!(free_energy(&seller()), 3_000);
		assert_eq!(held_energy(HoldReason::Offered, &seller()), 5_000);
		assert_eq!(escrow(&seller()), collateral);
		assert_eq!(free_money(&seller()), ENDOWMENT - collateral);
		let stored = Offers::<Test>::get(id).unwrap();
		assert_eq!(
			(
				stored.seller,
				stored.slot,
				stored.offered,
				stored.remaining,
				stored.floor_price,
				stored.penalty_rate,
				stored.collateral
			),
			(seller(), DELIVERY, 5_000, 5_000, FLOOR, PENALTY_RATE, collateral)
		);
		assert_eq!(SlotOffers::<Test>::get(DELIVERY).to_vec(), vec![id]);
		assert_eq!(SellerOffers::<Test>::get(DELIVERY, seller()), 1);
		assert_eq!(PendingSlots::<Test>::get().to_vec(), vec![DELIVERY]);
		System::assert_last_event(
			Event::OfferMade {
				offer: id,
				seller: seller(),
				slot: DELIVERY,
				energy: 5_000,
				floor_price: FLOOR,
				collateral,
			}
			.into(),
		);
	});
}

#[test]
fn offers_are_made_only_during_negotiation() {
	run(|| {
		charge_seller(8_000);
		record_in(START);
		assert_noop!(
			Market::make_offer(signed(&seller()), 1_000, FLOOR),
			Error::<Test>::NegotiationClosed
		);
	});
}

#[test]
fn only_published_selling_households_offer() {
	run(|| {
		charge_seller(8_000);
		assert_noop!(
			Market::make_offer(RuntimeOrigin::none(), 1_000, FLOOR),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Market::make_offer(signed(&validator()), 1_000, FLOOR),
			Error::<Test>::NotAHousehold
		);
		Agents::<Test>::remove(seller());
		assert_noop!(
			Market::make_offer(signed(&seller()), 1_000, FLOOR),
			Error::<Test>::NotPublished
		);
		let key = agent_key(&seller()).public();
		assert_ok!(Market::publish_info(signed(&seller()), AgentKind::Buyer, vec![], key));
		assert_noop!(
			Market::make_offer(signed(&seller()), 1_000, FLOOR),
			Error::<Test>::NotASeller
		);
	});
}

#[test]
fn an_offer_needs_energy_prices_and_a_floor_under_the_import_price() {
	run(|| {
		charge_seller(8_000);
		assert_noop!(Market::make_offer(signed(&seller()), 0, FLOOR), Error::<Test>::ZeroEnergy);
		assert_noop!(
			Market::make_offer(signed(&seller()), 8_001, FLOOR),
			Error::<Test>::InsufficientEnergy
		);
		assert_noop!(
			Market::make_offer(signed(&seller()), 1_000, IMPORT_PRICE + 1),
			Error::<Test>::FloorAboveImportPrice
		);
		SlotGridPrices::<Test>::remove(DELIVERY);
		assert_noop!(
			Market::make_offer(signed(&seller()), 1_000, FLOOR),
			Error::<Test>::NoGridPrices
		);
	});
}

#[test]
fn offers_are_bounded_per_seller_and_per_slot() {
	run(|| {
		charge_seller(8_000);
		for _ in 0..MAX_OFFERS_PER_SELLER {
			offer(100);
		}
		assert_noop!(
			Market::make_offer(signed(&seller()), 100, FLOOR),
			Error::<Test>::TooManySellerOffers
		);
		report(&buyer(), START - 1, 0, 0, 5_000);
		for _ in 0..MAX_OFFERS_PER_SLOT - MAX_OFFERS_PER_SELLER {
			assert_ok!(Market::make_offer(signed(&buyer()), 100, FLOOR));
		}
		report(&other_buyer(), START - 1, 0, 0, 5_000);
		assert_noop!(
			Market::make_offer(signed(&other_buyer()), 100, FLOOR),
			Error::<Test>::TooManyOffers
		);
	});
}

#[test]
fn too_many_unsettled_slots_refuse_new_offers() {
	run(|| {
		charge_seller(8_000);
		for slot in START..START + MAX_PENDING_SLOTS as SlotIndex {
			negotiate_in(slot);
			assert_ok!(Market::make_offer(signed(&seller()), 100, FLOOR));
		}
		negotiate_in(START + MAX_PENDING_SLOTS as SlotIndex);
		assert_noop!(
			Market::make_offer(signed(&seller()), 100, FLOOR),
			Error::<Test>::MarketBacklog
		);
	});
}

#[test]
fn a_seller_cancels_its_offer_during_negotiation() {
	run(|| {
		charge_seller(8_000);
		let id = offer(5_000);
		assert_noop!(Market::cancel_offer(signed(&buyer()), id), Error::<Test>::NotYourOffer);
		assert_noop!(Market::cancel_offer(signed(&seller()), id + 1), Error::<Test>::UnknownOffer);
		assert_noop!(Market::cancel_offer(RuntimeOrigin::root(), id), DispatchError::BadOrigin);
		assert_ok!(Market::cancel_offer(signed(&seller()), id));
		System::assert_last_event(Event::OfferCancelled { offer: id, released: 5_000 }.into());
		assert_eq!(free_energy(&seller()), 8_000);
		assert_eq!(held_energy(HoldReason::Offered, &seller()), 0);
		assert!(Offers::<Test>::get(id).is_none());
		assert!(!SellerOffers::<Test>::contains_key(DELIVERY, seller()));
		assert!(PendingSlots::<Test>::get().is_empty());
	});
}

#[test]
fn an_offer_cannot_be_cancelled_once_negotiation_closed() {
	run(|| {
		charge_seller(8_000);
		let id = offer(5_000);
		record_in(START);
		assert_noop!(Market::cancel_offer(signed(&seller()), id), Error::<Test>::NegotiationClosed);
		negotiate_in(START + 1);
		assert_noop!(Market::cancel_offer(signed(&seller()), id), Error::<Test>::NegotiationClosed);
	});
}

#[test]
fn get_offers_lists_open_offers_with_their_agents() {
	run(|| {
		charge_seller(8_000);
		let id = offer(5_000);
		let offers = Market::offers(DELIVERY);
		assert_eq!(offers.len(), 1);
		assert_eq!(offers[0].id, id);
		assert_eq!(offers[0].seller, seller());
		assert_eq!(offers[0].energy_wh, 5_000);
		assert_eq!(offers[0].floor_price, FLOOR);
		assert_eq!(offers[0].endpoint, endpoint(&seller()));
		assert_eq!(offers[0].negotiation_key, agent_key(&seller()).public().0);
		assert!(Market::offers(DELIVERY + 1).is_empty());
		record_in(START);
		agree(id, &buyer(), 2_000);
		assert_eq!(Market::offers(DELIVERY)[0].energy_wh, 3_000);
	});
}

#[test]
fn unsold_energy_is_released_after_the_trading_slot() {
	run(|| {
		let (offer, _) = recorded_agreement();
		assert_noop!(Market::release_offer(signed(&buyer()), offer), Error::<Test>::TradingNotOver);
		negotiate_in(DELIVERY);
		assert_noop!(Market::release_offer(RuntimeOrigin::none(), offer), DispatchError::BadOrigin);
		let agreed = Agreements::<Test>::iter_values().next().unwrap();
		assert_ok!(Market::release_offer(signed(&buyer()), offer));
		System::assert_last_event(Event::OfferReleased { offer, released: 2_000 }.into());
		// What stays held is the agreement's: its energy and the seller's collateral for it.
		assert_eq!(held_energy(HoldReason::Offered, &seller()), 3_000);
		assert_eq!(free_energy(&seller()), 5_000);
		assert_eq!(escrow(&seller()), agreed.collateral);
		assert_eq!(free_money(&seller()), ENDOWMENT - agreed.collateral);
		assert_noop!(Market::release_offer(signed(&buyer()), offer), Error::<Test>::UnknownOffer);
	});
}
