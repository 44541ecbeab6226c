//! Loading a seller's inbox: buyers' agents send it messages as fast as it answers, to measure
//! how many it takes a second (for a node, while it keeps producing blocks). Each buyer calls
//! every open offer published at the endpoint for proposals, round after round: the first call
//! opens a session, the ones after are refused as out of turn, each after the seller read its
//! agent, as any message is. Buyers are households of the micro-grid chain spec whose keys were
//! published, so the seller checks every message in full.

use anyhow::{bail, Result};
use energy_microgrid::{
	chain::{unix_millis, Chain},
	population::chain_population,
};
use energy_negotiation::{ontology::VERSION, wire::Reply, Act, Body};
use futures::future::join_all;
use sp_core::Pair as _;
use std::{
	collections::BTreeMap,
	time::{Duration, Instant},
};

use crate::peers;

/// What a flood of the inbox got back.
#[derive(Debug, Default)]
pub struct Flood {
	/// How long it ran.
	pub seconds: f64,
	/// Messages answered with a message.
	pub answered: u64,
	/// Messages refused, by reason.
	pub refused: BTreeMap<String, u64>,
	/// Messages with no answer in time.
	pub silent: u64,
}

impl Flood {
	/// Messages the inbox answered or refused, a second.
	pub fn per_second(&self) -> f64 {
		(self.answered + self.refused.values().sum::<u64>()) as f64 / self.seconds.max(f64::EPSILON)
	}
}

/// Floods the inbox at `endpoint` for `duration` with the buyers `buyers` (households of a
/// chain spec of `households`) calling on its open offers.
pub async fn flood(
	chain: &Chain,
	endpoint: &str,
	households: usize,
	buyers: &[u32],
	duration: Duration,
) -> Result<Flood> {
	let status = chain.status().await?;
	let delivery = status.slot + 1;
	let offers: Vec<_> = chain
		.offers(delivery)
		.await?
		.into_iter()
		.filter(|view| view.endpoint == endpoint.as_bytes())
		.collect();
	if offers.is_empty() {
		bail!("no open offer for slot {delivery} negotiates at {endpoint}");
	}
	let members = chain_population(households);
	let genesis = chain.genesis_hash();
	let client = peers::client(endpoint)?;
	let started = Instant::now();
	let deadline = started + duration;
	let runs = buyers.iter().map(|&n| {
		let (client, offers) = (&client, &offers);
		let member = members.get((n as usize).wrapping_sub(1));
		async move {
			let mut flood = Flood::default();
			let Some(member) = member else { return flood };
			let mut round = 0;
			while Instant::now() < deadline {
				for offer in offers {
					let body = Body {
						version: VERSION,
						act: Act::CallForProposals,
						offer: offer.id,
						slot: offer.slot,
						seller: offer.seller,
						buyer: member.account,
						energy_wh: 100,
						price: offer.floor_price,
						round,
						timestamp_ms: unix_millis(),
						sender: member.key.public().0,
					};
					let Ok(message) = body.sign(&genesis, &member.key) else { continue };
					match peers::send(client, &message).await {
						Reply::Answer(_) => flood.answered += 1,
						Reply::Refused(refusal) => {
							*flood.refused.entry(format!("{refusal:?}")).or_default() += 1
						}
						Reply::Silent(_) => flood.silent += 1,
					}
				}
				round += 1;
			}
			flood
		}
	});
	let mut total = Flood::default();
	for flood in join_all(runs).await {
		total.answered += flood.answered;
		total.silent += flood.silent;
		for (reason, count) in flood.refused {
			*total.refused.entry(reason).or_default() += count;
		}
	}
	total.seconds = started.elapsed().as_secs_f64();
	Ok(total)
}
