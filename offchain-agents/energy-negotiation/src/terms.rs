//! What is negotiated (an offer, with the bounds of its price) and what comes out (an agreement
//! the seller records on chain).

use codec::{Decode, Encode};
use energy_primitives::{Balance, Energy, OfferId, OfferView, SlotIndex};

use crate::{Household, Key, SignatureBytes};

/// An open offer as both sides know it: from `MarketApi::offers` (`OfferView`) and the slot's
/// grid prices.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
pub struct OfferTerms {
	/// The offer.
	pub id: OfferId,
	/// Its delivery slot.
	pub slot: SlotIndex,
	/// The selling household.
	pub seller: Household,
	/// The key the seller's agent negotiates with.
	pub seller_key: Key,
	/// The seller's minimum price (its production cost), per kWh: the lowest price of a trade.
	pub floor: Balance,
	/// The slot's grid import price, per kWh: the highest price of a trade, since a buyer can
	/// always import at it.
	pub cap: Balance,
	/// Energy for sale, in Wh.
	pub energy_wh: Energy,
}

impl OfferTerms {
	/// The terms of the offer the chain lists as `view` (`MarketApi::offers`), sold by
	/// `seller` (the view's seller as the core names households), at most `cap` per kWh.
	pub fn from_view<A>(view: &OfferView<A>, seller: Household, cap: Balance) -> OfferTerms {
		OfferTerms {
			id: view.id,
			slot: view.slot,
			seller,
			seller_key: view.negotiation_key,
			floor: view.floor_price,
			cap,
			energy_wh: view.energy_wh,
		}
	}

	/// Whether a trade at `price` respects the offer's bounds.
	pub fn admits(&self, price: Balance) -> bool {
		self.floor <= price && price <= self.cap
	}
}

/// Terms both agents signed: what the seller records with `allow_transactions`.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
pub struct Agreement {
	/// The offer.
	pub offer: OfferId,
	/// The delivery slot.
	pub slot: SlotIndex,
	/// The selling household.
	pub seller: Household,
	/// The buying household.
	pub buyer: Household,
	/// Energy agreed, in Wh.
	pub energy_wh: Energy,
	/// Price agreed, per kWh.
	pub price: Balance,
	/// The buyer's signature of the chain's agreement bytes, which the chain checks.
	pub buyer_signature: SignatureBytes,
}

impl Agreement {
	/// What the buyer pays, rounded down like the chain does.
	pub fn value(&self) -> Balance {
		energy_primitives::energy_value(self.energy_wh, self.price)
	}
}
