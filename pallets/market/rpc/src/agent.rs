//! `agent_deliver`: the inbox of the households' selling agents inside the node. A buyer's agent
//! (standalone or in another node's offchain worker) posts a signed message of the ontology to
//! the endpoint the seller published, the node's RPC address, and gets the answer of the offer's
//! agent at once, as from a standalone seller: one wire for every agent
//! (`energy_negotiation::wire`).
//!
//! Safe to expose: before anything is stored, the message must be one of the ontology (a message
//! is of fixed size; anything larger or different is refused as `tooLarge` or `malformed`), its
//! signature must verify with the key it names, and that key may send at most
//! [`MAX_MESSAGES_PER_SENDER`] messages a second. Then the runtime answers (`MarketAgentApi`),
//! with the node's offchain storage, where each offer's agent is kept, and its keystore, which
//! signs the answer; it checks first, with one storage read, that the key is the published
//! negotiation key of the buyer the message names, then the rest (the offer is this node's, the
//! round, the price, the window). A key the runtime did not know gets no further runtime call
//! for a minute: so a flood of messages signed by throwaway keys costs the node a signature
//! check each, and there is no limit shared by all senders that strangers could fill to keep the
//! households' buyers out. One message at a time, so no two answers change the same agent at
//! once.

use std::{
	collections::{HashMap, HashSet},
	marker::PhantomData,
	sync::Arc,
	time::SystemTime,
};

use crate::MarketAgentRuntimeApi;
use energy_negotiation::{wire::REFUSED, Key, Message, Refusal};
use jsonrpsee::{core::RpcResult, proc_macros::rpc, types::ErrorObjectOwned};
use parking_lot::Mutex;
use sp_api::{ApiExt, ProvideRuntimeApi};
use sp_blockchain::HeaderBackend;
use sp_core::offchain::{storage::OffchainDb, OffchainDbExt, OffchainStorage};
use sp_keystore::{KeystoreExt, KeystorePtr};
use sp_runtime::traits::Block as BlockT;
use substrate_prometheus_endpoint::{register, CounterVec, Opts, PrometheusError, Registry, U64};

/// Most messages one sender's key may send a second: a buyer's agent negotiating with several
/// sellers of this node at once sends a few.
pub const MAX_MESSAGES_PER_SENDER: u32 = 20;

/// How long the inbox refuses, without asking the runtime, a key the runtime did not know as a
/// buyer's, in seconds: a household that publishes its key meanwhile is heard after that.
pub const STRANGER_SECONDS: u64 = 60;

/// Most strangers the inbox remembers; it forgets them all when it meets one more.
pub const MAX_STRANGERS: usize = 65_536;

/// The selling agents' inbox.
#[rpc(server)]
pub trait AgentApi {
	/// The answer of this node's agent of the offer `message` names, or an error whose code is
	/// `energy_negotiation::wire::REFUSED` and whose data is the refusal. The method's name is
	/// `energy_negotiation::wire::METHOD`, which every agent calls.
	#[method(name = "agent_deliver", blocking)]
	fn deliver(&self, message: serde_json::Value) -> RpcResult<Message>;
}

/// Who sent how many messages in the current second, and the keys the runtime did not know.
#[derive(Default)]
struct Senders {
	second: u64,
	per_sender: HashMap<Key, u32>,
	strangers_since: u64,
	strangers: HashSet<Key>,
}

impl Senders {
	/// Counts a message of `sender` at `second`, or why it is refused unasked.
	fn admit(&mut self, sender: Key, second: u64) -> Result<(), Refusal> {
		if second != self.second {
			self.second = second;
			self.per_sender.clear();
		}
		if second >= self.strangers_since.saturating_add(STRANGER_SECONDS) {
			self.strangers_since = second;
			self.strangers.clear();
		}
		if self.strangers.contains(&sender) {
			return Err(Refusal::UnknownSender);
		}
		let sent = self.per_sender.entry(sender).or_default();
		if *sent >= MAX_MESSAGES_PER_SENDER {
			return Err(Refusal::TooManyMessages);
		}
		*sent += 1;
		Ok(())
	}

	/// The runtime did not know `sender` as a buyer's key.
	fn stranger(&mut self, sender: Key) {
		if self.strangers.len() >= MAX_STRANGERS {
			self.strangers.clear();
		}
		self.strangers.insert(sender);
	}
}

/// The inbox's Prometheus metric: `energy_agent_inbox_messages_total`, by outcome (`answered`,
/// or the refusal's name).
#[derive(Clone)]
pub struct InboxMetrics(CounterVec<U64>);

impl InboxMetrics {
	/// The metric, registered in `registry`.
	pub fn register(registry: &Registry) -> Result<Self, PrometheusError> {
		let opts = Opts::new(
			"energy_agent_inbox_messages_total",
			"Messages to the node's selling agents (agent_deliver), by outcome",
		);
		Ok(InboxMetrics(register(CounterVec::new(opts, &["outcome"])?, registry)?))
	}

	fn count(&self, outcome: &str) {
		self.0.with_label_values(&[outcome]).inc();
	}
}

/// Serves `agent_deliver` from the runtime's `MarketAgentApi`, with the node's offchain storage
/// and keystore.
pub struct AgentInbox<C, Block, S> {
	client: Arc<C>,
	storage: S,
	keystore: KeystorePtr,
	metrics: Option<InboxMetrics>,
	senders: Mutex<Senders>,
	/// One answer at a time.
	answering: Mutex<()>,
	_marker: PhantomData<Block>,
}

impl<C, Block, S> AgentInbox<C, Block, S> {
	/// The inbox of the agents of `client`'s chain whose keys are in `keystore`, keeping them in
	/// the node's offchain `storage`, counting messages in `metrics`.
	pub fn new(
		client: Arc<C>,
		storage: S,
		keystore: KeystorePtr,
		metrics: Option<InboxMetrics>,
	) -> Self {
		AgentInbox {
			client,
			storage,
			keystore,
			metrics,
			senders: Mutex::new(Senders::default()),
			answering: Mutex::new(()),
			_marker: PhantomData,
		}
	}
}

/// The JSON-RPC error that carries `refusal`, as every seller's agent sends it.
fn refused(refusal: Refusal) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(REFUSED, refusal.describe(), Some(refusal))
}

fn unix_millis() -> u64 {
	SystemTime::now()
		.duration_since(SystemTime::UNIX_EPOCH)
		.map(|elapsed| elapsed.as_millis() as u64)
		.unwrap_or_default()
}

impl<C, Block, S> AgentApiServer for AgentInbox<C, Block, S>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: MarketAgentRuntimeApi<Block>,
	S: OffchainStorage + 'static,
{
	fn deliver(&self, message: serde_json::Value) -> RpcResult<Message> {
		let answer = self.answer(message);
		if let Some(metrics) = &self.metrics {
			match &answer {
				Ok(_) => metrics.count("answered"),
				Err(Answer::Refused(refusal)) => metrics.count(&format!("{refusal:?}")),
				Err(Answer::Failed(_)) => metrics.count("failed"),
			}
		}
		answer.map_err(|failure| match failure {
			Answer::Refused(refusal) => refused(refusal),
			Answer::Failed(error) => error,
		})
	}
}

/// Why a message got no answer: a refusal, or the runtime failed.
enum Answer {
	Refused(Refusal),
	Failed(ErrorObjectOwned),
}

impl<C, Block, S> AgentInbox<C, Block, S>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: MarketAgentRuntimeApi<Block>,
	S: OffchainStorage + 'static,
{
	/// The answer to `message` (JSON), or why there is none.
	fn answer(&self, message: serde_json::Value) -> Result<Message, Answer> {
		let message =
			Message::from_json(message.to_string().as_bytes()).map_err(Answer::Refused)?;
		let info = self.client.info();
		let genesis: [u8; 32] = info.genesis_hash.as_ref().try_into().unwrap_or_default();
		if !message.is_signed(&genesis) {
			return Err(Answer::Refused(Refusal::BadSignature));
		}
		let now = unix_millis();
		let sender = message.body.sender;
		self.senders.lock().admit(sender, now / 1_000).map_err(Answer::Refused)?;
		let _answering = self.answering.lock();
		let mut api = self.client.runtime_api();
		api.register_extension(OffchainDbExt::new(OffchainDb::new(self.storage.clone())));
		api.register_extension(KeystoreExt::new(self.keystore.clone()));
		match api.answer_agent_message(info.best_hash, message, now) {
			Ok(Ok(answer)) => Ok(answer),
			Ok(Err(refusal)) => {
				if refusal == Refusal::UnknownSender {
					self.senders.lock().stranger(sender);
				}
				Err(Answer::Refused(refusal))
			}
			Err(error) => Err(Answer::Failed(ErrorObjectOwned::owned(
				1,
				"the runtime could not answer",
				Some(error.to_string()),
			))),
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_sender_gets_its_share_of_a_second_whatever_others_send() {
		let mut senders = Senders::default();
		for _ in 0..MAX_MESSAGES_PER_SENDER {
			assert_eq!(senders.admit([1; 32], 7), Ok(()));
		}
		assert_eq!(senders.admit([1; 32], 7), Err(Refusal::TooManyMessages));
		// However many other keys send, each has its own share.
		for stranger in 0..=u8::MAX {
			assert_eq!(senders.admit([stranger; 32], 7).is_ok(), stranger != 1);
		}
		assert_eq!(senders.admit([1; 32], 8), Ok(()), "the next second, a new share");
	}

	#[test]
	fn a_key_the_runtime_did_not_know_is_refused_unasked_for_a_minute() {
		let mut senders = Senders::default();
		assert_eq!(senders.admit([3; 32], 100), Ok(()));
		senders.stranger([3; 32]);
		assert_eq!(senders.admit([3; 32], 101), Err(Refusal::UnknownSender));
		assert_eq!(senders.admit([4; 32], 101), Ok(()), "other keys are asked about");
		assert_eq!(senders.admit([3; 32], 100 + STRANGER_SECONDS - 1), Err(Refusal::UnknownSender));
		// A minute on, it may have published its key meanwhile.
		assert_eq!(senders.admit([3; 32], 100 + STRANGER_SECONDS), Ok(()));
	}

	#[test]
	fn the_strangers_remembered_are_bounded() {
		let mut senders = Senders::default();
		senders.admit([0; 32], 1).unwrap();
		for n in 0..MAX_STRANGERS as u32 {
			let mut key = [0; 32];
			key[..4].copy_from_slice(&n.to_le_bytes());
			senders.stranger(key);
		}
		assert_eq!(senders.strangers.len(), MAX_STRANGERS);
		senders.stranger([9; 32]);
		assert_eq!(senders.strangers.len(), 1);
	}
}
