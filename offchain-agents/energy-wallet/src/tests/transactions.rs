//! Building transactions that verify as the pallet verifies them.

use super::{
	funded_pool, limits, paid_herself, unshield_pool, wallet, OfflinePool, EUR, GENESIS,
	UNSHIELD_FEE,
};
use crate::transactions::{build_transfer, build_unshield};
use energy_privacy::builder::deterministic_rng;
use subxt::utils::AccountId32;

#[test]
fn a_transfer_from_scanned_notes_verifies() {
	let (pool, alice, bob) = funded_pool();
	// 120 needs both of Alice's notes: two inputs, each in its own ring.
	let transfer = build_transfer(
		&alice,
		&GENESIS,
		&pool.notes,
		&bob.address(),
		120 * EUR,
		1,
		None,
		&limits(),
		&mut deterministic_rng(5),
	)
	.unwrap();
	assert_eq!(transfer.inputs.len(), 2);
	assert!(transfer.inputs.iter().all(|input| input.ring.len() == 11));
	assert_eq!(pool.verify_transfer(&transfer), Ok(()));

	// Signed for another chain, it does not verify here.
	let other = build_transfer(
		&alice,
		&[8; 32],
		&pool.notes,
		&bob.address(),
		10 * EUR,
		1,
		Some(EUR),
		&limits(),
		&mut deterministic_rng(6),
	)
	.unwrap();
	assert_eq!(pool.verify_transfer(&other), Err(energy_privacy::Error::SignatureInvalid));
}

#[test]
fn a_spend_in_a_pool_smaller_than_the_least_ring_is_refused_with_the_reason() {
	let alice = wallet(1);
	let mut pool = OfflinePool::default();
	pool.shield(&alice.address(), 5 * EUR, 1);
	pool.shield(&wallet(2).address(), 5 * EUR, 2);
	let mut alice = alice;
	alice.add_notes(alice.find_owned(&pool.notes));
	let error = build_transfer(
		&alice,
		&GENESIS,
		&pool.notes,
		&wallet(3).address(),
		2 * EUR,
		1,
		None,
		&limits(),
		&mut deterministic_rng(7),
	)
	.err()
	.unwrap();
	assert_eq!(
		format!("{error:#}"),
		"the pool holds 2 notes, fewer than the 11 a ring needs to hide a spend in: wait until \
		 more are in the pool"
	);
	// An unshield hides among notes transfers made only: eleven shields are not enough.
	let (pool, mut alice, _) = paid_herself(8);
	alice.notes = alice.find_owned(&pool.notes);
	let error = build_unshield(
		&alice,
		&GENESIS,
		&pool.notes,
		&pool.public,
		&AccountId32([42; 32]),
		29 * EUR,
		None,
		&limits(),
		&mut deterministic_rng(9),
	)
	.err()
	.unwrap();
	assert!(
		format!("{error:#}").starts_with(
			"the pool holds 2 notes made by transfers (shields' notes cannot hide an unshield"
		),
		"{error:#}"
	);
}

#[test]
fn an_unshield_of_an_exact_note_verifies_and_binds_its_payee() {
	let (pool, alice) = unshield_pool();
	let dest = AccountId32([42; 32]);
	let unshield = build_unshield(
		&alice,
		&GENESIS,
		&pool.notes,
		&pool.public,
		&dest,
		29 * EUR,
		None,
		&limits(),
		&mut deterministic_rng(8),
	)
	.unwrap();
	assert_eq!((unshield.amount, unshield.fee), (29 * EUR, UNSHIELD_FEE));
	let spent = alice.notes.iter().find(|note| note.amount == 29 * EUR + UNSHIELD_FEE).unwrap();
	assert_eq!(unshield.input.key_image, spent.key_image);
	// Its ring holds notes transfers made, and none of the shields.
	assert!(unshield.input.ring.iter().all(|index| !pool.public.contains(index)));
	assert_eq!(pool.verify_unshield(&unshield, &dest), Ok(()));
	assert_eq!(
		pool.verify_unshield(&unshield, &AccountId32([43; 32])),
		Err(energy_privacy::Error::SignatureInvalid)
	);
	// A fee above the required one is paid as asked.
	let generous = build_unshield(
		&alice,
		&GENESIS,
		&pool.notes,
		&pool.public,
		&dest,
		29 * EUR - 1,
		Some(UNSHIELD_FEE + 1),
		&limits(),
		&mut deterministic_rng(9),
	)
	.unwrap();
	assert_eq!(generous.fee, UNSHIELD_FEE + 1);
	assert_eq!(pool.verify_unshield(&generous, &dest), Ok(()));
}
