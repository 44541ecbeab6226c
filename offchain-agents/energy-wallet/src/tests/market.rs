//! The private market without a node: the market file, the ring a household signs in, the
//! exact notes a lock spends, the seller's side of an agreement as the chain checks it, the
//! buyer's checks of the terms, and what a closed offer returns.

use super::*;
use crate::{
	market_file::{self, note, one_time_key, to_scale_hex, MarketFile, OfferRecord},
	market_node::{ChainAgreement, ChainOffer, MarketLimits},
	market_trades::{self, agree, choose_ring, exact_notes, AgreedTerms, MarketView, PoolView},
};
use codec::Decode;
use energy_privacy::{
	commit, consent_message, create_note, remaining_after, verify_agreement, AuditorSecret,
	MarketKey, MarketSecret, PriceBounds, Scalar, TxSecret,
};
use subxt_signer::sr25519;

const MARKET_LIMITS: MarketLimits = MarketLimits { min_ring: 3, max_ring: 4, stamp_bits: 8 };
/// 0.30 and 0.05 EUR a kWh, per Wh.
const BOUNDS: PriceBounds = PriceBounds { import_price: 300_000_000, feed_in_price: 50_000_000 };

fn keys(count: u32) -> Vec<(u32, MarketKey)> {
	let mut rng = deterministic_rng(40);
	(0..count).map(|index| (index, MarketSecret::random(&mut rng).public_key())).collect()
}

#[test]
fn a_ring_holds_the_household_among_as_many_keys_as_it_may() {
	let mut rng = deterministic_rng(41);
	let error = choose_ring(&keys(2), 0, &MARKET_LIMITS, &mut rng).err().unwrap();
	assert!(error.to_string().contains("fewer than the 3 a ring needs"), "{error}");
	// Three keys: all of them.
	let ring = choose_ring(&keys(3), 1, &MARKET_LIMITS, &mut rng).unwrap();
	assert_eq!((ring.indices, ring.position), (vec![0, 1, 2], 1));
	// Ten keys: four, sorted, the household's own among them at its position.
	let registered = keys(10);
	for own in [0, 7, 9] {
		let ring = choose_ring(&registered, own, &MARKET_LIMITS, &mut rng).unwrap();
		assert_eq!(ring.indices.len(), 4);
		assert!(ring.indices.windows(2).all(|pair| pair[0] < pair[1]));
		assert_eq!(ring.indices[ring.position], own);
		assert_eq!(ring.keys[ring.position], registered[own as usize].1);
	}
	assert!(choose_ring(&registered, 10, &MARKET_LIMITS, &mut rng).is_err(), "not registered");
}

#[test]
fn a_lock_spends_notes_that_hold_exactly_its_amount_and_fee() {
	let (_, alice, _) = funded_pool();
	let limits = limits();
	let one = limits.fees.lock(1, 11);
	let two = limits.fees.lock(2, 22);
	// Alice holds 100 and 30 EUR.
	let (notes, fee) = exact_notes(&alice, 30 * EUR - one, 11, &limits).unwrap();
	assert_eq!(
		(notes.iter().map(|note| note.amount).collect::<Vec<_>>(), fee),
		(vec![30 * EUR], one)
	);
	let (notes, fee) = exact_notes(&alice, 130 * EUR - two, 11, &limits).unwrap();
	assert_eq!((notes.len(), fee), (2, two));
	let error = exact_notes(&alice, 29 * EUR, 11, &limits).err().unwrap().to_string();
	assert!(error.contains("a lock has no change"), "{error}");
	assert!(
		error.contains(&format!("--amount {}", Asset::Money.number(29 * EUR + one))),
		"{error}"
	);
}

/// Bob's offer of 4 000 Wh, as his market file and the chain keep it.
fn offered() -> (OfferRecord, ChainOffer, Scalar) {
	let mut rng = deterministic_rng(42);
	let energy_wallet = wallet(50);
	let (close_note, lock_blinding) =
		create_note(&energy_wallet.address(), &TxSecret::random(&mut rng), 0, 4_000).unwrap();
	let key_seed = market_file::new_seed(&mut rng);
	let record = OfferRecord {
		offer: Some(3),
		slot: 9,
		key_seed: key_seed.clone(),
		amount: 4_000,
		lock_blinding: market_file::to_hex32(&lock_blinding.to_bytes()),
		close_note: to_scale_hex(&close_note),
		sales: Vec::new(),
		closed: false,
	};
	let locked = commit(4_000, &lock_blinding);
	let chain = ChainOffer {
		slot: 9,
		offer_key: one_time_key(&key_seed).unwrap().public_key().0,
		locked,
		remaining: locked,
		returning: locked,
		open: 0,
	};
	(record, chain, lock_blinding)
}

#[test]
fn the_sellers_terms_prove_the_agreement_and_carry_its_consent() {
	let (record, chain, _) = offered();
	let seller_money = wallet(51);
	let buyer_key = [9; 32];
	let (terms, sale) = agree(
		GENESIS,
		&record,
		&chain,
		&[],
		&BOUNDS,
		&seller_money,
		1_500,
		225_000_000_000,
		buyer_key,
		&mut deterministic_rng(43),
	)
	.unwrap();
	let agreed = market_file::from_scale_hex(&terms.agreed, "agreed").unwrap();
	let proof = market_file::from_scale_hex(&terms.proof, "proof").unwrap();
	// The chain's check of the agreement against the offer's remaining energy.
	verify_agreement(&BOUNDS, &chain.remaining, &agreed, &proof).unwrap();
	let consent = sr25519::Signature(hex::decode(&terms.consent[2..]).unwrap().try_into().unwrap());
	let message = consent_message(&GENESIS, 3, &chain.remaining, &agreed, &proof, &buyer_key);
	assert!(sr25519::verify(&consent, message, &sr25519::PublicKey(chain.offer_key)));
	// The payment goes to a note of the seller's money wallet, holding the payment.
	let pay_note = note(&terms.pay_note, "pay note").unwrap();
	assert_eq!(pay_note.commitment, agreed.payment);
	let found = seller_money.find_owned(&[(0, pay_note)]);
	assert_eq!(found.iter().map(|note| note.amount).collect::<Vec<_>>(), vec![225_000_000_000]);
	assert_eq!((sale.energy, sale.payment, sale.settled), (1_500, 225_000_000_000, false));

	// Out of the grid's bounds, or more than the offer holds: no terms.
	for (energy, payment, expected) in [
		(1_500, 1_500 * 300_000_000 + 1, "in the slot's grid prices"),
		(1_500, 1_500 * 50_000_000 - 1, "in the slot's grid prices"),
		(4_001, 4_001 * 100_000_000, "has 4000 Wh left"),
		(0, 0, "more than nothing"),
	] {
		let error = agree(
			GENESIS,
			&record,
			&chain,
			&[],
			&BOUNDS,
			&seller_money,
			energy,
			payment,
			buyer_key,
			&mut deterministic_rng(44),
		)
		.err()
		.unwrap()
		.to_string();
		assert!(error.contains(expected), "{error}");
	}
}

#[test]
fn the_seller_proves_against_what_the_chain_says_is_left() {
	let (mut record, chain, lock_blinding) = offered();
	let seller_money = wallet(51);
	let (_, sale) = agree(
		GENESIS,
		&record,
		&chain,
		&[],
		&BOUNDS,
		&seller_money,
		1_000,
		120_000_000_000,
		[9; 32],
		&mut deterministic_rng(45),
	)
	.unwrap();
	record.sales.push(sale.clone());
	let energy = commit(1_000, &market_file::scalar(&sale.energy_blinding, "e").unwrap());
	// The chain recorded the sale: 3 000 Wh are left, and the next terms prove against them.
	let bought = ChainAgreement {
		slot: 9,
		offer: 3,
		buyer_key: [9; 32],
		energy,
		payment: commit(0, &Scalar::from(1u64)),
	};
	let after =
		ChainOffer { remaining: remaining_after(&chain.remaining, &energy).unwrap(), ..chain };
	let (left, blinding) = market_trades::remaining(&record, &after, &[(0, bought)]).unwrap();
	assert_eq!(left, 3_000);
	assert_eq!(commit(left, &blinding), after.remaining);
	let error = agree(
		GENESIS,
		&record,
		&after,
		&[(0, bought)],
		&BOUNDS,
		&seller_money,
		3_001,
		3_001 * 100_000_000,
		[8; 32],
		&mut deterministic_rng(46),
	)
	.err()
	.unwrap();
	assert!(error.to_string().contains("has 3000 Wh left"), "{error}");
	// A sale the chain never recorded leaves the lock whole; a chain that disagrees with every
	// sale the file knows is refused rather than proven against.
	assert_eq!(market_trades::remaining(&record, &chain, &[]).unwrap(), (4_000, lock_blinding));
	let error = market_trades::remaining(&record, &after, &[]).err().unwrap();
	assert!(error.to_string().contains("is not what its recorded sales leave"), "{error}");
}

#[test]
fn a_buyer_refuses_terms_that_do_not_hold_together() {
	let (record, chain, _) = offered();
	let buyer_seed = market_file::new_seed(&mut deterministic_rng(47));
	let buyer_key = one_time_key(&buyer_seed).unwrap().public_key().0;
	let (terms, _) = agree(
		GENESIS,
		&record,
		&chain,
		&[],
		&BOUNDS,
		&wallet(51),
		1_500,
		225_000_000_000,
		buyer_key,
		&mut deterministic_rng(48),
	)
	.unwrap();
	let (pool, buyer, _) = funded_pool();
	let auditor = AuditorSecret::from_secret(Scalar::from(5u64)).public_key();
	let secret = MarketSecret::random(&mut deterministic_rng(49));
	let ring = choose_ring(
		&[(0, secret.public_key()), (1, keys(2)[0].1), (2, keys(2)[1].1)],
		0,
		&MARKET_LIMITS,
		&mut deterministic_rng(50),
	)
	.unwrap();
	let view = MarketView {
		genesis: GENESIS,
		slot: 9,
		ring: &ring,
		secret: &secret,
		auditor: &auditor,
		stamp_bits: 8,
	};
	let limits = limits();
	let pool_view = PoolView { domain: &GENESIS, notes: &pool.notes, limits: &limits, ring: 11 };
	let purchase = |terms: &AgreedTerms, seed: &str| {
		market_trades::build_purchase(
			&view,
			terms,
			seed,
			&buyer,
			&pool_view,
			&mut deterministic_rng(51),
		)
		.err()
		.map(|error| error.to_string())
	};
	let cases: [(AgreedTerms, &str); 4] = [
		(
			AgreedTerms { payment: 225_000_000_001, ..terms.clone() },
			"do not open their commitments",
		),
		(AgreedTerms { energy: 1_501, ..terms.clone() }, "do not open their commitments"),
		(
			AgreedTerms { pay_note: to_scale_hex(&pool.notes[0].1), ..terms.clone() },
			"does not hold the payment",
		),
		(
			AgreedTerms { genesis_hash: market_file::to_hex32(&[1; 32]), ..terms.clone() },
			"another chain",
		),
	];
	for (tampered, expected) in cases {
		let error = purchase(&tampered, &buyer_seed).unwrap();
		assert!(error.contains(expected), "{error}");
	}
	let other_seed = market_file::new_seed(&mut deterministic_rng(52));
	assert!(purchase(&terms, &other_seed).unwrap().contains("another buyer key"));
	// Sound terms go as far as the notes: Alice holds no note of exactly 0.225 EUR and a fee.
	assert!(purchase(&terms, &buyer_seed).unwrap().contains("a lock has no change"));
}

#[test]
fn a_closed_offer_returns_its_lock_less_the_penalised_sales() {
	let (mut record, chain, _) = offered();
	let energy_wallet = wallet(50);
	// Nothing penalised: the closing note made with the offer, without a proof.
	let (call, returned) =
		market_trades::close(GENESIS, &record, &chain, &energy_wallet, &mut deterministic_rng(53))
			.unwrap();
	assert_eq!(returned, 4_000);
	assert_eq!(call.call_name(), "close_offer");
	let args = &call.call_data().0;
	assert_eq!(args[1], note(&record.close_note, "close").unwrap().encode());
	assert_eq!(args[2], None::<()>.encode());
	// Two sales, the second refunded: the lock returns 4 000 less its 1 000 Wh.
	for (energy, seed) in [(1_500, 54), (1_000, 55)] {
		let (_, sale) = agree(
			GENESIS,
			&record,
			&chain,
			&[],
			&BOUNDS,
			&wallet(51),
			energy,
			energy * 100_000_000,
			[energy as u8; 32],
			&mut deterministic_rng(seed),
		)
		.unwrap();
		record.sales.push(sale);
	}
	let penalty =
		commit(1_000, &market_file::scalar(&record.sales[1].energy_blinding, "e").unwrap());
	let penalised =
		ChainOffer { returning: remaining_after(&chain.locked, &penalty).unwrap(), ..chain };
	let (call, returned) = market_trades::close(
		GENESIS,
		&record,
		&penalised,
		&energy_wallet,
		&mut deterministic_rng(56),
	)
	.unwrap();
	assert_eq!(returned, 3_000);
	let args = &call.call_data().0;
	let returned_note = Note::decode(&mut &args[1][..]).unwrap();
	// A note of the seller's energy wallet, with the proof that it holds what the lock returns.
	let found = energy_wallet.find_owned(&[(0, returned_note)]);
	assert_eq!(found.iter().map(|note| note.amount).collect::<Vec<_>>(), vec![3_000]);
	assert_ne!(args[2], None::<()>.encode());
	// A returning commitment no set of sales explains is refused.
	let unknown = ChainOffer { returning: commit(7, &Scalar::from(7u64)), ..chain };
	let error = market_trades::close(
		GENESIS,
		&record,
		&unknown,
		&energy_wallet,
		&mut deterministic_rng(57),
	)
	.err()
	.unwrap();
	assert!(error.to_string().contains("matches none of its sales"), "{error}");
}

#[test]
fn the_market_file_keeps_its_secrets_and_refuses_another_chain() {
	let scratch = Scratch::new("market-file");
	let path = scratch.file();
	let mut file = MarketFile::generate(&mut deterministic_rng(58));
	file.create(&path).unwrap();
	assert!(file.create(&path).is_err(), "a market file is never overwritten");
	use std::os::unix::fs::PermissionsExt;
	assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
	let (record, _, _) = offered();
	file.offers.push(record);
	file.check_chain(&GENESIS).unwrap();
	file.save(&path).unwrap();
	let loaded = MarketFile::load(&path).unwrap();
	assert_eq!(loaded.secret().unwrap().public_key(), file.secret().unwrap().public_key());
	assert_eq!(loaded.offers.len(), 1);
	let mut loaded = loaded;
	let error = loaded.check_chain(&[1; 32]).err().unwrap();
	assert!(error.to_string().contains("trades on another chain"), "{error}");
	// A damaged secret or note is refused, whole.
	let text = std::fs::read_to_string(&path).unwrap();
	let close_note = file.offers[0].close_note.clone();
	std::fs::write(&path, text.replace(&close_note, "0x00")).unwrap();
	let error = MarketFile::load(&path).err().unwrap();
	assert!(format!("{error:#}").contains("closing note does not decode"), "{error:#}");
}

#[test]
fn records_a_crash_left_without_identifiers_are_found_or_closed() {
	let mut file = MarketFile::generate(&mut deterministic_rng(59));
	let (landed, chain, _) = offered();
	let mut lost = landed.clone();
	lost.key_seed = market_file::new_seed(&mut deterministic_rng(60));
	let mut later = lost.clone();
	later.slot = 12;
	for record in [&landed, &lost, &later] {
		file.offers.push(OfferRecord { offer: None, ..record.clone() });
	}
	let purchase = |seed: u64, slot: u64| crate::market_file::PurchaseRecord {
		agreement: None,
		offer: 3,
		slot,
		key_seed: market_file::new_seed(&mut deterministic_rng(seed)),
		energy: 1,
		energy_blinding: market_file::to_hex32(&[0; 32]),
		payment: 1,
		payment_blinding: market_file::to_hex32(&[0; 32]),
		pay_note: landed.close_note.clone(),
		settled: false,
	};
	file.purchases = vec![purchase(61, 9), purchase(62, 9), purchase(63, 12)];
	let bought = ChainAgreement {
		slot: 9,
		offer: 3,
		buyer_key: one_time_key(&file.purchases[0].key_seed).unwrap().public_key().0,
		energy: chain.locked,
		payment: chain.locked,
	};
	market_trades::resolve_pending(&mut file, &[(3, chain)], &[(7, bought)], 10).unwrap();
	// Found by its one-time key; gone by its slot (nothing was locked); still to come.
	let offers: Vec<_> = file.offers.iter().map(|record| (record.offer, record.closed)).collect();
	assert_eq!(offers, vec![(Some(3), false), (None, true), (None, false)]);
	let purchases: Vec<_> =
		file.purchases.iter().map(|record| (record.agreement, record.settled)).collect();
	assert_eq!(purchases, vec![(Some(7), false), (None, true), (None, false)]);
}
