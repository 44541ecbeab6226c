//! Building the private transactions that spend the wallet's notes: transfers and unshields.

use crate::{
	money::{format_money, Amount},
	select::{select_notes, unshield_note, Limits},
	wallet_file::{NoteIndex, Wallet},
};
use anyhow::{anyhow, ensure, Context, Result};
use codec::Encode;
use energy_privacy::{
	builder::{self, Payment, Transfer, Unshield},
	Note, PublicAddress,
};
use rand_core::{CryptoRng, RngCore};
use subxt::utils::AccountId32;

/// A private transfer of `amount` to `to` with `fee`, on the chain with `genesis_hash`:
/// spends the notes [`select_notes`] chooses, returns the rest to the wallet's own address, and
/// hides each spent note in a ring drawn from `pool_notes` (the pool's notes). Every transfer
/// has two outputs when the runtime allows it (a change of zero if nothing is left over), so a
/// transfer's shape does not tell whether it had change.
// The builder's own arguments, plus the wallet and the runtime's limits.
#[allow(clippy::too_many_arguments)]
pub fn build_transfer<R: RngCore + CryptoRng>(
	wallet: &Wallet,
	genesis_hash: &[u8],
	pool_notes: &[(NoteIndex, Note)],
	to: &PublicAddress,
	amount: Amount,
	fee: Amount,
	limits: &Limits,
	rng: &mut R,
) -> Result<Transfer> {
	ensure!(amount > 0, "the amount to pay must be more than zero");
	ensure!(
		fee >= limits.min_fee,
		"the fee {} is below the chain's least fee {}",
		format_money(fee),
		format_money(limits.min_fee)
	);
	let chosen = select_notes(wallet, amount, fee, limits)?;
	let spent: u128 = chosen.iter().map(|note| u128::from(note.amount)).sum();
	let change = Amount::try_from(spent - u128::from(amount) - u128::from(fee))
		.context("the change is more than one note can hold: spend fewer notes")?;
	let mut payments = vec![Payment { to: *to, amount }];
	if change > 0 || limits.max_outputs >= 2 {
		payments.push(Payment { to: wallet.address(), amount: change });
	}
	let spends = chosen.iter().map(|note| wallet.spendable(note)).collect::<Result<Vec<_>>>()?;
	builder::build_transfer(
		genesis_hash,
		&spends,
		pool_notes,
		limits.ring_size as usize,
		&payments,
		fee,
		rng,
	)
	.map_err(|error| anyhow!("cannot build the transfer: {error}"))
}

/// An unshield of `amount` to `dest` with `fee`, on the chain with `genesis_hash`, spending the
/// note [`unshield_note`] finds, hidden in a ring drawn from `pool_notes`.
#[allow(clippy::too_many_arguments)]
pub fn build_unshield<R: RngCore + CryptoRng>(
	wallet: &Wallet,
	genesis_hash: &[u8],
	pool_notes: &[(NoteIndex, Note)],
	dest: &AccountId32,
	amount: Amount,
	fee: Amount,
	limits: &Limits,
	rng: &mut R,
) -> Result<Unshield> {
	ensure!(amount > 0, "the amount to unshield must be more than zero");
	ensure!(
		fee >= limits.min_fee,
		"the fee {} is below the chain's least fee {}",
		format_money(fee),
		format_money(limits.min_fee)
	);
	let note = unshield_note(wallet, amount, fee)?;
	let spend = wallet.spendable(note)?;
	builder::build_unshield(
		genesis_hash,
		&spend,
		pool_notes,
		limits.ring_size as usize,
		fee,
		&dest.0.encode(),
		rng,
	)
	.map_err(|error| anyhow!("cannot build the unshield: {error}"))
}
