//! A household's agent on the private market (`energy-agent private`): for one market slot it
//! sells from its energy wallet or buys with its money wallet, negotiating with the
//! negotiation core's own agents and ontology, but under one-time keys instead of published
//! ones, so neither side nor the chain learns which household the other is.
//!
//! - The seller offers privately (`energy_wallet::market_commands::make_offer`), with its
//!   agent's endpoint in the offer's details, and serves the wire there. Its agent signs with
//!   the offer's one-time key; a buyer is its one-time key, which signs its own messages
//!   ([`Admitted`]). The seller negotiates with a buyer key once a member household admitted
//!   it ([`ADMIT_METHOD`], a ring signature of the household's market key,
//!   `energy_wallet::market_admission`), one key per household and offer, and tells it its
//!   floor then: a stranger to the consortium cannot hold the seller's sessions or queue
//!   ([`Refusal::UnknownSender`] to a key not admitted).
//! - Once they agree, the seller proves the agreement and consents (`agree_terms`) and serves
//!   the terms to that buyer alone ([`TERMS_METHOD`], asked with the buyer key's signature).
//!   One agreement at a time: each consent binds what the offer has left, which each purchase
//!   changes, so the seller waits for a purchase (or [`PURCHASE_WAIT`]) before the next terms.
//! - The buyer reads the slot's private offers and their endpoints from the chain, negotiates
//!   with them all, and buys the first agreement (a household buys once a slot): it makes a
//!   note of exactly the payment and the lock's fee, and locks it (`buy_terms`).
//!
//! Settling (release, claim, refund, close) is `energy-wallet market`'s, with the same market
//! file.

use crate::{households::negotiate, peers};
use anyhow::{bail, ensure, Context, Result};
use codec::{Decode, Encode};
use energy_microgrid::chain::unix_millis;
use energy_negotiation::{
	wire::{MAX_ENVELOPE_BYTES, METHOD, REFUSED},
	Agreement, BuyerAgent, BuyerConfig, Directory, Household, Key, Message, OfferTerms, Plan,
	Refusal, SellerAgent, SellerConfig, Window,
};
use energy_primitives::{Balance, GridPrices, MarketStatus, OfferId, Phase, SlotIndex};
use energy_privacy::{AuditHandle, Commitment, KeyImage, MarketKey, PriceBounds};
use energy_wallet::{
	asset::Asset,
	market_admission::{check_admission, Admission, Inadmissible},
	market_commands::{self, admissions, agree_terms, buy_terms, make_offer, new_buyer_key, Sale},
	market_file::bytes32,
	market_node::{MarketNode, PALLET},
	market_trades::AgreedTerms,
	money::format_money,
};
use jsonrpsee::{
	core::client::ClientT,
	http_client::HttpClient,
	rpc_params,
	server::{Server, ServerHandle},
	types::ErrorObjectOwned,
	RpcModule,
};
use parking_lot::Mutex;
use sp_core::{sr25519, Pair};
use std::{
	collections::BTreeMap,
	net::SocketAddr,
	path::{Path, PathBuf},
	sync::Arc,
	time::Duration,
};

/// The seller's method that hands a buyer its terms.
pub const TERMS_METHOD: &str = "agent_privateTerms";
/// The seller's method that admits a buyer key to negotiate, on a member household's
/// [`Admission`], and answers the seller's floor: the least it takes per kWh, which its agent
/// refuses to go under and a buyer's agent opens from. The floor is not in the offer's details,
/// which would publish it.
pub const ADMIT_METHOD: &str = "agent_privateAdmit";
/// What a buyer signs to ask for its terms: this, the chain's genesis hash, the offer and the
/// buyer's key, in SCALE.
pub const TERMS_CONTEXT: &[u8] = b"energy-market/private-terms";
/// How long a seller waits for a buyer's purchase before it serves the next buyer's terms.
pub const PURCHASE_WAIT: Duration = Duration::from_secs(15);
/// A slot's negotiation phase must have this long left when the agent starts trading in it.
const ROOM_MS: u64 = 30_000;
/// Negotiation ends halfway through what is left of the phase: the other half proves the
/// agreement, makes the payment's note and buys, each waiting for its block (on a chain of
/// minute-long slots, about 20 s for two blocks and the proofs).
fn negotiation_closes(status: &MarketStatus) -> u64 {
	let now = unix_millis();
	now + status.recording_starts_at.saturating_sub(now) / 2
}
/// How often a seller reads the market keys of current households again.
const MEMBERS_EVERY: Duration = Duration::from_secs(12);
/// How often the agents look at the chain or their sessions.
const POLL: Duration = Duration::from_millis(500);
/// A seller's agent takes its seat once its offer's block is in, which a buyer may read a
/// moment before: the buyer gives it this long before it asks to be admitted, which a seller
/// without a seat refuses.
const SEAT_GRACE: Duration = Duration::from_secs(2);

/// What the household does this slot.
#[derive(Clone, Copy, Debug)]
pub enum Role {
	/// Sells `energy_wh` for no less than `floor` per kWh.
	Sell { energy_wh: u64, floor: Balance },
	/// Buys `energy_wh`.
	Buy { energy_wh: u64 },
}

/// A private agent's settings.
pub struct Settings {
	/// The node's WebSocket URL.
	pub node: String,
	/// The household's market file (`energy-wallet market register` made it).
	pub market: PathBuf,
	/// Its money wallet: what a buyer pays with and a seller is paid into.
	pub money_wallet: PathBuf,
	/// Its energy wallet: what a seller locks (a note of exactly the energy and the lock's fee,
	/// which the agent makes if the wallet holds none).
	pub energy_wallet: Option<PathBuf>,
	/// Sell or buy.
	pub role: Role,
	/// Where a seller's agent answers, and the URL buyers reach it at (default: `http://` and
	/// the listening address). The URL is public in the offer's details: an address that
	/// names the household names the seller.
	pub listen: SocketAddr,
	pub endpoint: Option<String>,
	/// The agents' strategy.
	pub plan: Plan,
}

/// What one slot came to.
#[derive(Debug, Default)]
pub struct Outcome {
	/// The delivery slot.
	pub slot: SlotIndex,
	/// A seller's offer.
	pub offer: Option<OfferId>,
	/// The agreements the household's agent reached, and those on the chain.
	pub agreed: Vec<Agreement>,
	pub on_chain: usize,
}

/// The households a private seller's agent knows: the buyer keys it admitted, each its own
/// household, signing for itself. A key it did not admit is nobody
/// ([`Refusal::UnknownSender`]).
pub struct Admitted<'a>(pub &'a BTreeMap<Household, KeyImage>);

impl Directory for Admitted<'_> {
	fn negotiation_key(&self, household: &Household) -> Option<Key> {
		self.0.contains_key(household).then_some(*household)
	}
}

/// The JSON-RPC error code of an admission the seller's agent refuses ([`Unadmitted`]); its
/// message says why. (Admission is the private market's, not the negotiation ontology's, whose
/// refusals are [`REFUSED`].)
pub const NOT_ADMITTED: i32 = REFUSED + 1;

/// Why the seller's agent does not admit a buyer key.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Unadmitted {
	/// The agent has no offer yet (its offer's block is not in).
	NoOffer,
	/// The admission does not check.
	Inadmissible(Inadmissible),
	/// Its household negotiates this offer under another buyer key already.
	AlreadyAdmitted,
}

impl Unadmitted {
	/// What was wrong, for the buyer.
	pub fn describe(self) -> &'static str {
		match self {
			Unadmitted::NoOffer => "the seller's agent has no offer yet",
			Unadmitted::Inadmissible(reason) => reason.describe(),
			Unadmitted::AlreadyAdmitted => {
				"this household negotiates this offer under another buyer key"
			}
		}
	}
}

/// Trade one slot: the next one whose negotiation phase has [`ROOM_MS`] left.
pub async fn run(settings: Settings) -> Result<Outcome> {
	let market = MarketNode::connect(&settings.node).await?;
	match settings.role {
		Role::Sell { energy_wh, floor } => {
			let wallet =
				settings.energy_wallet.as_deref().context("a seller needs its energy wallet")?;
			// A lock has no change: a seller without a note of exactly the energy and the
			// lock's fee pays itself one first, before any phase waits on it.
			market_commands::prepare_exact_note(wallet, &settings.node, Asset::Energy, energy_wh)
				.await?;
			let status = next_negotiation(&market).await?;
			sell(&settings, wallet, &market, status, energy_wh, floor).await
		}
		Role::Buy { energy_wh } => {
			let status = next_negotiation(&market).await?;
			buy(&settings, &market, status, energy_wh).await
		}
	}
}

/// `slot`'s grid prices, and the bounds per Wh the chain proves private prices against.
async fn slot_prices(market: &MarketNode, slot: SlotIndex) -> Result<(GridPrices, PriceBounds)> {
	let prices = market
		.grid_prices(slot)
		.await?
		.with_context(|| format!("the grid operator has not priced slot {slot}"))?;
	let bounds = PriceBounds::per_wh(prices.import_price, prices.feed_in_price)
		.context("the slot's import price does not fit a private amount")?;
	Ok((prices, bounds))
}

/// The chain's status once a slot's negotiation phase has at least [`ROOM_MS`] left.
async fn next_negotiation(market: &MarketNode) -> Result<MarketStatus> {
	loop {
		let status = market.status().await?;
		if status.phase == Phase::Negotiation
			&& status.recording_starts_at.saturating_sub(unix_millis()) >= ROOM_MS
		{
			return Ok(status);
		}
		tokio::time::sleep(POLL).await;
	}
}

/// The slot's prices as bounds per Wh, and the payment of `agreement` within them: its value
/// (`energy_primitives::energy_value`) rounded into what the chain's bounds per Wh admit.
pub(crate) fn payment(agreement: &Agreement, bounds: &PriceBounds) -> Result<u64> {
	let energy = u128::from(agreement.energy_wh);
	let low = energy * u128::from(bounds.feed_in_price);
	let high = energy * u128::from(bounds.import_price);
	u64::try_from(agreement.value().clamp(low, high)).context("the payment does not fit a note")
}

/// Checks that the `terms` a seller served are those of `agreement`: its offer, its energy and
/// its payment within the slot's `bounds`. The buyer's wallet checks that the terms open
/// their commitments; this checks that they are what the agents agreed, so a seller cannot
/// charge more than the price it signed.
pub(crate) fn check_terms(
	agreement: &Agreement,
	bounds: &PriceBounds,
	terms: &AgreedTerms,
) -> Result<()> {
	let owed = payment(agreement, bounds)?;
	ensure!(
		(terms.offer, terms.energy, terms.payment) == (agreement.offer, agreement.energy_wh, owed),
		"the seller's terms (offer {}, {} Wh for {}) are not what the agents agreed (offer {}, \
		 {} Wh for {}): not buying",
		terms.offer,
		terms.energy,
		format_money(terms.payment),
		agreement.offer,
		agreement.energy_wh,
		format_money(owed)
	);
	Ok(())
}

/// What the seller's server shares: its agent, the key it signs with, the market keys of
/// current households and the chain's ring sizes (what admissions are checked against), the
/// buyer keys admitted with their households' images, and the terms it has made, by buyer.
pub(crate) struct Stall {
	pub(crate) genesis: [u8; 32],
	pub(crate) seat: Option<(SellerAgent<Plan>, sr25519::Pair)>,
	pub(crate) members: Vec<(u32, MarketKey)>,
	pub(crate) ring_sizes: (u32, u32),
	pub(crate) admitted: BTreeMap<Household, KeyImage>,
	pub(crate) terms: BTreeMap<Household, AgreedTerms>,
}

impl Stall {
	/// A stall of `genesis` with no seat yet.
	pub(crate) fn new(
		genesis: [u8; 32],
		members: Vec<(u32, MarketKey)>,
		ring_sizes: (u32, u32),
	) -> Self {
		Self {
			genesis,
			seat: None,
			members,
			ring_sizes,
			admitted: BTreeMap::new(),
			terms: BTreeMap::new(),
		}
	}

	/// Admits `admission`'s buyer key, once its household's ring signature checks: the seller's
	/// floor.
	fn admit(&mut self, admission: &Admission) -> Result<Balance, Unadmitted> {
		let Some((agent, _)) = self.seat.as_ref() else {
			return Err(Unadmitted::NoOffer);
		};
		let offer = agent.offer();
		let (buyer, image) = check_admission(
			admission,
			&self.genesis,
			offer.id,
			offer.slot,
			&self.members,
			self.ring_sizes,
		)
		.map_err(Unadmitted::Inadmissible)?;
		let floor = offer.floor;
		match self.admitted.iter().find(|(_, known)| **known == image) {
			Some((key, _)) if *key != buyer => Err(Unadmitted::AlreadyAdmitted),
			_ => {
				self.admitted.insert(buyer, image);
				Ok(floor)
			}
		}
	}
}

async fn sell(
	settings: &Settings,
	energy_wallet: &Path,
	market: &MarketNode,
	status: MarketStatus,
	energy_wh: u64,
	floor: Balance,
) -> Result<Outcome> {
	// Both sides' agents negotiate until the same moment.
	let closes_at = negotiation_closes(&status);
	let delivery = status.slot + 1;
	let (prices, bounds) = slot_prices(market, delivery).await?;
	// An offer nobody may buy would lock the energy for nothing.
	let eur =
		|price: Balance| u64::try_from(price).map_or_else(|_| price.to_string(), format_money);
	ensure!(
		floor <= prices.import_price,
		"the floor, {} per kWh, is above slot {delivery}'s grid import price, {} per kWh: \
		 no buyer may pay it",
		eur(floor),
		eur(prices.import_price)
	);
	let genesis = market.genesis();
	let limits = market.limits().await?;
	let stall = Arc::new(Mutex::new(Stall::new(
		genesis,
		market.market_keys().await?,
		(limits.min_ring, limits.max_ring),
	)));
	let (server, address) = serve(settings.listen, stall.clone()).await?;
	let endpoint = settings.endpoint.clone().unwrap_or_else(|| format!("http://{address}"));
	let details = serde_json::json!({ "endpoint": endpoint }).to_string();
	let made =
		make_offer(&settings.market, energy_wallet, &settings.node, energy_wh, details.as_bytes())
			.await?;
	tracing::info!(offer = made.offer, slot = made.slot, %endpoint, "offered privately");
	let signer = sr25519::Pair::from_seed(&bytes32(&made.key_seed, "the offer key's seed")?);
	let key = signer.public().0;
	let window = Window { opens_at: unix_millis(), closes_at };
	let terms = OfferTerms {
		id: made.offer,
		slot: delivery,
		seller: key,
		seller_key: key,
		floor,
		cap: prices.import_price,
		energy_wh,
	};
	let agent = SellerAgent::new(genesis, terms, window, settings.plan, SellerConfig::default());
	stall.lock().seat = Some((agent, signer));

	// The agreements, one at a time: terms, then the buyer's purchase (or the wait's end).
	let mut served = 0;
	let mut members_read = tokio::time::Instant::now();
	while unix_millis() < status.recording_starts_at {
		// Households register and leave: the keys admissions are checked against follow them.
		if members_read.elapsed() >= MEMBERS_EVERY {
			let members = market.market_keys().await?;
			stall.lock().members = members;
			members_read = tokio::time::Instant::now();
		}
		let next = stall
			.lock()
			.seat
			.as_ref()
			.and_then(|(agent, _)| agent.agreements().get(served).cloned());
		let Some(agreement) = next else {
			tokio::time::sleep(POLL).await;
			continue;
		};
		served += 1;
		let sale = Sale {
			offer: made.offer,
			energy: agreement.energy_wh,
			payment: payment(&agreement, &bounds)?,
			buyer_key: agreement.buyer,
		};
		let made_terms =
			agree_terms(&settings.market, &settings.money_wallet, &settings.node, &sale).await;
		match made_terms {
			Ok(terms) => {
				stall.lock().terms.insert(agreement.buyer, terms);
				let waited = tokio::time::Instant::now();
				while waited.elapsed() < PURCHASE_WAIT
					&& !market.agreements().await?.iter().any(|(_, bought)| {
						bought.offer == made.offer && bought.buyer_key == agreement.buyer
					}) {
					tokio::time::sleep(POLL).await;
				}
			}
			Err(error) => tracing::warn!("cannot make an agreement's terms: {error:#}"),
		}
	}
	server.stop().ok();
	let agreed = stall
		.lock()
		.seat
		.as_ref()
		.map(|(agent, _)| agent.agreements().to_vec())
		.unwrap_or_default();
	let on_chain =
		market.agreements().await?.iter().filter(|(_, bought)| bought.offer == made.offer).count();
	Ok(Outcome { slot: delivery, offer: Some(made.offer), agreed, on_chain })
}

/// The seller's server: the wire's [`METHOD`] for its agent, and [`TERMS_METHOD`].
pub(crate) async fn serve(
	listen: SocketAddr,
	stall: Arc<Mutex<Stall>>,
) -> Result<(ServerHandle, SocketAddr)> {
	let server = Server::builder()
		.max_request_body_size(MAX_ENVELOPE_BYTES as u32)
		// Terms carry a proof: a few kilobytes.
		.max_response_body_size(16 * 1024)
		.build(listen)
		.await
		.with_context(|| format!("cannot listen on {listen}"))?;
	let address = server.local_addr()?;
	let mut module = RpcModule::new(stall);
	module.register_method(METHOD, |params, stall, _| {
		let message = params
			.one::<serde_json::Value>()
			.map_err(|_| Refusal::Malformed)
			.and_then(|value| Message::from_json(value.to_string().as_bytes()))
			.map_err(refused)?;
		let mut stall = stall.lock();
		let Stall { seat, admitted, .. } = &mut *stall;
		let Some((agent, signer)) = seat.as_mut() else {
			return Err(refused(Refusal::UnknownOffer));
		};
		if message.body.offer != agent.offer().id {
			return Err(refused(Refusal::UnknownOffer));
		}
		let reply = agent
			.on_message(&message, unix_millis(), &Admitted(admitted), &*signer)
			.map_err(refused)?;
		serde_json::to_value(&reply).map_err(|_| refused(Refusal::Malformed))
	})?;
	module.register_method(ADMIT_METHOD, |params, stall, _| {
		let admission: Admission = params
			.one()
			.map_err(|_| unadmitted(Unadmitted::Inadmissible(Inadmissible::Malformed)))?;
		stall.lock().admit(&admission).map(|floor| floor.to_string()).map_err(unadmitted)
	})?;
	module.register_method(TERMS_METHOD, |params, stall, _| {
		let (buyer, signature): (String, String) =
			params.parse().map_err(|_| refused(Refusal::Malformed))?;
		let buyer = bytes32(&buyer, "buyer").map_err(|_| refused(Refusal::Malformed))?;
		let signature: [u8; 64] = hex::decode(signature.trim_start_matches("0x"))
			.ok()
			.and_then(|bytes| bytes.try_into().ok())
			.ok_or_else(|| refused(Refusal::Malformed))?;
		let stall = stall.lock();
		let Some((agent, _)) = stall.seat.as_ref() else {
			return Err(refused(Refusal::UnknownOffer));
		};
		let request = terms_request(&stall.genesis, agent.offer().id, &buyer);
		if !energy_negotiation::verify(&buyer, &request, &signature) {
			return Err(refused(Refusal::BadSignature));
		}
		Ok(stall.terms.get(&buyer).cloned())
	})?;
	Ok((server.start(module), address))
}

/// The bytes a buyer signs to ask for its terms of `offer`.
pub(crate) fn terms_request(genesis: &[u8; 32], offer: OfferId, buyer: &Household) -> Vec<u8> {
	(TERMS_CONTEXT, genesis, offer, buyer).encode()
}

fn refused(refusal: Refusal) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(REFUSED, refusal.describe(), Some(refusal))
}

fn unadmitted(reason: Unadmitted) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(NOT_ADMITTED, reason.describe(), None::<()>)
}

/// A private offer of a slot, as a buyer finds it.
struct Found {
	offer: OfferId,
	key: Key,
	endpoint: String,
}

/// Asks the seller's agent at `client` to admit the buyer key of `admission`: the seller's
/// floor.
pub(crate) async fn ask_admission(client: &HttpClient, admission: &Admission) -> Result<Balance> {
	let offer = admission.offer;
	let floor: String = client
		.request(ADMIT_METHOD, rpc_params![admission])
		.await
		.with_context(|| format!("offer {offer}'s seller did not admit the buyer"))?;
	floor.parse().with_context(|| format!("offer {offer}'s seller told a floor of {floor:?}"))
}

/// The private offers of `slot` whose endpoints the events of the chain's best blocks show,
/// read until every offer the chain holds for the slot has one or `until` (Unix ms) passes.
/// (Best blocks, not finalized ones: an offer is negotiated as soon as it is in a block, and
/// one a re-organisation drops is no longer among the chain's offers.)
async fn private_offers(market: &MarketNode, slot: SlotIndex, until: u64) -> Result<Vec<Found>> {
	let mut endpoints: BTreeMap<OfferId, String> = BTreeMap::new();
	let mut read_to = market.best_number().await?.saturating_sub(20);
	loop {
		let best = market.best_number().await?;
		for number in read_to + 1..=best {
			for event in market.events_of_block(number).await? {
				if !event.is(PALLET, "PrivateOfferMade") {
					continue;
				}
				let Ok((offer, offer_slot, _, _, details)) =
					<(OfferId, SlotIndex, Commitment, AuditHandle, Vec<u8>)>::decode(
						&mut &event.fields[..],
					)
				else {
					continue;
				};
				let endpoint = serde_json::from_slice::<serde_json::Value>(&details)
					.ok()
					.and_then(|value| value.get("endpoint")?.as_str().map(str::to_string));
				if let (true, Some(endpoint)) = (offer_slot == slot, endpoint) {
					endpoints.insert(offer, endpoint);
				}
			}
		}
		read_to = best;
		let open: Vec<(OfferId, Key)> = market
			.offers()
			.await?
			.into_iter()
			.filter(|(_, offer)| offer.slot == slot)
			.map(|(id, offer)| (id, offer.offer_key))
			.collect();
		if (!open.is_empty() && open.iter().all(|(id, _)| endpoints.contains_key(id)))
			|| unix_millis() >= until
		{
			return Ok(open
				.into_iter()
				.filter_map(|(offer, key)| {
					Some(Found { offer, key, endpoint: endpoints.get(&offer)?.clone() })
				})
				.collect());
		}
		tokio::time::sleep(POLL).await;
	}
}

async fn buy(
	settings: &Settings,
	market: &MarketNode,
	status: MarketStatus,
	energy_wh: u64,
) -> Result<Outcome> {
	let closes_at = negotiation_closes(&status);
	let delivery = status.slot + 1;
	let genesis = market.genesis();
	let (prices, bounds) = slot_prices(market, delivery).await?;
	let (seed, key) = new_buyer_key(&settings.market)?;
	let signer = sr25519::Pair::from_seed(&bytes32(&seed, "the buyer key's seed")?);
	// The sellers offer in the first seconds of the phase (their offers take a block); the
	// buyer reads what is there by three fifths of its negotiation.
	let now = unix_millis();
	let found =
		private_offers(market, delivery, now + closes_at.saturating_sub(now) * 3 / 5).await?;
	let ids: Vec<OfferId> = found.iter().map(|offer| offer.offer).collect();
	let admissions = admissions(&settings.market, &settings.node, &ids, &key).await?;
	tokio::time::sleep(SEAT_GRACE).await;
	let mut endpoints: BTreeMap<OfferId, HttpClient> = BTreeMap::new();
	let mut offers = Vec::new();
	for (offer, admission) in found.iter().zip(&admissions) {
		let floor = match peers::client(&offer.endpoint) {
			Ok(client) => ask_admission(&client, admission).await.map(|floor| (client, floor)),
			Err(error) => Err(error),
		};
		match floor {
			// An offer whose floor is above the slot's import price cannot be bought.
			Ok((client, floor)) if floor <= prices.import_price => {
				endpoints.insert(offer.offer, client);
				offers.push(OfferTerms {
					id: offer.offer,
					slot: delivery,
					seller: offer.key,
					seller_key: offer.key,
					floor: floor.max(prices.feed_in_price),
					cap: prices.import_price,
					// What the offer holds is hidden: the buyer asks for what it wants.
					energy_wh,
				});
			}
			Ok(_) => tracing::info!(offer = offer.offer, "its floor is above the import price"),
			Err(error) => tracing::warn!(offer = offer.offer, "unusable endpoint: {error:#}"),
		}
	}
	if offers.is_empty() {
		bail!("no private offer of slot {delivery} whose seller answers within the slot's prices");
	}
	let window = Window { opens_at: unix_millis(), closes_at };
	let agent = BuyerAgent::new(
		genesis,
		key,
		energy_wh,
		window,
		settings.plan,
		BuyerConfig::default(),
		offers,
	);
	let (agreed, messages) = negotiate(agent, signer.clone(), &endpoints, closes_at).await;
	tracing::info!(agreements = agreed.len(), messages, "negotiated");
	// A household buys once a slot: the first agreement.
	let Some(agreement) = agreed.first() else {
		return Ok(Outcome { slot: delivery, agreed, ..Outcome::default() });
	};
	let client =
		endpoints.get(&agreement.offer).context("the agreement's seller has no endpoint")?;
	let request = terms_request(&genesis, agreement.offer, &key);
	let signature = format!("0x{}", hex::encode(signer.sign(&request).0));
	let terms = loop {
		let answer: Result<Option<AgreedTerms>, _> = client
			.request(
				TERMS_METHOD,
				rpc_params![format!("0x{}", hex::encode(key)), signature.clone()],
			)
			.await;
		match answer {
			Ok(Some(terms)) => break terms,
			Ok(None) if unix_millis() < status.recording_starts_at => {
				tokio::time::sleep(POLL).await
			}
			Ok(None) => bail!("the seller sent no terms in time"),
			Err(error) => bail!("the seller's terms did not come: {error}"),
		}
	};
	check_terms(agreement, &bounds, &terms)?;
	market_commands::prepare_exact_note(
		&settings.money_wallet,
		&settings.node,
		Asset::Money,
		terms.payment,
	)
	.await?;
	let bought =
		buy_terms(&settings.market, &settings.money_wallet, &settings.node, &terms).await?;
	tracing::info!(agreement = ?bought.agreement, "bought privately");
	Ok(Outcome {
		slot: delivery,
		offer: Some(agreement.offer),
		on_chain: usize::from(bought.agreement.is_some()),
		agreed,
	})
}
