//! Choosing the notes a payment spends, within what the runtime allows a private transaction.

use crate::{
	asset::Asset,
	money::Amount,
	wallet_file::{NoteIndex, OwnedNote, Wallet},
};
use anyhow::{bail, ensure, Context, Result};
use energy_privacy::FeeSchedule;
use std::collections::BTreeSet;

/// What the runtime allows and asks of a private transaction, from the pallet's constants.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Limits {
	/// The ring size to use: `MaxRingSize`.
	pub ring_size: u32,
	/// The smallest ring the pool accepts: `MinRingSize`.
	pub min_ring_size: u32,
	/// The most notes one transfer spends: `MaxInputs`.
	pub max_inputs: u32,
	/// The most notes one transfer creates: `MaxOutputs`.
	pub max_outputs: u32,
	/// What a transaction's shape costs: `MinFee`, `FeePerInput`, `FeePerOutput` and
	/// `FeePerRingMember`.
	pub fees: FeeSchedule,
	/// The proof-of-work bits of a transaction's stamp: `StampBits`.
	pub stamp_bits: u32,
	/// The pool's asset, which its amounts are written in.
	pub asset: Asset,
}

impl Limits {
	/// The size of the rings of a spend whose decoys are `available` notes (the spent note
	/// among them): `ring_size`, or all of them while there are fewer, as long as that is
	/// `min_ring_size`. `what` names the notes, for the error.
	pub fn ring_among(&self, available: usize, what: &str) -> Result<u32> {
		let ring = self.ring_size.min(u32::try_from(available).unwrap_or(u32::MAX));
		ensure!(
			ring >= self.min_ring_size,
			"the pool holds {available} {what}, fewer than the {} a ring needs to hide a spend \
			 in: wait until more are in the pool",
			self.min_ring_size
		);
		Ok(ring)
	}
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
		limits.asset.format_wide(balance),
		limits.asset.format(amount),
		limits.asset.format(fee)
	);
	let chosen = largest_first(wallet, need);
	ensure!(
		chosen.len() <= limits.max_inputs as usize,
		"paying {} and the fee takes {} notes, but a transfer spends at most {}: first transfer \
		 a smaller amount to yourself to merge notes",
		limits.asset.format(amount),
		chosen.len(),
		limits.max_inputs
	);
	Ok(chosen)
}

/// The fee of a transfer of `amount` into `outputs` notes with rings of `ring`: the fee its
/// shape requires, for the number of notes [`select_notes`] spends on `amount` and that fee.
/// The count depends on the fee and the fee on the count, so this takes the least count whose
/// fee that many notes cover (or the most, whose fee [`select_notes`] then refuses with the
/// reason).
pub fn transfer_fee(
	wallet: &Wallet,
	amount: Amount,
	outputs: u32,
	ring: u32,
	limits: &Limits,
) -> Amount {
	let fee = |inputs: u32| limits.fees.transfer(inputs, outputs, inputs.saturating_mul(ring));
	(1..=limits.max_inputs)
		.map(|inputs| (inputs, fee(inputs)))
		.find(|(inputs, fee)| {
			let need = u128::from(amount) + u128::from(*fee);
			largest_first(wallet, need).len() <= *inputs as usize
		})
		.map_or_else(|| fee(limits.max_inputs), |(_, fee)| fee)
}

/// The wallet's unspent notes, largest first, until they hold `need` (all of them if they
/// hold less).
fn largest_first(wallet: &Wallet, need: u128) -> Vec<&OwnedNote> {
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
	chosen
}

/// The unspent note of `wallet` worth exactly `amount + fee`, which an unshield of `amount` with
/// `fee` spends whole. It must be a note a transfer made: the notes in `public` came from
/// shields, whose amounts are public, and the pool refuses to unshield them (an unshield shows
/// its note's amount, which would name it in its ring).
pub fn unshield_note<'a>(
	wallet: &'a Wallet,
	amount: Amount,
	fee: Amount,
	public: &BTreeSet<NoteIndex>,
	asset: Asset,
) -> Result<&'a OwnedNote> {
	let need = amount
		.checked_add(fee)
		.with_context(|| "the amount and the fee add up to more than a note can hold")?;
	let exact = |note: &&OwnedNote| note.amount == need;
	if let Some(note) = wallet.unspent().filter(exact).find(|note| !public.contains(&note.index)) {
		return Ok(note);
	}
	let make_one =
		format!("`energy-wallet transfer --to <your own address> --amount {}`", asset.number(need));
	if let Some(shielded) = wallet.unspent().find(exact) {
		bail!(
			"note {} holds exactly {} ({} and a fee of {}), but a shield made it, so its amount \
			 is public and an unshield of it would show which note of its ring it spends; \
			 transfer it to yourself first, then unshield the new note: {make_one}",
			shielded.index,
			asset.format(need),
			asset.format(amount),
			asset.format(fee),
		)
	}
	let held: Vec<String> = wallet
		.unspent()
		.map(|note| {
			let origin = if public.contains(&note.index) { " (shielded)" } else { "" };
			format!("{}{origin}", asset.format(note.amount))
		})
		.collect();
	bail!(
		"an unshield spends one note whole, and no unspent note holds exactly {} ({} and a fee \
		 of {}); the wallet's notes hold {}. Make one first: {make_one}",
		asset.format(need),
		asset.format(amount),
		asset.format(fee),
		if held.is_empty() { "nothing".to_string() } else { held.join(", ") },
	)
}
