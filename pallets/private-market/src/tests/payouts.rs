//! Settlement: once the delivery slot is over, the buyer pays the seller exactly the locked
//! payment (or the seller claims it against its meter, or the buyer takes it back and the
//! seller pays its penalty), and the seller takes back what its lock returns; each once, and
//! nobody else.

use super::*;
use crate::{Agreements, ClaimSlots, Error, Offers, SlotCounts, TradingSlotsKept, UsedImages};
use energy_primitives::MeterData;
use energy_privacy::{
	claim_message, close_message, commit, refund_message, release_message, remaining_after,
};
use frame_support::{assert_noop, traits::fungible::Inspect, traits::Hooks};

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
	PrivateMarket::close_offer(RuntimeOrigin::none(), offer, *note, None, signature)
}

/// `seller` claims Bob's payment with its opening of the agreement's energy.
fn claim(seller: u64, alice: &Offered, bob: &Purchased) -> DispatchResult {
	let message = claim_message(&PrivateMarket::genesis(), 0, &seller.encode(), &bob.pay_note);
	PrivateMarket::claim_payment(
		RuntimeOrigin::signed(seller),
		0,
		bob.pay_note,
		bob.energy,
		bob.energy_blinding.to_bytes(),
		alice.key.sign(&message),
	)
}

/// A proof, over `message`, that `note` (whose blinding is `note_blinding`) hides what
/// `owed` (whose blinding is `owed_blinding`) does.
fn reblinding(
	note: &Note,
	note_blinding: Scalar,
	owed: &energy_privacy::Commitment,
	owed_blinding: Scalar,
	message: &energy_privacy::Message,
	world: &mut World,
) -> (energy_privacy::MarketSignature, energy_privacy::KeyImage) {
	energy_privacy::market_builder::reblinding(
		PrivateMarket::genesis(),
		&note.commitment,
		&note_blinding,
		owed,
		&owed_blinding,
		message,
		&mut world.rng,
	)
	.unwrap()
}

/// Bob takes his payment back as a note of his own wallet's, with a proof that it hides the
/// payment (he knows the payment's blinding: his lock used it).
fn refund(bob: &Purchased, world: &mut World) -> (Note, DispatchResult) {
	let (note, note_blinding) = create_note(
		&world.members[1].wallet.public_address(),
		&TxSecret::random(&mut world.rng),
		0,
		bob.payment,
	)
	.unwrap();
	let message = refund_message(&PrivateMarket::genesis(), 0, &note);
	let proof = reblinding(
		&note,
		note_blinding,
		&bob.request.agreed.payment,
		bob.payment_blinding,
		&message,
		world,
	);
	let result = PrivateMarket::refund_payment(
		RuntimeOrigin::none(),
		0,
		note,
		Some(proof),
		bob.energy,
		bob.energy_blinding.to_bytes(),
		bob.key.sign(&message),
	);
	(note, result)
}

/// A note of 225 000 for a stranger.
fn to_stranger(world: &mut World) -> Note {
	let stranger = AccountKeys::random(&mut world.rng).public_address();
	create_note(&stranger, &TxSecret::random(&mut world.rng), 0, 225_000).unwrap().0
}

#[test]
fn the_buyer_pays_the_seller_and_the_seller_takes_its_energy_back() {
	run(|| {
		let (world, alice, bob) = traded(30);
		// The offer cannot close while Bob's agreement is open.
		assert_noop!(close(0, &alice.close_note, &alice.key), Error::<Test>::OpenAgreements);

		let money_notes = NoteCount::<Test, Instance1>::get();
		assert_ok!(release(0, &bob.pay_note, &bob.key));
		System::assert_last_event(
			Event::PaymentReleased { agreement: 0, note_index: money_notes }.into(),
		);
		assert!(!Agreements::<Test>::contains_key(0));
		assert_eq!(Offers::<Test>::get(0).unwrap().open, 0);
		// Alice's wallet finds the payment.
		let paid = world.members[0].money();
		assert_eq!((paid.len(), paid[0].owned.amount), (1, 225_000));

		let energy_notes = NoteCount::<Test, Instance2>::get();
		assert_ok!(close(0, &alice.close_note, &alice.key));
		System::assert_last_event(Event::OfferClosed { offer: 0, note_index: energy_notes }.into());
		assert!(!Offers::<Test>::contains_key(0));
		// The whole lock goes back: the 1 500 Wh delivered leave existence through Alice's
		// meter, as its battery's fall (her meter debt), not through the market.
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
		let (mut world, alice, bob) = traded(31);
		Status::set(negotiation(SLOT));
		assert_noop!(release(0, &bob.pay_note, &bob.key), Error::<Test>::DeliveryNotOver);
		assert_noop!(close(0, &alice.close_note, &alice.key), Error::<Test>::DeliveryNotOver);
		Exports::set(vec![(ALICE, SLOT, 1_500)]);
		assert_noop!(claim(ALICE, &alice, &bob), Error::<Test>::DeliveryNotOver);
		assert_noop!(refund(&bob, &mut world).1, Error::<Test>::DeliveryNotOver);
	});
}

#[test]
fn only_the_one_time_keys_pay_out_and_only_what_is_locked() {
	run(|| {
		let (mut world, alice, bob) = traded(32);
		// The seller cannot release the buyer's payment, nor the buyer take the seller's energy.
		assert_noop!(release(0, &bob.pay_note, &alice.key), Error::<Test>::InvalidPayoutSignature);
		assert_ok!(release(0, &bob.pay_note, &bob.key));
		assert_noop!(close(0, &alice.close_note, &bob.key), Error::<Test>::InvalidPayoutSignature);
		// A signature over another note does not pay this one.
		let other = create_note(
			&world.members[3].wallet.public_address(),
			&TxSecret::random(&mut world.rng),
			0,
			4_000,
		)
		.unwrap()
		.0;
		let redirected = Note { commitment: alice.close_note.commitment, ..other };
		let signature =
			alice.key.sign(&close_message(&PrivateMarket::genesis(), 0, &alice.close_note));
		assert_noop!(
			PrivateMarket::close_offer(RuntimeOrigin::none(), 0, redirected, None, signature),
			Error::<Test>::InvalidPayoutSignature
		);
		// A note of another commitment, without a proof that it hides the same amount.
		assert_noop!(close(0, &other, &alice.key), Error::<Test>::WrongAmount);
		assert_noop!(release(9, &bob.pay_note, &bob.key), Error::<Test>::UnknownAgreement);
		// Payouts are unsigned: a signed origin is refused.
		let signature =
			alice.key.sign(&close_message(&PrivateMarket::genesis(), 0, &alice.close_note));
		assert_noop!(
			PrivateMarket::close_offer(
				RuntimeOrigin::signed(ALICE),
				0,
				alice.close_note,
				None,
				signature
			),
			sp_runtime::DispatchError::BadOrigin
		);
	});
}

#[test]
fn a_silent_buyer_pays_what_the_sellers_meter_confirms() {
	run(|| {
		let (world, alice, bob) = traded(33);
		// Alice's meter has not reported yet, then reports less than the agreement's energy.
		assert_noop!(claim(ALICE, &alice, &bob), Error::<Test>::ReadingPending);
		Exports::set(vec![(ALICE, SLOT, 1_499)]);
		assert_noop!(claim(ALICE, &alice, &bob), Error::<Test>::NotDelivered);
		Exports::set(vec![(ALICE, SLOT, 1_600), (CHARLIE, SLOT, 5_000)]);
		// Charlie, whose exports would cover it, cannot claim Alice's payment: the offer's key
		// signed for Alice's account, not his.
		let for_alice = alice.key.sign(&claim_message(
			&PrivateMarket::genesis(),
			0,
			&ALICE.encode(),
			&bob.pay_note,
		));
		assert_noop!(
			PrivateMarket::claim_payment(
				RuntimeOrigin::signed(CHARLIE),
				0,
				bob.pay_note,
				bob.energy,
				bob.energy_blinding.to_bytes(),
				for_alice
			),
			Error::<Test>::InvalidPayoutSignature
		);
		// A wrong opening of the energy is refused.
		assert_noop!(
			PrivateMarket::claim_payment(
				RuntimeOrigin::signed(ALICE),
				0,
				bob.pay_note,
				bob.energy - 1,
				bob.energy_blinding.to_bytes(),
				for_alice
			),
			Error::<Test>::WrongOpening
		);

		assert_ok!(claim(ALICE, &alice, &bob));
		System::assert_last_event(
			Event::PaymentClaimed {
				agreement: 0,
				seller: ALICE,
				energy: 1_500,
				note_index: NoteCount::<Test, Instance1>::get() - 1,
			}
			.into(),
		);
		assert_eq!(Meters::used_exports(&ALICE, SLOT), 1_500);
		assert_eq!(world.members[0].money()[0].owned.amount, 225_000);
		// Paid once: the buyer can no longer take it back.
		assert_noop!(claim(ALICE, &alice, &bob), Error::<Test>::UnknownAgreement);
	});
}

/// The attack the claims' ledger stops: one export claimed for two agreements.
#[test]
fn each_exported_watt_hour_pays_one_claim() {
	run(|| {
		let mut world = World::new(34);
		world.give_energy(0, 4_000 + LOCK_FEE);
		let mut alice = offer(&mut world, 0, &RING, SLOT);
		assert_ok!(submit_offer(&alice.request));
		let bob = purchase(&mut world, 1, &RING, 0, &mut alice, 0, 1_000, 100_000);
		assert_ok!(submit_purchase(&bob.request));
		let charlie = purchase(&mut world, 2, &RING, 0, &mut alice, 0, 1_000, 100_000);
		assert_ok!(submit_purchase(&charlie.request));
		Status::set(negotiation(SLOT + 1));
		Exports::set(vec![(ALICE, SLOT, 1_500)]);
		assert_ok!(claim(ALICE, &alice, &bob));
		let message =
			claim_message(&PrivateMarket::genesis(), 1, &ALICE.encode(), &charlie.pay_note);
		assert_noop!(
			PrivateMarket::claim_payment(
				RuntimeOrigin::signed(ALICE),
				1,
				charlie.pay_note,
				charlie.energy,
				charlie.energy_blinding.to_bytes(),
				alice.key.sign(&message)
			),
			Error::<Test>::NotDelivered
		);
	});
}

/// The attack the meters' shared ledger stops: an export the public market already paid for
/// claimed again privately.
#[test]
fn exports_the_public_market_settled_are_not_claimed_again() {
	run(|| {
		let (_world, alice, bob) = traded(39);
		Exports::set(vec![(ALICE, SLOT, 2_000)]);
		// The public market settled 1 000 Wh of Alice's exports as delivered.
		Meters::use_exports(&ALICE, SLOT, 1_000);
		assert_noop!(claim(ALICE, &alice, &bob), Error::<Test>::NotDelivered);
		Exports::set(vec![(ALICE, SLOT, 2_500)]);
		assert_ok!(claim(ALICE, &alice, &bob));
		assert_eq!(Meters::used_exports(&ALICE, SLOT), 2_500);
	});
}

#[test]
fn a_seller_that_did_not_deliver_pays_its_penalty_in_energy() {
	run(|| {
		let (mut world, alice, bob) = traded(35);
		// The seller has `CLAIM_SLOTS` slots to claim.
		Status::set(negotiation(SLOT + CLAIM_SLOTS));
		assert_noop!(refund(&bob, &mut world).1, Error::<Test>::ClaimWindowOpen);
		Status::set(negotiation(SLOT + CLAIM_SLOTS + 1));
		// The energy is opened right, and the note holds the payment.
		let signature = bob.key.sign(&refund_message(&PrivateMarket::genesis(), 0, &bob.pay_note));
		assert_noop!(
			PrivateMarket::refund_payment(
				RuntimeOrigin::none(),
				0,
				bob.pay_note,
				None,
				bob.energy + 1,
				bob.energy_blinding.to_bytes(),
				signature
			),
			Error::<Test>::WrongOpening
		);
		let stranger = to_stranger(&mut world);
		let signature = bob.key.sign(&refund_message(&PrivateMarket::genesis(), 0, &stranger));
		assert_noop!(
			PrivateMarket::refund_payment(
				RuntimeOrigin::none(),
				0,
				stranger,
				None,
				bob.energy,
				bob.energy_blinding.to_bytes(),
				signature
			),
			Error::<Test>::WrongAmount
		);
		let operator = Balances::balance(&OPERATOR);
		let (note, result) = refund(&bob, &mut world);
		assert_ok!(result);
		System::assert_last_event(
			Event::PaymentRefunded {
				agreement: 0,
				note_index: NoteCount::<Test, Instance1>::get() - 1,
				penalty: 1_500,
			}
			.into(),
		);
		// Bob has his money back, the grid operator the 1 500 Wh Alice did not deliver.
		assert!(world.members[1].money().iter().any(|owned| owned.note == note));
		assert_eq!(Balances::balance(&OPERATOR), operator + 1_500);
		// Alice's lock now returns 2 500 Wh: her note of 4 000 is refused, one of 2 500 with
		// a proof that it hides what the lock returns is taken.
		let offer = Offers::<Test>::get(0).unwrap();
		assert_eq!(
			offer.returning,
			remaining_after(&offer.locked, &bob.request.agreed.energy).unwrap()
		);
		assert_noop!(close(0, &alice.close_note, &alice.key), Error::<Test>::WrongAmount);
		let (note, note_blinding) = create_note(
			&world.members[0].wallet.public_address(),
			&TxSecret::random(&mut world.rng),
			0,
			2_500,
		)
		.unwrap();
		// What the lock returns is R less Bob's energy: Alice's bookkeeping of what her offer
		// has not sold, as Bob's was its only agreement.
		let lock_blinding = alice.remaining_blinding;
		assert_eq!(commit(2_500, &lock_blinding), offer.returning);
		let message = close_message(&PrivateMarket::genesis(), 0, &note);
		let (proof, image) =
			reblinding(&note, note_blinding, &offer.returning, lock_blinding, &message, &mut world);
		// A proof for another note is refused.
		let (other, _) = create_note(
			&world.members[0].wallet.public_address(),
			&TxSecret::random(&mut world.rng),
			0,
			2_501,
		)
		.unwrap();
		let other_signature = alice.key.sign(&close_message(&PrivateMarket::genesis(), 0, &other));
		assert_noop!(
			PrivateMarket::close_offer(
				RuntimeOrigin::none(),
				0,
				other,
				Some((proof.clone(), image)),
				other_signature
			),
			Error::<Test>::InvalidReblinding
		);
		assert_ok!(PrivateMarket::close_offer(
			RuntimeOrigin::none(),
			0,
			note,
			Some((proof, image)),
			alice.key.sign(&message)
		));
		let back = world.members[0].energy();
		assert_eq!((back.len(), back[0].owned.amount), (1, 2_500));
	});
}

#[test]
fn the_genesis_sets_the_claim_window() {
	run(|| {
		use frame_support::traits::BuildGenesisConfig;
		// Left at zero, the genesis keeps `DefaultClaimSlots`.
		crate::GenesisConfig::<Test>::default().build();
		assert_eq!(ClaimSlots::<Test>::get(), CLAIM_SLOTS);
		crate::GenesisConfig::<Test> { claim_slots: CLAIM_SLOTS + 3, ..Default::default() }.build();
		let (mut world, _, bob) = traded(37);
		Status::set(negotiation(SLOT + CLAIM_SLOTS + 3));
		assert_noop!(refund(&bob, &mut world).1, Error::<Test>::ClaimWindowOpen);
		Status::set(negotiation(SLOT + CLAIM_SLOTS + 4));
		assert_ok!(refund(&bob, &mut world).1);
	});
}

#[test]
fn without_a_grid_operator_the_penalty_stays_with_the_seller() {
	run(|| {
		let (mut world, alice, bob) = traded(36);
		HasOperator::set(false);
		Status::set(negotiation(SLOT + CLAIM_SLOTS + 1));
		assert_ok!(refund(&bob, &mut world).1);
		assert_eq!(Offers::<Test>::get(0).unwrap().returning, alice.request.locked);
		assert_ok!(close(0, &alice.close_note, &alice.key));
	});
}

#[test]
fn a_release_and_a_refund_exclude_each_other_in_the_transaction_pool() {
	run(|| {
		let (_world, alice, bob) = traded(37);
		let signature = bob.key.sign(&release_message(&PrivateMarket::genesis(), 0, &bob.pay_note));
		let call = crate::Call::release_payment { agreement: 0, note: bob.pay_note, signature };
		let valid = validate(&call).expect("a valid release is admitted");
		let weight = frame_support::dispatch::GetDispatchInfo::get_dispatch_info(&call).call_weight;
		let priority = PrivateMarket::priority(weight);
		assert_eq!((valid.priority, valid.provides.len()), (priority, 1));
		Status::set(negotiation(SLOT + CLAIM_SLOTS + 1));
		let refund_signature =
			bob.key.sign(&refund_message(&PrivateMarket::genesis(), 0, &bob.pay_note));
		let refund_call = crate::Call::refund_payment {
			agreement: 0,
			note: bob.pay_note,
			reblinding: None,
			energy: bob.energy,
			energy_blinding: bob.energy_blinding.to_bytes(),
			signature: refund_signature,
		};
		assert_eq!(validate(&refund_call).unwrap().provides, valid.provides);
		let bad = crate::Call::close_offer {
			offer: 0,
			note: alice.close_note,
			reblinding: None,
			signature: bob.key.sign(b"x"),
		};
		assert_eq!(
			validate(&bad),
			Err(sp_runtime::transaction_validity::InvalidTransaction::Custom(
				PrivateMarket::error_code(Error::<Test>::OpenAgreements)
			)
			.into())
		);
	});
}

#[test]
fn a_slot_that_stopped_trading_is_forgotten() {
	run(|| {
		let _traded = traded(38);
		assert_eq!(TradingSlotsKept::<Test>::get().into_inner(), vec![SLOT]);
		assert_eq!(UsedImages::<Test>::iter_prefix(SLOT).count(), 2);
		// The status now is slot SLOT + 1: slot SLOT trades no more.
		PrivateMarket::on_initialize(2);
		assert!(TradingSlotsKept::<Test>::get().is_empty());
		assert_eq!(UsedImages::<Test>::iter_prefix(SLOT).count(), 0);
		assert_eq!(SlotCounts::<Test>::get(SLOT), (0, 0));
		// The offer and the agreement stay until settled.
		assert!(Offers::<Test>::contains_key(0) && Agreements::<Test>::contains_key(0));
	});
}
