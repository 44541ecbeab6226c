use crate::{
	mock::*, Agents, Agreement, Agreements, Clock, CurrentClock, Error, Event, GridPrices,
	HoldReason, NextClock, Offers, PenaltyRate, PendingSlots, SellerOffers, Settlement,
	SignedTerms, SlotAgreements, SlotGridPrices, SlotOffers, UsedFlows,
};
use energy_primitives::{
	energy_value, AgentKind, AgreementId, Balance, Energy, MeterReading, OfferId, Phase, SlotIndex,
};
use frame_support::{
	assert_noop, assert_ok,
	traits::{
		fungible::{Inspect, InspectHold},
		Hooks,
	},
	weights::{Weight, WeightMeter},
};
use frame_support::{traits::ConstU32, BoundedVec};
use sp_core::{sr25519, Pair};
use sp_runtime::{DispatchError, Perbill};

/// The unsettled agreements of `slot`, in the order they were recorded.
fn slot_agreements(slot: SlotIndex) -> Vec<AgreementId> {
	let mut ids: Vec<AgreementId> = SlotAgreements::<Test>::iter_key_prefix(slot).collect();
	ids.sort();
	ids
}

/// The delivery slot of the trades the tests make in slot `START`.
const DELIVERY: SlotIndex = START + 1;
/// The price the tests agree on, per kWh.
const PRICE: Balance = 200_000;
/// The floor price of the tests' offers.
const FLOOR: Balance = 100_000;

fn signed(who: &AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who.clone())
}

/// Runs `test`, then checks the invariants of the market, the meters and the energy token.
fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Market::do_try_state().unwrap();
		MeterReadings::do_try_state().unwrap();
		EnergyToken::do_try_state().unwrap();
	});
}

/// The household's meter reports `reading` for `slot` (which must have ended).
fn report(household: &AccountId, slot: SlotIndex, imported: Energy, exported: Energy, soc: Energy) {
	assert_ok!(MeterReadings::submit_reading(
		signed(&meter_of(household)),
		slot,
		MeterReading { imported_wh: imported, exported_wh: exported, state_of_charge_wh: soc },
	));
}

/// The seller's battery holds `soc` Wh at the end of the slot before `START`: tokens minted.
fn charge_seller(soc: Energy) {
	report(&seller(), START - 1, 0, 0, soc);
}

fn free_energy(who: &AccountId) -> Energy {
	EnergyToken::balance(who)
}

fn held_energy(reason: HoldReason, who: &AccountId) -> Energy {
	EnergyToken::balance_on_hold(&reason.into(), who)
}

fn free_money(who: &AccountId) -> Balance {
	Balances::balance(who)
}

fn escrow(who: &AccountId) -> Balance {
	Balances::balance_on_hold(&HoldReason::Escrow.into(), who)
}

/// The collateral an offer of `energy` holds: the penalty on its value at the import price.
fn offer_collateral(energy: Energy) -> Balance {
	PENALTY_RATE.mul_ceil(energy_value(energy, IMPORT_PRICE))
}

/// The seller offers `energy` at `FLOOR`; returns the offer.
fn offer(energy: Energy) -> OfferId {
	let id = crate::NextOfferId::<Test>::get();
	assert_ok!(Market::make_offer(signed(&seller()), energy, FLOOR));
	id
}

/// Records `buyer`'s agreement to buy `energy` of `offer` at `PRICE`, signed by its agent.
fn agree(offer: OfferId, buyer: &AccountId, energy: Energy) -> AgreementId {
	let id = crate::NextAgreementId::<Test>::get();
	let signature = sign_agreement(buyer, offer, DELIVERY, &seller(), buyer, energy, PRICE);
	assert_ok!(Market::allow_transaction(
		signed(&seller()),
		offer,
		buyer.clone(),
		energy,
		PRICE,
		signature
	));
	id
}

/// A recorded agreement of 3 kWh between the seller (8 kWh stored) and the buyer; the clock
/// is in the recording window of `START`.
fn recorded_agreement() -> (OfferId, AgreementId) {
	charge_seller(8_000);
	let offer = offer(5_000);
	record_in(START);
	let agreement = agree(offer, &buyer(), 3_000);
	(offer, agreement)
}

// ---- The clock ----

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

// ---- Step 1: publish_info ----

#[test]
fn a_household_publishes_and_updates_its_agent() {
	run(|| {
		let key = agent_key(&seller()).public();
		assert_ok!(Market::publish_info(
			signed(&seller()),
			AgentKind::Seller,
			b"http://127.0.0.1:9000".to_vec(),
			key
		));
		let info = Agents::<Test>::get(seller()).unwrap();
		assert_eq!(info.kind, AgentKind::Seller);
		assert_eq!(info.endpoint.to_vec(), b"http://127.0.0.1:9000".to_vec());
		System::assert_last_event(
			Event::InfoPublished {
				household: seller(),
				kind: AgentKind::Seller,
				endpoint: b"http://127.0.0.1:9000".to_vec(),
				negotiation_key: key,
			}
			.into(),
		);
		let new_key = sr25519::Pair::from_string("//NewAgent", None).unwrap().public();
		assert_ok!(Market::publish_info(signed(&seller()), AgentKind::Both, vec![], new_key));
		assert_eq!(Agents::<Test>::get(seller()).unwrap().negotiation_key, new_key);
	});
}

/// An account outside the consortium, to be a household's agent.
fn agent() -> AccountId {
	account(40)
}

#[test]
fn an_authorized_agent_trades_for_its_household() {
	run(|| {
		charge_seller(8_000);
		assert_ok!(Market::authorize_agent(signed(&seller()), agent()));
		System::assert_last_event(
			Event::AgentAuthorized { household: seller(), agent: agent() }.into(),
		);
		assert_eq!(crate::HouseholdAgent::<Test>::get(seller()), Some(agent()));
		assert_eq!(Market::household_of(agent()), Ok(seller()));
		// It publishes for the household, and offers, cancels and records with its tokens.
		let key = sr25519::Public::from_raw([9; 32]);
		assert_ok!(Market::publish_info(signed(&agent()), AgentKind::Both, b"x".to_vec(), key));
		assert_eq!(Agents::<Test>::get(seller()).unwrap().negotiation_key, key);
		assert!(Agents::<Test>::get(agent()).is_none());
		let cancelled = crate::NextOfferId::<Test>::get();
		assert_ok!(Market::make_offer(signed(&agent()), 1_000, FLOOR));
		assert_eq!(Offers::<Test>::get(cancelled).unwrap().seller, seller());
		assert_eq!(held_energy(HoldReason::Offered, &seller()), 1_000);
		assert_ok!(Market::cancel_offer(signed(&agent()), cancelled));
		let id = offer(2_000);
		record_in(START);
		let signature = sign_agreement(&buyer(), id, DELIVERY, &seller(), &buyer(), 500, PRICE);
		assert_ok!(Market::allow_transaction(signed(&agent()), id, buyer(), 500, PRICE, signature));
		assert_eq!(Agreements::<Test>::iter_values().next().unwrap().seller, seller());
		assert_eq!(free_money(&agent()), 0);
	});
}

#[test]
fn only_a_household_authorizes_an_agent_from_outside_the_consortium() {
	run(|| {
		assert_noop!(
			Market::authorize_agent(signed(&operator()), agent()),
			Error::<Test>::NotAHousehold
		);
		assert_noop!(
			Market::authorize_agent(RuntimeOrigin::none(), agent()),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Market::authorize_agent(signed(&seller()), buyer()),
			Error::<Test>::AgentIsMember
		);
		assert_ok!(Market::authorize_agent(signed(&seller()), agent()));
		assert_noop!(Market::authorize_agent(signed(&buyer()), agent()), Error::<Test>::AgentTaken);
		// A new agent replaces the old one, which no longer trades.
		let second = account(41);
		assert_ok!(Market::authorize_agent(signed(&seller()), second.clone()));
		System::assert_has_event(
			Event::AgentRevoked { household: seller(), agent: agent() }.into(),
		);
		assert_eq!(Market::household_of(second), Ok(seller()));
		assert_noop!(
			Market::publish_info(
				signed(&agent()),
				AgentKind::Both,
				vec![],
				agent_key(&seller()).public()
			),
			Error::<Test>::NotAHousehold
		);
	});
}

#[test]
fn a_revoked_agent_or_one_of_a_former_household_no_longer_trades() {
	run(|| {
		charge_seller(8_000);
		assert_noop!(Market::revoke_agent(signed(&seller())), Error::<Test>::NoAgent);
		assert_ok!(Market::authorize_agent(signed(&seller()), agent()));
		assert_ok!(Market::revoke_agent(signed(&seller())));
		System::assert_last_event(
			Event::AgentRevoked { household: seller(), agent: agent() }.into(),
		);
		assert_noop!(Market::revoke_agent(signed(&seller())), Error::<Test>::NoAgent);
		assert_noop!(
			Market::make_offer(signed(&agent()), 1_000, FLOOR),
			Error::<Test>::NotAHousehold
		);
		// An agent acts only while its household is one.
		assert_ok!(Market::authorize_agent(signed(&seller()), agent()));
		set_role(&seller(), None);
		assert_noop!(
			Market::make_offer(signed(&agent()), 1_000, FLOOR),
			Error::<Test>::NotAHousehold
		);
		set_role(&seller(), Some(energy_primitives::Role::Household));
	});
}

#[test]
fn only_households_publish_bounded_information() {
	run(|| {
		let key = agent_key(&seller()).public();
		assert_noop!(
			Market::publish_info(RuntimeOrigin::root(), AgentKind::Both, vec![], key),
			DispatchError::BadOrigin
		);
		for outsider in [validator(), meter_of(&seller()), account(99)] {
			assert_noop!(
				Market::publish_info(signed(&outsider), AgentKind::Both, vec![], key),
				Error::<Test>::NotAHousehold
			);
		}
		assert_noop!(
			Market::publish_info(
				signed(&seller()),
				AgentKind::Both,
				vec![b'x'; MAX_ENDPOINT as usize + 1],
				key
			),
			Error::<Test>::EndpointTooLong
		);
	});
}

// ---- Grid prices ----

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

// ---- Step 2: make_offer, cancel_offer ----

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

// ---- GetOffers ----

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

// ---- Step 5: allow_transaction ----

#[test]
fn an_agreement_escrows_the_payment_and_takes_its_share_of_the_offer() {
	run(|| {
		let (offer, agreement) = recorded_agreement();
		let value = energy_value(3_000, PRICE);
		let collateral = PENALTY_RATE.mul_ceil(value);
		assert_eq!(
			Agreements::<Test>::get(agreement),
			Some(Agreement {
				offer,
				seller: seller(),
				buyer: buyer(),
				slot: DELIVERY,
				energy: 3_000,
				price: PRICE,
				penalty_rate: PENALTY_RATE,
				escrow: value + collateral,
				collateral,
			})
		);
		assert_eq!(escrow(&buyer()), value + collateral);
		assert_eq!(free_money(&buyer()), ENDOWMENT - value - collateral);
		// The seller's energy and collateral stay held: the agreement's share and the rest.
		assert_eq!(escrow(&seller()), offer_collateral(5_000));
		assert_eq!(held_energy(HoldReason::Offered, &seller()), 5_000);
		let left = Offers::<Test>::get(offer).unwrap();
		assert_eq!(
			(left.remaining, left.collateral),
			(2_000, offer_collateral(5_000) - collateral)
		);
		assert_eq!(slot_agreements(DELIVERY), vec![agreement]);
		System::assert_last_event(
			Event::AgreementRecorded {
				agreement,
				offer,
				seller: seller(),
				buyer: buyer(),
				slot: DELIVERY,
				energy: 3_000,
				price: PRICE,
			}
			.into(),
		);
	});
}

#[test]
fn agreements_are_recorded_only_in_the_recording_window() {
	run(|| {
		charge_seller(8_000);
		let id = offer(5_000);
		let signature = sign_agreement(&buyer(), id, DELIVERY, &seller(), &buyer(), 1_000, PRICE);
		let call = || {
			Market::allow_transaction(
				signed(&seller()),
				id,
				buyer(),
				1_000,
				PRICE,
				signature.clone(),
			)
		};
		assert_noop!(call(), Error::<Test>::NotRecordingWindow);
		negotiate_in(START + 1);
		assert_noop!(call(), Error::<Test>::NotRecordingWindow);
		record_in(START);
		assert_ok!(call());
	});
}

#[test]
fn only_the_seller_records_with_a_published_buying_household() {
	run(|| {
		charge_seller(8_000);
		let id = offer(5_000);
		record_in(START);
		let sig =
			|buyer: &AccountId| sign_agreement(buyer, id, DELIVERY, &seller(), buyer, 1_000, PRICE);
		assert_noop!(
			Market::allow_transaction(
				RuntimeOrigin::root(),
				id,
				buyer(),
				1_000,
				PRICE,
				sig(&buyer())
			),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Market::allow_transaction(signed(&buyer()), id, buyer(), 1_000, PRICE, sig(&buyer())),
			Error::<Test>::NotYourOffer
		);
		assert_noop!(
			Market::allow_transaction(
				signed(&seller()),
				id + 7,
				buyer(),
				1_000,
				PRICE,
				sig(&buyer())
			),
			Error::<Test>::UnknownOffer
		);
		assert_noop!(
			Market::allow_transaction(
				signed(&seller()),
				id,
				seller(),
				1_000,
				PRICE,
				sig(&seller())
			),
			Error::<Test>::SelfTrade
		);
		assert_noop!(
			Market::allow_transaction(
				signed(&seller()),
				id,
				validator(),
				1_000,
				PRICE,
				sig(&validator())
			),
			Error::<Test>::NotAHousehold
		);
		Agents::<Test>::remove(other_buyer());
		assert_noop!(
			Market::allow_transaction(
				signed(&seller()),
				id,
				other_buyer(),
				1_000,
				PRICE,
				sig(&other_buyer())
			),
			Error::<Test>::BuyerNotPublished
		);
		Agents::<Test>::mutate(buyer(), |info| info.as_mut().unwrap().kind = AgentKind::Seller);
		assert_noop!(
			Market::allow_transaction(signed(&seller()), id, buyer(), 1_000, PRICE, sig(&buyer())),
			Error::<Test>::NotABuyer
		);
	});
}

#[test]
fn agreement_terms_stay_within_the_offer_and_the_price_bounds() {
	run(|| {
		charge_seller(8_000);
		let id = offer(5_000);
		record_in(START);
		let attempt = |energy: Energy, price: Balance| {
			let signature =
				sign_agreement(&buyer(), id, DELIVERY, &seller(), &buyer(), energy, price);
			Market::allow_transaction(signed(&seller()), id, buyer(), energy, price, signature)
		};
		assert_noop!(attempt(0, PRICE), Error::<Test>::ZeroEnergy);
		assert_noop!(attempt(5_001, PRICE), Error::<Test>::ExceedsOffer);
		assert_noop!(attempt(1_000, FLOOR - 1), Error::<Test>::PriceBelowFloor);
		assert_noop!(attempt(1_000, IMPORT_PRICE + 1), Error::<Test>::PriceAboveImportPrice);
		// The bounds themselves are fine.
		assert_ok!(attempt(1_000, IMPORT_PRICE));
		assert_ok!(Market::allow_transaction(
			signed(&seller()),
			id,
			other_buyer(),
			4_000,
			FLOOR,
			sign_agreement(&other_buyer(), id, DELIVERY, &seller(), &other_buyer(), 4_000, FLOOR),
		));
		assert_eq!(Offers::<Test>::get(id).unwrap().remaining, 0);
		// Replaying an agreement on a sold-out offer is refused as a replay.
		assert_noop!(
			Market::allow_transaction(
				signed(&seller()),
				id,
				other_buyer(),
				4_000,
				FLOOR,
				sign_agreement(
					&other_buyer(),
					id,
					DELIVERY,
					&seller(),
					&other_buyer(),
					4_000,
					FLOOR
				),
			),
			Error::<Test>::AgreementExists
		);
	});
}

#[test]
fn nobody_signs_a_buyer_into_a_trade_or_replays_its_signature() {
	run(|| {
		charge_seller(8_000);
		let first = offer(3_000);
		let second = offer(3_000);
		record_in(START);
		let signature =
			sign_agreement(&buyer(), first, DELIVERY, &seller(), &buyer(), 1_000, PRICE);
		// Another key, other terms, another offer: all refused.
		let forged =
			sign_agreement(&other_buyer(), first, DELIVERY, &seller(), &buyer(), 1_000, PRICE);
		assert_noop!(
			Market::allow_transaction(signed(&seller()), first, buyer(), 1_000, PRICE, forged),
			Error::<Test>::BadSignature
		);
		assert_noop!(
			Market::allow_transaction(
				signed(&seller()),
				first,
				buyer(),
				2_000,
				PRICE,
				signature.clone()
			),
			Error::<Test>::BadSignature
		);
		assert_noop!(
			Market::allow_transaction(
				signed(&seller()),
				second,
				buyer(),
				1_000,
				PRICE,
				signature.clone()
			),
			Error::<Test>::BadSignature
		);
		assert_ok!(Market::allow_transaction(
			signed(&seller()),
			first,
			buyer(),
			1_000,
			PRICE,
			signature.clone()
		));
		// The same signature again.
		assert_noop!(
			Market::allow_transaction(signed(&seller()), first, buyer(), 1_000, PRICE, signature),
			Error::<Test>::AgreementExists
		);
	});
}

/// `buyer`'s signed terms for `energy` of `offer` at `PRICE`.
fn terms(offer: OfferId, buyer: &AccountId, energy: Energy) -> SignedTerms<AccountId> {
	let signature = sign_agreement(buyer, offer, DELIVERY, &seller(), buyer, energy, PRICE);
	SignedTerms { buyer: buyer.clone(), energy, price: PRICE, signature }
}

fn batch(
	agreements: Vec<SignedTerms<AccountId>>,
) -> BoundedVec<SignedTerms<AccountId>, ConstU32<MAX_AGREEMENTS_PER_OFFER>> {
	BoundedVec::truncate_from(agreements)
}

#[test]
fn a_seller_records_several_buyers_of_an_offer_at_once() {
	run(|| {
		charge_seller(8_000);
		let id = offer(5_000);
		record_in(START);
		let first = crate::NextAgreementId::<Test>::get();
		assert_ok!(Market::allow_transactions(
			signed(&seller()),
			id,
			batch(vec![terms(id, &buyer(), 1_000), terms(id, &other_buyer(), 2_000)]),
		));
		assert_eq!(slot_agreements(DELIVERY), vec![first, first + 1]);
		for (agreement, buyer, energy) in
			[(first, buyer(), 1_000), (first + 1, other_buyer(), 2_000)]
		{
			let recorded = Agreements::<Test>::get(agreement).unwrap();
			assert_eq!((recorded.buyer.clone(), recorded.energy), (buyer.clone(), energy));
			assert_eq!(escrow(&buyer), recorded.escrow);
			System::assert_has_event(
				Event::AgreementRecorded {
					agreement,
					offer: id,
					seller: seller(),
					buyer,
					slot: DELIVERY,
					energy,
					price: PRICE,
				}
				.into(),
			);
		}
		assert_eq!(crate::SlotAgreementCount::<Test>::get(DELIVERY), 2);
		assert_eq!(Offers::<Test>::get(id).unwrap().remaining, 2_000);
	});
}

#[test]
fn a_batch_with_one_refused_agreement_records_none() {
	run(|| {
		charge_seller(8_000);
		let id = offer(5_000);
		assert_noop!(
			Market::allow_transactions(signed(&seller()), id, batch(vec![terms(id, &buyer(), 1)])),
			Error::<Test>::NotRecordingWindow
		);
		record_in(START);
		assert_noop!(
			Market::allow_transactions(signed(&seller()), id, batch(vec![])),
			Error::<Test>::NoAgreements
		);
		assert_noop!(
			Market::allow_transactions(signed(&buyer()), id, batch(vec![terms(id, &buyer(), 1)])),
			Error::<Test>::NotYourOffer
		);
		let mut forged = terms(id, &other_buyer(), 1_000);
		forged.energy = 1_001;
		assert_noop!(
			Market::allow_transactions(
				signed(&seller()),
				id,
				batch(vec![terms(id, &buyer(), 1_000), forged])
			),
			Error::<Test>::BadSignature
		);
		// Together they ask for more than the offer has.
		assert_noop!(
			Market::allow_transactions(
				signed(&seller()),
				id,
				batch(vec![terms(id, &buyer(), 3_000), terms(id, &other_buyer(), 2_001)])
			),
			Error::<Test>::ExceedsOffer
		);
		// The same buyer twice is a replay.
		assert_noop!(
			Market::allow_transactions(
				signed(&seller()),
				id,
				batch(vec![terms(id, &buyer(), 1_000), terms(id, &buyer(), 1_000)])
			),
			Error::<Test>::AgreementExists
		);
		set_money(&other_buyer(), EXISTENTIAL_DEPOSIT);
		assert_noop!(
			Market::allow_transactions(
				signed(&seller()),
				id,
				batch(vec![terms(id, &buyer(), 1_000), terms(id, &other_buyer(), 1_000)])
			),
			Error::<Test>::BuyerCannotPay
		);
	});
}

#[test]
fn agreements_are_bounded_per_offer_and_per_slot() {
	run(|| {
		charge_seller(8_000);
		let first = offer(3_000);
		let second = offer(3_000);
		record_in(START);
		agree(first, &buyer(), 100);
		agree(first, &other_buyer(), 100);
		// A fourth household to exceed the offer's limit.
		let fourth = account(4);
		set_role(&fourth, Some(energy_primitives::Role::Household));
		Agents::<Test>::insert(&fourth, Agents::<Test>::get(buyer()).unwrap());
		set_money(&fourth, ENDOWMENT);
		let sig = sign_agreement(&buyer(), first, DELIVERY, &seller(), &fourth, 100, PRICE);
		assert_noop!(
			Market::allow_transaction(signed(&seller()), first, fourth.clone(), 100, PRICE, sig),
			Error::<Test>::TooManyAgreements
		);
		agree(second, &buyer(), 100);
		let sig = sign_agreement(&buyer(), second, DELIVERY, &seller(), &fourth, 100, PRICE);
		assert_noop!(
			Market::allow_transaction(signed(&seller()), second, fourth, 100, PRICE, sig),
			Error::<Test>::TooManySlotAgreements
		);
	});
}

fn set_money(who: &AccountId, amount: Balance) {
	use frame_support::traits::fungible::Mutate;
	<Balances as Mutate<AccountId>>::set_balance(who, amount);
}

#[test]
fn a_seller_must_afford_its_offers_highest_penalty() {
	run(|| {
		charge_seller(8_000);
		// The seller keeps the existential deposit.
		set_money(&seller(), offer_collateral(5_000) + EXISTENTIAL_DEPOSIT - 1);
		assert_noop!(
			Market::make_offer(signed(&seller()), 5_000, FLOOR),
			Error::<Test>::SellerCannotCoverPenalty
		);
		set_money(&seller(), offer_collateral(5_000) + EXISTENTIAL_DEPOSIT);
		offer(5_000);
		assert_eq!(free_money(&seller()), EXISTENTIAL_DEPOSIT);
	});
}

#[test]
fn a_buyer_must_afford_the_payment_and_its_highest_penalty() {
	run(|| {
		charge_seller(8_000);
		let id = offer(5_000);
		record_in(START);
		let value = energy_value(5_000, PRICE);
		let collateral = PENALTY_RATE.mul_ceil(value);
		let attempt = || {
			let signature =
				sign_agreement(&buyer(), id, DELIVERY, &seller(), &buyer(), 5_000, PRICE);
			Market::allow_transaction(signed(&seller()), id, buyer(), 5_000, PRICE, signature)
		};
		// The buyer keeps the existential deposit.
		set_money(&buyer(), value + collateral + EXISTENTIAL_DEPOSIT - 1);
		assert_noop!(attempt(), Error::<Test>::BuyerCannotPay);
		set_money(&buyer(), value + collateral + EXISTENTIAL_DEPOSIT);
		assert_ok!(attempt());
		assert_eq!(free_money(&buyer()), EXISTENTIAL_DEPOSIT);
	});
}

#[test]
fn agreements_keep_the_penalty_rate_and_collateral_of_their_offer() {
	run(|| {
		charge_seller(8_000);
		let id = offer(1_000);
		// A later rate and a dearer grid do not change what the offer's agreements risk.
		assert_ok!(Market::set_penalty_rate(RuntimeOrigin::root(), Perbill::from_percent(90)));
		assert_ok!(Market::set_grid_prices(
			RuntimeOrigin::root(),
			DELIVERY,
			GridPrices { import_price: 3 * IMPORT_PRICE, feed_in_price: FEED_IN_PRICE },
		));
		record_in(START);
		let price = 2 * IMPORT_PRICE;
		let signature = sign_agreement(&buyer(), id, DELIVERY, &seller(), &buyer(), 1_000, price);
		assert_ok!(Market::allow_transaction(
			signed(&seller()),
			id,
			buyer(),
			1_000,
			price,
			signature
		));
		let agreement = Agreements::<Test>::iter_values().next().unwrap();
		let value = energy_value(1_000, price);
		assert_eq!(agreement.penalty_rate, PENALTY_RATE);
		assert_eq!(agreement.escrow, value + PENALTY_RATE.mul_ceil(value));
		// The seller's collateral is what it held when it offered: all of it, and no more.
		assert_eq!(agreement.collateral, offer_collateral(1_000));
		assert_eq!(Offers::<Test>::get(id).unwrap().collateral, 0);
		assert_eq!(escrow(&seller()), offer_collateral(1_000));
	});
}

// ---- Step 6: make_transaction ----

/// Total money in existence.
fn money_supply() -> Balance {
	Balances::total_issuance()
}

#[test]
fn a_full_delivery_pays_the_seller_and_burns_the_energy_that_left() {
	run(|| {
		let supply = money_supply();
		let (offer, agreement) = recorded_agreement();
		let value = energy_value(3_000, PRICE);
		let seller_money = free_money(&seller());
		let buyer_money = free_money(&buyer()) + escrow(&buyer());
		negotiate_in(START + 2);
		// The seller's battery gave 3 kWh to the grid; the buyer took them.
		report(&seller(), DELIVERY, 0, 3_000, 5_000);
		report(&buyer(), DELIVERY, 3_000, 0, 0);
		assert_ok!(Market::make_transaction(signed(&other_buyer()), agreement));
		let settlement =
			Settlement { delivered: 3_000, paid: value, seller_penalty: 0, buyer_penalty: 0 };
		System::assert_has_event(
			Event::AgreementSettled { agreement, seller: seller(), buyer: buyer(), settlement }
				.into(),
		);
		assert_eq!(free_money(&seller()), seller_money + value + PENALTY_RATE.mul_ceil(value));
		assert_eq!(free_money(&buyer()), buyer_money - value);
		// What stays held is the unsold part of the offer's collateral, until it is released.
		assert_eq!(escrow(&buyer()), 0);
		assert_eq!(escrow(&seller()), Offers::<Test>::get(offer).unwrap().collateral);
		// The seller's tokens are what its battery stores: the unsold 2 kWh are still offered.
		assert_eq!(held_energy(HoldReason::Offered, &seller()), 2_000);
		assert_eq!(free_energy(&seller()) + held_energy(HoldReason::Offered, &seller()), 5_000);
		assert_eq!(money_supply(), supply);
		assert!(Agreements::<Test>::get(agreement).is_none());
		assert!(slot_agreements(DELIVERY).is_empty());
		// No agreement settles twice.
		assert_noop!(
			Market::make_transaction(signed(&other_buyer()), agreement),
			Error::<Test>::UnknownAgreement
		);
	});
}

#[test]
fn an_under_delivering_seller_pays_a_penalty_to_the_grid_operator() {
	run(|| {
		let (_, agreement) = recorded_agreement();
		let operator_money = free_money(&operator());
		negotiate_in(START + 2);
		report(&seller(), DELIVERY, 0, 1_000, 7_000);
		report(&buyer(), DELIVERY, 3_000, 0, 0);
		assert_ok!(Market::make_transaction(signed(&buyer()), agreement));
		let penalty = PENALTY_RATE.mul_ceil(energy_value(2_000, PRICE));
		let settlement = Settlement {
			delivered: 1_000,
			paid: energy_value(1_000, PRICE),
			seller_penalty: penalty,
			buyer_penalty: 0,
		};
		System::assert_has_event(
			Event::AgreementSettled { agreement, seller: seller(), buyer: buyer(), settlement }
				.into(),
		);
		System::assert_has_event(
			Event::PenaltyPaid {
				agreement,
				payer: seller(),
				operator: operator(),
				amount: penalty,
			}
			.into(),
		);
		assert_eq!(free_money(&operator()), operator_money + penalty);
		assert_eq!(UsedFlows::<Test>::get(DELIVERY, seller()).exported, 1_000);
	});
}

#[test]
fn a_buyer_that_does_not_take_its_energy_pays_a_penalty() {
	run(|| {
		let (_, agreement) = recorded_agreement();
		let operator_money = free_money(&operator());
		let buyer_money = free_money(&buyer()) + escrow(&buyer());
		negotiate_in(START + 2);
		report(&seller(), DELIVERY, 0, 3_000, 5_000);
		report(&buyer(), DELIVERY, 500, 0, 0);
		assert_ok!(Market::make_transaction(signed(&buyer()), agreement));
		let penalty = PENALTY_RATE.mul_ceil(energy_value(2_500, PRICE));
		assert_eq!(free_money(&operator()), operator_money + penalty);
		assert_eq!(free_money(&buyer()), buyer_money - energy_value(500, PRICE) - penalty);
	});
}

#[test]
fn a_meter_that_never_reports_penalises_its_household_after_the_grace_period() {
	run(|| {
		let (_, agreement) = recorded_agreement();
		let operator_money = free_money(&operator());
		negotiate_in(START + 2);
		report(&buyer(), DELIVERY, 3_000, 0, 0);
		assert_noop!(
			Market::make_transaction(signed(&buyer()), agreement),
			Error::<Test>::ReadingsPending
		);
		negotiate_in(DELIVERY + GRACE_SLOTS);
		assert_noop!(
			Market::make_transaction(signed(&buyer()), agreement),
			Error::<Test>::ReadingsPending
		);
		negotiate_in(DELIVERY + GRACE_SLOTS + 1);
		assert_ok!(Market::make_transaction(signed(&buyer()), agreement));
		let penalty = PENALTY_RATE.mul_ceil(energy_value(3_000, PRICE));
		assert_eq!(free_money(&operator()), operator_money + penalty);
		assert_eq!(escrow(&buyer()), 0);
	});
}

#[test]
fn settlement_waits_for_the_delivery_slot_to_end() {
	run(|| {
		let (_, agreement) = recorded_agreement();
		assert_noop!(
			Market::make_transaction(signed(&buyer()), agreement),
			Error::<Test>::DeliveryNotOver
		);
		negotiate_in(DELIVERY);
		assert_noop!(
			Market::make_transaction(signed(&buyer()), agreement),
			Error::<Test>::DeliveryNotOver
		);
		assert_noop!(
			Market::make_transaction(RuntimeOrigin::none(), agreement),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Market::make_transaction(signed(&buyer()), agreement + 1),
			Error::<Test>::UnknownAgreement
		);
	});
}

#[test]
fn a_households_meter_flows_count_once_across_its_agreements() {
	run(|| {
		charge_seller(8_000);
		let id = offer(6_000);
		record_in(START);
		let first = agree(id, &buyer(), 3_000);
		let second = agree(id, &other_buyer(), 3_000);
		negotiate_in(START + 2);
		// The seller exported only 4 kWh of the 6 it sold.
		report(&seller(), DELIVERY, 0, 4_000, 2_000);
		report(&buyer(), DELIVERY, 3_000, 0, 0);
		report(&other_buyer(), DELIVERY, 3_000, 0, 0);
		assert_ok!(Market::make_transaction(signed(&buyer()), first));
		assert_ok!(Market::make_transaction(signed(&buyer()), second));
		let settled: Vec<Settlement> = System::events()
			.into_iter()
			.filter_map(|record| match record.event {
				RuntimeEvent::Market(Event::AgreementSettled { settlement, .. }) => {
					Some(settlement)
				}
				_ => None,
			})
			.collect();
		assert_eq!(settled.iter().map(|s| s.delivered).collect::<Vec<_>>(), vec![3_000, 1_000]);
		assert_eq!(settled[1].seller_penalty, PENALTY_RATE.mul_ceil(energy_value(2_000, PRICE)));
		assert_eq!(free_energy(&seller()), 2_000);
	});
}

#[test]
fn without_a_grid_operator_penalties_stay_with_their_payers() {
	run(|| {
		let (_, agreement) = recorded_agreement();
		set_role(&operator(), None);
		let seller_money = free_money(&seller()) + escrow(&seller());
		negotiate_in(START + 2);
		report(&seller(), DELIVERY, 0, 0, 8_000);
		report(&buyer(), DELIVERY, 3_000, 0, 0);
		assert_ok!(Market::make_transaction(signed(&buyer()), agreement));
		assert_eq!(free_money(&seller()) + escrow(&seller()), seller_money);
	});
}

// ---- Releasing offers ----

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

// ---- on_idle ----

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
fn on_idle_settles_what_is_ready_and_leaves_what_waits_for_a_meter() {
	run(|| {
		charge_seller(8_000);
		let id = offer(4_000);
		record_in(START);
		let waiting = agree(id, &buyer(), 1_000);
		let ready = agree(id, &other_buyer(), 1_000);
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

// ---- Conservation over random markets ----

mod conservation {
	use super::*;
	use proptest::prelude::*;

	/// One household's slot in the micro-grid.
	#[derive(Clone, Debug)]
	struct Household {
		/// Energy it offers, in Wh (0: none).
		offer: Energy,
		/// How much of each other household's offer it buys, in Wh.
		buys: [Energy; 3],
		/// What its meter reports for the delivery slot (None: no report).
		reading: Option<(Energy, Energy, Energy)>,
	}

	fn household() -> impl Strategy<Value = Household> {
		(
			0u64..4_000,
			[0u64..2_000, 0u64..2_000, 0u64..2_000],
			prop::option::weighted(0.8, (0u64..7_000, 0u64..7_000, 0u64..10_000)),
		)
			.prop_map(|(offer, buys, reading)| Household { offer, buys, reading })
	}

	proptest! {
		#![proptest_config(ProptestConfig::with_cases(64))]

		/// Over random slots of offers, agreements and readings: money is never created or
		/// destroyed, energy only by meters, every hold ends released or settled, no agreement
		/// settles twice, and the invariants hold after every step.
		#[test]
		fn markets_conserve_money_and_energy(slots in prop::collection::vec(prop::collection::vec(household(), 3), 1..4)) {
			new_test_ext().execute_with(|| {
				let houses = households();
				let supply = money_supply();
				for (i, house) in houses.iter().enumerate() {
					report(house, START - 1, 0, 0, 3_000 + 1_000 * i as u64);
				}
				let mut slot = START;
				let mut settled = std::collections::BTreeSet::new();
				for plan in &slots {
					negotiate_in(slot);
					let mut offers = [None; 3];
					for (i, house) in houses.iter().enumerate() {
						let id = crate::NextOfferId::<Test>::get();
						if Market::make_offer(signed(house), plan[i].offer, FLOOR).is_ok() {
							offers[i] = Some(id);
						}
					}
					record_in(slot);
					for (b, buyer) in houses.iter().enumerate() {
						for (s, seller) in houses.iter().enumerate() {
							let (Some(offer), energy) = (offers[s], plan[b].buys[s]) else { continue };
							let signature = sign_agreement(buyer, offer, slot + 1, seller, buyer, energy, PRICE);
							let _ = Market::allow_transaction(signed(seller), offer, buyer.clone(), energy, PRICE, signature);
						}
					}
					prop_assert!(Market::do_try_state().is_ok());
					// Delivery, then readings of the delivery slot one slot later.
					negotiate_in(slot + 2);
					for (i, house) in houses.iter().enumerate() {
						if let Some((imported, exported, soc)) = plan[i].reading {
							let _ = MeterReadings::submit_reading(
								signed(&meter_of(house)),
								slot + 1,
								MeterReading { imported_wh: imported, exported_wh: exported, state_of_charge_wh: soc },
							);
						}
					}
					System::reset_events();
					Market::on_idle(1, Weight::MAX);
					for record in System::events() {
						if let RuntimeEvent::Market(Event::AgreementSettled { agreement, .. }) = record.event {
							prop_assert!(settled.insert(agreement), "agreement {} settled twice", agreement);
						}
					}
					prop_assert!(Market::do_try_state().is_ok());
					prop_assert!(MeterReadings::do_try_state().is_ok());
					prop_assert!(EnergyToken::do_try_state().is_ok());
					prop_assert_eq!(money_supply(), supply);
					slot += 2;
				}
				// After the grace period everything settles and nothing stays held.
				negotiate_in(slot + GRACE_SLOTS + 2);
				for _ in 0..10 {
					Market::on_idle(1, Weight::MAX);
				}
				prop_assert!(Agreements::<Test>::iter().next().is_none());
				prop_assert!(Offers::<Test>::iter().next().is_none());
				prop_assert!(PendingSlots::<Test>::get().is_empty());
				for house in houses.iter().chain([&operator()]) {
					prop_assert_eq!(escrow(house), 0);
					prop_assert_eq!(held_energy(HoldReason::Offered, house), 0);
				}
				prop_assert_eq!(money_supply(), supply);
				prop_assert!(MeterReadings::do_try_state().is_ok());
				Ok(())
			})?;
		}
	}
}
