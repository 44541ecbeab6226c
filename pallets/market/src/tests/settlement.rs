//! Step 6: settling agreements against the meter readings, with penalties for shortfalls.

use super::*;
use crate::{Agreements, HouseholdSettlements, Offers, Settlement};
use frame_support::{traits::Hooks, weights::Weight};

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
		// Its only agreement of the slot is settled: nothing of the seller's slot is kept.
		assert!(!HouseholdSettlements::<Test>::contains_key(DELIVERY, seller()));
	});
}

/// The attack the meters' shared ledger stops: a seller that sold one export on both markets is
/// paid for it twice, once by a private claim and once here.
#[test]
fn exports_a_private_claim_used_are_not_delivered_again() {
	run(|| {
		use energy_primitives::MeterData;
		let (_, agreement) = recorded_agreement();
		negotiate_in(START + 2);
		report(&seller(), DELIVERY, 0, 3_000, 5_000);
		report(&buyer(), DELIVERY, 3_000, 0, 0);
		// A private claim took 2 000 Wh of the seller's 3 000 exported.
		MeterReadings::use_exports(&seller(), DELIVERY, 2_000);
		assert_ok!(Market::make_transaction(signed(&buyer()), agreement));
		let settlement = Settlement {
			delivered: 1_000,
			paid: energy_value(1_000, PRICE),
			seller_penalty: PENALTY_RATE.mul_ceil(energy_value(2_000, PRICE)),
			buyer_penalty: 0,
		};
		System::assert_has_event(
			Event::AgreementSettled { agreement, seller: seller(), buyer: buyer(), settlement }
				.into(),
		);
		// And this delivery is in the ledger, for the private market to see.
		assert_eq!(MeterReadings::used_exports(&seller(), DELIVERY), 3_000);
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
fn a_buyer_whose_meter_stays_silent_pays_for_what_the_seller_delivered() {
	run(|| {
		let (_, agreement) = recorded_agreement();
		let seller_money = free_money(&seller()) + escrow(&seller());
		let buyer_money = free_money(&buyer()) + escrow(&buyer());
		negotiate_in(DELIVERY + GRACE_SLOTS + 1);
		// The seller's meter confirms 3 kWh sent; the buyer's never reports.
		report(&seller(), DELIVERY, 0, 3_000, 5_000);
		assert_ok!(Market::make_transaction(signed(&seller()), agreement));
		let value = energy_value(3_000, PRICE);
		System::assert_has_event(
			Event::AgreementSettled {
				agreement,
				seller: seller(),
				buyer: buyer(),
				settlement: Settlement {
					delivered: 3_000,
					paid: value,
					seller_penalty: 0,
					buyer_penalty: 0,
				},
			}
			.into(),
		);
		// Exactly what a buyer that reported taking it pays: silence is not cheaper.
		assert_eq!(free_money(&buyer()), buyer_money - value);
		assert_eq!(free_money(&seller()) + escrow(&seller()), seller_money + value);
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

#[test]
fn an_emptied_grid_operator_account_cannot_stall_settlement_and_the_market() {
	run(|| {
		let (_, agreement) = recorded_agreement();
		// The operator's account is emptied and gone: a penalty below the existential deposit
		// cannot create it again.
		<Balances as frame_support::traits::fungible::Mutate<_>>::set_balance(&operator(), 0);
		assert!(!frame_system::Account::<Test>::contains_key(operator()));
		let buyer_money = free_money(&buyer()) + escrow(&buyer());
		negotiate_in(START + 2);
		// The buyer took 2 Wh too little: a penalty of 80, below the deposit of 1,000.
		report(&seller(), DELIVERY, 0, 3_000, 5_000);
		report(&buyer(), DELIVERY, 2_998, 0, 0);
		let penalty = PENALTY_RATE.mul_ceil(energy_value(2, PRICE));
		assert!(penalty > 0 && penalty < EXISTENTIAL_DEPOSIT);
		assert_ok!(Market::make_transaction(signed(&buyer()), agreement));
		// The penalty stays with the buyer, and the event says so; the seller is paid.
		let paid = energy_value(2_998, PRICE);
		System::assert_has_event(
			Event::AgreementSettled {
				agreement,
				seller: seller(),
				buyer: buyer(),
				settlement: Settlement {
					delivered: 2_998,
					paid,
					seller_penalty: 0,
					buyer_penalty: 0,
				},
			}
			.into(),
		);
		assert_eq!(free_money(&buyer()), buyer_money - paid);
		assert!(slot_agreements(DELIVERY).is_empty());
	});
}

/// The buyer agrees to buy 3 kWh from the seller (first) and 3 kWh from `other_buyer()`, as a
/// second seller; the delivery slot is over. Returns both agreements, in the order recorded.
fn one_buyer_two_sellers() -> (AgreementId, AgreementId) {
	let second = other_buyer();
	charge_seller(8_000);
	report(&second, START - 1, 0, 0, 8_000);
	let first_offer = offer(3_000);
	let second_offer = crate::NextOfferId::<Test>::get();
	assert_ok!(Market::make_offer(signed(&second), 3_000, FLOOR));
	record_in(START);
	let first = agree(first_offer, &buyer(), 3_000);
	let second_id = crate::NextAgreementId::<Test>::get();
	let signature =
		sign_agreement(&buyer(), second_offer, DELIVERY, &second, &buyer(), 3_000, PRICE);
	assert_ok!(Market::allow_transaction(
		signed(&second),
		second_offer,
		buyer(),
		3_000,
		PRICE,
		signature
	));
	negotiate_in(START + 2);
	(first, second_id)
}

#[test]
fn settling_a_failed_sale_first_cannot_leave_the_seller_who_delivered_unpaid() {
	run(|| {
		let (failed, delivered) = one_buyer_two_sellers();
		// The first seller sent nothing; the second sent 3 kWh, which the buyer took.
		report(&seller(), DELIVERY, 0, 0, 8_000);
		report(&other_buyer(), DELIVERY, 0, 3_000, 5_000);
		report(&buyer(), DELIVERY, 3_000, 0, 0);
		let second_seller_money = free_money(&other_buyer());
		assert_ok!(Market::make_transaction(signed(&buyer()), failed));
		System::assert_has_event(
			Event::AgreementSettled {
				agreement: failed,
				seller: seller(),
				buyer: buyer(),
				settlement: Settlement {
					delivered: 0,
					paid: 0,
					seller_penalty: PENALTY_RATE.mul_ceil(energy_value(3_000, PRICE)),
					buyer_penalty: 0,
				},
			}
			.into(),
		);
		// The failed sale did not use up the imports the second seller's energy made.
		assert_ok!(Market::make_transaction(signed(&buyer()), delivered));
		let value = energy_value(3_000, PRICE);
		System::assert_has_event(
			Event::AgreementSettled {
				agreement: delivered,
				seller: other_buyer(),
				buyer: buyer(),
				settlement: Settlement {
					delivered: 3_000,
					paid: value,
					seller_penalty: 0,
					buyer_penalty: 0,
				},
			}
			.into(),
		);
		assert_eq!(
			free_money(&other_buyer()),
			second_seller_money + value + PENALTY_RATE.mul_ceil(value)
		);
	});
}

#[test]
fn a_households_agreements_settle_in_the_order_recorded_whoever_asks() {
	run(|| {
		let (first, second) = one_buyer_two_sellers();
		report(&seller(), DELIVERY, 0, 3_000, 5_000);
		report(&other_buyer(), DELIVERY, 0, 3_000, 5_000);
		report(&buyer(), DELIVERY, 3_000, 0, 0);
		// Nobody can pick the order: the later agreement waits for the earlier one.
		assert_noop!(
			Market::make_transaction(signed(&other_buyer()), second),
			Error::<Test>::EarlierAgreementsFirst
		);
		assert_ok!(Market::make_transaction(signed(&other_buyer()), first));
		assert_ok!(Market::make_transaction(signed(&other_buyer()), second));
		// The buyer took 3 kWh: the first agreement had them, the second seller's went to the
		// grid, and the buyer pays the penalty of the energy it did not take.
		let value = energy_value(3_000, PRICE);
		System::assert_has_event(
			Event::AgreementSettled {
				agreement: second,
				seller: other_buyer(),
				buyer: buyer(),
				settlement: Settlement {
					delivered: 0,
					paid: 0,
					seller_penalty: 0,
					buyer_penalty: PENALTY_RATE.mul_ceil(value),
				},
			}
			.into(),
		);
		assert!(HouseholdSettlements::<Test>::iter_prefix(DELIVERY).next().is_none());
	});
}

#[test]
fn on_idle_settles_a_households_agreements_in_order_in_one_block() {
	run(|| {
		let (first, second) = one_buyer_two_sellers();
		// A first block releases what the offers did not sell; the agreements wait for meters.
		Market::on_idle(System::block_number(), Weight::MAX);
		assert!(Offers::<Test>::iter().next().is_none());
		report(&seller(), DELIVERY, 0, 0, 8_000);
		report(&other_buyer(), DELIVERY, 0, 3_000, 5_000);
		report(&buyer(), DELIVERY, 3_000, 0, 0);
		// Whichever it finds first, it settles both in the next block, in the order recorded.
		Market::on_idle(System::block_number(), Weight::MAX);
		assert!(Agreements::<Test>::get(first).is_none());
		assert!(Agreements::<Test>::get(second).is_none());
		// The same outcome as settling them one by one: the second seller is paid.
		System::assert_has_event(
			Event::AgreementSettled {
				agreement: second,
				seller: other_buyer(),
				buyer: buyer(),
				settlement: Settlement {
					delivered: 3_000,
					paid: energy_value(3_000, PRICE),
					seller_penalty: 0,
					buyer_penalty: 0,
				},
			}
			.into(),
		);
	});
}

/// The buyer's escrow is no longer all held (here released behind the market's back): paying
/// the seller or releasing the rest fails, so the agreement can never settle by itself.
fn break_escrow_of(who: &AccountId) {
	use frame_support::traits::{fungible::MutateHold, tokens::Precision};
	let held = escrow(who);
	assert_ok!(<Balances as MutateHold<_>>::release(
		&HoldReason::Escrow.into(),
		who,
		held / 2,
		Precision::Exact
	));
}

#[test]
fn an_agreement_that_cannot_settle_would_stall_its_slot_until_the_consortium_unwinds_it() {
	run(|| {
		let (_, agreement) = recorded_agreement();
		break_escrow_of(&buyer());
		negotiate_in(START + 2);
		report(&seller(), DELIVERY, 0, 3_000, 5_000);
		report(&buyer(), DELIVERY, 3_000, 0, 0);
		// Neither anyone nor `on_idle` can settle it: the slot would stay pending for good.
		assert!(Market::make_transaction(signed(&buyer()), agreement).is_err());
		Market::on_idle(2, Weight::MAX);
		assert!(Agreements::<Test>::contains_key(agreement));
		assert_eq!(crate::PendingSlots::<Test>::get().to_vec(), vec![DELIVERY]);
		// A household cannot force it, and the consortium only once the grace period is over.
		assert_noop!(Market::force_settle(signed(&seller()), agreement), DispatchError::BadOrigin);
		assert_noop!(
			Market::force_settle(RuntimeOrigin::root(), agreement),
			Error::<Test>::GraceNotOver
		);
		negotiate_in(DELIVERY + GRACE_SLOTS + 1);
		let buyer_money = free_money(&buyer());
		let buyer_escrow = escrow(&buyer());
		let seller_money = free_money(&seller());
		let seller_collateral = escrow(&seller());
		let held = Agreements::<Test>::get(agreement).unwrap();
		assert_ok!(Market::force_settle(RuntimeOrigin::root(), agreement));
		System::assert_has_event(
			Event::AgreementUnwound {
				agreement,
				seller: seller(),
				buyer: buyer(),
				energy: 3_000,
				escrow: buyer_escrow,
				collateral: held.collateral,
			}
			.into(),
		);
		// Nobody was paid; what was still held went back to its owners, and the market is free.
		assert_eq!(free_money(&buyer()), buyer_money + buyer_escrow);
		assert_eq!(escrow(&buyer()), 0);
		assert_eq!(free_money(&seller()), seller_money + held.collateral);
		assert_eq!(escrow(&seller()), seller_collateral - held.collateral);
		assert_eq!(held_energy(HoldReason::Offered, &seller()), 0);
		assert!(!Agreements::<Test>::contains_key(agreement));
		assert!(slot_agreements(DELIVERY).is_empty());
		assert!(crate::PendingSlots::<Test>::get().is_empty());
		assert!(HouseholdSettlements::<Test>::iter_prefix(DELIVERY).next().is_none());
		assert_noop!(
			Market::force_settle(RuntimeOrigin::root(), agreement),
			Error::<Test>::UnknownAgreement
		);
	});
}

#[test]
fn force_settle_settles_as_make_transaction_would_when_it_can() {
	run(|| {
		let (_, agreement) = recorded_agreement();
		let value = energy_value(3_000, PRICE);
		let seller_money = free_money(&seller());
		negotiate_in(DELIVERY + GRACE_SLOTS + 1);
		report(&seller(), DELIVERY, 0, 3_000, 5_000);
		report(&buyer(), DELIVERY, 3_000, 0, 0);
		assert_ok!(Market::force_settle(RuntimeOrigin::root(), agreement));
		let settlement =
			Settlement { delivered: 3_000, paid: value, seller_penalty: 0, buyer_penalty: 0 };
		System::assert_has_event(
			Event::AgreementSettled { agreement, seller: seller(), buyer: buyer(), settlement }
				.into(),
		);
		assert!(!System::events().iter().any(|record| matches!(
			record.event,
			RuntimeEvent::Market(Event::AgreementUnwound { .. })
		)));
		assert_eq!(free_money(&seller()), seller_money + value + PENALTY_RATE.mul_ceil(value));
		assert!(!Agreements::<Test>::contains_key(agreement));
	});
}

#[test]
fn force_settle_keeps_each_households_order() {
	run(|| {
		let (first, second) = one_buyer_two_sellers();
		negotiate_in(DELIVERY + GRACE_SLOTS + 1);
		// The buyer's earlier agreement first, even for the consortium.
		assert_noop!(
			Market::force_settle(RuntimeOrigin::root(), second),
			Error::<Test>::EarlierAgreementsFirst
		);
		assert_ok!(Market::force_settle(RuntimeOrigin::root(), first));
		assert_ok!(Market::force_settle(RuntimeOrigin::root(), second));
		assert!(slot_agreements(DELIVERY).is_empty());
	});
}
