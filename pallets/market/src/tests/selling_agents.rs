//! The selling agents inside the node: the worker offers once per slot what the chain would
//! take, the inbox answers buyers' messages with the offer's agent kept in offchain storage and
//! refuses what it must without changing anything, and the worker records what was agreed in
//! the recording window only, once, and again only if the recording did not land.

use super::{agent_node::*, *};
use crate::{
	offchain::{SellerRun, MIN_OFFER_WH, RECORD_AFTER_MS, RESEND_AFTER_BLOCKS},
	Call as MarketCall, Offers, SellerOffers,
};
use codec::Decode;
use energy_negotiation::{
	Agreement, BuyerAgent, BuyerConfig, Key, Message, OfferTerms, Plan, Refusal, Window,
};
use energy_primitives::{AgentKind, AGENT_MAX_OFFER_STORAGE_KEY};
use frame_support::traits::UnfilteredDispatchable;
use sp_core::{
	offchain::{
		testing::{PoolState, TestTransactionPoolExt},
		Timestamp, TransactionPoolExt,
	},
	Pair,
};
use sp_runtime::generic::Preamble;
use std::sync::Arc;

type Pool = Arc<parking_lot::RwLock<PoolState>>;

/// The seller's node: its keystore holds the seller's negotiation key (`//Agent{n}`, what the
/// seller published), whose account the seller authorized as its agent; with offchain storage,
/// the host's clock and a transaction pool stood in for. The key, the offchain state and the
/// pool.
fn node() -> (sp_io::TestExternalities, Key, State, Pool) {
	let (mut ext, key, state) = agent_node(&seller());
	let (pool, pool_state) = TestTransactionPoolExt::new();
	ext.register_extension(TransactionPoolExt::new(pool));
	ext.execute_with(|| {
		assert_ok!(Market::authorize_agent(signed(&seller()), agent_account(&key)));
	});
	(ext, key, state, pool_state)
}

fn agent_account(key: &Key) -> AccountId {
	AccountId::from(*key)
}

/// Both clocks at `offset` ms into slot `slot`; the chain at block `block`.
fn at(state: &State, slot: SlotIndex, offset: u64) {
	go_to(slot, offset);
	state.write().timestamp = Timestamp::from_unix_millis(slot * SLOT_MILLIS + offset);
}

/// A sixth into the negotiation window: sellers offer.
const OFFERING: u64 = (SLOT_MILLIS - RECORDING_MILLIS) / 6;
/// Half way through the negotiation window: buyers negotiate.
const BUYING: u64 = (SLOT_MILLIS - RECORDING_MILLIS) / 2;
/// When the worker records.
const RECORDING: u64 = SLOT_MILLIS - RECORDING_MILLIS + RECORD_AFTER_MS;

fn run_seller(key: &Key) -> SellerRun {
	let block = System::block_number();
	match &Market::sell_for_keys(&[*key], block)[..] {
		[(k, run)] if k == key => run.clone(),
		other => panic!("one run of the agent, got {other:?}"),
	}
}

/// The transactions in the pool, with their signers.
fn sent(pool: &Pool) -> Vec<(AccountId, MarketCall<Test>)> {
	pool.read()
		.transactions
		.iter()
		.map(|tx| {
			let tx = Extrinsic::decode(&mut &tx[..]).unwrap();
			let Preamble::Signed(signer, ..) = tx.preamble else { panic!("unsigned transaction") };
			let RuntimeCall::Market(call) = tx.function else { panic!("not a market call") };
			(signer, call)
		})
		.collect()
}

/// Includes the pool's transactions in the chain, as a block would.
fn include(pool: &Pool) {
	for (signer, call) in sent(pool) {
		assert_ok!(call.dispatch_bypass_filter(signed(&signer)));
	}
	pool.write().transactions.clear();
	System::set_block_number(System::block_number() + 1);
}

/// The buyer's standalone agent for the offers on chain, needing `need` Wh.
fn buyer_agent(need: Energy) -> BuyerAgent<Plan> {
	let window = Window {
		opens_at: START * SLOT_MILLIS,
		closes_at: (START + 1) * SLOT_MILLIS - RECORDING_MILLIS,
	};
	let offers = Market::offers(DELIVERY)
		.iter()
		.map(|view| OfferTerms::from_view(view, bytes(&view.seller), IMPORT_PRICE))
		.collect();
	BuyerAgent::new(
		genesis(),
		bytes(&buyer()),
		need,
		window,
		Plan::PAPER,
		BuyerConfig::default(),
		offers,
	)
}

/// The buyer negotiates with the node's inbox at `now` until it has nothing more to say; its
/// agreements and the messages it sent.
fn negotiate(agent: &mut BuyerAgent<Plan>, now: u64) -> (Vec<Agreement>, u32) {
	let signer = agent_key(&buyer());
	let mut queue: std::collections::VecDeque<_> = agent.start(now, &signer).into();
	let mut sent = 0;
	while let Some(outgoing) = queue.pop_front() {
		sent += 1;
		assert!(sent < 200, "the negotiation ends");
		match Market::answer_agent_message(&outgoing.message, now) {
			Ok(answer) => queue.extend(agent.on_reply(&answer, now, &signer).unwrap()),
			Err(refusal) => panic!("the inbox refused {:?}: {refusal:?}", outgoing.message.body),
		}
	}
	(agent.agreements().to_vec(), sent)
}

#[test]
fn the_agent_offers_its_energy_beyond_its_forecast_need_once_per_slot() {
	let (mut ext, key, state, pool) = node();
	ext.execute_with(|| {
		// The seller's battery holds 6 kWh, and it imported 1 kWh in the slot before: that
		// much it keeps for itself. Its meter's reading of the slot that just ended is in: it
		// offers at once.
		report(&seller(), START - 1, 1_000, 0, 6_000);
		at(&state, START, 0);
		assert_eq!(run_seller(&key), SellerRun::Offered { energy_wh: 5_000, floor: FEED_IN_PRICE });
		assert_eq!(
			sent(&pool),
			vec![(
				agent_account(&key),
				MarketCall::make_offer { energy: 5_000, floor_price: FEED_IN_PRICE }
			)]
		);
		// Once per slot: neither the next run nor the next block offers again.
		assert_eq!(run_seller(&key), SellerRun::Idle);
		include(&pool);
		assert_eq!(SellerOffers::<Test>::get(DELIVERY, seller()), 1);
		at(&state, START, BUYING);
		assert_eq!(run_seller(&key), SellerRun::Idle);
		assert!(sent(&pool).is_empty());
		// The next slot, it offers again.
		at(&state, START + 1, 0);
		charge_more_in(START + 1);
		assert!(matches!(run_seller(&key), SellerRun::Offered { .. }));
	});
}

#[test]
fn the_node_may_limit_what_its_agents_offer_in_a_slot() {
	let (mut ext, key, state, pool) = node();
	ext.execute_with(|| {
		report(&seller(), START - 1, 0, 0, 6_000);
		at(&state, START, 0);
		let set = |value: &[u8]| {
			sp_io::offchain::local_storage_set(
				sp_core::offchain::StorageKind::PERSISTENT,
				AGENT_MAX_OFFER_STORAGE_KEY,
				value,
			)
		};
		// What is no number is no limit, not a halt.
		set(b"plenty");
		assert_eq!(max_offer(&key), 6_000);
		set(b"2000\n");
		assert_eq!(max_offer(&key), 2_000);
		assert_eq!(
			sent(&pool).last(),
			Some(&(
				agent_account(&key),
				MarketCall::make_offer { energy: 2_000, floor_price: FEED_IN_PRICE }
			))
		);
	});
}

/// What the agent offers now, forgetting that it offered (so it may offer again in a test).
fn max_offer(key: &Key) -> Energy {
	let run = run_seller(key);
	sp_io::offchain::local_storage_clear(
		sp_core::offchain::StorageKind::PERSISTENT,
		&[&b"energy::agent-seller::"[..], &key[..]].concat(),
	);
	let SellerRun::Offered { energy_wh, .. } = run else { panic!("no offer: {run:?}") };
	energy_wh
}

#[test]
fn without_its_meters_reading_the_agent_waits_a_sixth_of_the_window() {
	let (mut ext, key, state, pool) = node();
	ext.execute_with(|| {
		// The reading of the slot before the one that just ended minted its tokens; the last
		// one is not in.
		report(&seller(), START - 2, 0, 0, 6_000);
		at(&state, START, OFFERING - 1);
		assert_eq!(run_seller(&key), SellerRun::Idle);
		assert!(sent(&pool).is_empty());
		at(&state, START, OFFERING);
		assert_eq!(run_seller(&key), SellerRun::Offered { energy_wh: 6_000, floor: FEED_IN_PRICE });
	});
}

#[test]
fn an_agent_that_comes_in_after_the_buyers_read_the_offers_waits_for_the_next_slot() {
	let (mut ext, key, state, pool) = node();
	ext.execute_with(|| {
		// The key is inserted (or its household publishes it) just before negotiation closes:
		// an offer now would land after the close, refused, its fee lost; and the buyers chose
		// from the slot's offers long ago.
		report(&seller(), START - 1, 0, 0, 6_000);
		at(&state, START, SLOT_MILLIS - RECORDING_MILLIS - 1);
		assert_eq!(run_seller(&key), SellerRun::TooLate);
		// From the moment the buyers read the offers on.
		at(&state, START, (SLOT_MILLIS - RECORDING_MILLIS) * 2 / 5);
		assert_eq!(run_seller(&key), SellerRun::TooLate);
		assert!(sent(&pool).is_empty());
		assert_eq!(SellerOffers::<Test>::get(DELIVERY, seller()), 0);
		// The next slot, it offers.
		at(&state, START + 1, 0);
		charge_more_in(START + 1);
		assert!(matches!(run_seller(&key), SellerRun::Offered { .. }));
		assert_eq!(sent(&pool).len(), 1);
	});
}

/// The seller's battery gains 2 kWh by the end of the slot before `slot`.
fn charge_more_in(slot: SlotIndex) {
	report(&seller(), slot - 1, 0, 0, 8_000);
}

#[test]
fn the_agent_sends_no_offer_the_chain_would_refuse() {
	let (mut ext, key, state, pool) = node();
	ext.execute_with(|| {
		at(&state, START, OFFERING);
		// No energy tokens: nothing to sell.
		assert_eq!(run_seller(&key), SellerRun::NothingToSell { free_wh: 0, need_wh: 0 });
		// Not more than its own need by the smallest offer.
		report(&seller(), START - 1, 5_000 - MIN_OFFER_WH + 1, 0, 5_000);
		assert_eq!(
			run_seller(&key),
			SellerRun::NothingToSell { free_wh: 5_000, need_wh: 5_000 - MIN_OFFER_WH + 1 }
		);
		// Energy to sell, but no money for the collateral its offer needs.
		pallet_meter_readings::Readings::<Test>::mutate(seller(), START - 1, |reading| {
			reading.as_mut().unwrap().imported_wh = 0
		});
		let money = Balances::free_balance(seller());
		assert_ok!(Balances::transfer_allow_death(signed(&seller()), operator(), money - 1));
		assert_eq!(
			run_seller(&key),
			SellerRun::CannotOffer(Error::<Test>::SellerCannotCoverPenalty.into())
		);
		// No grid prices for the delivery slot: it waits.
		crate::SlotGridPrices::<Test>::remove(DELIVERY);
		assert_eq!(run_seller(&key), SellerRun::Idle);
		assert!(sent(&pool).is_empty());
		// The trial left the chain as it was.
		assert_eq!(SellerOffers::<Test>::get(DELIVERY, seller()), 0);
		assert_eq!(free_energy(&seller()), 5_000);
	});
}

#[test]
fn only_the_key_its_household_published_as_a_seller_sells() {
	let (mut ext, key, state, pool) = node();
	ext.execute_with(|| {
		charge_seller(5_000);
		at(&state, START, OFFERING);
		assert_eq!(Market::sell_for_keys(&[[99; 32]], 1), vec![([99; 32], SellerRun::NoHousehold)]);
		assert_ok!(Market::publish_info(
			signed(&seller()),
			AgentKind::Buyer,
			vec![],
			agent_key(&seller()).public()
		));
		assert_eq!(run_seller(&key), SellerRun::NotSelling);
		assert_ok!(Market::publish_info(
			signed(&seller()),
			AgentKind::Seller,
			vec![],
			agent_key(&buyer()).public()
		));
		assert_eq!(run_seller(&key), SellerRun::NotPublished);
		assert!(sent(&pool).is_empty());
	});
}

/// The seller's offer of 5 kWh for `DELIVERY`, made by its agent; its identifier.
fn offer_made(key: &Key) -> OfferId {
	charge_seller(5_000);
	let id = crate::NextOfferId::<Test>::get();
	assert_ok!(Market::make_offer(signed(&agent_account(key)), 5_000, FLOOR));
	id
}

const FLOOR: Balance = 100_000;

#[test]
fn the_inbox_negotiates_for_the_offer_and_the_agent_records_what_it_agreed() {
	let (mut ext, key, state, pool) = node();
	ext.execute_with(|| {
		let offer = offer_made(&key);
		at(&state, START, BUYING);
		let mut buyer_agent = buyer_agent(3_000);
		let (agreements, messages) = negotiate(&mut buyer_agent, now(BUYING));
		assert!(messages >= 2);
		let [agreement] = &agreements[..] else { panic!("one agreement: {agreements:?}") };
		assert_eq!((agreement.offer, agreement.energy_wh), (offer, 3_000));
		assert!((FLOOR..=IMPORT_PRICE).contains(&agreement.price));
		// Negotiation is not the worker's: it records nothing before the recording window, nor
		// in the window's first second (the inbox may still be answering).
		assert_eq!(run_seller(&key), SellerRun::Idle);
		at(&state, START, RECORDING - 1);
		assert_eq!(run_seller(&key), SellerRun::Idle);
		assert!(sent(&pool).is_empty());
		at(&state, START, RECORDING);
		assert_eq!(
			run_seller(&key),
			SellerRun::Recorded { offer, agreements: 1, energy_wh: 3_000 }
		);
		let [(signer, MarketCall::allow_transactions { offer: recorded, agreements: batch })] =
			&sent(&pool)[..]
		else {
			panic!("one recording")
		};
		assert_eq!((signer, *recorded, batch.len()), (&agent_account(&key), offer, 1));
		assert_eq!(
			(batch[0].buyer.clone(), batch[0].energy, batch[0].price),
			(buyer(), 3_000, agreement.price)
		);
		// What the chain records is what the buyer agreed.
		include(&pool);
		assert_eq!(slot_agreements(DELIVERY).len(), 1);
		assert_eq!(Offers::<Test>::get(offer).unwrap().remaining, 2_000);
		// Recorded: never again.
		for _ in 0..RESEND_AFTER_BLOCKS + 1 {
			assert_eq!(run_seller(&key), SellerRun::Idle);
			System::set_block_number(System::block_number() + 1);
		}
		assert!(sent(&pool).is_empty());
	});
}

#[test]
fn a_recording_that_did_not_land_is_sent_again() {
	let (mut ext, key, state, pool) = node();
	ext.execute_with(|| {
		let offer = recording_sent(&key, &state);
		// The transaction is lost (never included).
		pool.write().transactions.clear();
		for _ in 1..RESEND_AFTER_BLOCKS {
			System::set_block_number(System::block_number() + 1);
			assert_eq!(run_seller(&key), SellerRun::Idle);
		}
		System::set_block_number(System::block_number() + 1);
		assert_eq!(
			run_seller(&key),
			SellerRun::Recorded { offer, agreements: 1, energy_wh: 3_000 }
		);
		include(&pool);
		assert_eq!(slot_agreements(DELIVERY).len(), 1);
	});
}

/// The offer's agent as the node keeps it, if it does.
fn kept_agent(offer: OfferId) -> Option<Vec<u8>> {
	sp_io::offchain::local_storage_get(
		sp_core::offchain::StorageKind::PERSISTENT,
		&[&b"energy::agent-offer::"[..], &offer.to_le_bytes()[..]].concat(),
	)
}

/// The seller's agent offered, negotiated 3 kWh with the buyer and sent its recording; the
/// offer.
fn recording_sent(key: &Key, state: &State) -> OfferId {
	let offer = offer_made(key);
	at(state, START, BUYING);
	negotiate(&mut buyer_agent(3_000), now(BUYING));
	at(state, START, RECORDING);
	assert!(matches!(run_seller(key), SellerRun::Recorded { .. }));
	offer
}

fn now(offset: u64) -> u64 {
	START * SLOT_MILLIS + offset
}

/// A call for proposals of the buyer for `offer`, signed by `signer`.
fn call_for_proposals(offer: OfferId, signer: &sp_core::sr25519::Pair) -> Message {
	energy_negotiation::Body {
		version: energy_negotiation::ontology::VERSION,
		act: energy_negotiation::Act::CallForProposals,
		offer,
		slot: DELIVERY,
		seller: bytes(&seller()),
		buyer: bytes(&buyer()),
		energy_wh: 1_000,
		price: FLOOR,
		round: 0,
		timestamp_ms: now(BUYING),
		sender: signer.public().0,
	}
	.sign(&genesis(), signer)
	.unwrap()
}

#[test]
fn the_inbox_refuses_what_it_must_and_a_refused_message_changes_nothing() {
	let (mut ext, key, state, _) = node();
	ext.execute_with(|| {
		let offer = offer_made(&key);
		at(&state, START, BUYING);
		let stored = || kept_agent(offer);
		let honest = call_for_proposals(offer, &agent_key(&buyer()));
		// A message signed by a key that is not the buyer's published one.
		let forger = sp_core::sr25519::Pair::from_string("//Forger", None).unwrap();
		assert_eq!(
			Market::answer_agent_message(&call_for_proposals(offer, &forger), now(BUYING)),
			Err(Refusal::UnknownSender)
		);
		// The buyer's key, a signature of other bytes.
		let mut tampered = honest.clone();
		tampered.body.energy_wh += 1;
		assert_eq!(
			Market::answer_agent_message(&tampered, now(BUYING)),
			Err(Refusal::BadSignature)
		);
		// An offer nobody made, and an offer whose seller's key this node does not hold.
		assert_eq!(
			Market::answer_agent_message(
				&call_for_proposals(offer + 7, &agent_key(&buyer())),
				now(BUYING)
			),
			Err(Refusal::UnknownOffer)
		);
		charge_buyer_energy_and_offer();
		assert_eq!(
			Market::answer_agent_message(
				&call_for_proposals(offer + 1, &agent_key(&buyer())),
				now(BUYING)
			),
			Err(Refusal::UnknownOffer)
		);
		assert_eq!(stored(), None, "nothing kept for refused messages");
		// The honest message is answered and its agent kept; its replay is refused and the
		// agent kept stays as it was.
		assert_eq!(
			Market::answer_agent_message(&honest, now(BUYING)).unwrap().body.act,
			energy_negotiation::Act::Propose
		);
		let kept = stored().expect("the offer's agent is kept");
		assert_eq!(Market::answer_agent_message(&honest, now(BUYING)), Err(Refusal::ReplayedRound));
		assert_eq!(stored(), Some(kept));
		// Once negotiation is over, nothing is answered.
		at(&state, START, SLOT_MILLIS - RECORDING_MILLIS);
		assert_eq!(
			Market::answer_agent_message(&honest, now(SLOT_MILLIS - RECORDING_MILLIS)),
			Err(Refusal::NegotiationClosed)
		);
	});
}

/// The other buyer offers energy too: an offer whose agent is not in the seller's node.
fn charge_buyer_energy_and_offer() {
	report(&other_buyer(), START - 1, 0, 0, 2_000);
	assert_ok!(Market::make_offer(signed(&other_buyer()), 1_000, FLOOR));
}

#[test]
fn a_new_slot_forgets_the_last_slots_offer_agents() {
	let (mut ext, key, state, pool) = node();
	ext.execute_with(|| {
		let offer = recording_sent(&key, &state);
		include(&pool);
		assert!(kept_agent(offer).is_some());
		at(&state, START + 1, 0);
		run_seller(&key);
		assert_eq!(kept_agent(offer), None);
	});
}
