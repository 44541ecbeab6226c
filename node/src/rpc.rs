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

/// What the RPC methods need.
pub struct FullDeps<C, P> {
	/// The client.
	pub client: Arc<C>,
	/// The transaction pool.
	pub pool: Arc<P>,
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
		+ pallet_market_rpc::MarketRuntimeApi<Block, AccountId>
		+ BlockBuilder<Block>,
	P: TransactionPool + 'static,
{
	use pallet_market_rpc::{Market, MarketApiServer};
	use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
	use substrate_frame_rpc_system::{System, SystemApiServer};

	let mut module = RpcModule::new(());
	let FullDeps { client, pool } = deps;
	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(TransactionPayment::new(client.clone()).into_rpc())?;
	module.merge(Market::new(client).into_rpc())?;
	Ok(module)
}
