//! Choosing notes: what a wallet's notes cannot pay is refused, with the reason.

use super::{funded_pool, limits, EUR, GENESIS};
use crate::{
	select::{unshield_note, Limits},
	transactions::{build_transfer, build_unshield},
};
use energy_privacy::builder::deterministic_rng;
use subxt::utils::AccountId32;

#[test]
fn spending_more_than_the_notes_hold_is_refused() {
	let (pool, alice, bob) = funded_pool();
	let transfer = |amount, fee, limits: &Limits| {
		build_transfer(
			&alice,
			&GENESIS,
			&pool.notes,
			&bob.address(),
			amount,
			fee,
			limits,
			&mut deterministic_rng(9),
		)
		.map(|_| ())
		.map_err(|error| format!("{error:#}"))
	};
	let error = transfer(130 * EUR, EUR, &limits()).unwrap_err();
	assert!(
		error.starts_with("the wallet holds 130.00 EUR in unspent notes, less than 130.00 EUR"),
		"{error}"
	);
	let error = transfer(u64::MAX, EUR, &limits()).unwrap_err();
	assert!(error.contains("less than 18446744.073709551615 EUR"), "{error}");
	let error = transfer(EUR, 0, &limits()).unwrap_err();
	assert!(
		error.starts_with("the fee 0.00 EUR is below the chain's least fee 0.01 EUR"),
		"{error}"
	);
	let error = transfer(0, EUR, &limits()).unwrap_err();
	assert!(error.contains("more than zero"), "{error}");
	let one_input = Limits { max_inputs: 1, ..limits() };
	let error = transfer(120 * EUR, EUR, &one_input).unwrap_err();
	assert!(error.contains("takes 2 notes, but a transfer spends at most 1"), "{error}");
}

#[test]
fn an_unshield_needs_a_note_of_exactly_amount_and_fee() {
	let (pool, alice, _) = funded_pool();
	let dest = AccountId32([42; 32]);
	let error = format!(
		"{:#}",
		build_unshield(
			&alice,
			&GENESIS,
			&pool.notes,
			&dest,
			30 * EUR,
			EUR,
			&limits(),
			&mut deterministic_rng(10),
		)
		.err()
		.unwrap()
	);
	assert!(error.contains("no unspent note holds exactly 31.00 EUR"), "{error}");
	assert!(error.contains("the wallet's notes hold 100.00 EUR, 30.00 EUR"), "{error}");
	assert!(
		error.contains("energy-wallet transfer --to <your own address> --amount 31.00"),
		"{error}"
	);
	let error = format!("{:#}", unshield_note(&alice, u64::MAX, 1).err().unwrap());
	assert!(error.contains("more than a note can hold"), "{error}");
	// A spent note is not offered.
	let mut spent = alice;
	spent.mark_spent(&[spent.notes[1].key_image]);
	assert!(unshield_note(&spent, 29 * EUR, EUR).is_err());
}
