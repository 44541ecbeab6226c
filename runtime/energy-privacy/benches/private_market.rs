//! Native proving and verification times of the private market's proofs, and their sizes:
//! slot-scoped ring signatures over rings of 16 and 64 market keys, the agreement statement, and
//! an audit handle. `cargo bench -p energy-privacy --bench private_market`.

use codec::Encode;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use energy_privacy::{
	commit, market_sign, market_verify, prove_agreement, seal_for_audit, verify_agreement,
	verify_audit, AgreementOpening, AuditorSecret, MarketKey, MarketRole, MarketScope,
	MarketSecret, PriceBounds, Scalar,
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

criterion_group! {
	name = benches;
	config = Criterion::default()
		.warm_up_time(Duration::from_secs(1))
		.measurement_time(Duration::from_secs(3))
		.sample_size(30);
	targets = market_signatures, agreements, audit
}
criterion_main!(benches);
