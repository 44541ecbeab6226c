//! The node's RPC methods beyond those every Substrate node serves.

use std::sync::Arc;

use energy_primitives::{OfferView, SlotIndex};
use energy_runtime::{opaque::Block, AccountId, Balance, Nonce};
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{error::ErrorObject, ErrorObjectOwned},
	RpcModule,
};
use pallet_market::runtime_api::MarketApi as MarketRuntimeApi;
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};
use sp_runtime::traits::Block as BlockT;

/// What the RPC methods need.
pub struct FullDeps<C, P> {
	/// The client.
	pub client: Arc<C>,
	/// The transaction pool.
	pub pool: Arc<P>,
}

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

impl From<OfferView<AccountId>> for RpcOffer {
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
pub struct Market<C> {
	client: Arc<C>,
}

impl<C> Market<C> {
	/// Reads the market of `client`'s chain.
	pub fn new(client: Arc<C>) -> Self {
		Market { client }
	}
}

fn runtime_error(error: impl std::fmt::Display) -> ErrorObjectOwned {
	ErrorObject::owned(1, "the runtime could not answer", Some(error.to_string()))
}

impl<C> MarketApiServer<<Block as BlockT>::Hash> for Market<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: MarketRuntimeApi<Block, AccountId>,
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

/// The RPC methods of a full node: account nonces (`system_accountNextIndex`), fee queries
/// (`payment_queryInfo`) and the market's offers (`market_offers`), on top of the standard
/// ones `sc-service` adds.
pub fn create_full<C, P>(
	deps: FullDeps<C, P>,
) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ HeaderMetadata<Block, Error = BlockChainError>
		+ Send
		+ Sync
		+ 'static,
	C::Api: substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>
		+ pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>
		+ MarketRuntimeApi<Block, AccountId>
		+ BlockBuilder<Block>,
	P: TransactionPool + 'static,
{
	use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
	use substrate_frame_rpc_system::{System, SystemApiServer};

	let mut module = RpcModule::new(());
	let FullDeps { client, pool } = deps;
	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(TransactionPayment::new(client.clone()).into_rpc())?;
	module.merge(Market::new(client).into_rpc())?;
	Ok(module)
}
