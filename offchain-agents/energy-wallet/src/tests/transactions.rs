//! Building transactions that verify as the pallet verifies them.

use super::{funded_pool, limits, wallet, OfflinePool, EUR, GENESIS};
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
		EUR / 100,
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
		EUR,
		&limits(),
		&mut deterministic_rng(6),
	)
	.unwrap();
	assert_eq!(pool.verify_transfer(&other), Err(energy_privacy::Error::SignatureInvalid));
}

#[test]
fn a_transfer_in_a_small_pool_rings_every_note() {
	let alice = wallet(1);
	let mut pool = OfflinePool::default();
	pool.shield(&alice.address(), 5 * EUR, 1);
	pool.shield(&wallet(2).address(), 5 * EUR, 2);
	let mut alice = alice;
	alice.add_notes(alice.find_owned(&pool.notes));
	let transfer = build_transfer(
		&alice,
		&GENESIS,
		&pool.notes,
		&wallet(3).address(),
		2 * EUR,
		EUR,
		&limits(),
		&mut deterministic_rng(7),
	)
	.unwrap();
	assert_eq!(transfer.inputs[0].ring.to_vec(), [0, 1]);
	assert_eq!(pool.verify_transfer(&transfer), Ok(()));
}

#[test]
fn an_unshield_of_an_exact_note_verifies_and_binds_its_payee() {
	let (pool, alice, _) = funded_pool();
	let dest = AccountId32([42; 32]);
	let unshield = build_unshield(
		&alice,
		&GENESIS,
		&pool.notes,
		&dest,
		29 * EUR,
		EUR,
		&limits(),
		&mut deterministic_rng(8),
	)
	.unwrap();
	assert_eq!((unshield.amount, unshield.fee), (29 * EUR, EUR));
	assert_eq!(unshield.input.key_image, alice.notes[1].key_image);
	assert_eq!(pool.verify_unshield(&unshield, &dest), Ok(()));
	assert_eq!(
		pool.verify_unshield(&unshield, &AccountId32([43; 32])),
		Err(energy_privacy::Error::SignatureInvalid)
	);
}
