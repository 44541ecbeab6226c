//! The seller's agent for one offer: one session per buyer, all drawing on the offer's energy.
//!
//! The energy a session is granted is held for its buyer until the session ends or its buyer
//! falls silent for `hold_timeout_ms`: so an ask the seller made can always be agreed to, and a
//! buyer that calls when all is promised hears at once that the offer is sold out and moves on,
//! instead of negotiating for energy that another buyer takes first.
//!
//! Each received message is checked in full (envelope, offer, slot, window, round, act, price,
//! energy) before anything changes, and the answer is signed before the session moves on, so a
//! refused message, or a key missing from the keystore, leaves the agent as it was.

use alloc::{collections::BTreeMap, vec::Vec};
use codec::{Decode, Encode};
use energy_primitives::{Balance, Energy};

use crate::{
	ontology::{Act, Body},
	session::{answer, check_envelope, progress, sign_agreement, History, Window},
	strategy::{Side, Situation},
	verify, Agreement, Directory, Household, Key, Message, OfferTerms, Refusal, Signer, Strategy,
};

/// A seller's limits.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode)]
pub struct SellerConfig {
	/// Prices the seller names in a session before it gives up.
	pub max_rounds: u32,
	/// Buyers it negotiates with at once (each buyer has one session per offer).
	pub max_sessions: u32,
	/// How long a session holds its energy after the buyer's last message.
	pub hold_timeout_ms: u64,
	/// How far a message's timestamp may be from the seller's clock.
	pub max_clock_skew_ms: u64,
}

impl Default for SellerConfig {
	fn default() -> Self {
		SellerConfig {
			max_rounds: 20,
			max_sessions: 256,
			hold_timeout_ms: 5_000,
			max_clock_skew_ms: 30_000,
		}
	}
}

/// Where a seller's session with one buyer stands.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode)]
enum State {
	/// The buyer's move.
	Open,
	/// The seller accepted the buyer's bid.
	Accepted { price: Balance, energy_wh: Energy },
	/// Agreed; the session is over.
	Agreed,
	/// Ended without agreement.
	Closed,
}

#[derive(Clone, Debug, Encode, Decode)]
struct Session {
	history: History,
	/// The energy held for this buyer while the session is live.
	granted_wh: Energy,
	/// When the buyer last spoke.
	last_heard: u64,
	state: State,
}

/// The seller's agent for one offer. It encodes in SCALE (with its strategy), so an offchain
/// worker can keep it in the node's storage from one block to the next.
#[derive(Clone, Debug, Encode, Decode)]
pub struct SellerAgent<S> {
	genesis: [u8; 32],
	offer: OfferTerms,
	window: Window,
	strategy: S,
	config: SellerConfig,
	/// Energy not yet agreed.
	left_wh: Energy,
	sessions: BTreeMap<Household, Session>,
	agreements: Vec<Agreement>,
}

impl<S: Strategy> SellerAgent<S> {
	/// The agent of `offer` on the chain of `genesis`, negotiating in `window`.
	pub fn new(
		genesis: [u8; 32],
		offer: OfferTerms,
		window: Window,
		strategy: S,
		config: SellerConfig,
	) -> Self {
		let left_wh = offer.energy_wh;
		SellerAgent {
			genesis,
			offer,
			window,
			strategy,
			config,
			left_wh,
			sessions: BTreeMap::new(),
			agreements: Vec::new(),
		}
	}

	/// The offer negotiated.
	pub fn offer(&self) -> &OfferTerms {
		&self.offer
	}

	/// The agreements so far, in the order made: what to record with `allow_transactions`.
	pub fn agreements(&self) -> &[Agreement] {
		&self.agreements
	}

	/// Energy not yet agreed.
	pub fn energy_left(&self) -> Energy {
		self.left_wh
	}

	/// Energy neither agreed nor held for a live session.
	pub fn energy_available(&self, now: u64) -> Energy {
		let held: Energy =
			self.sessions.values().filter(|s| self.holds(s, now)).map(|s| s.granted_wh).sum();
		self.left_wh.saturating_sub(held)
	}

	/// Buyers whose sessions hold energy at `now`: the negotiations open.
	pub fn live_sessions(&self, now: u64) -> usize {
		self.sessions.values().filter(|s| self.holds(s, now)).count()
	}

	/// Whether `session` still holds its energy at `now`.
	fn holds(&self, session: &Session, now: u64) -> bool {
		matches!(session.state, State::Open | State::Accepted { .. })
			&& now < session.last_heard.saturating_add(self.config.hold_timeout_ms)
	}

	/// Answers a buyer's message received at `now`: the reply to send back, or why the message
	/// is refused (the caller tells the sender, unsigned). `directory` gives the buyers'
	/// published keys; `signer` is the offer's negotiation key.
	pub fn on_message(
		&mut self,
		message: &Message,
		now: u64,
		directory: &impl Directory,
		signer: &impl Signer,
	) -> Result<Message, Refusal> {
		let body = &message.body;
		if body.offer != self.offer.id || body.seller != self.offer.seller {
			return Err(Refusal::UnknownOffer);
		}
		if body.slot != self.offer.slot {
			return Err(Refusal::WrongSlot);
		}
		let buyer_key = directory.negotiation_key(&body.buyer);
		check_envelope(message, &self.genesis, buyer_key, now, self.config.max_clock_skew_ms)?;
		if !self.window.is_open(now) {
			return Err(Refusal::NegotiationClosed);
		}
		self.release_expired(now);
		match body.act {
			Act::CallForProposals => self.open(body, now, signer),
			Act::CounterPropose => self.counter(body, now, signer),
			Act::Agree { agreement_signature } => {
				self.agree(body, &agreement_signature, now, signer)
			}
			Act::Withdraw | Act::Reject { .. } => self.leave(body, now, signer),
			Act::Propose | Act::Accept => Err(Refusal::OutOfTurn),
		}
	}

	/// Ends the sessions whose buyer fell silent, freeing what they held (also done on every
	/// message).
	pub fn release_expired(&mut self, now: u64) {
		let timeout = self.config.hold_timeout_ms;
		for session in self.sessions.values_mut() {
			let live = matches!(session.state, State::Open | State::Accepted { .. });
			if live && session.last_heard.saturating_add(timeout) <= now {
				session.state = State::Closed;
			}
		}
	}

	fn situation<'a>(&self, session: &'a Session, now: u64) -> Situation<'a> {
		Situation {
			side: Side::Seller,
			floor: self.offer.floor,
			cap: self.offer.cap,
			progress: progress(
				&self.window,
				now,
				session.history.own.len(),
				self.config.max_rounds,
			),
			own: &session.history.own,
			theirs: &session.history.theirs,
		}
	}

	fn check_terms(&self, body: &Body) -> Result<(), Refusal> {
		if body.energy_wh == 0 {
			return Err(Refusal::NoEnergy);
		}
		if !self.offer.admits(body.price) {
			return Err(Refusal::PriceOutOfRange);
		}
		Ok(())
	}

	/// A call for proposals opens the buyer's session with the seller's ask.
	fn open(&mut self, body: &Body, now: u64, signer: &impl Signer) -> Result<Message, Refusal> {
		if let Some(session) = self.sessions.get(&body.buyer) {
			session.history.check_round(body.round)?;
			return Err(Refusal::OutOfTurn);
		}
		if self.sessions.len() >= self.config.max_sessions as usize {
			return Err(Refusal::TooManySessions);
		}
		self.check_terms(body)?;
		let available = self.energy_available(now);
		if available == 0 {
			return answer(
				body,
				Act::Reject { reason: Refusal::SoldOut },
				0,
				body.price,
				0,
				now,
				&self.genesis,
				signer,
			);
		}
		let granted_wh = body.energy_wh.min(available);
		let mut session = Session {
			history: History::default(),
			granted_wh,
			last_heard: now,
			state: State::Open,
		};
		session.history.theirs.push(body.price);
		let ask = self.strategy.propose(&self.situation(&session, now));
		let reply = answer(
			body,
			Act::Propose,
			granted_wh,
			ask,
			session.history.next_round(),
			now,
			&self.genesis,
			signer,
		)?;
		session.history.receive(body.round);
		session.history.own.push(ask);
		session.history.sent();
		self.sessions.insert(body.buyer, session);
		Ok(reply)
	}

	/// A bid: accepted, or answered with the seller's next ask.
	fn counter(&mut self, body: &Body, now: u64, signer: &impl Signer) -> Result<Message, Refusal> {
		let session = self.sessions.get(&body.buyer).ok_or(Refusal::OutOfTurn)?;
		session.history.check_round(body.round)?;
		if session.state != State::Open {
			return Err(Refusal::OutOfTurn);
		}
		self.check_terms(body)?;
		if body.energy_wh > session.granted_wh {
			return Err(Refusal::EnergyAboveAvailable);
		}
		let mut next = session.clone();
		next.history.receive(body.round);
		next.history.theirs.push(body.price);
		next.last_heard = now;
		let round = next.history.next_round();
		let (act, energy_wh, price) = if next.history.own.len() >= self.config.max_rounds as usize {
			next.state = State::Closed;
			(Act::Reject { reason: Refusal::RoundsExhausted }, body.energy_wh, body.price)
		} else {
			let situation = self.situation(&next, now);
			// In the closing minutes the paper's seller takes any bid within bounds: its energy is
			// promised session by session, first come, first served.
			if self.strategy.closing(self.window.progress(now))
				|| self.strategy.accepts(&situation, body.price)
			{
				next.state = State::Accepted { price: body.price, energy_wh: body.energy_wh };
				(Act::Accept, body.energy_wh, body.price)
			} else {
				let ask = self.strategy.propose(&situation);
				next.history.own.push(ask);
				(Act::CounterPropose, next.granted_wh, ask)
			}
		};
		let reply = answer(body, act, energy_wh, price, round, now, &self.genesis, signer)?;
		next.history.sent();
		self.sessions.insert(body.buyer, next);
		Ok(reply)
	}

	/// The buyer takes an ask of this session, or the bid the seller accepted: the seller checks
	/// the buyer's agreement signature, records the agreement and confirms with its own.
	fn agree(
		&mut self,
		body: &Body,
		buyer_signature: &crate::SignatureBytes,
		now: u64,
		signer: &impl Signer,
	) -> Result<Message, Refusal> {
		let session = self.sessions.get(&body.buyer).ok_or(Refusal::OutOfTurn)?;
		session.history.check_round(body.round)?;
		self.check_terms(body)?;
		match session.state {
			State::Accepted { price, energy_wh } => {
				if body.price != price || body.energy_wh > energy_wh {
					return Err(Refusal::NotNegotiatedTerms);
				}
			}
			State::Open => {
				if !session.history.own.contains(&body.price) {
					return Err(Refusal::NotNegotiatedTerms);
				}
				if body.energy_wh > session.granted_wh {
					return Err(Refusal::EnergyAboveAvailable);
				}
			}
			State::Agreed | State::Closed => return Err(Refusal::OutOfTurn),
		}
		if !verify(&body.sender, &body.agreement_payload(&self.genesis), buyer_signature) {
			return Err(Refusal::BadAgreementSignature);
		}
		let round = session.history.next_round();
		let own_signature =
			sign_agreement(body, body.energy_wh, body.price, &self.genesis, signer)?;
		let act = Act::Agree { agreement_signature: own_signature };
		let reply =
			answer(body, act, body.energy_wh, body.price, round, now, &self.genesis, signer)?;
		let session = self.sessions.get_mut(&body.buyer).ok_or(Refusal::OutOfTurn)?;
		session.history.receive(body.round);
		session.history.sent();
		session.state = State::Agreed;
		self.left_wh = self.left_wh.saturating_sub(body.energy_wh);
		self.agreements.push(Agreement {
			offer: body.offer,
			slot: body.slot,
			seller: body.seller,
			buyer: body.buyer,
			energy_wh: body.energy_wh,
			price: body.price,
			buyer_signature: *buyer_signature,
		});
		Ok(reply)
	}

	/// The buyer leaves: the session ends and what it held is free again. An agreement stays.
	fn leave(&mut self, body: &Body, now: u64, signer: &impl Signer) -> Result<Message, Refusal> {
		let session = self.sessions.get(&body.buyer).ok_or(Refusal::OutOfTurn)?;
		session.history.check_round(body.round)?;
		// Leaving a session the seller already ended is a race, not a fault: acknowledged.
		if session.state == State::Agreed {
			return Err(Refusal::OutOfTurn);
		}
		let round = session.history.next_round();
		let reply = answer(
			body,
			Act::Withdraw,
			body.energy_wh,
			body.price,
			round,
			now,
			&self.genesis,
			signer,
		)?;
		let session = self.sessions.get_mut(&body.buyer).ok_or(Refusal::OutOfTurn)?;
		session.history.receive(body.round);
		session.history.sent();
		session.state = State::Closed;
		Ok(reply)
	}

	/// The buyers with a session, and whether each agreed: for logs and metrics.
	pub fn sessions(&self) -> impl Iterator<Item = (&Household, bool)> {
		self.sessions.iter().map(|(buyer, s)| (buyer, s.state == State::Agreed))
	}

	/// The key the seller negotiates with.
	pub fn seller_key(&self) -> Key {
		self.offer.seller_key
	}
}
