//! The wallet: a household's view and spend keys and the notes of the pool it owns, kept in a
//! JSON file readable by its owner only; and scanning notes of the pool for the wallet's own.

use crate::money::{format_address, Amount};
use anyhow::{anyhow, ensure, Context, Result};
use codec::{Decode, Encode};
use energy_client::to_hex;
use energy_privacy::{
	builder::{self, Spendable},
	key_image, scan_note, AccountKeys, KeyImage, Note, PublicAddress, Scalar,
};
use rand_core::{CryptoRng, RngCore};
use serde::{Deserialize, Serialize};
use std::{
	fs::OpenOptions,
	io::Write,
	os::unix::fs::{OpenOptionsExt, PermissionsExt},
	path::Path,
};
use zeroize::Zeroizing;

/// A note's position in the pool (`pallet_shielded_pool::NoteIndex`).
pub type NoteIndex = u64;

/// The version of the wallet file format this program writes and reads.
pub const WALLET_FILE_VERSION: u32 = 1;

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
	/// Crate-visible for the tests of the wallet file.
	pub(crate) spend_secret: Zeroizing<[u8; 32]>,
	/// The pool whose notes the wallet holds (`ShieldedPool` or `EnergyPool`), from its first
	/// shield or scan on: a wallet file holds one pool's notes.
	pub pool: Option<String>,
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
	/// Absent in files that were never used, and in files written before the energy pool,
	/// which hold money notes if they hold any.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pool: Option<String>,
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
			pool: None,
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
			pool: self.pool.clone(),
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
		let used = file.scanned.is_some() || !file.notes.is_empty();
		wallet.pool =
			file.pool.or_else(|| used.then(|| crate::asset::Asset::Money.pallet().to_string()));
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

	/// Refuses a wallet that holds the other asset's notes, and records the pool in a wallet
	/// that held none yet (the caller saves it with what it does next).
	pub fn check_pool(&mut self, asset: crate::asset::Asset) -> Result<()> {
		match &self.pool {
			Some(pool) => ensure!(
				pool == asset.pallet(),
				"the wallet holds notes of the {pool} pool, not the {} pool of `--asset {}`: use \
				 another wallet file (`energy-wallet new`) for each asset",
				asset.pallet(),
				format!("{asset:?}").to_lowercase()
			),
			None => self.pool = Some(asset.pallet().to_string()),
		}
		Ok(())
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
	pub(crate) fn spendable(&self, note: &OwnedNote) -> Result<Spendable> {
		let owned = scan_note(&self.keys, &note.note, note.output_index)
			.ok()
			.flatten()
			.with_context(|| format!("note {} does not pay this wallet", note.index))?;
		Ok(Spendable { index: note.index, note: note.note, owned })
	}
}
