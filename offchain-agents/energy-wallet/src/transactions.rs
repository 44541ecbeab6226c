//! Building the private transactions that spend the wallet's notes: transfers and unshields.
//! Each pays the fee its shape requires (unless the user pays more) and carries the
//! proof-of-work stamp the chain asks for.

use crate::{
	money::Amount,
	select::{select_notes, transfer_fee, unshield_note, Limits},
	wallet_file::{NoteIndex, Wallet},
};
use anyhow::{anyhow, ensure, Context, Result};
use codec::Encode;
use energy_privacy::{
	builder::{self, Payment, Transfer, Unshield},
	Note, PublicAddress,
};
use rand_core::{CryptoRng, RngCore};
use std::collections::BTreeSet;
use subxt::utils::AccountId32;

/// A private transfer of `amount` to `to`, as `notes` notes of equal value (the last takes
/// what does not divide), in the pool whose spends sign `domain` (the chain and the pool, [`crate::pool::Pool::spend_domain`]): spends the notes [`select_notes`]
/// chooses, returns the rest to the wallet's own address, and hides each spent note in a ring
/// drawn from `pool_notes` (the pool's notes). Every transfer has a change output (of zero if
/// nothing is left over), so a transfer's shape does not tell whether it had change. The fee is
/// `fee`, or else what the transfer's shape requires.
// The builder's own arguments, plus the wallet and the runtime's limits.
#[allow(clippy::too_many_arguments)]
pub fn build_transfer<R: RngCore + CryptoRng>(
	wallet: &Wallet,
	domain: &[u8],
	pool_notes: &[(NoteIndex, Note)],
	to: &PublicAddress,
	amount: Amount,
	notes: u32,
	fee: Option<Amount>,
	limits: &Limits,
	rng: &mut R,
) -> Result<Transfer> {
	ensure!(amount > 0, "the amount to pay must be more than zero");
	ensure!(notes >= 1, "a payment is at least one note");
	ensure!(
		notes < limits.max_outputs,
		"a transfer makes at most {} notes, one of them the change: pay in at most {} notes",
		limits.max_outputs,
		limits.max_outputs.saturating_sub(1)
	);
	ensure!(
		amount >= Amount::from(notes),
		"{} cannot be split into {notes} notes",
		limits.asset.format(amount)
	);
	let ring = limits.ring_among(pool_notes.len(), "notes")?;
	let outputs = notes + 1;
	let fee = fee.unwrap_or_else(|| transfer_fee(wallet, amount, outputs, ring, limits));
	let chosen = select_notes(wallet, amount, fee, limits)?;
	let inputs = chosen.len() as u32;
	let required = limits.fees.transfer(inputs, outputs, inputs * ring);
	ensure!(
		fee >= required,
		"the fee {} is below the {} the chain asks of this transfer: {inputs} in, {outputs} out, \
		 rings of {ring}",
		limits.asset.format(fee),
		limits.asset.format(required)
	);
	let spent: u128 = chosen.iter().map(|note| u128::from(note.amount)).sum();
	let change = Amount::try_from(spent - u128::from(amount) - u128::from(fee))
		.context("the change is more than one note can hold: spend fewer notes")?;
	let share = amount / Amount::from(notes);
	let mut payments: Vec<Payment> =
		(1..notes).map(|_| Payment { to: *to, amount: share }).collect();
	payments.push(Payment { to: *to, amount: amount - share * Amount::from(notes - 1) });
	payments.push(Payment { to: wallet.address(), amount: change });
	let spends = chosen.iter().map(|note| wallet.spendable(note)).collect::<Result<Vec<_>>>()?;
	builder::build_transfer(
		domain,
		&spends,
		pool_notes,
		ring as usize,
		&payments,
		fee,
		limits.stamp_bits,
		rng,
	)
	.map_err(|error| anyhow!("cannot build the transfer: {error}"))
}

/// An unshield of `amount` to `dest` in the pool whose spends sign `domain` (the chain and the pool, [`crate::pool::Pool::spend_domain`]), spending the note
/// [`unshield_note`] finds, hidden in a ring drawn from the notes of `pool_notes` that are not
/// in `public` (the notes shields made, whose amounts are public: the pool refuses them in an
/// unshield's ring). The fee is `fee`, or else what the ring requires.
#[allow(clippy::too_many_arguments)]
pub fn build_unshield<R: RngCore + CryptoRng>(
	wallet: &Wallet,
	domain: &[u8],
	pool_notes: &[(NoteIndex, Note)],
	public: &BTreeSet<NoteIndex>,
	dest: &AccountId32,
	amount: Amount,
	fee: Option<Amount>,
	limits: &Limits,
	rng: &mut R,
) -> Result<Unshield> {
	ensure!(amount > 0, "the amount to unshield must be more than zero");
	let hidden: Vec<(NoteIndex, Note)> =
		pool_notes.iter().filter(|(index, _)| !public.contains(index)).copied().collect();
	let ring = limits.ring_among(
		hidden.len(),
		"notes made by transfers (shields' notes cannot hide an unshield: their amounts are public)",
	)?;
	let required = limits.fees.unshield(ring);
	let fee = fee.unwrap_or(required);
	ensure!(
		fee >= required,
		"the fee {} is below the {} the chain asks of an unshield with a ring of {ring}",
		limits.asset.format(fee),
		limits.asset.format(required)
	);
	let note = unshield_note(wallet, amount, fee, public, limits.asset)?;
	let spend = wallet.spendable(note)?;
	builder::build_unshield(
		domain,
		&spend,
		&hidden,
		ring as usize,
		fee,
		&dest.0.encode(),
		limits.stamp_bits,
		rng,
	)
	.map_err(|error| anyhow!("cannot build the unshield: {error}"))
}
