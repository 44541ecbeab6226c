//! Agents kept in SCALE between messages, as an offchain worker keeps them in the node's storage
//! between blocks: a negotiation whose agents are encoded and decoded before every message they
//! take ends exactly as one whose agents stay in memory, and bytes that are no agent are refused.

use alloc::{collections::VecDeque, string::String, vec, vec::Vec};
use codec::{Decode, Encode};
use proptest::prelude::*;

use super::{directory, offer, Party, CAP, FLOOR, GENESIS, WINDOW};
use crate::{
	strategy::{Tactic, TimeDependent},
	Act, BuyerAgent, BuyerConfig, Plan, SellerAgent, SellerConfig,
};

/// `agent` after a trip through its SCALE encoding.
fn reloaded<A: Encode + Decode>(agent: &A) -> A {
	A::decode(&mut &agent.encode()[..]).expect("an agent decodes from its own encoding")
}

fn act_name(act: &Act) -> &'static str {
	match act {
		Act::CallForProposals => "call",
		Act::Propose => "propose",
		Act::CounterPropose => "counter",
		Act::Accept => "accept",
		Act::Reject { .. } => "reject",
		Act::Withdraw => "withdraw",
		Act::Agree { .. } => "agree",
	}
}

/// One seller with `offered` Wh and buyers each needing its share of `needs`, all with `plan`,
/// negotiating one message every `step_ms` until nothing is left to say; with `reload`, each
/// agent goes through SCALE before every message it takes. What the seller agreed (buyer,
/// energy, price), and every message's sender and act in order. (Signatures are randomised, so
/// the messages themselves differ between runs; what they say does not.)
fn negotiate(
	plan: Plan,
	offered: u64,
	needs: &[u64],
	step_ms: u64,
	reload: bool,
) -> (Vec<([u8; 32], u64, u128)>, Vec<(usize, &'static str)>) {
	let seller = Party::named("seller");
	let buyers: Vec<Party> =
		(0..needs.len()).map(|i| Party::named(&alloc::format!("buyer{i}"))).collect();
	let terms = offer(1, &seller, FLOOR, CAP, offered);
	let mut seller_agent =
		SellerAgent::new(GENESIS, terms.clone(), WINDOW, plan, SellerConfig::default());
	let mut buyer_agents: Vec<BuyerAgent<Plan>> = buyers
		.iter()
		.zip(needs)
		.map(|(b, need)| {
			BuyerAgent::new(
				GENESIS,
				b.household,
				*need,
				WINDOW,
				plan,
				BuyerConfig::default(),
				vec![terms.clone()],
			)
		})
		.collect();
	let keys = directory(&buyers);
	let mut now = WINDOW.opens_at;
	let mut queue = VecDeque::new();
	for (i, agent) in buyer_agents.iter_mut().enumerate() {
		queue.extend(agent.start(now, &buyers[i].key).into_iter().map(|o| (i, o.message)));
	}
	let mut said = Vec::new();
	while let Some((i, message)) = queue.pop_front() {
		now += step_ms;
		said.push((i, act_name(&message.body.act)));
		if reload {
			seller_agent = reloaded(&seller_agent);
		}
		let Ok(answer) = seller_agent.on_message(&message, now, &keys, &seller.key) else {
			continue;
		};
		said.push((usize::MAX, act_name(&answer.body.act)));
		if reload {
			buyer_agents[i] = reloaded(&buyer_agents[i]);
		}
		if let Ok(next) = buyer_agents[i].on_reply(&answer, now, &buyers[i].key) {
			queue.extend(next.into_iter().map(|o| (i, o.message)));
		}
	}
	let agreed =
		seller_agent.agreements().iter().map(|a| (a.buyer, a.energy_wh, a.price)).collect();
	(agreed, said)
}

#[test]
fn agents_kept_in_scale_negotiate_as_agents_kept_in_memory() {
	for name in Plan::NAMES {
		let plan: Plan = name.parse().unwrap();
		let in_memory = negotiate(plan, 3_000, &[2_000, 2_000], 900, false);
		let reloaded = negotiate(plan, 3_000, &[2_000, 2_000], 900, true);
		assert!(!in_memory.0.is_empty(), "{name}: the negotiation agrees");
		assert_eq!(in_memory, reloaded, "{name}");
	}
}

proptest! {
	#[test]
	fn any_negotiation_survives_its_agents_being_kept_in_scale(
		strategy in 0..Plan::NAMES.len(),
		offered in 1u64..10_000,
		needs in proptest::collection::vec(1u64..5_000, 1..4),
		step_ms in 1u64..3_000,
	) {
		let plan: Plan = Plan::NAMES[strategy].parse().unwrap();
		prop_assert_eq!(
			negotiate(plan, offered, &needs, step_ms, false),
			negotiate(plan, offered, &needs, step_ms, true)
		);
	}

	#[test]
	fn bytes_that_are_no_agent_are_refused_not_panicked_on(
		bytes in proptest::collection::vec(any::<u8>(), 0..400),
	) {
		let _ = SellerAgent::<Plan>::decode(&mut &bytes[..]);
		let _ = BuyerAgent::<Plan>::decode(&mut &bytes[..]);
	}
}

#[test]
fn a_strategy_with_a_parameter_that_is_not_a_number_does_not_decode() {
	for plan in Plan::NAMES.map(|name| name.parse::<Plan>().unwrap()) {
		assert_eq!(reloaded(&plan), plan);
	}
	let bad = [f64::NAN, f64::INFINITY, f64::NEG_INFINITY];
	for value in bad {
		let tactic = Tactic::TimeDependent(TimeDependent { beta: value, k: 0.0 });
		let plan = Plan { tactic, closing_share: 0.0 };
		assert!(Plan::decode(&mut &plan.encode()[..]).is_err(), "beta {value}");
		let plan = Plan { closing_share: value, ..Plan::PAPER };
		assert!(Plan::decode(&mut &plan.encode()[..]).is_err(), "closing share {value}");
	}
	// A truncated agent is refused too.
	let agent = SellerAgent::new(
		GENESIS,
		offer(1, &Party::named("seller"), FLOOR, CAP, 1_000),
		WINDOW,
		Plan::PAPER,
		SellerConfig::default(),
	);
	let bytes = agent.encode();
	let error: Option<String> = SellerAgent::<Plan>::decode(&mut &bytes[..bytes.len() - 1])
		.err()
		.map(|e| alloc::format!("{e}"));
	assert!(error.is_some());
}
