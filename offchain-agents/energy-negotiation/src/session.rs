//! What the seller's and the buyer's state machines share: the negotiation window, each
//! session's prices and rounds, and the checks every received message passes first.

use alloc::vec::Vec;
use codec::{Decode, Encode};
use energy_primitives::Balance;

use crate::{
	ontology::{Act, Body, VERSION},
	Key, Message, Refusal, Signer,
};

/// The negotiation window of a slot, in Unix milliseconds: from when the slot opens to when its
/// recording window does (`MarketApi::status`).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode)]
pub struct Window {
	/// When negotiation starts.
	pub opens_at: u64,
	/// When it ends and recording starts.
	pub closes_at: u64,
}

/// A share of a window: numerator and denominator.
pub type Share = (u64, u64);

/// Sellers offer this share into the negotiation window at the latest (the second block of a
/// six-second chain's minute slot): the meters' readings of the slot that just ended are in.
pub const SELLERS_OFFER_AT: Share = (1, 6);

/// Buyers read the offers this share into the negotiation window: the offers are in blocks.
pub const BUYERS_READ_AT: Share = (2, 5);

impl Window {
	/// The moment `share` of the way into the window.
	pub fn at(&self, (share, of): Share) -> u64 {
		let length = self.closes_at.saturating_sub(self.opens_at);
		self.opens_at.saturating_add(length.saturating_mul(share) / of.max(1))
	}

	/// Whether agents negotiate at `now`.
	pub fn is_open(&self, now: u64) -> bool {
		self.opens_at <= now && now < self.closes_at
	}

	/// The share of the window elapsed at `now`, from 0 to 1.
	pub fn progress(&self, now: u64) -> f64 {
		if self.closes_at <= self.opens_at {
			return 1.0;
		}
		let elapsed = now.saturating_sub(self.opens_at) as f64;
		(elapsed / (self.closes_at - self.opens_at) as f64).clamp(0.0, 1.0)
	}
}

/// How far a session is towards its end, from 0 to 1, for the tactics: by the window's clock
/// or by the rounds this side used, whichever is further along. So a session ends within its
/// rounds however fast messages travel, and by the deadline however slowly.
pub(crate) fn progress(window: &Window, now: u64, rounds_used: usize, max_rounds: u32) -> f64 {
	let by_rounds =
		if max_rounds == 0 { 1.0 } else { (rounds_used as f64 / max_rounds as f64).min(1.0) };
	window.progress(now).max(by_rounds)
}

/// One side's record of a session: the prices each side named, and the rounds.
#[derive(Clone, Default, Debug, Encode, Decode)]
pub(crate) struct History {
	/// This side's prices, oldest first.
	pub own: Vec<Balance>,
	/// The counterpart's prices, oldest first.
	pub theirs: Vec<Balance>,
	/// The counterpart's last round.
	last_round_in: Option<u32>,
	/// This side's next round.
	next_round_out: u32,
}

impl History {
	/// Refuses a round that does not follow the counterpart's last one.
	pub fn check_round(&self, round: u32) -> Result<(), Refusal> {
		match self.last_round_in {
			Some(last) if round <= last => Err(Refusal::ReplayedRound),
			_ => Ok(()),
		}
	}

	/// Takes the counterpart's round (checked before).
	pub fn receive(&mut self, round: u32) {
		self.last_round_in = Some(round);
	}

	/// The round of this side's next message.
	pub fn next_round(&self) -> u32 {
		self.next_round_out
	}

	/// Counts this side's message as sent.
	pub fn sent(&mut self) {
		self.next_round_out = self.next_round_out.saturating_add(1);
	}
}

/// The checks every received message passes before anything else looks at it: the version, the
/// sender's key (the one its household published), the signature and the clock.
pub(crate) fn check_envelope(
	message: &Message,
	genesis: &[u8; 32],
	expected_sender: Option<Key>,
	now: u64,
	max_clock_skew_ms: u64,
) -> Result<(), Refusal> {
	let body = &message.body;
	if body.version != VERSION {
		return Err(Refusal::UnsupportedVersion);
	}
	if expected_sender != Some(body.sender) {
		return Err(Refusal::UnknownSender);
	}
	if !message.is_signed(genesis) {
		return Err(Refusal::BadSignature);
	}
	if body.timestamp_ms.abs_diff(now) > max_clock_skew_ms {
		return Err(Refusal::StaleTimestamp);
	}
	Ok(())
}

/// A message of the same session as `to`, signed by `signer`.
pub(crate) fn answer(
	to: &Body,
	act: Act,
	energy_wh: energy_primitives::Energy,
	price: Balance,
	round: u32,
	now: u64,
	genesis: &[u8; 32],
	signer: &impl Signer,
) -> Result<Message, Refusal> {
	Body {
		version: VERSION,
		act,
		offer: to.offer,
		slot: to.slot,
		seller: to.seller,
		buyer: to.buyer,
		energy_wh,
		price,
		round,
		timestamp_ms: now,
		sender: signer.public(),
	}
	.sign(genesis, signer)
}

/// The signer's signature of the chain's agreement bytes for `energy_wh` at `price` on `to`'s
/// offer, between `to`'s seller and buyer.
pub(crate) fn sign_agreement(
	to: &Body,
	energy_wh: energy_primitives::Energy,
	price: Balance,
	genesis: &[u8; 32],
	signer: &impl Signer,
) -> Result<crate::SignatureBytes, Refusal> {
	let terms = Body { energy_wh, price, ..to.clone() };
	signer.sign(&terms.agreement_payload(genesis)).ok_or(Refusal::NoKey)
}
