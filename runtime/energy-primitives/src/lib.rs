//! Types and constants shared by everything that speaks to the energy marketplace chain: the
//! runtime, its pallets, the node and the off-chain agents. One definition, used everywhere.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod microgrid;

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::{
	generic,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	DispatchResult, MultiSignature,
};

/// Block number; at one block every six seconds a `u32` lasts over 800 years.
pub type BlockNumber = u32;

/// Signature of a transaction: sr25519 (the default of polkadot.js), ed25519 or ecdsa.
pub type Signature = MultiSignature;

/// An account on the chain: the public key of its transaction signing scheme.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;

/// Amount of the money token (the native balance), in its smallest unit.
pub type Balance = u128;

/// Transaction counter of an account.
pub type Nonce = u32;

/// Hash of blocks, extrinsics and data anchors.
pub type Hash = sp_core::H256;

/// Block header.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;

/// Milliseconds between two blocks: one Aura slot.
pub const MILLISECS_PER_BLOCK: u64 = 6_000;

/// The Aura slot duration. Fixed for the life of a chain: changing it would stop block production.
pub const SLOT_DURATION: u64 = MILLISECS_PER_BLOCK;

/// Blocks in one minute.
pub const MINUTES: BlockNumber = 60_000 / (MILLISECS_PER_BLOCK as BlockNumber);
/// Blocks in one hour: one market slot of the paper.
pub const HOURS: BlockNumber = MINUTES * 60;
/// Blocks in one day.
pub const DAYS: BlockNumber = HOURS * 24;

/// A market slot, numbered by the market's [`Clock`]: agents trade the energy of a slot during
/// the one before it, meters report it and members anchor its data batch.
pub type SlotIndex = u64;

/// Milliseconds in one market slot of the default clock: an hour.
pub const SLOT_MILLIS: u64 = 3_600_000;

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
			slot_millis: SLOT_MILLIS,
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
		self.epoch_millis
			.saturating_add(slot.saturating_sub(self.epoch_slot).saturating_mul(self.slot_millis))
	}

	/// Where the market stands at Unix time `now`.
	pub fn status_at(&self, now: u64) -> MarketStatus {
		let slot = self.slot_at(now);
		let slot_ends_at = self.start_of(slot.saturating_add(1));
		let recording_starts_at = slot_ends_at.saturating_sub(self.recording_millis);
		let phase = if now < recording_starts_at { Phase::Negotiation } else { Phase::Recording };
		MarketStatus { slot, phase, recording_starts_at, slot_ends_at }
	}
}

/// Decimal places of the money token: 1 `UNIT` is one unit of fiat (e.g. one euro).
pub const DECIMALS: u8 = 12;
/// One whole unit of the money token.
pub const UNIT: Balance = 10u128.pow(DECIMALS as u32);
/// One thousandth of a unit.
pub const MILLI_UNIT: Balance = UNIT / 1_000;
/// One millionth of a unit.
pub const MICRO_UNIT: Balance = UNIT / 1_000_000;

/// Smallest balance an account may hold; below it the account is reaped.
pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_UNIT;

/// Token symbol shown by wallets.
pub const TOKEN_SYMBOL: &str = "EUR";

/// SS58 address prefix: the generic Substrate prefix, so polkadot.js shows familiar addresses.
pub const SS58_PREFIX: u16 = 42;

/// An amount of energy, in watt-hours: the unit of the energy token and of meter readings.
pub type Energy = u64;

/// What a household's smart meter reports for one market slot (paper, section 4.1): the energy
/// that crossed the grid connection in each direction during the slot, and what its battery held
/// at the end of it. The meter simulator serves exactly this JSON.
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
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct MeterReading {
	/// Energy imported from the grid into the house during the slot, in Wh.
	pub imported_wh: Energy,
	/// Energy exported from the house to the grid during the slot, in Wh.
	pub exported_wh: Energy,
	/// Energy stored in the household's battery at the end of the slot, in Wh.
	pub state_of_charge_wh: Energy,
}

/// Key type of a smart meter's signing key in a node's keystore (`author_insertKey("metr", ..)`):
/// the node's offchain worker submits readings for every meter key it holds.
pub const METER_KEY_TYPE: sp_core::crypto::KeyTypeId = sp_core::crypto::KeyTypeId(*b"metr");

/// Most meter keys one node's meter offchain worker reports for in a block: four nodes serve the
/// largest micro-grid chain's 1,000 meters. Each is an HTTP request on the node's network and a
/// signed transaction, a few milliseconds, so a run stays within its budget.
pub const MAX_METERS_PER_NODE: usize = 256;

/// Key, in the node's persistent offchain storage, of the base URL the meter offchain worker
/// reads meters from (`GET {url}/meters/0x{meter account}/slots/{slot}`). The node's
/// `--meter-url` flag writes it; so does `offchain_localStorageSet("PERSISTENT", ..)`.
pub const METER_URL_STORAGE_KEY: &[u8] = b"energy::meter-url";

/// Key type of a household agent's negotiation key in a node's keystore
/// (`author_insertKey("agnt", ..)`): the node's offchain worker runs the buying and selling
/// agents of every household that published such a key as its negotiation key
/// (`Market::publish_info`).
pub const AGENT_KEY_TYPE: sp_core::crypto::KeyTypeId = sp_core::crypto::KeyTypeId(*b"agnt");

/// Key, in the node's persistent offchain storage, of the strategy the node's agents negotiate
/// with (`boulware`, `linear`, `conceder`, `tit-for-tat` or `paper`, as plain UTF-8). The node's
/// `--agent-strategy` flag writes it; so does `offchain_localStorageSet("PERSISTENT", ..)`.
pub const AGENT_STRATEGY_STORAGE_KEY: &[u8] = b"energy::agent-strategy";

/// Key, in the node's persistent offchain storage, of the most energy the node's selling agents
/// offer in one slot, in Wh, as decimal digits (`--agent-max-offer-wh`, or
/// `offchain_localStorageSet("PERSISTENT", ..)`); no limit if absent.
pub const AGENT_MAX_OFFER_STORAGE_KEY: &[u8] = b"energy::agent-max-offer-wh";

/// Key, in the node's persistent offchain storage, of what the node's agents did so far
/// ([`AgentCounters`], SCALE): the offchain worker counts, the node exports them to Prometheus.
pub const AGENT_COUNTERS_STORAGE_KEY: &[u8] = b"energy::agent-counters";

/// What the agents inside a node did since its offchain storage was created.
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug, Encode, Decode)]
pub struct AgentCounters {
	/// Offers the selling agents submitted (`make_offer`).
	pub offers: u64,
	/// Agreements the selling agents submitted for recording (`allow_transactions`).
	pub agreements_sold: u64,
	/// Agreements the buying agents made.
	pub agreements_bought: u64,
	/// Negotiations open at the last run: buying agents going on at the next block, and buyers
	/// the selling agents' offers hold energy for.
	pub negotiations_open: u32,
	/// Calls the agents could not make (a transaction the pool refused, an offer the chain
	/// would refuse) and messages a counterpart refused or left unanswered.
	pub errors: u64,
}

/// A household's audited installation: what its meter's readings are checked against.
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
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct Installation {
	/// Usable capacity of the battery, in Wh: the most energy tokens its meter can back.
	pub battery_capacity_wh: Energy,
	/// The most energy the grid connection carries in one slot, in each direction, in Wh.
	pub connection_limit_wh: Energy,
}

/// The part a member plays in the consortium (paper, section 4.1). Every member has exactly one.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub enum Role<AccountId> {
	/// A house that produces, stores, buys and sells energy.
	Household,
	/// A smart meter: an oracle account that reports the flows of one household.
	MeterOracle {
		/// The household whose flows the meter reports.
		household: AccountId,
	},
	/// Runs a node that authors (Aura) and finalises (GRANDPA) blocks with its session keys.
	Validator,
	/// Mints money tokens against fiat deposits and burns them on withdrawal.
	FiatGateway,
	/// The micro-grid operator (MGOS): balances the grid and receives penalties.
	GridOperator,
}

impl<AccountId> Role<AccountId> {
	/// Whether members in this role vote in ballots. A meter is a device of its household, not
	/// a voice of its own: one household, one vote.
	pub fn votes(&self) -> bool {
		!matches!(self, Role::MeterOracle { .. })
	}
}

/// Who plays which role. The consortium registry provides it; the energy and market pallets
/// read it to decide who may mint, report or receive penalties.
pub trait RoleProvider<AccountId> {
	/// The role of `who`, if it is a member.
	fn role(who: &AccountId) -> Option<Role<AccountId>>;
	/// The micro-grid operator, if the consortium has one.
	fn grid_operator() -> Option<AccountId>;
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

/// What the private market needs from the market's clock and its grid prices.
pub trait TradingSlots {
	/// The slot now and its phase: agents trade the energy of slot `slot + 1`.
	fn status() -> MarketStatus;
	/// The grid's prices for `slot`, once the grid operator has set them.
	fn grid_prices(slot: SlotIndex) -> Option<GridPrices>;
}

/// What the market needs from the smart meters to settle deliveries.
pub trait MeterData<AccountId> {
	/// `household`'s reading for `slot`, once its meter has reported it.
	fn reading(household: &AccountId, slot: SlotIndex) -> Option<MeterReading>;
	/// Burns `household`'s free energy tokens for energy its battery lost while they were held
	/// (its unbacked energy), up to what it owes; returns the watt-hours burned. The market
	/// calls it after releasing a household's held energy, so the tokens of energy that left
	/// the battery under an agreement are burned as soon as they are free.
	fn burn_unbacked(household: &AccountId) -> Energy;
	/// The energy of `household`'s exports in `slot` that settlements already took as
	/// delivered: one ledger for the public market and the private one, so no exported Wh is
	/// paid for twice.
	fn used_exports(household: &AccountId, slot: SlotIndex) -> Energy;
	/// Records `energy` more of `household`'s exports in `slot` as delivered.
	fn use_exports(household: &AccountId, slot: SlotIndex, energy: Energy);
}

/// An identifier of a market offer, unique for the life of the chain.
pub type OfferId = u64;

/// An identifier of a recorded agreement, unique for the life of the chain.
pub type AgreementId = u64;

/// What a market agent does (paper, section 4.1, step 1).
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
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub enum AgentKind {
	/// Offers its household's stored energy.
	Seller,
	/// Buys energy for its household.
	Buyer,
	/// Both, depending on the hour.
	Both,
}

impl AgentKind {
	/// Whether an agent of this kind may offer energy.
	pub fn sells(self) -> bool {
		matches!(self, AgentKind::Seller | AgentKind::Both)
	}
	/// Whether an agent of this kind may buy energy.
	pub fn buys(self) -> bool {
		matches!(self, AgentKind::Buyer | AgentKind::Both)
	}
}

/// Where a market slot stands (paper, section 4.1): agents negotiate for the first part of the
/// slot, then record their agreements in the recording window.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub enum Phase {
	/// Offers are made and cancelled, and negotiated off chain.
	Negotiation,
	/// Negotiation is over: sellers record the agreements.
	Recording,
}

/// The market clock as agents need it (`MarketApi::status`).
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct MarketStatus {
	/// The slot now; its agents trade the energy of slot `slot + 1`.
	pub slot: SlotIndex,
	/// The phase of the slot now.
	pub phase: Phase,
	/// Unix time, in milliseconds, at which the recording window of this slot opens.
	pub recording_starts_at: u64,
	/// Unix time, in milliseconds, at which this slot ends.
	pub slot_ends_at: u64,
}

/// An open offer with what a buyer needs to negotiate with its seller (step 3, `GetOffers`).
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct OfferView<AccountId> {
	/// The offer.
	pub id: OfferId,
	/// The selling household.
	pub seller: AccountId,
	/// The delivery slot.
	pub slot: SlotIndex,
	/// Energy still for sale, in Wh.
	pub energy_wh: Energy,
	/// The seller's minimum price (its production cost), in money per kWh.
	pub floor_price: Balance,
	/// Where the seller's agent negotiates.
	pub endpoint: alloc::vec::Vec<u8>,
	/// The sr25519 key the seller's agent negotiates with.
	pub negotiation_key: [u8; 32],
}

/// Domain separator of the message a buyer signs to agree to a trade.
pub const AGREEMENT_CONTEXT: &[u8] = b"energy-market/agreement";

/// The message a buyer's agent signs with its negotiation key to agree to buy `energy_wh` from
/// offer `offer` (of `seller`, for delivery in `slot`) at `price` per kWh. The chain's genesis
/// hash keeps a signature of one chain from being used on another, and the offer (unique, and
/// taking one agreement per buyer) from being recorded twice.
pub fn agreement_message<H: Encode, AccountId: Encode>(
	genesis_hash: &H,
	offer: OfferId,
	slot: SlotIndex,
	seller: &AccountId,
	buyer: &AccountId,
	energy_wh: Energy,
	price: Balance,
) -> alloc::vec::Vec<u8> {
	(AGREEMENT_CONTEXT, genesis_hash, offer, slot, seller, buyer, energy_wh, price).encode()
}

/// What `energy_wh` cost at `price` per kWh, rounded down to the smallest unit of money.
pub fn energy_value(energy_wh: Energy, price: Balance) -> Balance {
	price.saturating_mul(Balance::from(energy_wh)) / 1_000
}

/// The block-producing set, as the consortium registry changes it when it admits or removes a
/// validator member.
pub trait ValidatorSetManager<AccountId> {
	/// Whether `who` has registered session keys, without which it can neither author nor vote.
	fn has_session_keys(who: &AccountId) -> bool;
	/// Whether `who` is in the validator set.
	fn is_validator(who: &AccountId) -> bool;
	/// Put `who` in the set from the session after next.
	fn add_validator(who: &AccountId) -> DispatchResult;
	/// Take `who` out of the set from the session after next, never below the minimum.
	fn remove_validator(who: &AccountId) -> DispatchResult;
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn time_units_agree_with_the_block_time() {
		assert_eq!(MINUTES as u64 * MILLISECS_PER_BLOCK, 60_000);
		assert_eq!(HOURS as u64 * MILLISECS_PER_BLOCK, 3_600_000);
		assert_eq!(DAYS, 24 * HOURS);
	}

	#[test]
	fn money_units_nest() {
		assert_eq!(UNIT, 1_000 * MILLI_UNIT);
		assert_eq!(MILLI_UNIT, 1_000 * MICRO_UNIT);
		assert!(EXISTENTIAL_DEPOSIT > 0 && EXISTENTIAL_DEPOSIT < UNIT);
	}

	#[test]
	fn the_default_clock_counts_wall_clock_hours() {
		let clock = Clock::default();
		assert_eq!(clock.slot_at(0), 0);
		assert_eq!(clock.slot_at(SLOT_MILLIS - 1), 0);
		assert_eq!(clock.slot_at(SLOT_MILLIS), 1);
		// 2026-11-25 12:00 UTC is hour 498_780 since the epoch.
		assert_eq!(clock.slot_at(1_795_608_000_000), 498_780);
		assert_eq!(clock.start_of(498_780), 1_795_608_000_000);
	}

	#[test]
	fn a_clock_of_minutes_from_an_epoch_ends_each_slot_with_its_recording_window() {
		let clock = Clock {
			epoch_millis: 1_000_000,
			epoch_slot: 10,
			slot_millis: 60_000,
			recording_millis: 15_000,
		};
		assert_eq!(clock.slot_at(0), 10, "before the epoch is the epoch slot");
		assert_eq!(clock.slot_at(1_000_000 + 3 * 60_000 + 1), 13);
		let status = clock.status_at(1_000_000 + 3 * 60_000 + 44_999);
		assert_eq!(
			status,
			MarketStatus {
				slot: 13,
				phase: Phase::Negotiation,
				recording_starts_at: 1_225_000,
				slot_ends_at: 1_240_000
			}
		);
		assert_eq!(clock.status_at(1_225_000).phase, Phase::Recording);
	}

	#[test]
	fn meter_readings_read_the_simulator_json() {
		let reading: MeterReading = serde_json::from_str(
			r#"{"meter":"0x01","slot":3,"importedWh":1200,"exportedWh":0,"stateOfChargeWh":5300}"#,
		)
		.unwrap();
		assert_eq!(
			reading,
			MeterReading { imported_wh: 1200, exported_wh: 0, state_of_charge_wh: 5300 }
		);
	}

	#[test]
	fn energy_is_priced_per_kilowatt_hour() {
		assert_eq!(energy_value(1_000, 250 * MILLI_UNIT), 250 * MILLI_UNIT);
		assert_eq!(energy_value(1_500, 200 * MILLI_UNIT), 300 * MILLI_UNIT);
		// Rounded down to the smallest unit.
		assert_eq!(energy_value(1, 999), 0);
		assert_eq!(energy_value(u64::MAX, Balance::MAX), Balance::MAX / 1_000);
	}

	#[test]
	fn an_agreement_message_binds_every_term() {
		let genesis = Hash::repeat_byte(7);
		let message = agreement_message(&genesis, 3, 40, &1u64, &2u64, 500, 9);
		assert!(message.starts_with(&AGREEMENT_CONTEXT.encode()));
		for other in [
			agreement_message(&Hash::repeat_byte(8), 3, 40, &1u64, &2u64, 500, 9),
			agreement_message(&genesis, 4, 40, &1u64, &2u64, 500, 9),
			agreement_message(&genesis, 3, 41, &1u64, &2u64, 500, 9),
			agreement_message(&genesis, 3, 40, &2u64, &1u64, 500, 9),
			agreement_message(&genesis, 3, 40, &1u64, &2u64, 501, 9),
			agreement_message(&genesis, 3, 40, &1u64, &2u64, 500, 10),
		] {
			assert_ne!(message, other);
		}
	}

	#[test]
	fn agent_kinds_sell_and_buy() {
		assert!(AgentKind::Seller.sells() && !AgentKind::Seller.buys());
		assert!(AgentKind::Buyer.buys() && !AgentKind::Buyer.sells());
		assert!(AgentKind::Both.sells() && AgentKind::Both.buys());
	}

	#[test]
	fn every_role_but_a_meter_votes() {
		assert!(Role::<u64>::Household.votes());
		assert!(Role::<u64>::Validator.votes());
		assert!(Role::<u64>::FiatGateway.votes());
		assert!(Role::<u64>::GridOperator.votes());
		assert!(!Role::MeterOracle { household: 7u64 }.votes());
	}

	#[test]
	fn roles_read_as_chain_spec_json() {
		let meter: Role<u64> = serde_json::from_str(r#"{"meterOracle":{"household":7}}"#).unwrap();
		assert_eq!(meter, Role::MeterOracle { household: 7 });
		assert_eq!(serde_json::to_string(&Role::<u64>::GridOperator).unwrap(), r#""gridOperator""#);
	}
}
