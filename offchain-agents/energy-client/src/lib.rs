//! What the off-chain programs of the energy marketplace share to talk to the chain: how subxt
//! sees it ([`ChainConfig`]), a connection to a node ([`Connection`]), following a transaction
//! into a block with the chain's refusals named ([`wait_for_success`], [`describe`]), the
//! market's clock ([`Connection::market_status`]), the signing key a program is given
//! ([`keypair`]), hex the way the programs print it ([`to_hex`]),
//! their logging ([`init_logging`]), and call arguments encoded with the runtime's own types
//! ([`ScaleArgs`]).

mod call_args;

pub use call_args::ScaleArgs;

use anyhow::{anyhow, bail, Context, Result};
use codec::Decode;
use energy_primitives::MarketStatus;
use std::sync::Arc;
use subxt::{
	backend::LegacyBackend,
	client::OnlineClientAtBlockImpl,
	error::{DispatchError, TransactionEventsError},
	ext::frame_decode::storage::{IntoDecodableValues, IntoEncodableValues},
	extrinsics::ExtrinsicEvents,
	rpcs::{methods::LegacyRpcMethods, RpcClient},
	transactions::{DefaultParams, Payload, TransactionProgress, TransactionStatus},
	OnlineClient, OnlineClientAtBlock, PolkadotConfig,
};
use subxt_signer::{sr25519::Keypair, SecretUri};

/// How subxt sees our chain. `PolkadotConfig` has exactly our types: `MultiAddress<AccountId32,
/// ()>`, `MultiSignature`, BLAKE2-256 hashes; and its transaction extensions cover ours (it
/// fills the ones our runtime lists and skips the ones it does not, such as
/// `CheckMetadataHash`). Only its historic Polkadot types are Polkadot's, and we turn them off.
pub type ChainConfig = PolkadotConfig;

/// A connection to a node of the chain.
pub struct Connection {
	/// subxt's client: metadata, storage, transactions.
	client: OnlineClient<ChainConfig>,
	/// The plain RPC methods, for what the client does not offer: the best block.
	rpc: LegacyRpcMethods<subxt::config::RpcConfigFor<ChainConfig>>,
	/// The connection itself, for the node's own methods (`author_insertKey`).
	raw: RpcClient,
}

impl Connection {
	/// Connect to the node at `url` (`ws://` or `wss://`).
	pub async fn connect(url: &str) -> Result<Self> {
		let rpc = RpcClient::from_insecure_url(url)
			.await
			.with_context(|| format!("cannot connect to a node at {url}"))?;
		let config = PolkadotConfig::builder().use_historic_types(false).build();
		// The legacy backend reads any block the node names by hash. subxt's default,
		// `chainHead_v1`, only reads blocks its own subscription has already announced: with
		// 200 households publishing at once, the best block the node had just named was not yet
		// announced to it and reading it failed ("cannot find the block header").
		let backend = LegacyBackend::builder().build(rpc.clone());
		let client = OnlineClient::from_backend_with_config(config, Arc::new(backend))
			.await
			.with_context(|| format!("cannot talk to the node at {url}"))?;
		Ok(Connection { client, rpc: LegacyRpcMethods::new(rpc.clone()), raw: rpc })
	}

	/// The chain's genesis hash.
	pub fn genesis_hash(&self) -> [u8; 32] {
		self.client.genesis_hash().0
	}

	/// The chain at its best block: what the next block builds on. Not the finalized one, which
	/// trails it by a block or two: what a transaction wrote is readable as soon as the
	/// transaction is in a block, and the chain's clock is as fresh as it gets.
	pub async fn at_best_block(&self) -> Result<OnlineClientAtBlock<ChainConfig>> {
		let best = self
			.rpc
			.chain_get_block_hash(None)
			.await
			.context("cannot ask the node for its best block")?
			.context("the node has no best block")?;
		self.client.at_block(best).await.context("cannot read the best block")
	}

	/// The value of storage entry `pallet.entry` under `keys` (a tuple of the map's keys, `()`
	/// for a plain value) at the best block, SCALE-decoded as `T`, the runtime's own type;
	/// `None` if nothing is stored there.
	pub async fn storage_value<K, T>(&self, pallet: &str, entry: &str, keys: K) -> Result<Option<T>>
	where
		K: IntoEncodableValues + IntoDecodableValues,
		T: Decode,
	{
		let at = self.at_best_block().await?;
		let found = at
			.storage()
			.try_fetch(
				subxt::dynamic::storage::<K, subxt::ext::scale_value::Value>(pallet, entry),
				keys,
			)
			.await
			.with_context(|| format!("cannot read {pallet}.{entry}"))?;
		found
			.map(|value| T::decode(&mut value.bytes()))
			.transpose()
			.with_context(|| format!("cannot decode {pallet}.{entry}"))
	}

	/// Put the key of secret URI `suri`, whose public key is `public`, in the node's keystore
	/// under `key_type` (`author_insertKey`; the node must allow unsafe RPC methods, as nodes
	/// do on 127.0.0.1 by default).
	pub async fn insert_key(&self, key_type: &str, suri: &str, public: &[u8; 32]) -> Result<()> {
		let mut params = subxt::rpcs::client::RpcParams::new();
		for param in [key_type.to_string(), suri.to_string(), to_hex(public)] {
			params.push(param).context("cannot encode the key's parameters")?;
		}
		self.raw.request::<serde_json::Value>("author_insertKey", params).await.with_context(
			|| format!("the node did not take the {key_type} key {}", to_hex(public)),
		)?;
		Ok(())
	}

	/// The number of the last finalized block.
	pub async fn finalized_number(&self) -> Result<u64> {
		Ok(self
			.client
			.at_current_block()
			.await
			.context("cannot read the last finalized block")?
			.block_number())
	}

	/// The events of block `number`, in order. Read only finalized blocks this way: a block
	/// number names one block only once it is final.
	pub async fn events_of_block(&self, number: u64) -> Result<Vec<RawEvent>> {
		let at = self
			.client
			.at_block(number)
			.await
			.with_context(|| format!("cannot read block {number}"))?;
		let events = at
			.events()
			.fetch()
			.await
			.with_context(|| format!("cannot read block {number}'s events"))?;
		raw_events(events.iter().map(|event| event.map_err(anyhow::Error::from)))
	}

	/// Call the runtime API function `function` (e.g. `MarketApi_offers`) with SCALE-encoded
	/// `args` at the best block and decode its answer as `R`.
	pub async fn runtime_call<R: Decode>(&self, function: &str, args: &[u8]) -> Result<R> {
		let bytes = self
			.at_best_block()
			.await?
			.runtime_apis()
			.call_raw(function, Some(args))
			.await
			.with_context(|| format!("cannot call {function}"))?;
		R::decode(&mut &bytes[..])
			.with_context(|| format!("cannot decode the answer of {function}"))
	}

	/// Submit `call` signed by `signer` and wait until a block includes it; returns its events.
	/// `what` names the call in errors, e.g. `the offer`; a refusal names the pallet's error.
	pub async fn submit_signed<Call: Payload>(
		&self,
		call: &Call,
		signer: &Keypair,
		what: &str,
	) -> Result<Vec<RawEvent>> {
		let at = self.at_best_block().await?;
		let progress = at
			.transactions()
			.create_signed(call, signer, DefaultParams::default_params())
			.await
			.with_context(|| format!("cannot build the transaction of {what}"))?
			.submit_and_watch()
			.await
			.with_context(|| format!("the node refused the transaction of {what}"))?;
		let (_, events) =
			wait_for_success(progress, &format!("the transaction of {what}"), what).await?;
		raw_events(events.iter().map(|event| event.map_err(anyhow::Error::from)))
	}

	/// The market's clock at the best block (`MarketApi::status`): the slot now, its phase and
	/// when its recording window opens and it ends. Every program takes slots from here, never
	/// from its own clock: the chain's slots may be an hour or, on a test chain, a minute.
	pub async fn market_status(&self) -> Result<MarketStatus> {
		let bytes = self
			.at_best_block()
			.await?
			.runtime_apis()
			.call_raw("MarketApi_status", None)
			.await
			.context("cannot call MarketApi_status: is this the energy marketplace chain?")?;
		MarketStatus::decode(&mut &bytes[..])
			.context("cannot decode the answer of MarketApi_status")
	}
}

/// An event as the programs read it: its pallet, its name and its fields, SCALE-encoded in the
/// order the runtime declares them (decode them with the runtime's own Rust types).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct RawEvent {
	/// The pallet's name in the runtime, e.g. `Market`.
	pub pallet: String,
	/// The event's name, e.g. `AgreementRecorded`.
	pub name: String,
	/// Its fields.
	pub fields: Vec<u8>,
}

impl RawEvent {
	/// Whether it is event `name` of pallet `pallet`.
	pub fn is(&self, pallet: &str, name: &str) -> bool {
		self.pallet == pallet && self.name == name
	}

	/// Its fields decoded as `T` (a tuple or struct of the runtime's field types, in order).
	pub fn decode<T: Decode>(&self) -> Result<T> {
		T::decode(&mut &self.fields[..])
			.with_context(|| format!("cannot decode the event {}.{}", self.pallet, self.name))
	}
}

fn raw_events<'a>(
	events: impl Iterator<Item = Result<subxt::events::Event<'a, ChainConfig>>>,
) -> Result<Vec<RawEvent>> {
	events
		.map(|event| {
			let event = event.context("cannot decode an event")?;
			Ok(RawEvent {
				pallet: event.pallet_name().to_string(),
				name: event.event_name().to_string(),
				fields: event.field_bytes().to_vec(),
			})
		})
		.collect()
}

/// Follow a submitted transaction until a block includes it; returns that block's hash and the
/// transaction's events once it succeeded. `transaction` names it in the errors about its way
/// into a block (`the anchoring transaction`), `what` in the errors about its outcome (`the
/// anchor`); a refusal by the chain is an error naming the pallet's error, e.g. `the chain
/// refused the anchor: Anchoring.AlreadyAnchored (...)`.
pub async fn wait_for_success(
	mut progress: TransactionProgress<ChainConfig, OnlineClientAtBlockImpl<ChainConfig>>,
	transaction: &str,
	what: &str,
) -> Result<([u8; 32], ExtrinsicEvents<ChainConfig>)> {
	while let Some(status) = progress.next().await {
		let (in_block, finalized) =
			match status.with_context(|| format!("lost track of {transaction}"))? {
				TransactionStatus::InBestBlock(in_block) => (in_block, false),
				TransactionStatus::InFinalizedBlock(in_block) => (in_block, true),
				TransactionStatus::Error { message }
				| TransactionStatus::Invalid { message }
				| TransactionStatus::Dropped { message } => {
					bail!("{transaction} did not make it into a block: {message}")
				}
				_ => continue,
			};
		return match in_block.wait_for_success().await {
			Ok(events) => Ok((in_block.block_hash().0, events)),
			Err(TransactionEventsError::ExtrinsicFailed(error)) => {
				Err(anyhow!("the chain refused {what}: {}", describe(&error)))
			}
			// A best block can be gone before its events are read: a fork that lost to another
			// validator's block, pruned once that one is final. The node goes on reporting
			// where the transaction is (another block, or dropped), so follow it.
			Err(_) if !finalized => continue,
			Err(error) => {
				Err(error).with_context(|| format!("cannot tell whether {what} succeeded"))
			}
		};
	}
	bail!("the node stopped reporting on {transaction} before it was in a block")
}

/// A dispatch error in one line: `Pallet.Error (its documentation)` for a pallet's error.
pub fn describe(error: &DispatchError) -> String {
	if let DispatchError::Module(module) = error {
		if let Ok(details) = module.details() {
			return describe_pallet_error(
				details.pallet.name(),
				&details.variant.name,
				&details.variant.docs,
			);
		}
	}
	error.to_string()
}

/// The error `error` of pallet `pallet` in one line, with its documentation `docs` (from the
/// metadata): `Pallet.Error (its documentation)`, or `Pallet.Error` if it has none.
pub fn describe_pallet_error(pallet: &str, error: &str, docs: &[String]) -> String {
	let docs = docs.join(" ");
	let name = format!("{pallet}.{error}");
	if docs.is_empty() {
		name
	} else {
		format!("{name} ({})", docs.trim())
	}
}

/// The sr25519 key of `suri`, the secret URI given as `--suri`: a dev name like `//Alice`, a
/// mnemonic with optional derivations, or `0x` and a 32-byte seed.
pub fn keypair(suri: &str) -> Result<Keypair> {
	let secret: SecretUri = suri.parse().context("--suri is not a valid secret URI")?;
	Keypair::from_uri(&secret).context("--suri does not give an sr25519 key")
}

/// Every entry of the storage map `pallet.entry`, whose one key is a `u64` (an index or an
/// identifier), at block `at`: its keys, and its values SCALE-decoded as `V` (the runtime's own
/// type), by increasing key.
pub async fn u64_map<V: Decode>(
	at: &OnlineClientAtBlock<ChainConfig>,
	pallet: &str,
	entry: &str,
) -> Result<Vec<(u64, V)>> {
	let mut entries = at
		.storage()
		.iter(subxt::dynamic::storage::<(u64,), subxt::ext::scale_value::Value>(pallet, entry), ())
		.await
		.with_context(|| format!("cannot read {pallet}.{entry}"))?;
	let mut found = Vec::new();
	while let Some(item) = entries.next().await {
		let item = item.with_context(|| format!("cannot read {pallet}.{entry}"))?;
		let key = item
			.key()
			.ok()
			.and_then(|key| key.part(0)?.decode_as::<u64>().ok().flatten())
			.with_context(|| format!("cannot decode a key of {pallet}.{entry}"))?;
		let value = V::decode(&mut item.value().bytes())
			.with_context(|| format!("cannot decode {pallet}.{entry}({key})"))?;
		found.push((key, value));
	}
	found.sort_by_key(|(key, _)| *key);
	Ok(found)
}

/// `0x` and the lowercase hex digits of `bytes`, the way the programs print hashes and keys.
pub fn to_hex(bytes: &[u8]) -> String {
	format!("0x{}", hex::encode(bytes))
}

/// Log to stderr at `info` unless `RUST_LOG` says otherwise: the binaries' shared set-up.
/// Colours only on a terminal, so logs captured in files and by tests stay plain text.
pub fn init_logging() {
	init_logging_with("info")
}

/// [`init_logging`] with `default` (an `EnvFilter` directive such as
/// `info,meter_simulator=warn`) when `RUST_LOG` is not set.
pub fn init_logging_with(default: &str) {
	use std::io::IsTerminal;
	let filter = tracing_subscriber::EnvFilter::try_from_default_env()
		.unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
	tracing_subscriber::fmt()
		.with_env_filter(filter)
		.with_writer(std::io::stderr)
		.with_ansi(std::io::stderr().is_terminal())
		.init();
}
