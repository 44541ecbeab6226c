//! Payouts: once the delivery slot is over, the buyer's one-time key pays the seller exactly
//! the locked payment and the offer's one-time key takes exactly the locked energy back; each
//! once, and nobody else.

use super::*;
use crate::{Agreements, Error, Offers, SlotCounts, TradingSlotsKept, UsedImages};
use energy_privacy::{close_message, release_message};
use frame_support::{assert_noop, traits::Hooks};

/// Alice's offer of 4 000 Wh and Bob's purchase of 1 500 Wh for 225 000, made; the slot
/// delivered.
fn traded(seed: u64) -> (World, Offered, Purchased) {
	let mut world = World::new(seed);
	world.give_energy(0, 4_000 + LOCK_FEE);
	let mut alice = offer(&mut world, 0, &RING, SLOT);
	assert_ok!(submit_offer(&alice.request));
	let bob = purchase(&mut world, 1, &RING, 0, &mut alice, 0, 1_500, 225_000);
	assert_ok!(submit_purchase(&bob.request));
	Status::set(negotiation(SLOT + 1));
	(world, alice, bob)
}

fn release(agreement: u64, note: &Note, key: &sr25519::Pair) -> DispatchResult {
	let signature = key.sign(&release_message(&PrivateMarket::genesis(), agreement, note));
	PrivateMarket::release_payment(RuntimeOrigin::none(), agreement, *note, signature)
}

fn close(offer: u64, note: &Note, key: &sr25519::Pair) -> DispatchResult {
	let signature = key.sign(&close_message(&PrivateMarket::genesis(), offer, note));
	PrivateMarket::close_offer(RuntimeOrigin::none(), offer, *note, signature)
}

#[test]
fn the_buyer_pays_the_seller_and_the_seller_takes_its_energy_back() {
	run(|| {
		let (world, alice, bob) = traded(30);
		let money_notes = NoteCount::<Test, Instance1>::get();
		assert_ok!(release(0, &bob.pay_note, &bob.key));
		System::assert_last_event(
			Event::PaymentReleased { agreement: 0, note_index: money_notes }.into(),
		);
		assert!(!Agreements::<Test>::contains_key(0));
		// Alice's wallet finds the payment.
		let paid = world.members[0].money();
		assert_eq!((paid.len(), paid[0].owned.amount), (1, 225_000));

		let energy_notes = NoteCount::<Test, Instance2>::get();
		assert_ok!(close(0, &alice.close_note, &alice.key));
		System::assert_last_event(Event::OfferClosed { offer: 0, note_index: energy_notes }.into());
		assert!(!Offers::<Test>::contains_key(0));
		let back = world.members[0].energy();
		assert_eq!((back.len(), back[0].owned.amount), (1, 4_000));

		// Each once.
		assert_noop!(release(0, &bob.pay_note, &bob.key), Error::<Test>::UnknownAgreement);
		assert_noop!(close(0, &alice.close_note, &alice.key), Error::<Test>::UnknownOffer);
	});
}

#[test]
fn payouts_wait_for_the_delivery_slot_to_end() {
	run(|| {
		let (_world, alice, bob) = traded(31);
		Status::set(negotiation(SLOT));
		assert_noop!(release(0, &bob.pay_note, &bob.key), Error::<Test>::DeliveryNotOver);
		assert_noop!(close(0, &alice.close_note, &alice.key), Error::<Test>::DeliveryNotOver);
	});
}

#[test]
fn only_the_one_time_keys_pay_out_and_only_what_is_locked() {
	run(|| {
		let (mut world, alice, bob) = traded(32);
		// The seller cannot release the buyer's payment, nor the buyer take the seller's energy.
		assert_noop!(release(0, &bob.pay_note, &alice.key), Error::<Test>::InvalidPayoutSignature);
		assert_noop!(close(0, &alice.close_note, &bob.key), Error::<Test>::InvalidPayoutSignature);
		// A signature over another note does not pay this one.
		let other = create_note(
			&world.members[3].wallet.public_address(),
			&TxSecret::random(&mut world.rng),
			0,
			225_000,
		)
		.unwrap()
		.0;
		let redirected = Note { commitment: bob.pay_note.commitment, ..other };
		let signature = bob.key.sign(&release_message(&PrivateMarket::genesis(), 0, &bob.pay_note));
		assert_noop!(
			PrivateMarket::release_payment(RuntimeOrigin::none(), 0, redirected, signature),
			Error::<Test>::InvalidPayoutSignature
		);
		// A note of another amount (its own commitment) is not the lock's.
		assert_noop!(release(0, &other, &bob.key), Error::<Test>::WrongAmount);
		assert_noop!(close(0, &other, &alice.key), Error::<Test>::WrongAmount);
		assert_noop!(release(9, &bob.pay_note, &bob.key), Error::<Test>::UnknownAgreement);
		// The payout call is unsigned: a signed origin is refused.
		let signature = bob.key.sign(&release_message(&PrivateMarket::genesis(), 0, &bob.pay_note));
		assert_noop!(
			PrivateMarket::release_payment(RuntimeOrigin::signed(BOB), 0, bob.pay_note, signature),
			sp_runtime::DispatchError::BadOrigin
		);
	});
}

#[test]
fn payouts_are_admitted_once_each() {
	run(|| {
		let (_world, alice, bob) = traded(33);
		let signature = bob.key.sign(&release_message(&PrivateMarket::genesis(), 0, &bob.pay_note));
		let call = crate::Call::release_payment { agreement: 0, note: bob.pay_note, signature };
		let valid = validate(&call).expect("a valid release is admitted");
		assert_eq!((valid.priority, valid.provides.len()), (PRIORITY, 1));
		let signature =
			alice.key.sign(&close_message(&PrivateMarket::genesis(), 0, &alice.close_note));
		assert!(validate(&crate::Call::close_offer {
			offer: 0,
			note: alice.close_note,
			signature
		})
		.is_ok());
		assert_eq!(
			validate(&crate::Call::close_offer {
				offer: 0,
				note: alice.close_note,
				signature: bob.key.sign(b"x")
			}),
			Err(sp_runtime::transaction_validity::InvalidTransaction::Custom(
				PrivateMarket::error_code(Error::<Test>::InvalidPayoutSignature)
			)
			.into())
		);
	});
}

#[test]
fn a_slot_that_stopped_trading_is_forgotten() {
	run(|| {
		let _traded = traded(34);
		assert_eq!(TradingSlotsKept::<Test>::get().into_inner(), vec![SLOT]);
		assert_eq!(UsedImages::<Test>::iter_prefix(SLOT).count(), 2);
		// The status now is slot SLOT + 1: slot SLOT trades no more.
		PrivateMarket::on_initialize(2);
		assert!(TradingSlotsKept::<Test>::get().is_empty());
		assert_eq!(UsedImages::<Test>::iter_prefix(SLOT).count(), 0);
		assert_eq!(SlotCounts::<Test>::get(SLOT), (0, 0));
		// The offer and the agreement stay until paid out.
		assert!(Offers::<Test>::contains_key(0) && Agreements::<Test>::contains_key(0));
	});
}
