//! Native verification times of what the runtime checks per confidential transaction: range
//! proofs over one, two and sixteen outputs, and CLSAG signatures over rings of 11 and 16.
//! `cargo bench -p energy-privacy --bench verify`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use energy_privacy::{
	clsag_sign, clsag_verify, commit, create_note, prove_range, scan_note, verify_range,
	AccountKeys, RingMember, Scalar, TxSecret,
};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use std::time::Duration;

fn range_proofs(c: &mut Criterion) {
	let mut rng = ChaCha20Rng::seed_from_u64(1);
	let mut group = c.benchmark_group("range_proof_verify");
	for outputs in [1usize, 2, 16] {
		let values: Vec<u64> = (0..outputs as u64).map(|i| 1_000 + i).collect();
		let blindings: Vec<Scalar> = (0..outputs).map(|_| Scalar::random(&mut rng)).collect();
		let (proof, commitments) = prove_range(&values, &blindings, &mut rng).unwrap();
		group.bench_with_input(BenchmarkId::from_parameter(outputs), &outputs, |b, _| {
			b.iter(|| verify_range(&proof, &commitments).unwrap())
		});
	}
	group.finish();
}

fn ring_signatures(c: &mut Criterion) {
	let mut rng = ChaCha20Rng::seed_from_u64(2);
	let mut group = c.benchmark_group("clsag_verify");
	for size in [11usize, 16] {
		// A ring of real notes to random households; the signer's own note sits in the middle.
		let signer = size / 2;
		let owner = AccountKeys::random(&mut rng);
		let ring: Vec<RingMember> = (0..size)
			.map(|i| {
				let to = if i == signer { owner.clone() } else { AccountKeys::random(&mut rng) };
				let (note, _) =
					create_note(&to.public_address(), &TxSecret::random(&mut rng), 0, 500).unwrap();
				RingMember { address: note.address, commitment: note.commitment }
			})
			.collect();
		let (mine, _) =
			create_note(&owner.public_address(), &TxSecret::random(&mut rng), 0, 500).unwrap();
		let ring: Vec<RingMember> = ring
			.into_iter()
			.enumerate()
			.map(|(i, member)| {
				if i == signer {
					RingMember { address: mine.address, commitment: mine.commitment }
				} else {
					member
				}
			})
			.collect();
		let owned = scan_note(&owner, &mine, 0).unwrap().unwrap();
		let pseudo_blinding = Scalar::random(&mut rng);
		let pseudo = commit(owned.amount, &pseudo_blinding);
		let z = owned.blinding - pseudo_blinding;
		let message = b"spend one note";
		let (signature, image) =
			clsag_sign(message, &ring, &pseudo, signer, &owned.one_time_secret, &z, &mut rng)
				.unwrap();
		group.bench_with_input(BenchmarkId::from_parameter(size), &size, |b, _| {
			b.iter(|| clsag_verify(message, &ring, &pseudo, &image, &signature).unwrap())
		});
	}
	group.finish();
}

criterion_group! {
	name = benches;
	config = Criterion::default()
		.warm_up_time(Duration::from_secs(1))
		.measurement_time(Duration::from_secs(3))
		.sample_size(30);
	targets = range_proofs, ring_signatures
}
criterion_main!(benches);
