//! The market as agents read it (`state_call`, or polkadot.js `api.call.marketApi.*`): the
//! runtime API of `pallet-market`, which the runtime implements and `pallet-market-rpc` serves
//! as the `market_offers` RPC method; and the node's selling agents' answers to buyers'
//! messages (`MarketAgentApi`), which `pallet-market-rpc` serves as `agent_deliver`.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;

pub use energy_negotiation::{Message, Refusal};
pub use energy_primitives::{MarketStatus, OfferView, SlotIndex};

sp_api::decl_runtime_apis! {
	/// GetOffers (step 3) and the market clock.
	pub trait MarketApi<AccountId> where AccountId: codec::Codec {
		/// The slot now, its phase and when its windows end.
		fn status() -> MarketStatus;
		/// The open offers for delivery in `slot`, with their agents' endpoints and keys.
		fn offers(slot: SlotIndex) -> Vec<OfferView<AccountId>>;
	}

	/// The households' selling agents inside the node (`pallet_market::offchain`).
	pub trait MarketAgentApi {
		/// The answer of the node's agent of the offer `message` names to that buyer's message,
		/// received at `now_ms` (Unix milliseconds), or why it is refused. Needs the node's
		/// offchain storage, where the offer's agent is kept, and its keystore, which signs the
		/// answer: the node's `agent_deliver` RPC method gives both.
		fn answer_agent_message(message: Message, now_ms: u64) -> Result<Message, Refusal>;
	}
}
