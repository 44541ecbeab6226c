//! # Market
//!
//! The hourly peer-to-peer energy market of the micro-grid (paper, section 4.1 and Figure 3).
//! During market slot `k` agents trade the energy delivered in slot `k + 1`: they negotiate for
//! most of the slot, then record their agreements in a short recording window.
//!
//! 1. `publish_info`: a household's agent says what it does, where peers reach it and the key
//!    it negotiates and signs agreements with. A household may authorize an agent account
//!    (`authorize_agent`) that then trades for it: publishes, offers, cancels and records.
//! 2. `make_offer`: a seller offers stored energy at a floor price (its production cost); the
//!    energy tokens are held, so every offer is backed by energy that exists, and so is money
//!    for the highest penalty the seller could owe if it sold it all at the import price.
//! 3. GetOffers: the `MarketApi` runtime API (crate `pallet-market-runtime-api`) and its
//!    `market_offers` RPC method (crate `pallet-market-rpc`) list the open offers with their
//!    agents' endpoints and keys.
//! 4. Agents negotiate off chain, with any strategy, for a price between the floor and the
//!    slot's grid import price that the grid operator sets.
//! 5. `allow_transaction`: in the recording window the seller records an agreement signed by
//!    the buyer's agent. The buyer's payment and highest penalty are held in escrow; the energy
//!    sold and the seller's collateral stay held from the offer until the agreement settles.
//! 6. `make_transaction`: once both meters reported the delivery slot, the agreement settles:
//!    the seller is paid for what both meters confirm, the energy hold is released (the meter
//!    readings burn the tokens of energy that left the battery) and whoever fell short pays a
//!    penalty to the grid operator. After the grace period, a seller whose meter never reported
//!    counts as having delivered nothing, and a buyer whose meter never reported as having taken
//!    exactly what the seller's meter confirms (paying its price and the penalty on the rest):
//!    silence never pays better than a reading. Settlement also runs by itself in `on_idle`,
//!    each household's agreements of a slot in the order they were recorded; an agreement that
//!    still cannot settle after its grace period is settled or unwound by the consortium
//!    (`force_settle`).
//!
//! Unsold offers are released once their trading slot is over; nothing stays held. Per-slot
//! records go once they are no longer needed: a household's settlement turns with its slot's
//! last agreement, a slot's grid prices `PriceHistorySlots` after it.
//!
//! The pallet's offchain worker runs the agents of the households whose negotiation keys (`agnt`)
//! the node holds ([`offchain`]): they forecast, offer, negotiate and record in steps 2 to 5 as
//! standalone agents do; the `MarketAgentApi` runtime API answers the buyers' messages to their
//! offers.
//!
//! The market owns the chain's clock of slots: their length and recording window are genesis
//! configuration that the consortium can change, effective from the next slot, so tests and
//! demonstrations run an hour in a minute with the same runtime.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

mod types;
pub use types::*;

pub mod weights;
pub use weights::WeightInfo;

mod agents;
mod clock;
mod idle;
pub mod offchain;
mod offers;
mod record;
mod settle;
#[cfg(any(feature = "try-runtime", feature = "std", test))]
mod try_state;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(feature = "runtime-benchmarks")]
pub use benchmarking::BenchmarkHelper;

#[frame_support::pallet]
pub mod pallet {
	use super::WeightInfo;
	use crate::types::{
		AgentInfo, AgreementOf, Clock, GridPrices, HouseholdSettlement, Offer, Settlement,
		SignedTerms,
	};
	use alloc::vec::Vec;
	use energy_primitives::{
		AgentKind, AgreementId, Balance, Energy, MeterData, OfferId, Phase, RoleProvider, SlotIndex,
	};
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{Inspect, Mutate, MutateHold},
			UnixTime,
		},
		weights::WeightMeter,
	};
	use frame_system::{offchain::CreateSignedTransaction, pallet_prelude::*};
	use sp_core::sr25519;
	use sp_runtime::{traits::Zero, Perbill};

	/// The in-code storage version: the starting point of this pallet's future migrations.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config:
		CreateSignedTransaction<Call<Self>> + frame_system::Config<RuntimeEvent: From<Event<Self>>>
	{
		/// The runtime's hold reasons, of which this pallet's are part.
		type RuntimeHoldReason: From<HoldReason>;

		/// The money token: payments are held in escrow, penalties are paid in it.
		type Currency: Mutate<Self::AccountId, Balance = Balance>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The energy token: offered and sold energy is held in it.
		type Energy: Inspect<Self::AccountId, Balance = Energy>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The meter readings settlement checks deliveries against.
		type Meters: MeterData<Self::AccountId>;

		/// Who plays which role: households trade, the grid operator gets the penalties.
		type Roles: RoleProvider<Self::AccountId>;

		/// Unix time.
		type UnixTime: UnixTime;

		/// Who sets a slot's grid prices (the grid operator or a ballot).
		type GridOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Who changes the slot clock and the penalty rate (a ballot).
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The shortest slot the clock may be set to, in milliseconds.
		#[pallet::constant]
		type MinSlotMillis: Get<u64>;

		/// Slots after its delivery slot an agreement waits for a missing meter reading.
		#[pallet::constant]
		type GraceSlots: Get<SlotIndex>;

		/// The longest agent endpoint, in bytes.
		#[pallet::constant]
		type MaxEndpointLength: Get<u32>;

		/// The most offers for one delivery slot.
		#[pallet::constant]
		type MaxOffersPerSlot: Get<u32>;

		/// The most offers of one seller for one delivery slot.
		#[pallet::constant]
		type MaxOffersPerSeller: Get<u32>;

		/// The most agreements recorded against one offer.
		#[pallet::constant]
		type MaxAgreementsPerOffer: Get<u32>;

		/// The most agreements for one delivery slot.
		#[pallet::constant]
		type MaxAgreementsPerSlot: Get<u32>;

		/// The most delivery slots with open offers or unsettled agreements at once.
		#[pallet::constant]
		type MaxPendingSlots: Get<u32>;

		/// The most agreements settled and offers released by `on_idle` in one block.
		#[pallet::constant]
		type MaxSettlementsPerBlock: Get<u32>;

		/// Slots a slot's grid prices stay readable after it ended; `on_idle` then removes them
		/// (the `GridPricesSet` event keeps them for auditors).
		#[pallet::constant]
		type PriceHistorySlots: Get<SlotIndex>;

		/// The key the households' agents in the node sign their offers and recordings with:
		/// [`crate::offchain::AgentAuthId`], an `agnt` key of the keystore.
		type AgentAuthorityId: frame_system::offchain::AppCrypto<Self::Public, Self::Signature>;

		/// Weights of this pallet's calls, generated by `energy-node benchmark pallet`.
		type WeightInfo: WeightInfo;

		/// Sets up the benchmarks' members, energy and readings.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: crate::BenchmarkHelper<Self::AccountId>;
	}

	/// Why the market holds energy or money.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// Energy offered on the market: unsold, or sold until its agreement settles.
		Offered,
		/// A buyer's payment and both sides' penalty collateral, until settlement.
		Escrow,
	}

	/// The clock of market slots now.
	#[pallet::storage]
	pub type CurrentClock<T: Config> = StorageValue<_, Clock, ValueQuery>;

	/// A change of the clock that takes effect at the start of its `epoch_slot`.
	#[pallet::storage]
	pub type NextClock<T: Config> = StorageValue<_, Clock, OptionQuery>;

	/// The share of a shortfall's value paid as penalty to the grid operator.
	#[pallet::storage]
	pub type PenaltyRate<T: Config> = StorageValue<_, Perbill, ValueQuery>;

	/// What each household's agent published.
	#[pallet::storage]
	pub type Agents<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, AgentInfo<T>, OptionQuery>;

	/// The agent account each household authorized to trade for it.
	#[pallet::storage]
	pub type HouseholdAgent<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, T::AccountId, OptionQuery>;

	/// The household each authorized agent account trades for.
	#[pallet::storage]
	pub type AgentHousehold<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, T::AccountId, OptionQuery>;

	/// The grid's prices, by slot; a slot without them cannot trade.
	#[pallet::storage]
	pub type SlotGridPrices<T: Config> =
		StorageMap<_, Twox64Concat, SlotIndex, GridPrices, OptionQuery>;

	/// The identifier of the next offer.
	#[pallet::storage]
	pub type NextOfferId<T: Config> = StorageValue<_, OfferId, ValueQuery>;

	/// Open offers.
	#[pallet::storage]
	pub type Offers<T: Config> = StorageMap<_, Twox64Concat, OfferId, Offer<T>, OptionQuery>;

	/// The open offers of each delivery slot, in the order they were made.
	#[pallet::storage]
	pub type SlotOffers<T: Config> = StorageMap<
		_,
		Twox64Concat,
		SlotIndex,
		BoundedVec<OfferId, T::MaxOffersPerSlot>,
		ValueQuery,
	>;

	/// How many open offers each seller has for a delivery slot.
	#[pallet::storage]
	pub type SellerOffers<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		SlotIndex,
		Blake2_128Concat,
		T::AccountId,
		u32,
		ValueQuery,
	>;

	/// The identifier of the next agreement.
	#[pallet::storage]
	pub type NextAgreementId<T: Config> = StorageValue<_, AgreementId, ValueQuery>;

	/// Agreements not yet settled.
	#[pallet::storage]
	pub type Agreements<T: Config> =
		StorageMap<_, Twox64Concat, AgreementId, AgreementOf<T>, OptionQuery>;

	/// The unsettled agreements of each delivery slot. Keyed one by one, so that recording
	/// or settling one agreement costs the same however many its slot has.
	#[pallet::storage]
	pub type SlotAgreements<T: Config> =
		StorageDoubleMap<_, Twox64Concat, SlotIndex, Twox64Concat, AgreementId, (), OptionQuery>;

	/// How many unsettled agreements each delivery slot has.
	#[pallet::storage]
	pub type SlotAgreementCount<T: Config> =
		StorageMap<_, Twox64Concat, SlotIndex, u32, ValueQuery>;

	/// Each household's part in settling each delivery slot: whose turn it is, and the
	/// meter-confirmed flows its settled agreements took.
	#[pallet::storage]
	pub type HouseholdSettlements<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		SlotIndex,
		Blake2_128Concat,
		T::AccountId,
		HouseholdSettlement,
		ValueQuery,
	>;

	/// The oldest slot whose grid prices `on_idle` has not removed yet, if any were set.
	#[pallet::storage]
	pub type OldestPricedSlot<T: Config> = StorageValue<_, SlotIndex, OptionQuery>;

	/// Delivery slots with open offers or unsettled agreements, oldest first: `on_idle`'s work.
	#[pallet::storage]
	pub type PendingSlots<T: Config> =
		StorageValue<_, BoundedVec<SlotIndex, T::MaxPendingSlots>, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Length of a market slot, in milliseconds (zero: one hour).
		pub slot_millis: u64,
		/// Length of each slot's recording window, in milliseconds (zero: five minutes).
		pub recording_millis: u64,
		/// The share of a shortfall's value paid as penalty.
		pub penalty_rate: Perbill,
		#[serde(skip)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			let default = Clock::default();
			let slot_millis =
				if self.slot_millis == 0 { default.slot_millis } else { self.slot_millis };
			let recording_millis = if self.recording_millis == 0 {
				default.recording_millis
			} else {
				self.recording_millis
			};
			assert!(
				Pallet::<T>::valid_timing(slot_millis, recording_millis),
				"the genesis market slot is shorter than the minimum or its recording window"
			);
			CurrentClock::<T>::put(Clock { slot_millis, recording_millis, ..default });
			PenaltyRate::<T>::put(self.penalty_rate);
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `household`'s agent published or updated its information.
		InfoPublished {
			household: T::AccountId,
			kind: AgentKind,
			endpoint: Vec<u8>,
			negotiation_key: sr25519::Public,
		},
		/// `household` authorized `agent` to trade for it.
		AgentAuthorized { household: T::AccountId, agent: T::AccountId },
		/// `household` revoked its agent `agent`.
		AgentRevoked { household: T::AccountId, agent: T::AccountId },
		/// The grid's prices for `slot` were set.
		GridPricesSet { slot: SlotIndex, prices: GridPrices },
		/// `seller` offered `energy` Wh for delivery in `slot` at no less than `floor_price`,
		/// holding `collateral` against penalties.
		OfferMade {
			offer: OfferId,
			seller: T::AccountId,
			slot: SlotIndex,
			energy: Energy,
			floor_price: Balance,
			collateral: Balance,
		},
		/// The seller withdrew an offer during negotiation; `released` Wh are free again.
		OfferCancelled { offer: OfferId, released: Energy },
		/// An offer's trading slot is over; its unsold `released` Wh are free again.
		OfferReleased { offer: OfferId, released: Energy },
		/// An agreement was recorded (step 5).
		AgreementRecorded {
			agreement: AgreementId,
			offer: OfferId,
			seller: T::AccountId,
			buyer: T::AccountId,
			slot: SlotIndex,
			energy: Energy,
			price: Balance,
		},
		/// An agreement settled against the meter readings (step 6).
		AgreementSettled {
			agreement: AgreementId,
			seller: T::AccountId,
			buyer: T::AccountId,
			settlement: Settlement,
		},
		/// `payer` paid `amount` to the grid operator `operator` for a shortfall.
		PenaltyPaid {
			agreement: AgreementId,
			payer: T::AccountId,
			operator: T::AccountId,
			amount: Balance,
		},
		/// The consortium forced an agreement it could not settle off the market
		/// (`force_settle`): nobody was paid, and what was still held of the seller's `energy`,
		/// the buyer's `escrow` and the seller's `collateral` went back to them.
		AgreementUnwound {
			agreement: AgreementId,
			seller: T::AccountId,
			buyer: T::AccountId,
			energy: Energy,
			escrow: Balance,
			collateral: Balance,
		},
		/// The clock changes from `clock.epoch_slot` on.
		ClockScheduled { clock: Clock },
		/// The penalty rate of agreements recorded from now on changed.
		PenaltyRateSet { rate: Perbill },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// Only consortium households, or the agents they authorized, trade.
		NotAHousehold,
		/// An agent account is not itself a consortium member.
		AgentIsMember,
		/// The account is already the agent of a household.
		AgentTaken,
		/// The household has no authorized agent.
		NoAgent,
		/// The agent endpoint is longer than the market allows.
		EndpointTooLong,
		/// The household has not published its agent's information.
		NotPublished,
		/// The household's agent did not publish itself as a seller.
		NotASeller,
		/// The buyer has not published its agent's information.
		BuyerNotPublished,
		/// The buyer's agent did not publish itself as a buyer.
		NotABuyer,
		/// A household does not trade with itself.
		SelfTrade,
		/// Grid prices are for slots that have not started.
		SlotStarted,
		/// The slot trades now and has its prices: they no longer change.
		PricesFrozen,
		/// The feed-in price is above the import price.
		FeedInAboveImport,
		/// The import price must be above zero.
		ZeroImportPrice,
		/// The grid operator has not set prices for the delivery slot: it cannot trade.
		NoGridPrices,
		/// An offer or agreement must be for some energy.
		ZeroEnergy,
		/// The floor price is above the slot's grid import price: nobody would buy.
		FloorAboveImportPrice,
		/// The household does not have that much free energy.
		InsufficientEnergy,
		/// Negotiation for the delivery slot is over: offers can no longer be made or cancelled.
		NegotiationClosed,
		/// Agreements are recorded only in the recording window of the offer's trading slot.
		NotRecordingWindow,
		/// The delivery slot already has the most offers it can take.
		TooManyOffers,
		/// The seller already has the most offers it can make for the delivery slot.
		TooManySellerOffers,
		/// Too many delivery slots are waiting for settlement.
		MarketBacklog,
		/// There is no open offer with this identifier.
		UnknownOffer,
		/// Only the seller acts on its offer.
		NotYourOffer,
		/// The offer's trading slot is not over yet.
		TradingNotOver,
		/// The agreement asks for more energy than the offer has left.
		ExceedsOffer,
		/// The price is below the offer's floor.
		PriceBelowFloor,
		/// The price is above the slot's grid import price.
		PriceAboveImportPrice,
		/// The buyer already has an agreement on this offer.
		AgreementExists,
		/// The offer has the most agreements it can take.
		TooManyAgreements,
		/// The delivery slot has the most agreements it can take.
		TooManySlotAgreements,
		/// The buyer's agent did not sign these terms.
		BadSignature,
		/// A batch of agreements to record is empty.
		NoAgreements,
		/// The buyer cannot pay for the energy and its highest penalty.
		BuyerCannotPay,
		/// The seller cannot hold money for the highest penalty its offer could cost it.
		SellerCannotCoverPenalty,
		/// There is no unsettled agreement with this identifier.
		UnknownAgreement,
		/// The delivery slot is not over yet.
		DeliveryNotOver,
		/// A meter has not reported the delivery slot yet, and its grace period is not over.
		ReadingsPending,
		/// An agreement of the seller or the buyer in the same slot, recorded earlier, is not
		/// settled yet: each household's agreements settle in the order they were recorded.
		EarlierAgreementsFirst,
		/// A slot shorter than the minimum, or a recording window not within the slot.
		InvalidClock,
		/// The agreement's grace period is not over: it may still settle by itself.
		GraceNotOver,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(_n: BlockNumberFor<T>) -> Weight {
			Self::apply_scheduled_clock()
		}

		fn on_idle(_n: BlockNumberFor<T>, remaining: Weight) -> Weight {
			let mut meter = WeightMeter::with_limit(remaining);
			Self::do_chores(&mut meter);
			meter.consumed()
		}

		/// The agents of the households whose negotiation keys this node holds.
		fn offchain_worker(n: BlockNumberFor<T>) {
			Self::run_agents(n);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Step 1: publish (or update) the agent of the caller's household (the caller is the
		/// household or its authorized agent): what it does, where peers reach it and the
		/// sr25519 key it negotiates and signs agreements with.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::publish_info())]
		pub fn publish_info(
			origin: OriginFor<T>,
			kind: AgentKind,
			endpoint: Vec<u8>,
			negotiation_key: sr25519::Public,
		) -> DispatchResult {
			let household = Self::household_of(ensure_signed(origin)?)?;
			let bounded: BoundedVec<u8, T::MaxEndpointLength> =
				endpoint.clone().try_into().map_err(|_| Error::<T>::EndpointTooLong)?;
			Agents::<T>::insert(&household, AgentInfo { kind, endpoint: bounded, negotiation_key });
			Self::deposit_event(Event::InfoPublished {
				household,
				kind,
				endpoint,
				negotiation_key,
			});
			Ok(())
		}

		/// Set the grid's import and feed-in prices, per kWh, for `slot`, a slot that has not
		/// started. The next slot's prices, once set, stay: it trades now.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::set_grid_prices())]
		pub fn set_grid_prices(
			origin: OriginFor<T>,
			slot: SlotIndex,
			prices: GridPrices,
		) -> DispatchResult {
			T::GridOrigin::ensure_origin(origin)?;
			let now = Self::current_slot();
			ensure!(slot > now, Error::<T>::SlotStarted);
			// The next slot trades now: its offers hold collateral and its agreements are
			// checked at its prices, so they are set once and then stay.
			ensure!(
				slot > now.saturating_add(1) || !SlotGridPrices::<T>::contains_key(slot),
				Error::<T>::PricesFrozen
			);
			ensure!(!prices.import_price.is_zero(), Error::<T>::ZeroImportPrice);
			ensure!(prices.feed_in_price <= prices.import_price, Error::<T>::FeedInAboveImport);
			SlotGridPrices::<T>::insert(slot, prices);
			OldestPricedSlot::<T>::mutate(|oldest| {
				*oldest = Some(oldest.map_or(slot, |o| o.min(slot)))
			});
			Self::deposit_event(Event::GridPricesSet { slot, prices });
			Ok(())
		}

		/// Step 2: offer `energy` Wh of the caller's stored energy for delivery in the next
		/// slot, at no less than `floor_price` per kWh. The energy is held until it is sold and
		/// settled, the offer is cancelled, or the trading slot ends. So is the seller's
		/// collateral: the penalty rate of all the energy's value at the slot's import price.
		/// The caller is the selling household or its authorized agent.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::make_offer())]
		pub fn make_offer(
			origin: OriginFor<T>,
			energy: Energy,
			floor_price: Balance,
		) -> DispatchResult {
			let seller = Self::household_of(ensure_signed(origin)?)?;
			Self::open_offer(seller, energy, floor_price)
		}

		/// Withdraw an offer while negotiation is open; its energy and collateral are free again.
		/// The caller is the seller or its authorized agent.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::cancel_offer())]
		pub fn cancel_offer(origin: OriginFor<T>, offer: OfferId) -> DispatchResult {
			let seller = Self::household_of(ensure_signed(origin)?)?;
			let open = Offers::<T>::get(offer).ok_or(Error::<T>::UnknownOffer)?;
			ensure!(open.seller == seller, Error::<T>::NotYourOffer);
			let status = Self::status();
			ensure!(
				status.phase == Phase::Negotiation && open.slot == status.slot.saturating_add(1),
				Error::<T>::NegotiationClosed
			);
			let released = Self::close_offer(offer, &open);
			Self::prune_pending(open.slot);
			Self::deposit_event(Event::OfferCancelled { offer, released });
			Ok(())
		}

		/// Step 5: the seller (or its authorized agent) records an agreement with `buyer` in the
		/// recording window:
		/// `energy` Wh of offer `offer` at `price` per kWh, signed by the buyer's agent
		/// (`energy_primitives::agreement_message`). The buyer's payment and its highest
		/// penalty are held in escrow; the energy and the seller's collateral for its highest
		/// penalty pass from the offer to the agreement, still held.
		///
		/// Recording is the market's busiest call (every agreement of a slot in a few minutes),
		/// so it moves nothing of the seller's: its energy and collateral are held already.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::allow_transaction())]
		pub fn allow_transaction(
			origin: OriginFor<T>,
			offer: OfferId,
			buyer: T::AccountId,
			energy: Energy,
			price: Balance,
			signature: sr25519::Signature,
		) -> DispatchResult {
			let seller = Self::household_of(ensure_signed(origin)?)?;
			Self::record(seller, offer, &[SignedTerms { buyer, energy, price, signature }])
		}

		/// Step 5 for several buyers of one offer at once: what the seller's agent agreed with
		/// each of them, recorded as `allow_transaction` records one. All are recorded or, if
		/// any is refused, none.
		///
		/// A seller's agent negotiates with many buyers in the same hour; recording them
		/// together checks the offer, the window and the grid prices once, so each agreement
		/// costs about a third of a separate call.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::allow_transactions(agreements.len() as u32))]
		pub fn allow_transactions(
			origin: OriginFor<T>,
			offer: OfferId,
			agreements: BoundedVec<SignedTerms<T::AccountId>, T::MaxAgreementsPerOffer>,
		) -> DispatchResult {
			let seller = Self::household_of(ensure_signed(origin)?)?;
			ensure!(!agreements.is_empty(), Error::<T>::NoAgreements);
			Self::record(seller, offer, &agreements)
		}

		/// Step 6: settle an agreement whose delivery slot is over and whose meters both
		/// reported it (or whose grace period is over), once every agreement of its seller and
		/// of its buyer in that slot recorded before it is settled. Anyone may call it;
		/// `on_idle` does it too.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::make_transaction())]
		pub fn make_transaction(origin: OriginFor<T>, agreement: AgreementId) -> DispatchResult {
			ensure_signed(origin)?;
			let recorded = Agreements::<T>::get(agreement).ok_or(Error::<T>::UnknownAgreement)?;
			Self::settle(agreement, &recorded, Self::current_slot())?;
			Self::forget_agreement(recorded.slot, agreement);
			Self::prune_pending(recorded.slot);
			Ok(())
		}

		/// Release what an offer has not sold once its trading slot is over. Anyone may call
		/// it; `on_idle` does it too.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::release_offer())]
		pub fn release_offer(origin: OriginFor<T>, offer: OfferId) -> DispatchResult {
			ensure_signed(origin)?;
			let open = Offers::<T>::get(offer).ok_or(Error::<T>::UnknownOffer)?;
			ensure!(Self::current_slot() >= open.slot, Error::<T>::TradingNotOver);
			let released = Self::close_offer(offer, &open);
			Self::prune_pending(open.slot);
			Self::deposit_event(Event::OfferReleased { offer, released });
			Ok(())
		}

		/// Change the length of market slots and of their recording window, from the next
		/// slot on.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::set_clock())]
		pub fn set_clock(
			origin: OriginFor<T>,
			slot_millis: u64,
			recording_millis: u64,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::schedule_clock(slot_millis, recording_millis)
		}

		/// Change the penalty rate of agreements recorded from now on.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::set_penalty_rate())]
		pub fn set_penalty_rate(origin: OriginFor<T>, rate: Perbill) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			PenaltyRate::<T>::put(rate);
			Self::deposit_event(Event::PenaltyRateSet { rate });
			Ok(())
		}

		/// Authorize `agent`, an account outside the consortium, to trade for the caller's
		/// household: publish, offer, cancel and record agreements. It replaces the household's
		/// previous agent, and then clears what the household published (`Agents`), as
		/// `revoke_agent` does.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::authorize_agent())]
		pub fn authorize_agent(origin: OriginFor<T>, agent: T::AccountId) -> DispatchResult {
			let household = ensure_signed(origin)?;
			ensure!(Self::is_household(&household), Error::<T>::NotAHousehold);
			ensure!(T::Roles::role(&agent).is_none(), Error::<T>::AgentIsMember);
			ensure!(!AgentHousehold::<T>::contains_key(&agent), Error::<T>::AgentTaken);
			if let Some(previous) = HouseholdAgent::<T>::get(&household) {
				AgentHousehold::<T>::remove(&previous);
				Agents::<T>::remove(&household);
				Self::deposit_event(Event::AgentRevoked {
					household: household.clone(),
					agent: previous,
				});
			}
			HouseholdAgent::<T>::insert(&household, &agent);
			AgentHousehold::<T>::insert(&agent, &household);
			Self::deposit_event(Event::AgentAuthorized { household, agent });
			Ok(())
		}

		/// Revoke the agent of the caller's household: it no longer trades for it. What it
		/// already did stands.
		///
		/// What the household published (`Agents`: endpoint and negotiation key) is cleared too:
		/// the former agent may hold that key, and agreements it signed with it would otherwise
		/// still spend the household's money. Until the household (or its next agent) publishes
		/// again, its offers are not listed and nobody can record a purchase signed for it.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::revoke_agent())]
		pub fn revoke_agent(origin: OriginFor<T>) -> DispatchResult {
			let household = ensure_signed(origin)?;
			let agent = HouseholdAgent::<T>::take(&household).ok_or(Error::<T>::NoAgent)?;
			AgentHousehold::<T>::remove(&agent);
			Agents::<T>::remove(&household);
			Self::deposit_event(Event::AgentRevoked { household, agent });
			Ok(())
		}

		/// Settle an agreement that cannot settle by itself, for the consortium: once its grace
		/// period is over and every agreement of its seller and buyer recorded before it is
		/// settled, it settles as `make_transaction` would or, if that fails (what it holds is no
		/// longer all there), it is unwound: what is still held goes back to its owners, nobody
		/// is paid, and the households' later agreements and the slot can settle. Without it, one
		/// agreement that fails to settle would keep its slot pending for good, and
		/// `MaxPendingSlots` of them would stop the market (`MarketBacklog`).
		#[pallet::call_index(12)]
		// Its benchmark measures the worst unwinding; a settlement that goes through weighs what
		// `make_transaction` measured.
		#[pallet::weight(T::WeightInfo::force_settle().max(T::WeightInfo::make_transaction()))]
		pub fn force_settle(origin: OriginFor<T>, agreement: AgreementId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			let recorded = Agreements::<T>::get(agreement).ok_or(Error::<T>::UnknownAgreement)?;
			Self::force_settle_agreement(agreement, &recorded, Self::current_slot())?;
			Self::forget_agreement(recorded.slot, agreement);
			Self::prune_pending(recorded.slot);
			Ok(())
		}
	}
}
