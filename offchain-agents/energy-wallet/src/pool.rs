//! The connection to a node, for one shielded pool: its limits, its notes, which key images it
//! has seen spent, and submitting its calls.
//!
//! The chain is reached by the names in its metadata: pallet `ShieldedPool` or `EnergyPool`, its
//! calls, storage items and constants.

use crate::{
	asset::Asset,
	calls::PoolCall,
	money::Amount,
	select::Limits,
	wallet_file::{NoteIndex, ScanMark, Wallet},
};
use anyhow::{bail, ensure, Context, Result};
use codec::Decode;
use energy_client::{
	describe_pallet_error, to_hex, u64_map, wait_for_success, ChainConfig, Connection, ScaleArgs,
};
use energy_privacy::{FeeSchedule, KeyImage, Note};
use std::collections::BTreeSet;
use std::path::Path;
use subxt::{
	client::OnlineClientAtBlockImpl,
	config::PolkadotExtrinsicParamsBuilder,
	dynamic,
	ext::{scale_decode::DecodeAsType, scale_value::Value},
	transactions::{
		DefaultParams, StaticPayload, SubmittableTransaction, TransactionInvalid,
		TransactionUnknown, ValidationResult,
	},
	OnlineClientAtBlock,
};
use subxt_signer::sr25519::Keypair;

/// A connection to a node of the chain, for the pool of one asset.
pub struct Pool {
	node: Connection,
	asset: Asset,
}

/// The pool's notes in one block.
pub struct Snapshot {
	/// Every note, by increasing index.
	pub notes: Vec<(NoteIndex, Note)>,
	/// The notes shields made, whose amounts are public (`PublicNotes`): an unshield's ring
	/// may not hold them.
	pub public: BTreeSet<NoteIndex>,
	/// Where they were read.
	pub mark: ScanMark,
}

/// A transaction the chain included and executed successfully.
pub struct Included {
	/// The block that includes it.
	pub block_hash: [u8; 32],
	/// Its events, as `(pallet, event, field bytes)`.
	events: Vec<(String, String, Vec<u8>)>,
	/// The pool's pallet, whose events these accessors read.
	pallet: &'static str,
}

impl Included {
	/// The fields of the first event `pallet.event` of the transaction, decoded.
	pub(crate) fn event<E: Decode>(&self, event: &str) -> Option<E> {
		self.events
			.iter()
			.find(|(p, e, _)| p == self.pallet && e == event)
			.and_then(|(_, _, bytes)| E::decode(&mut &bytes[..]).ok())
	}

	/// The index of the note a shield created (`Shielded`).
	pub fn shielded_note_index(&self) -> Option<NoteIndex> {
		// Shielded { who: AccountId32, amount: Amount, note_index: NoteIndex, fee: Amount }
		self.event::<([u8; 32], Amount, NoteIndex)>("Shielded").map(|(_, _, index)| index)
	}

	/// The index of the first note a transfer created (`Transferred`).
	pub fn first_transferred_note_index(&self) -> Option<NoteIndex> {
		// Transferred { key_images: BoundedVec<KeyImage, _>, first_note_index, outputs, fee }
		self.event::<(Vec<KeyImage>, NoteIndex)>("Transferred").map(|(_, index)| index)
	}
}

impl Pool {
	/// Connect to the node at `url` (`ws://` or `wss://`), for the pool of `asset`.
	pub async fn connect(url: &str, asset: Asset) -> Result<Self> {
		let pool = Pool { node: Connection::connect(url).await?, asset };
		let at = pool.node.at_best_block().await?;
		let pallet = asset.pallet();
		ensure!(
			at.metadata_ref().pallet_by_name(pallet).is_some(),
			"the chain at {url} has no {pallet} pallet"
		);
		Ok(pool)
	}

	/// The pool's asset.
	pub fn asset(&self) -> Asset {
		self.asset
	}

	/// The chain's genesis hash.
	pub fn genesis_hash(&self) -> [u8; 32] {
		self.node.genesis_hash()
	}

	/// What every spend's signatures bind first (`pallet_shielded_pool::Pallet::spend_domain`):
	/// the genesis hash and the SCALE encoding of the pool's `PalletId` constant, so a spend is
	/// valid on this chain and in this pool only.
	pub async fn spend_domain(&self) -> Result<Vec<u8>> {
		let at = self.node.at_best_block().await?;
		let pallet = self.asset.pallet();
		let id = at
			.metadata_ref()
			.pallet_by_name(pallet)
			.and_then(|metadata| metadata.constant_by_name("PalletId"))
			.map(|constant| constant.value().to_vec())
			.with_context(|| format!("the chain has no constant {pallet}.PalletId"))?;
		Ok([self.genesis_hash().to_vec(), id].concat())
	}

	/// The pallet's limits on private transactions, and what it asks of them.
	pub async fn limits(&self) -> Result<Limits> {
		let at = self.node.at_best_block().await?;
		Ok(Limits {
			ring_size: self.constant::<u32>(&at, "MaxRingSize")?.min(energy_privacy::MAX_RING_SIZE),
			min_ring_size: self.constant(&at, "MinRingSize")?,
			max_inputs: self.constant(&at, "MaxInputs")?,
			max_outputs: self.constant(&at, "MaxOutputs")?,
			fees: FeeSchedule {
				base: self.constant(&at, "MinFee")?,
				per_input: self.constant(&at, "FeePerInput")?,
				per_output: self.constant(&at, "FeePerOutput")?,
				per_ring_member: self.constant(&at, "FeePerRingMember")?,
			},
			stamp_bits: self.constant(&at, "StampBits")?,
			asset: self.asset,
		})
	}

	/// Every note of the pool at the best block: `NoteCount`, then `Notes` and `PublicNotes`
	/// read in full.
	pub async fn snapshot(&self) -> Result<Snapshot> {
		let at = self.node.at_best_block().await?;
		let pallet = self.asset.pallet();
		let note_count = at
			.storage()
			.fetch(dynamic::storage::<(), NoteIndex>(pallet, "NoteCount"), ())
			.await
			.with_context(|| format!("cannot read {pallet}.NoteCount"))?
			.decode_as::<NoteIndex>()
			.with_context(|| format!("cannot decode {pallet}.NoteCount"))?;
		let notes: Vec<(NoteIndex, Note)> = u64_map(&at, pallet, "Notes").await?;
		ensure!(
			notes.iter().map(|(index, _)| *index).eq(0..note_count),
			"{pallet}.Notes does not hold exactly the notes 0..{note_count} that \
			 {pallet}.NoteCount counts"
		);
		let public: BTreeSet<NoteIndex> = u64_map::<()>(&at, pallet, "PublicNotes")
			.await?
			.into_iter()
			.map(|(index, ())| index)
			.collect();
		let mark = ScanMark {
			genesis_hash: to_hex(&self.genesis_hash()),
			block_hash: to_hex(at.block_hash().as_ref()),
			block_number: at.block_number(),
			note_count,
		};
		Ok(Snapshot { notes, public, mark })
	}

	/// Read the pool, replace `wallet`'s notes with what it owns there (spent ones marked), save
	/// the wallet at `path`, and return the pool's notes (the decoys of a spend) and which of
	/// them shields made.
	pub async fn rescan(&self, wallet: &mut Wallet, path: &Path) -> Result<Snapshot> {
		wallet.check_pool(self.asset)?;
		let snapshot = self.snapshot().await?;
		if let Some(previous) = &wallet.scanned {
			ensure!(
				previous.genesis_hash == snapshot.mark.genesis_hash,
				"the wallet was scanned on another chain (genesis {}), not this one (genesis {})",
				previous.genesis_hash,
				snapshot.mark.genesis_hash
			);
		}
		let mut owned = wallet.find_owned(&snapshot.notes);
		let images: Vec<_> = owned.iter().map(|note| note.key_image).collect();
		for (note, spent) in owned.iter_mut().zip(self.spent(&images).await?) {
			note.spent = spent;
		}
		tracing::info!(
			"read {} notes at block #{}, {} of them the wallet's",
			snapshot.notes.len(),
			snapshot.mark.block_number,
			owned.len()
		);
		wallet.notes = owned;
		wallet.scanned = Some(snapshot.mark.clone());
		wallet.save(path)?;
		Ok(snapshot)
	}

	/// Which of `key_images` the pool has seen spent, at the best block.
	pub async fn spent(&self, key_images: &[KeyImage]) -> Result<Vec<bool>> {
		let at = self.node.at_best_block().await?;
		let pallet = self.asset.pallet();
		let address = dynamic::storage::<([u8; 32],), Value>(pallet, "SpentKeyImages");
		let mut spent = Vec::with_capacity(key_images.len());
		for image in key_images {
			let found = at
				.storage()
				.try_fetch(address.clone(), (image.0,))
				.await
				.with_context(|| format!("cannot read {pallet}.SpentKeyImages"))?;
			spent.push(found.is_some());
		}
		Ok(spent)
	}

	/// Submit `call` signed by `signer` and wait until a block includes it.
	pub async fn submit_signed(&self, call: &PoolCall, signer: &Keypair) -> Result<Included> {
		submit_call(&self.node, self.asset.pallet(), call, Some(signer)).await
	}

	/// Sign `call` by `signer` with `nonce` and hand it to the node without waiting for a block:
	/// for a sender of many transactions at once, which counts its nonces itself.
	pub async fn send_signed(&self, call: &PoolCall, signer: &Keypair, nonce: u64) -> Result<()> {
		let at = self.node.at_best_block().await?;
		let params = PolkadotExtrinsicParamsBuilder::<ChainConfig>::new().nonce(nonce).build();
		at.transactions()
			.create_signed(call, signer, params)
			.await
			.with_context(|| format!("cannot build the {} transaction", call.call_name()))?
			.submit()
			.await
			.with_context(|| format!("the node refused the {} transaction", call.call_name()))?;
		Ok(())
	}

	/// The nonce of `signer`'s next transaction, as of the best block.
	pub async fn next_nonce(&self, signer: &Keypair) -> Result<u64> {
		let at = self.node.at_best_block().await?;
		at.transactions()
			.account_nonce(&signer.public_key().into())
			.await
			.context("cannot read the sender's nonce")
	}

	/// How many notes the pool holds at the best block (`NoteCount`).
	pub async fn note_count(&self) -> Result<NoteIndex> {
		let pallet = self.asset.pallet();
		Ok(self.node.storage_value::<(), NoteIndex>(pallet, "NoteCount", ()).await?.unwrap_or(0))
	}

	/// `calls` as the bytes of unsigned transactions, to submit later (`author_submitExtrinsic`).
	pub async fn unsigned_bytes(&self, calls: &[PoolCall]) -> Result<Vec<Vec<u8>>> {
		let at = self.node.at_best_block().await?;
		calls
			.iter()
			.map(|call| {
				Ok(at
					.transactions()
					.create_unsigned(call)
					.with_context(|| format!("cannot build the {} transaction", call.call_name()))?
					.into_encoded())
			})
			.collect()
	}

	/// Submit `call` as an unsigned transaction (no sender, no signature: the pallet's
	/// `validate_unsigned` admits it on its proofs) and wait until a block includes it.
	pub async fn submit_unsigned(&self, call: &PoolCall) -> Result<Included> {
		submit_call(&self.node, self.asset.pallet(), call, None).await
	}
}

/// Build `call` of `pallet` at the best block, signed by `signer` or unsigned, and submit it
/// ([`submit_transaction`]): the pools' calls and the private market's.
pub(crate) async fn submit_call(
	node: &Connection,
	pallet: &'static str,
	call: &StaticPayload<ScaleArgs>,
	signer: Option<&Keypair>,
) -> Result<Included> {
	let at = node.at_best_block().await?;
	let built = match signer {
		Some(signer) => {
			at.transactions().create_signed(call, signer, DefaultParams::default_params()).await
		}
		None => at.transactions().create_unsigned(call),
	};
	let transaction =
		built.with_context(|| format!("cannot build the {} transaction", call.call_name()))?;
	submit_transaction(&at, pallet, call.call_name(), transaction).await
}

/// Ask the node whether `transaction`, a call `name` of `pallet`, is valid (so a refusal comes
/// back with the pallet's reason, which the transaction pool only gives as a number), submit it,
/// and wait until a block includes it; a refusal is an error naming the pallet's error.
async fn submit_transaction(
	at: &OnlineClientAtBlock<ChainConfig>,
	pallet: &'static str,
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
			bail!("the chain refuses the {name}: {}", describe_invalid(at, pallet, &invalid))
		}
		ValidationResult::Unknown(unknown) => {
			bail!("the chain cannot check the {name}: {}", describe_unknown(pallet, &unknown))
		}
	}
	let progress = transaction
		.submit_and_watch()
		.await
		.with_context(|| format!("the node refused the {name} transaction"))?;
	let (block_hash, events) =
		wait_for_success(progress, &format!("the {name} transaction"), &format!("the {name}"))
			.await?;
	let mut decoded = Vec::new();
	for event in events.iter() {
		let event = event.context("cannot decode the transaction's events")?;
		decoded.push((
			event.pallet_name().to_string(),
			event.event_name().to_string(),
			event.field_bytes().to_vec(),
		));
	}
	Ok(Included { block_hash, events: decoded, pallet })
}

impl Pool {
	/// The pallet's constant `name`.
	fn constant<V: DecodeAsType>(
		&self,
		at: &OnlineClientAtBlock<ChainConfig>,
		name: &str,
	) -> Result<V> {
		let pallet = self.asset.pallet();
		at.constants()
			.entry(dynamic::constant::<V>(pallet, name))
			.with_context(|| format!("cannot read the constant {pallet}.{name}"))
	}
}

/// Why the transaction pool refuses a transaction. The pool's unsigned validation reports a
/// pallet error as `Custom(index of the error)`, named here from the metadata.
fn describe_invalid(
	at: &OnlineClientAtBlock<ChainConfig>,
	pallet: &str,
	invalid: &TransactionInvalid,
) -> String {
	if let TransactionInvalid::Custom(code) = invalid {
		let variant = at
			.metadata_ref()
			.pallet_by_name(pallet)
			.and_then(|metadata| metadata.error_variant_by_index(*code));
		if let Some(variant) = variant {
			return describe_pallet_error(pallet, &variant.name, &variant.docs);
		}
	}
	format!("invalid transaction: {invalid:?}")
}

fn describe_unknown(pallet: &str, unknown: &TransactionUnknown) -> String {
	match unknown {
		TransactionUnknown::NoUnsignedValidator => {
			format!("the runtime validates no unsigned {pallet} transactions (is `ValidateUnsigned` wired?)")
		}
		other => format!("{other:?}"),
	}
}
