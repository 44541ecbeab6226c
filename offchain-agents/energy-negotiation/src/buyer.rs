//! A household's buyer agent for one slot: it negotiates with a few sellers at a time, the
//! cheapest offers first, and buys no more than its household needs.
//!
//! The buyer moves first and each seller answers, so the agent is driven by `start`, by
//! `on_reply` with each answer, and by `on_tick`, which drops sellers that did not answer in
//! time for the next best offer (the paper's timeout rule). An `Agree` the seller never
//! confirmed still counts against the need: the seller holds the buyer's signature and may
//! record it, so the buyer never buys twice for the same need.

use alloc::{collections::BTreeMap, vec::Vec};
use codec::{Decode, Encode};
use energy_primitives::{Balance, Energy, OfferId};

use crate::{
	ontology::{Act, Body, VERSION},
	session::{answer, check_envelope, progress, sign_agreement, History, Window},
	strategy::{Side, Situation},
	verify, Agreement, Household, Message, OfferTerms, Refusal, SignatureBytes, Signer, Strategy,
};

/// A buyer's limits.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode)]
pub struct BuyerConfig {
	/// Sellers it negotiates with at once.
	pub max_parallel: u32,
	/// Prices it names in a session before it gives up.
	pub max_rounds: u32,
	/// How long it waits for a seller's answer before dropping the offer for the next best.
	pub reply_timeout_ms: u64,
	/// How far a message's timestamp may be from the buyer's clock.
	pub max_clock_skew_ms: u64,
	/// The smallest purchase worth a negotiation, in Wh.
	pub min_trade_wh: Energy,
}

impl Default for BuyerConfig {
	fn default() -> Self {
		BuyerConfig {
			max_parallel: 4,
			max_rounds: 20,
			reply_timeout_ms: 2_000,
			max_clock_skew_ms: 30_000,
			min_trade_wh: 1,
		}
	}
}

/// A message for the seller of `offer`.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
pub struct Outgoing {
	/// The offer; its seller's endpoint is where the message goes.
	pub offer: OfferId,
	/// The message.
	pub message: Message,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode)]
enum State {
	/// Waiting for the seller's answer to a call or a bid sent at `since`.
	Awaiting { since: u64 },
	/// Waiting for the seller to confirm the buyer's `Agree`, sent at `since`.
	Agreeing { since: u64, energy_wh: Energy, price: Balance },
	/// The seller confirmed.
	Agreed,
	/// The seller did not confirm in time: it may still record the agreement, so its energy
	/// stays counted, and a late confirmation still makes it an agreement.
	Unconfirmed { energy_wh: Energy, price: Balance },
	/// Ended without agreement.
	Closed,
}

#[derive(Clone, Debug, Encode, Decode)]
struct Session {
	offer: OfferTerms,
	history: History,
	/// The energy the buyer last asked for.
	asked_wh: Energy,
	/// The energy the seller last granted.
	granted_wh: Energy,
	/// The buyer's signature of the terms it agreed to.
	agreement_signature: Option<SignatureBytes>,
	state: State,
}

/// A household's buyer agent for one delivery slot. It encodes in SCALE (with its strategy), so
/// an offchain worker can keep it in the node's storage from one block to the next.
#[derive(Clone, Debug, Encode, Decode)]
pub struct BuyerAgent<S> {
	genesis: [u8; 32],
	household: Household,
	need_wh: Energy,
	window: Window,
	strategy: S,
	config: BuyerConfig,
	/// The offers, best first (lowest floor, then lowest id); `next` is the first not tried.
	offers: Vec<OfferTerms>,
	next: u32,
	sessions: BTreeMap<OfferId, Session>,
	agreements: Vec<Agreement>,
}

impl<S: Strategy> BuyerAgent<S> {
	/// The agent of `household`, which needs `need_wh` in the slot of `offers`.
	pub fn new(
		genesis: [u8; 32],
		household: Household,
		need_wh: Energy,
		window: Window,
		strategy: S,
		config: BuyerConfig,
		mut offers: Vec<OfferTerms>,
	) -> Self {
		offers.retain(|o| o.seller != household && o.energy_wh > 0 && o.floor <= o.cap);
		offers.sort_by_key(|o| (o.floor, o.id));
		BuyerAgent {
			genesis,
			household,
			need_wh,
			window,
			strategy,
			config,
			offers,
			next: 0,
			sessions: BTreeMap::new(),
			agreements: Vec::new(),
		}
	}

	/// The agreements the sellers confirmed, in the order made.
	pub fn agreements(&self) -> &[Agreement] {
		&self.agreements
	}

	/// What the household still needs: its need less what it agreed or may have agreed.
	pub fn need_left(&self) -> Energy {
		let committed: Energy = self
			.sessions
			.values()
			.map(|s| match s.state {
				State::Agreeing { energy_wh, .. } | State::Unconfirmed { energy_wh, .. } => {
					energy_wh
				}
				_ => 0,
			})
			.sum();
		let agreed: Energy = self.agreements.iter().map(|a| a.energy_wh).sum();
		self.need_wh.saturating_sub(committed.saturating_add(agreed))
	}

	/// What the household needs beyond what it agreed and what its open sessions ask for.
	fn uncovered(&self) -> Energy {
		let asked: Energy = self
			.sessions
			.values()
			.filter(|s| matches!(s.state, State::Awaiting { .. }))
			.map(|s| s.asked_wh)
			.sum();
		self.need_left().saturating_sub(asked)
	}

	/// Whether the agent waits for nothing more: its need is met, or every offer was tried.
	pub fn is_done(&self) -> bool {
		let waiting = self
			.sessions
			.values()
			.any(|s| matches!(s.state, State::Awaiting { .. } | State::Agreeing { .. }));
		!waiting
			&& (self.need_left() < self.config.min_trade_wh.max(1)
				|| self.next as usize >= self.offers.len())
	}

	/// Opens the first negotiations.
	pub fn start(&mut self, now: u64, signer: &impl Signer) -> Vec<Outgoing> {
		self.fill(now, signer)
	}

	/// Drops sellers that did not answer in time and opens the next best offers.
	pub fn on_tick(&mut self, now: u64, signer: &impl Signer) -> Vec<Outgoing> {
		let timeout = self.config.reply_timeout_ms;
		let mut out = Vec::new();
		for (id, session) in self.sessions.iter_mut() {
			match session.state {
				State::Awaiting { since } if since.saturating_add(timeout) <= now => {
					session.state = State::Closed;
					if let Ok(message) = leave(session, self.household, now, &self.genesis, signer)
					{
						out.push(Outgoing { offer: *id, message });
					}
				}
				State::Agreeing { since, energy_wh, price }
					if since.saturating_add(timeout) <= now =>
				{
					session.state = State::Unconfirmed { energy_wh, price }
				}
				_ => {}
			}
		}
		out.extend(self.fill(now, signer));
		out
	}

	/// Takes a refusal of the message sent on `offer` (the transport's error answer, unsigned,
	/// so it cannot be trusted to mean more than "no answer"): the session ends, but an `Agree`
	/// stays counted, since the seller holds the buyer's signature. Opens the next best offer.
	pub fn on_refused(&mut self, offer: OfferId, now: u64, signer: &impl Signer) -> Vec<Outgoing> {
		if let Some(session) = self.sessions.get_mut(&offer) {
			session.state = match session.state {
				State::Awaiting { .. } => State::Closed,
				State::Agreeing { energy_wh, price, .. } => State::Unconfirmed { energy_wh, price },
				other => other,
			};
		}
		self.fill(now, signer)
	}

	/// Takes a seller's answer received at `now`: the messages to send next (to this seller or
	/// others), or why the answer is refused.
	pub fn on_reply(
		&mut self,
		message: &Message,
		now: u64,
		signer: &impl Signer,
	) -> Result<Vec<Outgoing>, Refusal> {
		let body = &message.body;
		if body.version != VERSION {
			return Err(Refusal::UnsupportedVersion);
		}
		let session = self.sessions.get(&body.offer).ok_or(Refusal::UnknownOffer)?;
		if body.buyer != self.household || body.seller != session.offer.seller {
			return Err(Refusal::UnknownOffer);
		}
		if body.slot != session.offer.slot {
			return Err(Refusal::WrongSlot);
		}
		check_envelope(
			message,
			&self.genesis,
			Some(session.offer.seller_key),
			now,
			self.config.max_clock_skew_ms,
		)?;
		session.history.check_round(body.round)?;
		let mut next = session.clone();
		next.history.receive(body.round);
		let mut out = Vec::new();
		match (body.act, session.state) {
			(
				Act::Withdraw | Act::Reject { .. },
				State::Awaiting { .. } | State::Agreeing { .. },
			) => next.state = State::Closed,
			// The answer to a message sent before the buyer left (or the seller's
			// acknowledgement of its leaving): nothing more to say.
			(_, State::Closed) => {}
			(Act::Propose | Act::CounterPropose, State::Awaiting { .. }) => {
				self.check_window(now)?;
				if !next.offer.admits(body.price) {
					return Err(Refusal::PriceOutOfRange);
				}
				if body.energy_wh == 0 {
					return Err(Refusal::NoEnergy);
				}
				if body.energy_wh > next.asked_wh {
					return Err(Refusal::EnergyAboveAvailable);
				}
				next.history.theirs.push(body.price);
				next.granted_wh = body.energy_wh;
				let message = self.answer_ask(&mut next, body, now, signer)?;
				out.push(Outgoing { offer: body.offer, message });
			}
			(Act::Accept, State::Awaiting { .. }) => {
				self.check_window(now)?;
				if next.history.own.last() != Some(&body.price)
					|| body.energy_wh == 0
					|| body.energy_wh > next.asked_wh
				{
					return Err(Refusal::NotNegotiatedTerms);
				}
				let energy_wh = body.energy_wh.min(self.need_left());
				let message = if energy_wh < self.config.min_trade_wh.max(1) {
					next.state = State::Closed;
					leave(&mut next, self.household, now, &self.genesis, signer)?
				} else {
					agree(&mut next, body, energy_wh, body.price, now, &self.genesis, signer)?
				};
				out.push(Outgoing { offer: body.offer, message });
			}
			(
				Act::Agree { agreement_signature },
				State::Agreeing { energy_wh, price, .. } | State::Unconfirmed { energy_wh, price },
			) => {
				if body.energy_wh != energy_wh || body.price != price {
					return Err(Refusal::NotNegotiatedTerms);
				}
				if !verify(
					&next.offer.seller_key,
					&body.agreement_payload(&self.genesis),
					&agreement_signature,
				) {
					return Err(Refusal::BadAgreementSignature);
				}
				let buyer_signature = next.agreement_signature.ok_or(Refusal::OutOfTurn)?;
				next.state = State::Agreed;
				self.agreements.push(Agreement {
					offer: body.offer,
					slot: body.slot,
					seller: body.seller,
					buyer: body.buyer,
					energy_wh,
					price,
					buyer_signature,
				});
			}
			_ => return Err(Refusal::OutOfTurn),
		}
		self.sessions.insert(body.offer, next);
		out.extend(self.fill(now, signer));
		Ok(out)
	}

	fn check_window(&self, now: u64) -> Result<(), Refusal> {
		if self.window.is_open(now) {
			Ok(())
		} else {
			Err(Refusal::NegotiationClosed)
		}
	}

	/// The buyer's answer to a seller's ask: agree, bid again, or leave.
	fn answer_ask(
		&self,
		session: &mut Session,
		body: &Body,
		now: u64,
		signer: &impl Signer,
	) -> Result<Message, Refusal> {
		// What the other sessions may still buy does not count here: this one competes with them.
		let need_left = self.need_left();
		let wanted = body.energy_wh.min(need_left);
		if wanted < self.config.min_trade_wh.max(1)
			|| session.history.own.len() >= self.config.max_rounds as usize
		{
			session.state = State::Closed;
			return leave(session, self.household, now, &self.genesis, signer);
		}
		let situation = Situation {
			side: Side::Buyer,
			floor: session.offer.floor,
			cap: session.offer.cap,
			progress: progress(
				&self.window,
				now,
				session.history.own.len(),
				self.config.max_rounds,
			),
			own: &session.history.own,
			theirs: &session.history.theirs,
		};
		let taken = if self.strategy.closing(self.window.progress(now)) {
			self.closing_take(session.offer.id, body.price, wanted, need_left)
		} else if self.strategy.accepts(&situation, body.price) {
			wanted
		} else {
			0
		};
		if taken > 0 {
			return agree(session, body, taken, body.price, now, &self.genesis, signer);
		}
		let bid = self.strategy.propose(&situation);
		let message = answer(
			body,
			Act::CounterPropose,
			wanted,
			bid,
			session.history.next_round(),
			now,
			&self.genesis,
			signer,
		)?;
		session.history.own.push(bid);
		session.history.sent();
		session.asked_wh = wanted;
		session.state = State::Awaiting { since: now };
		Ok(message)
	}

	/// The paper's closing rule for a buyer: asks are taken lowest first (ties by offer) while
	/// the need lasts, so this ask gets what the lower asks of the other open sessions leave.
	fn closing_take(
		&self,
		offer: OfferId,
		price: Balance,
		wanted: Energy,
		need_left: Energy,
	) -> Energy {
		let ahead: Energy = self
			.sessions
			.iter()
			.filter(|(id, s)| **id != offer && matches!(s.state, State::Awaiting { .. }))
			.filter_map(|(id, s)| s.history.theirs.last().map(|ask| (*id, *ask, s.granted_wh)))
			.filter(|(id, ask, _)| *ask < price || (*ask == price && *id < offer))
			.map(|(_, _, granted)| granted)
			.sum();
		wanted.min(need_left.saturating_sub(ahead))
	}

	/// Opens sessions on the next best offers while fewer than `max_parallel` are open and some
	/// need is not yet asked for; withdraws from the open ones once the need is met.
	fn fill(&mut self, now: u64, signer: &impl Signer) -> Vec<Outgoing> {
		let mut out = Vec::new();
		let min_trade = self.config.min_trade_wh.max(1);
		if !self.window.is_open(now) {
			return out;
		}
		if self.need_left() < min_trade {
			for (id, session) in self.sessions.iter_mut() {
				if matches!(session.state, State::Awaiting { .. }) {
					session.state = State::Closed;
					if let Ok(message) = leave(session, self.household, now, &self.genesis, signer)
					{
						out.push(Outgoing { offer: *id, message });
					}
				}
			}
			return out;
		}
		while (self.next as usize) < self.offers.len() {
			let open = self
				.sessions
				.values()
				.filter(|s| matches!(s.state, State::Awaiting { .. }))
				.count();
			if open >= self.config.max_parallel as usize {
				break;
			}
			let Some(offer) = self.offers.get(self.next as usize).cloned() else { break };
			self.next += 1;
			if self.sessions.contains_key(&offer.id) {
				continue;
			}
			// The sessions split the need between them, so no seller holds energy for a need
			// another session already covers.
			let uncovered = self.uncovered();
			if uncovered < min_trade {
				self.next -= 1;
				break;
			}
			let asked_wh = offer.energy_wh.min(uncovered);
			let mut history = History::default();
			let situation = Situation {
				side: Side::Buyer,
				floor: offer.floor,
				cap: offer.cap,
				progress: self.window.progress(now),
				own: &[],
				theirs: &[],
			};
			let bid = self.strategy.propose(&situation);
			let body = Body {
				version: VERSION,
				act: Act::CallForProposals,
				offer: offer.id,
				slot: offer.slot,
				seller: offer.seller,
				buyer: self.household,
				energy_wh: asked_wh,
				price: bid,
				round: history.next_round(),
				timestamp_ms: now,
				sender: signer.public(),
			};
			let Ok(message) = body.sign(&self.genesis, signer) else { break };
			history.own.push(bid);
			history.sent();
			let id = offer.id;
			let session = Session {
				offer,
				history,
				asked_wh,
				granted_wh: 0,
				agreement_signature: None,
				state: State::Awaiting { since: now },
			};
			self.sessions.insert(id, session);
			out.push(Outgoing { offer: id, message });
		}
		out
	}
}

/// The buyer's `Agree` to `energy_wh` at `price`, signing the chain's agreement bytes.
fn agree(
	session: &mut Session,
	to: &Body,
	energy_wh: Energy,
	price: Balance,
	now: u64,
	genesis: &[u8; 32],
	signer: &impl Signer,
) -> Result<Message, Refusal> {
	let signature = sign_agreement(to, energy_wh, price, genesis, signer)?;
	let act = Act::Agree { agreement_signature: signature };
	let message =
		answer(to, act, energy_wh, price, session.history.next_round(), now, genesis, signer)?;
	session.history.sent();
	session.agreement_signature = Some(signature);
	session.state = State::Agreeing { since: now, energy_wh, price };
	Ok(message)
}

/// The buyer's `Withdraw` from a session; the session is closed.
fn leave(
	session: &mut Session,
	household: Household,
	now: u64,
	genesis: &[u8; 32],
	signer: &impl Signer,
) -> Result<Message, Refusal> {
	let body = Body {
		version: VERSION,
		act: Act::Withdraw,
		offer: session.offer.id,
		slot: session.offer.slot,
		seller: session.offer.seller,
		buyer: household,
		energy_wh: session.asked_wh,
		price: session.history.own.last().copied().unwrap_or(session.offer.floor),
		round: session.history.next_round(),
		timestamp_ms: now,
		sender: signer.public(),
	};
	let message = body.sign(genesis, signer)?;
	session.history.sent();
	session.state = State::Closed;
	Ok(message)
}
