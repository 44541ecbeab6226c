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
//! 3. GetOffers: the `MarketApi` runtime API (and the node's `market_offers` RPC method) list
//!    the open offers with their agents' endpoints and keys.
//! 4. Agents negotiate off chain, with any strategy, for a price between the floor and the
//!    slot's grid import price that the grid operator sets.
//! 5. `allow_transaction`: in the recording window the seller records an agreement signed by
//!    the buyer's agent. The buyer's payment and highest penalty are held in escrow; the energy
//!    sold and the seller's collateral stay held from the offer until the agreement settles.
//! 6. `make_transaction`: once both meters reported the delivery slot, the agreement settles:
//!    the seller is paid for what both meters confirm, the energy hold is released (the meter
//!    readings burn the tokens of energy that left the battery) and whoever fell short pays a
//!    penalty to the grid operator. A meter that never reports within the grace period counts
//!    as nothing delivered or taken. Settlement also runs by itself in `on_idle`.
//!
//! Unsold offers are released once their trading slot is over; nothing stays held.
//!
//! The market owns the chain's clock of slots: their length and recording window are genesis
//! configuration that the consortium can change, effective from the next slot, so tests and
//! demonstrations run an hour in a minute with the same runtime.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

pub mod weights;
pub use weights::WeightInfo;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;

/// The market as agents read it (`state_call`, or polkadot.js `api.call.marketApi.*`).
pub mod runtime_api {
	use alloc::vec::Vec;
	use energy_primitives::{MarketStatus, OfferView, SlotIndex};

	sp_api::decl_runtime_apis! {
		/// GetOffers (step 3) and the market clock.
		pub trait MarketApi<AccountId> where AccountId: codec::Codec {
			/// The slot now, its phase and when its windows end.
			fn status() -> MarketStatus;
			/// The open offers for delivery in `slot`, with their agents' endpoints and keys.
			fn offers(slot: SlotIndex) -> Vec<OfferView<AccountId>>;
		}
	}
}

/// What benchmarks need from the runtime to set up their worst case.
#[cfg(feature = "runtime-benchmarks")]
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

#[frame_support::pallet]
pub mod pallet {
	use super::WeightInfo;
	use alloc::vec::Vec;
	use energy_primitives::{
		agreement_message, energy_value, AgentKind, AgreementId, Balance, Energy, MarketStatus,
		MeterData, OfferId, OfferView, Phase, Role, RoleProvider, SlotIndex,
	};
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{Inspect, Mutate, MutateHold},
			tokens::{Fortitude, Precision, Preservation, Restriction},
			UnixTime,
		},
		weights::WeightMeter,
	};
	use frame_system::pallet_prelude::*;
	use sp_core::sr25519;
	use sp_runtime::{traits::Zero, Perbill};

	/// The clock of market slots: slot `epoch_slot` starts at `epoch_millis`, and every slot
	/// lasts `slot_millis`, the last `recording_millis` of which are the recording window.
	#[derive(
		Clone,
		Copy,
		PartialEq,
		Eq,
		Encode,
		Decode,
		DecodeWithMemTracking,
		MaxEncodedLen,
		TypeInfo,
		Debug,
	)]
	pub struct Clock {
		/// Unix time, in milliseconds, at which `epoch_slot` starts.
		pub epoch_millis: u64,
		/// The slot that starts at `epoch_millis`.
		pub epoch_slot: SlotIndex,
		/// Length of a slot, in milliseconds.
		pub slot_millis: u64,
		/// Length of the recording window at the end of each slot, in milliseconds.
		pub recording_millis: u64,
	}

	impl Default for Clock {
		/// Wall-clock hours since the Unix epoch, with a five-minute recording window.
		fn default() -> Self {
			Clock {
				epoch_millis: 0,
				epoch_slot: 0,
				slot_millis: energy_primitives::SLOT_MILLIS,
				recording_millis: 5 * 60_000,
			}
		}
	}

	impl Clock {
		/// The slot that Unix time `now` (milliseconds) falls in.
		pub fn slot_at(&self, now: u64) -> SlotIndex {
			self.epoch_slot
				.saturating_add(now.saturating_sub(self.epoch_millis) / self.slot_millis.max(1))
		}

		/// Unix time, in milliseconds, at which `slot` starts.
		pub fn start_of(&self, slot: SlotIndex) -> u64 {
			self.epoch_millis.saturating_add(
				slot.saturating_sub(self.epoch_slot).saturating_mul(self.slot_millis),
			)
		}

		/// Where the market stands at Unix time `now`.
		pub fn status_at(&self, now: u64) -> MarketStatus {
			let slot = self.slot_at(now);
			let slot_ends_at = self.start_of(slot.saturating_add(1));
			let recording_starts_at = slot_ends_at.saturating_sub(self.recording_millis);
			let phase =
				if now < recording_starts_at { Phase::Negotiation } else { Phase::Recording };
			MarketStatus { slot, phase, recording_starts_at, slot_ends_at }
		}
	}

	/// What an agent published about itself (step 1).
	#[derive(
		CloneNoBound,
		PartialEqNoBound,
		EqNoBound,
		Encode,
		Decode,
		DecodeWithMemTracking,
		MaxEncodedLen,
		TypeInfo,
		frame_support::DebugNoBound,
	)]
	#[scale_info(skip_type_params(T))]
	#[codec(mel_bound())]
	pub struct AgentInfo<T: Config> {
		/// Whether it sells, buys or both.
		pub kind: AgentKind,
		/// Where peers reach it to negotiate (e.g. an HTTP URL).
		pub endpoint: BoundedVec<u8, T::MaxEndpointLength>,
		/// The sr25519 key it negotiates with and signs agreements with as a buyer.
		pub negotiation_key: sr25519::Public,
	}

	/// The grid's prices for one slot, in money per kWh: the bounds of every trade.
	#[derive(
		Clone,
		Copy,
		PartialEq,
		Eq,
		Encode,
		Decode,
		DecodeWithMemTracking,
		MaxEncodedLen,
		TypeInfo,
		Debug,
	)]
	pub struct GridPrices {
		/// What importing from the grid costs: the most a buyer pays on the market.
		pub import_price: Balance,
		/// What the grid pays for exported energy: what a seller gets without the market.
		pub feed_in_price: Balance,
	}

	/// Energy a seller offers for delivery in `slot`; what is not yet sold stays held.
	#[derive(
		CloneNoBound,
		PartialEqNoBound,
		EqNoBound,
		Encode,
		Decode,
		DecodeWithMemTracking,
		MaxEncodedLen,
		TypeInfo,
		frame_support::DebugNoBound,
	)]
	#[scale_info(skip_type_params(T))]
	#[codec(mel_bound())]
	pub struct Offer<T: Config> {
		/// The selling household.
		pub seller: T::AccountId,
		/// The delivery slot.
		pub slot: SlotIndex,
		/// Energy offered, in Wh.
		pub offered: Energy,
		/// Energy not yet sold, in Wh: what the offer holds beyond its agreements' energy.
		pub remaining: Energy,
		/// The seller's minimum price per kWh (its production cost).
		pub floor_price: Balance,
		/// The penalty rate of the market when the offer was made, which its agreements keep.
		pub penalty_rate: Perbill,
		/// Money held from the seller against penalties and not yet committed to an agreement.
		pub collateral: Balance,
		/// The buyers that agreed to buy from it: one agreement each.
		pub buyers: BoundedVec<T::AccountId, T::MaxAgreementsPerOffer>,
	}

	/// A recorded agreement (step 5), waiting for its delivery slot's meter readings.
	#[derive(
		Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
	)]
	pub struct Agreement<AccountId> {
		/// The offer it sells from.
		pub offer: OfferId,
		/// The selling household.
		pub seller: AccountId,
		/// The buying household.
		pub buyer: AccountId,
		/// The delivery slot.
		pub slot: SlotIndex,
		/// Energy agreed, in Wh; held from the seller until settlement.
		pub energy: Energy,
		/// Price per kWh.
		pub price: Balance,
		/// The penalty rate of its offer.
		pub penalty_rate: Perbill,
		/// Money held from the buyer: the price of all the energy plus its highest penalty.
		pub escrow: Balance,
		/// Money held from the seller: its highest penalty.
		pub collateral: Balance,
	}

	/// One agreement of a batch (`allow_transactions`): the buyer, the terms and the buyer's
	/// agent's signature over them.
	#[derive(
		Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
	)]
	pub struct SignedTerms<AccountId> {
		/// The buying household.
		pub buyer: AccountId,
		/// Energy agreed, in Wh.
		pub energy: Energy,
		/// Price per kWh.
		pub price: Balance,
		/// The buyer's agent's signature of `energy_primitives::agreement_message`.
		pub signature: sr25519::Signature,
	}

	/// Meter-confirmed flows of a household in a slot already counted by settled agreements.
	#[derive(
		Clone,
		Copy,
		PartialEq,
		Eq,
		Default,
		Encode,
		Decode,
		DecodeWithMemTracking,
		MaxEncodedLen,
		TypeInfo,
		Debug,
	)]
	pub struct FlowsUsed {
		/// Exported energy counted as delivered by the household's sales.
		pub exported: Energy,
		/// Imported energy counted as taken by the household's purchases.
		pub imported: Energy,
	}

	/// What settling an agreement did.
	#[derive(
		Clone,
		Copy,
		PartialEq,
		Eq,
		Default,
		Encode,
		Decode,
		DecodeWithMemTracking,
		MaxEncodedLen,
		TypeInfo,
		Debug,
	)]
	pub struct Settlement {
		/// Energy both meters confirm, in Wh.
		pub delivered: Energy,
		/// Money paid to the seller.
		pub paid: Balance,
		/// Penalty the seller paid for energy it did not deliver.
		pub seller_penalty: Balance,
		/// Penalty the buyer paid for energy it did not take.
		pub buyer_penalty: Balance,
	}

	/// An agreement, as this runtime stores it.
	pub type AgreementOf<T> = Agreement<<T as frame_system::Config>::AccountId>;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
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

	/// The meter-confirmed flows of each household and slot that settlements already counted.
	#[pallet::storage]
	pub type UsedFlows<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		SlotIndex,
		Blake2_128Concat,
		T::AccountId,
		FlowsUsed,
		ValueQuery,
	>;

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
		/// A slot shorter than the minimum, or a recording window not within the slot.
		InvalidClock,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(_n: BlockNumberFor<T>) -> Weight {
			// A scheduled clock takes over once its first slot has started.
			let Some(next) = NextClock::<T>::get() else {
				return T::DbWeight::get().reads(1);
			};
			if Self::now() >= next.epoch_millis {
				CurrentClock::<T>::put(next);
				NextClock::<T>::kill();
				return T::DbWeight::get().reads_writes(2, 2);
			}
			T::DbWeight::get().reads(2)
		}

		fn on_idle(_n: BlockNumberFor<T>, remaining: Weight) -> Weight {
			let mut meter = WeightMeter::with_limit(remaining);
			Self::do_chores(&mut meter);
			meter.consumed()
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
		/// started.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::set_grid_prices())]
		pub fn set_grid_prices(
			origin: OriginFor<T>,
			slot: SlotIndex,
			prices: GridPrices,
		) -> DispatchResult {
			T::GridOrigin::ensure_origin(origin)?;
			ensure!(slot > Self::current_slot(), Error::<T>::SlotStarted);
			ensure!(!prices.import_price.is_zero(), Error::<T>::ZeroImportPrice);
			ensure!(prices.feed_in_price <= prices.import_price, Error::<T>::FeedInAboveImport);
			SlotGridPrices::<T>::insert(slot, prices);
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
			let status = Self::status();
			ensure!(status.phase == Phase::Negotiation, Error::<T>::NegotiationClosed);
			let slot = status.slot.saturating_add(1);
			let info = Agents::<T>::get(&seller).ok_or(Error::<T>::NotPublished)?;
			ensure!(info.kind.sells(), Error::<T>::NotASeller);
			ensure!(energy > 0, Error::<T>::ZeroEnergy);
			let prices = SlotGridPrices::<T>::get(slot).ok_or(Error::<T>::NoGridPrices)?;
			ensure!(floor_price <= prices.import_price, Error::<T>::FloorAboveImportPrice);
			let free =
				T::Energy::reducible_balance(&seller, Preservation::Expendable, Fortitude::Polite);
			ensure!(energy <= free, Error::<T>::InsufficientEnergy);
			let penalty_rate = PenaltyRate::<T>::get();
			let collateral = penalty_rate.mul_ceil(energy_value(energy, prices.import_price));
			ensure!(
				Self::can_hold_money(&seller, collateral),
				Error::<T>::SellerCannotCoverPenalty
			);
			let mut offers = SlotOffers::<T>::get(slot);
			let seller_offers = SellerOffers::<T>::get(slot, &seller);
			ensure!(seller_offers < T::MaxOffersPerSeller::get(), Error::<T>::TooManySellerOffers);
			let id = NextOfferId::<T>::get();
			offers.try_push(id).map_err(|_| Error::<T>::TooManyOffers)?;
			Self::add_pending(slot)?;

			T::Energy::hold(&HoldReason::Offered.into(), &seller, energy)?;
			if !collateral.is_zero() {
				T::Currency::hold(&HoldReason::Escrow.into(), &seller, collateral)?;
			}
			NextOfferId::<T>::put(id.saturating_add(1));
			SlotOffers::<T>::insert(slot, offers);
			SellerOffers::<T>::insert(slot, &seller, seller_offers + 1);
			Offers::<T>::insert(
				id,
				Offer {
					seller: seller.clone(),
					slot,
					offered: energy,
					remaining: energy,
					floor_price,
					penalty_rate,
					collateral,
					buyers: BoundedVec::new(),
				},
			);
			Self::deposit_event(Event::OfferMade {
				offer: id,
				seller,
				slot,
				energy,
				floor_price,
				collateral,
			});
			Ok(())
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
		/// reported it (or whose grace period is over). Anyone may call it; `on_idle` does it
		/// too.
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
			ensure!(Self::valid_timing(slot_millis, recording_millis), Error::<T>::InvalidClock);
			let clock = Self::clock();
			let next_slot = clock.slot_at(Self::now()).saturating_add(1);
			let next = Clock {
				epoch_millis: clock.start_of(next_slot),
				epoch_slot: next_slot,
				slot_millis,
				recording_millis,
			};
			NextClock::<T>::put(next);
			Self::deposit_event(Event::ClockScheduled { clock: next });
			Ok(())
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
		/// previous agent.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::authorize_agent())]
		pub fn authorize_agent(origin: OriginFor<T>, agent: T::AccountId) -> DispatchResult {
			let household = ensure_signed(origin)?;
			ensure!(Self::is_household(&household), Error::<T>::NotAHousehold);
			ensure!(T::Roles::role(&agent).is_none(), Error::<T>::AgentIsMember);
			ensure!(!AgentHousehold::<T>::contains_key(&agent), Error::<T>::AgentTaken);
			if let Some(previous) = HouseholdAgent::<T>::get(&household) {
				AgentHousehold::<T>::remove(&previous);
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
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::revoke_agent())]
		pub fn revoke_agent(origin: OriginFor<T>) -> DispatchResult {
			let household = ensure_signed(origin)?;
			let agent = HouseholdAgent::<T>::take(&household).ok_or(Error::<T>::NoAgent)?;
			AgentHousehold::<T>::remove(&agent);
			Self::deposit_event(Event::AgentRevoked { household, agent });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// Unix time now, in milliseconds.
		pub fn now() -> u64 {
			T::UnixTime::now().as_millis().try_into().unwrap_or(u64::MAX)
		}

		/// The clock in force now: a scheduled one once its first slot has started.
		pub fn clock() -> Clock {
			match NextClock::<T>::get() {
				Some(next) if Self::now() >= next.epoch_millis => next,
				_ => CurrentClock::<T>::get(),
			}
		}

		/// The market slot now.
		pub fn current_slot() -> SlotIndex {
			Self::clock().slot_at(Self::now())
		}

		/// The slot now, its phase and when its windows end.
		pub fn status() -> MarketStatus {
			Self::clock().status_at(Self::now())
		}

		/// The open offers for delivery in `slot`, with their agents' endpoints and keys.
		pub fn offers(slot: SlotIndex) -> Vec<OfferView<T::AccountId>> {
			SlotOffers::<T>::get(slot)
				.into_iter()
				.filter_map(|id| {
					let offer = Offers::<T>::get(id)?;
					let agent = Agents::<T>::get(&offer.seller)?;
					Some(OfferView {
						id,
						seller: offer.seller,
						slot: offer.slot,
						energy_wh: offer.remaining,
						floor_price: offer.floor_price,
						endpoint: agent.endpoint.into_inner(),
						negotiation_key: agent.negotiation_key.0,
					})
				})
				.collect()
		}

		/// Whether a slot of `slot_millis` with a recording window of `recording_millis` is
		/// one the clock can run.
		pub fn valid_timing(slot_millis: u64, recording_millis: u64) -> bool {
			slot_millis >= T::MinSlotMillis::get()
				&& recording_millis > 0
				&& recording_millis < slot_millis
		}

		fn is_household(who: &T::AccountId) -> bool {
			T::Roles::role(who) == Some(Role::Household)
		}

		/// The household `caller` trades for: itself, or the household that authorized it as
		/// its agent, if that is still a household.
		pub fn household_of(caller: T::AccountId) -> Result<T::AccountId, DispatchError> {
			if Self::is_household(&caller) {
				return Ok(caller);
			}
			AgentHousehold::<T>::get(&caller)
				.filter(Self::is_household)
				.ok_or_else(|| Error::<T>::NotAHousehold.into())
		}

		fn can_hold_money(who: &T::AccountId, amount: Balance) -> bool {
			amount.is_zero()
				|| T::Currency::reducible_balance(who, Preservation::Preserve, Fortitude::Polite)
					>= amount
		}

		/// Records `slot` as having market work, keeping the list in slot order.
		fn add_pending(slot: SlotIndex) -> DispatchResult {
			PendingSlots::<T>::try_mutate(|pending| {
				if pending.contains(&slot) {
					return Ok(());
				}
				let at = pending.iter().position(|s| *s > slot).unwrap_or(pending.len());
				pending.try_insert(at, slot).map_err(|_| Error::<T>::MarketBacklog.into())
			})
		}

		/// Forgets `slot` once it has neither open offers nor unsettled agreements.
		fn prune_pending(slot: SlotIndex) {
			if SlotOffers::<T>::get(slot).is_empty() && SlotAgreementCount::<T>::get(slot) == 0 {
				SlotOffers::<T>::remove(slot);
				PendingSlots::<T>::mutate(|pending| pending.retain(|s| *s != slot));
			}
		}

		/// Takes a settled (or vanished) agreement off its slot's list.
		fn forget_agreement(slot: SlotIndex, id: AgreementId) {
			if SlotAgreements::<T>::take(slot, id).is_some() {
				SlotAgreementCount::<T>::mutate_exists(slot, |count| {
					*count = count.and_then(|c| c.checked_sub(1)).filter(|c| *c > 0);
				});
			}
		}

		/// Records `agreements` of `seller`'s offer `offer` (step 5): checks them all, then
		/// holds each buyer's escrow and writes them.
		fn record(
			seller: T::AccountId,
			offer: OfferId,
			agreements: &[SignedTerms<T::AccountId>],
		) -> DispatchResult {
			let mut open = Offers::<T>::get(offer).ok_or(Error::<T>::UnknownOffer)?;
			ensure!(open.seller == seller, Error::<T>::NotYourOffer);
			let status = Self::status();
			ensure!(
				status.phase == Phase::Recording && open.slot == status.slot.saturating_add(1),
				Error::<T>::NotRecordingWindow
			);
			let slot = open.slot;
			let prices = SlotGridPrices::<T>::get(slot);
			let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
			let recorded = SlotAgreementCount::<T>::get(slot);
			let first_id = NextAgreementId::<T>::get();
			let mut accepted = Vec::with_capacity(agreements.len());
			for (terms, id) in agreements.iter().zip(first_id..) {
				let SignedTerms { buyer, energy, price, signature } = terms;
				let (energy, price) = (*energy, *price);
				ensure!(*buyer != seller, Error::<T>::SelfTrade);
				ensure!(Self::is_household(buyer), Error::<T>::NotAHousehold);
				let info = Agents::<T>::get(buyer).ok_or(Error::<T>::BuyerNotPublished)?;
				ensure!(info.kind.buys(), Error::<T>::NotABuyer);
				// A replayed agreement is refused as such, whatever the offer has left.
				ensure!(!open.buyers.contains(buyer), Error::<T>::AgreementExists);
				ensure!(energy > 0, Error::<T>::ZeroEnergy);
				ensure!(energy <= open.remaining, Error::<T>::ExceedsOffer);
				ensure!(price >= open.floor_price, Error::<T>::PriceBelowFloor);
				let prices = prices.ok_or(Error::<T>::NoGridPrices)?;
				ensure!(price <= prices.import_price, Error::<T>::PriceAboveImportPrice);
				open.buyers.try_push(buyer.clone()).map_err(|_| Error::<T>::TooManyAgreements)?;
				let count = recorded.saturating_add(accepted.len() as u32);
				ensure!(count < T::MaxAgreementsPerSlot::get(), Error::<T>::TooManySlotAgreements);

				let message =
					agreement_message(&genesis, offer, slot, &seller, buyer, energy, price);
				ensure!(
					sp_io::crypto::sr25519_verify(signature, &message, &info.negotiation_key),
					Error::<T>::BadSignature
				);

				let value = energy_value(energy, price);
				let highest_penalty = open.penalty_rate.mul_ceil(value);
				let escrow = value.saturating_add(highest_penalty);
				ensure!(Self::can_hold_money(buyer, escrow), Error::<T>::BuyerCannotPay);
				// The offer's collateral covers its energy at the import price when it was
				// made, rounded up once; agreements take their share of it, never more than
				// is left.
				let collateral = highest_penalty.min(open.collateral);
				open.remaining -= energy;
				open.collateral -= collateral;
				accepted.push((
					id,
					Agreement {
						offer,
						seller: seller.clone(),
						buyer: buyer.clone(),
						slot,
						energy,
						price,
						penalty_rate: open.penalty_rate,
						escrow,
						collateral,
					},
				));
			}

			let count = accepted.len() as u32;
			for (_, agreement) in &accepted {
				T::Currency::hold(&HoldReason::Escrow.into(), &agreement.buyer, agreement.escrow)?;
			}
			Offers::<T>::insert(offer, open);
			SlotAgreementCount::<T>::insert(slot, recorded.saturating_add(count));
			NextAgreementId::<T>::put(first_id.saturating_add(count.into()));
			for (id, agreement) in accepted {
				SlotAgreements::<T>::insert(slot, id, ());
				Self::deposit_event(Event::AgreementRecorded {
					agreement: id,
					offer,
					seller: agreement.seller.clone(),
					buyer: agreement.buyer.clone(),
					slot,
					energy: agreement.energy,
					price: agreement.price,
				});
				Agreements::<T>::insert(id, agreement);
			}
			Ok(())
		}

		/// Removes an offer and frees its unsold energy and uncommitted collateral; returns the
		/// energy freed.
		fn close_offer(id: OfferId, offer: &Offer<T>) -> Energy {
			// The pallet holds at least `remaining` and `collateral` for the offer (its
			// agreements hold the rest), so the releases are whole.
			let released = T::Energy::release(
				&HoldReason::Offered.into(),
				&offer.seller,
				offer.remaining,
				Precision::BestEffort,
			)
			.unwrap_or_default();
			if !offer.collateral.is_zero() {
				let _ = T::Currency::release(
					&HoldReason::Escrow.into(),
					&offer.seller,
					offer.collateral,
					Precision::BestEffort,
				);
			}
			T::Meters::burn_unbacked(&offer.seller);
			Offers::<T>::remove(id);
			SlotOffers::<T>::mutate(offer.slot, |ids| ids.retain(|other| *other != id));
			SellerOffers::<T>::mutate_exists(offer.slot, &offer.seller, |count| {
				*count = count.and_then(|c| c.checked_sub(1)).filter(|c| *c > 0);
			});
			released
		}

		/// Settles agreement `id` in slot `now`: pays, penalises, releases and forgets it. The
		/// caller removes it from its slot's list. Writes nothing if it fails.
		pub(crate) fn settle(
			id: AgreementId,
			agreement: &AgreementOf<T>,
			now: SlotIndex,
		) -> Result<Settlement, DispatchError> {
			ensure!(now > agreement.slot, Error::<T>::DeliveryNotOver);
			let seller_reading = T::Meters::reading(&agreement.seller, agreement.slot);
			let buyer_reading = T::Meters::reading(&agreement.buyer, agreement.slot);
			let grace_over = now > agreement.slot.saturating_add(T::GraceSlots::get());
			ensure!(
				grace_over || (seller_reading.is_some() && buyer_reading.is_some()),
				Error::<T>::ReadingsPending
			);

			// Each meter-confirmed watt-hour counts for one agreement only: a household's
			// sales share its exports, its purchases its imports, in the order recorded.
			let mut seller_used = UsedFlows::<T>::get(agreement.slot, &agreement.seller);
			let mut buyer_used = UsedFlows::<T>::get(agreement.slot, &agreement.buyer);
			let exported = seller_reading
				.map_or(0, |r| r.exported_wh.saturating_sub(seller_used.exported))
				.min(agreement.energy);
			let imported = buyer_reading
				.map_or(0, |r| r.imported_wh.saturating_sub(buyer_used.imported))
				.min(agreement.energy);
			let delivered = exported.min(imported);
			let rate = agreement.penalty_rate;
			let settlement = Settlement {
				delivered,
				paid: energy_value(delivered, agreement.price),
				seller_penalty: rate
					.mul_ceil(energy_value(agreement.energy - exported, agreement.price))
					.min(agreement.collateral),
				buyer_penalty: rate
					.mul_ceil(energy_value(agreement.energy - imported, agreement.price))
					.min(agreement.escrow.saturating_sub(energy_value(delivered, agreement.price))),
			};

			frame_support::storage::with_storage_layer(|| {
				Self::move_money(id, agreement, &settlement)?;
				T::Energy::release(
					&HoldReason::Offered.into(),
					&agreement.seller,
					agreement.energy,
					Precision::Exact,
				)?;
				Ok::<_, DispatchError>(())
			})?;
			T::Meters::burn_unbacked(&agreement.seller);
			seller_used.exported = seller_used.exported.saturating_add(exported);
			buyer_used.imported = buyer_used.imported.saturating_add(imported);
			UsedFlows::<T>::insert(agreement.slot, &agreement.seller, seller_used);
			UsedFlows::<T>::insert(agreement.slot, &agreement.buyer, buyer_used);
			Agreements::<T>::remove(id);
			Self::deposit_event(Event::AgreementSettled {
				agreement: id,
				seller: agreement.seller.clone(),
				buyer: agreement.buyer.clone(),
				settlement,
			});
			Ok(settlement)
		}

		/// Pays the seller and the penalties out of the escrow and collateral, and releases
		/// the rest. Without a grid operator, penalties stay with their payers.
		fn move_money(
			id: AgreementId,
			agreement: &AgreementOf<T>,
			settlement: &Settlement,
		) -> DispatchResult {
			let reason = HoldReason::Escrow.into();
			let pay = |from: &T::AccountId, to: &T::AccountId, amount: Balance| {
				if amount.is_zero() {
					return Ok(());
				}
				T::Currency::transfer_on_hold(
					&reason,
					from,
					to,
					amount,
					Precision::Exact,
					Restriction::Free,
					Fortitude::Polite,
				)
				.map(|_| ())
			};
			pay(&agreement.buyer, &agreement.seller, settlement.paid)?;
			let mut buyer_kept = agreement.escrow - settlement.paid;
			let mut seller_kept = agreement.collateral;
			if let Some(operator) = T::Roles::grid_operator() {
				for (payer, amount, kept) in [
					(&agreement.seller, settlement.seller_penalty, &mut seller_kept),
					(&agreement.buyer, settlement.buyer_penalty, &mut buyer_kept),
				] {
					if amount.is_zero() {
						continue;
					}
					pay(payer, &operator, amount)?;
					*kept -= amount;
					Self::deposit_event(Event::PenaltyPaid {
						agreement: id,
						payer: payer.clone(),
						operator: operator.clone(),
						amount,
					});
				}
			}
			for (who, amount) in [(&agreement.buyer, buyer_kept), (&agreement.seller, seller_kept)]
			{
				if !amount.is_zero() {
					T::Currency::release(&reason, who, amount, Precision::Exact)?;
				}
			}
			Ok(())
		}

		/// `on_idle`'s work, oldest slot first, within `meter`: release the offers of slots
		/// whose trading is over and settle the agreements that can be settled.
		pub(crate) fn do_chores(meter: &mut WeightMeter) {
			let read = T::DbWeight::get().reads(2);
			if meter.try_consume(read).is_err() {
				return;
			}
			let now = Self::current_slot();
			let step = T::WeightInfo::make_transaction().max(T::WeightInfo::release_offer());
			let mut steps = 0u32;
			for slot in PendingSlots::<T>::get() {
				if slot > now {
					break;
				}
				for id in SlotOffers::<T>::get(slot) {
					if steps >= T::MaxSettlementsPerBlock::get() || !meter.can_consume(step) {
						return;
					}
					meter.consume(step);
					steps += 1;
					if let Some(open) = Offers::<T>::get(id) {
						let released = Self::close_offer(id, &open);
						Self::deposit_event(Event::OfferReleased { offer: id, released });
					}
				}
				if slot < now {
					// Look at each agreement (its key, itself and two readings) and settle it if it
					// can be: `settle` refuses what still waits for a meter before writing
					// anything. The list itself is not changed while it is being walked.
					let look = T::DbWeight::get().reads(4);
					let mut done = Vec::new();
					for id in SlotAgreements::<T>::iter_key_prefix(slot) {
						if steps >= T::MaxSettlementsPerBlock::get()
							|| !meter.can_consume(look.saturating_add(step))
						{
							break;
						}
						meter.consume(look);
						match Agreements::<T>::get(id) {
							Some(agreement) => {
								if Self::settle(id, &agreement, now).is_ok() {
									meter.consume(step);
									steps += 1;
									done.push(id);
								}
							}
							None => done.push(id),
						}
					}
					for id in done {
						Self::forget_agreement(slot, id);
					}
				}
				Self::prune_pending(slot);
			}
		}

		/// Everything held is accounted for: each offer's unsold energy and collateral, each
		/// agreement's sold energy, escrow and collateral; every open offer and agreement is
		/// listed under its slot, and every such slot is pending; households and their agents
		/// point at each other.
		#[cfg(any(feature = "try-runtime", feature = "std", test))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			use alloc::collections::btree_map::BTreeMap;
			use frame_support::traits::fungible::InspectHold;
			let mut offered: BTreeMap<T::AccountId, Energy> = BTreeMap::new();
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
			}
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
				ensure!(
					ids.iter().all(|id| Offers::<T>::contains_key(id)),
					"a listed offer is gone"
				);
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
			ensure!(
				HouseholdAgent::<T>::iter().all(|(household, agent)| {
					AgentHousehold::<T>::get(&agent).as_ref() == Some(&household)
				}) && AgentHousehold::<T>::iter().count() == HouseholdAgent::<T>::iter().count(),
				"households and their agents do not point at each other"
			);
			Ok(())
		}
	}
}
