//! A market's negotiations run in memory: every buyer's messages reach the sellers through a
//! simulated network with a fixed latency, event by event in time order, and the answers come
//! back the same way. No I/O and no clock: the window's times are the simulation's, so a whole
//! slot's negotiations run in milliseconds and repeat exactly. The property tests drive markets
//! through it, and the micro-grid simulator compares strategies with it.

use alloc::{
	collections::{BTreeMap, BTreeSet, BinaryHeap},
	vec::Vec,
};
use core::cmp::Reverse;
use energy_primitives::OfferId;

use crate::{
	Act, BuyerAgent, Directory, Message, Outgoing, Refusal, SellerAgent, Signer, Strategy, Window,
};

/// How the simulated network behaves.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Network {
	/// One-way delay of every message, in ms.
	pub latency_ms: u64,
	/// How often buyers look at their timeouts, in ms.
	pub tick_ms: u64,
	/// Sellers that never answer.
	pub silent: BTreeSet<OfferId>,
}

impl Default for Network {
	/// 20 ms each way (a micro-grid's LAN or a nearby cloud), buyers looking twice a second.
	fn default() -> Self {
		Network { latency_ms: 20, tick_ms: 500, silent: BTreeSet::new() }
	}
}

/// What crossed the network in a run.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Traffic {
	/// Messages the buyers sent.
	pub messages: u64,
	/// Negotiations the buyers opened (their calls for proposals).
	pub negotiations: u64,
	/// Refusals either side met (none between honest agents).
	pub refusals: Vec<Refusal>,
}

/// A seller at the table: its offer's agent and the key it signs with.
pub struct SellerSeat<'a, S, K> {
	/// The offer's agent.
	pub agent: &'a mut SellerAgent<S>,
	/// Its negotiation key.
	pub signer: &'a K,
}

/// A buyer at the table: its household's agent and the key it signs with.
pub struct BuyerSeat<'a, S, K> {
	/// The household's agent.
	pub agent: &'a mut BuyerAgent<S>,
	/// Its negotiation key.
	pub signer: &'a K,
}

enum Event {
	ToSeller { buyer: usize, out: Outgoing },
	ToBuyer { buyer: usize, offer: OfferId, reply: Result<Message, Refusal> },
	Tick { buyer: usize },
}

/// Runs `window` through: the buyers start when it opens, and every message and timeout is
/// handled in time order (ties in the order they arose) until nothing is left to do. `sellers`
/// are keyed by their offer; `directory` holds the buyers' published keys.
pub fn negotiate<S: Strategy, K: Signer>(
	sellers: &mut BTreeMap<OfferId, SellerSeat<'_, S, K>>,
	buyers: &mut [BuyerSeat<'_, S, K>],
	directory: &impl Directory,
	window: Window,
	network: &Network,
) -> Traffic {
	let mut traffic = Traffic::default();
	// Events by (time, sequence number): the heap orders them, the map holds them.
	let mut queue: BinaryHeap<Reverse<(u64, u64)>> = BinaryHeap::new();
	let mut events: BTreeMap<u64, Event> = BTreeMap::new();
	let mut seq = 0u64;
	let mut push = |queue: &mut BinaryHeap<_>, events: &mut BTreeMap<u64, Event>, at, event| {
		seq += 1;
		queue.push(Reverse((at, seq)));
		events.insert(seq, event);
	};
	let start = window.opens_at;
	for (b, buyer) in buyers.iter_mut().enumerate() {
		for out in buyer.agent.start(start, buyer.signer) {
			let at = start + network.latency_ms;
			push(&mut queue, &mut events, at, Event::ToSeller { buyer: b, out });
		}
		push(&mut queue, &mut events, start + network.tick_ms, Event::Tick { buyer: b });
	}
	while let Some(Reverse((now, id))) = queue.pop() {
		let Some(event) = events.remove(&id) else { continue };
		let next: Vec<(u64, Event)> = match event {
			Event::ToSeller { buyer, out } => {
				traffic.messages += 1;
				if out.message.body.act == Act::CallForProposals {
					traffic.negotiations += 1;
				}
				let Some(seller) = sellers.get_mut(&out.offer) else { continue };
				if network.silent.contains(&out.offer) {
					continue;
				}
				let reply = seller.agent.on_message(&out.message, now, directory, seller.signer);
				if let Err(refusal) = &reply {
					traffic.refusals.push(*refusal);
				}
				Vec::from([(
					now + network.latency_ms,
					Event::ToBuyer { buyer, offer: out.offer, reply },
				)])
			}
			Event::ToBuyer { buyer, offer, reply } => {
				let seat = &mut buyers[buyer];
				let outs = match reply {
					Ok(message) => {
						seat.agent.on_reply(&message, now, seat.signer).unwrap_or_else(|refusal| {
							traffic.refusals.push(refusal);
							Vec::new()
						})
					}
					Err(_) => seat.agent.on_refused(offer, now, seat.signer),
				};
				outs.into_iter()
					.map(|out| (now + network.latency_ms, Event::ToSeller { buyer, out }))
					.collect()
			}
			Event::Tick { buyer } => {
				let seat = &mut buyers[buyer];
				let mut next: Vec<(u64, Event)> = seat
					.agent
					.on_tick(now, seat.signer)
					.into_iter()
					.map(|out| (now + network.latency_ms, Event::ToSeller { buyer, out }))
					.collect();
				if !seat.agent.is_done() && now < window.closes_at {
					next.push((now + network.tick_ms, Event::Tick { buyer }));
				}
				next
			}
		};
		for (at, event) in next {
			push(&mut queue, &mut events, at, event);
		}
	}
	traffic
}
