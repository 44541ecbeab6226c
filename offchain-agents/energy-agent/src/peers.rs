//! The agents' wire (`energy_negotiation::wire`) served and called with jsonrpsee. A process
//! that hosts sellers serves one method, [`METHOD`]: a buyer's agent posts a signed [`Message`]
//! (its JSON encoding) and gets the seller agent's signed answer, or a JSON-RPC error
//! [`REFUSED`] whose data is the [`Refusal`]. Every message is checked by the negotiation core
//! on receipt; whatever arrives, the server answers and never panics.

use anyhow::{Context, Result};
use energy_microgrid::chain::{unix_millis, Chain};
pub use energy_negotiation::wire::Reply;
use energy_negotiation::{
	wire::{MAX_ENVELOPE_BYTES, METHOD, REFUSED},
	Household, Key, Message, Plan, Refusal, SellerAgent,
};
use energy_primitives::OfferId;
use jsonrpsee::{
	core::{client::ClientT, ClientError},
	http_client::{HttpClient, HttpClientBuilder},
	rpc_params,
	server::{Server, ServerHandle},
	types::ErrorObjectOwned,
	RpcModule,
};
use parking_lot::Mutex;
use sp_core::sr25519;
use std::{collections::BTreeMap, net::SocketAddr, sync::Arc, time::Duration};

/// How long a buyer waits for a seller's answer before it counts as silence.
pub const REPLY_TIMEOUT: Duration = Duration::from_secs(2);

/// A seller's agent at its process's table: the agent of one offer and the key it signs with.
pub struct Seat {
	/// The offer's agent.
	pub agent: SellerAgent<Plan>,
	/// Its household's negotiation key.
	pub signer: sr25519::Pair,
}

/// The sellers a process hosts, by offer, and the buyers' negotiation keys it has read from the
/// chain (its cache of `Market::Agents`).
#[derive(Default)]
pub struct Table {
	/// The open offers' agents.
	pub seats: BTreeMap<OfferId, Seat>,
	/// Negotiation keys the buyers published.
	pub directory: BTreeMap<Household, Key>,
}

/// What the server's method shares: the table and the chain it reads unknown buyers' keys from
/// (without a chain, only the keys already in the table's directory are known).
struct Shared {
	table: Arc<Mutex<Table>>,
	chain: Option<Arc<Chain>>,
}

/// Serves [`METHOD`] on `listen` for the sellers of `table`, reading the keys of buyers it does
/// not know yet from `chain`. Returns the server's handle (the server stops when it is stopped
/// or dropped) and the address it listens on.
pub async fn serve(
	listen: SocketAddr,
	table: Arc<Mutex<Table>>,
	chain: Option<Arc<Chain>>,
) -> Result<(ServerHandle, SocketAddr)> {
	let server = Server::builder()
		// A message of the ontology in a JSON-RPC envelope is smaller; anything larger is
		// refused before it is read.
		.max_request_body_size(MAX_ENVELOPE_BYTES as u32)
		.max_response_body_size(MAX_ENVELOPE_BYTES as u32)
		.build(listen)
		.await
		.with_context(|| format!("cannot listen on {listen}"))?;
	let address = server.local_addr()?;
	let mut module = RpcModule::new(Shared { table, chain });
	module.register_async_method(METHOD, |params, context, _| async move {
		let message = params
			.one::<serde_json::Value>()
			.map_err(|_| Refusal::Malformed)
			.and_then(|value| Message::from_json(value.to_string().as_bytes()));
		match message {
			Ok(message) => answer(&context, message).await,
			Err(refusal) => Err(refused(refusal)),
		}
	})?;
	Ok((server.start(module), address))
}

/// The answer of the seller the message is for.
async fn answer(context: &Shared, message: Message) -> Result<serde_json::Value, ErrorObjectOwned> {
	let buyer = message.body.buyer;
	// Only a message about an open offer of this process may cost a read of the chain.
	let (open, known) = {
		let table = context.table.lock();
		(table.seats.contains_key(&message.body.offer), table.directory.contains_key(&buyer))
	};
	if !open {
		return Err(refused(Refusal::UnknownOffer));
	}
	if let (false, Some(chain)) = (known, &context.chain) {
		// A buyer not seen before: read its published key (none published means the core
		// refuses it as an unknown sender).
		match chain.published_key(&buyer).await {
			Ok(Some(key)) => {
				context.table.lock().directory.insert(buyer, key);
			}
			Ok(None) => {}
			Err(error) => tracing::warn!("cannot read a buyer's negotiation key: {error:#}"),
		}
	}
	let mut table = context.table.lock();
	let Table { seats, directory } = &mut *table;
	let Some(seat) = seats.get_mut(&message.body.offer) else {
		return Err(refused(Refusal::UnknownOffer));
	};
	match seat.agent.on_message(&message, unix_millis(), &*directory, &seat.signer) {
		Ok(reply) => serde_json::to_value(&reply).map_err(|_| refused(Refusal::Malformed)),
		Err(refusal) => Err(refused(refusal)),
	}
}

/// The JSON-RPC error that carries `refusal`.
fn refused(refusal: Refusal) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(REFUSED, refusal.describe(), Some(refusal))
}

/// A client of one seller's process.
pub fn client(endpoint: &str) -> Result<HttpClient> {
	HttpClientBuilder::default()
		.request_timeout(REPLY_TIMEOUT)
		.max_request_size(MAX_ENVELOPE_BYTES as u32)
		.max_response_size(MAX_ENVELOPE_BYTES as u32)
		.build(endpoint)
		.with_context(|| format!("{endpoint:?} is not an HTTP endpoint"))
}

/// Sends `message` to the seller behind `client` and waits for its answer.
pub async fn send(client: &HttpClient, message: &Message) -> Reply {
	let value = match serde_json::to_value(message) {
		Ok(value) => value,
		Err(error) => return Reply::Silent(format!("cannot encode the message: {error}")),
	};
	match client.request::<serde_json::Value, _>(METHOD, rpc_params![value]).await {
		Ok(answer) => match Message::from_json(answer.to_string().as_bytes()) {
			Ok(message) => Reply::Answer(message),
			Err(refusal) => {
				Reply::Silent(format!("the answer is no message: {}", refusal.describe()))
			}
		},
		Err(ClientError::Call(error)) if error.code() == REFUSED => {
			match error.data().and_then(|data| serde_json::from_str::<Refusal>(data.get()).ok()) {
				Some(refusal) => Reply::Refused(refusal),
				None => Reply::Silent(format!("a refusal without its reason: {}", error.message())),
			}
		}
		Err(error) => Reply::Silent(error.to_string()),
	}
}
