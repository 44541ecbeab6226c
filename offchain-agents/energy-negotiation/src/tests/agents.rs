//! The seller's and the buyer's state machines, message by message: what each answers, and
//! that every refused message is refused for its reason and changes nothing.

use alloc::vec::Vec;

use super::{directory, offer, Party, CAP, FLOOR, GENESIS, WINDOW};
use crate::{
	ontology::VERSION, verify, Act, Body, BuyerAgent, BuyerConfig, Message, OfferTerms, Plan,
	Refusal, SellerAgent, SellerConfig,
};

const T0: u64 = WINDOW.opens_at;

fn linear() -> Plan {
	"linear".parse().unwrap()
}

struct Scene {
	seller: Party,
	buyer: Party,
	offer: OfferTerms,
	agent: SellerAgent<Plan>,
}

impl Scene {
	fn new(energy_wh: u64, config: SellerConfig) -> Scene {
		let (seller, buyer) = (Party::named("seller"), Party::named("buyer"));
		let offer = offer(1, &seller, FLOOR, CAP, energy_wh);
		let agent = SellerAgent::new(GENESIS, offer.clone(), WINDOW, linear(), config);
		Scene { seller, buyer, offer, agent }
	}

	/// A message of `from` (a buyer) on the scene's offer.
	fn from(&self, from: &Party, act: Act, energy_wh: u64, price: u128, round: u32) -> Message {
		Body {
			version: VERSION,
			act,
			offer: self.offer.id,
			slot: self.offer.slot,
			seller: self.offer.seller,
			buyer: from.household,
			energy_wh,
			price,
			round,
			timestamp_ms: T0,
			sender: from.public(),
		}
		.sign(&GENESIS, &from.key)
		.unwrap()
	}

	fn msg(&self, act: Act, energy_wh: u64, price: u128, round: u32) -> Message {
		self.from(&self.buyer, act, energy_wh, price, round)
	}

	/// The buyer's `Agree` to `energy_wh` at `price`, with its agreement signature.
	fn agree(&self, energy_wh: u64, price: u128, round: u32) -> Message {
		let terms = self.msg(Act::CounterPropose, energy_wh, price, round).body;
		let signature =
			crate::Signer::sign(&self.buyer.key, &terms.agreement_payload(&GENESIS)).unwrap();
		self.msg(Act::Agree { agreement_signature: signature }, energy_wh, price, round)
	}

	fn send(&mut self, message: &Message, now: u64) -> Result<Message, Refusal> {
		let dir = directory([&self.seller, &self.buyer, &Party::named("other")]);
		self.agent.on_message(message, now, &dir, &self.seller.key)
	}

	/// Everything a refused message must leave untouched.
	fn snapshot(&self, now: u64) -> (u64, u64, usize, Vec<(crate::Household, bool)>) {
		let sessions = self.agent.sessions().map(|(h, agreed)| (*h, agreed)).collect();
		(
			self.agent.energy_left(),
			self.agent.energy_available(now),
			self.agent.agreements().len(),
			sessions,
		)
	}

	fn refused(&mut self, message: &Message, now: u64, reason: Refusal) {
		let before = self.snapshot(now);
		assert_eq!(self.send(message, now), Err(reason), "{:?}", message.body);
		assert_eq!(
			self.snapshot(now),
			before,
			"a refused {:?} changed the seller",
			message.body.act
		);
	}
}

fn act(reply: &Result<Message, Refusal>) -> Act {
	reply.as_ref().expect("an answer").body.act
}

#[test]
fn a_seller_answers_a_call_with_its_ask_and_grants_what_it_has() {
	let mut scene = Scene::new(2_000, SellerConfig::default());
	let reply = scene.send(&scene.msg(Act::CallForProposals, 5_000, FLOOR, 0), T0).unwrap();
	assert_eq!(reply.body.act, Act::Propose);
	assert_eq!(
		(reply.body.energy_wh, reply.body.price, reply.body.round),
		(2_000, CAP, 0),
		"the linear seller opens at the cap"
	);
	assert_eq!(reply.body.sender, scene.seller.public());
	assert!(reply.is_signed(&GENESIS));
}

#[test]
fn a_full_negotiation_ends_in_an_agreement_both_sides_signed() {
	let mut scene = Scene::new(2_000, SellerConfig::default());
	scene.send(&scene.msg(Act::CallForProposals, 1_000, FLOOR, 0), T0).unwrap();
	// A bid at the cap is at least the seller's ask: accepted at once.
	let accept = scene.send(&scene.msg(Act::CounterPropose, 1_000, CAP, 1), T0).unwrap();
	assert_eq!(
		(accept.body.act, accept.body.energy_wh, accept.body.price),
		(Act::Accept, 1_000, CAP)
	);
	assert_eq!(scene.agent.energy_available(T0), 1_000, "the session holds what it was granted");
	let confirm = scene.send(&scene.agree(1_000, CAP, 2), T0).unwrap();
	let Act::Agree { agreement_signature } = confirm.body.act else {
		panic!("{:?}", confirm.body.act)
	};
	assert!(verify(
		&scene.seller.public(),
		&confirm.body.agreement_payload(&GENESIS),
		&agreement_signature
	));
	let [agreement] = scene.agent.agreements() else { panic!("one agreement") };
	assert_eq!(
		(agreement.buyer, agreement.energy_wh, agreement.price),
		(scene.buyer.household, 1_000, CAP)
	);
	let chain_bytes = energy_primitives::agreement_message(
		&GENESIS,
		1,
		42,
		&scene.seller.household,
		&scene.buyer.household,
		1_000,
		CAP,
	);
	assert!(
		verify(&scene.buyer.public(), &chain_bytes, &agreement.buyer_signature),
		"the chain accepts the buyer's signature"
	);
	assert_eq!(scene.agent.energy_left(), 1_000);
}

#[test]
fn a_low_bid_gets_a_lower_ask_and_the_buyer_may_take_any_ask_made() {
	let mut scene = Scene::new(2_000, SellerConfig::default());
	scene.send(&scene.msg(Act::CallForProposals, 1_000, FLOOR, 0), T0).unwrap();
	let counter = scene.send(&scene.msg(Act::CounterPropose, 1_000, FLOOR, 1), T0).unwrap();
	assert_eq!(counter.body.act, Act::CounterPropose);
	assert!(
		counter.body.price < CAP && counter.body.price > FLOOR,
		"it conceded by a round: {}",
		counter.body.price
	);
	assert!(
		matches!(act(&scene.send(&scene.agree(1_000, CAP, 2), T0)), Act::Agree { .. }),
		"the opening ask still stands"
	);
	assert_eq!(scene.agent.agreements()[0].price, CAP);
}

#[test]
fn a_seller_refuses_messages_about_other_offers_slots_or_versions() {
	let mut scene = Scene::new(2_000, SellerConfig::default());
	let call = scene.msg(Act::CallForProposals, 1_000, FLOOR, 0);
	let mut other_offer = call.body.clone();
	other_offer.offer = 2;
	scene.refused(
		&other_offer.sign(&GENESIS, &scene.buyer.key).unwrap(),
		T0,
		Refusal::UnknownOffer,
	);
	let mut other_seller = call.body.clone();
	other_seller.seller = scene.buyer.household;
	scene.refused(
		&other_seller.sign(&GENESIS, &scene.buyer.key).unwrap(),
		T0,
		Refusal::UnknownOffer,
	);
	let mut other_slot = call.body.clone();
	other_slot.slot = 43;
	scene.refused(&other_slot.sign(&GENESIS, &scene.buyer.key).unwrap(), T0, Refusal::WrongSlot);
	let mut future = call.body.clone();
	future.version = VERSION + 1;
	scene.refused(
		&future.sign(&GENESIS, &scene.buyer.key).unwrap(),
		T0,
		Refusal::UnsupportedVersion,
	);
}

#[test]
fn a_seller_refuses_forged_unsigned_or_stale_messages() {
	let mut scene = Scene::new(2_000, SellerConfig::default());
	let call = scene.msg(Act::CallForProposals, 1_000, FLOOR, 0);
	// Signed by a key that is not the buyer's published one.
	let impostor = Party::named("other");
	let mut forged = call.body.clone();
	forged.sender = impostor.public();
	scene.refused(&forged.sign(&GENESIS, &impostor.key).unwrap(), T0, Refusal::UnknownSender);
	// A buyer that published no key.
	let stranger = Party::named("stranger");
	scene.refused(
		&scene.from(&stranger, Act::CallForProposals, 1_000, FLOOR, 0),
		T0,
		Refusal::UnknownSender,
	);
	// The buyer's key, but the terms changed after signing, or signed for another chain.
	let mut tampered = call.clone();
	tampered.body.energy_wh = 2_000;
	scene.refused(&tampered, T0, Refusal::BadSignature);
	scene.refused(
		&call.body.clone().sign(&[8; 32], &scene.buyer.key).unwrap(),
		T0,
		Refusal::BadSignature,
	);
	// Half a minute off the seller's clock, or after the window.
	scene.refused(&call, T0 + 30_001, Refusal::StaleTimestamp);
	let mut late = call.body.clone();
	late.timestamp_ms = WINDOW.closes_at;
	scene.refused(
		&late.sign(&GENESIS, &scene.buyer.key).unwrap(),
		WINDOW.closes_at,
		Refusal::NegotiationClosed,
	);
	assert_eq!(
		act(&scene.send(&call, T0)),
		Act::Propose,
		"the genuine call still opens the session"
	);
}

#[test]
fn a_seller_refuses_replays_and_acts_out_of_turn() {
	let mut scene = Scene::new(2_000, SellerConfig::default());
	// Nothing before a call.
	scene.refused(&scene.msg(Act::CounterPropose, 1_000, FLOOR, 1), T0, Refusal::OutOfTurn);
	scene.refused(&scene.agree(1_000, CAP, 1), T0, Refusal::OutOfTurn);
	scene.refused(&scene.msg(Act::Withdraw, 1_000, FLOOR, 1), T0, Refusal::OutOfTurn);
	let call = scene.msg(Act::CallForProposals, 1_000, FLOOR, 0);
	scene.send(&call, T0).unwrap();
	scene.refused(&call, T0, Refusal::ReplayedRound);
	scene.refused(&scene.msg(Act::CallForProposals, 1_000, FLOOR, 5), T0, Refusal::OutOfTurn);
	// Acts only a seller sends.
	scene.refused(&scene.msg(Act::Propose, 1_000, FLOOR, 1), T0, Refusal::OutOfTurn);
	scene.refused(&scene.msg(Act::Accept, 1_000, FLOOR, 1), T0, Refusal::OutOfTurn);
	let bid = scene.msg(Act::CounterPropose, 1_000, FLOOR, 1);
	scene.send(&bid, T0).unwrap();
	scene.refused(&bid, T0, Refusal::ReplayedRound);
	scene.refused(&scene.msg(Act::CounterPropose, 1_000, FLOOR, 1), T0, Refusal::ReplayedRound);
	// After the agreement the session is over.
	scene.send(&scene.agree(1_000, CAP, 2), T0).unwrap();
	scene.refused(&scene.msg(Act::CounterPropose, 1_000, FLOOR, 3), T0, Refusal::OutOfTurn);
	scene.refused(&scene.agree(1_000, CAP, 4), T0, Refusal::OutOfTurn);
	scene.refused(&scene.msg(Act::Withdraw, 1_000, FLOOR, 5), T0, Refusal::OutOfTurn);
}

#[test]
fn a_seller_refuses_prices_outside_floor_and_cap_and_energy_it_did_not_grant() {
	let mut scene = Scene::new(2_000, SellerConfig::default());
	scene.refused(
		&scene.msg(Act::CallForProposals, 1_000, FLOOR - 1, 0),
		T0,
		Refusal::PriceOutOfRange,
	);
	scene.refused(&scene.msg(Act::CallForProposals, 0, FLOOR, 0), T0, Refusal::NoEnergy);
	scene.send(&scene.msg(Act::CallForProposals, 1_000, FLOOR, 0), T0).unwrap();
	scene.refused(&scene.msg(Act::CounterPropose, 1_000, CAP + 1, 1), T0, Refusal::PriceOutOfRange);
	scene.refused(
		&scene.msg(Act::CounterPropose, 1_000, FLOOR - 1, 1),
		T0,
		Refusal::PriceOutOfRange,
	);
	scene.refused(&scene.msg(Act::CounterPropose, 0, FLOOR, 1), T0, Refusal::NoEnergy);
	scene.refused(
		&scene.msg(Act::CounterPropose, 1_001, FLOOR, 1),
		T0,
		Refusal::EnergyAboveAvailable,
	);
	scene.refused(&scene.agree(1_001, CAP, 1), T0, Refusal::EnergyAboveAvailable);
	// A price the seller never asked.
	scene.refused(&scene.agree(1_000, CAP - 1, 1), T0, Refusal::NotNegotiatedTerms);
	// The agreement signature covers other terms than the message.
	let mut wrong = scene.agree(500, CAP, 1).body;
	wrong.energy_wh = 1_000;
	scene.refused(
		&wrong.sign(&GENESIS, &scene.buyer.key).unwrap(),
		T0,
		Refusal::BadAgreementSignature,
	);
	assert!(matches!(act(&scene.send(&scene.agree(1_000, CAP, 1), T0)), Act::Agree { .. }));
}

#[test]
fn a_session_holds_its_energy_until_its_buyer_falls_silent() {
	let config = SellerConfig { hold_timeout_ms: 1_000, ..SellerConfig::default() };
	let mut scene = Scene::new(1_000, config);
	scene.send(&scene.msg(Act::CallForProposals, 1_000, FLOOR, 0), T0).unwrap();
	assert_eq!(scene.agent.energy_available(T0), 0, "all of it is held for the buyer");
	assert_eq!(scene.agent.live_sessions(T0), 1, "one negotiation open");
	// Another buyer hears at once that nothing is left.
	let other = Party::named("other");
	let call = scene.from(&other, Act::CallForProposals, 1_000, FLOOR, 0);
	assert_eq!(act(&scene.send(&call, T0)), Act::Reject { reason: Refusal::SoldOut });
	// A bid just under the cap beats the linear seller's second ask: accepted at that price only.
	let bid = CAP - 5_000_000_000;
	assert_eq!(
		act(&scene.send(&scene.msg(Act::CounterPropose, 1_000, bid, 1), T0 + 500)),
		Act::Accept
	);
	scene.refused(&scene.agree(1_000, bid - 1, 2), T0 + 500, Refusal::NotNegotiatedTerms);
	// A second of silence after its last message, and the buyer's session is over.
	assert_eq!(scene.agent.energy_available(T0 + 1_499), 0);
	assert_eq!(scene.agent.energy_available(T0 + 1_500), 1_000);
	assert_eq!(scene.agent.live_sessions(T0 + 1_500), 0, "no negotiation open");
	let late = scene.agree(1_000, bid, 2).with_time(T0 + 1_500);
	assert_eq!(scene.send(&late, T0 + 1_500), Err(Refusal::OutOfTurn));
	// The other buyer now gets it.
	let now = T0 + 1_500;
	let proposal = scene.send(
		&scene.from(&other, Act::CallForProposals, 1_000, FLOOR, 1).with_signer(&other, now),
		now,
	);
	assert_eq!((act(&proposal), proposal.unwrap().body.energy_wh), (Act::Propose, 1_000));
	assert_eq!(scene.agent.agreements().len(), 0);
}

#[test]
fn a_seller_rejects_when_sold_out_when_rounds_run_out_and_when_full() {
	let mut scene = Scene::new(
		2_000,
		SellerConfig { max_rounds: 2, max_sessions: 1, ..SellerConfig::default() },
	);
	scene.send(&scene.msg(Act::CallForProposals, 1_000, FLOOR, 0), T0).unwrap();
	assert_eq!(
		act(&scene.send(&scene.msg(Act::CounterPropose, 1_000, FLOOR, 1), T0)),
		Act::CounterPropose
	);
	assert_eq!(
		act(&scene.send(&scene.msg(Act::CounterPropose, 1_000, FLOOR, 2), T0)),
		Act::Reject { reason: Refusal::RoundsExhausted }
	);
	let other = Party::named("other");
	scene.refused(
		&scene.from(&other, Act::CallForProposals, 1_000, FLOOR, 0),
		T0,
		Refusal::TooManySessions,
	);

	let mut scene = Scene::new(0, SellerConfig::default());
	assert_eq!(
		act(&scene.send(&scene.msg(Act::CallForProposals, 1_000, FLOOR, 0), T0)),
		Act::Reject { reason: Refusal::SoldOut }
	);
}

#[test]
fn a_buyer_that_withdraws_frees_what_was_held_for_it() {
	let mut scene = Scene::new(1_000, SellerConfig::default());
	scene.send(&scene.msg(Act::CallForProposals, 1_000, FLOOR, 0), T0).unwrap();
	scene.send(&scene.msg(Act::CounterPropose, 1_000, CAP, 1), T0).unwrap();
	assert_eq!(scene.agent.energy_available(T0), 0);
	assert_eq!(act(&scene.send(&scene.msg(Act::Withdraw, 1_000, CAP, 2), T0)), Act::Withdraw);
	assert_eq!(scene.agent.energy_available(T0), 1_000);
	scene.refused(&scene.agree(1_000, CAP, 3), T0, Refusal::OutOfTurn);
}

#[test]
fn in_the_closing_minutes_the_papers_seller_takes_any_bid_within_bounds() {
	let (seller, buyer) = (Party::named("seller"), Party::named("buyer"));
	let dir = directory([&seller, &buyer]);
	let at = WINDOW.closes_at - 5_000;
	let say = |act, price, round| {
		Body {
			version: VERSION,
			act,
			offer: 1,
			slot: 42,
			seller: seller.household,
			buyer: buyer.household,
			energy_wh: 1_000,
			price,
			round,
			timestamp_ms: at,
			sender: buyer.public(),
		}
		.sign(&GENESIS, &buyer.key)
		.unwrap()
	};
	for (name, expected) in [("linear", Act::CounterPropose), ("paper", Act::Accept)] {
		let plan: Plan = name.parse().unwrap();
		let mut agent = SellerAgent::new(
			GENESIS,
			offer(1, &seller, FLOOR, CAP, 1_000),
			WINDOW,
			plan,
			SellerConfig::default(),
		);
		agent.on_message(&say(Act::CallForProposals, FLOOR, 0), at, &dir, &seller.key).unwrap();
		// A bid a unit above the floor: the linear tactic still asks more this late.
		let reply = agent
			.on_message(&say(Act::CounterPropose, FLOOR + 1, 1), at, &dir, &seller.key)
			.unwrap();
		assert_eq!(reply.body.act, expected, "{name}");
	}
}

trait Resign {
	fn with_time(self, now: u64) -> Message;
	fn with_signer(self, who: &Party, now: u64) -> Message;
}

impl Resign for Message {
	fn with_time(self, now: u64) -> Message {
		let who = if self.body.sender == Party::named("buyer").public() {
			Party::named("buyer")
		} else {
			Party::named("other")
		};
		self.with_signer(&who, now)
	}
	fn with_signer(self, who: &Party, now: u64) -> Message {
		Body { timestamp_ms: now, ..self.body }.sign(&GENESIS, &who.key).unwrap()
	}
}

/// A buyer with one offer before it, and the seller's answers crafted by hand.
struct BuyerScene {
	seller: Party,
	buyer: Party,
	agent: BuyerAgent<Plan>,
	/// The buyer's messages so far.
	sent: Vec<Message>,
}

impl BuyerScene {
	fn new(need_wh: u64, offers: &[(u64, u128, u64)], config: BuyerConfig) -> BuyerScene {
		let (seller, buyer) = (Party::named("seller"), Party::named("buyer"));
		let offers = offers
			.iter()
			.map(|(id, floor, energy)| offer(*id, &seller, *floor, CAP, *energy))
			.collect();
		let mut agent =
			BuyerAgent::new(GENESIS, buyer.household, need_wh, WINDOW, linear(), config, offers);
		let sent = agent.start(T0, &buyer.key).into_iter().map(|o| o.message).collect();
		BuyerScene { seller, buyer, agent, sent }
	}

	/// The seller's answer on `offer`.
	fn reply(&self, offer: u64, act: Act, energy_wh: u64, price: u128, round: u32) -> Message {
		Body {
			version: VERSION,
			act,
			offer,
			slot: 42,
			seller: self.seller.household,
			buyer: self.buyer.household,
			energy_wh,
			price,
			round,
			timestamp_ms: T0,
			sender: self.seller.public(),
		}
		.sign(&GENESIS, &self.seller.key)
		.unwrap()
	}

	fn take(&mut self, message: &Message, now: u64) -> Result<Vec<Message>, Refusal> {
		let out = self.agent.on_reply(message, now, &self.buyer.key)?;
		let messages: Vec<Message> = out.into_iter().map(|o| o.message).collect();
		self.sent.extend(messages.iter().cloned());
		Ok(messages)
	}

	fn refused(&mut self, message: &Message, reason: Refusal) {
		let before = (self.agent.need_left(), self.agent.agreements().len(), self.agent.is_done());
		assert_eq!(self.take(message, T0), Err(reason), "{:?}", message.body);
		assert_eq!(
			(self.agent.need_left(), self.agent.agreements().len(), self.agent.is_done()),
			before
		);
	}
}

#[test]
fn a_buyer_calls_on_the_cheapest_offers_first_a_few_at_a_time() {
	let config = BuyerConfig { max_parallel: 2, ..BuyerConfig::default() };
	let scene = BuyerScene::new(
		1_000,
		&[(1, FLOOR * 2, 500), (2, FLOOR, 500), (3, FLOOR + 1, 5_000), (4, CAP + 1, 500)],
		config,
	);
	let called: Vec<(u64, u64, u128)> =
		scene.sent.iter().map(|m| (m.body.offer, m.body.energy_wh, m.body.price)).collect();
	assert_eq!(
		called,
		[(2, 500, FLOOR), (3, 500, FLOOR + 1)],
		"cheapest first, the need split between them, linear bids open at the floor"
	);
	assert!(scene
		.sent
		.iter()
		.all(|m| m.body.act == Act::CallForProposals && m.is_signed(&GENESIS)));
}

#[test]
fn a_buyer_agrees_to_an_ask_it_likes_and_records_the_sellers_confirmation() {
	let mut scene = BuyerScene::new(1_000, &[(1, FLOOR, 2_000)], BuyerConfig::default());
	// An ask at the floor is the best the buyer can get: it agrees at once.
	let [agree] = &scene.take(&scene.reply(1, Act::Propose, 1_000, FLOOR, 0), T0).unwrap()[..]
	else {
		panic!()
	};
	let Act::Agree { agreement_signature } = agree.body.act else { panic!("{:?}", agree.body.act) };
	assert!(verify(
		&scene.buyer.public(),
		&agree.body.agreement_payload(&GENESIS),
		&agreement_signature
	));
	assert_eq!(scene.agent.need_left(), 0, "an agreement sent counts at once");
	assert!(scene.agent.agreements().is_empty(), "but is known only once confirmed");
	// A confirmation signed for other terms is refused.
	let wrong = crate::Signer::sign(
		&scene.seller.key,
		&scene.reply(1, Act::Propose, 999, FLOOR, 1).body.agreement_payload(&GENESIS),
	)
	.unwrap();
	scene.refused(
		&scene.reply(1, Act::Agree { agreement_signature: wrong }, 1_000, FLOOR, 1),
		Refusal::BadAgreementSignature,
	);
	scene.refused(
		&scene.reply(1, Act::Agree { agreement_signature: wrong }, 999, FLOOR, 1),
		Refusal::NotNegotiatedTerms,
	);
	let seller_signature =
		crate::Signer::sign(&scene.seller.key, &agree.body.agreement_payload(&GENESIS)).unwrap();
	scene
		.take(
			&scene.reply(1, Act::Agree { agreement_signature: seller_signature }, 1_000, FLOOR, 1),
			T0,
		)
		.unwrap();
	let [agreement] = scene.agent.agreements() else { panic!() };
	assert_eq!(
		(agreement.energy_wh, agreement.price, agreement.buyer_signature),
		(1_000, FLOOR, agreement_signature)
	);
	assert!(scene.agent.is_done());
}

#[test]
fn a_buyer_counters_a_high_ask_and_agrees_to_an_accepted_bid() {
	let mut scene = BuyerScene::new(1_000, &[(1, FLOOR, 2_000)], BuyerConfig::default());
	let [bid] = &scene.take(&scene.reply(1, Act::Propose, 1_000, CAP, 0), T0).unwrap()[..] else {
		panic!()
	};
	assert_eq!(bid.body.act, Act::CounterPropose);
	assert!(
		FLOOR < bid.body.price && bid.body.price < CAP,
		"conceded one round: {}",
		bid.body.price
	);
	// Accepting another price than the bid, or more energy than asked, is refused.
	scene.refused(
		&scene.reply(1, Act::Accept, 1_000, bid.body.price + 1, 1),
		Refusal::NotNegotiatedTerms,
	);
	scene.refused(
		&scene.reply(1, Act::Accept, 1_001, bid.body.price, 1),
		Refusal::NotNegotiatedTerms,
	);
	let [agree] =
		&scene.take(&scene.reply(1, Act::Accept, 600, bid.body.price, 1), T0).unwrap()[..]
	else {
		panic!()
	};
	assert!(matches!(agree.body.act, Act::Agree { .. }));
	assert_eq!((agree.body.energy_wh, agree.body.price), (600, bid.body.price));
}

#[test]
fn a_buyer_refuses_forged_replayed_and_out_of_bounds_answers() {
	let mut scene = BuyerScene::new(1_000, &[(1, FLOOR, 2_000)], BuyerConfig::default());
	scene.refused(&scene.reply(2, Act::Propose, 1_000, CAP, 0), Refusal::UnknownOffer);
	let mut other_buyer = scene.reply(1, Act::Propose, 1_000, CAP, 0).body;
	other_buyer.buyer = [0; 32];
	scene.refused(&other_buyer.sign(&GENESIS, &scene.seller.key).unwrap(), Refusal::UnknownOffer);
	let mut other_slot = scene.reply(1, Act::Propose, 1_000, CAP, 0).body;
	other_slot.slot = 41;
	scene.refused(&other_slot.sign(&GENESIS, &scene.seller.key).unwrap(), Refusal::WrongSlot);
	let impostor = Party::named("other");
	let mut forged = scene.reply(1, Act::Propose, 1_000, CAP, 0).body;
	forged.sender = impostor.public();
	scene.refused(&forged.sign(&GENESIS, &impostor.key).unwrap(), Refusal::UnknownSender);
	let mut tampered = scene.reply(1, Act::Propose, 1_000, CAP, 0);
	tampered.body.price = FLOOR;
	scene.refused(&tampered, Refusal::BadSignature);
	scene.refused(&scene.reply(1, Act::Propose, 1_000, CAP + 1, 0), Refusal::PriceOutOfRange);
	scene.refused(&scene.reply(1, Act::Propose, 1_001, CAP, 0), Refusal::EnergyAboveAvailable);
	scene.refused(&scene.reply(1, Act::Propose, 0, CAP, 0), Refusal::NoEnergy);
	scene.refused(
		&scene.reply(1, Act::Agree { agreement_signature: [0; 64] }, 1_000, CAP, 0),
		Refusal::OutOfTurn,
	);
	scene.refused(&scene.reply(1, Act::CallForProposals, 1_000, CAP, 0), Refusal::OutOfTurn);
	let ask = scene.reply(1, Act::Propose, 1_000, CAP, 0);
	scene.take(&ask, T0).unwrap();
	scene.refused(&ask, Refusal::ReplayedRound);
}

#[test]
fn an_agree_the_seller_never_confirms_still_counts_against_the_need() {
	let config = BuyerConfig { reply_timeout_ms: 1_000, ..BuyerConfig::default() };
	let mut scene = BuyerScene::new(1_000, &[(1, FLOOR, 600), (2, FLOOR + 1, 2_000)], config);
	assert_eq!(
		scene.sent.iter().map(|m| (m.body.offer, m.body.energy_wh)).collect::<Vec<_>>(),
		[(1, 600), (2, 400)]
	);
	let [agree] = &scene.take(&scene.reply(1, Act::Propose, 600, FLOOR, 0), T0).unwrap()[..] else {
		panic!()
	};
	assert!(matches!(agree.body.act, Act::Agree { .. }));
	// Neither seller answers. Offer 2 is left; offer 1's seller holds the buyer's signature and
	// may still record it, so its 600 Wh stay counted.
	let out = scene.agent.on_tick(T0 + 1_000, &scene.buyer.key);
	assert_eq!(
		out.iter().map(|o| (o.offer, o.message.body.act)).collect::<Vec<_>>(),
		[(2, Act::Withdraw)]
	);
	assert_eq!(scene.agent.need_left(), 400);
	// A late confirmation still makes it an agreement.
	let seller_signature =
		crate::Signer::sign(&scene.seller.key, &agree.body.agreement_payload(&GENESIS)).unwrap();
	let confirm = Body {
		timestamp_ms: T0 + 2_000,
		..scene.reply(1, Act::Agree { agreement_signature: seller_signature }, 600, FLOOR, 1).body
	};
	scene
		.agent
		.on_reply(&confirm.sign(&GENESIS, &scene.seller.key).unwrap(), T0 + 2_000, &scene.buyer.key)
		.unwrap();
	assert_eq!(scene.agent.agreements().len(), 1);
	assert_eq!(scene.agent.need_left(), 400);
}

#[test]
fn a_refused_or_rejected_call_moves_the_buyer_to_the_next_offer() {
	let config = BuyerConfig { max_parallel: 1, ..BuyerConfig::default() };
	let mut scene = BuyerScene::new(
		1_000,
		&[(1, FLOOR, 2_000), (2, FLOOR + 1, 2_000), (3, FLOOR + 2, 2_000)],
		config,
	);
	let next = scene
		.take(&scene.reply(1, Act::Reject { reason: Refusal::SoldOut }, 1_000, FLOOR, 0), T0)
		.unwrap();
	assert_eq!(
		next.iter().map(|m| (m.body.offer, m.body.act)).collect::<Vec<_>>(),
		[(2, Act::CallForProposals)]
	);
	let next = scene.agent.on_refused(2, T0, &scene.buyer.key);
	assert_eq!(
		next.iter().map(|o| (o.offer, o.message.body.act)).collect::<Vec<_>>(),
		[(3, Act::CallForProposals)]
	);
}
