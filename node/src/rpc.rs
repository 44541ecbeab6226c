//! The node's RPC methods beyond those every Substrate node serves; the crates that serve them
//! (`substrate-frame-rpc-system`, `pallet-transaction-payment-rpc`, `pallet-market-rpc`) are only
//! wired together here.

use std::sync::Arc;

use energy_runtime::{opaque::Block, AccountId, Balance, Nonce};
use jsonrpsee::RpcModule;
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};
use sp_core::offchain::OffchainStorage;
use sp_keystore::KeystorePtr;

/// What the RPC methods need.
pub struct FullDeps<C, P, S> {
	/// The client.
	pub client: Arc<C>,
	/// The transaction pool.
	pub pool: Arc<P>,
	/// The node's offchain storage, where its agents keep the offers' negotiations.
	pub offchain_storage: Option<S>,
	/// The node's keystore, whose `agnt` keys sign its agents' answers.
	pub keystore: KeystorePtr,
	/// Where the inbox counts its messages, if the node exports Prometheus metrics.
	pub inbox_metrics: Option<pallet_market_rpc::InboxMetrics>,
}

/// The RPC methods of a full node: account nonces (`system_accountNextIndex`), fee queries
/// (`payment_queryInfo`), the market's offers (`market_offers`) and the inbox of the node's
/// selling agents (`agent_deliver`, with offchain storage), on top of the standard ones
/// `sc-service` adds.
pub fn create_full<C, P, S>(
	deps: FullDeps<C, P, S>,
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
		+ pallet_market_rpc::MarketRuntimeApi<Block, AccountId>
		+ pallet_market_rpc::MarketAgentRuntimeApi<Block>
		+ BlockBuilder<Block>,
	P: TransactionPool + 'static,
	S: OffchainStorage + 'static,
{
	use pallet_market_rpc::{AgentApiServer, AgentInbox, Market, MarketApiServer};
	use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
	use substrate_frame_rpc_system::{System, SystemApiServer};

	let mut module = RpcModule::new(());
	let FullDeps { client, pool, offchain_storage, keystore, inbox_metrics } = deps;
	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(TransactionPayment::new(client.clone()).into_rpc())?;
	module.merge(Market::new(client.clone()).into_rpc())?;
	if let Some(storage) = offchain_storage {
		module.merge(AgentInbox::new(client, storage, keystore, inbox_metrics).into_rpc())?;
	}
	Ok(module)
}
