//! Step 5: recording agreements signed by the buyers' agents, one at a time or in batches.

use super::*;
use crate::{Agents, Agreement, Agreements, GridPrices, Offers, SignedTerms};
use energy_primitives::AgentKind;
use frame_support::{traits::ConstU32, BoundedVec};
use sp_runtime::Perbill;

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
				seller_turn: 0,
				buyer_turn: 0,
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
		// A later rate does not change what the offer's agreements risk, and the grid's prices
		// of the slot in trade no longer change.
		assert_ok!(Market::set_penalty_rate(RuntimeOrigin::root(), Perbill::from_percent(90)));
		assert_noop!(
			Market::set_grid_prices(
				RuntimeOrigin::root(),
				DELIVERY,
				GridPrices { import_price: 3 * IMPORT_PRICE, feed_in_price: FEED_IN_PRICE },
			),
			Error::<Test>::PricesFrozen
		);
		record_in(START);
		let price = IMPORT_PRICE;
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
