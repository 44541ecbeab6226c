//! The wallet without a node: its file, money and addresses as the user types them, scanning a
//! pool built offline, and transactions that the crypto crate verifies as the pallet does.

use super::*;
use energy_privacy::{
	builder::deterministic_rng, check_balance, clsag_verify, public_commitment, transfer_message,
	unshield_message, verify_range, Commitment, RingMember, TransferInput,
};
use scale_info::{MetaType, PortableRegistry, Registry};
use std::path::PathBuf;
use subxt::ext::scale_encode::Field;

const GENESIS: [u8; 32] = [7; 32];
const EUR: Amount = 1_000_000_000_000;

fn limits() -> Limits {
	Limits { ring_size: 11, max_inputs: 4, max_outputs: 16, min_fee: EUR / 100 }
}

/// A scratch path named after the test, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
	fn new(test: &str) -> Self {
		let dir = std::env::temp_dir().join(format!("energy-wallet-{test}-{}", std::process::id()));
		let _ = std::fs::remove_dir_all(&dir);
		std::fs::create_dir_all(&dir).unwrap();
		Scratch(dir)
	}

	fn file(&self) -> PathBuf {
		self.0.join("wallet.json")
	}
}

impl Drop for Scratch {
	fn drop(&mut self) {
		let _ = std::fs::remove_dir_all(&self.0);
	}
}

/// The chain's side of an offline pool: its notes in index order.
#[derive(Default)]
struct OfflinePool {
	notes: Vec<(NoteIndex, Note)>,
}

impl OfflinePool {
	fn add(&mut self, notes: &[Note]) -> NoteIndex {
		let first = self.notes.len() as NoteIndex;
		for note in notes {
			self.notes.push((self.notes.len() as NoteIndex, *note));
		}
		first
	}

	fn shield(&mut self, to: &PublicAddress, amount: Amount, seed: u64) -> NoteIndex {
		let shield = builder::build_shield(to, amount, &mut deterministic_rng(seed)).unwrap();
		self.add(&[shield.note])
	}

	fn members(&self, ring: &[NoteIndex]) -> Vec<RingMember> {
		ring.iter().map(|index| self.notes[*index as usize].1.ring_member()).collect()
	}

	/// Verifies `transfer` as the pallet does; `Err` names what fails.
	fn verify_transfer(&self, transfer: &Transfer) -> Result<(), energy_privacy::Error> {
		let commitments: Vec<Commitment> = transfer.outputs.iter().map(|n| n.commitment).collect();
		verify_range(&transfer.range_proof, &commitments)?;
		let pseudo: Vec<Commitment> = transfer.inputs.iter().map(|i| i.pseudo_output).collect();
		check_balance(&pseudo, &commitments, transfer.fee)?;
		let message = transfer_message(
			&GENESIS,
			&transfer.inputs,
			&transfer.outputs,
			&transfer.range_proof,
			transfer.fee,
		);
		for input in &transfer.inputs {
			assert!(input.ring.windows(2).all(|pair| pair[0] < pair[1]), "ring not sorted");
			clsag_verify(
				&message,
				&self.members(&input.ring),
				&input.pseudo_output,
				&input.key_image,
				&input.signature,
			)?;
		}
		Ok(())
	}

	/// Verifies `unshield` to `dest` as the pallet does.
	fn verify_unshield(
		&self,
		unshield: &Unshield,
		dest: &AccountId32,
	) -> Result<(), energy_privacy::Error> {
		let input = &unshield.input;
		let message = unshield_message(
			&GENESIS,
			&input.ring,
			&input.key_image,
			unshield.amount,
			unshield.fee,
			&dest.0.encode(),
		);
		clsag_verify(
			&message,
			&self.members(&input.ring),
			&public_commitment(unshield.amount + unshield.fee),
			&input.key_image,
			&input.signature,
		)
	}
}

fn wallet(seed: u64) -> Wallet {
	Wallet::generate(&mut deterministic_rng(seed))
}

/// Alice's wallet scanned over a pool where Alice got 100 and 30 EUR and Bob 50 EUR.
fn funded_pool() -> (OfflinePool, Wallet, Wallet) {
	let (mut alice, mut bob) = (wallet(1), wallet(2));
	let mut pool = OfflinePool::default();
	pool.shield(&alice.address(), 100 * EUR, 10);
	pool.shield(&bob.address(), 50 * EUR, 11);
	pool.shield(&alice.address(), 30 * EUR, 12);
	for index in 0..8 {
		pool.shield(&wallet(100 + index).address(), EUR, 20 + index);
	}
	alice.add_notes(alice.find_owned(&pool.notes));
	bob.add_notes(bob.find_owned(&pool.notes));
	(pool, alice, bob)
}

// Money and addresses

#[test]
fn money_prints_every_significant_decimal_and_parses_back() {
	assert_eq!(format_money(0), "0.00 EUR");
	assert_eq!(format_money(12 * EUR + EUR / 2), "12.50 EUR");
	assert_eq!(format_money(1), "0.000000000001 EUR");
	assert_eq!(format_money(u64::MAX), "18446744.073709551615 EUR");
	for amount in [0, 1, EUR, 12 * EUR + EUR / 2, 123_456_789, u64::MAX] {
		assert_eq!(parse_money(&format_money(amount)).unwrap(), amount);
	}
	assert_eq!(parse_money("12").unwrap(), 12 * EUR);
	assert_eq!(parse_money("0.25").unwrap(), EUR / 4);
	assert_eq!(parse_money(".5").unwrap(), EUR / 2);
	assert_eq!(parse_money("3.").unwrap(), 3 * EUR);
}

#[test]
fn money_refuses_what_is_not_an_amount() {
	let error = |text: &str| format!("{:#}", parse_money(text).unwrap_err());
	assert!(error("").contains("is not an amount of money"));
	assert!(error("-1").contains("is not an amount of money"));
	assert!(error("1,5").contains("is not an amount of money"));
	assert!(error("1e3").contains("is not an amount of money"));
	assert!(error("0.0000000000001").contains("more than 12 decimals"));
	assert!(error("18446744.073709551616").contains("more money than the pool can hold"));
	assert!(error("99999999999999999999999").contains("more money than the pool can hold"));
}

#[test]
fn an_address_round_trips_and_a_bad_one_is_refused() {
	let address = wallet(1).address();
	let text = format_address(&address);
	assert_eq!(text.len(), 2 + 128);
	assert_eq!(parse_address(&text).unwrap(), address);
	assert_eq!(parse_address(&text[2..]).unwrap(), address);

	let error = |text: &str| format!("{:#}", parse_address(text).unwrap_err());
	assert!(error("0x1234").contains("0x and 128 hex digits"));
	assert!(error(&format!("{}zz", &text[..128])).contains("0x and 128 hex digits"));
	// Right length, but 0xff.. is not a canonical point encoding.
	assert!(error(&format!("0x{}", "ff".repeat(64))).contains("not curve points"));
	assert!(format!("{:#}", parse_account("alice").unwrap_err()).contains("not an SS58"));
}

// The wallet file

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
		EUR,
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
		EUR,
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

// Building transactions

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

// Call data

/// The call's argument fields as the metadata describes them, from the types' own `TypeInfo`.
fn fields<const N: usize>(
	arguments: [(&'static str, MetaType); N],
) -> (PortableRegistry, Vec<(u32, &'static str)>) {
	let mut registry = Registry::new();
	let ids = arguments.iter().map(|(name, ty)| (registry.register_type(ty).id, *name)).collect();
	(registry.into(), ids)
}

fn encode(
	args: &ScaleArgs,
	types: &PortableRegistry,
	ids: &[(u32, &'static str)],
) -> Result<Vec<u8>, String> {
	let mut fields = ids.iter().map(|(id, name)| Field::named(*id, name));
	args.encode_as_fields(&mut fields, types).map_err(|error| error.to_string())
}

#[test]
fn call_data_is_the_scale_encoding_of_the_pallets_argument_types() {
	let (pool, alice, bob) = funded_pool();
	let transfer = build_transfer(
		&alice,
		&GENESIS,
		&pool.notes,
		&bob.address(),
		EUR,
		EUR,
		&limits(),
		&mut deterministic_rng(11),
	)
	.unwrap();
	let call = transfer_call(&transfer);
	assert_eq!((call.pallet_name(), call.call_name()), ("ShieldedPool", "transfer"));
	let (types, ids) = fields([
		("inputs", MetaType::new::<Vec<TransferInput>>()),
		("outputs", MetaType::new::<Vec<Note>>()),
		("range_proof", MetaType::new::<energy_privacy::RangeProofBytes>()),
		("fee", MetaType::new::<u64>()),
	]);
	let bytes = encode(call.call_data(), &types, &ids).unwrap();
	let decoded = <(Vec<TransferInput>, Vec<Note>, energy_privacy::RangeProofBytes, u64)>::decode(
		&mut &bytes[..],
	)
	.unwrap();
	assert_eq!(decoded, (transfer.inputs, transfer.outputs, transfer.range_proof, EUR));

	// Arguments that do not fit the runtime's types are refused before reaching the node.
	let mut swapped = call.call_data().clone();
	swapped.0.swap(0, 1);
	assert!(encode(&swapped, &types, &ids).unwrap_err().contains("argument `inputs`"));
	let mut short = call.call_data().clone();
	short.0.pop();
	assert!(encode(&short, &types, &ids).unwrap_err().contains("takes 4 arguments"));
	let mut long = call.call_data().clone();
	long.0[3].push(0);
	assert!(encode(&long, &types, &ids).unwrap_err().contains("longer than the runtime's type"));
}

#[test]
fn unshield_and_shield_call_data_fit_the_pallets_types() {
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
		&mut deterministic_rng(12),
	)
	.unwrap();
	let (types, ids) = fields([
		("input", MetaType::new::<energy_privacy::UnshieldInput>()),
		("amount", MetaType::new::<u64>()),
		("fee", MetaType::new::<u64>()),
		("dest", MetaType::new::<[u8; 32]>()),
	]);
	let call = unshield_call(&unshield, &dest);
	assert_eq!(call.call_name(), "unshield");
	let bytes = encode(call.call_data(), &types, &ids).unwrap();
	assert_eq!(bytes, (unshield.input, 29 * EUR, EUR, [42u8; 32]).encode());

	let shield =
		builder::build_shield(&alice.address(), 5 * EUR, &mut deterministic_rng(13)).unwrap();
	let (types, ids) = fields([
		("amount", MetaType::new::<u64>()),
		("note", MetaType::new::<Note>()),
		("blinding", MetaType::new::<[u8; 32]>()),
		("range_proof", MetaType::new::<energy_privacy::RangeProofBytes>()),
	]);
	let call = shield_call(5 * EUR, &shield);
	assert_eq!(call.call_name(), "shield");
	let bytes = encode(call.call_data(), &types, &ids).unwrap();
	assert_eq!(bytes, (5 * EUR, shield.note, shield.blinding, shield.range_proof).encode());
}

#[test]
fn a_key_image_as_storage_key_part_encodes_as_the_pallets_key_type() {
	// `Pool::spent` passes a key image's bytes as the key of `SpentKeyImages`; subxt encodes them
	// against the metadata's `KeyImage`, a struct around the same 32 bytes.
	use subxt::ext::scale_encode::EncodeAsType;
	let image = wallet(1).notes.first().map(|note| note.key_image).unwrap_or(KeyImage([9; 32]));
	let (types, ids) = fields([("key", MetaType::new::<KeyImage>())]);
	let bytes = image.0.encode_as_type(ids[0].0, &types).unwrap();
	assert_eq!(bytes, image.encode());
}
