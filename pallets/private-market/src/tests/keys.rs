//! Market keys and the auditor's key: registered once each, by a household, with a proof.

use super::*;
use crate::{Auditor, Error, KeyOf, MarketKeyCount, MarketKeys};
use frame_support::assert_noop;
use sp_runtime::DispatchError;

#[test]
fn a_household_registers_one_market_key() {
	run(|| {
		let mut rng = deterministic_rng(1);
		let secret = MarketSecret::random(&mut rng);
		assert_ok!(register(ALICE, &secret, &mut rng));
		assert_eq!(MarketKeys::<Test>::get(0), Some((ALICE, secret.public_key())));
		assert_eq!((KeyOf::<Test>::get(ALICE), MarketKeyCount::<Test>::get()), (Some(0), 1));
		System::assert_last_event(Event::MarketKeyRegistered { household: ALICE, index: 0 }.into());

		// A second key for Alice, or Alice's key for Bob, is refused.
		let other = MarketSecret::random(&mut rng);
		assert_noop!(register(ALICE, &other, &mut rng), Error::<Test>::AlreadyRegistered);
		let (key, proof, image) = registration(BOB, &secret, &mut rng);
		assert_noop!(
			PrivateMarket::register_market_key(RuntimeOrigin::signed(BOB), key, proof, image),
			Error::<Test>::KeyTaken
		);
	});
}

#[test]
fn only_households_register_and_only_with_their_own_proof() {
	run(|| {
		let mut rng = deterministic_rng(2);
		let secret = MarketSecret::random(&mut rng);
		assert_noop!(register(METER, &secret, &mut rng), Error::<Test>::NotAHousehold);
		assert_noop!(
			{
				let (key, proof, image) = registration(ALICE, &secret, &mut rng);
				PrivateMarket::register_market_key(RuntimeOrigin::none(), key, proof, image)
			},
			DispatchError::BadOrigin
		);
		// A proof made for Alice's account does not register the key for Bob: a copied proof
		// cannot claim someone else's key.
		let (key, proof, image) = registration(ALICE, &secret, &mut rng);
		assert_noop!(
			PrivateMarket::register_market_key(RuntimeOrigin::signed(BOB), key, proof, image),
			Error::<Test>::InvalidProofOfPossession
		);
		// Nor does a proof by another key.
		let (_, other_proof, other_image) =
			registration(BOB, &MarketSecret::random(&mut rng), &mut rng);
		assert_noop!(
			PrivateMarket::register_market_key(
				RuntimeOrigin::signed(BOB),
				key,
				other_proof,
				other_image
			),
			Error::<Test>::InvalidProofOfPossession
		);
	});
}

#[test]
fn the_chain_keeps_at_most_max_market_keys() {
	run(|| {
		let mut rng = deterministic_rng(3);
		let many: Vec<u64> = (100..100 + u64::from(MAX_MARKET_KEYS) + 1).collect();
		Households::set(many.clone());
		for who in &many[..MAX_MARKET_KEYS as usize] {
			assert_ok!(register(*who, &MarketSecret::random(&mut rng), &mut rng));
		}
		let last = many[MAX_MARKET_KEYS as usize];
		assert_noop!(
			register(last, &MarketSecret::random(&mut rng), &mut rng),
			Error::<Test>::TooManyMarketKeys
		);
	});
}

#[test]
fn the_consortium_names_the_auditors_key() {
	run(|| {
		let key = auditor().public_key();
		assert_noop!(
			PrivateMarket::set_auditor_key(RuntimeOrigin::signed(ALICE), key),
			DispatchError::BadOrigin
		);
		assert_ok!(PrivateMarket::set_auditor_key(RuntimeOrigin::root(), key));
		assert_eq!(Auditor::<Test>::get(), Some(key));
		System::assert_last_event(Event::AuditorKeySet { key }.into());
		// The identity would let anyone open every amount; bytes that are no point open none.
		for bad in [[0u8; 32], [0xff; 32]] {
			assert_noop!(
				PrivateMarket::set_auditor_key(
					RuntimeOrigin::root(),
					energy_privacy::AuditorKey(bad)
				),
				Error::<Test>::InvalidAuditorKey
			);
		}
	});
}
