//! The households' agents inside the node (paper, section 4.4: "offchain workers act as
//! negotiating agents"), on the ontology, strategies and state machines of `energy-negotiation`,
//! the same code the standalone `energy-agent` runs. For each agent key (`agnt`) in the node's
//! keystore whose household published it as its negotiation key:
//!
//! - [`buyer`]: at every block the worker forecasts what the household will import in the slot
//!   being traded and buys it from the sellers' agents, over the host's HTTP;
//! - [`seller`]: once per slot the worker offers the household's energy beyond its own forecast
//!   need (`make_offer`), and in the recording window it records what the offer's agent agreed
//!   (`allow_transactions`), both signed with the agent key;
//! - [`inbox`]: the buyers' messages to those offers reach the node over its RPC
//!   (`agent_deliver`, crate `pallet-market-rpc`), which checks and rate-limits them and has the
//!   runtime answer each at once, with the offer's agent kept in the node's offchain storage.
//!
//! Whatever the counterparts send, the agents log it and go on; nothing here can stop the node.

mod buyer;
mod counters;
mod http;
mod inbox;
mod keystore;
mod need;
mod seller;

pub use buyer::{BuyerRun, BUYERS_START_AT, MAX_MESSAGES_PER_AGENT};
pub use counters::counters;
pub use http::HttpTransport;
pub use keystore::{AgentAuthId, KeystoreSigner};
pub use seller::{SellerRun, MIN_OFFER_WH, RECORD_AFTER_MS, RESEND_AFTER_BLOCKS, SELLERS_OFFER_AT};

use crate::pallet::*;
use alloc::{string::String, vec::Vec};
use codec::{Decode, Encode};
use core::str::FromStr;
use energy_negotiation::{wire::Reply, Household, Message, Plan};
use energy_primitives::{AGENT_KEY_TYPE, AGENT_STRATEGY_STORAGE_KEY, MILLISECS_PER_BLOCK};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::offchain::{StorageKind, Timestamp};

/// Log target of the agents.
const TARGET: &str = "market-agent";

/// Most agent keys one node runs agents for in a block.
pub const MAX_AGENTS_PER_NODE: usize = 64;

/// The longest one run of the worker spends negotiating: two thirds of a block, as the meter
/// oracle's (the node runs the offchain workers on a small thread pool; a run that outlasts
/// its block holds a thread the next block's workers need).
pub const RUN_BUDGET_MS: u64 = MILLISECS_PER_BLOCK * 2 / 3;

/// The strategy the agents negotiate with when the node was given none: the paper's.
pub const DEFAULT_STRATEGY: &str = "paper";

/// Sends a message to the seller's agent at `endpoint` and waits for its answer, until
/// `run_ends` at the latest. Over the host's HTTP in the node ([`HttpTransport`]), in memory
/// in tests.
pub trait Transport {
	/// The seller's answer to `message`, a refusal, or silence.
	fn send(&mut self, endpoint: &[u8], message: &Message, run_ends: Timestamp) -> Reply;
}

impl<T: Config> Pallet<T> {
	/// The offchain worker's agents: the sellers' first (an offer made in this block is listed
	/// for the next block's buyers), then the buyers'.
	pub(crate) fn run_agents(block: BlockNumberFor<T>) {
		let mut keys: Vec<_> =
			sp_io::crypto::sr25519_public_keys(AGENT_KEY_TYPE).into_iter().map(|k| k.0).collect();
		if keys.is_empty() {
			return;
		}
		keys.sort();
		keys.truncate(MAX_AGENTS_PER_NODE);
		let started = offchain_now();
		let count = keys.len();
		Self::run_seller_agents(&keys, block);
		let sellers_open = Self::sessions_open(&keys, offchain_now());
		let buyers_open = Self::run_buyer_agents(keys);
		counters::count(|c| c.negotiations_open = sellers_open.saturating_add(buyers_open));
		log::debug!(
			target: TARGET,
			"agents of {} key(s) ran in {} ms",
			count,
			offchain_now().saturating_sub(started)
		);
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

	/// The household the agent key `key` trades for, if its household published it as its
	/// negotiation key: the household and what it published.
	fn published_household(
		key: &[u8; 32],
	) -> Result<(T::AccountId, crate::AgentInfo<T>), Unpublished> {
		let account = T::AccountId::decode(&mut &key[..]).map_err(|_| Unpublished::NoHousehold)?;
		let household = Self::household_of(account).map_err(|_| Unpublished::NoHousehold)?;
		let info = crate::Agents::<T>::get(&household).ok_or(Unpublished::NotPublished)?;
		if info.negotiation_key.0 != *key {
			return Err(Unpublished::NotPublished);
		}
		Ok((household, info))
	}
}

/// Why an agent key trades for no household.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Unpublished {
	/// The key's account is neither a household nor a household's authorized agent.
	NoHousehold,
	/// The household's published negotiation key is another one (or none): counterparts would
	/// refuse this key's messages.
	NotPublished,
}

/// The offchain worker's clock, in Unix milliseconds.
fn offchain_now() -> u64 {
	sp_io::offchain::timestamp().unix_millis()
}

/// `account` as the negotiation core names households: its 32-byte encoding.
fn household_bytes<A: Encode>(account: &A) -> Option<Household> {
	account.encode().try_into().ok()
}
