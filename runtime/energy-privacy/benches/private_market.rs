//! Native proving and verification times of the private market's proofs, and their sizes:
//! slot-scoped ring signatures over rings of 16 and 64 market keys, the agreement statement, an
//! audit handle, and whole private offers and purchases (ring of 16 keys, one note locked with a
//! ring of 16 notes) as an agent builds them and as the chain verifies them.
//! `cargo bench -p energy-privacy --bench private_market`.

use codec::Encode;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use energy_privacy::{
	builder::{scan_notes, Spendable},
	check_balance, clsag_verify, commit, create_note, lock_message,
	market_builder::{build_offer, build_purchase, Agreed, Seat, Spending},
	market_sign, market_verify, offer_message, prove_agreement, purchase_message, seal_for_audit,
	verify_agreement, verify_audit, verify_range, AccountKeys, AgreementOpening, AuditHandle,
	AuditorKey, AuditorSecret, Commitment, MarketKey, MarketRole, MarketScope, MarketSecret, Note,
	PriceBounds, RangeProofBytes, Scalar, TransferInput, TxSecret,
};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use std::time::Duration;

const PRICES: PriceBounds = PriceBounds { import_price: 300_000, feed_in_price: 80_000 };

fn market_signatures(c: &mut Criterion) {
	let mut rng = ChaCha20Rng::seed_from_u64(1);
	let scope = MarketScope { genesis: [7; 32], slot: 481_516, role: MarketRole::Offer };
	let mut sign = c.benchmark_group("market_sign");
	let mut signed = Vec::new();
	for size in [16usize, 64] {
		let secrets: Vec<MarketSecret> =
			(0..size).map(|_| MarketSecret::random(&mut rng)).collect();
		let ring: Vec<MarketKey> = secrets.iter().map(MarketSecret::public_key).collect();
		let signer = size / 2;
		sign.bench_with_input(BenchmarkId::from_parameter(size), &size, |b, _| {
			b.iter(|| market_sign(b"offer", &scope, &ring, signer, &secrets[signer], &mut rng))
		});
		let (signature, image) =
			market_sign(b"offer", &scope, &ring, signer, &secrets[signer], &mut rng).unwrap();
		println!("market signature over {size} keys: {} bytes", signature.encoded_size());
		signed.push((size, ring, image, signature));
	}
	sign.finish();
	let mut verify = c.benchmark_group("market_verify");
	for (size, ring, image, signature) in &signed {
		verify.bench_with_input(BenchmarkId::from_parameter(size), size, |b, _| {
			b.iter(|| market_verify(b"offer", &scope, ring, image, signature).unwrap())
		});
	}
	verify.finish();
}

fn agreements(c: &mut Criterion) {
	let mut rng = ChaCha20Rng::seed_from_u64(2);
	let opening = AgreementOpening {
		energy: 1_500,
		energy_blinding: Scalar::random(&mut rng),
		payment: 1_500 * 200_000,
		payment_blinding: Scalar::random(&mut rng),
		remaining: 4_000,
		remaining_blinding: Scalar::random(&mut rng),
	};
	let remaining = commit(opening.remaining, &opening.remaining_blinding);
	let (proof, agreed) = prove_agreement(&PRICES, &opening, &mut rng).unwrap();
	println!("agreement proof: {} bytes, commitments {} bytes", proof.len(), agreed.encoded_size());
	c.bench_function("agreement_prove", |b| {
		b.iter(|| prove_agreement(&PRICES, &opening, &mut rng).unwrap())
	});
	c.bench_function("agreement_verify", |b| {
		b.iter(|| verify_agreement(&PRICES, &remaining, &agreed, &proof).unwrap())
	});
}

fn audit(c: &mut Criterion) {
	let mut rng = ChaCha20Rng::seed_from_u64(3);
	let auditor = AuditorSecret::random(&mut rng);
	let key = auditor.public_key();
	let blinding = Scalar::random(&mut rng);
	let commitment = commit(1_500, &blinding);
	let handle = seal_for_audit(&key, 1_500, &blinding, &mut rng).unwrap();
	println!("audit handle: {} bytes", handle.encoded_size());
	c.bench_function("audit_seal", |b| {
		b.iter(|| seal_for_audit(&key, 1_500, &blinding, &mut rng).unwrap())
	});
	c.bench_function("audit_verify", |b| {
		b.iter(|| verify_audit(&key, &commitment, &handle).unwrap())
	});
	c.bench_function("audit_open", |b| b.iter(|| auditor.open(&commitment, &handle).unwrap()));
}

/// A pool of 16 strangers' notes and one of `amount` for `owner`.
fn pool(
	owner: &AccountKeys,
	amount: u64,
	rng: &mut ChaCha20Rng,
) -> (Vec<Spendable>, Vec<(u64, Note)>) {
	let mut notes: Vec<(u64, Note)> = (0..16)
		.map(|index| {
			let stranger = AccountKeys::random(rng).public_address();
			(index, create_note(&stranger, &TxSecret::random(rng), 0, 1_000).unwrap().0)
		})
		.collect();
	let owned = create_note(&owner.public_address(), &TxSecret::random(rng), 0, amount).unwrap().0;
	notes.push((16, owned));
	(scan_notes(owner, &notes), notes)
}

/// What the chain verifies of a lock: its range proof, its balance and each input's CLSAG over
/// the lock's message.
fn verify_lock(
	domain: &[u8],
	binding: &[u8; 64],
	inputs: &[TransferInput],
	locked: &Commitment,
	range_proof: &RangeProofBytes,
	fee: u64,
	notes: &[(u64, Note)],
) {
	verify_range(range_proof, &[*locked]).unwrap();
	let pseudo: Vec<Commitment> = inputs.iter().map(|input| input.pseudo_output).collect();
	check_balance(&pseudo, &[*locked], fee).unwrap();
	let message = lock_message(domain, binding, inputs, locked, range_proof, fee);
	for input in inputs {
		let ring: Vec<_> =
			input.ring.iter().map(|index| notes[*index as usize].1.ring_member()).collect();
		clsag_verify(&message, &ring, &input.pseudo_output, &input.key_image, &input.signature)
			.unwrap();
	}
}

fn whole_calls(c: &mut Criterion) {
	let mut rng = ChaCha20Rng::seed_from_u64(4);
	let secrets: Vec<MarketSecret> = (0..16).map(|_| MarketSecret::random(&mut rng)).collect();
	let keys: Vec<MarketKey> = secrets.iter().map(MarketSecret::public_key).collect();
	let indices: Vec<u32> = (0..16).collect();
	let auditor: AuditorKey = AuditorSecret::random(&mut rng).public_key();
	let (domain, fee, details) = (b"pool".to_vec(), 40u64, b"4 kWh".to_vec());
	let offer_key = [9u8; 32];
	let scope = MarketScope { genesis: [7; 32], slot: 481_516, role: MarketRole::Offer };
	let seller = AccountKeys::random(&mut rng);
	let (spends, notes) = pool(&seller, 4_000 + fee, &mut rng);
	let blinding = Scalar::random(&mut rng);
	let seat = Seat { ring: &indices, keys: &keys, position: 3, secret: &secrets[3] };
	let energy = Spending { domain: &domain, spends: &spends, decoys: &notes, ring_size: 16, fee };
	// Without its stamp, whose cost is the chain's choice (`StampBits`), not the proofs'.
	let build = |rng: &mut ChaCha20Rng| {
		build_offer(&scope, &seat, &offer_key, &energy, &blinding, &auditor, &details, 0, rng)
			.unwrap()
	};
	c.bench_function("offer_build", |b| b.iter(|| build(&mut rng)));
	let offer = build(&mut rng);
	let audit: AuditHandle = offer.audit;
	let message = offer_message(
		&scope,
		&indices,
		&offer_key,
		&offer.inputs,
		&offer.locked,
		&audit,
		&details,
		fee,
	);
	println!(
		"private offer: {} bytes of signatures, proofs and handles",
		offer.signature.encoded_size()
			+ offer.inputs.encoded_size()
			+ offer.range_proof.encoded_size()
			+ audit.encoded_size()
	);
	c.bench_function("offer_verify", |b| {
		b.iter(|| {
			market_verify(&message, &scope, &keys, &offer.key_image, &offer.signature).unwrap();
			verify_audit(&auditor, &offer.locked, &audit).unwrap();
			verify_lock(
				&domain,
				&message,
				&offer.inputs,
				&offer.locked,
				&offer.range_proof,
				fee,
				&notes,
			);
		})
	});

	// A purchase of 1.5 kWh from that offer.
	let buyer = AccountKeys::random(&mut rng);
	let payment = 1_500 * 200_000;
	let (money, money_notes) = pool(&buyer, payment + fee, &mut rng);
	let payment_blinding = Scalar::random(&mut rng);
	let energy_blinding = Scalar::random(&mut rng);
	let opening = AgreementOpening {
		energy: 1_500,
		energy_blinding,
		payment,
		payment_blinding,
		remaining: offer.amount,
		remaining_blinding: blinding,
	};
	let (proof, agreed) = prove_agreement(&PRICES, &opening, &mut rng).unwrap();
	let purchase_scope = MarketScope { role: MarketRole::Purchase, ..scope };
	let (buyer_key, consent) = ([8u8; 32], [6u8; 64]);
	let terms = Agreed {
		offer: 0,
		buyer_key: &buyer_key,
		commitments: &agreed,
		proof: &proof,
		energy: (1_500, energy_blinding),
		payment: (payment, payment_blinding),
		consent: &consent,
	};
	let buyer_seat = Seat { ring: &indices, keys: &keys, position: 5, secret: &secrets[5] };
	let spending =
		Spending { domain: &domain, spends: &money, decoys: &money_notes, ring_size: 16, fee };
	let buy = |rng: &mut ChaCha20Rng| {
		build_purchase(&purchase_scope, &buyer_seat, &terms, &spending, &auditor, 0, rng).unwrap()
	};
	c.bench_function("purchase_build", |b| {
		b.iter(|| {
			prove_agreement(&PRICES, &opening, &mut rng).unwrap();
			buy(&mut rng)
		})
	});
	let purchase = buy(&mut rng);
	let message = purchase_message(
		&purchase_scope,
		0,
		&indices,
		&buyer_key,
		&agreed,
		&proof,
		&purchase.audits,
		&purchase.inputs,
		fee,
		&consent,
	);
	c.bench_function("purchase_verify", |b| {
		b.iter(|| {
			market_verify(
				&message,
				&purchase_scope,
				&keys,
				&purchase.key_image,
				&purchase.signature,
			)
			.unwrap();
			verify_agreement(&PRICES, &offer.locked, &agreed, &proof).unwrap();
			verify_audit(&auditor, &agreed.energy, &purchase.audits[0]).unwrap();
			verify_audit(&auditor, &agreed.payment, &purchase.audits[1]).unwrap();
			verify_lock(
				&domain,
				&message,
				&purchase.inputs,
				&agreed.payment,
				&purchase.range_proof,
				fee,
				&money_notes,
			);
		})
	});
}

criterion_group! {
	name = benches;
	config = Criterion::default()
		.warm_up_time(Duration::from_secs(1))
		.measurement_time(Duration::from_secs(3))
		.sample_size(30);
	targets = market_signatures, agreements, audit, whole_calls
}
criterion_main!(benches);
