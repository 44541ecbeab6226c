//! Building private transactions off-chain: what a wallet does between scanning the pool and
//! submitting a `transfer` or an `unshield` to the shielded pool.
//!
//! A wallet scans the pool's notes with [`scan_notes`], picks notes to spend, and passes them
//! with the notes it may use as decoys to [`build_transfer`] or [`build_unshield`]. These choose
//! each ring at random among the decoys, sort it by note index (so the spent note's position
//! says nothing), sign over the same message the runtime checks, and find the transaction's
//! proof-of-work stamp ([`crate::find_stamp`]) for the chain's `StampBits`. Everything random
//! comes from the caller's RNG.
//!
//! Compiled with `std`, or with the `builder` feature for code without `std` that builds
//! transactions (the pool pallet's benchmarks, which run inside the runtime).

use crate::{
	clsag_sign, commit, create_note, find_stamp, key_image, prove_range, public_commitment,
	scan_note,
	spend::{lock_message, transfer_message, unshield_message, Message},
	stamp_subject, AccountKeys, ClsagSignature, Commitment, Error, KeyImage, Note, OwnedNote,
	PublicAddress, RangeProofBytes, RingIndices, RingMember, Scalar, TransferInput, TxSecret,
	UnshieldInput, MAX_AGGREGATED_OUTPUTS, MAX_RING_SIZE,
};
use alloc::{collections::BTreeMap, vec::Vec};
use rand_core::{CryptoRng, RngCore, SeedableRng};

pub use rand_chacha::ChaCha20Rng;

/// A deterministic RNG: the same seed gives the same keys, notes and proofs. For tests and
/// benchmarks; a wallet seeds its RNG from the operating system.
pub fn deterministic_rng(seed: u64) -> ChaCha20Rng {
	ChaCha20Rng::seed_from_u64(seed)
}

/// A note of the pool that the wallet owns: where it is, what it is, and what scanning revealed.
#[derive(Clone)]
pub struct Spendable {
	/// The note's index in the pool.
	pub index: u64,
	/// The note as the pool stores it.
	pub note: Note,
	/// Its amount, blinding and one-time secret.
	pub owned: OwnedNote,
}

/// A payment of a private transfer: who gets how much.
#[derive(Clone, Copy, Debug)]
pub struct Payment {
	/// The recipient's public address.
	pub to: PublicAddress,
	/// The amount.
	pub amount: u64,
}

/// The arguments of a `shield` call, but the amount (which the caller chose and passed in).
#[derive(Clone, Debug)]
pub struct Shield {
	/// The new note.
	pub note: Note,
	/// The blinding of its commitment, which the shield reveals so the chain can check that the
	/// commitment opens to the public amount.
	pub blinding: [u8; 32],
	/// The note's range proof.
	pub range_proof: RangeProofBytes,
}

/// The arguments of a `transfer` call.
#[derive(Clone, Debug)]
pub struct Transfer {
	/// One input per spent note.
	pub inputs: Vec<TransferInput>,
	/// The new notes, in random order (so the change is not always last).
	pub outputs: Vec<Note>,
	/// One range proof over every output's commitment.
	pub range_proof: RangeProofBytes,
	/// The public fee.
	pub fee: u64,
	/// The proof-of-work stamp of the transfer's message.
	pub stamp: u64,
}

/// A note a transfer creates, with what its maker knows of it: its amount and blinding.
#[derive(Clone, Copy, Debug)]
pub struct NewNote {
	/// The note as the pool will store it.
	pub note: Note,
	/// Its amount.
	pub amount: u64,
	/// The blinding of its commitment.
	pub blinding: Scalar,
}

/// The arguments of an `unshield` call, but the payee (which the caller chose and passed in).
#[derive(Clone, Debug)]
pub struct Unshield {
	/// The spent note.
	pub input: UnshieldInput,
	/// What the payee receives.
	pub amount: u64,
	/// The public fee.
	pub fee: u64,
	/// The proof-of-work stamp of the unshield's message.
	pub stamp: u64,
}

/// The notes of `notes` that pay `keys`, with their indices. `notes` are consecutive notes of the
/// pool in index order (such as all of them): the outputs of one transaction are stored one
/// after the other and share its transaction key, so a note's output number is its position in
/// its run of notes with the same transaction key. A note addressed to `keys` whose memo does
/// not open its commitment cannot be spent and is left out.
pub fn scan_notes(keys: &AccountKeys, notes: &[(u64, Note)]) -> Vec<Spendable> {
	let mut found = Vec::new();
	let mut output_index = 0u32;
	let mut previous = None;
	for (index, note) in notes {
		output_index = if previous == Some(note.tx_public_key) { output_index + 1 } else { 0 };
		previous = Some(note.tx_public_key);
		if let Ok(Some(owned)) = scan_note(keys, note, output_index) {
			found.push(Spendable { index: *index, note: *note, owned });
		}
	}
	found
}

/// A shield of `amount` public money into a note for `to` (the wallet's own address, or anyone's).
pub fn build_shield<R: RngCore + CryptoRng>(
	to: &PublicAddress,
	amount: u64,
	rng: &mut R,
) -> Result<Shield, Error> {
	let (note, blinding) = create_note(to, &TxSecret::random(rng), 0, amount)?;
	let (range_proof, _) = prove_range(&[amount], &[blinding], rng)?;
	Ok(Shield { note, blinding: blinding.to_bytes(), range_proof })
}

/// A ring of at most `ring_size` notes for the note `real`: `real` and decoys drawn uniformly
/// from `decoys` (other than `real`), in increasing index order, and `real`'s position in it.
/// The ring is smaller when there are not enough distinct decoys (and the pool refuses it if
/// that is below its `MinRingSize`: a wallet checks it has enough decoys first).
pub fn choose_ring<R: RngCore>(
	real: (u64, RingMember),
	decoys: &[(u64, Note)],
	ring_size: usize,
	rng: &mut R,
) -> Result<(RingIndices, Vec<RingMember>, usize), Error> {
	if ring_size > MAX_RING_SIZE as usize {
		return Err(Error::RingTooLarge);
	}
	let mut candidates: Vec<(u64, RingMember)> = decoys
		.iter()
		.filter(|(index, _)| *index != real.0)
		.map(|(index, note)| (*index, note.ring_member()))
		.collect::<BTreeMap<_, _>>()
		.into_iter()
		.collect();
	let wanted = ring_size.saturating_sub(1).min(candidates.len());
	shuffle(&mut candidates, rng);
	candidates.truncate(wanted);
	candidates.push(real);
	candidates.sort_by_key(|(index, _)| *index);
	let position =
		candidates.iter().position(|(index, _)| *index == real.0).ok_or(Error::SignerNotInRing)?;
	let (indices, members): (Vec<u64>, Vec<RingMember>) = candidates.into_iter().unzip();
	let indices = RingIndices::try_from(indices).map_err(|_| Error::RingTooLarge)?;
	Ok((indices, members, position))
}

/// Puts `items` in uniformly random order (Fisher-Yates). The modulo bias of `next_u64() % n`
/// for the few thousand items a wallet shuffles is below 2^-50, far under what a ring's
/// anonymity can resolve.
fn shuffle<T, R: RngCore>(items: &mut [T], rng: &mut R) {
	for chosen in 0..items.len() {
		let remaining = (items.len() - chosen) as u64;
		let pick = chosen + (rng.next_u64() % remaining) as usize;
		items.swap(chosen, pick);
	}
}

/// A signature to fill in once the message is known.
fn unsigned() -> ClsagSignature {
	ClsagSignature { c1: [0; 32], s: Default::default(), d: [0; 32] }
}

/// A private transfer in the pool whose spends sign `domain` (the chain and the pool) that
/// spends `spends`, pays `payments` (change is a payment to the wallet's own address) and `fee`,
/// with rings of `ring_size` notes drawn from `decoys`, stamped with `stamp_bits` bits of work.
/// The spent amounts must equal the payments plus the fee.
// The transaction's parts, the chain's two parameters and the RNG.
#[allow(clippy::too_many_arguments)]
pub fn build_transfer<R: RngCore + CryptoRng>(
	domain: &[u8],
	spends: &[Spendable],
	decoys: &[(u64, Note)],
	ring_size: usize,
	payments: &[Payment],
	fee: u64,
	stamp_bits: u32,
	rng: &mut R,
) -> Result<Transfer, Error> {
	if payments.is_empty() {
		return Err(Error::NoOutputs);
	}
	if payments.len() > MAX_AGGREGATED_OUTPUTS as usize {
		return Err(Error::TooManyOutputs);
	}
	// The outputs, in random order, all under one transaction key.
	let mut payments = payments.to_vec();
	shuffle(&mut payments, rng);
	let tx_secret = TxSecret::random(rng);
	let mut outputs = Vec::with_capacity(payments.len());
	for (output_index, payment) in (0u32..).zip(&payments) {
		let (note, blinding) = create_note(&payment.to, &tx_secret, output_index, payment.amount)?;
		outputs.push(NewNote { note, amount: payment.amount, blinding });
	}
	build_transfer_of(domain, spends, decoys, ring_size, &outputs, fee, stamp_bits, rng)
}

/// A private transfer, as [`build_transfer`], of notes its caller made: for tests of what the
/// pool must refuse (such as two notes with one one-time address), which [`build_transfer`]
/// never makes. The spent amounts must equal the outputs' plus the fee.
#[allow(clippy::too_many_arguments)]
pub fn build_transfer_of<R: RngCore + CryptoRng>(
	domain: &[u8],
	spends: &[Spendable],
	decoys: &[(u64, Note)],
	ring_size: usize,
	outputs: &[NewNote],
	fee: u64,
	stamp_bits: u32,
	rng: &mut R,
) -> Result<Transfer, Error> {
	if spends.is_empty() {
		return Err(Error::NoInputs);
	}
	if outputs.is_empty() {
		return Err(Error::NoOutputs);
	}
	if outputs.len() > MAX_AGGREGATED_OUTPUTS as usize {
		return Err(Error::TooManyOutputs);
	}
	let spent: u128 = spends.iter().map(|spend| u128::from(spend.owned.amount)).sum();
	let paid: u128 = outputs.iter().map(|output| u128::from(output.amount)).sum();
	if spent != paid + u128::from(fee) {
		return Err(Error::Unbalanced);
	}

	// The range proof over the outputs.
	let amounts: Vec<u64> = outputs.iter().map(|output| output.amount).collect();
	let output_blindings: Vec<Scalar> = outputs.iter().map(|output| output.blinding).collect();
	let (range_proof, _) = prove_range(&amounts, &output_blindings, rng)?;
	let outputs: Vec<Note> = outputs.iter().map(|output| output.note).collect();

	let (mut inputs, rings, pseudo_blindings) =
		unsigned_inputs(spends, decoys, ring_size, output_blindings.iter().sum(), rng)?;
	let message = transfer_message(domain, &inputs, &outputs, &range_proof, fee);
	sign_inputs(&message, &mut inputs, &rings, spends, &pseudo_blindings, rng)?;
	let subject = stamp_subject(&message, inputs.iter().map(|input| &input.signature));
	let stamp = find_stamp(&subject, stamp_bits).ok_or(Error::StampTooHard)?;
	Ok(Transfer { inputs, outputs, range_proof, fee, stamp })
}

/// The ring of each input: its members and the spent note's position among them.
type Rings = Vec<(Vec<RingMember>, usize)>;

/// The inputs that spend `spends`, with rings of `ring_size` notes drawn from `decoys` and
/// signatures left for when the message is known; their rings; and the blindings of their
/// pseudo-outputs, which add up to `output_blinding` (the blindings of what they pay), so the
/// commitments balance.
fn unsigned_inputs<R: RngCore + CryptoRng>(
	spends: &[Spendable],
	decoys: &[(u64, Note)],
	ring_size: usize,
	output_blinding: Scalar,
	rng: &mut R,
) -> Result<(Vec<TransferInput>, Rings, Vec<Scalar>), Error> {
	let mut pseudo_blindings: Vec<Scalar> =
		(1..spends.len()).map(|_| Scalar::random(rng)).collect();
	let last = output_blinding - pseudo_blindings.iter().sum::<Scalar>();
	pseudo_blindings.push(last);
	let mut rings = Vec::with_capacity(spends.len());
	let mut inputs = Vec::with_capacity(spends.len());
	for (spend, pseudo_blinding) in spends.iter().zip(&pseudo_blindings) {
		let (indices, members, position) =
			choose_ring((spend.index, spend.note.ring_member()), decoys, ring_size, rng)?;
		inputs.push(TransferInput {
			ring: indices,
			pseudo_output: commit(spend.owned.amount, pseudo_blinding),
			key_image: key_image(&spend.owned.one_time_secret),
			signature: unsigned(),
		});
		rings.push((members, position));
	}
	Ok((inputs, rings, pseudo_blindings))
}

/// Signs each input of `inputs` over `message` with the note it spends.
fn sign_inputs<R: RngCore + CryptoRng>(
	message: &[u8],
	inputs: &mut [TransferInput],
	rings: &Rings,
	spends: &[Spendable],
	pseudo_blindings: &[Scalar],
	rng: &mut R,
) -> Result<(), Error> {
	for (((input, (members, position)), spend), pseudo_blinding) in
		inputs.iter_mut().zip(rings).zip(spends).zip(pseudo_blindings)
	{
		let (signature, _) = clsag_sign(
			message,
			members,
			&input.pseudo_output,
			*position,
			&spend.owned.one_time_secret,
			&(spend.owned.blinding - pseudo_blinding),
			rng,
		)?;
		input.signature = signature;
	}
	Ok(())
}

/// What a lock of `spends` paying `fee` holds: their amounts less the fee, or
/// [`Error::Unbalanced`] if that is negative or more than an amount can be.
pub fn locked_amount(spends: &[Spendable], fee: u64) -> Result<u64, Error> {
	let spent: u128 = spends.iter().map(|spend| u128::from(spend.owned.amount)).sum();
	spent
		.checked_sub(u128::from(fee))
		.and_then(|amount| u64::try_from(amount).ok())
		.ok_or(Error::Unbalanced)
}

/// The inputs of a lock, and what they lock.
#[derive(Clone, Debug)]
pub struct Lock {
	/// One input per spent note, signed over the lock's message.
	pub inputs: Vec<TransferInput>,
	/// The locked commitment: to the spent amounts less the fee, with the caller's blinding.
	pub locked: Commitment,
	/// The range proof of the locked commitment.
	pub range_proof: RangeProofBytes,
	/// The locked amount.
	pub amount: u64,
	/// The message the call that holds the lock signs (what `bind` returned).
	pub binding: Message,
}

/// A lock in the pool whose spends sign `domain`: `spends` spent into one commitment to their
/// amounts less `fee`, with `locked_blinding` and a range proof, and no note. `bind` gives the message of the call
/// that holds the lock from its inputs (signatures left out) and locked commitment; the inputs
/// sign the lock message of it, so they serve that call only. The caller then signs that
/// message itself and stamps the call.
#[allow(clippy::too_many_arguments)]
pub fn build_lock<R: RngCore + CryptoRng>(
	domain: &[u8],
	spends: &[Spendable],
	decoys: &[(u64, Note)],
	ring_size: usize,
	fee: u64,
	locked_blinding: &Scalar,
	bind: impl FnOnce(&[TransferInput], &Commitment) -> Message,
	rng: &mut R,
) -> Result<Lock, Error> {
	if spends.is_empty() {
		return Err(Error::NoInputs);
	}
	let amount = locked_amount(spends, fee)?;
	let (range_proof, commitments) = prove_range(&[amount], &[*locked_blinding], rng)?;
	let locked = commitments.first().copied().ok_or(Error::NoOutputs)?;
	let (mut inputs, rings, pseudo_blindings) =
		unsigned_inputs(spends, decoys, ring_size, *locked_blinding, rng)?;
	let binding = bind(&inputs, &locked);
	let message = lock_message(domain, &binding, &inputs, &locked, &range_proof, fee);
	sign_inputs(&message, &mut inputs, &rings, spends, &pseudo_blindings, rng)?;
	Ok(Lock { inputs, locked, range_proof, amount, binding })
}

/// An unshield in the pool whose spends sign `domain` that spends all of `spend`: the
/// account whose SCALE encoding is `payee` receives its amount less `fee`. The ring has
/// `ring_size` notes drawn from `decoys` (the pool refuses decoys whose amount is public: a
/// wallet passes only notes made by transfers); the stamp proves `stamp_bits` bits of work.
#[allow(clippy::too_many_arguments)]
pub fn build_unshield<R: RngCore + CryptoRng>(
	domain: &[u8],
	spend: &Spendable,
	decoys: &[(u64, Note)],
	ring_size: usize,
	fee: u64,
	payee: &[u8],
	stamp_bits: u32,
	rng: &mut R,
) -> Result<Unshield, Error> {
	let amount = spend.owned.amount.checked_sub(fee).ok_or(Error::Unbalanced)?;
	let (ring, members, position) =
		choose_ring((spend.index, spend.note.ring_member()), decoys, ring_size, rng)?;
	let image: KeyImage = key_image(&spend.owned.one_time_secret);
	let message = unshield_message(domain, &ring, &image, amount, fee, payee);
	// The pseudo-output carries no blinding, so the whole blinding is the difference to sign for.
	let (signature, _) = clsag_sign(
		&message,
		&members,
		&public_commitment(spend.owned.amount),
		position,
		&spend.owned.one_time_secret,
		&spend.owned.blinding,
		rng,
	)?;
	let stamp = find_stamp(&stamp_subject(&message, [&signature]), stamp_bits)
		.ok_or(Error::StampTooHard)?;
	Ok(Unshield { input: UnshieldInput { ring, key_image: image, signature }, amount, fee, stamp })
}
