//! The wallet of the shielded money pool (`pallet-shielded-pool`): a household's view and spend
//! keys in a file, the notes of the pool it owns, and the `shield`, `transfer` and `unshield`
//! transactions that move its money.
//!
//! Everything that needs no node is a plain function of this module (the wallet file, scanning a
//! set of notes, choosing notes to spend, building transactions and their call data), so it is
//! tested offline; [`Pool`] is the connection to a node.
//!
//! The chain is reached by the names in its metadata: pallet `ShieldedPool`, its calls, storage
//! items and constants. Call data is the SCALE encoding of `energy-privacy`'s own types (the
//! types the pallet declares its arguments with), placed behind the pallet and call indices the
//! metadata gives; before a call is sent, each argument's bytes are decoded against the type the
//! metadata declares for it, so a runtime whose arguments differ is caught here, not by the node.

use crate::anchor::{describe, ChainConfig};
use anyhow::{anyhow, bail, ensure, Context, Result};
use codec::{Decode, Encode};
use energy_primitives::{DECIMALS, TOKEN_SYMBOL};
use energy_privacy::{
	builder::{self, Payment, Shield, Spendable, Transfer, Unshield},
	key_image, scan_note, AccountKeys, KeyImage, Note, OneTimeAddress, PublicAddress, Scalar,
};
use rand_core::{CryptoRng, RngCore};
use serde::{Deserialize, Serialize};
use std::{
	fs::OpenOptions,
	io::Write,
	os::unix::fs::{OpenOptionsExt, PermissionsExt},
	path::Path,
};
use subxt::{
	client::OnlineClientAtBlockImpl,
	dynamic,
	error::TransactionEventsError,
	ext::{
		scale_decode::{self, visitor::IgnoreVisitor, DecodeAsType},
		scale_encode::{self, EncodeAsFields, FieldIter, TypeResolver},
		scale_value::Value,
	},
	rpcs::{methods::LegacyRpcMethods, RpcClient},
	transactions::{
		DefaultParams, StaticPayload, SubmittableTransaction, TransactionInvalid,
		TransactionStatus, TransactionUnknown, ValidationResult,
	},
	utils::AccountId32,
	OnlineClient, OnlineClientAtBlock, PolkadotConfig,
};
use subxt_signer::sr25519::Keypair;
use zeroize::Zeroizing;

/// The name the runtime gives the shielded pool pallet.
pub const PALLET: &str = "ShieldedPool";

/// The version of the wallet file format this program writes and reads.
pub const WALLET_FILE_VERSION: u32 = 1;

/// An amount inside the pool, in the money token's smallest unit (`pallet_shielded_pool::Amount`).
pub type Amount = u64;

/// A note's position in the pool (`pallet_shielded_pool::NoteIndex`).
pub type NoteIndex = u64;

// ---------------------------------------------------------------------------------------------
// Money amounts

/// `amount` of the money token's smallest unit as money, e.g. `12.50 EUR`: every significant
/// decimal (so an amount can be copied back into `--amount` exactly), and at least two.
pub fn format_money(amount: Amount) -> String {
	let scale = 10u64.pow(u32::from(DECIMALS));
	let fraction = format!("{:0width$}", amount % scale, width = usize::from(DECIMALS));
	let fraction = fraction.trim_end_matches('0');
	format!("{}.{fraction:0<2} {TOKEN_SYMBOL}", amount / scale)
}

/// An amount of money written as a decimal number of units (`12`, `12.5`, `0.000001`; an
/// optional ` EUR` after it), in the money token's smallest unit.
pub fn parse_money(text: &str) -> Result<Amount> {
	let number = text.trim();
	let number = number.strip_suffix(TOKEN_SYMBOL).unwrap_or(number).trim_end();
	let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
	let digits = |part: &str| part.bytes().all(|byte| byte.is_ascii_digit());
	ensure!(
		!(whole.is_empty() && fraction.is_empty()) && digits(whole) && digits(fraction),
		"{text:?} is not an amount of money: write it in {TOKEN_SYMBOL} like 12 or 0.25"
	);
	ensure!(
		fraction.len() <= usize::from(DECIMALS),
		"{text:?} has more than {DECIMALS} decimals, the money token's smallest unit"
	);
	let too_large = || {
		anyhow!("{text:?} is more money than the pool can hold: at most {}", format_money(u64::MAX))
	};
	let whole: u64 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| too_large())? };
	let fraction: u64 = format!("{fraction:0<width$}", width = usize::from(DECIMALS))
		.parse()
		.expect("at most DECIMALS digits fit in a u64");
	whole
		.checked_mul(10u64.pow(u32::from(DECIMALS)))
		.and_then(|units| units.checked_add(fraction))
		.ok_or_else(too_large)
}

// ---------------------------------------------------------------------------------------------
// Addresses

/// A public address as the wallet prints it: `0x` and the hex of the view key `A` then the spend
/// key `B`, 64 bytes.
pub fn format_address(address: &PublicAddress) -> String {
	format!("0x{}{}", hex::encode(address.view), hex::encode(address.spend))
}

/// A public address printed by [`format_address`]; both keys must be curve points.
pub fn parse_address(text: &str) -> Result<PublicAddress> {
	let digits = text.strip_prefix("0x").unwrap_or(text);
	let bytes = hex::decode(digits)
		.ok()
		.filter(|bytes| bytes.len() == 64)
		.with_context(|| format!("{text:?} is not a wallet address: 0x and 128 hex digits"))?;
	let mut address = PublicAddress { view: [0; 32], spend: [0; 32] };
	address.view.copy_from_slice(&bytes[..32]);
	address.spend.copy_from_slice(&bytes[32..]);
	// Every 32-byte type of energy-privacy checks that its bytes encode a point the same way.
	ensure!(
		OneTimeAddress(address.view).check().is_ok()
			&& OneTimeAddress(address.spend).check().is_ok(),
		"{text:?} is not a wallet address: its keys are not curve points"
	);
	Ok(address)
}

/// An account of the chain as an SS58 address, for `unshield --dest`.
pub fn parse_account(text: &str) -> Result<AccountId32> {
	text.parse().map_err(|error| anyhow!("{text:?} is not an SS58 account address: {error}"))
}

// ---------------------------------------------------------------------------------------------
// The wallet and its file

/// A note of the pool the wallet owns, as the wallet file keeps it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct OwnedNote {
	/// Its index in the pool.
	pub index: NoteIndex,
	/// Its output number in the transaction that created it: its position among the
	/// consecutive notes of the pool that share its transaction public key.
	pub output_index: u32,
	/// The note as the pool stores it.
	pub note: Note,
	/// What it is worth.
	pub amount: Amount,
	/// The key image its spend reveals; the pool's `SpentKeyImages` holds it once spent.
	pub key_image: KeyImage,
	/// Whether the chain has seen its key image.
	pub spent: bool,
}

/// Where the notes of the wallet were last read from the chain.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ScanMark {
	/// The chain's genesis hash, `0x` and hex: a wallet file is tied to one chain once scanned.
	pub genesis_hash: String,
	/// The block read, `0x` and hex.
	pub block_hash: String,
	/// Its number.
	pub block_number: u64,
	/// How many notes the pool held in that block.
	pub note_count: NoteIndex,
}

/// A household's shielded wallet: its keys and the notes it owns.
pub struct Wallet {
	keys: AccountKeys,
	view_secret: Zeroizing<[u8; 32]>,
	spend_secret: Zeroizing<[u8; 32]>,
	/// The last scan, if any.
	pub scanned: Option<ScanMark>,
	/// The owned notes, by increasing index.
	pub notes: Vec<OwnedNote>,
}

/// The wallet file: JSON, readable by its owner only.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct WalletFile {
	version: u32,
	/// The public address, for the reader's convenience; checked against the keys on load.
	address: String,
	view_secret: String,
	spend_secret: String,
	#[serde(default)]
	scanned: Option<ScanMark>,
	#[serde(default)]
	notes: Vec<NoteRecord>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct NoteRecord {
	index: NoteIndex,
	output_index: u32,
	/// The note's SCALE encoding, `0x` and hex.
	note: String,
	amount: Amount,
	key_image: String,
	spent: bool,
}

fn to_hex(bytes: &[u8]) -> String {
	format!("0x{}", hex::encode(bytes))
}

fn from_hex32(text: &str) -> Option<[u8; 32]> {
	hex::decode(text.strip_prefix("0x")?).ok()?.try_into().ok()
}

fn canonical_scalar(bytes: &[u8; 32]) -> Option<Scalar> {
	Option::from(Scalar::from_canonical_bytes(*bytes))
}

impl Wallet {
	/// A wallet with fresh keys drawn from `rng`, which owns nothing yet.
	pub fn generate<R: RngCore + CryptoRng>(rng: &mut R) -> Self {
		Self::from_secrets(Scalar::random(rng), Scalar::random(rng))
	}

	fn from_secrets(view: Scalar, spend: Scalar) -> Self {
		Wallet {
			keys: AccountKeys::from_secrets(view, spend),
			view_secret: Zeroizing::new(view.to_bytes()),
			spend_secret: Zeroizing::new(spend.to_bytes()),
			scanned: None,
			notes: Vec::new(),
		}
	}

	/// The keys.
	pub fn keys(&self) -> &AccountKeys {
		&self.keys
	}

	/// The public address senders pay to.
	pub fn address(&self) -> PublicAddress {
		self.keys.public_address()
	}

	/// The sum of the unspent notes.
	pub fn balance(&self) -> u128 {
		self.unspent().map(|note| u128::from(note.amount)).sum()
	}

	/// The notes not known to be spent.
	pub fn unspent(&self) -> impl Iterator<Item = &OwnedNote> {
		self.notes.iter().filter(|note| !note.spent)
	}

	/// Write the wallet to a new file at `path`, readable and writable by its owner only;
	/// refuses to replace an existing file.
	pub fn create(&self, path: &Path) -> Result<()> {
		let mut file =
			OpenOptions::new().write(true).create_new(true).mode(0o600).open(path).map_err(
				|error| match error.kind() {
					std::io::ErrorKind::AlreadyExists => anyhow!(
						"{} exists already; a wallet file is never overwritten (its keys would be \
					 lost): choose another path",
						path.display()
					),
					_ => anyhow!(error).context(format!("cannot create {}", path.display())),
				},
			)?;
		file.write_all(&self.to_json()?)
			.and_then(|()| file.sync_all())
			.with_context(|| format!("cannot write {}", path.display()))
	}

	/// Replace the wallet file at `path` with this wallet: written next to it, then renamed over
	/// it, so a crash leaves either the old file or the new one.
	pub fn save(&self, path: &Path) -> Result<()> {
		let file_name =
			path.file_name().with_context(|| format!("{} is not a file", path.display()))?;
		let mut temporary = path.to_path_buf();
		temporary.set_file_name(format!(
			".{}.tmp-{}",
			file_name.to_string_lossy(),
			std::process::id()
		));
		let written = (|| {
			let mut file =
				OpenOptions::new().write(true).create_new(true).mode(0o600).open(&temporary)?;
			file.write_all(&self.to_json()?)?;
			file.sync_all()?;
			std::fs::rename(&temporary, path)
		})();
		written.map_err(|error: std::io::Error| {
			let _ = std::fs::remove_file(&temporary);
			anyhow!(error).context(format!("cannot save the wallet to {}", path.display()))
		})
	}

	fn to_json(&self) -> std::io::Result<Vec<u8>> {
		let file = WalletFile {
			version: WALLET_FILE_VERSION,
			address: format_address(&self.address()),
			view_secret: to_hex(&self.view_secret[..]),
			spend_secret: to_hex(&self.spend_secret[..]),
			scanned: self.scanned.clone(),
			notes: self
				.notes
				.iter()
				.map(|note| NoteRecord {
					index: note.index,
					output_index: note.output_index,
					note: to_hex(&note.note.encode()),
					amount: note.amount,
					key_image: to_hex(&note.key_image.0),
					spent: note.spent,
				})
				.collect(),
		};
		let mut json = serde_json::to_vec_pretty(&file)?;
		json.push(b'\n');
		Ok(json)
	}

	/// Read the wallet file at `path`. Every note it lists is checked against the keys (it must
	/// pay them, at its output number, with its amount and key image), so a damaged file is
	/// refused rather than used to build transactions the chain would refuse.
	pub fn load(path: &Path) -> Result<Self> {
		let bytes =
			std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
		let wallet = Self::from_json(&bytes)
			.with_context(|| format!("{} is not a usable wallet file", path.display()))?;
		if let Ok(metadata) = std::fs::metadata(path) {
			if metadata.permissions().mode() & 0o077 != 0 {
				tracing::warn!(
					"{} can be read by other users; it holds the wallet's secret keys \
					 (chmod 600 it)",
					path.display()
				);
			}
		}
		Ok(wallet)
	}

	fn from_json(bytes: &[u8]) -> Result<Self> {
		let file: WalletFile = serde_json::from_slice(bytes).context("it is not wallet JSON")?;
		ensure!(
			file.version == WALLET_FILE_VERSION,
			"it has version {}; this program reads version {WALLET_FILE_VERSION}",
			file.version
		);
		let secret = |text: &str, name: &str| {
			from_hex32(text)
				.as_ref()
				.and_then(canonical_scalar)
				.with_context(|| format!("its {name} is not 0x and a 32-byte scalar in hex"))
		};
		let mut wallet = Self::from_secrets(
			secret(&file.view_secret, "viewSecret")?,
			secret(&file.spend_secret, "spendSecret")?,
		);
		ensure!(
			file.address == format_address(&wallet.address()),
			"its address does not belong to its keys"
		);
		wallet.scanned = file.scanned;
		for record in &file.notes {
			let note = hex::decode(record.note.trim_start_matches("0x"))
				.ok()
				.and_then(|bytes| Note::decode(&mut &bytes[..]).ok())
				.with_context(|| format!("its note {} does not decode", record.index))?;
			let owned = scan_note(&wallet.keys, &note, record.output_index)
				.ok()
				.flatten()
				.with_context(|| format!("its note {} does not pay this wallet", record.index))?;
			ensure!(
				owned.amount == record.amount
					&& Some(key_image(&owned.one_time_secret).0) == from_hex32(&record.key_image),
				"its note {} does not hold the amount or key image the file says",
				record.index
			);
			wallet.notes.push(OwnedNote {
				index: record.index,
				output_index: record.output_index,
				note,
				amount: record.amount,
				key_image: KeyImage(from_hex32(&record.key_image).expect("compared above")),
				spent: record.spent,
			});
		}
		wallet.notes.sort_by_key(|note| note.index);
		Ok(wallet)
	}

	/// The notes of `notes` (consecutive notes of the pool in index order, such as all of them)
	/// that pay this wallet, none marked spent yet.
	pub fn find_owned(&self, notes: &[(NoteIndex, Note)]) -> Vec<OwnedNote> {
		builder::scan_notes(&self.keys, notes)
			.into_iter()
			.map(|found| {
				// `scan_notes` found the note at its output number: its position in its run of
				// notes with the same transaction key, which is what the file keeps.
				let position = notes
					.iter()
					.position(|(index, _)| *index == found.index)
					.expect("scan_notes returns notes of its input");
				let output_index = notes[..position]
					.iter()
					.rev()
					.take_while(|(_, note)| note.tx_public_key == found.note.tx_public_key)
					.count() as u32;
				OwnedNote {
					index: found.index,
					output_index,
					note: found.note,
					amount: found.owned.amount,
					key_image: key_image(&found.owned.one_time_secret),
					spent: false,
				}
			})
			.collect()
	}

	/// Adds `found` to the wallet's notes, replacing notes of the same index.
	pub fn add_notes(&mut self, found: Vec<OwnedNote>) {
		for note in found {
			self.notes.retain(|known| known.index != note.index);
			self.notes.push(note);
		}
		self.notes.sort_by_key(|note| note.index);
	}

	/// Marks the notes with these key images spent.
	pub fn mark_spent(&mut self, key_images: &[KeyImage]) {
		for note in &mut self.notes {
			if key_images.contains(&note.key_image) {
				note.spent = true;
			}
		}
	}

	/// `note` with what scanning revealed, for the transaction builder.
	fn spendable(&self, note: &OwnedNote) -> Result<Spendable> {
		let owned = scan_note(&self.keys, &note.note, note.output_index)
			.ok()
			.flatten()
			.with_context(|| format!("note {} does not pay this wallet", note.index))?;
		Ok(Spendable { index: note.index, note: note.note, owned })
	}
}

// ---------------------------------------------------------------------------------------------
// Choosing notes and building transactions

/// What the runtime allows a private transaction, from the pallet's constants.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Limits {
	/// The ring size to use: `MaxRingSize`.
	pub ring_size: u32,
	/// The most notes one transfer spends: `MaxInputs`.
	pub max_inputs: u32,
	/// The most notes one transfer creates: `MaxOutputs`.
	pub max_outputs: u32,
	/// The least fee: `MinFee`.
	pub min_fee: Amount,
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
		format_money_wide(balance),
		format_money(amount),
		format_money(fee)
	);
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
	ensure!(
		chosen.len() <= limits.max_inputs as usize,
		"paying {} and the fee takes {} notes, but a transfer spends at most {}: first transfer \
		 a smaller amount to yourself to merge notes",
		format_money(amount),
		chosen.len(),
		limits.max_inputs
	);
	Ok(chosen)
}

/// Like [`format_money`], for sums of notes (which may exceed what one amount can hold).
fn format_money_wide(amount: u128) -> String {
	match Amount::try_from(amount) {
		Ok(amount) => format_money(amount),
		Err(_) => format!("{amount} units of {TOKEN_SYMBOL}"),
	}
}

/// A private transfer of `amount` to `to` with `fee`, on the chain with `genesis_hash`:
/// spends the notes [`select_notes`] chooses, returns the rest to the wallet's own address, and
/// hides each spent note in a ring drawn from `pool_notes` (the pool's notes). Every transfer
/// has two outputs when the runtime allows it (a change of zero if nothing is left over), so a
/// transfer's shape does not tell whether it had change.
// The builder's own arguments, plus the wallet and the runtime's limits.
#[allow(clippy::too_many_arguments)]
pub fn build_transfer<R: RngCore + CryptoRng>(
	wallet: &Wallet,
	genesis_hash: &[u8],
	pool_notes: &[(NoteIndex, Note)],
	to: &PublicAddress,
	amount: Amount,
	fee: Amount,
	limits: &Limits,
	rng: &mut R,
) -> Result<Transfer> {
	ensure!(amount > 0, "the amount to pay must be more than zero");
	ensure!(
		fee >= limits.min_fee,
		"the fee {} is below the chain's least fee {}",
		format_money(fee),
		format_money(limits.min_fee)
	);
	let chosen = select_notes(wallet, amount, fee, limits)?;
	let spent: u128 = chosen.iter().map(|note| u128::from(note.amount)).sum();
	let change = Amount::try_from(spent - u128::from(amount) - u128::from(fee))
		.context("the change is more than one note can hold: spend fewer notes")?;
	let mut payments = vec![Payment { to: *to, amount }];
	if change > 0 || limits.max_outputs >= 2 {
		payments.push(Payment { to: wallet.address(), amount: change });
	}
	let spends = chosen.iter().map(|note| wallet.spendable(note)).collect::<Result<Vec<_>>>()?;
	builder::build_transfer(
		genesis_hash,
		&spends,
		pool_notes,
		limits.ring_size as usize,
		&payments,
		fee,
		rng,
	)
	.map_err(|error| anyhow!("cannot build the transfer: {error}"))
}

/// The unspent note of `wallet` worth exactly `amount + fee`, which an unshield of `amount` with
/// `fee` spends whole.
pub fn unshield_note(wallet: &Wallet, amount: Amount, fee: Amount) -> Result<&OwnedNote> {
	let need = amount
		.checked_add(fee)
		.with_context(|| "the amount and the fee add up to more than a note can hold")?;
	if let Some(note) = wallet.unspent().find(|note| note.amount == need) {
		return Ok(note);
	}
	let held: Vec<String> = wallet.unspent().map(|note| format_money(note.amount)).collect();
	bail!(
		"an unshield spends one note whole, and no unspent note holds exactly {} ({} and a fee \
		 of {}); the wallet's notes hold {}. Make one first: `energy-wallet transfer --to \
		 <your own address> --amount {}`",
		format_money(need),
		format_money(amount),
		format_money(fee),
		if held.is_empty() { "nothing".to_string() } else { held.join(", ") },
		format_money(need).trim_end_matches(TOKEN_SYMBOL).trim_end()
	)
}

/// An unshield of `amount` to `dest` with `fee`, on the chain with `genesis_hash`, spending the
/// note [`unshield_note`] finds, hidden in a ring drawn from `pool_notes`.
#[allow(clippy::too_many_arguments)]
pub fn build_unshield<R: RngCore + CryptoRng>(
	wallet: &Wallet,
	genesis_hash: &[u8],
	pool_notes: &[(NoteIndex, Note)],
	dest: &AccountId32,
	amount: Amount,
	fee: Amount,
	limits: &Limits,
	rng: &mut R,
) -> Result<Unshield> {
	ensure!(amount > 0, "the amount to unshield must be more than zero");
	ensure!(
		fee >= limits.min_fee,
		"the fee {} is below the chain's least fee {}",
		format_money(fee),
		format_money(limits.min_fee)
	);
	let note = unshield_note(wallet, amount, fee)?;
	let spend = wallet.spendable(note)?;
	builder::build_unshield(
		genesis_hash,
		&spend,
		pool_notes,
		limits.ring_size as usize,
		fee,
		&dest.0.encode(),
		rng,
	)
	.map_err(|error| anyhow!("cannot build the unshield: {error}"))
}

// ---------------------------------------------------------------------------------------------
// Call data

/// A call's arguments, each already SCALE-encoded with the Rust type the pallet declares it
/// with. subxt places them behind the pallet and call indices it reads from the metadata; first
/// each argument is decoded against the type the metadata gives for it, so bytes that do not fit
/// the runtime are refused before they reach the node. (subxt's dynamic values would re-describe
/// `energy-privacy`'s types field by field; encoding with the types themselves cannot drift.)
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScaleArgs(pub Vec<Vec<u8>>);

impl EncodeAsFields for ScaleArgs {
	fn encode_as_fields_to<R: TypeResolver>(
		&self,
		fields: &mut dyn FieldIter<'_, R::TypeId>,
		types: &R,
		out: &mut Vec<u8>,
	) -> Result<(), scale_encode::Error> {
		let fields: Vec<_> = fields.collect();
		if fields.len() != self.0.len() {
			return Err(scale_encode::Error::custom_string(format!(
				"the runtime's call takes {} arguments, the wallet gives {}",
				fields.len(),
				self.0.len()
			)));
		}
		for (field, bytes) in fields.into_iter().zip(&self.0) {
			let name = field.name.unwrap_or("?").to_string();
			let cursor = &mut &bytes[..];
			scale_decode::visitor::decode_with_visitor(
				cursor,
				field.id,
				types,
				IgnoreVisitor::<R>::new(),
			)
			.map_err(|error| {
				scale_encode::Error::custom_string(format!(
					"argument `{name}` does not have the runtime's type: {error}"
				))
			})?;
			if !cursor.is_empty() {
				return Err(scale_encode::Error::custom_string(format!(
					"argument `{name}` is longer than the runtime's type"
				)));
			}
			out.extend_from_slice(bytes);
		}
		Ok(())
	}
}

/// A call of the shielded pool.
pub type PoolCall = StaticPayload<ScaleArgs>;

/// `ShieldedPool.shield(amount, note, blinding, range_proof)`.
pub fn shield_call(amount: Amount, shield: &Shield) -> PoolCall {
	let args = vec![
		amount.encode(),
		shield.note.encode(),
		shield.blinding.encode(),
		shield.range_proof.encode(),
	];
	StaticPayload::new(PALLET, "shield", ScaleArgs(args))
}

/// `ShieldedPool.transfer(inputs, outputs, range_proof, fee)`.
pub fn transfer_call(transfer: &Transfer) -> PoolCall {
	// A `BoundedVec` encodes as the `Vec` it bounds.
	let args = vec![
		transfer.inputs.encode(),
		transfer.outputs.encode(),
		transfer.range_proof.encode(),
		transfer.fee.encode(),
	];
	StaticPayload::new(PALLET, "transfer", ScaleArgs(args))
}

/// `ShieldedPool.unshield(input, amount, fee, dest)`.
pub fn unshield_call(unshield: &Unshield, dest: &AccountId32) -> PoolCall {
	let args = vec![
		unshield.input.encode(),
		unshield.amount.encode(),
		unshield.fee.encode(),
		dest.0.encode(),
	];
	StaticPayload::new(PALLET, "unshield", ScaleArgs(args))
}

// ---------------------------------------------------------------------------------------------
// The chain

/// A connection to a node of the chain, for the shielded pool.
pub struct Pool {
	client: OnlineClient<ChainConfig>,
	rpc: LegacyRpcMethods<subxt::config::RpcConfigFor<ChainConfig>>,
}

/// The pool's notes in one block.
pub struct Snapshot {
	/// Every note, by increasing index.
	pub notes: Vec<(NoteIndex, Note)>,
	/// Where they were read.
	pub mark: ScanMark,
}

/// A transaction the chain included and executed successfully.
pub struct Included {
	/// The block that includes it.
	pub block_hash: [u8; 32],
	/// Its events, as `(pallet, event, field bytes)`.
	events: Vec<(String, String, Vec<u8>)>,
}

impl Included {
	/// The fields of the first event `pallet.event` of the transaction, decoded.
	fn event<E: Decode>(&self, event: &str) -> Option<E> {
		self.events
			.iter()
			.find(|(p, e, _)| p == PALLET && e == event)
			.and_then(|(_, _, bytes)| E::decode(&mut &bytes[..]).ok())
	}

	/// The index of the note a shield created (`ShieldedPool.Shielded`).
	pub fn shielded_note_index(&self) -> Option<NoteIndex> {
		// Shielded { who: AccountId32, amount: Amount, note_index: NoteIndex }
		self.event::<([u8; 32], Amount, NoteIndex)>("Shielded").map(|(_, _, index)| index)
	}

	/// The index of the first note a transfer created (`ShieldedPool.Transferred`).
	pub fn first_transferred_note_index(&self) -> Option<NoteIndex> {
		// Transferred { key_images: BoundedVec<KeyImage, _>, first_note_index, outputs, fee }
		self.event::<(Vec<KeyImage>, NoteIndex)>("Transferred").map(|(_, index)| index)
	}
}

impl Pool {
	/// Connect to the node at `url` (`ws://` or `wss://`).
	pub async fn connect(url: &str) -> Result<Self> {
		let rpc = RpcClient::from_insecure_url(url)
			.await
			.with_context(|| format!("cannot connect to a node at {url}"))?;
		let config = PolkadotConfig::builder().use_historic_types(false).build();
		let client = OnlineClient::from_rpc_client_with_config(config, rpc.clone())
			.await
			.with_context(|| format!("cannot talk to the node at {url}"))?;
		let pool = Pool { client, rpc: LegacyRpcMethods::new(rpc) };
		let at = pool.at_best_block().await?;
		ensure!(
			at.metadata_ref().pallet_by_name(PALLET).is_some(),
			"the chain at {url} has no {PALLET} pallet"
		);
		Ok(pool)
	}

	/// The chain's genesis hash, which every spend's signatures bind.
	pub fn genesis_hash(&self) -> [u8; 32] {
		self.client.genesis_hash().0
	}

	/// The chain at its best block: what the next block builds on.
	async fn at_best_block(&self) -> Result<OnlineClientAtBlock<ChainConfig>> {
		let best = self
			.rpc
			.chain_get_block_hash(None)
			.await
			.context("cannot ask the node for its best block")?
			.context("the node has no best block")?;
		self.client.at_block(best).await.context("cannot read the best block")
	}

	/// The pallet's limits on private transactions.
	pub async fn limits(&self) -> Result<Limits> {
		let at = self.at_best_block().await?;
		Ok(Limits {
			ring_size: constant::<u32>(&at, "MaxRingSize")?.min(energy_privacy::MAX_RING_SIZE),
			max_inputs: constant(&at, "MaxInputs")?,
			max_outputs: constant(&at, "MaxOutputs")?,
			min_fee: constant(&at, "MinFee")?,
		})
	}

	/// Every note of the pool at the best block: `NoteCount`, then `Notes` read in full.
	pub async fn snapshot(&self) -> Result<Snapshot> {
		let at = self.at_best_block().await?;
		let note_count = at
			.storage()
			.fetch(dynamic::storage::<(), NoteIndex>(PALLET, "NoteCount"), ())
			.await
			.with_context(|| format!("cannot read {PALLET}.NoteCount"))?
			.decode_as::<NoteIndex>()
			.with_context(|| format!("cannot decode {PALLET}.NoteCount"))?;
		let mut entries = at
			.storage()
			.iter(dynamic::storage::<(NoteIndex,), Value>(PALLET, "Notes"), ())
			.await
			.with_context(|| format!("cannot read {PALLET}.Notes"))?;
		let mut notes = Vec::with_capacity(note_count as usize);
		while let Some(entry) = entries.next().await {
			let entry = entry.with_context(|| format!("cannot read {PALLET}.Notes"))?;
			let index = entry
				.key()
				.ok()
				.and_then(|key| key.part(0)?.decode_as::<NoteIndex>().ok().flatten())
				.with_context(|| format!("cannot decode a key of {PALLET}.Notes"))?;
			let note = Note::decode(&mut entry.value().bytes())
				.with_context(|| format!("cannot decode {PALLET}.Notes({index})"))?;
			notes.push((index, note));
		}
		notes.sort_by_key(|(index, _)| *index);
		ensure!(
			notes.iter().map(|(index, _)| *index).eq(0..note_count),
			"{PALLET}.Notes does not hold exactly the notes 0..{note_count} that \
			 {PALLET}.NoteCount counts"
		);
		let mark = ScanMark {
			genesis_hash: to_hex(&self.genesis_hash()),
			block_hash: to_hex(at.block_hash().as_ref()),
			block_number: at.block_number(),
			note_count,
		};
		Ok(Snapshot { notes, mark })
	}

	/// Which of `key_images` the pool has seen spent, at the best block.
	pub async fn spent(&self, key_images: &[KeyImage]) -> Result<Vec<bool>> {
		let at = self.at_best_block().await?;
		let address = dynamic::storage::<([u8; 32],), Value>(PALLET, "SpentKeyImages");
		let mut spent = Vec::with_capacity(key_images.len());
		for image in key_images {
			let found = at
				.storage()
				.try_fetch(address.clone(), (image.0,))
				.await
				.with_context(|| format!("cannot read {PALLET}.SpentKeyImages"))?;
			spent.push(found.is_some());
		}
		Ok(spent)
	}

	/// Submit `call` signed by `signer` and wait until a block includes it.
	pub async fn submit_signed(&self, call: &PoolCall, signer: &Keypair) -> Result<Included> {
		let at = self.at_best_block().await?;
		let transaction = at
			.transactions()
			.create_signed(call, signer, DefaultParams::default_params())
			.await
			.with_context(|| format!("cannot build the {} transaction", call.call_name()))?;
		self.submit(&at, call.call_name(), transaction).await
	}

	/// Submit `call` as an unsigned transaction (no sender, no signature: the pallet's
	/// `validate_unsigned` admits it on its proofs) and wait until a block includes it.
	pub async fn submit_unsigned(&self, call: &PoolCall) -> Result<Included> {
		let at = self.at_best_block().await?;
		let transaction = at
			.transactions()
			.create_unsigned(call)
			.with_context(|| format!("cannot build the {} transaction", call.call_name()))?;
		self.submit(&at, call.call_name(), transaction).await
	}

	/// Ask the node whether `transaction` is valid (so a refusal comes back with the pallet's
	/// reason, which the transaction pool only gives as a number), submit it, and wait until a
	/// block includes it; a refusal is an error naming the pallet's error.
	async fn submit(
		&self,
		at: &OnlineClientAtBlock<ChainConfig>,
		name: &str,
		transaction: SubmittableTransaction<ChainConfig, OnlineClientAtBlockImpl<ChainConfig>>,
	) -> Result<Included> {
		let validity = transaction
			.validate()
			.await
			.with_context(|| format!("cannot ask the node to check the {name} transaction"))?;
		match validity {
			ValidationResult::Valid(_) => {}
			ValidationResult::Invalid(invalid) => {
				bail!("the chain refuses the {name}: {}", describe_invalid(at, &invalid))
			}
			ValidationResult::Unknown(unknown) => {
				bail!("the chain cannot check the {name}: {}", describe_unknown(&unknown))
			}
		}
		let mut progress = transaction
			.submit_and_watch()
			.await
			.with_context(|| format!("the node refused the {name} transaction"))?;
		while let Some(status) = progress.next().await {
			let in_block =
				match status.with_context(|| format!("lost track of the {name} transaction"))? {
					TransactionStatus::InBestBlock(in_block)
					| TransactionStatus::InFinalizedBlock(in_block) => in_block,
					TransactionStatus::Error { message }
					| TransactionStatus::Invalid { message }
					| TransactionStatus::Dropped { message } => {
						bail!("the {name} transaction did not make it into a block: {message}")
					}
					_ => continue,
				};
			return match in_block.wait_for_success().await {
				Ok(events) => {
					let mut decoded = Vec::new();
					for event in events.iter() {
						let event = event.context("cannot decode the transaction's events")?;
						decoded.push((
							event.pallet_name().to_string(),
							event.event_name().to_string(),
							event.field_bytes().to_vec(),
						));
					}
					Ok(Included { block_hash: in_block.block_hash().0, events: decoded })
				}
				Err(TransactionEventsError::ExtrinsicFailed(error)) => {
					Err(anyhow!("the chain refused the {name}: {}", describe(&error)))
				}
				Err(error) => {
					Err(error).with_context(|| format!("cannot tell whether the {name} succeeded"))
				}
			};
		}
		bail!("the node stopped reporting on the {name} transaction before it was in a block")
	}
}

/// The pallet's constant `name`.
fn constant<V: DecodeAsType>(at: &OnlineClientAtBlock<ChainConfig>, name: &str) -> Result<V> {
	at.constants()
		.entry(dynamic::constant::<V>(PALLET, name))
		.with_context(|| format!("cannot read the constant {PALLET}.{name}"))
}

/// Why the transaction pool refuses a transaction. The pool's unsigned validation reports a
/// pallet error as `Custom(index of the error)`, named here from the metadata.
fn describe_invalid(at: &OnlineClientAtBlock<ChainConfig>, invalid: &TransactionInvalid) -> String {
	if let TransactionInvalid::Custom(code) = invalid {
		let variant = at
			.metadata_ref()
			.pallet_by_name(PALLET)
			.and_then(|pallet| pallet.error_variant_by_index(*code));
		if let Some(variant) = variant {
			let docs = variant.docs.join(" ");
			let name = format!("{PALLET}.{}", variant.name);
			return if docs.is_empty() { name } else { format!("{name} ({})", docs.trim()) };
		}
	}
	format!("invalid transaction: {invalid:?}")
}

fn describe_unknown(unknown: &TransactionUnknown) -> String {
	match unknown {
		TransactionUnknown::NoUnsignedValidator => {
			format!("the runtime validates no unsigned {PALLET} transactions (is `ValidateUnsigned` wired?)")
		}
		other => format!("{other:?}"),
	}
}

#[cfg(test)]
mod tests;
