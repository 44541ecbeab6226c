//! A household's file of the private market: its market secret (the key its ring signatures
//! are made with), and what it must remember of each private offer and purchase to settle it:
//! the one-time keys, the openings of the hidden amounts and the notes payouts go to. Nobody
//! else can settle a private trade, so losing this file loses what its locks hold: it is
//! written before anything is sent, and read back whole or refused.

use anyhow::{anyhow, ensure, Context, Result};
use codec::{Decode, Encode};
use energy_primitives::{AgreementId, OfferId, SlotIndex};
use energy_privacy::{MarketSecret, Note, Scalar};
use rand_core::{CryptoRng, RngCore};
use serde::{Deserialize, Serialize};
use std::{
	fs::OpenOptions,
	io::Write,
	os::unix::fs::OpenOptionsExt,
	path::{Path, PathBuf},
};
use subxt_signer::sr25519::Keypair;

/// The market file: `energy-wallet market` commands read and write it.
#[derive(Serialize, Deserialize, Debug)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MarketFile {
	/// The market secret, 0x and a 32-byte scalar in hex.
	market_secret: String,
	/// The chain the file trades on, once it has: its genesis hash.
	pub genesis_hash: Option<String>,
	/// One-time keys made for purchases not made yet (32-byte seeds in hex).
	pub buyer_keys: Vec<String>,
	/// The household's private offers.
	pub offers: Vec<OfferRecord>,
	/// The household's private purchases.
	pub purchases: Vec<PurchaseRecord>,
}

/// A private offer the household made.
#[derive(Serialize, Deserialize, Clone, Debug)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OfferRecord {
	/// Its identifier on the chain, once the chain took it (the record is written before the
	/// offer is sent).
	pub offer: Option<OfferId>,
	/// Its delivery slot.
	pub slot: SlotIndex,
	/// The seed of its one-time key.
	pub key_seed: String,
	/// What it locked, in Wh.
	pub amount: u64,
	/// The lock's blinding.
	pub lock_blinding: String,
	/// The note of the household's energy wallet the lock returns to when nothing was
	/// penalised (its commitment is the lock's), SCALE in hex.
	pub close_note: String,
	/// What was agreed with buyers.
	pub sales: Vec<SaleRecord>,
	/// Whether the lock went back.
	pub closed: bool,
}

impl OfferRecord {
	/// Its identifier on the chain.
	pub fn id(&self) -> Result<OfferId> {
		self.offer.context("the offer is not on the chain (yet)")
	}
}

/// An agreement the household consented to as a seller.
#[derive(Serialize, Deserialize, Clone, Debug)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SaleRecord {
	/// The buyer's one-time key, in hex.
	pub buyer_key: String,
	/// The energy sold, in Wh, and its blinding.
	pub energy: u64,
	pub energy_blinding: String,
	/// The payment, in the money pool's unit.
	pub payment: u64,
	/// The note of the household's money wallet the payment goes to, SCALE in hex.
	pub pay_note: String,
	/// Whether it is settled: paid by its buyer or by claim, or refunded.
	pub settled: bool,
}

/// A private purchase the household made (or is about to).
#[derive(Serialize, Deserialize, Clone, Debug)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PurchaseRecord {
	/// The agreement's identifier on the chain, once the purchase is in (the record is written
	/// before the purchase is sent).
	pub agreement: Option<AgreementId>,
	/// The offer bought from, and its delivery slot.
	pub offer: OfferId,
	pub slot: SlotIndex,
	/// The seed of the buyer's one-time key.
	pub key_seed: String,
	/// The energy bought, in Wh, and its blinding.
	pub energy: u64,
	pub energy_blinding: String,
	/// The payment, and its blinding.
	pub payment: u64,
	pub payment_blinding: String,
	/// The seller's note the payment is released to, SCALE in hex.
	pub pay_note: String,
	/// Whether it is settled: released, claimed by the seller, or refunded.
	pub settled: bool,
}

/// 32 bytes from `0x` and 64 hex digits.
pub fn bytes32(text: &str, what: &str) -> Result<[u8; 32]> {
	text.strip_prefix("0x")
		.and_then(|digits| hex::decode(digits).ok())
		.and_then(|bytes| bytes.try_into().ok())
		.with_context(|| format!("{what} is not 0x and 32 bytes in hex"))
}

/// A canonical scalar from `0x` and 64 hex digits.
pub fn scalar(text: &str, what: &str) -> Result<Scalar> {
	Option::from(Scalar::from_canonical_bytes(bytes32(text, what)?))
		.with_context(|| format!("{what} is not a canonical scalar"))
}

/// A value SCALE-encoded in hex.
pub fn to_scale_hex<T: Encode>(value: &T) -> String {
	format!("0x{}", hex::encode(value.encode()))
}

/// A value of type `T` from its SCALE encoding in hex.
pub fn from_scale_hex<T: Decode>(text: &str, what: &str) -> Result<T> {
	let bytes = text
		.strip_prefix("0x")
		.and_then(|digits| hex::decode(digits).ok())
		.with_context(|| format!("{what} is not 0x and hex"))?;
	let cursor = &mut &bytes[..];
	let value = T::decode(cursor).with_context(|| format!("{what} does not decode"))?;
	ensure!(cursor.is_empty(), "{what} has bytes after its value");
	Ok(value)
}

/// The note SCALE-encoded in `text`.
pub fn note(text: &str, what: &str) -> Result<Note> {
	from_scale_hex(text, what)
}

/// A one-time sr25519 key from its seed in hex.
pub fn one_time_key(seed: &str) -> Result<Keypair> {
	Keypair::from_secret_key(bytes32(seed, "a one-time key's seed")?)
		.map_err(|error| anyhow!("a one-time key's seed is not a key: {error:?}"))
}

/// A fresh one-time key's seed, in hex.
pub fn new_seed<R: RngCore + CryptoRng>(rng: &mut R) -> String {
	let mut seed = [0u8; 32];
	rng.fill_bytes(&mut seed);
	to_hex32(&seed)
}

/// 32 bytes as `0x` and hex.
pub fn to_hex32(bytes: &[u8; 32]) -> String {
	format!("0x{}", hex::encode(bytes))
}

impl MarketFile {
	/// A file with a fresh market secret, which has traded nothing.
	pub fn generate<R: RngCore + CryptoRng>(rng: &mut R) -> Self {
		MarketFile {
			market_secret: to_hex32(&Scalar::random(rng).to_bytes()),
			genesis_hash: None,
			buyer_keys: Vec::new(),
			offers: Vec::new(),
			purchases: Vec::new(),
		}
	}

	/// The market secret.
	pub fn secret(&self) -> Result<MarketSecret> {
		Ok(MarketSecret::from_secret(scalar(&self.market_secret, "the market secret")?))
	}

	/// Refuses a file that traded on another chain than the one of `genesis`, and records the
	/// chain in a file that traded nowhere yet.
	pub fn check_chain(&mut self, genesis: &[u8; 32]) -> Result<()> {
		let genesis = to_hex32(genesis);
		match &self.genesis_hash {
			Some(known) => ensure!(
				*known == genesis,
				"the market file trades on another chain (genesis {known}), not this one \
				 (genesis {genesis})"
			),
			None => self.genesis_hash = Some(genesis),
		}
		Ok(())
	}

	/// Reads the file at `path`, checking every secret and note in it.
	pub fn load(path: &Path) -> Result<Self> {
		let text = std::fs::read_to_string(path)
			.with_context(|| format!("cannot read the market file {}", path.display()))?;
		let file: MarketFile = serde_json::from_str(&text)
			.with_context(|| format!("{} is not a market file", path.display()))?;
		file.check().with_context(|| format!("the market file {} is damaged", path.display()))?;
		Ok(file)
	}

	/// Every secret and note of the file decodes.
	fn check(&self) -> Result<()> {
		self.secret()?;
		for seed in &self.buyer_keys {
			one_time_key(seed)?;
		}
		for offer in &self.offers {
			one_time_key(&offer.key_seed)?;
			scalar(&offer.lock_blinding, "a lock's blinding")?;
			note(&offer.close_note, "an offer's closing note")?;
			for sale in &offer.sales {
				bytes32(&sale.buyer_key, "a buyer's key")?;
				scalar(&sale.energy_blinding, "an energy blinding")?;
				note(&sale.pay_note, "a payment's note")?;
			}
		}
		for purchase in &self.purchases {
			one_time_key(&purchase.key_seed)?;
			scalar(&purchase.energy_blinding, "an energy blinding")?;
			scalar(&purchase.payment_blinding, "a payment blinding")?;
			note(&purchase.pay_note, "a payment's note")?;
		}
		Ok(())
	}

	/// Writes a new file at `path`, readable and writable by its owner only; never replaces
	/// one (its secrets would be lost).
	pub fn create(&self, path: &Path) -> Result<()> {
		let mut file =
			OpenOptions::new().write(true).create_new(true).mode(0o600).open(path).with_context(
				|| {
					format!(
						"cannot create the market file {} (it is never overwritten)",
						path.display()
					)
				},
			)?;
		file.write_all(self.to_json()?.as_bytes())
			.with_context(|| format!("cannot write {}", path.display()))
	}

	/// Replaces the file at `path` with this one: written beside it, then renamed over it, so a
	/// crash leaves the old file or the new one, never half of one.
	pub fn save(&self, path: &Path) -> Result<()> {
		let mut temporary = PathBuf::from(path);
		temporary.as_mut_os_string().push(".new");
		let _ = std::fs::remove_file(&temporary);
		let mut file = OpenOptions::new()
			.write(true)
			.create_new(true)
			.mode(0o600)
			.open(&temporary)
			.with_context(|| format!("cannot write {}", temporary.display()))?;
		file.write_all(self.to_json()?.as_bytes())
			.and_then(|()| file.sync_all())
			.with_context(|| format!("cannot write {}", temporary.display()))?;
		std::fs::rename(&temporary, path)
			.with_context(|| format!("cannot replace {}", path.display()))
	}

	fn to_json(&self) -> Result<String> {
		Ok(serde_json::to_string_pretty(self).context("cannot encode the market file")? + "\n")
	}
}
