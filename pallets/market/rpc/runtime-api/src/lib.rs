//! The market as agents read it (`state_call`, or polkadot.js `api.call.marketApi.*`): the
//! runtime API of `pallet-market`, which the runtime implements and `pallet-market-rpc` serves
//! as the `market_offers` RPC method.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;

pub use energy_primitives::{MarketStatus, OfferView, SlotIndex};

sp_api::decl_runtime_apis! {
	/// GetOffers (step 3) and the market clock.
	pub trait MarketApi<AccountId> where AccountId: codec::Codec {
		/// The slot now, its phase and when its windows end.
		fn status() -> MarketStatus;
		/// The open offers for delivery in `slot`, with their agents' endpoints and keys.
		fn offers(slot: SlotIndex) -> Vec<OfferView<AccountId>>;
	}
}
