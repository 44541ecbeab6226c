//! The micro-grid trading through the chain, the simulator's main job: the households a
//! micro-grid chain spec admits, their forecasting agents, their seller and buyer agents and the
//! grid operator, market slot after market slot on a running consortium.
//!
//! Each trading slot, for delivery in the next one:
//! 1. the grid operator prices the slot after it (`set_grid_prices`, from its tariff);
//! 2. households whose forecast says they will feed energy in offer it (`make_offer`), no more
//!    than the energy tokens their meters backed, at their cost;
//! 3. the buyers' agents read the offers (`MarketApi::offers`) and negotiate with the sellers'
//!    agents (the negotiation core, here in memory: one process hosts every household);
//! 4. in the recording window the sellers record what their buyers signed
//!    (`allow_transactions`);
//! 5. the households' meters are read by the nodes' offchain workers over HTTP (this process
//!    serves them with the meter simulator's code: the same household model the forecasts come
//!    from), and the chain settles each agreement against them, penalties to the grid operator.
//!
//! The first [`TradeSettings::in_node`] households trade from the nodes' offchain workers
//! instead (`pallet-market`'s agents): their keys go to the nodes' keystores as agent keys, in
//! turn, and they publish the node's RPC as the address where their sellers answer. This process
//! still simulates them and serves their meters, and reads their offers and agreements from the
//! chain. They trade among themselves: this process's agents negotiate in memory, where the
//! nodes' buyers cannot reach them.
//!
//! The report counts what the chain recorded and settled: agreements from the recording
//! calls' events (the in-node households' from the blocks), deliveries, payments and penalties
//! from the `AgreementSettled` events.

use anyhow::{bail, Context, Result};
use energy_client::RawEvent;
use energy_household::Installation;
use energy_negotiation::{Agreement, Household, OfferTerms, Plan, Window};
use energy_primitives::{
	microgrid::{household_uri, meter_uri},
	AgentKind, AgreementId, Energy, MarketStatus, OfferId, Phase, SlotIndex, MAX_METERS_PER_NODE,
};
use futures::future::join_all;
use meter_simulator::{roster::Roster, simulator::serve, slot_map::SlotMap};
use pallet_market::offchain::MAX_AGENTS_PER_NODE;
use std::{
	collections::BTreeMap,
	net::SocketAddr,
	sync::{
		atomic::{AtomicBool, Ordering},
		Arc,
	},
	time::{Duration, Instant},
};
use subxt_signer::sr25519::Keypair;
use tokio::net::TcpListener;

use crate::{
	chain::{self, unix_millis, AgreementRecorded, AgreementSettled, Chain, OfferMade, POLL},
	forecasting::Method,
	operator,
	population::dev_pair,
	report::Run,
	simulation::{Hour, Intention, Population, Settings, Settled, Simulation},
	tariff::Tariff,
};

/// Where the households' agents say they negotiate (`publish_info`): this process hosts them
/// all and they negotiate in memory.
pub const ENDPOINT: &[u8] = b"in-process:energy-microgrid";

/// What a run through the chain is made of.
pub struct TradeSettings {
	/// Households of the chain spec that trade (`//Household1` on).
	pub households: usize,
	/// Delivery slots traded.
	pub hours: u64,
	/// The strategy's name, as given.
	pub strategy: String,
	/// The agents' strategy.
	pub plan: Plan,
	/// How households forecast.
	pub forecaster: Method,
	/// Days of meter history the forecasters start from.
	pub history_days: u64,
	/// The smallest offer or purchase worth a negotiation, in Wh.
	pub min_trade_wh: Energy,
	/// The grid operator's key.
	pub operator: Keypair,
	/// The grid operator's tariff.
	pub tariff: Tariff,
	/// Where to serve the households' meters, which the nodes' offchain workers read (their
	/// `--meter-url`).
	pub meters_listen: SocketAddr,
	/// The model hour (hours since 1970, UTC) the first delivery slot stands for; the slots
	/// after it stand for the hours after it.
	pub first_model_slot: SlotIndex,
	/// Households whose agents run in the nodes' offchain workers, not in this process: the
	/// first this many.
	pub in_node: usize,
	/// Each node's HTTP RPC address, in the order of the nodes: where buyers reach the sellers
	/// of the households whose agents it runs (`agent_deliver`).
	pub node_endpoints: Vec<String>,
}

/// What happened to the agreements the run recorded.
pub struct Outcome {
	/// The run, hour by hour, as the chain recorded and settled it.
	pub run: Run,
	/// The simulation behind it: the households, their flows and forecasts.
	pub simulation: Simulation,
	/// Agreements recorded and not (yet) settled when the run ended.
	pub unsettled: usize,
	/// Calls the chain refused (each logged with its reason).
	pub refused: usize,
	/// How long the chain took to take the slowest slot's calls, against a slot's length.
	pub latency: Latency,
}

/// How long the chain took to include a slot's calls: from the agents' first call to the
/// chain's answer to the last, in the slowest slot of the run. What limits a micro-grid's size
/// is whether these fit in the slot's phases.
#[derive(Clone, Copy, Default)]
pub struct Latency {
	/// The sellers' offers (`make_offer`), which must be in before the buyers read them.
	pub offers: Duration,
	/// The agreements (`allow_transactions`), which must be in before the recording window
	/// closes.
	pub recordings: Duration,
	/// A market slot's length on this chain.
	pub slot: Duration,
}

/// What one trading slot took: the agents' negotiations and the chain's inclusion of its calls.
#[derive(Default)]
struct SlotTimes {
	negotiation: Duration,
	offers: Duration,
	recordings: Duration,
}

/// Trades `settings.hours` delivery slots through `chain`, the households' meters read by the
/// offchain workers of `meter_nodes` (round robin). `stop` ends the run early (the report
/// covers what was traded); `progress` hears of each step.
pub async fn trade(
	chain: &Chain,
	meter_nodes: &[Chain],
	settings: TradeSettings,
	stop: Arc<AtomicBool>,
	progress: impl Fn(&str),
) -> Result<Outcome> {
	let count = settings.households;
	if meter_nodes.is_empty() || count > MAX_METERS_PER_NODE * meter_nodes.len() {
		bail!(
			"{count} households need at least {} nodes reading meters (each reads {MAX_METERS_PER_NODE})",
			count.div_ceil(MAX_METERS_PER_NODE)
		);
	}
	let in_node = settings.in_node;
	if in_node > count || in_node > MAX_AGENTS_PER_NODE * meter_nodes.len() {
		bail!(
			"{in_node} households' agents cannot run in {} node(s): at most the {count} households \
			 that trade, {MAX_AGENTS_PER_NODE} a node",
			meter_nodes.len()
		);
	}
	if in_node > 0 && settings.node_endpoints.len() != meter_nodes.len() {
		bail!("the households' agents in the nodes need each node's RPC address");
	}
	// Each household's account key, which signs its agents' calls.
	let keys: Vec<Keypair> = (1..=count as u32)
		.map(|n| energy_client::keypair(&household_uri(n)))
		.collect::<Result<_>>()?;

	progress("meters: their keys go to the nodes' offchain workers");
	for n in 1..=count as u32 {
		let node = &meter_nodes[(n as usize - 1) % meter_nodes.len()];
		let meter = dev_pair(&meter_uri(n));
		node.insert_meter_key(&meter_uri(n), &sp_core::Pair::public(&meter).0).await?;
	}

	// A chain at its genesis has no time yet (its clock reads slot 0): wait for a block.
	let Some(status) = chain.wait_until(&stop, |s| s.slot > 0).await? else {
		bail!("stopped before the chain produced a block");
	};
	// Trading starts with the next slot, delivery with the one after.
	let first_trading = status.slot + 1;
	// The meters: the household model each meter's key seeds, the first delivery slot standing
	// for the first model hour of the run.
	let slots = SlotMap { chain_slot: first_trading + 1, model_slot: settings.first_model_slot };
	let listener = TcpListener::bind(settings.meters_listen)
		.await
		.with_context(|| format!("cannot serve the meters on {}", settings.meters_listen))?;
	let simulation = Simulation::new(Settings {
		households: count,
		first_slot: settings.first_model_slot,
		hours: settings.hours,
		history_days: settings.history_days,
		forecaster: settings.forecaster,
		installation: Installation::standard(),
		tariff: settings.tariff,
		// The in-memory runs beside the chain's penalise as the chain does now.
		penalty_percent: chain.penalty_percent().await?,
		min_trade_wh: settings.min_trade_wh,
		network: Default::default(),
		population: Population::Chain,
	})
	.context("cannot set up the households")?;
	// The meters measure the very households the agents forecast for.
	let roster = Roster::of(simulation.members().iter().map(|member| member.model));
	tokio::spawn(serve(listener, roster, Installation::standard(), slots));
	let mut refused = 0;

	progress("agents: publishing the households' agents");
	let endpoints = &settings.node_endpoints;
	let publish = simulation.members().iter().zip(&keys).enumerate().map(|(m, (member, keys))| {
		async move {
			let (agent, endpoint) = if m < in_node {
				// The household's own key negotiates and signs in the node (a household's
				// node may hold it): its agent needs no account of its own to pay fees from.
				let node = m % meter_nodes.len();
				let uri = household_uri(m as u32 + 1);
				meter_nodes[node].insert_agent_key(&uri, &member.account).await?;
				(member.account, endpoints[node].as_bytes())
			} else {
				(sp_core::Pair::public(&member.key).0, ENDPOINT)
			};
			let info = (AgentKind::Both, endpoint.to_vec(), agent);
			if chain.published_info(&member.account).await? == Some(info) {
				return Ok(());
			}
			let call = chain::publish_info(AgentKind::Both, endpoint, &agent);
			chain.submit(&call, keys, "the agent's information").await.map(drop)
		}
	});
	for result in join_all(publish).await {
		result?;
	}

	progress("grid operator: pricing the first slots");
	// The run's delivery slots only: the nodes' agents would trade any slot priced.
	let last_delivery = first_trading + settings.hours;
	for slot in [first_trading + 1, first_trading + 2].into_iter().filter(|s| *s <= last_delivery) {
		refused += price_slot(chain, &settings, slots, slot).await;
	}

	let mut hours: Vec<Hour> = Vec::new();
	let mut recorded: BTreeMap<AgreementId, (usize, usize, usize)> = BTreeMap::new();
	let mut follower = Follower::new(chain.finalized_number().await?, first_trading + 1, in_node);
	let mut elapsed = Duration::ZERO;
	let mut latency = Latency::default();
	for h in 0..settings.hours as usize {
		let trading = first_trading + h as u64;
		let Some(status) = chain.wait_until(&stop, |s| s.slot >= trading).await? else { break };
		progress(&format!("slot {trading}: offers for slot {}", trading + 1));
		let (hour, refusals, times) = trade_slot(
			chain,
			&simulation,
			&keys,
			&settings,
			slots,
			(h, trading),
			status,
			&stop,
			&mut recorded,
		)
		.await?;
		hours.push(hour);
		refused += refusals;
		elapsed += times.negotiation;
		latency.offers = latency.offers.max(times.offers);
		latency.recordings = latency.recordings.max(times.recordings);
		follower.follow(chain, &simulation, &mut recorded, &mut hours).await?;
		if stop.load(Ordering::SeqCst) {
			break;
		}
	}

	// Settlement: both meters report a delivery slot once it is over, the chain settles at
	// once, or after its grace period if a meter stays silent.
	progress("settlement: waiting for the meters and the chain");
	// Meters report a slot once it is over; the chain waits `GraceSlots` (2) more slots for a
	// silent one: four slots cover both, and a little more the finality lag.
	let slot_millis = chain.clock().await?.slot_millis;
	latency.slot = Duration::from_millis(slot_millis);
	let deadline = Instant::now() + Duration::from_millis(slot_millis * 5);
	while follower.settled.len() < recorded.len()
		&& Instant::now() < deadline
		&& !stop.load(Ordering::SeqCst)
	{
		tokio::time::sleep(POLL * 4).await;
		follower.follow(chain, &simulation, &mut recorded, &mut hours).await?;
	}
	for (h, hour) in hours.iter_mut().enumerate() {
		simulation.close_hour(h, hour);
	}
	let unsettled = recorded.len() - follower.settled.len();
	let run = Run { strategy: settings.strategy, plan: settings.plan, hours, elapsed };
	Ok(Outcome { run, simulation, unsettled, refused, latency })
}

/// One trading slot (hour `h` of the run, planned for trading slot `planned`): offers,
/// negotiations and recorded agreements. Returns the hour, the calls refused, and what the
/// agents' negotiations and the chain's inclusion of the calls took.
#[allow(clippy::too_many_arguments)]
async fn trade_slot(
	chain: &Chain,
	simulation: &Simulation,
	keys: &[Keypair],
	settings: &TradeSettings,
	slots: SlotMap,
	(h, planned): (usize, SlotIndex),
	status: MarketStatus,
	stop: &AtomicBool,
	recorded: &mut BTreeMap<AgreementId, (usize, usize, usize)>,
) -> Result<(Hour, usize, SlotTimes)> {
	let trading = status.slot;
	let delivery = trading + 1;
	// The run's delivery slots only: the nodes' agents would trade any slot priced.
	let mut refused = if h + 1 < settings.hours as usize {
		price_slot(chain, settings, slots, delivery + 1).await
	} else {
		0
	};
	let prices = chain.grid_prices(delivery).await?;
	let cap = prices
		.map(|p| p.import_price)
		.unwrap_or_else(|| settings.tariff.import(slots.model_slot(delivery)));
	let members = simulation.members();
	if trading != planned || status.phase != Phase::Negotiation || prices.is_none() {
		tracing::warn!(
			slot = trading,
			planned,
			phase = ?status.phase,
			priced = prices.is_some(),
			"no market in this slot: the agents came too late for its negotiation, or the grid \
			 operator could not price its delivery slot"
		);
		return Ok((
			simulation.open_hour(h, cap, &[], &BTreeMap::new(), &[]),
			refused,
			SlotTimes::default(),
		));
	}

	// Sellers offer what they expect to feed in, as far as their energy tokens go. The
	// households trading from the nodes do that there.
	let mut intentions = simulation.intentions(h);
	for intention in intentions.iter_mut().take(settings.in_node) {
		*intention = Intention::Stay;
	}
	let offers = intentions.iter().enumerate().filter_map(|(m, intention)| match intention {
		Intention::Sell(energy) => Some((m, *energy)),
		_ => None,
	});
	let mut times = SlotTimes::default();
	let offering = Instant::now();
	let made = join_all(offers.map(|(m, energy)| {
		let floor = simulation.floor(m, cap);
		chain.offer_backed(&members[m].account, &keys[m], energy, floor, settings.min_trade_wh)
	}))
	.await;
	times.offers = offering.elapsed();
	let mut seller_of = BTreeMap::new();
	for result in made {
		match result {
			Ok(Some(offer)) => {
				if let Some(m) = simulation.member_index(&offer.seller) {
					seller_of.insert(offer.offer, m);
				}
			}
			Ok(None) => {}
			Err(error) => {
				refused += 1;
				tracing::warn!(slot = trading, "an offer did not make it: {error:#}");
			}
		}
	}

	// GetOffers: the buyers read the open offers of the delivery slot from the chain.
	let offers: Vec<OfferTerms> = chain
		.offers(delivery)
		.await?
		.into_iter()
		.filter(|view| seller_of.contains_key(&view.id))
		.map(|view| chain::offer_terms(&view, cap))
		.collect();
	let needs: Vec<(usize, Energy)> = intentions
		.iter()
		.enumerate()
		.filter_map(|(m, intention)| match intention {
			Intention::Buy(need) => Some((m, *need)),
			_ => None,
		})
		.collect();
	let mut hour = simulation.open_hour(h, cap, &offers, &seller_of, &needs);

	// The negotiations, until the recording window opens.
	let started = Instant::now();
	let window = Window { opens_at: unix_millis(), closes_at: status.recording_starts_at };
	let (traffic, agreements) = if window.opens_at < window.closes_at {
		simulation.negotiate(
			chain.genesis_hash(),
			window,
			settings.plan,
			&offers,
			&seller_of,
			&needs,
		)
	} else {
		(Default::default(), Vec::new())
	};
	times.negotiation = started.elapsed();
	hour.negotiations = traffic.negotiations;
	hour.messages = traffic.messages;
	hour.refusals = traffic.refusals.len() as u64;

	// AllowTransaction: the sellers record their agreements in the recording window.
	if chain
		.wait_until(stop, |s| s.slot > trading || s.phase == Phase::Recording)
		.await?
		.is_none_or(|s| s.slot > trading)
	{
		tracing::warn!(slot = trading, "the recording window passed before the agreements");
		return Ok((hour, refused, times));
	}
	let floors: BTreeMap<OfferId, _> = offers.iter().map(|o| (o.id, o.floor)).collect();
	let calls = agreements.iter().flat_map(|(offer, agreements)| {
		agreements.chunks(chain::MAX_AGREEMENTS_PER_CALL).map(move |chunk| (*offer, chunk))
	});
	let seller_of = &seller_of;
	let recording = Instant::now();
	let results = join_all(calls.map(|(offer, chunk): (OfferId, &[Agreement])| {
		chain.record_agreements(offer, chunk, &keys[seller_of[&offer]])
	}))
	.await;
	times.recordings = recording.elapsed();
	for result in results {
		match result {
			Ok(agreements) => {
				for a in agreements {
					let (Some(s), Some(b)) =
						(simulation.member_index(&a.seller), simulation.member_index(&a.buyer))
					else {
						continue;
					};
					hour.record(a.energy, floors[&a.offer]);
					recorded.insert(a.agreement, (h, s, b));
				}
			}
			Err(error) => {
				refused += 1;
				tracing::warn!(slot = trading, "agreements were not recorded: {error:#}");
			}
		}
	}
	Ok((hour, refused, times))
}

/// The grid operator prices market slot `slot` (see [`operator::price_slot`]); returns 1 if the
/// chain refused, 0 otherwise.
async fn price_slot(
	chain: &Chain,
	settings: &TradeSettings,
	slots: SlotMap,
	slot: SlotIndex,
) -> usize {
	match operator::price_slot(chain, &settings.operator, &settings.tariff, slots, slot).await {
		Ok(_) => 0,
		Err(error) => {
			tracing::warn!(slot, "the grid operator could not price the slot: {error:#}");
			1
		}
	}
}

/// Follows the finalized blocks for the settlements of the run's agreements, and for the offers
/// and agreements of the households trading from the nodes.
struct Follower {
	/// The next block to read.
	next: u64,
	/// Agreements settled so far.
	settled: std::collections::BTreeSet<AgreementId>,
	/// The run's first delivery slot: its hour 0.
	first_delivery: SlotIndex,
	/// The households trading from the nodes: the first this many.
	in_node: usize,
	/// Offers and agreements of those households in blocks read before their hour began.
	early: Vec<InNodeEvent>,
}

/// An offer or agreement of a household trading from a node.
enum InNodeEvent {
	Offer(OfferMade),
	Agreement(AgreementRecorded),
}

impl Follower {
	fn new(from: u64, first_delivery: SlotIndex, in_node: usize) -> Self {
		Follower {
			next: from + 1,
			settled: Default::default(),
			first_delivery,
			in_node,
			early: Vec::new(),
		}
	}

	/// Reads the blocks finalized since the last call: counts the offers and agreements of the
	/// households trading from the nodes into `hours` (their agreements into `recorded` too),
	/// and the settlements of the agreements in `recorded` (agreement -> hour, seller, buyer).
	async fn follow(
		&mut self,
		chain: &Chain,
		simulation: &Simulation,
		recorded: &mut BTreeMap<AgreementId, (usize, usize, usize)>,
		hours: &mut [Hour],
	) -> Result<()> {
		let last = chain.finalized_number().await?;
		while self.next <= last {
			let events: Vec<RawEvent> = chain.market_events(self.next).await?;
			let mut in_node: Vec<InNodeEvent> = core::mem::take(&mut self.early);
			let count = self.in_node;
			let of_node =
				|seller: &Household| simulation.member_index(seller).is_some_and(|m| m < count);
			if count > 0 {
				for offer in chain::events_named::<OfferMade>(&events, "OfferMade")? {
					if of_node(&offer.seller) {
						in_node.push(InNodeEvent::Offer(offer));
					}
				}
				for agreement in
					chain::events_named::<AgreementRecorded>(&events, "AgreementRecorded")?
				{
					if of_node(&agreement.seller) {
						in_node.push(InNodeEvent::Agreement(agreement));
					}
				}
			}
			for event in in_node {
				let slot = match &event {
					InNodeEvent::Offer(offer) => offer.slot,
					InNodeEvent::Agreement(agreement) => agreement.slot,
				};
				// Outside the run's delivery slots: not the run's.
				let Some(h) = slot.checked_sub(self.first_delivery).map(|h| h as usize) else {
					continue;
				};
				let Some(hour) = hours.get_mut(h) else {
					self.early.push(event);
					continue;
				};
				match event {
					InNodeEvent::Offer(offer) => hour.record_in_node_offer(
						simulation.member_index(&offer.seller).unwrap_or_default(),
						offer.energy,
					),
					InNodeEvent::Agreement(agreement) => {
						let (Some(s), Some(b)) = (
							simulation.member_index(&agreement.seller),
							simulation.member_index(&agreement.buyer),
						) else {
							continue;
						};
						hour.record_in_node(agreement.energy);
						recorded.insert(agreement.agreement, (h, s, b));
					}
				}
			}
			for settled in chain::events_named::<AgreementSettled>(&events, "AgreementSettled")? {
				let Some(&(h, s, b)) = recorded.get(&settled.agreement) else { continue };
				if self.settled.insert(settled.agreement) {
					let t = &settled.settlement;
					hours[h].settle(
						s,
						b,
						&Settled {
							delivered: t.delivered,
							paid: t.paid,
							seller_penalty: t.seller_penalty,
							buyer_penalty: t.buyer_penalty,
						},
					);
				}
			}
			self.next += 1;
		}
		Ok(())
	}
}
