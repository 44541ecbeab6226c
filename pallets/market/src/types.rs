//! The market's data types: the clock of slots, what agents publish, the grid's prices, offers,
//! agreements and what settling one did.

use crate::Config;
use energy_primitives::{AgentKind, Balance, Energy, OfferId, SlotIndex};
pub use energy_primitives::{Clock, GridPrices};
use frame_support::pallet_prelude::*;
use sp_core::sr25519;
use sp_runtime::Perbill;

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
	/// Its place among the seller's agreements of the slot: it settles after every agreement
	/// of the seller recorded before it (`HouseholdSettlement::settled`).
	pub seller_turn: u32,
	/// Its place among the buyer's agreements of the slot, likewise.
	pub buyer_turn: u32,
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

/// A household's part in settling one delivery slot. Its agreements of the slot settle one by
/// one in the order they were recorded (by id), whoever asks and in whatever order: each
/// meter-confirmed watt-hour goes to the earliest agreement that delivered it, so who settles
/// first cannot decide who is paid.
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
pub struct HouseholdSettlement {
	/// How many of its agreements of the slot, as seller or buyer, were recorded: the turn of
	/// the next one.
	pub recorded: u32,
	/// How many of them are settled: the turn that settles next.
	pub settled: u32,
	/// Exported energy that its settled sales took as delivered.
	pub exported: Energy,
	/// Imported energy that its settled purchases took as delivered.
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
