//! The households' buying agents inside the node (paper, section 4.4: "offchain workers act as
//! negotiating agents"): at every block, for each agent key (`agnt`) in the node's keystore
//! whose household published it as its negotiation key, the offchain worker forecasts what the
//! household will import in the slot being traded and buys it from the sellers' agents, on the
//! ontology, strategies and state machines of `energy-negotiation`, the same code the
//! standalone `energy-agent` runs.
//!
//! The sellers answer over HTTP at the endpoints they published (`energy_negotiation::wire`),
//! each message at once, so a whole slot's negotiation fits in one run of the worker: it
//! starts once the sellers had time to offer (two fifths of the negotiation window, as the
//! standalone buyers do), negotiates once per slot and household (a claim in the node's
//! persistent offchain storage, so overlapping runs never buy twice), and keeps to a time
//! budget. The sellers record the agreements the buyers signed; the buyer submits nothing.
//! Whatever the sellers answer, the worker logs it and goes on; nothing here can stop the node.

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
	wire::Reply, Agreement, BuyerAgent, BuyerConfig, Household, Key, Message, OfferTerms, Plan,
	Window,
};
use energy_primitives::{
	Energy, OfferId, Phase, SlotIndex, AGENT_KEY_TYPE, AGENT_STRATEGY_STORAGE_KEY,
	MILLISECS_PER_BLOCK,
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_core::hexdisplay::HexDisplay;
use sp_runtime::{
	offchain::{storage::StorageValueRef, Duration, StorageKind, Timestamp},
	traits::Zero,
};

/// Log target of the agents.
const TARGET: &str = "market-agent";

/// Most agent keys one node runs agents for in a block.
pub const MAX_AGENTS_PER_NODE: usize = 64;

/// The longest one run of the worker spends negotiating: two thirds of a block, as the meter
/// oracle's (the node runs the offchain workers on a small thread pool; a run that outlasts
/// its block holds a thread the next block's workers need).
pub const RUN_BUDGET_MS: u64 = MILLISECS_PER_BLOCK * 2 / 3;

/// Most messages one agent sends in a run: with four sellers at once and twenty rounds each,
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
		let mut keys: Vec<Key> = keys.into_iter().map(|key| key.0).collect();
		let runs = Self::buy_for_keys(&mut keys, &mut HttpTransport::default());
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
				AgentRun::AlreadyNegotiated | AgentRun::NoNeed => {}
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
		keys: &mut Vec<Key>,
		transport: &mut impl Transport,
	) -> Vec<(Key, AgentRun)> {
		let Some(market) = Self::buyers_market(offchain_now()) else { return Vec::new() };
		let run_ends = sp_io::offchain::timestamp().add(Duration::from_millis(RUN_BUDGET_MS));
		let plan = Self::agent_plan();
		keys.sort();
		keys.truncate(MAX_AGENTS_PER_NODE);
		let mut runs = Vec::new();
		for key in keys.iter() {
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
		let start = window.opens_at + window.closes_at.saturating_sub(window.opens_at) * share / of;
		if now < start || !window.is_open(now) {
			return None;
		}
		let delivery = status.slot.saturating_add(1);
		let cap = SlotGridPrices::<T>::get(delivery)?.import_price;
		let genesis: [u8; 32] = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero())
			.encode()
			.try_into()
			.ok()?;
		let mut offers = Vec::new();
		let mut endpoints = BTreeMap::new();
		for view in Self::offers(delivery) {
			let Some(seller) = household_bytes(&view.seller) else { continue };
			if view.floor_price > cap {
				continue;
			}
			endpoints.insert(view.id, view.endpoint);
			offers.push(OfferTerms {
				id: view.id,
				slot: delivery,
				seller,
				seller_key: view.negotiation_key,
				floor: view.floor_price,
				cap,
				energy_wh: view.energy_wh,
			});
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
		if !claim_slot(key, market.delivery) {
			return AgentRun::AlreadyNegotiated;
		}
		let signer = KeystoreSigner(*key);
		let mut agent = BuyerAgent::new(
			market.genesis,
			household_id,
			need_wh,
			market.window,
			plan,
			BuyerConfig::default(),
			market.offers.clone(),
		);
		let mut queue: VecDeque<_> = agent.start(offchain_now(), &signer).into();
		let mut messages = 0;
		while let Some(outgoing) = queue.pop_front() {
			if messages >= MAX_MESSAGES_PER_AGENT || sp_io::offchain::timestamp() >= run_ends {
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
		AgentRun::Negotiated { need_wh, agreements: agent.agreements().to_vec(), messages }
	}
}

/// The offchain worker's clock, in Unix milliseconds.
fn offchain_now() -> u64 {
	sp_io::offchain::timestamp().unix_millis()
}

/// `account` as the negotiation core names households: its 32-byte encoding.
fn household_bytes<A: Encode>(account: &A) -> Option<Household> {
	account.encode().try_into().ok()
}

/// Claims `delivery` for `key`'s agent in the node's persistent offchain storage: true once per
/// slot, whichever of overlapping runs asks first.
fn claim_slot(key: &Key, delivery: SlotIndex) -> bool {
	let mut storage_key = b"energy::agent-bought::".to_vec();
	storage_key.extend_from_slice(key);
	StorageValueRef::persistent(&storage_key)
		.mutate(|last: Result<Option<SlotIndex>, _>| match last {
			Ok(Some(slot)) if slot >= delivery => Err(()),
			_ => Ok(delivery),
		})
		.is_ok()
}
