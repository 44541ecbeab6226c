//! Step 1: households publish their agents, and authorize and revoke agent accounts that trade
//! for them.

use super::*;
use crate::{Agents, Agreements, Offers};
use energy_primitives::AgentKind;
use sp_core::{sr25519, Pair};

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
