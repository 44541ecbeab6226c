//! Choosing the notes a payment spends, within what the runtime allows a private transaction.

use crate::{
	money::{format_money, format_money_wide, Amount},
	wallet_file::{OwnedNote, Wallet},
};
use anyhow::{bail, ensure, Context, Result};
use energy_primitives::TOKEN_SYMBOL;

/// What the runtime allows a private transaction, from the pallet's constants.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Limits {
	/// The ring size to use: `MaxRingSize`.
	pub ring_size: u32,
	/// The most notes one transfer spends: `MaxInputs`.
	pub max_inputs: u32,
	/// The most notes one transfer creates: `MaxOutputs`.
	pub max_outputs: u32,
	/// The least fee: `MinFee`.
	pub min_fee: Amount,
}

/// The unspent notes of `wallet` that pay `amount + fee` with the fewest notes (the largest
/// first), at most `limits.max_inputs` of them.
pub fn select_notes<'a>(
	wallet: &'a Wallet,
	amount: Amount,
	fee: Amount,
	limits: &Limits,
) -> Result<Vec<&'a OwnedNote>> {
	let need = u128::from(amount) + u128::from(fee);
	let balance = wallet.balance();
	ensure!(
		balance >= need,
		"the wallet holds {} in unspent notes, less than {} and a fee of {} (run `scan` if it \
		 should hold more)",
		format_money_wide(balance),
		format_money(amount),
		format_money(fee)
	);
	let mut notes: Vec<&OwnedNote> = wallet.unspent().filter(|note| note.amount > 0).collect();
	notes.sort_by(|a, b| b.amount.cmp(&a.amount).then(a.index.cmp(&b.index)));
	let mut chosen = Vec::new();
	let mut sum = 0u128;
	for note in notes {
		if sum >= need {
			break;
		}
		sum += u128::from(note.amount);
		chosen.push(note);
	}
	ensure!(
		chosen.len() <= limits.max_inputs as usize,
		"paying {} and the fee takes {} notes, but a transfer spends at most {}: first transfer \
		 a smaller amount to yourself to merge notes",
		format_money(amount),
		chosen.len(),
		limits.max_inputs
	);
	Ok(chosen)
}

/// The unspent note of `wallet` worth exactly `amount + fee`, which an unshield of `amount` with
/// `fee` spends whole.
pub fn unshield_note(wallet: &Wallet, amount: Amount, fee: Amount) -> Result<&OwnedNote> {
	let need = amount
		.checked_add(fee)
		.with_context(|| "the amount and the fee add up to more than a note can hold")?;
	if let Some(note) = wallet.unspent().find(|note| note.amount == need) {
		return Ok(note);
	}
	let held: Vec<String> = wallet.unspent().map(|note| format_money(note.amount)).collect();
	bail!(
		"an unshield spends one note whole, and no unspent note holds exactly {} ({} and a fee \
		 of {}); the wallet's notes hold {}. Make one first: `energy-wallet transfer --to \
		 <your own address> --amount {}`",
		format_money(need),
		format_money(amount),
		format_money(fee),
		if held.is_empty() { "nothing".to_string() } else { held.join(", ") },
		format_money(need).trim_end_matches(TOKEN_SYMBOL).trim_end()
	)
}
