//! Step 1: households publish their agents, and authorize and revoke agent accounts that trade
//! for them.

use super::*;
use crate::{Agents, Agreements, Offers};
use energy_primitives::AgentKind;
use sp_core::{sr25519, Pair};
use sp_runtime::DispatchResult;

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

/// The buyer lets `agent()` trade for it, and the agent publishes a negotiation key of its own.
fn buyer_with_agent_key() -> sr25519::Pair {
	let key = sr25519::Pair::from_string("//BuyersAgent", None).unwrap();
	assert_ok!(Market::authorize_agent(signed(&buyer()), agent()));
	assert_ok!(Market::publish_info(signed(&agent()), AgentKind::Buyer, vec![], key.public()));
	key
}

/// The seller records a purchase of `energy` of `offer` for the buyer, signed with `key`.
fn record_signed_by(key: &sr25519::Pair, offer: OfferId, energy: Energy) -> DispatchResult {
	let genesis = System::block_hash(0);
	let message = energy_primitives::agreement_message(
		&genesis,
		offer,
		DELIVERY,
		&seller(),
		&buyer(),
		energy,
		PRICE,
	);
	Market::allow_transaction(signed(&seller()), offer, buyer(), energy, PRICE, key.sign(&message))
}

#[test]
fn a_revoked_agent_cannot_sign_purchases_that_spend_its_former_households_money() {
	run(|| {
		charge_seller(8_000);
		let offer = offer(5_000);
		let key = buyer_with_agent_key();
		assert_ok!(Market::revoke_agent(signed(&buyer())));
		// What the buyer's agent published went with it.
		assert!(Agents::<Test>::get(buyer()).is_none());
		record_in(START);
		let money = free_money(&buyer());
		assert_noop!(record_signed_by(&key, offer, 1_000), Error::<Test>::BuyerNotPublished);
		assert_eq!(free_money(&buyer()), money);
		// The household publishes again, and agreements signed with its own key are recorded.
		assert_ok!(Market::publish_info(
			signed(&buyer()),
			AgentKind::Buyer,
			vec![],
			agent_key(&buyer()).public()
		));
		assert_noop!(record_signed_by(&key, offer, 1_000), Error::<Test>::BadSignature);
		assert_ok!(record_signed_by(&agent_key(&buyer()), offer, 1_000));
	});
}

#[test]
fn a_replaced_agent_cannot_sign_purchases_either() {
	run(|| {
		charge_seller(8_000);
		let offer = offer(5_000);
		let key = buyer_with_agent_key();
		assert_ok!(Market::authorize_agent(signed(&buyer()), account(41)));
		assert!(Agents::<Test>::get(buyer()).is_none());
		record_in(START);
		assert_noop!(record_signed_by(&key, offer, 1_000), Error::<Test>::BuyerNotPublished);
	});
}

#[test]
fn a_household_that_authorizes_its_first_agent_keeps_what_it_published() {
	run(|| {
		let published = Agents::<Test>::get(buyer());
		assert!(published.is_some());
		assert_ok!(Market::authorize_agent(signed(&buyer()), agent()));
		assert_eq!(Agents::<Test>::get(buyer()), published);
	});
}

#[test]
fn a_revoked_sellers_offers_are_not_listed_until_it_publishes_again() {
	run(|| {
		charge_seller(8_000);
		let offer = offer(5_000);
		assert_ok!(Market::authorize_agent(signed(&seller()), agent()));
		assert_eq!(Market::offers(DELIVERY).len(), 1);
		assert_ok!(Market::revoke_agent(signed(&seller())));
		assert!(Market::offers(DELIVERY).is_empty());
		assert_ok!(Market::publish_info(
			signed(&seller()),
			AgentKind::Seller,
			vec![],
			agent_key(&seller()).public()
		));
		assert_eq!(Market::offers(DELIVERY)[0].id, offer);
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
