//! The yardstick of the agents: the optimal clearing of the same asks and bids by a central
//! merit-order, uniform-price double auction. Its welfare (buyers' values less sellers' costs
//! over the energy traded) is the most any negotiation can reach, so the agents' welfare is
//! reported as a share of it.

use alloc::vec::Vec;
use energy_primitives::{energy_value, Balance, Energy};

/// A seller's ask or a buyer's bid: energy (Wh) and its price per kWh (a seller's cost, a
/// buyer's value).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Order {
	/// Energy, in Wh.
	pub energy_wh: Energy,
	/// Price per kWh.
	pub price: Balance,
}

/// The outcome of the optimal clearing.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Clearing {
	/// Energy traded, in Wh.
	pub energy_wh: Energy,
	/// Buyers' values less sellers' costs of what was traded, in money.
	pub welfare: Balance,
	/// A uniform price that clears the market: halfway between the last ask and the last bid
	/// matched (`None` when nothing trades).
	pub price: Option<Balance>,
}

/// What trading `energy_wh` is worth to the market when the buyer values it at `value` and it
/// cost the seller `cost`, both per kWh (zero when the cost exceeds the value).
pub fn trade_welfare(energy_wh: Energy, value: Balance, cost: Balance) -> Balance {
	energy_value(energy_wh, value.saturating_sub(cost))
}

/// Clears `asks` against `bids` in merit order: the cheapest asks meet the highest bids while
/// a bid is worth at least the ask.
pub fn optimal_clearing(asks: &[Order], bids: &[Order]) -> Clearing {
	let mut asks: Vec<Order> = asks.iter().copied().filter(|o| o.energy_wh > 0).collect();
	let mut bids: Vec<Order> = bids.iter().copied().filter(|o| o.energy_wh > 0).collect();
	asks.sort_by_key(|o| o.price);
	bids.sort_by(|a, b| b.price.cmp(&a.price));
	let mut clearing = Clearing::default();
	let (mut a, mut b) = (0, 0);
	let (mut ask_left, mut bid_left) =
		(asks.first().map_or(0, |o| o.energy_wh), bids.first().map_or(0, |o| o.energy_wh));
	while a < asks.len() && b < bids.len() && bids[b].price >= asks[a].price {
		let traded = ask_left.min(bid_left);
		clearing.energy_wh += traded;
		clearing.welfare += trade_welfare(traded, bids[b].price, asks[a].price);
		clearing.price = Some(asks[a].price + (bids[b].price - asks[a].price) / 2);
		ask_left -= traded;
		bid_left -= traded;
		if ask_left == 0 {
			a += 1;
			ask_left = asks.get(a).map_or(0, |o| o.energy_wh);
		}
		if bid_left == 0 {
			b += 1;
			bid_left = bids.get(b).map_or(0, |o| o.energy_wh);
		}
	}
	clearing
}
