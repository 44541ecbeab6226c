//! Conservation over random markets: money is never created or destroyed, energy only by
//! meters, and nothing stays held.

use super::*;
use crate::{Agreements, Offers, PendingSlots};
use energy_primitives::AgentKind;
use frame_support::{traits::Hooks, weights::Weight};
use proptest::prelude::*;
use sp_core::Pair;

/// One household's slot in the micro-grid.
#[derive(Clone, Debug)]
struct Household {
	/// Energy it offers, in Wh (0: none).
	offer: Energy,
	/// How much of each other household's offer it buys, in Wh.
	buys: [Energy; 3],
	/// What its meter reports for the delivery slot (None: no report).
	reading: Option<(Energy, Energy, Energy)>,
	/// Whether it authorizes an agent and revokes it before the recording window: its
	/// published key is gone, so the agreements its former agent signed are refused.
	revokes_agent: bool,
}

fn household() -> impl Strategy<Value = Household> {
	(
		0u64..4_000,
		[0u64..2_000, 0u64..2_000, 0u64..2_000],
		prop::option::weighted(0.8, (0u64..7_000, 0u64..7_000, 0u64..10_000)),
		prop::bool::weighted(0.15),
	)
		.prop_map(|(offer, buys, reading, revokes_agent)| Household {
			offer,
			buys,
			reading,
			revokes_agent,
		})
}

/// How a test settles the agreements of a slot.
#[derive(Clone, Debug)]
enum Settler {
	/// `on_idle`, by itself.
	OnIdle,
	/// `make_transaction` calls in the order of these keys (one per agreement, cycled),
	/// repeated for those refused until every agreement is settled.
	Calls(Vec<u32>),
}

/// One slot of `plan` traded and settled past its grace period by `settler`; returns each
/// household's and the operator's money and energy afterwards.
fn outcome(plan: &[Household], settler: &Settler) -> Vec<(Balance, Energy)> {
	new_test_ext().execute_with(|| {
		let houses = households();
		for (i, house) in houses.iter().enumerate() {
			report(house, START - 1, 0, 0, 3_000 + 1_000 * i as u64);
		}
		negotiate_in(START);
		let mut offers = [None; 3];
		for (i, house) in houses.iter().enumerate() {
			let id = crate::NextOfferId::<Test>::get();
			if Market::make_offer(signed(house), plan[i].offer, FLOOR).is_ok() {
				offers[i] = Some(id);
			}
		}
		record_in(START);
		for (b, buyer) in houses.iter().enumerate() {
			for (s, seller) in houses.iter().enumerate() {
				let (Some(offer), energy) = (offers[s], plan[b].buys[s]) else { continue };
				let signature =
					sign_agreement(buyer, offer, DELIVERY, seller, buyer, energy, PRICE);
				let _ = Market::allow_transaction(
					signed(seller),
					offer,
					buyer.clone(),
					energy,
					PRICE,
					signature,
				);
			}
		}
		negotiate_in(DELIVERY + GRACE_SLOTS + 1);
		for (i, house) in houses.iter().enumerate() {
			if let Some((imported, exported, soc)) = plan[i].reading {
				let reading = MeterReading {
					imported_wh: imported,
					exported_wh: exported,
					state_of_charge_wh: soc,
				};
				let _ = MeterReadings::submit_reading(signed(&meter_of(house)), DELIVERY, reading);
			}
		}
		match settler {
			Settler::OnIdle => {
				// It also releases the offers, within its bound of settlements per block.
				for _ in 0..10 {
					Market::on_idle(1, Weight::MAX);
				}
			}
			Settler::Calls(keys) => {
				let mut ids: Vec<AgreementId> = Agreements::<Test>::iter_keys().collect();
				ids.sort();
				let mut keyed: Vec<(u32, AgreementId)> =
					ids.iter().enumerate().map(|(i, id)| (keys[i % keys.len()], *id)).collect();
				keyed.sort();
				let mut left: Vec<AgreementId> = keyed.into_iter().map(|(_, id)| id).collect();
				while !left.is_empty() {
					let before = left.len();
					left.retain(|id| Market::make_transaction(signed(&operator()), *id).is_err());
					assert!(left.len() < before, "no agreement could settle");
				}
				// And the offers are released, as `on_idle` does.
				let offers: Vec<OfferId> = Offers::<Test>::iter_keys().collect();
				for id in offers {
					assert_ok!(Market::release_offer(signed(&operator()), id));
				}
			}
		}
		assert!(Agreements::<Test>::iter().next().is_none());
		houses
			.iter()
			.chain([&operator()])
			.map(|who| {
				(
					free_money(who) + escrow(who),
					free_energy(who) + held_energy(HoldReason::Offered, who),
				)
			})
			.collect()
	})
}

/// The money of the buyer and of the seller of one 3 kWh agreement once it settled past the
/// grace period, when the seller's meter reports `exported` Wh sent and the buyer's `imported` Wh
/// taken (`None`: the meter stays silent).
fn settled_money(exported: Option<Energy>, imported: Option<Energy>) -> (Balance, Balance) {
	new_test_ext().execute_with(|| {
		let (_, agreement) = recorded_agreement();
		negotiate_in(DELIVERY + GRACE_SLOTS + 1);
		if let Some(exported) = exported {
			report(&seller(), DELIVERY, 0, exported, 8_000 - exported);
		}
		if let Some(imported) = imported {
			report(&buyer(), DELIVERY, imported, 0, 0);
		}
		assert_ok!(Market::make_transaction(signed(&operator()), agreement));
		let money = |who: &AccountId| free_money(who) + escrow(who);
		(money(&buyer()), money(&seller()))
	})
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(64))]

	/// The honest party is never worse off: whatever the other side's meter says, a household
	/// whose meter stays silent ends with no more money than with any reading it could have
	/// sent. (A silent buyer whose seller delivered nothing paid nothing, where a buyer that
	/// reported taking nothing paid the penalty.)
	#[test]
	fn a_silent_meter_never_leaves_its_household_better_off_than_a_reading(
		exported in prop::option::of(0u64..=3_000),
		imported in prop::option::of(0u64..=3_000),
		reading in 0u64..=3_000,
	) {
		let (silent_buyer, _) = settled_money(exported, None);
		prop_assert!(silent_buyer <= settled_money(exported, Some(reading)).0);
		let (_, silent_seller) = settled_money(None, imported);
		prop_assert!(silent_seller <= settled_money(Some(reading), imported).1);
	}

	/// Whoever settles, in whatever order: every household and the operator end with the same
	/// money and energy, because each household's agreements settle in the order recorded.
	#[test]
	fn the_order_of_settlement_does_not_change_who_is_paid(
		plan in prop::collection::vec(household(), 3),
		first in prop::collection::vec(any::<u32>(), 1..8),
		second in prop::collection::vec(any::<u32>(), 1..8),
	) {
		let by_idle = outcome(&plan, &Settler::OnIdle);
		prop_assert_eq!(&outcome(&plan, &Settler::Calls(first)), &by_idle);
		prop_assert_eq!(&outcome(&plan, &Settler::Calls(second)), &by_idle);
	}

	/// Over random slots of offers, agreements and readings: money is never created or
	/// destroyed, energy only by meters, every hold ends released or settled, no agreement
	/// settles twice, and the invariants hold after every step.
	#[test]
	fn markets_conserve_money_and_energy(
		slots in prop::collection::vec(prop::collection::vec(household(), 3), 1..4),
		operator_emptied in any::<bool>(),
	) {
		new_test_ext().execute_with(|| {
			let houses = households();
			if operator_emptied {
				// Penalties to an account that is gone cannot land: they stay with their payers.
				<Balances as frame_support::traits::fungible::Mutate<_>>::set_balance(&operator(), 0);
			}
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
				for (i, house) in houses.iter().enumerate() {
					if plan[i].revokes_agent {
						assert_ok!(Market::authorize_agent(signed(house), account(100 + i as u8)));
						assert_ok!(Market::revoke_agent(signed(house)));
					}
				}
				record_in(slot);
				for (b, buyer) in houses.iter().enumerate() {
					for (s, seller) in houses.iter().enumerate() {
						let (Some(offer), energy) = (offers[s], plan[b].buys[s]) else { continue };
						let signature = sign_agreement(buyer, offer, slot + 1, seller, buyer, energy, PRICE);
						let recorded = Market::allow_transaction(signed(seller), offer, buyer.clone(), energy, PRICE, signature);
						// What a revoked agent signed for its household is refused.
						prop_assert!(!(plan[b].revokes_agent && recorded.is_ok()));
					}
				}
				for (i, house) in houses.iter().enumerate() {
					if plan[i].revokes_agent {
						let key = agent_key(house).public();
						assert_ok!(Market::publish_info(signed(house), AgentKind::Both, endpoint(house), key));
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
