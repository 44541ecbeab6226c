//! The buying agents of the offchain worker: when they negotiate, for whom, with what need,
//! once per slot, within their budget, and that what they agree the chain records.

use super::{agent_node::*, *};
use crate::{
	offchain::{
		BuyerRun, HttpTransport, Transport, MAX_AGENTS_PER_NODE, MAX_MESSAGES_PER_AGENT,
		RUN_BUDGET_MS,
	},
	AgentInfo, Agents, SignedTerms,
};
use energy_negotiation::{
	wire::{request, Reply},
	Household, Key, Message, OfferTerms, Plan, Refusal, SellerAgent, SellerConfig, Window,
};
use energy_primitives::{AgentKind, AGENT_STRATEGY_STORAGE_KEY};
use frame_support::BoundedVec;
use sp_core::{
	offchain::{testing::PendingRequest, StorageKind, Timestamp},
	sr25519, Pair,
};
use sp_runtime::offchain::storage_lock::{StorageLock, Time};
use std::{collections::BTreeMap, str::FromStr};

/// A node whose keystore holds the buyer's agent key, with the host's HTTP and offchain
/// storage stood in for; the key and the offchain state.
fn node() -> (sp_io::TestExternalities, Key, State) {
	agent_node(&buyer())
}

/// Both clocks, the chain's and the worker's, at `offset` ms into slot `START`.
fn at(state: &State, offset: u64) {
	go_to(START, offset);
	state.write().timestamp = Timestamp::from_unix_millis(START * SLOT_MILLIS + offset);
}

/// Half way through the negotiation window: buyers negotiate.
const BUYING: u64 = (SLOT_MILLIS - RECORDING_MILLIS) / 2;

/// The account of the buyer's agent key, authorized by the buyer.
fn authorize_buyers_agent(key: &Key) -> AccountId {
	let agent = AccountId::from(*key);
	assert_ok!(Market::authorize_agent(signed(&buyer()), agent.clone()));
	agent
}

/// The chain as the agent finds it: the seller holds `offers` for `DELIVERY`, the buyer
/// imported `import` Wh in the slot before `START` and authorized its agent; returns the offers.
fn market(key: &Key, offers: &[(Energy, Balance)], import: Energy) -> Vec<OfferId> {
	charge_seller(10_000);
	let ids = offers
		.iter()
		.map(|&(energy, floor)| {
			let id = crate::NextOfferId::<Test>::get();
			assert_ok!(Market::make_offer(signed(&seller()), energy, floor));
			id
		})
		.collect();
	if import > 0 {
		report(&buyer(), START - 1, import, 0, 0);
	}
	authorize_buyers_agent(key);
	ids
}

/// The sellers' agents, answering in memory with the negotiation core, as a standalone agent
/// does over HTTP; offers listed in `hostile` answer with `Hostile`'s reply instead.
struct Sellers {
	seats: BTreeMap<OfferId, (SellerAgent<Plan>, sr25519::Pair)>,
	directory: BTreeMap<Household, Key>,
	hostile: BTreeMap<OfferId, Hostile>,
	now: u64,
	sent: u32,
	/// Moves the worker's clock this far at every message.
	each_message_takes: Option<(State, u64)>,
}

#[derive(Clone, Copy)]
enum Hostile {
	Garbage,
	Refuses,
	/// Holds the connection for the run's whole budget, then says nothing.
	Tarpit,
	/// Answers with the honest agent's reply, re-signed by a key that is not the seller's.
	ForgesTheSeller,
}

impl Sellers {
	fn new(now: u64) -> Self {
		let window = Window {
			opens_at: START * SLOT_MILLIS,
			closes_at: (START + 1) * SLOT_MILLIS - RECORDING_MILLIS,
		};
		let seats = Market::offers(DELIVERY)
			.into_iter()
			.map(|view| {
				let terms = OfferTerms::from_view(&view, bytes(&view.seller), IMPORT_PRICE);
				let agent = SellerAgent::new(
					genesis(),
					terms,
					window,
					Plan::PAPER,
					SellerConfig::default(),
				);
				(view.id, (agent, agent_key(&view.seller)))
			})
			.collect();
		let directory = [(bytes(&buyer()), agent_key(&buyer()).public().0)].into();
		Sellers {
			seats,
			directory,
			hostile: BTreeMap::new(),
			now,
			sent: 0,
			each_message_takes: None,
		}
	}

	fn agreements(&self, offer: OfferId) -> Vec<energy_negotiation::Agreement> {
		self.seats[&offer].0.agreements().to_vec()
	}
}

impl Transport for Sellers {
	fn send(&mut self, to: &[u8], message: &Message, _run_ends: Timestamp) -> Reply {
		self.sent += 1;
		if let Some((state, millis)) = &self.each_message_takes {
			let mut state = state.write();
			state.timestamp =
				state.timestamp.add(sp_core::offchain::Duration::from_millis(*millis));
		}
		assert_eq!(to, &endpoint(&seller())[..], "sent to the seller's published endpoint");
		let offer = message.body.offer;
		let Some((agent, key)) = self.seats.get_mut(&offer) else {
			return Reply::Refused(Refusal::UnknownOffer);
		};
		match self.hostile.get(&offer) {
			Some(Hostile::Garbage) => {
				return Reply::Silent("an answer that is not JSON-RPC".into())
			}
			Some(Hostile::Refuses) => return Reply::Refused(Refusal::OutOfTurn),
			Some(Hostile::Tarpit) => {
				let clock = self.each_message_takes.as_ref().expect("a tarpit needs the clock");
				let mut state = clock.0.write();
				state.timestamp =
					state.timestamp.add(sp_core::offchain::Duration::from_millis(RUN_BUDGET_MS));
				return Reply::Silent("the seller did not answer in time".into());
			}
			_ => {}
		}
		match agent.on_message(message, self.now, &self.directory, key) {
			Ok(answer) => match self.hostile.get(&offer) {
				Some(Hostile::ForgesTheSeller) => {
					let forger = sr25519::Pair::from_string("//Forger", None).unwrap();
					let body =
						energy_negotiation::Body { sender: forger.public().0, ..answer.body };
					Reply::Answer(body.sign(&genesis(), &forger).unwrap())
				}
				_ => Reply::Answer(answer),
			},
			Err(refusal) => Reply::Refused(refusal),
		}
	}
}

/// The one agent's run, which must have negotiated: its need, agreements and messages.
fn negotiated(runs: Vec<(Key, BuyerRun)>) -> (Energy, Vec<energy_negotiation::Agreement>, u32) {
	match &runs[..] {
		[(_, BuyerRun::Negotiated { need_wh, agreements, messages })] => {
			(*need_wh, agreements.clone(), *messages)
		}
		other => panic!("expected one negotiation, got {other:?}"),
	}
}

fn now_in_slot(offset: u64) -> u64 {
	START * SLOT_MILLIS + offset
}

#[test]
fn the_agent_buys_its_forecast_need_and_the_chain_records_what_it_signed() {
	let (mut ext, key, state) = node();
	ext.execute_with(|| {
		let offer = market(&key, &[(5_000, FLOOR)], 3_000)[0];
		at(&state, BUYING);
		let mut sellers = Sellers::new(now_in_slot(BUYING));
		let (need, agreements, messages) =
			negotiated(Market::buy_for_keys(vec![key], &mut sellers));
		assert_eq!(need, 3_000);
		assert_eq!(messages, sellers.sent);
		let [agreement] = &agreements[..] else { panic!("one agreement: {agreements:?}") };
		assert_eq!(
			(agreement.offer, agreement.buyer, agreement.energy_wh),
			(offer, bytes(&buyer()), 3_000)
		);
		assert!((FLOOR..=IMPORT_PRICE).contains(&agreement.price), "{}", agreement.price);
		// The seller's agent holds the same agreement, and the chain takes the buyer's
		// signature, made by the node's keystore.
		assert_eq!(sellers.agreements(offer), agreements);
		record_in(START);
		let terms = SignedTerms {
			buyer: buyer(),
			energy: agreement.energy_wh,
			price: agreement.price,
			signature: sr25519::Signature::from_raw(agreement.buyer_signature),
		};
		let batch: BoundedVec<_, _> = vec![terms].try_into().unwrap();
		assert_ok!(Market::allow_transactions(signed(&seller()), offer, batch));
		assert_eq!(slot_agreements(DELIVERY).len(), 1);
	});
}

#[test]
fn the_agent_negotiates_once_per_slot() {
	let (mut ext, key, state) = node();
	ext.execute_with(|| {
		market(&key, &[(5_000, FLOOR)], 3_000);
		at(&state, BUYING);
		let mut sellers = Sellers::new(now_in_slot(BUYING));
		negotiated(Market::buy_for_keys(vec![key], &mut sellers));
		let sent = sellers.sent;
		at(&state, BUYING + 6_000);
		assert_eq!(
			Market::buy_for_keys(vec![key], &mut sellers),
			vec![(key, BuyerRun::AlreadyNegotiated)]
		);
		assert_eq!(sellers.sent, sent, "nothing more sent");
	});
}

#[test]
fn buyers_wait_for_the_offers_and_stop_when_recording_starts() {
	let (mut ext, key, state) = node();
	ext.execute_with(|| {
		market(&key, &[(5_000, FLOOR)], 3_000);
		let mut sellers = Sellers::new(now_in_slot(0));
		// The first two fifths of the window are the sellers' to offer in.
		for offset in [0, 6_000, 17_999] {
			at(&state, offset);
			assert_eq!(Market::buy_for_keys(vec![key], &mut sellers), vec![]);
		}
		for offset in [SLOT_MILLIS - RECORDING_MILLIS, SLOT_MILLIS - 1] {
			at(&state, offset);
			assert_eq!(Market::buy_for_keys(vec![key], &mut sellers), vec![]);
		}
		assert_eq!(sellers.sent, 0);
		// From two fifths on, it buys.
		at(&state, 18_000);
		sellers.now = now_in_slot(18_000);
		negotiated(Market::buy_for_keys(vec![key], &mut sellers));
	});
}

#[test]
fn no_grid_prices_for_the_delivery_slot_no_negotiation() {
	let (mut ext, key, state) = node();
	ext.execute_with(|| {
		market(&key, &[(5_000, FLOOR)], 3_000);
		crate::SlotGridPrices::<Test>::remove(DELIVERY);
		at(&state, BUYING);
		let mut sellers = Sellers::new(now_in_slot(BUYING));
		assert_eq!(Market::buy_for_keys(vec![key], &mut sellers), vec![]);
		assert_eq!(sellers.sent, 0);
	});
}

#[test]
fn only_the_key_its_household_published_buys() {
	let (mut ext, key, state) = node();
	ext.execute_with(|| {
		market(&key, &[(5_000, FLOOR)], 3_000);
		at(&state, BUYING);
		let mut sellers = Sellers::new(now_in_slot(BUYING));
		// A key nobody authorized: no household.
		let stranger = [99; 32];
		assert_eq!(
			Market::buy_for_keys(vec![stranger], &mut sellers),
			vec![(stranger, BuyerRun::NoHousehold)]
		);
		// The household published another negotiation key: the sellers would refuse this one.
		let other = agent_key(&other_buyer()).public();
		assert_ok!(Market::publish_info(signed(&buyer()), AgentKind::Both, vec![], other));
		assert_eq!(
			Market::buy_for_keys(vec![key], &mut sellers),
			vec![(key, BuyerRun::NotPublished)]
		);
		// It published this key, as a seller only.
		assert_ok!(Market::publish_info(
			signed(&buyer()),
			AgentKind::Seller,
			vec![],
			sr25519::Public::from_raw(key)
		));
		assert_eq!(Market::buy_for_keys(vec![key], &mut sellers), vec![(key, BuyerRun::NotBuying)]);
		// Its agent is revoked: what it published goes, and the key is nobody's.
		assert_ok!(Market::revoke_agent(signed(&buyer())));
		assert_eq!(
			Market::buy_for_keys(vec![key], &mut sellers),
			vec![(key, BuyerRun::NoHousehold)]
		);
		assert_eq!(sellers.sent, 0);
	});
}

#[test]
fn the_household_itself_may_hold_the_key() {
	let (mut ext, _, state) = node();
	ext.execute_with(|| {
		// The buyer's own account key: a keystore holding it buys for the buyer.
		let own = bytes(&buyer());
		Agents::<Test>::insert(
			buyer(),
			AgentInfo {
				kind: AgentKind::Buyer,
				endpoint: Default::default(),
				negotiation_key: sr25519::Public::from_raw(own),
			},
		);
		report(&buyer(), START - 1, 1_000, 0, 0);
		at(&state, BUYING);
		let mut sellers = Sellers::new(now_in_slot(BUYING));
		// No offers: it negotiated with nobody, but it is the household's agent.
		assert_eq!(
			Market::buy_for_keys(vec![own], &mut sellers),
			vec![(own, BuyerRun::Negotiated { need_wh: 1_000, agreements: vec![], messages: 0 })]
		);
	});
}

#[test]
fn a_household_forecast_to_import_nothing_buys_nothing() {
	let (mut ext, key, state) = node();
	ext.execute_with(|| {
		market(&key, &[(5_000, FLOOR)], 0);
		at(&state, BUYING);
		let mut sellers = Sellers::new(now_in_slot(BUYING));
		assert_eq!(Market::buy_for_keys(vec![key], &mut sellers), vec![(key, BuyerRun::NoNeed)]);
		// A reading that imported nothing is no need either.
		report(&buyer(), START - 1, 0, 500, 0);
		assert_eq!(Market::buy_for_keys(vec![key], &mut sellers), vec![(key, BuyerRun::NoNeed)]);
		assert_eq!(sellers.sent, 0);
	});
}

#[test]
fn the_forecast_is_the_same_slot_a_day_earlier_or_else_the_last_one() {
	run(|| {
		assert_eq!(Market::forecast_import(&buyer(), DELIVERY), 0);
		// Less than a day of readings: the last ended slot's.
		report(&other_buyer(), DELIVERY - 2, 700, 0, 0);
		assert_eq!(Market::forecast_import(&other_buyer(), DELIVERY), 700);
		// The same slot a day earlier, when there is one.
		report(&buyer(), DELIVERY - 24, 1_200, 0, 0);
		report(&buyer(), DELIVERY - 2, 700, 0, 0);
		assert_eq!(Market::forecast_import(&buyer(), DELIVERY), 1_200);
		// Slots before the chain's first have no day before.
		assert_eq!(Market::forecast_import(&buyer(), 1), 0);
	});
}

#[test]
fn hostile_sellers_cost_the_buyer_nothing_and_it_buys_from_the_honest_one() {
	for hostile in [Hostile::Garbage, Hostile::Refuses, Hostile::ForgesTheSeller] {
		let (mut ext, key, state) = node();
		ext.execute_with(|| {
			// The cheaper offer, tried first, is the hostile one.
			let offers = market(&key, &[(5_000, FLOOR), (5_000, FLOOR + 1)], 3_000);
			at(&state, BUYING);
			let mut sellers = Sellers::new(now_in_slot(BUYING));
			sellers.hostile.insert(offers[0], hostile);
			let (_, agreements, messages) =
				negotiated(Market::buy_for_keys(vec![key], &mut sellers));
			assert!(messages <= MAX_MESSAGES_PER_AGENT);
			assert_eq!(agreements.len(), 1);
			assert_eq!((agreements[0].offer, agreements[0].energy_wh), (offers[1], 3_000));
			assert_eq!(sellers.agreements(offers[0]), vec![]);
		});
	}
}

#[test]
fn a_run_keeps_to_its_time_budget() {
	let (mut ext, key, state) = node();
	ext.execute_with(|| {
		market(&key, &[(5_000, FLOOR)], 3_000);
		at(&state, BUYING);
		let mut sellers = Sellers::new(now_in_slot(BUYING));
		// The seller takes longer than the run's budget to answer: the first message is the
		// last of the run, though a deal takes at least two.
		sellers.each_message_takes = Some((state.clone(), RUN_BUDGET_MS));
		assert_eq!(
			Market::buy_for_keys(vec![key], &mut sellers),
			vec![(key, BuyerRun::Continuing { messages: 1 })]
		);
		assert_eq!(sellers.sent, 1);
	});
}

#[test]
fn a_seller_that_stalls_costs_the_buyer_a_block_not_its_slot() {
	let (mut ext, key, state) = node();
	ext.execute_with(|| {
		// The cheaper offer, tried first, is a tarpit: it holds the run's whole budget.
		let offers = market(&key, &[(5_000, FLOOR), (5_000, FLOOR + 1)], 3_000);
		at(&state, BUYING);
		let mut sellers = Sellers::new(now_in_slot(BUYING));
		sellers.hostile.insert(offers[0], Hostile::Tarpit);
		sellers.each_message_takes = Some((state.clone(), 0));
		assert_eq!(
			Market::buy_for_keys(vec![key], &mut sellers),
			vec![(key, BuyerRun::Continuing { messages: 1 })]
		);
		// At the next block the agent goes on where it stopped, with the next best offer, and
		// buys; it does not start over.
		at(&state, BUYING + 6_000);
		sellers.now = now_in_slot(BUYING + 6_000);
		let (need, agreements, messages) =
			negotiated(Market::buy_for_keys(vec![key], &mut sellers));
		assert_eq!(need, 3_000);
		assert_eq!(messages, sellers.sent, "messages count across runs");
		assert_eq!(agreements.len(), 1);
		assert_eq!((agreements[0].offer, agreements[0].energy_wh), (offers[1], 3_000));
		assert_eq!(sellers.agreements(offers[1]), agreements);
		// Then it is done for the slot.
		at(&state, BUYING + 12_000);
		assert_eq!(
			Market::buy_for_keys(vec![key], &mut sellers),
			vec![(key, BuyerRun::AlreadyNegotiated)]
		);
	});
}

#[test]
fn overlapping_runs_do_not_speak_for_the_same_agent() {
	let (mut ext, key, state) = node();
	ext.execute_with(|| {
		market(&key, &[(5_000, FLOOR)], 3_000);
		at(&state, BUYING);
		// A run of the previous block still holds the agent.
		let lock_key = [&b"energy::agent-buyer-lock::"[..], &key].concat();
		let mut lock = StorageLock::<Time>::with_deadline(
			&lock_key,
			sp_core::offchain::Duration::from_millis(RUN_BUDGET_MS),
		);
		let guard = lock.try_lock().expect("the lock is free");
		let mut sellers = Sellers::new(now_in_slot(BUYING));
		assert_eq!(Market::buy_for_keys(vec![key], &mut sellers), vec![(key, BuyerRun::Busy)]);
		assert_eq!(sellers.sent, 0);
		drop(guard);
		negotiated(Market::buy_for_keys(vec![key], &mut sellers));
	});
}

#[test]
fn a_node_runs_at_most_its_share_of_agents() {
	let (mut ext, _, state) = node();
	ext.execute_with(|| {
		at(&state, BUYING);
		let keys: Vec<Key> = (0..MAX_AGENTS_PER_NODE as u8 + 6).map(|n| [n; 32]).collect();
		let runs = Market::buy_for_keys(keys, &mut Sellers::new(now_in_slot(BUYING)));
		assert_eq!(runs.len(), MAX_AGENTS_PER_NODE);
		// In key order, so the same agents run at every block.
		assert_eq!(runs[0].0, [0; 32]);
	});
}

#[test]
fn the_strategy_comes_from_the_nodes_offchain_storage() {
	let (mut ext, _, _) = node();
	ext.execute_with(|| {
		assert_eq!(Market::agent_plan(), Plan::PAPER);
		let set = |name: &str| {
			sp_io::offchain::local_storage_set(
				StorageKind::PERSISTENT,
				AGENT_STRATEGY_STORAGE_KEY,
				name.as_bytes(),
			)
		};
		set("boulware");
		assert_eq!(Market::agent_plan(), Plan::from_str("boulware").unwrap());
		set("tit-for-tat\n");
		assert_eq!(Market::agent_plan(), Plan::from_str("tit-for-tat").unwrap());
		// A name it does not know: the default, not a halt.
		set("greedy");
		assert_eq!(Market::agent_plan(), Plan::PAPER);
	});
}

/// A message of the buyer to the seller, signed by the buyer's agent key.
fn a_message() -> Message {
	energy_negotiation::Body {
		version: energy_negotiation::ontology::VERSION,
		act: energy_negotiation::Act::CallForProposals,
		offer: 0,
		slot: DELIVERY,
		seller: bytes(&seller()),
		buyer: bytes(&buyer()),
		energy_wh: 1_000,
		price: IMPORT_PRICE,
		round: 0,
		timestamp_ms: now_in_slot(BUYING),
		sender: agent_key(&buyer()).public().0,
	}
	.sign(&genesis(), &agent_key(&buyer()))
	.unwrap()
}

fn expect_post(state: &State, url: &str, message: &Message, response: &[u8]) {
	state.write().expect_request(PendingRequest {
		method: "POST".into(),
		uri: url.into(),
		headers: vec![("Content-Type".into(), "application/json".into())],
		body: request(message, 1),
		response: Some(response.to_vec()),
		sent: true,
		..Default::default()
	});
}

#[test]
fn over_http_a_message_is_one_json_rpc_call_and_its_answer_is_read() {
	let (mut ext, _, state) = node();
	ext.execute_with(|| {
		let message = a_message();
		let url = "http://127.0.0.1:8790";
		let ends = Timestamp::from_unix_millis(u64::MAX);
		let answer = format!(
			r#"{{"jsonrpc":"2.0","id":1,"result":{}}}"#,
			String::from_utf8(message.to_json()).unwrap()
		);
		expect_post(&state, url, &message, answer.as_bytes());
		assert_eq!(
			HttpTransport::default().send(url.as_bytes(), &message, ends),
			Reply::Answer(message.clone())
		);
		let refused =
			r#"{"jsonrpc":"2.0","id":1,"error":{"code":4000,"message":"m","data":"soldOut"}}"#;
		expect_post(&state, url, &message, refused.as_bytes());
		assert_eq!(
			HttpTransport::default().send(url.as_bytes(), &message, ends),
			Reply::Refused(Refusal::SoldOut)
		);
		// An answer longer than any envelope is cut short and counts as silence.
		let long = vec![b' '; energy_negotiation::wire::MAX_ENVELOPE_BYTES + 1];
		expect_post(&state, url, &message, &long);
		assert!(matches!(
			HttpTransport::default().send(url.as_bytes(), &message, ends),
			Reply::Silent(why) if why.contains("too long")
		));
	});
}

#[test]
fn an_endpoint_that_is_no_http_url_is_not_called() {
	let (mut ext, _, _) = node();
	ext.execute_with(|| {
		let ends = Timestamp::from_unix_millis(u64::MAX);
		for endpoint in [&b""[..], b"ws://127.0.0.1:9944", b"\xff\xfe", b"file:///etc/passwd"] {
			// The stand-in HTTP panics at a request it does not expect: none is made.
			assert!(matches!(
				HttpTransport::default().send(endpoint, &a_message(), ends),
				Reply::Silent(_)
			));
		}
	});
}
