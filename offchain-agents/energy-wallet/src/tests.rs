//! The wallet without a node: its file, money and addresses as the user types them, scanning a
//! pool built offline, and transactions that the crypto crate verifies as the pallet does. The
//! fixtures they share are here; the tests of each module are in the file of its name.

mod asset;
mod calls;
mod market;
mod market_admission;
mod money;
mod pool;
mod select;
mod transactions;
mod wallet_file;

use crate::{
	asset::Asset,
	money::Amount,
	select::Limits,
	transactions::build_transfer,
	wallet_file::{NoteIndex, Wallet},
};
use codec::Encode;
use energy_privacy::{
	builder::{self, deterministic_rng, Transfer, Unshield},
	check_balance, check_stamp, clsag_verify, public_commitment, stamp_subject, transfer_message,
	unshield_message, verify_range, Commitment, FeeSchedule, Note, PublicAddress, RingMember,
};
use scale_info::{MetaType, PortableRegistry, Registry};
use std::{collections::BTreeSet, path::PathBuf};
use subxt::utils::AccountId32;

const GENESIS: [u8; 32] = [7; 32];
const EUR: Amount = 1_000_000_000_000;

/// The runtime's limits, with fewer stamp bits so tests find stamps fast.
fn limits() -> Limits {
	Limits {
		ring_size: 11,
		min_ring_size: 11,
		max_inputs: 4,
		max_outputs: 16,
		fees: FeeSchedule {
			base: EUR / 100,
			per_input: EUR / 500,
			per_output: EUR / 50,
			per_ring_member: EUR / 5_000,
		},
		stamp_bits: 8,
		asset: Asset::Money,
	}
}

/// The least fee of a payment with its change (one note into two) with rings of 11.
const PAY_FEE: Amount = EUR / 100 + EUR / 500 + 2 * EUR / 50 + 11 * EUR / 5_000;

/// The least fee of an unshield with a ring of 11.
const UNSHIELD_FEE: Amount = EUR / 100 + EUR / 500 + 11 * EUR / 5_000;

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

/// The chain's side of an offline pool: its notes in index order, and which shields made.
#[derive(Default)]
struct OfflinePool {
	notes: Vec<(NoteIndex, Note)>,
	public: BTreeSet<NoteIndex>,
}

impl OfflinePool {
	/// Adds the notes a transfer made.
	fn add(&mut self, notes: &[Note]) -> NoteIndex {
		let first = self.notes.len() as NoteIndex;
		for note in notes {
			self.notes.push((self.notes.len() as NoteIndex, *note));
		}
		first
	}

	fn shield(&mut self, to: &PublicAddress, amount: Amount, seed: u64) -> NoteIndex {
		let shield = builder::build_shield(to, amount, &mut deterministic_rng(seed)).unwrap();
		let index = self.add(&[shield.note]);
		self.public.insert(index);
		index
	}

	fn members(&self, ring: &[NoteIndex]) -> Vec<RingMember> {
		ring.iter().map(|index| self.notes[*index as usize].1.ring_member()).collect()
	}

	/// Verifies `transfer` as the pallet does; `Err` names what fails. Its shape must pay its
	/// fee, its rings be large enough and, once its signatures verify here, its stamp prove
	/// the work: a wallet never gets those wrong, so they panic.
	fn verify_transfer(&self, transfer: &Transfer) -> Result<(), energy_privacy::Error> {
		let limits = limits();
		let members: u32 = transfer.inputs.iter().map(|input| input.ring.len() as u32).sum();
		let shape = (transfer.inputs.len() as u32, transfer.outputs.len() as u32, members);
		assert!(transfer.fee >= limits.fees.transfer(shape.0, shape.1, shape.2), "fee too low");
		assert!(
			transfer.inputs.iter().all(|input| input.ring.len() as u32 >= limits.min_ring_size),
			"ring too small"
		);
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
		let subject = stamp_subject(&message, transfer.inputs.iter().map(|input| &input.signature));
		assert!(check_stamp(&subject, transfer.stamp, limits.stamp_bits), "no stamp");
		Ok(())
	}

	/// Verifies `unshield` to `dest` as the pallet does (fee, ring size, hidden ring members
	/// and, once its signature verifies here, its stamp, which a wallet never gets wrong,
	/// panic).
	fn verify_unshield(
		&self,
		unshield: &Unshield,
		dest: &AccountId32,
	) -> Result<(), energy_privacy::Error> {
		let limits = limits();
		let input = &unshield.input;
		assert!(unshield.fee >= limits.fees.unshield(input.ring.len() as u32), "fee too low");
		assert!(input.ring.len() as u32 >= limits.min_ring_size, "ring too small");
		assert!(input.ring.iter().all(|index| !self.public.contains(index)), "public member");
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
		)?;
		let subject = stamp_subject(&message, [&unshield.input.signature]);
		assert!(check_stamp(&subject, unshield.stamp, limits.stamp_bits), "no stamp");
		Ok(())
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

/// The funded pool after Alice paid herself 29 EUR and an unshield's least fee (a hidden note
/// she can unshield), built with the RNG seeded with `seed`; her wallet, not rescanned since, and
/// the transfer.
fn paid_herself(seed: u64) -> (OfflinePool, Wallet, Transfer) {
	let (mut pool, alice, _) = funded_pool();
	let own = build_transfer(
		&alice,
		&GENESIS,
		&pool.notes,
		&alice.address(),
		29 * EUR + UNSHIELD_FEE,
		1,
		None,
		&limits(),
		&mut deterministic_rng(seed),
	)
	.unwrap();
	pool.add(&own.outputs);
	(pool, alice, own)
}

/// The pool of [`paid_herself`] after a stranger paid twelve hidden notes to others (Alice's
/// decoys); Alice's wallet rescanned.
fn unshield_pool() -> (OfflinePool, Wallet) {
	let (mut pool, mut alice, own) = paid_herself(30);
	let mut stranger = wallet(300);
	pool.shield(&stranger.address(), 20 * EUR, 31);
	stranger.add_notes(stranger.find_owned(&pool.notes));
	let crowd = build_transfer(
		&stranger,
		&GENESIS,
		&pool.notes,
		&wallet(301).address(),
		12 * EUR,
		12,
		None,
		&limits(),
		&mut deterministic_rng(32),
	)
	.unwrap();
	pool.add(&crowd.outputs);
	alice.notes = alice.find_owned(&pool.notes);
	alice.mark_spent(&own.inputs.iter().map(|input| input.key_image).collect::<Vec<_>>());
	(pool, alice)
}

/// The call's argument fields as the metadata describes them, from the types' own `TypeInfo`.
fn fields<const N: usize>(
	arguments: [(&'static str, MetaType); N],
) -> (PortableRegistry, Vec<(u32, &'static str)>) {
	let mut registry = Registry::new();
	let ids = arguments.iter().map(|(name, ty)| (registry.register_type(ty).id, *name)).collect();
	(registry.into(), ids)
}
