//! The wallet file, and scanning notes for the wallet's own.

use super::{funded_pool, limits, wallet, Scratch, EUR, GENESIS};
use crate::{
	transactions::build_transfer,
	wallet_file::{NoteIndex, ScanMark, Wallet},
};
use energy_client::to_hex;
use energy_privacy::{builder::deterministic_rng, KeyImage};
use std::os::unix::fs::PermissionsExt;

#[test]
fn a_wallet_file_round_trips_with_its_notes() {
	let scratch = Scratch::new("round-trip");
	let (pool, mut alice, _) = funded_pool();
	alice.scanned = Some(ScanMark {
		genesis_hash: to_hex(&GENESIS),
		block_hash: to_hex(&[1; 32]),
		block_number: 5,
		note_count: pool.notes.len() as NoteIndex,
	});
	alice.mark_spent(&[alice.notes[0].key_image]);
	alice.create(&scratch.file()).unwrap();

	let loaded = Wallet::load(&scratch.file()).unwrap();
	assert_eq!(loaded.address(), alice.address());
	assert_eq!(loaded.notes, alice.notes);
	assert_eq!(loaded.scanned, alice.scanned);
	// A file written before the energy pool, scanned but naming no pool, held money notes.
	assert_eq!(loaded.pool.as_deref(), Some("ShieldedPool"));
	assert_eq!(loaded.balance(), u128::from(30 * EUR));

	// Saving replaces the file, keeps it private, and leaves no temporary file behind.
	let mut changed = loaded;
	changed.notes.truncate(1);
	changed.save(&scratch.file()).unwrap();
	assert_eq!(Wallet::load(&scratch.file()).unwrap().notes.len(), 1);
	let mode = std::fs::metadata(scratch.file()).unwrap().permissions().mode();
	assert_eq!(mode & 0o777, 0o600);
	assert_eq!(std::fs::read_dir(&scratch.0).unwrap().count(), 1);
}

#[test]
fn a_new_wallet_file_is_private_to_its_owner() {
	let scratch = Scratch::new("mode");
	wallet(1).create(&scratch.file()).unwrap();
	let mode = std::fs::metadata(scratch.file()).unwrap().permissions().mode();
	assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn a_wallet_file_is_never_overwritten() {
	let scratch = Scratch::new("overwrite");
	let first = wallet(1);
	first.create(&scratch.file()).unwrap();
	let before = std::fs::read(scratch.file()).unwrap();
	let error = format!("{:#}", wallet(2).create(&scratch.file()).unwrap_err());
	assert!(error.contains("exists already"), "{error}");
	assert_eq!(std::fs::read(scratch.file()).unwrap(), before);
	assert_eq!(Wallet::load(&scratch.file()).unwrap().address(), first.address());
}

#[test]
fn a_damaged_wallet_file_is_refused_with_the_reason() {
	let scratch = Scratch::new("corrupt");
	let (_, alice, _) = funded_pool();
	alice.create(&scratch.file()).unwrap();
	let good = String::from_utf8(std::fs::read(scratch.file()).unwrap()).unwrap();
	let reason = |content: &str| {
		std::fs::write(scratch.file(), content).unwrap();
		format!("{:#}", Wallet::load(&scratch.file()).err().expect("refused"))
	};
	let prefix = format!("{} is not a usable wallet file: ", scratch.file().display());

	let error = reason(&good[..good.len() / 2]);
	assert!(error.starts_with(&format!("{prefix}it is not wallet JSON")), "{error}");
	let error = reason("");
	assert!(error.starts_with(&format!("{prefix}it is not wallet JSON")), "{error}");
	let error = reason(&good.replace("\"version\": 1", "\"version\": 9"));
	assert!(error.contains("it has version 9"), "{error}");
	// Another spend secret: the address no longer matches.
	let spend = to_hex(&alice.spend_secret[..]);
	let error = reason(&good.replace(&spend, &to_hex(&[1; 32])));
	assert!(error.contains("its address does not belong to its keys"), "{error}");
	let error = reason(&good.replace(&spend, "0x00"));
	assert!(error.contains("its spendSecret is not 0x and a 32-byte scalar"), "{error}");
	// A note's amount edited by hand.
	let amount = format!("\"amount\": {}", 100 * EUR);
	let error = reason(&good.replace(&amount, &format!("\"amount\": {}", 200 * EUR)));
	assert!(error.contains("its note 0 does not hold the amount or key image"), "{error}");
	let error = reason(&good.replace("\"outputIndex\": 0", "\"outputIndex\": 3"));
	assert!(error.contains("does not pay this wallet"), "{error}");

	let missing = format!("{:#}", Wallet::load(&scratch.0.join("none.json")).err().unwrap());
	assert!(missing.starts_with("cannot read "), "{missing}");
}

// Scanning

#[test]
fn scanning_finds_own_notes_only_with_their_output_numbers() {
	let (mut pool, alice, bob) = funded_pool();
	assert_eq!(alice.notes.iter().map(|n| n.index).collect::<Vec<_>>(), [0, 2]);
	assert_eq!(alice.notes.iter().map(|n| n.amount).collect::<Vec<_>>(), [100 * EUR, 30 * EUR]);
	assert_eq!(bob.notes.iter().map(|n| (n.index, n.amount)).collect::<Vec<_>>(), [(1, 50 * EUR)]);
	assert!(alice.notes.iter().all(|n| n.output_index == 0 && !n.spent));

	// Alice pays Bob 40 of her 100 (the largest note goes first), fee 1: two outputs under one
	// transaction key, in random order.
	let transfer = build_transfer(
		&alice,
		&GENESIS,
		&pool.notes,
		&bob.address(),
		40 * EUR,
		1,
		Some(EUR),
		&limits(),
		&mut deterministic_rng(3),
	)
	.unwrap();
	assert_eq!(transfer.outputs.len(), 2);
	let first = pool.add(&transfer.outputs);

	let found = alice.find_owned(&pool.notes);
	let change = found.iter().find(|n| n.index >= first).cloned().expect("alice's change");
	assert_eq!(change.amount, 59 * EUR);
	assert_eq!(change.output_index as u64, change.index - first);
	let paid = bob.find_owned(&pool.notes).into_iter().find(|n| n.index >= first).unwrap();
	assert_eq!(paid.amount, 40 * EUR);
	assert_eq!(paid.output_index as u64, paid.index - first);
	assert_ne!(paid.output_index, change.output_index);

	// The spent note is the one whose key image the transfer reveals.
	let mut alice = alice;
	alice.notes = found;
	let images: Vec<KeyImage> = transfer.inputs.iter().map(|input| input.key_image).collect();
	assert_eq!(images, [alice.notes[0].key_image]);
	alice.mark_spent(&images);
	let spent: Vec<_> = alice.notes.iter().map(|n| (n.index, n.spent)).collect();
	assert_eq!(spent, [(0, true), (2, false), (change.index, false)]);
	assert_eq!(alice.balance(), u128::from(89 * EUR));
}

#[test]
fn a_scan_of_a_transfer_alone_numbers_its_outputs_from_zero() {
	// What `transfer` does after inclusion: scan just the transaction's outputs.
	let (pool, alice, bob) = funded_pool();
	let transfer = build_transfer(
		&alice,
		&GENESIS,
		&pool.notes,
		&alice.address(),
		60 * EUR,
		1,
		Some(EUR),
		&limits(),
		&mut deterministic_rng(4),
	)
	.unwrap();
	let first = pool.notes.len() as NoteIndex;
	let outputs: Vec<_> = (first..).zip(transfer.outputs.iter().copied()).collect();
	let own = alice.find_owned(&outputs);
	let mut amounts: Vec<_> = own.iter().map(|n| (n.output_index, n.amount)).collect();
	amounts.sort();
	assert_eq!(amounts.iter().map(|(i, _)| *i).collect::<Vec<_>>(), [0, 1]);
	let mut values: Vec<_> = amounts.iter().map(|(_, a)| *a).collect();
	values.sort();
	assert_eq!(values, [39 * EUR, 60 * EUR]);
	assert!(bob.find_owned(&outputs).is_empty());
}
