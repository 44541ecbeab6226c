//! The negotiation ontology, version 1: the messages every agent exchanges about one offer,
//! whatever its strategy (FIPA's contract-net acts, reduced to what a bilateral price
//! negotiation needs).
//!
//! A buyer's agent opens a session on an offer with a call for proposals; the seller's agent
//! answers with a proposal (its ask and the energy it grants); the two then counter-propose in
//! turn until one side accepts the other's price, or rejects, or withdraws. A seller accepts a
//! bid with `Accept`; a buyer takes an ask, or a bid the seller accepted, with `Agree`, which
//! carries its signature of the chain's agreement bytes ([`energy_primitives::agreement_message`]),
//! and the seller confirms with its own `Agree`. The seller then records the buyer's signature
//! on chain (`allow_transactions`).
//!
//! Every message names its offer, delivery slot, seller, buyer, energy (Wh), price (money per
//! kWh), the sender's round (strictly increasing within a session), a timestamp and the
//! sender's negotiation key, and is signed by that key over
//! `(NEGOTIATION_CONTEXT, genesis hash, body)` in SCALE, so a message of one chain, one offer or
//! one round never passes for another. SCALE is the compact form (offchain workers); JSON the
//! readable one, with keys and signatures as `0x` hex and prices as decimal strings (they exceed
//! JavaScript's safe integers).

use alloc::vec::Vec;
use codec::{Decode, DecodeAll, Encode};
use energy_primitives::{Balance, Energy, OfferId, SlotIndex};
use scale_info::TypeInfo;

use crate::{verify, Household, Key, Refusal, SignatureBytes, Signer};

/// The version of the ontology this crate speaks.
pub const VERSION: u16 = 1;

/// Domain separator of the bytes a negotiation message is signed over.
pub const NEGOTIATION_CONTEXT: &[u8] = b"energy-market/negotiation";

/// No message of the ontology is longer than this in either encoding (SCALE: 212 bytes, JSON:
/// under 800); anything longer is refused before it is parsed.
pub const MAX_MESSAGE_BYTES: usize = 1_024;

/// What a message does.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(
	tag = "kind",
	rename_all = "camelCase",
	rename_all_fields = "camelCase",
	deny_unknown_fields
)]
pub enum Act {
	/// Buyer: opens a session, asking for `energy_wh` of the offer (price unused).
	CallForProposals,
	/// Seller: its opening ask, for the energy it grants.
	Propose,
	/// Either side: its price in this round.
	CounterPropose,
	/// Seller: takes the buyer's last bid, for the energy given.
	Accept,
	/// Either side: ends the session, and says why.
	Reject {
		/// Why.
		reason: Refusal,
	},
	/// Either side: leaves the session (sold out, or bought enough elsewhere).
	Withdraw,
	/// Buyer: takes the seller's ask or accepted bid; seller: confirms. Carries the sender's
	/// signature of the chain's agreement bytes for these terms.
	Agree {
		/// The sender's signature of [`energy_primitives::agreement_message`].
		#[serde(with = "hex_bytes")]
		agreement_signature: SignatureBytes,
	},
}

/// The signed part of a message.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Body {
	/// The ontology version the sender speaks.
	pub version: u16,
	/// What the message does.
	pub act: Act,
	/// The offer negotiated.
	pub offer: OfferId,
	/// The delivery slot of the offer.
	pub slot: SlotIndex,
	/// The selling household.
	#[serde(with = "hex_bytes")]
	pub seller: Household,
	/// The buying household.
	#[serde(with = "hex_bytes")]
	pub buyer: Household,
	/// Energy, in Wh.
	pub energy_wh: Energy,
	/// Price, in money per kWh.
	#[serde(with = "decimal")]
	pub price: Balance,
	/// The sender's round in this session: 0, then strictly increasing.
	pub round: u32,
	/// When the sender sent it, in Unix milliseconds.
	pub timestamp_ms: u64,
	/// The sender's negotiation key.
	#[serde(with = "hex_bytes")]
	pub sender: Key,
}

/// A signed message of the ontology.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo, serde::Serialize, serde::Deserialize,
)]
#[serde(deny_unknown_fields)]
pub struct Message {
	/// What is said.
	pub body: Body,
	/// The sender's signature of [`Body::payload`].
	#[serde(with = "hex_bytes")]
	pub signature: SignatureBytes,
}

impl Body {
	/// The bytes the sender signs: domain, chain and body.
	pub fn payload(&self, genesis: &[u8; 32]) -> Vec<u8> {
		(NEGOTIATION_CONTEXT, genesis, self).encode()
	}

	/// The chain's agreement bytes for the terms of this message, which the buyer signs for
	/// `allow_transactions` and the seller signs to confirm.
	pub fn agreement_payload(&self, genesis: &[u8; 32]) -> Vec<u8> {
		energy_primitives::agreement_message(
			genesis,
			self.offer,
			self.slot,
			&self.seller,
			&self.buyer,
			self.energy_wh,
			self.price,
		)
	}

	/// This body signed by `signer` (which must be the body's sender).
	pub fn sign(self, genesis: &[u8; 32], signer: &impl Signer) -> Result<Message, Refusal> {
		let signature = signer.sign(&self.payload(genesis)).ok_or(Refusal::NoKey)?;
		Ok(Message { body: self, signature })
	}
}

impl Message {
	/// Whether the signature verifies with the sender's key on this chain.
	pub fn is_signed(&self, genesis: &[u8; 32]) -> bool {
		verify(&self.body.sender, &self.body.payload(genesis), &self.signature)
	}

	/// The compact encoding.
	pub fn to_scale(&self) -> Vec<u8> {
		self.encode()
	}

	/// A message from its compact encoding; anything else (truncated, trailing bytes, too long)
	/// is refused.
	pub fn from_scale(bytes: &[u8]) -> Result<Message, Refusal> {
		if bytes.len() > MAX_MESSAGE_BYTES {
			return Err(Refusal::TooLarge);
		}
		Message::decode_all(&mut &bytes[..]).map_err(|_| Refusal::Malformed)
	}

	/// The readable encoding.
	pub fn to_json(&self) -> Vec<u8> {
		// Serialising plain fields and hex strings into memory cannot fail.
		serde_json::to_vec(self).unwrap_or_default()
	}

	/// A message from its readable encoding; unknown fields, missing fields and numbers out of
	/// range are refused.
	pub fn from_json(bytes: &[u8]) -> Result<Message, Refusal> {
		if bytes.len() > MAX_MESSAGE_BYTES {
			return Err(Refusal::TooLarge);
		}
		serde_json::from_slice(bytes).map_err(|_| Refusal::Malformed)
	}
}

/// Fixed-size byte strings as `0x` and lowercase hex.
mod hex_bytes {
	use alloc::{format, string::String};
	use serde::{de::Error, Deserialize, Deserializer, Serializer};

	pub fn serialize<S: Serializer, const N: usize>(
		bytes: &[u8; N],
		s: S,
	) -> Result<S::Ok, S::Error> {
		s.serialize_str(&format!("0x{}", hex::encode(bytes)))
	}

	pub fn deserialize<'de, D: Deserializer<'de>, const N: usize>(
		d: D,
	) -> Result<[u8; N], D::Error> {
		let text = String::deserialize(d)?;
		let digits = text
			.strip_prefix("0x")
			.ok_or_else(|| D::Error::custom("expected 0x and hex digits"))?;
		let mut bytes = [0u8; N];
		hex::decode_to_slice(digits, &mut bytes)
			.map_err(|_| D::Error::custom("expected 0x and hex digits of the right length"))?;
		Ok(bytes)
	}
}

/// Prices as decimal strings: they exceed 2^53, beyond which JSON numbers lose digits in
/// JavaScript.
mod decimal {
	use alloc::string::{String, ToString};
	use energy_primitives::Balance;
	use serde::{de::Error, Deserialize, Deserializer, Serializer};

	pub fn serialize<S: Serializer>(value: &Balance, s: S) -> Result<S::Ok, S::Error> {
		s.serialize_str(&value.to_string())
	}

	pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Balance, D::Error> {
		let text = String::deserialize(d)?;
		if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
			return Err(D::Error::custom("expected a decimal string"));
		}
		text.parse().map_err(|_| D::Error::custom("price out of range"))
	}
}
