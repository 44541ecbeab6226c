//! The connection to a node, for the private market (`PrivateMarket`): its registered market
//! keys, auditor, offers and agreements, its limits, the market's clock and grid prices, and
//! submitting its calls.

use crate::pool::{submit_call, Included};
use anyhow::{ensure, Context, Result};
use codec::{Decode, Encode};
use energy_client::{u64_map, ChainConfig, Connection, RawEvent, ScaleArgs};
use energy_primitives::{AgreementId, GridPrices, MarketStatus, OfferId, Role, SlotIndex};
use energy_privacy::{AuditorKey, Commitment, MarketKey};
use subxt::{dynamic, ext::scale_decode::DecodeAsType, transactions::StaticPayload};
use subxt_signer::sr25519::Keypair;

/// The pallet's name in the runtime.
pub const PALLET: &str = "PrivateMarket";

/// A call of the private market.
pub type MarketCall = StaticPayload<ScaleArgs>;

/// `PrivateMarket.<name>(args...)`, each argument SCALE-encoded.
pub fn market_call(name: &'static str, args: Vec<Vec<u8>>) -> MarketCall {
	StaticPayload::new(PALLET, name, ScaleArgs(args))
}

/// A private offer as the chain keeps it (`pallet_private_market::PrivateOffer`).
#[derive(Encode, Decode, Clone, Copy, PartialEq, Eq, Debug)]
pub struct ChainOffer {
	pub slot: SlotIndex,
	pub offer_key: [u8; 32],
	pub locked: Commitment,
	pub remaining: Commitment,
	pub returning: Commitment,
	pub open: u32,
}

/// A private agreement as the chain keeps it (`pallet_private_market::PrivateAgreement`).
#[derive(Encode, Decode, Clone, Copy, PartialEq, Eq, Debug)]
pub struct ChainAgreement {
	pub slot: SlotIndex,
	pub offer: OfferId,
	pub buyer_key: [u8; 32],
	pub energy: Commitment,
	pub payment: Commitment,
}

/// What the private market asks of its calls.
#[derive(Clone, Copy, Debug)]
pub struct MarketLimits {
	/// The smallest and largest ring of market keys.
	pub min_ring: u32,
	pub max_ring: u32,
	/// The proof-of-work stamp's bits.
	pub stamp_bits: u32,
}

/// A connection to a node of the chain, for its private market.
pub struct MarketNode {
	node: Connection,
}

impl MarketNode {
	/// Connect to the node at `url`.
	pub async fn connect(url: &str) -> Result<Self> {
		let node = Connection::connect(url).await?;
		let at = node.at_best_block().await?;
		ensure!(
			at.metadata_ref().pallet_by_name(PALLET).is_some(),
			"the chain at {url} has no {PALLET} pallet"
		);
		Ok(MarketNode { node })
	}

	/// The chain's genesis hash.
	pub fn genesis(&self) -> [u8; 32] {
		self.node.genesis_hash()
	}

	/// The market's slot now and its phase.
	pub async fn status(&self) -> Result<MarketStatus> {
		self.node.market_status().await
	}

	/// The grid's prices for `slot`, once the grid operator set them.
	pub async fn grid_prices(&self, slot: SlotIndex) -> Result<Option<GridPrices>> {
		self.node
			.storage_value::<(SlotIndex,), GridPrices>("Market", "SlotGridPrices", (slot,))
			.await
	}

	/// The index of `account`'s market key, if it registered one.
	pub async fn key_of(&self, account: &[u8; 32]) -> Result<Option<u32>> {
		self.node.storage_value::<([u8; 32],), u32>(PALLET, "KeyOf", (*account,)).await
	}

	/// Every registered market key of a household that is still one, by index: a ring may hold
	/// no other (the pallet refuses a key whose household left the consortium).
	pub async fn market_keys(&self) -> Result<Vec<(u32, MarketKey)>> {
		let count =
			self.node.storage_value::<(), u32>(PALLET, "MarketKeyCount", ()).await?.unwrap_or(0);
		let mut keys = Vec::with_capacity(count as usize);
		for index in 0..count {
			let (household, key) = self
				.node
				.storage_value::<(u32,), ([u8; 32], MarketKey)>(PALLET, "MarketKeys", (index,))
				.await?
				.with_context(|| format!("{PALLET}.MarketKeys has no key {index}"))?;
			let role = self
				.node
				.storage_value::<([u8; 32],), Role<[u8; 32]>>("Consortium", "Members", (household,))
				.await?;
			if role == Some(Role::Household) {
				keys.push((index, key));
			}
		}
		Ok(keys)
	}

	/// The auditor's key, once the consortium set it.
	pub async fn auditor(&self) -> Result<Option<AuditorKey>> {
		self.node.storage_value::<(), AuditorKey>(PALLET, "Auditor", ()).await
	}

	/// The offer `offer`, while the chain keeps it.
	pub async fn offer(&self, offer: OfferId) -> Result<Option<ChainOffer>> {
		self.node.storage_value::<(OfferId,), ChainOffer>(PALLET, "Offers", (offer,)).await
	}

	/// Every offer the chain keeps (those not closed), by identifier.
	pub async fn offers(&self) -> Result<Vec<(OfferId, ChainOffer)>> {
		u64_map(&self.node.at_best_block().await?, PALLET, "Offers").await
	}

	/// Every agreement the chain keeps (those neither paid nor refunded), by identifier.
	pub async fn agreements(&self) -> Result<Vec<(AgreementId, ChainAgreement)>> {
		u64_map(&self.node.at_best_block().await?, PALLET, "Agreements").await
	}

	/// The claim window, in slots.
	pub async fn claim_slots(&self) -> Result<SlotIndex> {
		// A value query with a default: the node returns the default when nothing is stored.
		let at = self.node.at_best_block().await?;
		at.storage()
			.fetch(dynamic::storage::<(), SlotIndex>(PALLET, "ClaimSlots"), ())
			.await
			.with_context(|| format!("cannot read {PALLET}.ClaimSlots"))?
			.decode_as::<SlotIndex>()
			.with_context(|| format!("cannot decode {PALLET}.ClaimSlots"))
	}

	/// The pallet's limits.
	pub async fn limits(&self) -> Result<MarketLimits> {
		let at = self.node.at_best_block().await?;
		let constant = |name: &str| -> Result<u32> { constant(&at, name) };
		Ok(MarketLimits {
			min_ring: constant("MinRingSize")?,
			max_ring: constant("MaxRingSize")?,
			stamp_bits: constant("StampBits")?,
		})
	}

	/// The number of the best block.
	pub async fn best_number(&self) -> Result<u64> {
		Ok(self.node.at_best_block().await?.block_number())
	}

	/// The events of block `number` (finalized, or of the best chain).
	pub async fn events_of_block(&self, number: u64) -> Result<Vec<RawEvent>> {
		self.node.events_of_block(number).await
	}

	/// Submit `call` unsigned and wait until a block includes it.
	pub async fn submit_unsigned(&self, call: &MarketCall) -> Result<Included> {
		submit_call(&self.node, PALLET, call, None).await
	}

	/// Submit `call` signed by `signer` and wait until a block includes it.
	pub async fn submit_signed(&self, call: &MarketCall, signer: &Keypair) -> Result<Included> {
		submit_call(&self.node, PALLET, call, Some(signer)).await
	}
}

/// The pallet's constant `name`.
fn constant<V: DecodeAsType>(
	at: &subxt::OnlineClientAtBlock<ChainConfig>,
	name: &str,
) -> Result<V> {
	at.constants()
		.entry(dynamic::constant::<V>(PALLET, name))
		.with_context(|| format!("cannot read the constant {PALLET}.{name}"))
}
