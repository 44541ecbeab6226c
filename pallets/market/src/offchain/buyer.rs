//! The households' buying agents: at every block, for each agent key whose household published
//! it as its negotiation key as a buyer, the worker forecasts what the household will import in
//! the slot being traded and buys it from the sellers' agents at the endpoints they published,
//! each message answered at once.
//!
//! A household's agent starts once the sellers had time to offer (two fifths of the negotiation
//! window, as the standalone buyers do) and negotiates until it has nothing more to say, within
//! a time budget per run: an agent that runs out of time (slow or silent sellers) is kept in the
//! node's persistent offchain storage, in SCALE, and goes on at the next block where it stopped,
//! so a seller that stalls cannot cost a household its slot. One agent per household and slot:
//! a lock keeps overlapping runs off the same agent, and a finished one is not started again.
//! The sellers record the agreements the buyers signed; the buyer submits nothing.

use super::{
	counters, household_bytes, offchain_now, HttpTransport, KeystoreSigner, Transport, Unpublished,
	RUN_BUDGET_MS, TARGET,
};
use crate::pallet::*;
use alloc::{
	collections::{BTreeMap, VecDeque},
	format,
	vec::Vec,
};
use codec::{Decode, Encode};
use energy_negotiation::{
	wire::Reply, Agreement, BuyerAgent, BuyerConfig, Key, OfferTerms, Outgoing, Plan, Share, Window,
};
use energy_primitives::{Energy, OfferId, Phase, SlotIndex, MILLISECS_PER_BLOCK};
use sp_core::hexdisplay::HexDisplay;
use sp_runtime::offchain::{
	storage::StorageValueRef,
	storage_lock::{StorageLock, Time},
	Duration, Timestamp,
};

/// Most messages one agent sends for a slot: with four sellers at once and twenty rounds each,
/// a household's whole slot takes a fraction of this.
pub const MAX_MESSAGES_PER_AGENT: u32 = 256;

/// The buyers start this share of the way into the negotiation window (numerator, denominator),
/// when the sellers' offers are in: the standalone buyers read the offers at the same point.
pub const BUYERS_START_AT: Share = energy_negotiation::BUYERS_READ_AT;

/// What one buying agent did in a run.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum BuyerRun {
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

impl From<Unpublished> for BuyerRun {
	fn from(why: Unpublished) -> Self {
		match why {
			Unpublished::NoHousehold => BuyerRun::NoHousehold,
			Unpublished::NotPublished => BuyerRun::NotPublished,
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The buying agents of `keys`, over the host's HTTP; how many go on at the next block.
	pub(crate) fn run_buyer_agents(keys: Vec<Key>) -> u32 {
		let runs = Self::buy_for_keys(keys, &mut HttpTransport::default());
		let delivery = Self::status().slot.saturating_add(1);
		let mut open = 0;
		for (key, run) in runs {
			match run {
				BuyerRun::Negotiated { need_wh, agreements, messages } => {
					counters::count(|c| c.agreements_bought += agreements.len() as u64);
					log::info!(
						target: TARGET,
						"agent 0x{}: needs {} Wh, agreed {} Wh in {} agreement(s), {} message(s), \
						 for slot {}",
						HexDisplay::from(&key),
						need_wh,
						agreements.iter().map(|a| a.energy_wh).sum::<Energy>(),
						agreements.len(),
						messages,
						delivery
					)
				}
				BuyerRun::Continuing { messages } => {
					open += 1;
					log::info!(
						target: TARGET,
						"agent 0x{}: out of time after {} message(s); going on at the next block",
						HexDisplay::from(&key),
						messages
					)
				}
				BuyerRun::NoNeed => log::debug!(
					target: TARGET,
					"agent 0x{}: its household is forecast to import nothing",
					HexDisplay::from(&key)
				),
				// A household's agent may only sell.
				BuyerRun::AlreadyNegotiated | BuyerRun::Busy | BuyerRun::NotBuying => {}
				other => log::warn!(
					target: TARGET,
					"agent 0x{}: does not trade ({:?}); insert its key for a household that \
					 published it as its negotiation key",
					HexDisplay::from(&key),
					other
				),
			}
		}
		open
	}

	/// Runs the buying agent of each of `keys` (at most [`super::MAX_AGENTS_PER_NODE`], in key
	/// order) if the market is at the point where buyers negotiate and the run's time budget allows;
	/// returns what each agent that ran did.
	pub fn buy_for_keys(
		mut keys: Vec<Key>,
		transport: &mut impl Transport,
	) -> Vec<(Key, BuyerRun)> {
		let Some(market) = Self::buyers_market(offchain_now()) else { return Vec::new() };
		let run_ends = sp_io::offchain::timestamp().add(Duration::from_millis(RUN_BUDGET_MS));
		let plan = Self::agent_plan();
		keys.sort();
		keys.truncate(super::MAX_AGENTS_PER_NODE);
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
		let start = window.at(BUYERS_START_AT);
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

	/// The buying agent of `key` for `market`'s slot.
	fn buy_for(
		key: &Key,
		market: &Market,
		plan: Plan,
		transport: &mut impl Transport,
		run_ends: Timestamp,
	) -> BuyerRun {
		let (household, info) = match Self::published_household(key) {
			Ok(published) => published,
			Err(why) => return why.into(),
		};
		if !info.kind.buys() {
			return BuyerRun::NotBuying;
		}
		let Some(household_id) = household_bytes(&household) else {
			return BuyerRun::NoHousehold;
		};
		let need_wh = Self::forecast_import(&household, market.delivery);
		if need_wh == 0 {
			return BuyerRun::NoNeed;
		}
		let storage_key = kept_key(key);
		// Overlapping runs (the worker starts at every block) must not both speak for the agent.
		let lock_key = lock_key(key);
		let mut lock = StorageLock::<Time>::with_deadline(
			&lock_key,
			Duration::from_millis(RUN_BUDGET_MS + MILLISECS_PER_BLOCK),
		);
		let Ok(_guard) = lock.try_lock() else { return BuyerRun::Busy };
		let stored = StorageValueRef::persistent(&storage_key);
		let signer = KeystoreSigner(*key);
		let (mut agent, mut queue, mut messages) = match stored.get::<Kept>() {
			Ok(Some(kept)) if kept.delivery == market.delivery => {
				if kept.done {
					return BuyerRun::AlreadyNegotiated;
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
			counters::count(|c| c.errors += 1);
			log::debug!(target: TARGET, "offer {}: {}", outgoing.offer, failed);
			queue.extend(agent.on_refused(outgoing.offer, offchain_now(), &signer));
		}
		// Every message sent was answered (or dropped) at once: with none left to send, the
		// agent has nothing more to wait for in this slot.
		let done = queue.is_empty();
		let agreements = agent.agreements().to_vec();
		stored.set(&Kept { delivery: market.delivery, agent, queue: queue.into(), messages, done });
		if done {
			BuyerRun::Negotiated { need_wh, agreements, messages }
		} else {
			BuyerRun::Continuing { messages }
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
