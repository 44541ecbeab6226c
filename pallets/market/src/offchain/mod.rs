//! The households' buying agents inside the node (paper, section 4.4: "offchain workers act as
//! negotiating agents"): at every block, for each agent key (`agnt`) in the node's keystore
//! whose household published it as its negotiation key, the offchain worker forecasts what the
//! household will import in the slot being traded and buys it from the sellers' agents, on the
//! ontology, strategies and state machines of `energy-negotiation`, the same code the
//! standalone `energy-agent` runs.
//!
//! The sellers answer over HTTP at the endpoints they published (`energy_negotiation::wire`),
//! each message at once. A household's agent starts once the sellers had time to offer (two
//! fifths of the negotiation window, as the standalone buyers do) and negotiates until it has
//! nothing more to say, within a time budget per run: an agent that runs out of time (slow or
//! silent sellers) is kept in the node's persistent offchain storage, in SCALE, and goes on at
//! the next block where it stopped, so a seller that stalls cannot cost a household its slot.
//! One agent per household and slot: a lock keeps overlapping runs off the same agent, and a
//! finished one is not started again. The sellers record the agreements the buyers signed; the
//! buyer submits nothing. Whatever the sellers answer, the worker logs it and goes on; nothing
//! here can stop the node.

mod http;
mod keystore;
mod need;

pub use http::HttpTransport;
pub use keystore::KeystoreSigner;

use crate::{pallet::*, Agents};
use alloc::{
	collections::{BTreeMap, VecDeque},
	format,
	string::String,
	vec::Vec,
};
use codec::{Decode, Encode};
use core::str::FromStr;
use energy_negotiation::{
	wire::Reply, Agreement, BuyerAgent, BuyerConfig, Household, Key, Message, OfferTerms, Outgoing,
	Plan, Window,
};
use energy_primitives::{
	Energy, OfferId, Phase, SlotIndex, AGENT_KEY_TYPE, AGENT_STRATEGY_STORAGE_KEY,
	MILLISECS_PER_BLOCK,
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_core::hexdisplay::HexDisplay;
use sp_runtime::offchain::{
	storage::StorageValueRef,
	storage_lock::{StorageLock, Time},
	Duration, StorageKind, Timestamp,
};

/// Log target of the agents.
const TARGET: &str = "market-agent";

/// Most agent keys one node runs agents for in a block.
pub const MAX_AGENTS_PER_NODE: usize = 64;

/// The longest one run of the worker spends negotiating: two thirds of a block, as the meter
/// oracle's (the node runs the offchain workers on a small thread pool; a run that outlasts
/// its block holds a thread the next block's workers need).
pub const RUN_BUDGET_MS: u64 = MILLISECS_PER_BLOCK * 2 / 3;

/// Most messages one agent sends for a slot: with four sellers at once and twenty rounds each,
/// a household's whole slot takes a fraction of this.
pub const MAX_MESSAGES_PER_AGENT: u32 = 256;

/// The buyers start this share of the way into the negotiation window (numerator, denominator),
/// when the sellers' offers are in: the standalone buyers read the offers at the same point.
pub const BUYERS_START_AT: (u64, u64) = (2, 5);

/// The strategy the agents negotiate with when the node was given none: the paper's.
pub const DEFAULT_STRATEGY: &str = "paper";

/// Sends a message to the seller's agent at `endpoint` and waits for its answer, until
/// `run_ends` at the latest. Over the host's HTTP in the node ([`HttpTransport`]), in memory
/// in tests.
pub trait Transport {
	/// The seller's answer to `message`, a refusal, or silence.
	fn send(&mut self, endpoint: &[u8], message: &Message, run_ends: Timestamp) -> Reply;
}

/// What one agent did in a run.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum AgentRun {
	/// The key's account is neither a household nor a household's authorized agent.
	NoHousehold,
	/// The household's published negotiation key is another one (or none): sellers would refuse
	/// this key's messages, so the agent does not speak.
	NotPublished,
	/// The household published an agent that does not buy.
	NotBuying,
	/// This node's agent already negotiated the household's purchases for this slot.
	AlreadyNegotiated,
	/// Another run of the worker is working on this agent.
	Busy,
	/// The agent ran out of time with messages still to send: it goes on at the next block.
	Continuing { messages: u32 },
	/// The household is forecast to import nothing in the delivery slot.
	NoNeed,
	/// The agent negotiated: the agreements the sellers confirmed, and the messages sent.
	Negotiated { need_wh: Energy, agreements: Vec<Agreement>, messages: u32 },
}

/// The agents' market at a run: the slot traded and what every buyer of it needs to know.
struct Market {
	genesis: [u8; 32],
	delivery: SlotIndex,
	window: Window,
	offers: Vec<OfferTerms>,
	endpoints: BTreeMap<OfferId, Vec<u8>>,
}

impl<T: Config> Pallet<T> {
	/// The offchain worker's buying agents, over the host's HTTP.
	pub(crate) fn run_buyer_agents(_block: BlockNumberFor<T>) {
		let keys = sp_io::crypto::sr25519_public_keys(AGENT_KEY_TYPE);
		if keys.is_empty() {
			return;
		}
		let keys = keys.into_iter().map(|key| key.0).collect();
		let runs = Self::buy_for_keys(keys, &mut HttpTransport::default());
		for (key, run) in runs {
			match run {
				AgentRun::Negotiated { need_wh, agreements, messages } => log::info!(
					target: TARGET,
					"agent 0x{}: needs {} Wh, agreed {} Wh in {} agreement(s), {} message(s)",
					HexDisplay::from(&key),
					need_wh,
					agreements.iter().map(|a| a.energy_wh).sum::<Energy>(),
					agreements.len(),
					messages
				),
				AgentRun::Continuing { messages } => log::info!(
					target: TARGET,
					"agent 0x{}: out of time after {} message(s); going on at the next block",
					HexDisplay::from(&key),
					messages
				),
				AgentRun::NoNeed => log::debug!(
					target: TARGET,
					"agent 0x{}: its household is forecast to import nothing",
					HexDisplay::from(&key)
				),
				AgentRun::AlreadyNegotiated | AgentRun::Busy => {}
				other => log::warn!(
					target: TARGET,
					"agent 0x{}: does not trade ({:?}); insert its key for a household that \
					 published it as its negotiation key, as a buyer",
					HexDisplay::from(&key),
					other
				),
			}
		}
	}

	/// Runs the buying agent of each of `keys` (at most [`MAX_AGENTS_PER_NODE`], in key order)
	/// if the market is at the point where buyers negotiate and the run's time budget allows;
	/// returns what each agent that ran did.
	pub fn buy_for_keys(
		mut keys: Vec<Key>,
		transport: &mut impl Transport,
	) -> Vec<(Key, AgentRun)> {
		let Some(market) = Self::buyers_market(offchain_now()) else { return Vec::new() };
		let run_ends = sp_io::offchain::timestamp().add(Duration::from_millis(RUN_BUDGET_MS));
		let plan = Self::agent_plan();
		keys.sort();
		keys.truncate(MAX_AGENTS_PER_NODE);
		let mut runs = Vec::new();
		for key in &keys {
			if sp_io::offchain::timestamp() >= run_ends {
				log::warn!(target: TARGET, "out of time for this block's agents");
				break;
			}
			let run = Self::buy_for(key, &market, plan, transport, run_ends);
			runs.push((*key, run));
		}
		runs
	}

	/// The market as buyers see it at offchain time `now`, if they negotiate now: in the
	/// negotiation phase, from [`BUYERS_START_AT`] of its window, with the delivery slot's grid
	/// prices set.
	fn buyers_market(now: u64) -> Option<Market> {
		let status = Self::status();
		if status.phase != Phase::Negotiation {
			return None;
		}
		let window = Window {
			opens_at: Self::clock().start_of(status.slot),
			closes_at: status.recording_starts_at,
		};
		let (share, of) = BUYERS_START_AT;
		let start = window.opens_at.saturating_add(
			window.closes_at.saturating_sub(window.opens_at).saturating_mul(share) / of,
		);
		if now < start || !window.is_open(now) {
			return None;
		}
		let delivery = status.slot.saturating_add(1);
		let cap = SlotGridPrices::<T>::get(delivery)?.import_price;
		let genesis: [u8; 32] = Self::genesis_hash().encode().try_into().ok()?;
		let mut offers = Vec::new();
		let mut endpoints = BTreeMap::new();
		for view in Self::offers(delivery) {
			let Some(seller) = household_bytes(&view.seller) else { continue };
			if view.floor_price > cap {
				continue;
			}
			offers.push(OfferTerms::from_view(&view, seller, cap));
			endpoints.insert(view.id, view.endpoint);
		}
		Some(Market { genesis, delivery, window, offers, endpoints })
	}

	/// The strategy the node's agents negotiate with: the one named in the node's offchain
	/// storage, or [`DEFAULT_STRATEGY`].
	pub fn agent_plan() -> Plan {
		let named =
			sp_io::offchain::local_storage_get(StorageKind::PERSISTENT, AGENT_STRATEGY_STORAGE_KEY)
				.and_then(|bytes| String::from_utf8(bytes).ok())
				.filter(|name| !name.is_empty());
		if let Some(name) = named {
			match Plan::from_str(name.trim()) {
				Ok(plan) => return plan,
				Err(why) => log::warn!(
					target: TARGET,
					"agent strategy {:?}: {}; negotiating with {}",
					name,
					why,
					DEFAULT_STRATEGY
				),
			}
		}
		Plan::PAPER
	}

	/// The buying agent of `key` for `market`'s slot.
	fn buy_for(
		key: &Key,
		market: &Market,
		plan: Plan,
		transport: &mut impl Transport,
		run_ends: Timestamp,
	) -> AgentRun {
		let Ok(account) = T::AccountId::decode(&mut &key[..]) else {
			return AgentRun::NoHousehold;
		};
		let Ok(household) = Self::household_of(account) else { return AgentRun::NoHousehold };
		let Some(info) = Agents::<T>::get(&household) else { return AgentRun::NotPublished };
		if info.negotiation_key.0 != *key {
			return AgentRun::NotPublished;
		}
		if !info.kind.buys() {
			return AgentRun::NotBuying;
		}
		let Some(household_id) = household_bytes(&household) else {
			return AgentRun::NoHousehold;
		};
		let need_wh = Self::forecast_import(&household, market.delivery);
		if need_wh == 0 {
			return AgentRun::NoNeed;
		}
		let storage_key = kept_key(key);
		// Overlapping runs (the worker starts at every block) must not both speak for the agent.
		let lock_key = lock_key(key);
		let mut lock = StorageLock::<Time>::with_deadline(
			&lock_key,
			Duration::from_millis(RUN_BUDGET_MS + MILLISECS_PER_BLOCK),
		);
		let Ok(_guard) = lock.try_lock() else { return AgentRun::Busy };
		let stored = StorageValueRef::persistent(&storage_key);
		let signer = KeystoreSigner(*key);
		let (mut agent, mut queue, mut messages) = match stored.get::<Kept>() {
			Ok(Some(kept)) if kept.delivery == market.delivery => {
				if kept.done {
					return AgentRun::AlreadyNegotiated;
				}
				// Going on where the last run stopped, with the messages it had no time to send
				// (every message it sent was answered or dropped then, so none is awaited).
				(kept.agent, kept.queue.into(), kept.messages)
			}
			_ => {
				let mut agent = BuyerAgent::new(
					market.genesis,
					household_id,
					need_wh,
					market.window,
					plan,
					BuyerConfig::default(),
					market.offers.clone(),
				);
				let queue: VecDeque<_> = agent.start(offchain_now(), &signer).into();
				(agent, queue, 0)
			}
		};
		while let Some(outgoing) = queue.pop_front() {
			if messages >= MAX_MESSAGES_PER_AGENT {
				queue.clear();
				break;
			}
			if sp_io::offchain::timestamp() >= run_ends {
				queue.push_front(outgoing);
				break;
			}
			messages += 1;
			let endpoint = market.endpoints.get(&outgoing.offer).map(Vec::as_slice).unwrap_or(&[]);
			let failed = match transport.send(endpoint, &outgoing.message, run_ends) {
				Reply::Answer(answer) => match agent.on_reply(&answer, offchain_now(), &signer) {
					Ok(next) => {
						queue.extend(next);
						continue;
					}
					Err(refusal) => format!("its answer is refused: {}", refusal.describe()),
				},
				Reply::Refused(refusal) => format!("it refused: {}", refusal.describe()),
				Reply::Silent(why) => format!("no answer: {why}"),
			};
			// The seller is dropped for the next best offer.
			log::debug!(target: TARGET, "offer {}: {}", outgoing.offer, failed);
			queue.extend(agent.on_refused(outgoing.offer, offchain_now(), &signer));
		}
		// Every message sent was answered (or dropped) at once: with none left to send, the
		// agent has nothing more to wait for in this slot.
		let done = queue.is_empty();
		let agreements = agent.agreements().to_vec();
		stored.set(&Kept { delivery: market.delivery, agent, queue: queue.into(), messages, done });
		if done {
			AgentRun::Negotiated { need_wh, agreements, messages }
		} else {
			AgentRun::Continuing { messages }
		}
	}
}

/// What a household's buying agent keeps in the node's persistent offchain storage between
/// runs: the delivery slot it buys for, the agent itself, the messages it has yet to send, how
/// many it sent, and whether it is done.
#[derive(Encode, Decode)]
struct Kept {
	delivery: SlotIndex,
	agent: BuyerAgent<Plan>,
	queue: Vec<Outgoing>,
	messages: u32,
	done: bool,
}

/// Where the buying agent of `key` is kept.
fn kept_key(key: &Key) -> Vec<u8> {
	[&b"energy::agent-buyer::"[..], key].concat()
}

/// The lock of the buying agent of `key`.
fn lock_key(key: &Key) -> Vec<u8> {
	[&b"energy::agent-buyer-lock::"[..], key].concat()
}

/// The offchain worker's clock, in Unix milliseconds.
fn offchain_now() -> u64 {
	sp_io::offchain::timestamp().unix_millis()
}

/// `account` as the negotiation core names households: its 32-byte encoding.
fn household_bytes<A: Encode>(account: &A) -> Option<Household> {
	account.encode().try_into().ok()
}
