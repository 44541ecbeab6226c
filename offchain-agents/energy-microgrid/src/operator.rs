//! The grid operator's agent: it prices each market slot from its tariff (`set_grid_prices`),
//! the import price capping what buyers pay and the feed-in price what sellers take at least.
//! The micro-grid simulator runs it beside the households; `energy-agent operator` runs it alone.

use anyhow::Result;
use energy_primitives::SlotIndex;
use meter_simulator::slot_map::SlotMap;
use pallet_market::GridPrices;
use std::sync::atomic::{AtomicBool, Ordering};
use subxt_signer::sr25519::Keypair;

use crate::{
	chain::{self, Chain},
	tariff::Tariff,
};

/// Prices market slot `slot` from `tariff` at the hour of the day the slot stands for
/// (`slots`), signed by the grid operator's key `operator`, unless the slot has prices already.
/// Returns whether it priced the slot.
pub async fn price_slot(
	chain: &Chain,
	operator: &Keypair,
	tariff: &Tariff,
	slots: SlotMap,
	slot: SlotIndex,
) -> Result<bool> {
	if chain.grid_prices(slot).await?.is_some() {
		return Ok(false);
	}
	let prices = GridPrices {
		import_price: tariff.import(slots.model_slot(slot)),
		feed_in_price: tariff.feed_in_per_kwh,
	};
	chain.submit(&chain::set_grid_prices(slot, prices), operator, "the grid prices").await?;
	Ok(true)
}

/// Keeps the next two slots priced, slot after slot, for `slots` market slots or until `stop`
/// is set; a refusal is logged and tried again in the next slot. Returns how many slots it
/// priced.
pub async fn run(
	chain: &Chain,
	operator: &Keypair,
	tariff: &Tariff,
	map: SlotMap,
	slots: u64,
	stop: &AtomicBool,
) -> Result<u64> {
	let Some(first) = chain.wait_until(stop, |s| s.slot > 0).await? else { return Ok(0) };
	let mut priced = 0;
	for slot in first.slot..first.slot + slots {
		if chain.wait_until(stop, |s| s.slot >= slot).await?.is_none() {
			break;
		}
		for ahead in [slot + 1, slot + 2] {
			match price_slot(chain, operator, tariff, map, ahead).await {
				Ok(true) => {
					priced += 1;
					tracing::info!(slot = ahead, "priced");
				}
				Ok(false) => {}
				Err(error) => tracing::warn!(slot = ahead, "could not price the slot: {error:#}"),
			}
		}
		if stop.load(Ordering::SeqCst) {
			break;
		}
	}
	Ok(priced)
}
