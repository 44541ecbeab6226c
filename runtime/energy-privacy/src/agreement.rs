//! The range statement of a private agreement. What a seller and a buyer agreed, `e` Wh for a
//! payment of `m`, stays in the commitments `E = e·H + r_e·G` and `M = m·H + r_m·G`, and the
//! offer's unsold energy in `R`. One aggregated Bulletproof shows, each in `[0, 2^64)`:
//! - `e - 1`: some energy is traded (the statement commitment `E - H`);
//! - `import·e - m`: the price is at most the slot's grid import price (`import·E - M`);
//! - `m - feed_in·e`: and at least its feed-in price (`M - feed_in·E`);
//! - `remaining - e`: the offer still holds the energy sold (`R - E`).
//!
//! The grid prices are public, so every statement commitment is linear in `E`, `M` and `R`: the
//! verifier computes them itself and needs no proof beyond the range proof, and the offer's
//! remaining energy after the agreement is the commitment `R - E`.
//!
//! Energy and money amounts share the value generator `H`. Tagging each asset with a generator
//! of its own would make `import·E - M` a commitment to no single value, and the relation would
//! need a proof of equal amounts across generators besides; keeping energy notes and money notes
//! apart by where the chain stores them tells the assets apart instead (see the leakage table).

use crate::{
	pedersen::{prove_range, value_generator, verify_range},
	types::{Commitment, RangeProofBytes},
	Error,
};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use curve25519_dalek::scalar::Scalar;
use rand_core::{CryptoRng, RngCore};
use scale_info::TypeInfo;

/// A slot's public grid prices, in money units per Wh: the bounds of every private price.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct PriceBounds {
	/// The grid import price: the most a buyer pays per Wh.
	pub import_price: u64,
	/// The grid feed-in price: the least a seller takes per Wh.
	pub feed_in_price: u64,
}

impl PriceBounds {
	/// The bounds on a payment per Wh, in the money pool's unit, of the grid's prices per kWh
	/// (in the money token's smallest unit): import divided by 1 000 rounded down, feed-in
	/// rounded up, so rounding never lets a price out of the grid's bounds. `None` if the
	/// import price per Wh does not fit a private amount.
	pub fn per_wh(import_per_kwh: u128, feed_in_per_kwh: u128) -> Option<Self> {
		let import_price = u64::try_from(import_per_kwh / 1_000).ok()?;
		let feed_in_price = u64::try_from(feed_in_per_kwh.div_ceil(1_000)).ok()?;
		Some(PriceBounds { import_price, feed_in_price })
	}
}

/// The two commitments an agreement publishes.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct AgreementCommitments {
	/// `E`: the energy sold, in Wh.
	pub energy: Commitment,
	/// `M`: the payment.
	pub payment: Commitment,
}

/// What the prover (the seller, who alone knows its offer's remaining energy) opens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgreementOpening {
	/// `e`, Wh.
	pub energy: u64,
	/// `r_e`.
	pub energy_blinding: Scalar,
	/// `m`.
	pub payment: u64,
	/// `r_m` (the buyer and seller agree on it off-chain; the buyer's locked payment uses it).
	pub payment_blinding: Scalar,
	/// The offer's unsold energy before this agreement.
	pub remaining: u64,
	/// The blinding of the offer's remaining commitment `R`.
	pub remaining_blinding: Scalar,
}

/// The four statement commitments, in the order of the module's list.
fn statement(
	prices: &PriceBounds,
	remaining: &Commitment,
	agreed: &AgreementCommitments,
) -> Result<Vec<Commitment>, Error> {
	let energy = agreed.energy.point()?;
	let payment = agreed.payment.point()?;
	let remaining = remaining.point()?;
	Ok(alloc::vec![
		Commitment::from_point(&(energy - value_generator())),
		Commitment::from_point(&(Scalar::from(prices.import_price) * energy - payment)),
		Commitment::from_point(&(payment - Scalar::from(prices.feed_in_price) * energy)),
		Commitment::from_point(&(remaining - energy)),
	])
}

/// `value` as a statement value: in `[0, 2^64)` or [`Error::TermsOutOfRange`].
fn in_range(value: i128) -> Result<u64, Error> {
	u64::try_from(value).map_err(|_| Error::TermsOutOfRange)
}

/// Proves that `opening` is an agreement within `prices` against an offer whose remaining energy
/// it opens; returns the proof and the agreement's commitments. Terms outside the bounds (no
/// energy, a price above import or below feed-in, more than remains) are
/// [`Error::TermsOutOfRange`]: no proof of them exists.
pub fn prove_agreement<R: RngCore + CryptoRng>(
	prices: &PriceBounds,
	opening: &AgreementOpening,
	rng: &mut R,
) -> Result<(RangeProofBytes, AgreementCommitments), Error> {
	let (e, m, rest) =
		(i128::from(opening.energy), i128::from(opening.payment), i128::from(opening.remaining));
	let (import, feed_in) = (i128::from(prices.import_price), i128::from(prices.feed_in_price));
	// A product of two 64-bit amounts may pass i128: it is out of range then anyway.
	let product = |price: i128| price.checked_mul(e).ok_or(Error::TermsOutOfRange);
	let values = [
		in_range(e - 1)?,
		in_range(product(import)? - m)?,
		in_range(m - product(feed_in)?)?,
		in_range(rest - e)?,
	];
	let (r_e, r_m, r_rest) =
		(opening.energy_blinding, opening.payment_blinding, opening.remaining_blinding);
	let blindings = [
		r_e,
		Scalar::from(prices.import_price) * r_e - r_m,
		r_m - Scalar::from(prices.feed_in_price) * r_e,
		r_rest - r_e,
	];
	let (proof, _) = prove_range(&values, &blindings, rng)?;
	let agreed = AgreementCommitments {
		energy: crate::commit(opening.energy, &r_e),
		payment: crate::commit(opening.payment, &r_m),
	};
	Ok((proof, agreed))
}

/// Checks that `proof` shows `agreed` to be an agreement within `prices` against an offer whose
/// remaining energy is committed in `remaining`.
pub fn verify_agreement(
	prices: &PriceBounds,
	remaining: &Commitment,
	agreed: &AgreementCommitments,
	proof: &RangeProofBytes,
) -> Result<(), Error> {
	verify_range(proof, &statement(prices, remaining, agreed)?)
}

/// The offer's remaining energy after an agreement for `energy`: `R - E`.
pub fn remaining_after(remaining: &Commitment, energy: &Commitment) -> Result<Commitment, Error> {
	Ok(Commitment::from_point(&(remaining.point()? - energy.point()?)))
}
