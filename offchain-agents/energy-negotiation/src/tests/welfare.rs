//! The optimal clearing: the yardstick the agents are measured against.

use alloc::vec::Vec;
use proptest::prelude::*;

use crate::welfare::{optimal_clearing, trade_welfare, Clearing, Order};

fn order(energy_wh: u64, price: u128) -> Order {
	Order { energy_wh, price }
}

#[test]
fn the_cheapest_asks_meet_the_highest_bids() {
	let asks = [order(1_000, 200), order(1_000, 100)];
	let bids = [order(1_500, 300)];
	// 1,000 Wh at a margin of 200 per kWh and 500 Wh at 100.
	assert_eq!(
		optimal_clearing(&asks, &bids),
		Clearing { energy_wh: 1_500, welfare: 250, price: Some(250) }
	);
}

#[test]
fn nothing_trades_when_every_bid_is_below_every_ask() {
	assert_eq!(optimal_clearing(&[order(1_000, 300)], &[order(1_000, 200)]), Clearing::default());
	assert_eq!(optimal_clearing(&[], &[order(1_000, 200)]), Clearing::default());
	assert_eq!(optimal_clearing(&[order(0, 1)], &[order(1_000, 200)]), Clearing::default());
}

#[test]
fn a_trade_is_worth_the_margin_over_its_energy() {
	assert_eq!(trade_welfare(2_000, 300, 100), 400);
	assert_eq!(trade_welfare(2_000, 100, 300), 0, "a trade below cost is worth nothing, not less");
}

proptest! {
	#[test]
	fn no_matching_of_the_same_orders_beats_the_optimum(
		asks in proptest::collection::vec((1u64..5_000, 0u128..1_000), 0..8),
		bids in proptest::collection::vec((1u64..5_000, 0u128..1_000), 0..8),
		order_of_pairs in proptest::collection::vec((0usize..8, 0usize..8), 0..64),
	) {
		let asks: Vec<Order> = asks.into_iter().map(|(e, p)| order(e, p)).collect();
		let bids: Vec<Order> = bids.into_iter().map(|(e, p)| order(e, p)).collect();
		let optimum = optimal_clearing(&asks, &bids);
		prop_assert!(optimum.energy_wh <= asks.iter().map(|o| o.energy_wh).sum::<u64>());
		prop_assert!(optimum.energy_wh <= bids.iter().map(|o| o.energy_wh).sum::<u64>());
		// Any other feasible matching: pairs taken in a random order, each trading what is left.
		let (mut supply, mut demand): (Vec<u64>, Vec<u64>) =
			(asks.iter().map(|o| o.energy_wh).collect(), bids.iter().map(|o| o.energy_wh).collect());
		let mut welfare = 0u128;
		for (a, b) in order_of_pairs {
			if a < asks.len() && b < bids.len() && bids[b].price >= asks[a].price {
				let traded = supply[a].min(demand[b]);
				supply[a] -= traded;
				demand[b] -= traded;
				welfare += trade_welfare(traded, bids[b].price, asks[a].price);
			}
		}
		// Rounding each chunk down loses under one unit per chunk.
		prop_assert!(welfare <= optimum.welfare + 64, "{} > {}", welfare, optimum.welfare);
		if let Some(price) = optimum.price {
			prop_assert!(price <= 1_000);
		}
	}
}
