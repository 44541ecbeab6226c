//! The private market as the runtime wires it: three households register market keys, one
//! offers energy from the energy pool, another buys it with money from the money pool, the
//! buyer's one-time key pays the seller and the seller takes its energy back; nobody's account
//! is named by the private calls, the auditor reads the amounts, and both pools' books balance.

// The pool and the market admit their unsigned calls with `ValidateUnsigned`, which the test runs.
#![allow(deprecated)]

use crate::{ballot, chain_with, id, shield};
use energy_primitives::{GridPrices, UNIT};
use energy_privacy::{
	builder::{deterministic_rng, scan_notes},
	close_message, consent_message, create_note,
	market_builder::{build_offer, build_purchase, Agreed, Seat, Spending},
	market_sign, prove_agreement, registration_message, release_message, AccountKeys,
	AgreementOpening, AuditorSecret, MarketRole, MarketSecret, Note, Scalar, TxSecret,
};
use energy_runtime::{
	AccountId, EnergyPool, EnergyToken, Market, PrivateMarket, Runtime, RuntimeCall, RuntimeOrigin,
	ShieldedPool,
};
use frame_support::{
	assert_ok,
	dispatch::GetDispatchInfo,
	instances::Instance1,
	pallet_prelude::TransactionSource,
	traits::{fungible::Mutate, Get},
};
use pallet_private_market::{price_bounds, OfferRequest, PurchaseRequest};
use sp_core::{sr25519, Pair};
use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie, Dave, Eve, One, Two};
use sp_runtime::traits::ValidateUnsigned;

type StampBits = <Runtime as pallet_private_market::Config>::StampBits;
/// The pools' rings in this test: their smallest.
const POOL_RING: usize = 11;

/// Every note of pool `I`, by index.
fn notes<I: 'static>() -> Vec<(u64, Note)>
where
	Runtime: pallet_shielded_pool::Config<I>,
{
	(0..pallet_shielded_pool::NoteCount::<Runtime, I>::get())
		.map(|index| (index, pallet_shielded_pool::Notes::<Runtime, I>::get(index).unwrap()))
		.collect()
}

/// A third household, endowed as the keyring's accounts are.
fn third_household() -> AccountId {
	AccountId::from([0x48; 32])
}

/// The consortium preset with three households: One, Two and a third; Eve, the grid operator,
/// prices the slots.
fn micro_grid() -> sp_io::TestExternalities {
	chain_with("consortium", |patch| {
		let households = [id(One), id(Two), third_household()];
		let members = patch["consortium"]["members"].as_array_mut().unwrap();
		for who in &households {
			members.push(serde_json::json!([who, "household"]));
		}
		let balances = patch["balances"]["balances"].as_array_mut().unwrap();
		let endowment = balances[0][1].clone();
		balances.push(serde_json::json!([third_household(), endowment]));
	})
}

/// Dispatches `call` as a block would an unsigned transaction: validation, then the call.
fn submit(call: pallet_private_market::Call<Runtime>) {
	assert_ok!(PrivateMarket::validate_unsigned(TransactionSource::External, &call));
	let weight = call.get_dispatch_info().call_weight;
	assert!(weight.ref_time() > 0, "the call is weighed");
	assert_ok!(frame_support::traits::UnfilteredDispatchable::dispatch_bypass_filter(
		call,
		RuntimeOrigin::none()
	));
}

#[test]
fn households_trade_energy_privately_as_the_runtime_wires_it() {
	micro_grid().execute_with(|| {
		let mut rng = deterministic_rng(7);
		// Bob sells, Charlie buys, Dave's notes make the crowd they hide in.
		let (bob, charlie, dave) = (id(One), id(Two), third_household());
		// The market negotiates slot `now`, trading slot `now + 1`, at the grid operator's prices.
		let now = 29_926_800;
		pallet_timestamp::Now::<Runtime>::put(Market::clock().start_of(now));
		let prices = GridPrices { import_price: UNIT / 4, feed_in_price: UNIT / 20 };
		assert_ok!(Market::set_grid_prices(RuntimeOrigin::signed(id(Eve)), now + 1, prices));
		// The consortium names the auditor's key by ballot.
		let auditor = AuditorSecret::from_secret(Scalar::from(0x00A0_D170_u64));
		let call = RuntimeCall::PrivateMarket(pallet_private_market::Call::set_auditor_key {
			key: auditor.public_key(),
		});
		ballot(Alice, call, &[Alice, Bob, Charlie, Dave, Eve]);

		// Each household registers its market key.
		let secrets: Vec<MarketSecret> = (0..3).map(|_| MarketSecret::random(&mut rng)).collect();
		for (who, secret) in [&bob, &charlie, &dave].into_iter().zip(&secrets) {
			let key = secret.public_key();
			let (proof, image) = market_sign(
				&registration_message(&codec::Encode::encode(who)),
				&PrivateMarket::registration_scope(),
				&[key],
				0,
				secret,
				&mut rng,
			)
			.unwrap();
			assert_ok!(PrivateMarket::register_market_key(
				RuntimeOrigin::signed(who.clone()),
				key,
				proof,
				image
			));
		}
		let keys: Vec<_> = secrets.iter().map(MarketSecret::public_key).collect();
		let ring = [0u32, 1, 2];

		// Energy and money in the pools: a crowd of Dave's to hide in, Bob's 5 kWh of energy,
		// Charlie's payment with its lock fee.
		assert_ok!(EnergyToken::mint_into(&bob, 10_000));
		assert_ok!(EnergyToken::mint_into(&dave, 100_000));
		for _ in 0..POOL_RING {
			let stranger = AccountKeys::random(&mut rng);
			shield::<Instance1>(&dave, &stranger, 1_000, &mut rng);
			shield::<()>(&dave, &stranger, 1_000, &mut rng);
		}
		let (bob_wallet, charlie_wallet) =
			(AccountKeys::random(&mut rng), AccountKeys::random(&mut rng));
		type EnergyLocks = pallet_shielded_pool::Pallet<Runtime, Instance1>;
		let energy_fee =
			<EnergyLocks as pallet_shielded_pool::NoteLocks<AccountId>>::required_lock_fee(
				1,
				POOL_RING as u32,
			);
		let money_fee =
			<ShieldedPool as pallet_shielded_pool::NoteLocks<AccountId>>::required_lock_fee(
				1,
				POOL_RING as u32,
			);
		shield::<Instance1>(&bob, &bob_wallet, 5_000 + energy_fee, &mut rng);
		let bounds = price_bounds(&prices).unwrap();
		// 2 kWh at 0.15 EUR a kWh.
		let (energy, payment) = (2_000u64, 2_000 * (UNIT / 1_000 * 3 / 20) as u64);
		assert!(
			payment <= energy * bounds.import_price && payment >= energy * bounds.feed_in_price
		);
		shield::<()>(&charlie, &charlie_wallet, payment + money_fee, &mut rng);

		// Bob offers his 5 kWh.
		let offer_key = sr25519::Pair::from_seed(&[1; 32]);
		let (close_note, lock_blinding) =
			create_note(&bob_wallet.public_address(), &TxSecret::random(&mut rng), 0, 5_000)
				.unwrap();
		let details = b"5 kWh".to_vec();
		let offer = build_offer(
			&PrivateMarket::scope(now + 1, MarketRole::Offer),
			&Seat { ring: &ring, keys: &keys, position: 0, secret: &secrets[0] },
			&offer_key.public().0,
			&Spending {
				domain: &EnergyPool::spend_domain(),
				spends: &scan_notes(&bob_wallet, &notes::<Instance1>()),
				decoys: &notes::<Instance1>(),
				ring_size: POOL_RING,
				fee: energy_fee,
			},
			&lock_blinding,
			&auditor.public_key(),
			&details,
			StampBits::get(),
			&mut rng,
		)
		.unwrap();
		let locked = offer.locked;
		let audit = offer.audit;
		submit(pallet_private_market::Call::private_offer {
			request: Box::new(OfferRequest::from_built(
				now + 1,
				&ring,
				offer_key.public(),
				offer,
				details,
				energy_fee,
			)),
		});
		assert_eq!(auditor.open(&locked, &audit), Ok(5_000));

		// Charlie buys 2 kWh of it: Bob proves the agreement and consents; Charlie locks the
		// payment and signs.
		let buyer_key = sr25519::Pair::from_seed(&[2; 32]);
		let (pay_note, payment_blinding) =
			create_note(&bob_wallet.public_address(), &TxSecret::random(&mut rng), 0, payment)
				.unwrap();
		let energy_blinding = Scalar::random(&mut rng);
		let opening = AgreementOpening {
			energy,
			energy_blinding,
			payment,
			payment_blinding,
			remaining: 5_000,
			remaining_blinding: lock_blinding,
		};
		let (proof, agreed) = prove_agreement(&bounds, &opening, &mut rng).unwrap();
		let consent = offer_key.sign(&consent_message(
			&PrivateMarket::genesis(),
			0,
			&locked,
			&agreed,
			&proof,
			&buyer_key.public().0,
		));
		let money_notes = notes::<()>();
		let purchase = build_purchase(
			&PrivateMarket::scope(now + 1, MarketRole::Purchase),
			&Seat { ring: &ring, keys: &keys, position: 1, secret: &secrets[1] },
			&Agreed {
				offer: 0,
				buyer_key: &buyer_key.public().0,
				commitments: &agreed,
				proof: &proof,
				energy: (energy, energy_blinding),
				payment: (payment, payment_blinding),
				consent: &consent.0,
			},
			&Spending {
				domain: &ShieldedPool::spend_domain(),
				spends: &scan_notes(&charlie_wallet, &money_notes),
				decoys: &money_notes,
				ring_size: POOL_RING,
				fee: money_fee,
			},
			&auditor.public_key(),
			StampBits::get(),
			&mut rng,
		)
		.unwrap();
		let block_before = frame_system::Pallet::<Runtime>::events().len();
		let audits = purchase.audits;
		submit(pallet_private_market::Call::private_purchase {
			request: Box::new(PurchaseRequest::from_built(
				0,
				&ring,
				buyer_key.public(),
				agreed,
				proof,
				consent,
				purchase,
				money_fee,
			)),
		});
		// The purchase's events name no household.
		let events = frame_system::Pallet::<Runtime>::events();
		assert!(events.len() > block_before, "the purchase deposited its events");
		for record in &events[block_before..] {
			let encoded = codec::Encode::encode(&record.event);
			for who in [&bob, &charlie, &dave] {
				let account = codec::Encode::encode(who);
				assert!(!encoded.windows(account.len()).any(|window| window == account));
			}
		}
		assert_eq!(auditor.open(&agreed.energy, &audits[0]), Ok(energy));
		assert_eq!(auditor.open(&agreed.payment, &audits[1]), Ok(payment));

		// The slot delivered: Charlie's one-time key pays Bob, Bob's takes his energy back.
		pallet_timestamp::Now::<Runtime>::put(Market::clock().start_of(now + 2));
		let release = buyer_key.sign(&release_message(&PrivateMarket::genesis(), 0, &pay_note));
		submit(pallet_private_market::Call::release_payment {
			agreement: 0,
			note: pay_note,
			signature: release,
		});
		let close = offer_key.sign(&close_message(&PrivateMarket::genesis(), 0, &close_note));
		submit(pallet_private_market::Call::close_offer {
			offer: 0,
			note: close_note,
			reblinding: None,
			signature: close,
		});
		let paid = scan_notes(&bob_wallet, &notes::<()>());
		assert_eq!(paid.iter().map(|note| note.owned.amount).collect::<Vec<_>>(), vec![payment]);
		let back = scan_notes(&bob_wallet, &notes::<Instance1>());
		assert!(back.iter().any(|note| note.owned.amount == 5_000));

		PrivateMarket::do_try_state().unwrap();
		ShieldedPool::do_try_state().unwrap();
		EnergyPool::do_try_state().unwrap();
	});
}
