//! The engine: a micro-grid's households, their meters' flows and their forecasts, prepared
//! once, and any hour's market run with any strategy on them. Each hour, households whose
//! forecast says they will feed energy in offer it at their cost, the others' buyer agents
//! negotiate for what they will draw (the negotiation core, in memory), and the agreements
//! settle against the flows the meters measured, by the chain's rules.

use energy_household::{Flows, Installation, SLOTS_PER_DAY};
use energy_negotiation::{
	exchange::{negotiate, BuyerSeat, Network, SellerSeat, Traffic},
	welfare::{optimal_clearing, trade_welfare, Order},
	Agreement, BuyerAgent, BuyerConfig, Household, Key, OfferTerms, Plan, SellerAgent,
	SellerConfig, Signer, Window,
};
use energy_primitives::{energy_value, Balance, Energy, OfferId, SlotIndex};
use std::collections::BTreeMap;

use crate::{
	forecasting::Method,
	population::{chain_population, population, Member},
	tariff::Tariff,
};

/// The chain the simulated agents sign for (a name of the simulation's own: its agreements are
/// never sent to a chain).
pub const GENESIS: [u8; 32] = *b"energy-microgrid simulation 2022";

/// How long each slot's negotiations last, in ms (the first ten minutes of the hour).
pub const NEGOTIATION_MS: u64 = 10 * 60_000;

/// What a simulation is made of.
#[derive(Clone, Debug)]
pub struct Settings {
	/// Households of the micro-grid.
	pub households: usize,
	/// The first market slot simulated (hours since the Unix epoch, UTC).
	pub first_slot: SlotIndex,
	/// Market hours simulated.
	pub hours: u64,
	/// Days of meter history the forecasters start with (at least 2).
	pub history_days: u64,
	/// How households forecast.
	pub forecaster: Method,
	/// The households' site, batteries and connections.
	pub installation: Installation,
	/// The grid operator's prices.
	pub tariff: Tariff,
	/// The share of a shortfall's value paid as a penalty, in percent (the chain's
	/// `PenaltyRate`; 10 in its genesis).
	pub penalty_percent: u32,
	/// The smallest offer or purchase worth a negotiation, in Wh.
	pub min_trade_wh: Energy,
	/// The agents' network.
	pub network: Network,
	/// Who the households are.
	pub population: Population,
}

/// Who a micro-grid's households are.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Population {
	/// Households drawn from this seed, as the simulator alone makes them.
	Seeded(u64),
	/// The households a micro-grid chain spec admits (`//Household1` and on), each modelled as
	/// the meter simulator models its meter.
	Chain,
}

/// Why a simulation cannot start.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum SettingsError {
	/// No households.
	NoHouseholds,
	/// No hours.
	NoHours,
	/// Less than two days of history: Holt-Winters needs two seasons.
	TooLittleHistory,
	/// The first slot is so early that its history would start before 1970.
	BeforeTheEpoch,
	/// The penalty is above 100%.
	PenaltyAboveValue,
}

impl std::fmt::Display for SettingsError {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		f.write_str(match self {
			SettingsError::NoHouseholds => "a micro-grid needs at least one household",
			SettingsError::NoHours => "simulate at least one hour",
			SettingsError::TooLittleHistory => "the forecasters need at least 2 days of history",
			SettingsError::BeforeTheEpoch => "the history would start before 1970",
			SettingsError::PenaltyAboveValue => "the penalty cannot exceed 100% of a shortfall",
		})
	}
}

impl std::error::Error for SettingsError {}

/// A household's forecast for one hour, in Wh.
#[derive(Clone, Copy, PartialEq, Debug, Default)]
pub struct Forecast {
	/// Energy it expects to feed into the grid.
	pub export_wh: f64,
	/// Energy it expects to draw from the grid.
	pub import_wh: f64,
}

/// A micro-grid ready to simulate: its households, what their meters will measure in each hour,
/// and what they forecast.
pub struct Simulation {
	settings: Settings,
	members: Vec<Member>,
	directory: BTreeMap<Household, Key>,
	/// Each member's place in `members`, by account.
	index_of: BTreeMap<Household, usize>,
	/// Each member's flows in each simulated hour.
	flows: Vec<Vec<Flows>>,
	/// Each member's forecast of each simulated hour.
	forecasts: Vec<Vec<Forecast>>,
	/// The energy each member's tokens stand for when it offers for each simulated hour: its
	/// battery's charge at the end of the hour before last, the last its meter reported
	/// by then.
	stored: Vec<Vec<Energy>>,
}

/// One household's part in one hour's market.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Part {
	/// Energy it offered, in Wh.
	pub offered_wh: Energy,
	/// Energy it set out to buy, in Wh.
	pub needed_wh: Energy,
	/// Energy its agreements delivered to others, in Wh (meter-confirmed).
	pub sold_wh: Energy,
	/// Energy its agreements brought it, in Wh (meter-confirmed).
	pub bought_wh: Energy,
	/// Money it received for energy sold.
	pub received: Balance,
	/// Money it paid for energy bought.
	pub paid: Balance,
	/// Penalties it paid the grid operator for its shortfalls.
	pub penalties: Balance,
	/// What it paid the grid for the rest of its imports.
	pub grid_import_cost: Balance,
	/// What the grid paid it for the rest of its exports.
	pub grid_export_income: Balance,
	/// What the hour would have cost it with no market: its imports at the import price less
	/// its exports at the feed-in price (negative: it earned).
	pub grid_only_bill: i128,
	/// What the hour cost it with the market (negative: it earned).
	pub bill: i128,
}

/// One hour's market: what was offered, agreed and delivered, against the optimum.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct Hour {
	/// The market slot.
	pub slot: SlotIndex,
	/// The grid's import price in the slot, per kWh.
	pub import_price: Balance,
	/// Offers made.
	pub offers: u32,
	/// Households that set out to buy.
	pub buyers: u32,
	/// Negotiations the buyers opened.
	pub negotiations: u64,
	/// Messages the buyers sent.
	pub messages: u64,
	/// Refusals met (zero between honest agents).
	pub refusals: u64,
	/// Agreements the sellers recorded.
	pub agreements: u32,
	/// Energy offered, in Wh.
	pub offered_wh: Energy,
	/// Energy buyers set out to buy, in Wh.
	pub needed_wh: Energy,
	/// Energy agreed, in Wh.
	pub agreed_wh: Energy,
	/// Energy the agreements delivered, both meters confirming, in Wh: grid import avoided.
	pub delivered_wh: Energy,
	/// Money paid for what was delivered.
	pub paid: Balance,
	/// Penalties paid to the grid operator.
	pub penalties: Balance,
	/// The agents' welfare: what the agreed energy is worth to the buyers (the import price)
	/// less what it cost the sellers.
	pub welfare: Balance,
	/// The welfare of the optimal clearing of the same offers and needs.
	pub optimal_welfare: Balance,
	/// Energy the optimal clearing trades, in Wh.
	pub optimal_wh: Energy,
	/// Energy the households used, in Wh.
	pub load_wh: Energy,
	/// Energy their PV produced, in Wh.
	pub pv_wh: Energy,
	/// Energy they drew from the grid, in Wh (local trades included).
	pub imported_wh: Energy,
	/// Energy they fed into the grid, in Wh (local trades included).
	pub exported_wh: Energy,
	/// PV energy curtailed, in Wh.
	pub curtailed_wh: Energy,
	/// Each household's part, in the order of the population.
	pub parts: Vec<Part>,
	/// Offers of the households trading from the nodes' offchain workers (not among
	/// `offers`, `offered_wh` and the optimum: their agents' needs are the nodes' own).
	pub in_node_offers: u32,
	/// Energy they offered, in Wh.
	pub in_node_offered_wh: Energy,
	/// Agreements their sellers recorded (not among `agreements`, `agreed_wh` and `welfare`;
	/// their deliveries, payments and penalties are among the hour's).
	pub in_node_agreements: u32,
	/// Energy agreed in them, in Wh.
	pub in_node_agreed_wh: Energy,
}

impl Hour {
	/// The average price of what was delivered, per kWh (`None` when nothing was).
	pub fn average_price(&self) -> Option<Balance> {
		(self.delivered_wh > 0).then(|| self.paid * 1_000 / Balance::from(self.delivered_wh))
	}
}

impl Simulation {
	/// Prepares the micro-grid of `settings`: its households, their flows over the history and
	/// the simulated hours, and their forecasts.
	pub fn new(settings: Settings) -> Result<Self, SettingsError> {
		if settings.households == 0 {
			return Err(SettingsError::NoHouseholds);
		}
		if settings.hours == 0 {
			return Err(SettingsError::NoHours);
		}
		if settings.history_days < 2 {
			return Err(SettingsError::TooLittleHistory);
		}
		if settings.penalty_percent > 100 {
			return Err(SettingsError::PenaltyAboveValue);
		}
		let first_day = (settings.first_slot / SLOTS_PER_DAY)
			.checked_sub(settings.history_days)
			.ok_or(SettingsError::BeforeTheEpoch)?;
		let start = first_day * SLOTS_PER_DAY;
		let end = settings.first_slot + settings.hours;
		let members = match settings.population {
			Population::Seeded(seed) => population(settings.households, seed),
			Population::Chain => chain_population(settings.households),
		};
		let directory = members.iter().map(|m| (m.account, m.key.public())).collect();
		let index_of = members.iter().enumerate().map(|(i, m)| (m.account, i)).collect();
		let mut flows = Vec::with_capacity(members.len());
		let mut forecasts = Vec::with_capacity(members.len());
		let mut stored = Vec::with_capacity(members.len());
		for member in &members {
			let days = end.div_ceil(SLOTS_PER_DAY) - first_day;
			let all = member.model.days(first_day, days, &settings.installation);
			let offset = (settings.first_slot - start) as usize;
			forecasts.push(day_ahead(&all, offset, settings.hours as usize, settings.forecaster));
			// The history holds two days at least, so `offset` is past the first two hours.
			stored.push(
				all[offset - 2..offset - 2 + settings.hours as usize]
					.iter()
					.map(|f| f.state_of_charge_wh)
					.collect(),
			);
			flows.push(all[offset..offset + settings.hours as usize].to_vec());
		}
		Ok(Simulation { settings, members, directory, index_of, flows, forecasts, stored })
	}

	/// The settings it was made with.
	pub fn settings(&self) -> &Settings {
		&self.settings
	}

	/// Its households.
	pub fn members(&self) -> &[Member] {
		&self.members
	}

	/// What `member`'s meter measures in simulated hour `hour`.
	pub fn flows(&self, member: usize, hour: usize) -> &Flows {
		&self.flows[member][hour]
	}

	/// What `member` forecast for simulated hour `hour`.
	pub fn forecast(&self, member: usize, hour: usize) -> Forecast {
		self.forecasts[member][hour]
	}

	/// What each household sets out to do in simulated hour `hour`, from its forecast's net:
	/// sell what it expects to feed in, as far as the energy its tokens stand for goes (the
	/// chain holds an offer's energy in tokens, which meters mint for a battery's charge), or
	/// buy what it expects to draw; either only if worth a negotiation.
	pub fn intentions(&self, hour: usize) -> Vec<Intention> {
		let min = self.settings.min_trade_wh as f64;
		self.forecasts
			.iter()
			.zip(&self.stored)
			.map(|(forecasts, stored)| {
				let net = forecasts[hour].export_wh - forecasts[hour].import_wh;
				if net >= min {
					let offer = (net as Energy).min(stored[hour]);
					if offer >= self.settings.min_trade_wh {
						Intention::Sell(offer)
					} else {
						Intention::Stay
					}
				} else if -net >= min {
					Intention::Buy((-net) as Energy)
				} else {
					Intention::Stay
				}
			})
			.collect()
	}

	/// The price below which `member` does not sell in a slot whose import price is `cap`: its
	/// cost, but never below the feed-in price (the grid pays that anyway) nor above the cap.
	pub fn floor(&self, member: usize, cap: Balance) -> Balance {
		self.members[member].cost_per_kwh.max(self.settings.tariff.feed_in_per_kwh).min(cap)
	}

	/// Runs simulated hour `hour` (0 is the first) with every agent on `plan`.
	pub fn run_hour(&self, hour: usize, plan: Plan) -> Hour {
		let settings = &self.settings;
		let slot = settings.first_slot + hour as u64;
		let cap = settings.tariff.import(slot);
		let opens_at = slot * 3_600_000;
		let window = Window { opens_at, closes_at: opens_at + NEGOTIATION_MS };

		// Who sells and who buys: the forecast's net.
		let mut offers = Vec::new();
		let mut seller_of = BTreeMap::new();
		let mut needs = Vec::new();
		for (m, intention) in self.intentions(hour).into_iter().enumerate() {
			match intention {
				Intention::Sell(energy_wh) => {
					let id = offers.len() as OfferId + 1;
					offers.push(OfferTerms {
						id,
						slot,
						seller: self.members[m].account,
						seller_key: self.members[m].key.public(),
						floor: self.floor(m, cap),
						cap,
						energy_wh,
					});
					seller_of.insert(id, m);
				}
				Intention::Buy(need) => needs.push((m, need)),
				Intention::Stay => {}
			}
		}
		let mut result = self.open_hour(hour, cap, &offers, &seller_of, &needs);
		let (traffic, agreements) =
			self.negotiate(GENESIS, window, plan, &offers, &seller_of, &needs);
		result.negotiations = traffic.negotiations;
		result.messages = traffic.messages;
		result.refusals = traffic.refusals.len() as u64;

		// Settlement, in the order the sellers recorded their agreements.
		let mut used_export = vec![0 as Energy; self.members.len()];
		let mut used_import = vec![0 as Energy; self.members.len()];
		for (id, agreements) in &agreements {
			let floor = offers[(*id - 1) as usize].floor;
			for agreement in agreements {
				let (s, b) = (seller_of[id], self.index_of[&agreement.buyer]);
				result.record(agreement.energy_wh, floor);
				let settlement =
					self.settle(agreement, s, b, hour, &mut used_export, &mut used_import);
				result.settle(s, b, &settlement);
			}
		}
		self.close_hour(hour, &mut result);
		result
	}

	/// An hour's result before its negotiations: the offers and needs, and the optimal clearing
	/// of them. `seller_of` gives each offer's seller, `needs` each buyer and what it needs.
	pub fn open_hour(
		&self,
		hour: usize,
		cap: Balance,
		offers: &[OfferTerms],
		seller_of: &BTreeMap<OfferId, usize>,
		needs: &[(usize, Energy)],
	) -> Hour {
		let mut result = Hour {
			slot: self.settings.first_slot + hour as u64,
			import_price: cap,
			parts: vec![Part::default(); self.members.len()],
			..Hour::default()
		};
		for offer in offers {
			result.parts[seller_of[&offer.id]].offered_wh += offer.energy_wh;
		}
		for &(m, need) in needs {
			result.parts[m].needed_wh += need;
		}
		let asks: Vec<Order> =
			offers.iter().map(|o| Order { energy_wh: o.energy_wh, price: o.floor }).collect();
		let bids: Vec<Order> =
			needs.iter().map(|&(_, need)| Order { energy_wh: need, price: cap }).collect();
		let optimum = optimal_clearing(&asks, &bids);
		result.optimal_welfare = optimum.welfare;
		result.optimal_wh = optimum.energy_wh;
		result.offers = offers.len() as u32;
		result.buyers = needs.len() as u32;
		result.offered_wh = offers.iter().map(|o| o.energy_wh).sum();
		result.needed_wh = needs.iter().map(|(_, need)| need).sum();
		result
	}

	/// The negotiations of one slot between the sellers of `offers` and the buyers of `needs`,
	/// every agent on `plan`, in memory, for the chain of `genesis`: the traffic, and each
	/// offer's agreements in the order its seller made them.
	pub fn negotiate(
		&self,
		genesis: [u8; 32],
		window: Window,
		plan: Plan,
		offers: &[OfferTerms],
		seller_of: &BTreeMap<OfferId, usize>,
		needs: &[(usize, Energy)],
	) -> (Traffic, Vec<(OfferId, Vec<Agreement>)>) {
		let buyer_config =
			BuyerConfig { min_trade_wh: self.settings.min_trade_wh, ..BuyerConfig::default() };
		let mut sellers: Vec<(OfferId, SellerAgent<Plan>)> = offers
			.iter()
			.map(|o| {
				let agent =
					SellerAgent::new(genesis, o.clone(), window, plan, SellerConfig::default());
				(o.id, agent)
			})
			.collect();
		let mut buyers: Vec<(usize, BuyerAgent<Plan>)> = needs
			.iter()
			.map(|&(m, need)| {
				let account = self.members[m].account;
				let agent = BuyerAgent::new(
					genesis,
					account,
					need,
					window,
					plan,
					buyer_config,
					offers.to_vec(),
				);
				(m, agent)
			})
			.collect();
		let mut seller_seats: BTreeMap<_, _> = sellers
			.iter_mut()
			.map(|(id, agent)| {
				let id = *id;
				(id, SellerSeat { agent, signer: &self.members[seller_of[&id]].key })
			})
			.collect();
		let mut buyer_seats: Vec<_> = buyers
			.iter_mut()
			.map(|(m, agent)| BuyerSeat { agent, signer: &self.members[*m].key })
			.collect();
		let traffic = negotiate(
			&mut seller_seats,
			&mut buyer_seats,
			&self.directory,
			window,
			&self.settings.network,
		);
		let agreements =
			sellers.iter().map(|(id, agent)| (*id, agent.agreements().to_vec())).collect();
		(traffic, agreements)
	}

	/// Closes hour `hour`'s result once its agreements settled: the rest of each household's
	/// flows goes to and comes from the grid, and each household's bills.
	pub fn close_hour(&self, hour: usize, result: &mut Hour) {
		let cap = result.import_price;
		let feed_in = self.settings.tariff.feed_in_per_kwh;
		for (m, part) in result.parts.iter_mut().enumerate() {
			let flows = &self.flows[m][hour];
			part.grid_import_cost = energy_value(flows.imported_wh - part.bought_wh, cap);
			part.grid_export_income = energy_value(flows.exported_wh - part.sold_wh, feed_in);
			part.grid_only_bill = energy_value(flows.imported_wh, cap) as i128
				- energy_value(flows.exported_wh, feed_in) as i128;
			part.bill = (part.grid_import_cost + part.paid + part.penalties) as i128
				- (part.grid_export_income + part.received) as i128;
			result.load_wh += flows.load_wh;
			result.pv_wh += flows.pv_wh;
			result.imported_wh += flows.imported_wh;
			result.exported_wh += flows.exported_wh;
			result.curtailed_wh += flows.curtailed_wh;
		}
	}

	/// The place of `household` among the members, if it is one.
	pub fn member_index(&self, household: &Household) -> Option<usize> {
		self.index_of.get(household).copied()
	}

	/// Settles `agreement` of seller `s` and buyer `b` against their meters, as the chain does
	/// (`pallet-market`'s settlement): each household's meter-confirmed flow counts for one
	/// agreement only, in the order recorded; the seller is paid for what both meters confirm;
	/// each side pays the penalty rate on the value of its own shortfall.
	fn settle(
		&self,
		agreement: &Agreement,
		s: usize,
		b: usize,
		hour: usize,
		used_export: &mut [Energy],
		used_import: &mut [Energy],
	) -> Settled {
		let exported = (self.flows[s][hour].exported_wh - used_export[s]).min(agreement.energy_wh);
		let imported = (self.flows[b][hour].imported_wh - used_import[b]).min(agreement.energy_wh);
		let delivered = exported.min(imported);
		let paid = energy_value(delivered, agreement.price);
		let penalty = |shortfall: Energy| {
			let value = energy_value(shortfall, agreement.price);
			(value * Balance::from(self.settings.penalty_percent)).div_ceil(100)
		};
		let escrow = energy_value(agreement.energy_wh, agreement.price);
		used_export[s] += delivered;
		used_import[b] += delivered;
		Settled {
			delivered,
			paid,
			seller_penalty: penalty(agreement.energy_wh - exported),
			buyer_penalty: penalty(agreement.energy_wh - imported).min(escrow - paid),
		}
	}
}

/// What a household sets out to do in an hour's market.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Intention {
	/// Offer this much energy, in Wh.
	Sell(Energy),
	/// Buy this much energy, in Wh.
	Buy(Energy),
	/// Neither: its forecast nets out below the smallest trade, or it expects a surplus but
	/// has too little stored energy to offer.
	Stay,
}

/// How one agreement settled: the chain's `Settlement`.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Settled {
	/// Energy both meters confirm, in Wh.
	pub delivered: Energy,
	/// Money paid to the seller.
	pub paid: Balance,
	/// The seller's penalty for energy it did not deliver.
	pub seller_penalty: Balance,
	/// The buyer's penalty for energy it did not take.
	pub buyer_penalty: Balance,
}

impl Hour {
	/// Counts an agreement of `energy_wh`, of an offer with floor `floor`, as recorded.
	pub fn record(&mut self, energy_wh: Energy, floor: Balance) {
		self.agreements += 1;
		self.agreed_wh += energy_wh;
		self.welfare += trade_welfare(energy_wh, self.import_price, floor);
	}

	/// Counts an offer of `energy_wh` that household `m` made from a node.
	pub fn record_in_node_offer(&mut self, m: usize, energy_wh: Energy) {
		self.in_node_offers += 1;
		self.in_node_offered_wh += energy_wh;
		if let Some(part) = self.parts.get_mut(m) {
			part.offered_wh += energy_wh;
		}
	}

	/// Counts an agreement of `energy_wh` that a household's seller recorded from a node.
	pub fn record_in_node(&mut self, energy_wh: Energy) {
		self.in_node_agreements += 1;
		self.in_node_agreed_wh += energy_wh;
	}

	/// Counts how an agreement of seller `s` and buyer `b` settled.
	pub fn settle(&mut self, s: usize, b: usize, settled: &Settled) {
		self.delivered_wh += settled.delivered;
		self.paid += settled.paid;
		self.penalties += settled.seller_penalty + settled.buyer_penalty;
		let seller = &mut self.parts[s];
		seller.sold_wh += settled.delivered;
		seller.received += settled.paid;
		seller.penalties += settled.seller_penalty;
		let buyer = &mut self.parts[b];
		buyer.bought_wh += settled.delivered;
		buyer.paid += settled.paid;
		buyer.penalties += settled.buyer_penalty;
	}
}

/// Each simulated hour's forecast from the flows `all` (history first, the simulated hours from
/// `offset` on): at the start and at each midnight, the rest of the day is forecast in one go
/// from everything before it.
fn day_ahead(all: &[Flows], offset: usize, hours: usize, method: Method) -> Vec<Forecast> {
	let exports: Vec<f64> = all.iter().map(|f| f.exported_wh as f64).collect();
	let imports: Vec<f64> = all.iter().map(|f| f.imported_wh as f64).collect();
	let day = SLOTS_PER_DAY as usize;
	let mut forecasts = Vec::with_capacity(hours);
	let mut at = offset;
	while at < offset + hours {
		let horizon = (day - at % day).min(offset + hours - at);
		// The history holds at least two days (checked by `Simulation::new`), as both methods
		// need; should one refuse, the household forecasts nothing and stays out of the hour.
		let export = method.forecast(&exports[..at], horizon).unwrap_or_default();
		let import = method.forecast(&imports[..at], horizon).unwrap_or_default();
		for h in 0..horizon {
			forecasts.push(Forecast {
				export_wh: export.get(h).copied().unwrap_or(0.0),
				import_wh: import.get(h).copied().unwrap_or(0.0),
			});
		}
		at += horizon;
	}
	forecasts
}
