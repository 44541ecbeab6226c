//! The market's RPC methods: GetOffers (step 3 of the market) over JSON-RPC, served from the
//! runtime's `MarketApi` (crate `pallet-market-runtime-api`), and the inbox of the households'
//! selling agents inside the node ([`agent`], `agent_deliver`). The node merges them into its
//! RPC server as it does those of `pallet-transaction-payment-rpc`.

mod agent;
pub use agent::{
	AgentApiServer, AgentInbox, InboxMetrics, MAX_MESSAGES_PER_SENDER, MAX_STRANGERS,
	STRANGER_SECONDS,
};

use std::{fmt::Display, marker::PhantomData, sync::Arc};

use codec::Codec;
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{error::ErrorObject, ErrorObjectOwned},
};
use pallet_market_runtime_api::{OfferView, SlotIndex};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::Block as BlockT;

pub use pallet_market_runtime_api::{
	MarketAgentApi as MarketAgentRuntimeApi, MarketApi as MarketRuntimeApi,
};

/// An open offer as `market_offers` returns it: prices as decimal strings (they exceed what a
/// JavaScript number holds exactly), the endpoint as text and the key in hex.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct RpcOffer {
	/// The offer's identifier.
	pub id: u64,
	/// The seller, as an SS58 address.
	pub seller: String,
	/// The delivery slot.
	pub slot: SlotIndex,
	/// Energy still for sale, in Wh.
	pub energy_wh: u64,
	/// The seller's minimum price per kWh, in the money token's smallest unit.
	pub floor_price: String,
	/// Where the seller's agent negotiates.
	pub endpoint: String,
	/// The seller agent's sr25519 negotiation key, hex.
	pub negotiation_key: String,
}

impl<AccountId: Display> From<OfferView<AccountId>> for RpcOffer {
	fn from(offer: OfferView<AccountId>) -> Self {
		RpcOffer {
			id: offer.id,
			seller: offer.seller.to_string(),
			slot: offer.slot,
			energy_wh: offer.energy_wh,
			floor_price: offer.floor_price.to_string(),
			endpoint: String::from_utf8_lossy(&offer.endpoint).into_owned(),
			negotiation_key: format!("0x{}", hex::encode(offer.negotiation_key)),
		}
	}
}

/// GetOffers (step 3 of the market) over JSON-RPC.
#[rpc(server)]
pub trait MarketApi<BlockHash> {
	/// The open offers for delivery in `slot`, with their agents' endpoints and keys; by
	/// default those of the next slot, the one being traded now.
	#[method(name = "market_offers")]
	fn offers(&self, slot: Option<SlotIndex>, at: Option<BlockHash>) -> RpcResult<Vec<RpcOffer>>;
}

/// Serves `market_offers` from the runtime's `MarketApi`.
pub struct Market<C, Block, AccountId> {
	client: Arc<C>,
	_marker: PhantomData<(Block, AccountId)>,
}

impl<C, Block, AccountId> Market<C, Block, AccountId> {
	/// Reads the market of `client`'s chain.
	pub fn new(client: Arc<C>) -> Self {
		Market { client, _marker: PhantomData }
	}
}

fn runtime_error(error: impl std::fmt::Display) -> ErrorObjectOwned {
	ErrorObject::owned(1, "the runtime could not answer", Some(error.to_string()))
}

impl<C, Block, AccountId> MarketApiServer<<Block as BlockT>::Hash> for Market<C, Block, AccountId>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: MarketRuntimeApi<Block, AccountId>,
	AccountId: Codec + Display + Send + Sync + 'static,
{
	fn offers(
		&self,
		slot: Option<SlotIndex>,
		at: Option<<Block as BlockT>::Hash>,
	) -> RpcResult<Vec<RpcOffer>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let api = self.client.runtime_api();
		let slot = match slot {
			Some(slot) => slot,
			None => api.status(at).map_err(runtime_error)?.slot.saturating_add(1),
		};
		Ok(api.offers(at, slot).map_err(runtime_error)?.into_iter().map(RpcOffer::from).collect())
	}
}
