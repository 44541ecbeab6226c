//! The households' selling agents: the negotiations. A buyer's message to an offer whose
//! seller's negotiation key is in this node's keystore reaches the node over its RPC
//! (`agent_deliver`, crate `pallet-market-rpc`, which checks its signature and rate-limits its
//! sender first) and is answered at once by the runtime, through the `MarketAgentApi` runtime
//! API: the offer's agent (the negotiation core's [`SellerAgent`]) is kept in the node's
//! persistent offchain storage in SCALE, read, asked and written back for every message. The
//! node answers one message at a time, so no two answers change the same agent at once.
//!
//! The call runs with the node's offchain storage and keystore, which the RPC server gives it;
//! it needs no clock of the runtime's (the node passes `now`). Through `state_call`, which gives
//! neither, it fails before anything is read.

use super::{household_bytes, KeystoreSigner};
use crate::pallet::*;
use alloc::vec::Vec;
use codec::Decode;
use core::marker::PhantomData;
use energy_negotiation::{
	Directory, Household, Key, Message, OfferTerms, Plan, Refusal, SellerAgent, SellerConfig,
	Window,
};
use energy_primitives::{OfferId, Phase, AGENT_KEY_TYPE};
use frame_support::traits::Get;
use sp_runtime::offchain::storage::StorageValueRef;

/// The negotiation keys households published, read from the chain: the directory of the
/// node's selling agents. A household whose agent does not buy has none.
struct Published<T>(PhantomData<T>);

impl<T: Config> Directory for Published<T> {
	fn negotiation_key(&self, household: &Household) -> Option<Key> {
		let account = T::AccountId::decode(&mut &household[..]).ok()?;
		Agents::<T>::get(&account)
			.filter(|info| info.kind.buys())
			.map(|info| info.negotiation_key.0)
	}
}

impl<T: Config> Pallet<T> {
	/// Answers `message`, received by the node at `now` (Unix milliseconds), for the offer it
	/// names, if that offer's seller's negotiation key is in the node's keystore: the agent's
	/// signed answer, or why the message is refused. A refused message changes nothing.
	pub fn answer_agent_message(message: &Message, now: u64) -> Result<Message, Refusal> {
		let id = message.body.offer;
		let view = Self::offer_view(id).ok_or(Refusal::UnknownOffer)?;
		let key = sp_core::sr25519::Public::from_raw(view.negotiation_key);
		if !sp_io::crypto::sr25519_public_keys(AGENT_KEY_TYPE).contains(&key) {
			return Err(Refusal::UnknownOffer);
		}
		// Whoever is not the buyer's published key costs a storage read, not its agent's.
		let directory = Published::<T>(PhantomData);
		if directory.negotiation_key(&message.body.buyer) != Some(message.body.sender) {
			return Err(Refusal::UnknownSender);
		}
		let status = Self::status();
		if status.phase != Phase::Negotiation || view.slot != status.slot.saturating_add(1) {
			return Err(Refusal::NegotiationClosed);
		}
		let mut agent = match stored_agent(id) {
			Some(agent) => agent,
			None => {
				let cap = SlotGridPrices::<T>::get(view.slot)
					.ok_or(Refusal::NegotiationClosed)?
					.import_price;
				let seller = household_bytes(&view.seller).ok_or(Refusal::UnknownOffer)?;
				let window = Window {
					opens_at: Self::clock().start_of(status.slot),
					closes_at: status.recording_starts_at,
				};
				let genesis =
					household_bytes(&Self::genesis_hash()).ok_or(Refusal::UnknownOffer)?;
				let config = SellerConfig {
					max_sessions: T::MaxAgreementsPerOffer::get()
						.min(SellerConfig::default().max_sessions),
					..SellerConfig::default()
				};
				let terms = OfferTerms::from_view(&view, seller, cap);
				SellerAgent::new(genesis, terms, window, Self::agent_plan(), config)
			}
		};
		let answer = agent.on_message(message, now, &directory, &KeystoreSigner(key.0))?;
		StorageValueRef::persistent(&agent_key(id)).set(&agent);
		Ok(answer)
	}
}

/// The agent of offer `id` kept in the node's offchain storage, if any.
pub(super) fn stored_agent(id: OfferId) -> Option<SellerAgent<Plan>> {
	StorageValueRef::persistent(&agent_key(id))
		.get::<SellerAgent<Plan>>()
		.ok()
		.flatten()
		.filter(|agent| agent.offer().id == id)
}

/// Where the agent of offer `id` is kept.
pub(super) fn agent_key(id: OfferId) -> Vec<u8> {
	[&b"energy::agent-offer::"[..], &id.to_le_bytes()[..]].concat()
}
