//! Why a message was refused on receipt, or why a session ended: one reason each, so that a
//! hostile or broken counterpart is told exactly what was wrong and an agent never panics.

use codec::{Decode, Encode};
use scale_info::TypeInfo;

/// The reason a message was refused or a session closed.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
	Encode,
	Decode,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub enum Refusal {
	/// The bytes are not a message of the ontology (bad SCALE or JSON, unknown fields, trailing
	/// bytes).
	Malformed,
	/// The message is larger than any message of the ontology can be.
	TooLarge,
	/// The message speaks a version of the ontology this agent does not.
	UnsupportedVersion,
	/// The signature does not verify with the sender's key.
	BadSignature,
	/// The sender's key is not the negotiation key its household published.
	UnknownSender,
	/// The message names an offer this agent does not negotiate (or another seller, or another
	/// buyer).
	UnknownOffer,
	/// The message is about another delivery slot than the offer's.
	WrongSlot,
	/// The negotiation window is not open (not yet, or no longer).
	NegotiationClosed,
	/// The message's timestamp is too far from the receiver's clock.
	StaleTimestamp,
	/// The round does not follow the sender's last one: a replay, or a message out of order.
	ReplayedRound,
	/// This act is not expected now in this session (e.g. an accept nobody proposed).
	OutOfTurn,
	/// The price lies outside [the seller's floor, the slot's grid import price].
	PriceOutOfRange,
	/// The energy asked for is more than is left to negotiate.
	EnergyAboveAvailable,
	/// The message names no energy.
	NoEnergy,
	/// An agreement on a price or energy that was never proposed or accepted in this session.
	NotNegotiatedTerms,
	/// The agreement's signature does not verify with the signer's negotiation key.
	BadAgreementSignature,
	/// The seller has nothing left to sell.
	SoldOut,
	/// The session used up its rounds without agreeing.
	RoundsExhausted,
	/// The seller negotiates with as many buyers as it can.
	TooManySessions,
	/// The agent has nothing to sign with (its key is not in the keystore).
	NoKey,
	/// The sender sent more messages than the receiver takes from one sender in a second.
	TooManyMessages,
}

impl Refusal {
	/// A short explanation, for logs and for the counterpart.
	pub fn describe(self) -> &'static str {
		match self {
			Refusal::Malformed => "not a message of the negotiation ontology",
			Refusal::TooLarge => "message too large",
			Refusal::UnsupportedVersion => "unsupported ontology version",
			Refusal::BadSignature => "bad signature",
			Refusal::UnknownSender => "the sender's key is not its household's negotiation key",
			Refusal::UnknownOffer => "unknown offer",
			Refusal::WrongSlot => "wrong delivery slot",
			Refusal::NegotiationClosed => "the negotiation window is not open",
			Refusal::StaleTimestamp => "timestamp too far from the receiver's clock",
			Refusal::ReplayedRound => "replayed or out-of-order round",
			Refusal::OutOfTurn => "act not expected now",
			Refusal::PriceOutOfRange => "price outside [seller floor, grid import price]",
			Refusal::EnergyAboveAvailable => "energy above what is left",
			Refusal::NoEnergy => "no energy",
			Refusal::NotNegotiatedTerms => "terms that were never proposed or accepted",
			Refusal::BadAgreementSignature => "bad agreement signature",
			Refusal::SoldOut => "sold out",
			Refusal::RoundsExhausted => "no rounds left",
			Refusal::TooManySessions => "too many negotiations open",
			Refusal::NoKey => "no negotiation key to sign with",
			Refusal::TooManyMessages => "too many messages from this sender; slow down",
		}
	}
}

impl core::fmt::Display for Refusal {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		f.write_str(self.describe())
	}
}
