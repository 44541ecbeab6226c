//! The market's invariants, checked by `try-runtime` and after every test.

use crate::{
	AgentHousehold, Agreements, Config, HoldReason, HouseholdAgent, HouseholdSettlements, Offers,
	OldestPricedSlot, Pallet, PendingSlots, SlotAgreementCount, SlotAgreements, SlotGridPrices,
	SlotOffers,
};
use energy_primitives::{Balance, Energy, SlotIndex};
use frame_support::ensure;

impl<T: Config> Pallet<T> {
	/// Everything held is accounted for: each offer's unsold energy and collateral, each
	/// agreement's sold energy, escrow and collateral; every open offer and agreement is
	/// listed under its slot, and every such slot is pending; each household's unsettled
	/// agreements of a slot hold the turns between its settled and recorded counts, one each;
	/// households and their agents point at each other.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		use alloc::{collections::btree_set::BTreeSet, vec::Vec};
		use frame_support::traits::fungible::InspectHold;
		let mut offered: BTreeMap<T::AccountId, Energy> = BTreeMap::new();
		let mut turns: BTreeMap<(SlotIndex, T::AccountId), BTreeSet<u32>> = BTreeMap::new();
		let mut escrow: BTreeMap<T::AccountId, Balance> = BTreeMap::new();
		let pending = PendingSlots::<T>::get();
		for (id, offer) in Offers::<T>::iter() {
			*offered.entry(offer.seller.clone()).or_default() += offer.remaining;
			*escrow.entry(offer.seller.clone()).or_default() += offer.collateral;
			ensure!(SlotOffers::<T>::get(offer.slot).contains(&id), "an offer is not listed");
			ensure!(pending.contains(&offer.slot), "an offer's slot is not pending");
		}
		for (id, agreement) in Agreements::<T>::iter() {
			*offered.entry(agreement.seller.clone()).or_default() += agreement.energy;
			*escrow.entry(agreement.buyer.clone()).or_default() += agreement.escrow;
			*escrow.entry(agreement.seller.clone()).or_default() += agreement.collateral;
			ensure!(
				SlotAgreements::<T>::contains_key(agreement.slot, id),
				"an agreement is not listed"
			);
			ensure!(pending.contains(&agreement.slot), "an agreement's slot is not pending");
			for (who, turn) in [
				(&agreement.seller, agreement.seller_turn),
				(&agreement.buyer, agreement.buyer_turn),
			] {
				ensure!(
					turns.entry((agreement.slot, who.clone())).or_default().insert(turn),
					"two agreements of a household share a turn"
				);
			}
		}
		for (slot, who, state) in HouseholdSettlements::<T>::iter() {
			ensure!(
				state.settled < state.recorded,
				"a household whose agreements of a slot are all settled keeps its settlement entry"
			);
			let taken = turns.remove(&(slot, who)).unwrap_or_default();
			let expected: Vec<u32> = (state.settled..state.recorded).collect();
			ensure!(
				taken.into_iter().collect::<Vec<_>>() == expected,
				"a household's unsettled agreements are not its turns from settled to recorded"
			);
		}
		ensure!(turns.is_empty(), "an agreement's household has no settlement turns");
		for (who, energy) in &offered {
			ensure!(
				T::Energy::balance_on_hold(&HoldReason::Offered.into(), who) == *energy,
				"energy held is not the offers' unsold energy and the agreements' energy"
			);
		}
		for (who, amount) in &escrow {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::Escrow.into(), who) == *amount,
				"money held is not the offers' and agreements' escrow and collateral"
			);
		}
		for (slot, ids) in SlotOffers::<T>::iter() {
			ensure!(ids.iter().all(|id| Offers::<T>::contains_key(id)), "a listed offer is gone");
			ensure!(pending.contains(&slot), "a slot with offers is not pending");
		}
		let mut listed: BTreeMap<SlotIndex, u32> = BTreeMap::new();
		for (slot, id, ()) in SlotAgreements::<T>::iter() {
			ensure!(Agreements::<T>::contains_key(id), "a listed agreement is gone");
			ensure!(pending.contains(&slot), "a slot with agreements is not pending");
			*listed.entry(slot).or_default() += 1;
		}
		ensure!(
			SlotAgreementCount::<T>::iter().collect::<BTreeMap<_, _>>() == listed,
			"a slot's count of agreements is off"
		);
		ensure!(pending.windows(2).all(|w| w[0] < w[1]), "pending slots are out of order");
		if let Some(oldest) = OldestPricedSlot::<T>::get() {
			ensure!(
				SlotGridPrices::<T>::iter_keys().all(|slot| slot >= oldest),
				"a slot's grid prices are older than the oldest priced slot"
			);
		}
		ensure!(
			HouseholdAgent::<T>::iter().all(|(household, agent)| {
				AgentHousehold::<T>::get(&agent).as_ref() == Some(&household)
			}) && AgentHousehold::<T>::iter().count() == HouseholdAgent::<T>::iter().count(),
			"households and their agents do not point at each other"
		);
		Ok(())
	}
}
