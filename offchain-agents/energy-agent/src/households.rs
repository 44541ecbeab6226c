//! The households a process hosts, each with its seller's and buyer's agent, trading slot after
//! slot through the chain with other processes' agents.
//!
//! Each trading slot, for delivery in the next one:
//! 1. a sixth into the negotiation window (when the meters' readings of the slot that just ended
//!    are in), a household whose forecast says it will feed energy in offers it (`make_offer`),
//!    as far as its energy tokens go, at its cost; its seller's agent then answers buyers on
//!    this process's [`peers`](crate::peers) server, at the endpoint it published
//!    (`publish_info`);
//! 2. two fifths into the window (when the offers are in blocks), the buyers' agents read the
//!    offers (`MarketApi::offers`) and negotiate with the sellers' agents over JSON-RPC,
//!    wherever those run;
//! 3. in the recording window each seller records what its buyers signed
//!    (`allow_transactions`). The chain settles against the meters later.
//!
//! The households are those of a micro-grid chain spec (`//Household{n}`), modelled and
//! forecast as the micro-grid simulator and the meter simulator model them, so a forecast is
//! the household's own.

use anyhow::{bail, Context, Result};
use energy_household::{Installation, SLOTS_PER_DAY};
use energy_microgrid::{
	chain::{self, unix_millis, Chain, POLL},
	forecasting::Method,
	population::{chain_population, Member},
	simulation::{Intention, Population, Settings as Model, Simulation},
	tariff::Tariff,
};
use energy_negotiation::{
	Agreement, BuyerAgent, BuyerConfig, OfferTerms, Plan, SellerAgent, SellerConfig, Window,
	BUYERS_READ_AT, SELLERS_OFFER_AT,
};
use energy_primitives::{microgrid::household_uri, AgentKind, Energy, OfferId, Phase, SlotIndex};
use futures::{future::join_all, stream::FuturesUnordered, StreamExt};
use jsonrpsee::http_client::HttpClient;
use meter_simulator::slot_map::SlotMap;
use parking_lot::Mutex;
use sp_core::Pair as _;
use std::{
	collections::BTreeMap,
	net::SocketAddr,
	sync::{atomic::AtomicBool, Arc},
};
use subxt_signer::sr25519::Keypair;

use crate::peers::{self, Reply, Seat, Table};

/// The slots a day's model covers.
const DAY: usize = SLOTS_PER_DAY as usize;

/// How long an agent waits for its node to answer when it starts (a node starting beside it, or
/// restarting, takes a while).
pub const NODE_START_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(180);

/// Connects to the node at `url`, trying again every few seconds for [`NODE_START_TIMEOUT`]
/// (or until `stop` is set) while it does not answer yet.
pub async fn connect(url: &str, stop: &AtomicBool) -> Result<Chain> {
	if !["ws://", "wss://", "http://", "https://"].iter().any(|scheme| url.starts_with(scheme)) {
		bail!("{url:?} is no node URL: give ws://HOST:PORT (or wss://, http://, https://)");
	}
	let deadline = std::time::Instant::now() + NODE_START_TIMEOUT;
	loop {
		match Chain::connect(url).await {
			Ok(chain) => return Ok(chain),
			Err(error)
				if std::time::Instant::now() < deadline
					&& !stop.load(std::sync::atomic::Ordering::SeqCst) =>
			{
				tracing::info!("waiting for the node: {error:#}");
				tokio::time::sleep(std::time::Duration::from_secs(2)).await;
			}
			Err(error) => return Err(error),
		}
	}
}

/// Sleeps until Unix time `at` (ms).
async fn sleep_until(at: u64) {
	tokio::time::sleep(std::time::Duration::from_millis(at.saturating_sub(unix_millis()))).await;
}

/// Which of a household's agents a process runs.
#[derive(Clone, Copy, PartialEq, Eq, Debug, clap::ValueEnum)]
pub enum Roles {
	/// The seller's agent: offers, answers buyers, records agreements.
	Seller,
	/// The buyer's agent: reads offers and negotiates with the sellers' agents.
	Buyer,
	/// Both.
	Both,
}

impl Roles {
	fn sells(self) -> bool {
		matches!(self, Roles::Seller | Roles::Both)
	}
	fn buys(self) -> bool {
		matches!(self, Roles::Buyer | Roles::Both)
	}
}

/// What a process hosts and how its agents behave.
pub struct Settings {
	/// Households the micro-grid chain spec admits (its `microgrid-N`).
	pub households: usize,
	/// The households this process hosts, by number (1 for `//Household1`).
	pub host: Vec<u32>,
	/// Which of their agents it runs.
	pub roles: Roles,
	/// Where its sellers' agents answer (with [`Roles::Seller`] or [`Roles::Both`]).
	pub listen: SocketAddr,
	/// The endpoint its households publish, where other processes reach their sellers; the
	/// listening address's URL if not given.
	pub endpoint: Option<String>,
	/// The agents' strategy.
	pub plan: Plan,
	/// How households forecast.
	pub forecaster: Method,
	/// Days of meter history the forecasters start from.
	pub history_days: u64,
	/// The smallest offer or purchase worth a negotiation, in Wh.
	pub min_trade_wh: Energy,
	/// Market slots to trade.
	pub slots: u64,
	/// Which model hour each market slot stands for (the meters' `--chain-slot` and
	/// `--model-slot`): the hour the households forecast and their meters measure.
	pub map: SlotMap,
}

/// The households a process hosts, by number (1 for `//Household1`), in order and once each.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct HostList(pub Vec<u32>);

impl std::str::FromStr for HostList {
	type Err = String;

	/// Numbers and ranges: `1-10,12` for 1 to 10 and 12.
	fn from_str(text: &str) -> Result<Self, String> {
		parse_host(text).map(HostList)
	}
}

fn parse_host(text: &str) -> Result<Vec<u32>, String> {
	let number = |s: &str| {
		s.trim()
			.parse::<u32>()
			.ok()
			.filter(|n| *n > 0)
			.ok_or_else(|| format!("{s:?} is not a household number (1 for //Household1)"))
	};
	let mut host = Vec::new();
	for part in text.split(',') {
		match part.split_once('-') {
			Some((from, to)) => {
				let (from, to) = (number(from)?, number(to)?);
				if from > to {
					return Err(format!("the range {part:?} is empty"));
				}
				host.extend(from..=to);
			}
			None => host.push(number(part)?),
		}
	}
	host.sort_unstable();
	host.dedup();
	Ok(host)
}

/// What a process's agents did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
	/// Slots traded.
	pub slots: u64,
	/// Offers its sellers made.
	pub offers: u64,
	/// Buyers' agents it ran, one per household and slot.
	pub buyers: u64,
	/// Messages its buyers sent to sellers' agents.
	pub messages: u64,
	/// Agreements its buyers reached.
	pub bought: u64,
	/// Energy its buyers agreed to buy, in Wh.
	pub bought_wh: Energy,
	/// Agreements its sellers recorded on chain.
	pub recorded: u64,
	/// Energy of those agreements, in Wh.
	pub recorded_wh: Energy,
	/// Calls the chain refused (each logged with its reason).
	pub refused: u64,
	/// Energy its buyers set out to buy, in Wh, by delivery slot.
	pub needs: BTreeMap<SlotIndex, Energy>,
}

/// A hosted household: its place in the model, its account key and its seller's table.
struct Hosted {
	member: usize,
	keys: Keypair,
}

/// Runs the hosted households' agents for `settings.slots` slots through the node at `node`, or
/// until `stop` is set.
pub async fn run(node: &str, settings: Settings, stop: Arc<AtomicBool>) -> Result<Summary> {
	if settings.host.is_empty() {
		bail!("host at least one household");
	}
	if let Some(n) = settings.host.iter().find(|&&n| n == 0 || n as usize > settings.households) {
		bail!("household {n} is not one of the chain spec's {} households", settings.households);
	}
	let chain = Arc::new(connect(node, &stop).await?);
	let genesis = chain.genesis_hash();
	let Some(status) = chain.wait_until(&stop, |s| s.slot > 0).await? else {
		return Ok(Summary::default());
	};
	let clock = chain.clock().await?;
	let first_trading = status.slot + 1;
	let penalty_percent = chain.penalty_percent().await?;
	// The households' model and forecasts of `hours` slots from delivery slot `first_delivery`,
	// made a day at a time so that an agent may run for as long as its households trade.
	let model = |first_delivery: SlotIndex, hours: u64| {
		Simulation::new(Model {
			households: settings.households,
			first_slot: settings.map.model_slot(first_delivery),
			hours,
			history_days: settings.history_days,
			forecaster: settings.forecaster,
			installation: Installation::standard(),
			tariff: Tariff::time_of_use(),
			penalty_percent,
			min_trade_wh: settings.min_trade_wh,
			network: Default::default(),
			population: Population::Chain,
		})
		.context("cannot model the households")
	};
	let members = chain_population(settings.households);
	let hosted: Vec<Hosted> = settings
		.host
		.iter()
		.map(|&n| {
			Ok(Hosted { member: n as usize - 1, keys: energy_client::keypair(&household_uri(n))? })
		})
		.collect::<Result<_>>()?;

	let table = Arc::new(Mutex::new(Table::default()));
	let _server = if settings.roles.sells() {
		let (handle, address) =
			peers::serve(settings.listen, table.clone(), Some(chain.clone())).await?;
		let endpoint = settings.endpoint.clone().unwrap_or_else(|| format!("http://{address}"));
		tracing::info!(%endpoint, "the sellers' agents answer here");
		publish(&chain, &members, &hosted, endpoint.as_bytes()).await?;
		Some(handle)
	} else {
		await_published(&chain, &members, &hosted, &stop).await?;
		None
	};

	let mut summary = Summary::default();
	let mut clients: BTreeMap<Vec<u8>, HttpClient> = BTreeMap::new();
	let mut day = None;
	for h in 0..settings.slots as usize {
		let trading = first_trading + h as SlotIndex;
		if h % DAY == 0 {
			let hours = (settings.slots - h as u64).min(SLOTS_PER_DAY);
			day = Some(model(trading + 1, hours)?);
		}
		let Some(model) = &day else { break };
		let Some(status) = chain.wait_until(&stop, |s| s.slot >= trading).await? else { break };
		let delivery = trading + 1;
		let prices = chain.grid_prices(delivery).await?;
		let (Some(prices), Phase::Negotiation, true) =
			(prices, status.phase, status.slot == trading)
		else {
			tracing::warn!(
				slot = status.slot,
				"no market in this slot: too late for its negotiation, or its delivery slot has \
				 no grid prices (is the grid operator's agent running?)"
			);
			continue;
		};
		summary.slots += 1;
		let cap = prices.import_price;
		let window =
			Window { opens_at: clock.start_of(trading), closes_at: status.recording_starts_at };
		let intentions = model.intentions(h % DAY);
		for household in &hosted {
			tracing::info!(
				slot = trading,
				household = household.member + 1,
				intention = ?intentions[household.member],
				"forecast for the delivery slot"
			);
		}

		// 1. The sellers offer and take their seats, once the meters' readings of the slot that
		// just ended are in (the nodes' offchain workers submit them after the slot's first
		// block): the energy tokens those mint back the offers.
		let mut offered: Vec<(OfferId, usize)> = Vec::new();
		if settings.roles.sells() {
			sleep_until(window.at(SELLERS_OFFER_AT)).await;
			for (index, made) in join_all(hosted.iter().map(|household| {
				let chain = &chain;
				let members = &members;
				let intention = intentions[household.member];
				async move {
					let Intention::Sell(energy) = intention else { return Ok(None) };
					let floor = model.floor(household.member, cap);
					let seller = &members[household.member].account;
					chain
						.offer_backed(seller, &household.keys, energy, floor, settings.min_trade_wh)
						.await
				}
			}))
			.await
			.into_iter()
			.enumerate()
			{
				match made {
					Ok(Some(offer)) => {
						let member = &members[hosted[index].member];
						let terms = OfferTerms {
							id: offer.offer,
							slot: delivery,
							seller: member.account,
							seller_key: member.key.public().0,
							floor: offer.floor_price,
							cap,
							energy_wh: offer.energy,
						};
						let agent = SellerAgent::new(
							genesis,
							terms,
							window,
							settings.plan,
							SellerConfig::default(),
						);
						table
							.lock()
							.seats
							.insert(offer.offer, Seat { agent, signer: member.key.clone() });
						offered.push((offer.offer, index));
						summary.offers += 1;
					}
					Ok(None) => {}
					Err(error) => {
						summary.refused += 1;
						tracing::warn!(slot = trading, "an offer did not make it: {error:#}");
					}
				}
			}
		}

		// 2. The buyers read the offers once the sellers' are in, and negotiate.
		if settings.roles.buys() {
			sleep_until(window.at(BUYERS_READ_AT)).await;
			let views = chain.offers(delivery).await?;
			let mut endpoints: BTreeMap<OfferId, HttpClient> = BTreeMap::new();
			let mut offers = Vec::new();
			for view in views {
				if view.slot != delivery || view.floor_price > cap {
					continue;
				}
				let client = match clients.get(&view.endpoint) {
					Some(client) => client.clone(),
					None => match std::str::from_utf8(&view.endpoint)
						.map_err(anyhow::Error::from)
						.and_then(peers::client)
					{
						Ok(client) => {
							clients.insert(view.endpoint.clone(), client.clone());
							client
						}
						Err(error) => {
							tracing::warn!(
								offer = view.id,
								"the seller's endpoint is unusable: {error:#}"
							);
							continue;
						}
					},
				};
				endpoints.insert(view.id, client);
				offers.push(chain::offer_terms(&view, cap));
			}
			let buyers = hosted.iter().filter_map(|household| match intentions[household.member] {
				Intention::Buy(need) => {
					*summary.needs.entry(delivery).or_default() += need;
					let member = &members[household.member];
					let agent = BuyerAgent::new(
						genesis,
						member.account,
						need,
						window,
						settings.plan,
						BuyerConfig::default(),
						offers.clone(),
					);
					Some(negotiate(agent, member.key.clone(), &endpoints, window.closes_at))
				}
				_ => None,
			});
			for (agreements, messages) in join_all(buyers).await {
				summary.buyers += 1;
				summary.messages += messages;
				summary.bought += agreements.len() as u64;
				summary.bought_wh += agreements.iter().map(|a| a.energy_wh).sum::<Energy>();
			}
		}

		// 3. The sellers record their agreements in the recording window.
		if !offered.is_empty() {
			if chain
				.wait_until(&stop, |s| s.slot > trading || s.phase == Phase::Recording)
				.await?
				.is_none_or(|s| s.slot > trading)
			{
				tracing::warn!(slot = trading, "the recording window passed before the agreements");
			}
			let seats: Vec<(OfferId, usize, Vec<Agreement>)> = {
				let mut table = table.lock();
				offered
					.iter()
					.filter_map(|(offer, index)| {
						table
							.seats
							.remove(offer)
							.map(|seat| (*offer, *index, seat.agent.agreements().to_vec()))
					})
					.collect()
			};
			let calls = seats.iter().flat_map(|(offer, index, agreements)| {
				agreements
					.chunks(chain::MAX_AGREEMENTS_PER_CALL)
					.map(move |chunk| (*offer, *index, chunk))
			});
			for result in join_all(calls.map(|(offer, index, chunk)| {
				chain.record_agreements(offer, chunk, &hosted[index].keys)
			}))
			.await
			{
				match result {
					Ok(recorded) => {
						summary.recorded += recorded.len() as u64;
						summary.recorded_wh += recorded.iter().map(|a| a.energy).sum::<Energy>();
					}
					Err(error) => {
						summary.refused += 1;
						tracing::warn!(slot = trading, "agreements were not recorded: {error:#}");
					}
				}
			}
		}
		tracing::info!(slot = trading, ?summary, "slot traded");
	}
	Ok(summary)
}

/// Each hosted household publishes its agent (both kinds, at `endpoint`, with its negotiation
/// key) unless the chain has exactly that already.
async fn publish(
	chain: &Chain,
	members: &[Member],
	hosted: &[Hosted],
	endpoint: &[u8],
) -> Result<()> {
	for result in join_all(hosted.iter().map(|household| async move {
		let member = &members[household.member];
		let key = member.key.public().0;
		if chain.published_info(&member.account).await?
			== Some((AgentKind::Both, endpoint.to_vec(), key))
		{
			return Ok(());
		}
		let call = chain::publish_info(AgentKind::Both, endpoint, &key);
		chain.submit(&call, &household.keys, "the agent's information").await.map(drop)
	}))
	.await
	{
		result?;
	}
	Ok(())
}

/// A process of buyers only publishes nothing: the process of the households' sellers
/// publishes where they negotiate. It waits (a slot at most) until each hosted household's
/// negotiation key is on chain, since sellers refuse buyers whose key they cannot read.
async fn await_published(
	chain: &Chain,
	members: &[Member],
	hosted: &[Hosted],
	stop: &AtomicBool,
) -> Result<()> {
	let slot_millis = chain.clock().await?.slot_millis;
	let deadline = unix_millis() + slot_millis;
	for household in hosted {
		let member = &members[household.member];
		while chain.published_key(&member.account).await? != Some(member.key.public().0) {
			if unix_millis() > deadline || stop.load(std::sync::atomic::Ordering::SeqCst) {
				bail!(
					"household {} has not published its negotiation key: start the process of its \
					 sellers' agents (--roles seller or both) first",
					household.member + 1
				);
			}
			tokio::time::sleep(POLL).await;
		}
	}
	Ok(())
}

/// Runs one buyer's agent until it is done or its window closes at `closes_at`: its messages go
/// to the sellers' processes (`endpoints`, by offer), their answers come back into it, and it
/// looks at its timeouts every [`POLL`]. Returns its agreements and the messages it sent.
pub(crate) async fn negotiate(
	mut agent: BuyerAgent<Plan>,
	signer: sp_core::sr25519::Pair,
	endpoints: &BTreeMap<OfferId, HttpClient>,
	closes_at: u64,
) -> (Vec<Agreement>, u64) {
	let mut messages = 0;
	let mut in_flight = FuturesUnordered::new();
	let send = |out: energy_negotiation::Outgoing| async move {
		let reply = match endpoints.get(&out.offer) {
			Some(client) => peers::send(client, &out.message).await,
			None => Reply::Silent("no endpoint for the offer".into()),
		};
		(out.offer, reply)
	};
	for out in agent.start(unix_millis(), &signer) {
		messages += 1;
		in_flight.push(send(out));
	}
	let mut tick = tokio::time::interval(POLL);
	while !(agent.is_done() && in_flight.is_empty()) {
		let now = unix_millis();
		let outs = tokio::select! {
			Some((offer, reply)) = in_flight.next() => match reply {
				Reply::Answer(message) => agent.on_reply(&message, now, &signer).unwrap_or_else(|refusal| {
					tracing::warn!(offer, "a seller's answer was refused: {}", refusal.describe());
					Vec::new()
				}),
				Reply::Refused(refusal) => {
					tracing::debug!(offer, "the seller refused: {}", refusal.describe());
					agent.on_refused(offer, now, &signer)
				}
				Reply::Silent(why) => {
					tracing::debug!(offer, "the seller is silent: {why}");
					agent.on_refused(offer, now, &signer)
				}
			},
			_ = tick.tick() => {
				if in_flight.is_empty() && now >= closes_at {
					break;
				}
				agent.on_tick(now, &signer)
			}
		};
		for out in outs {
			messages += 1;
			in_flight.push(send(out));
		}
	}
	(agent.agreements().to_vec(), messages)
}
