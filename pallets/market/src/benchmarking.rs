//! Benchmarks of the market's calls, each at its worst case: the slot's lists of offers and
//! agreements full (they are read, searched and written whole), the offer's buyers full, the
//! pending slots full, a settlement that pays, penalises both sides and burns energy, and a
//! household's calls made by its authorized agent (one more lookup).

use super::*;
use alloc::vec;
use energy_primitives::{
	agreement_message, AgentKind, AgreementId, Balance, Energy, MeterReading, OfferId, SlotIndex,
};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{
		fungible::{Inspect, InspectHold, Mutate as _, MutateHold},
		tokens::Precision,
		EnsureOrigin, Get,
	},
	BoundedVec,
};
use frame_system::RawOrigin;
use sp_core::{crypto::KeyTypeId, sr25519};
use sp_runtime::Perbill;

/// What benchmarks need from the runtime to set up their worst case.
pub trait BenchmarkHelper<AccountId> {
	/// Make `who` a household member.
	fn make_household(who: &AccountId);
	/// Make `who` the grid operator.
	fn make_grid_operator(who: &AccountId);
	/// Give `who` `energy` free energy tokens.
	fn mint_energy(who: &AccountId, energy: energy_primitives::Energy);
	/// Record `reading` as `household`'s meter reading of `slot`, after which `unbacked` Wh of
	/// its tokens are unbacked.
	fn set_reading(
		household: &AccountId,
		slot: energy_primitives::SlotIndex,
		reading: energy_primitives::MeterReading,
		unbacked: energy_primitives::Energy,
	);
	/// Set the Unix time, in milliseconds.
	fn set_time(millis: u64);
}

const SLOT_MILLIS: u64 = 60_000;
const RECORDING_MILLIS: u64 = 15_000;
/// The slot the benchmarks trade in; they deliver in the next one.
const SLOT: SlotIndex = 10_000;
const IMPORT_PRICE: Balance = 300_000_000_000;
const PRICE: Balance = 200_000_000_000;
const ENERGY: Energy = 4_000;
const KEY_TYPE: KeyTypeId = KeyTypeId(*b"bmkt");

fn negotiate_in<T: Config>(slot: SlotIndex) {
	T::BenchmarkHelper::set_time(slot * SLOT_MILLIS);
}

fn record_in<T: Config>(slot: SlotIndex) {
	T::BenchmarkHelper::set_time((slot + 1) * SLOT_MILLIS - RECORDING_MILLIS);
}

/// A published household with money and `energy` free energy tokens; its agent's key is in the
/// keystore.
fn household<T: Config>(
	name: &'static str,
	index: u32,
	energy: Energy,
) -> (T::AccountId, sr25519::Public) {
	let who: T::AccountId = account(name, index, 0);
	T::BenchmarkHelper::make_household(&who);
	T::Currency::set_balance(&who, 1_000_000 * IMPORT_PRICE);
	if energy > 0 {
		T::BenchmarkHelper::mint_energy(&who, energy);
	}
	let key = sp_io::crypto::sr25519_generate(KEY_TYPE, None);
	Agents::<T>::insert(
		&who,
		AgentInfo {
			kind: AgentKind::Both,
			endpoint: BoundedVec::truncate_from(vec![b'e'; T::MaxEndpointLength::get() as usize]),
			negotiation_key: key,
		},
	);
	(who, key)
}

/// An agent account authorized to trade for `household`.
fn agent_of<T: Config>(household: &T::AccountId) -> T::AccountId {
	let agent: T::AccountId = account("agent", 0, 0);
	HouseholdAgent::<T>::insert(household, &agent);
	AgentHousehold::<T>::insert(&agent, household);
	agent
}

/// A market on the benchmarks' clock, with grid prices for the delivery slot, the pending
/// slots all taken but one, and a grid operator.
fn market<T: Config>() {
	CurrentClock::<T>::put(Clock {
		epoch_millis: 0,
		epoch_slot: 0,
		slot_millis: SLOT_MILLIS,
		recording_millis: RECORDING_MILLIS,
	});
	PenaltyRate::<T>::put(Perbill::from_percent(20));
	negotiate_in::<T>(SLOT);
	SlotGridPrices::<T>::insert(
		SLOT + 1,
		GridPrices { import_price: IMPORT_PRICE, feed_in_price: IMPORT_PRICE / 5 },
	);
	let operator: T::AccountId = account("operator", 0, 0);
	T::BenchmarkHelper::make_grid_operator(&operator);
	T::Currency::set_balance(&operator, T::Currency::minimum_balance());
	let earlier = T::MaxPendingSlots::get().saturating_sub(1) as SlotIndex;
	PendingSlots::<T>::put(BoundedVec::truncate_from(
		(SLOT - earlier..SLOT).collect::<alloc::vec::Vec<_>>(),
	));
}

/// Fills the delivery slot's list of offers with `count` other ids.
fn fill_slot_offers<T: Config>(count: u32) {
	SlotOffers::<T>::insert(
		SLOT + 1,
		BoundedVec::truncate_from(
			(1_000_000..1_000_000 + count as u64).collect::<alloc::vec::Vec<_>>(),
		),
	);
}

/// Gives the delivery slot `count` other agreements.
fn fill_slot_agreements<T: Config>(count: u32) {
	SlotAgreementCount::<T>::insert(SLOT + 1, count);
}

/// The seller's offer of `ENERGY`, made by the call itself, with the slot's other offers
/// filling all but one place of its list, and the seller's other offers all but one of its.
fn offer<T: Config>(seller: &T::AccountId) -> OfferId {
	fill_slot_offers::<T>(T::MaxOffersPerSlot::get() - 1);
	SellerOffers::<T>::insert(SLOT + 1, seller, T::MaxOffersPerSeller::get() - 1);
	let id = NextOfferId::<T>::get();
	Pallet::<T>::make_offer(RawOrigin::Signed(seller.clone()).into(), ENERGY, PRICE / 2)
		.expect("the benchmark's offer is valid");
	id
}

/// The seller's offer with all but `free` of its buyers' places taken by other households.
fn offer_with_buyers<T: Config>(seller: &T::AccountId, free: u32) -> OfferId {
	let id = offer::<T>(seller);
	Offers::<T>::mutate(id, |offer| {
		let offer = offer.as_mut().expect("just made");
		for i in 0..T::MaxAgreementsPerOffer::get() - free {
			let _ = offer.buyers.try_push(account("other buyer", i, 0));
		}
	});
	id
}

fn sign<T: Config>(
	key: &sr25519::Public,
	offer: OfferId,
	seller: &T::AccountId,
	buyer: &T::AccountId,
) -> sr25519::Signature {
	sign_for::<T>(key, offer, seller, buyer, ENERGY)
}

fn sign_for<T: Config>(
	key: &sr25519::Public,
	offer: OfferId,
	seller: &T::AccountId,
	buyer: &T::AccountId,
	energy: Energy,
) -> sr25519::Signature {
	let genesis = Pallet::<T>::genesis_hash();
	let message = agreement_message(&genesis, offer, SLOT + 1, seller, buyer, energy, PRICE);
	sp_io::crypto::sr25519_sign(KEY_TYPE, key, &message).expect("the key is in the keystore")
}

/// The seller's agreement to sell all its `ENERGY` to a buyer, recorded as the slot's last
/// possible one, and the clock in `now`, after its delivery slot, whose readings say both fell
/// short by half and the seller's battery lost what it delivered: a settlement that pays, charges
/// two penalties and burns. Returns the seller, the buyer and the agreement.
fn settleable_agreement<T: Config>(now: SlotIndex) -> (T::AccountId, T::AccountId, AgreementId) {
	market::<T>();
	let (seller, _) = household::<T>("seller", 0, ENERGY);
	let (buyer, key) = household::<T>("buyer", 0, 0);
	let id = offer::<T>(&seller);
	fill_slot_agreements::<T>(T::MaxAgreementsPerSlot::get() - 1);
	record_in::<T>(SLOT);
	let signature = sign::<T>(&key, id, &seller, &buyer);
	let agreement = NextAgreementId::<T>::get();
	Pallet::<T>::allow_transaction(
		RawOrigin::Signed(seller.clone()).into(),
		id,
		buyer.clone(),
		ENERGY,
		PRICE,
		signature,
	)
	.expect("the benchmark's agreement is valid");
	negotiate_in::<T>(now);
	T::BenchmarkHelper::set_reading(
		&seller,
		SLOT + 1,
		MeterReading { imported_wh: 0, exported_wh: ENERGY / 2, state_of_charge_wh: 0 },
		ENERGY,
	);
	T::BenchmarkHelper::set_reading(
		&buyer,
		SLOT + 1,
		MeterReading { imported_wh: ENERGY / 2, exported_wh: 0, state_of_charge_wh: 0 },
		0,
	);
	(seller, buyer, agreement)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn publish_info() {
		let who: T::AccountId = whitelisted_caller();
		T::BenchmarkHelper::make_household(&who);
		let agent = agent_of::<T>(&who);
		let endpoint = vec![b'e'; T::MaxEndpointLength::get() as usize];
		let key = sr25519::Public::from_raw([7; 32]);

		#[extrinsic_call]
		_(RawOrigin::Signed(agent), AgentKind::Both, endpoint, key);

		assert_eq!(Agents::<T>::get(&who).map(|info| info.negotiation_key), Some(key));
	}

	#[benchmark]
	fn set_grid_prices() -> Result<(), BenchmarkError> {
		market::<T>();
		let origin =
			T::GridOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let prices = GridPrices { import_price: IMPORT_PRICE, feed_in_price: 1 };
		// The worst case: the first prices of the slot that trades now, which must check that
		// it has none yet.
		SlotGridPrices::<T>::remove(SLOT + 1);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, SLOT + 1, prices);

		assert_eq!(SlotGridPrices::<T>::get(SLOT + 1), Some(prices));
		Ok(())
	}

	#[benchmark]
	fn make_offer() {
		market::<T>();
		let (seller, _) = household::<T>("seller", 0, ENERGY);
		fill_slot_offers::<T>(T::MaxOffersPerSlot::get() - 1);
		SellerOffers::<T>::insert(SLOT + 1, &seller, T::MaxOffersPerSeller::get() - 1);
		let agent = agent_of::<T>(&seller);

		#[extrinsic_call]
		_(RawOrigin::Signed(agent), ENERGY, PRICE / 2);

		assert_eq!(SlotOffers::<T>::get(SLOT + 1).len() as u32, T::MaxOffersPerSlot::get());
		assert_eq!(PendingSlots::<T>::get().len() as u32, T::MaxPendingSlots::get());
	}

	#[benchmark]
	fn cancel_offer() {
		market::<T>();
		let (seller, _) = household::<T>("seller", 0, ENERGY);
		let id = offer::<T>(&seller);
		let agent = agent_of::<T>(&seller);

		#[extrinsic_call]
		_(RawOrigin::Signed(agent), id);

		assert!(Offers::<T>::get(id).is_none());
		assert_eq!(T::Energy::balance(&seller), ENERGY);
	}

	#[benchmark]
	fn allow_transaction() {
		market::<T>();
		let (seller, _) = household::<T>("seller", 0, ENERGY);
		let (buyer, key) = household::<T>("buyer", 0, 0);
		let id = offer_with_buyers::<T>(&seller, 1);
		fill_slot_agreements::<T>(T::MaxAgreementsPerSlot::get() - 1);
		record_in::<T>(SLOT);
		let signature = sign::<T>(&key, id, &seller, &buyer);
		let agent = agent_of::<T>(&seller);

		#[extrinsic_call]
		_(RawOrigin::Signed(agent), id, buyer.clone(), ENERGY, PRICE, signature);

		assert_eq!(T::Energy::balance_on_hold(&HoldReason::Offered.into(), &seller), ENERGY);
		assert_eq!(Offers::<T>::get(id).map(|offer| offer.remaining), Some(0));
		assert_eq!(SlotAgreementCount::<T>::get(SLOT + 1), T::MaxAgreementsPerSlot::get());
	}

	#[benchmark]
	fn allow_transactions(n: Linear<1, { T::MaxAgreementsPerOffer::get() }>) {
		market::<T>();
		let (seller, _) = household::<T>("seller", 0, ENERGY);
		// Other households took all but `n` of the offer's places and of the slot's.
		let id = offer_with_buyers::<T>(&seller, n);
		fill_slot_agreements::<T>(T::MaxAgreementsPerSlot::get() - n);
		let energy = ENERGY / T::MaxAgreementsPerOffer::get() as Energy;
		let agreements: alloc::vec::Vec<_> = (0..n)
			.map(|i| {
				let (buyer, key) = household::<T>("buyer", i, 0);
				let signature = sign_for::<T>(&key, id, &seller, &buyer, energy);
				SignedTerms { buyer, energy, price: PRICE, signature }
			})
			.collect();
		record_in::<T>(SLOT);
		let agent = agent_of::<T>(&seller);

		#[extrinsic_call]
		_(RawOrigin::Signed(agent), id, BoundedVec::truncate_from(agreements));

		assert_eq!(SlotAgreementCount::<T>::get(SLOT + 1), T::MaxAgreementsPerSlot::get());
	}

	#[benchmark]
	fn make_transaction() {
		let (seller, _, agreement) = settleable_agreement::<T>(SLOT + 2);
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), agreement);

		assert!(Agreements::<T>::get(agreement).is_none());
		assert_eq!(T::Energy::balance_on_hold(&HoldReason::Offered.into(), &seller), 0);
	}

	#[benchmark]
	fn force_settle() -> Result<(), BenchmarkError> {
		// The worst case: settling is tried in full (a payment, two penalties) and fails at its
		// last step, because the buyer's escrow is no longer held; then the agreement unwinds.
		let (seller, buyer, agreement) = settleable_agreement::<T>(SLOT + 2 + T::GraceSlots::get());
		let escrow = HoldReason::Escrow.into();
		let held = T::Currency::balance_on_hold(&escrow, &buyer);
		T::Currency::release(&escrow, &buyer, held / 2, Precision::Exact)
			.map_err(|_| BenchmarkError::Stop("cannot release the buyer's escrow"))?;
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, agreement);

		assert!(Agreements::<T>::get(agreement).is_none());
		assert_eq!(T::Energy::balance_on_hold(&HoldReason::Offered.into(), &seller), 0);
		Ok(())
	}

	#[benchmark]
	fn release_offer() {
		market::<T>();
		let (seller, _) = household::<T>("seller", 0, ENERGY);
		let id = offer::<T>(&seller);
		negotiate_in::<T>(SLOT + 1);
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id);

		assert!(Offers::<T>::get(id).is_none());
		assert_eq!(T::Energy::balance(&seller), ENERGY);
	}

	#[benchmark]
	fn set_clock() -> Result<(), BenchmarkError> {
		market::<T>();
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, SLOT_MILLIS * 2, RECORDING_MILLIS);

		assert!(NextClock::<T>::get().is_some());
		Ok(())
	}

	#[benchmark]
	fn set_penalty_rate() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, Perbill::from_percent(7));

		assert_eq!(PenaltyRate::<T>::get(), Perbill::from_percent(7));
		Ok(())
	}

	#[benchmark]
	fn authorize_agent() {
		let (household, _) = household::<T>("household", 0, 0);
		let previous = agent_of::<T>(&household);
		let agent: T::AccountId = account("new agent", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(household.clone()), agent.clone());

		assert_eq!(HouseholdAgent::<T>::get(&household), Some(agent));
		assert!(AgentHousehold::<T>::get(&previous).is_none());
		assert!(Agents::<T>::get(&household).is_none());
	}

	#[benchmark]
	fn revoke_agent() {
		let (household, _) = household::<T>("household", 0, 0);
		let agent = agent_of::<T>(&household);

		#[extrinsic_call]
		_(RawOrigin::Signed(household.clone()));

		assert!(HouseholdAgent::<T>::get(&household).is_none());
		assert!(AgentHousehold::<T>::get(&agent).is_none());
		assert!(Agents::<T>::get(&household).is_none());
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_bench_ext(), crate::mock::Test);
}
