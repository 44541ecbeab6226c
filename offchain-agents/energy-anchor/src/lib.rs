//! Anchoring data batches on chain, and checking batches against their anchors: the logic of
//! the `energy-anchor` binary.
//!
//! A member anchors the BLAKE2b-256 hash of its data batch for a market slot with
//! `Anchoring.anchor(slot, hash, uri)`; anyone holding the batch later compares its hash with
//! `Anchoring.Anchors(member, slot)`. This crate talks to the chain with subxt's dynamic API,
//! naming calls and storage by their metadata names, so it needs no generated code.

use anyhow::{bail, Context, Result};
use energy_client::{wait_for_success, Connection};
use energy_primitives::SlotIndex;
use std::path::Path;
use subxt::{dynamic, ext::scale_decode::DecodeAsType, utils::AccountId32};
use subxt_signer::sr25519::Keypair;

/// The 32-byte BLAKE2b-256 hash of a data batch.
pub type BatchHash = [u8; 32];

/// A connection to a node of the chain, for anchoring. It reads the best block, not the
/// finalized one: an anchor is readable as soon as `anchor()` returns, and the current slot is
/// as fresh as the chain's clock.
pub struct Chain {
	node: Connection,
}

/// A data batch's anchor as the chain stores it (`pallet_anchoring::Anchor`).
#[derive(DecodeAsType, Debug)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct StoredAnchor {
	/// The anchored hash.
	hash: BatchHash,
}

/// An anchor the chain accepted.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Anchored {
	/// The anchored hash.
	pub hash: BatchHash,
	/// The market slot it anchors.
	pub slot: SlotIndex,
	/// The block that includes the anchoring transaction.
	pub block_hash: [u8; 32],
}

/// What the chain says about a batch.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Verdict {
	/// The chain holds the batch's hash for that member and slot.
	Match,
	/// The chain holds another hash for that member and slot.
	Mismatch {
		/// The hash the chain holds.
		chain: BatchHash,
	},
	/// The member anchored nothing for that slot.
	NoAnchor,
}

/// The BLAKE2b-256 hash of the file at `path`: what a member anchors for its batch.
pub fn hash_file(path: &Path) -> Result<BatchHash> {
	// One read into memory: a batch is an hour of a household's data, far smaller than memory.
	let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
	Ok(sp_crypto_hashing::blake2_256(&bytes))
}

impl Chain {
	/// Connect to the node at `url` (`ws://` or `wss://`).
	pub async fn connect(url: &str) -> Result<Self> {
		Ok(Chain { node: Connection::connect(url).await? })
	}

	/// The market slot now, on the chain's market clock at the best block. The block being
	/// built is never older, so the runtime takes this slot as the current or a past one.
	pub async fn current_slot(&self) -> Result<SlotIndex> {
		Ok(self.node.market_status().await?.slot)
	}

	/// Anchor `hash` for `slot`, signed by `signer`, with an optional `uri` where the batch can
	/// be fetched. Returns once the transaction is in a block and succeeded; a refusal by the
	/// chain is an error naming it, e.g. `Anchoring.AlreadyAnchored`.
	pub async fn anchor(
		&self,
		signer: &Keypair,
		slot: SlotIndex,
		hash: BatchHash,
		uri: Option<&str>,
	) -> Result<Anchored> {
		let at = self.node.at_best_block().await?;
		let max_uri =
			at.constants().entry(dynamic::constant::<u32>("Anchoring", "MaxUriLength")).context(
				"cannot read Anchoring.MaxUriLength: is this the energy marketplace chain?",
			)?;
		if let Some(uri) = uri {
			// The node would reject the oversized transaction with an opaque decoding error.
			if uri.len() > max_uri as usize {
				bail!("the URI is {} bytes long; the chain takes at most {max_uri}", uri.len());
			}
		}
		let call = dynamic::tx(
			"Anchoring",
			"anchor",
			(slot, hash, uri.map(|uri| uri.as_bytes().to_vec())),
		);
		let progress = at
			.transactions()
			.sign_and_submit_then_watch_default(&call, signer)
			.await
			.context("the node refused the anchoring transaction")?;
		let (block_hash, _) =
			wait_for_success(progress, "the anchoring transaction", "the anchor").await?;
		Ok(Anchored { hash, slot, block_hash })
	}

	/// Compare `hash` with what `account` anchored for `slot`.
	pub async fn verify(
		&self,
		account: &AccountId32,
		slot: SlotIndex,
		hash: BatchHash,
	) -> Result<Verdict> {
		let at = self.node.at_best_block().await?;
		let anchors =
			dynamic::storage::<(AccountId32, SlotIndex), StoredAnchor>("Anchoring", "Anchors");
		let stored = at
			.storage()
			.try_fetch(anchors, (account.clone(), slot))
			.await
			.context("cannot read Anchoring.Anchors")?;
		let Some(stored) = stored else { return Ok(Verdict::NoAnchor) };
		let stored = stored.decode_as::<StoredAnchor>().context("cannot decode the anchor")?;
		Ok(if stored.hash == hash {
			Verdict::Match
		} else {
			Verdict::Mismatch { chain: stored.hash }
		})
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use energy_client::to_hex;

	#[test]
	fn hash_file_is_blake2b_256() {
		let dir = std::env::temp_dir().join(format!("energy-anchor-test-{}", std::process::id()));
		std::fs::create_dir_all(&dir).unwrap();
		let (empty, abc) = (dir.join("empty"), dir.join("abc"));
		std::fs::write(&empty, b"").unwrap();
		std::fs::write(&abc, b"abc").unwrap();
		// BLAKE2b with a 32-byte digest, no key (RFC 7693's algorithm; reference vectors as
		// printed by `b2sum -l 256`).
		assert_eq!(
			to_hex(&hash_file(&empty).unwrap()),
			"0x0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8"
		);
		assert_eq!(
			to_hex(&hash_file(&abc).unwrap()),
			"0xbddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319"
		);
		std::fs::remove_dir_all(&dir).unwrap();
	}

	#[test]
	fn hash_file_names_a_missing_file() {
		let error = hash_file(Path::new("/nonexistent/batch.json")).unwrap_err();
		assert!(format!("{error:#}").starts_with("cannot read /nonexistent/batch.json: "));
	}
}
