//! The market's tests, one module per part of it; the helpers they share are here.

use crate::{mock::*, Error, Event, HoldReason, SlotAgreements};
use energy_primitives::{
	energy_value, AgreementId, Balance, Energy, MeterReading, OfferId, SlotIndex,
};
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold},
};
use sp_runtime::DispatchError;

mod agent_node;
mod agents;
mod buying_agents;
mod clock;
mod conservation;
mod offers;
mod on_idle;
mod recording;
mod selling_agents;
mod settlement;

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

/// Total money in existence.
fn money_supply() -> Balance {
	Balances::total_issuance()
}
