//! The wallet without a node: its file, money and addresses as the user types them, scanning a
//! pool built offline, and transactions that the crypto crate verifies as the pallet does. The
//! fixtures they share are here; the tests of each module are in the file of its name.

mod calls;
mod money;
mod pool;
mod select;
mod transactions;
mod wallet_file;

use crate::{
	money::Amount,
	select::Limits,
	wallet_file::{NoteIndex, Wallet},
};
use codec::Encode;
use energy_privacy::{
	builder::{self, deterministic_rng, Transfer, Unshield},
	check_balance, clsag_verify, public_commitment, transfer_message, unshield_message,
	verify_range, Commitment, Note, PublicAddress, RingMember,
};
use scale_info::{MetaType, PortableRegistry, Registry};
use std::path::PathBuf;
use subxt::utils::AccountId32;

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

/// The call's argument fields as the metadata describes them, from the types' own `TypeInfo`.
fn fields<const N: usize>(
	arguments: [(&'static str, MetaType); N],
) -> (PortableRegistry, Vec<(u32, &'static str)>) {
	let mut registry = Registry::new();
	let ids = arguments.iter().map(|(name, ty)| (registry.register_type(ty).id, *name)).collect();
	(registry.into(), ids)
}
