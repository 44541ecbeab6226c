//! The agreement statement: honest terms prove and verify up to every bound; terms past a bound
//! have no proof, and a proof holds for its own commitments, prices and offer only.

use super::{rng, NOT_A_POINT};
use crate::{
	commit, prove_agreement, prove_range, remaining_after, verify_agreement, AgreementCommitments,
	AgreementOpening, Commitment, Error, PriceBounds, RangeProofBytes, Scalar,
};
use proptest::prelude::*;

/// Grid prices in money units per Wh: 0.30 and 0.08 per kWh with 9 decimals.
const PRICES: PriceBounds = PriceBounds { import_price: 300_000, feed_in_price: 80_000 };

/// An offer of `remaining` Wh and an agreement for `energy` Wh at `price` per Wh.
fn opening(seed: u64, remaining: u64, energy: u64, payment: u64) -> AgreementOpening {
	let mut rng = rng(seed);
	AgreementOpening {
		energy,
		energy_blinding: Scalar::random(&mut rng),
		payment,
		payment_blinding: Scalar::random(&mut rng),
		remaining,
		remaining_blinding: Scalar::random(&mut rng),
	}
}

/// The offer's remaining commitment the chain holds for `opening`.
fn offer(opening: &AgreementOpening) -> Commitment {
	commit(opening.remaining, &opening.remaining_blinding)
}

fn prove(opening: &AgreementOpening) -> Result<(RangeProofBytes, AgreementCommitments), Error> {
	prove_agreement(&PRICES, opening, &mut rng(99))
}

#[test]
fn honest_agreements_verify_up_to_every_bound() {
	for (remaining, energy, payment) in [
		// 1.5 kWh of a 4 kWh offer at 0.20 per kWh.
		(4_000, 1_500, 1_500 * 200_000),
		// The whole offer, at the import price.
		(4_000, 4_000, 4_000 * PRICES.import_price),
		// One Wh at the feed-in price.
		(1, 1, PRICES.feed_in_price),
	] {
		let opening = opening(remaining ^ energy, remaining, energy, payment);
		let (proof, agreed) = prove(&opening).unwrap();
		assert_eq!(agreed.energy, commit(energy, &opening.energy_blinding));
		assert_eq!(agreed.payment, commit(payment, &opening.payment_blinding));
		assert_eq!(verify_agreement(&PRICES, &offer(&opening), &agreed, &proof), Ok(()));
	}
}

#[test]
fn terms_past_a_bound_have_no_proof() {
	for (remaining, energy, payment, what) in [
		(4_000, 0, 0, "no energy"),
		(4_000, 1_000, 1_000 * PRICES.import_price + 1, "a price above the import price"),
		(4_000, 1_000, 1_000 * PRICES.feed_in_price - 1, "a price below the feed-in price"),
		(4_000, 4_001, 4_001 * PRICES.feed_in_price, "more than the offer holds"),
		(u64::MAX, u64::MAX, u64::MAX, "a payment past 64 bits"),
	] {
		assert_eq!(
			prove(&opening(1, remaining, energy, payment)).map(|_| ()),
			Err(Error::TermsOutOfRange),
			"{what}"
		);
	}
}

/// A seller and buyer who want a price above the import price cannot get one past the verifier
/// by proving the wrapped 64-bit difference: the verifier's statement commitment is to `-1`.
#[test]
fn a_price_above_import_cannot_be_proven_by_wrapping_the_difference() {
	let mut rng = rng(2);
	let opening = opening(3, 4_000, 1_000, 1_000 * PRICES.import_price + 1);
	let (r_e, r_m, r_rest) =
		(opening.energy_blinding, opening.payment_blinding, opening.remaining_blinding);
	let import = Scalar::from(PRICES.import_price);
	let feed_in = Scalar::from(PRICES.feed_in_price);
	let values = [
		opening.energy - 1,
		(PRICES.import_price * opening.energy).wrapping_sub(opening.payment),
		opening.payment - PRICES.feed_in_price * opening.energy,
		opening.remaining - opening.energy,
	];
	let blindings = [r_e, import * r_e - r_m, r_m - feed_in * r_e, r_rest - r_e];
	let (proof, _) = prove_range(&values, &blindings, &mut rng).unwrap();
	let agreed = AgreementCommitments {
		energy: commit(opening.energy, &r_e),
		payment: commit(opening.payment, &r_m),
	};
	assert_eq!(
		verify_agreement(&PRICES, &offer(&opening), &agreed, &proof),
		Err(Error::RangeProofInvalid)
	);
}

#[test]
fn a_proof_holds_for_its_own_commitments_prices_and_offer() {
	let opening = opening(4, 4_000, 1_500, 1_500 * 200_000);
	let (proof, agreed) = prove(&opening).unwrap();
	let remaining = offer(&opening);
	let other = |value| commit(value, &Scalar::from(5u64));

	let paid_less = AgreementCommitments { payment: other(1), ..agreed };
	assert_eq!(
		verify_agreement(&PRICES, &remaining, &paid_less, &proof),
		Err(Error::RangeProofInvalid)
	);
	let sold_more = AgreementCommitments { energy: other(3_000), ..agreed };
	assert_eq!(
		verify_agreement(&PRICES, &remaining, &sold_more, &proof),
		Err(Error::RangeProofInvalid)
	);
	assert_eq!(
		verify_agreement(&PRICES, &other(4_000), &agreed, &proof),
		Err(Error::RangeProofInvalid)
	);
	for prices in [
		PriceBounds { import_price: 199_999, ..PRICES },
		PriceBounds { feed_in_price: 200_001, ..PRICES },
	] {
		assert_eq!(
			verify_agreement(&prices, &remaining, &agreed, &proof),
			Err(Error::RangeProofInvalid),
			"{prices:?}"
		);
	}
	let not_a_point = AgreementCommitments { energy: Commitment(NOT_A_POINT), ..agreed };
	assert_eq!(
		verify_agreement(&PRICES, &remaining, &not_a_point, &proof),
		Err(Error::InvalidPoint)
	);
	let short = RangeProofBytes::truncate_from(proof[..proof.len() - 32].to_vec());
	assert_eq!(verify_agreement(&PRICES, &remaining, &agreed, &short), Err(Error::MalformedProof));
}

/// An offer sold in parts: each agreement leaves `R - E`, the next is proven against that, and
/// once the offer is sold out nothing more can be.
#[test]
fn agreements_draw_an_offer_down_to_nothing_and_no_further() {
	let mut rng = rng(6);
	let mut remaining = 4_000u64;
	let mut remaining_blinding = Scalar::random(&mut rng);
	let mut on_chain = commit(remaining, &remaining_blinding);
	for energy in [1_000u64, 2_500, 500] {
		let opening = AgreementOpening {
			energy,
			energy_blinding: Scalar::random(&mut rng),
			payment: energy * 150_000,
			payment_blinding: Scalar::random(&mut rng),
			remaining,
			remaining_blinding,
		};
		let (proof, agreed) = prove_agreement(&PRICES, &opening, &mut rng).unwrap();
		assert_eq!(verify_agreement(&PRICES, &on_chain, &agreed, &proof), Ok(()));
		let after = remaining_after(&on_chain, &agreed.energy).unwrap();
		// A proof against the offer as it was does not verify against what it is now.
		assert_eq!(
			verify_agreement(&PRICES, &after, &agreed, &proof),
			Err(Error::RangeProofInvalid)
		);
		remaining -= energy;
		remaining_blinding -= opening.energy_blinding;
		on_chain = after;
		assert_eq!(on_chain, commit(remaining, &remaining_blinding));
	}
	let opening = AgreementOpening {
		energy: 1,
		energy_blinding: Scalar::random(&mut rng),
		payment: PRICES.import_price,
		payment_blinding: Scalar::random(&mut rng),
		remaining,
		remaining_blinding,
	};
	assert_eq!(
		prove_agreement(&PRICES, &opening, &mut rng).map(|_| ()),
		Err(Error::TermsOutOfRange)
	);
	assert_eq!(remaining_after(&Commitment(NOT_A_POINT), &on_chain), Err(Error::InvalidPoint));
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(24))]

	/// Any terms within the bounds prove and verify; any past them are refused by the prover.
	#[test]
	fn agreements_prove_exactly_within_their_bounds(
		remaining in 1..=1_000_000u64,
		energy in 0..=1_100_000u64,
		price in 0..=400_000u64,
		seed: u64,
	) {
		let opening = opening(seed, remaining, energy, energy * price);
		let within = energy >= 1
			&& energy <= remaining
			&& (PRICES.feed_in_price..=PRICES.import_price).contains(&price);
		match prove(&opening) {
			Ok((proof, agreed)) => {
				prop_assert!(within);
				prop_assert_eq!(verify_agreement(&PRICES, &offer(&opening), &agreed, &proof), Ok(()));
			}
			Err(error) => {
				prop_assert!(!within);
				prop_assert_eq!(error, Error::TermsOutOfRange);
			}
		}
	}

	#[test]
	fn any_byte_mutation_of_an_agreement_proof_is_refused(
		index in 0..(32 * (9 + 2 * 8)) as usize,
		flip in 1..=255u8,
		seed: u64,
	) {
		let opening = opening(seed, 4_000, 1_500, 1_500 * 200_000);
		let (proof, agreed) = prove(&opening).unwrap();
		let mut bytes = proof.to_vec();
		bytes[index] ^= flip;
		let proof = RangeProofBytes::truncate_from(bytes);
		prop_assert!(verify_agreement(&PRICES, &offer(&opening), &agreed, &proof).is_err());
	}
}
