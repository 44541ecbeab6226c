//! Choosing notes and fees: what a wallet's notes cannot pay is refused, with the reason.

use super::{funded_pool, limits, unshield_pool, EUR, GENESIS, PAY_FEE, UNSHIELD_FEE};
use crate::{
	asset::Asset,
	select::{unshield_note, Limits},
	transactions::{build_transfer, build_unshield},
};
use energy_privacy::builder::deterministic_rng;
use std::collections::BTreeSet;
use subxt::utils::AccountId32;

#[test]
fn spending_more_than_the_notes_hold_is_refused() {
	let (pool, alice, bob) = funded_pool();
	let transfer = |amount, notes, fee, limits: &Limits| {
		build_transfer(
			&alice,
			&GENESIS,
			&pool.notes,
			&bob.address(),
			amount,
			notes,
			fee,
			limits,
			&mut deterministic_rng(9),
		)
		.map_err(|error| format!("{error:#}"))
	};
	let error = transfer(130 * EUR, 1, Some(EUR), &limits()).unwrap_err();
	assert!(
		error.starts_with("the wallet holds 130.00 EUR in unspent notes, less than 130.00 EUR"),
		"{error}"
	);
	let error = transfer(u64::MAX, 1, None, &limits()).unwrap_err();
	assert!(error.contains("less than 18446744.073709551615 EUR"), "{error}");
	let error = transfer(EUR, 1, Some(PAY_FEE - 1), &limits()).unwrap_err();
	assert!(
		error.starts_with(
			"the fee 0.054199999999 EUR is below the 0.0542 EUR the chain asks of this transfer: \
			 1 in, 2 out, rings of 11"
		),
		"{error}"
	);
	let error = transfer(0, 1, None, &limits()).unwrap_err();
	assert!(error.contains("more than zero"), "{error}");
	let one_input = Limits { max_inputs: 1, ..limits() };
	let error = transfer(120 * EUR, 1, None, &one_input).unwrap_err();
	assert!(error.contains("takes 2 notes, but a transfer spends at most 1"), "{error}");
	let error = transfer(10 * EUR, 16, None, &limits()).unwrap_err();
	assert!(error.contains("one of them the change: pay in at most 15 notes"), "{error}");
}

#[test]
fn the_fee_is_what_the_shape_of_the_transfer_requires() {
	let (pool, alice, bob) = funded_pool();
	let fees = limits().fees;
	let transfer = |amount, notes| {
		build_transfer(
			&alice,
			&GENESIS,
			&pool.notes,
			&bob.address(),
			amount,
			notes,
			None,
			&limits(),
			&mut deterministic_rng(10),
		)
		.unwrap()
	};
	// One note and the change, rings of 11.
	let one = transfer(10 * EUR, 1);
	assert_eq!((one.inputs.len(), one.outputs.len(), one.fee), (1, 2, PAY_FEE));
	// Two notes spent: two rings, two inputs.
	let two = transfer(120 * EUR, 1);
	assert_eq!((two.inputs.len(), two.fee), (2, fees.transfer(2, 2, 22)));
	// Paid as five notes: six outputs.
	let split = transfer(10 * EUR, 5);
	assert_eq!((split.outputs.len(), split.fee), (6, fees.transfer(1, 6, 11)));
	// 100 EUR less its own fee fits one note; 100 EUR does not.
	let whole = transfer(100 * EUR - PAY_FEE, 1);
	assert_eq!((whole.inputs.len(), whole.fee), (1, PAY_FEE));
	let more = transfer(100 * EUR - PAY_FEE + 1, 1);
	assert_eq!((more.inputs.len(), more.fee), (2, fees.transfer(2, 2, 22)));
}

#[test]
fn an_unshield_needs_a_hidden_note_of_exactly_amount_and_fee() {
	let (pool, alice) = unshield_pool();
	let dest = AccountId32([42; 32]);
	let unshield = |amount| {
		build_unshield(
			&alice,
			&GENESIS,
			&pool.notes,
			&pool.public,
			&dest,
			amount,
			None,
			&limits(),
			&mut deterministic_rng(10),
		)
		.map(|_| ())
		.map_err(|error| format!("{error:#}"))
	};
	let error = unshield(30 * EUR).unwrap_err();
	assert!(error.contains("no unspent note holds exactly 30.0142 EUR"), "{error}");
	assert!(error.contains("30.00 EUR (shielded)"), "{error}");
	assert!(error.contains("29.0142 EUR"), "{error}");
	assert!(
		error.contains("energy-wallet transfer --to <your own address> --amount 30.0142"),
		"{error}"
	);
	// A note of exactly that, but a shield's: it must be transferred first.
	let error = unshield(30 * EUR - UNSHIELD_FEE).unwrap_err();
	assert!(error.starts_with("note 2 holds exactly 30.00 EUR"), "{error}");
	assert!(error.contains("a shield made it, so its amount is public"), "{error}");
	assert!(error.contains("transfer it to yourself first"), "{error}");
	let error = format!(
		"{:#}",
		unshield_note(&alice, u64::MAX, 1, &pool.public, Asset::Money).err().unwrap()
	);
	assert!(error.contains("more than a note can hold"), "{error}");
	// A spent note is not offered.
	let mut spent = alice;
	let hidden = spent.notes.iter().find(|note| note.amount == 29 * EUR + UNSHIELD_FEE).unwrap();
	let image = hidden.key_image;
	assert!(unshield_note(&spent, 29 * EUR, UNSHIELD_FEE, &BTreeSet::new(), Asset::Money).is_ok());
	spent.mark_spent(&[image]);
	assert!(unshield_note(&spent, 29 * EUR, UNSHIELD_FEE, &BTreeSet::new(), Asset::Money).is_err());
}
