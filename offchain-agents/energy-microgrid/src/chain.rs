//! The chain as the micro-grid's agents reach it through a node: the market's clock, offers and
//! grid prices, the households' energy, the calls the agents make (`publish_info`,
//! `make_offer`, `allow_transactions`, the grid operator's `set_grid_prices`) and the market's
//! events, each call and event with the runtime's own types.

use anyhow::{bail, Result};
use codec::{Decode, Encode};
use energy_client::{Connection, RawEvent, ScaleArgs};
use energy_negotiation::{Agreement, Household, OfferTerms};
use energy_primitives::{
	AgentKind, AgreementId, Balance, Clock, Energy, MarketStatus, OfferId, OfferView, SlotIndex,
	AGENT_KEY_TYPE, METER_KEY_TYPE,
};
use pallet_market::{GridPrices, Settlement, SignedTerms};
use sp_core::{crypto::AccountId32, sr25519};
use std::{
	sync::atomic::{AtomicBool, Ordering},
	time::{Duration, SystemTime, UNIX_EPOCH},
};
use subxt::transactions::StaticPayload;
use subxt_signer::sr25519::Keypair;

/// The market pallet's name in the runtime.
pub const PALLET: &str = "Market";

/// Most agreements one `allow_transactions` records (the runtime's `MaxAgreementsPerOffer`):
/// an offer's agreements go in calls of at most this many.
pub const MAX_AGREEMENTS_PER_CALL: usize = 64;

/// How often the agents look at the chain's clock.
pub const POLL: Duration = Duration::from_millis(500);

/// Unix time now, in milliseconds: the agents' clock, which the chain's block timestamps follow.
pub fn unix_millis() -> u64 {
	SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0)
}

/// A call of the market pallet.
pub type MarketCall = StaticPayload<ScaleArgs>;

/// `Market.publish_info(kind, endpoint, negotiation_key)`.
pub fn publish_info(kind: AgentKind, endpoint: &[u8], key: &[u8; 32]) -> MarketCall {
	let args = vec![kind.encode(), endpoint.to_vec().encode(), key.encode()];
	StaticPayload::new(PALLET, "publish_info", ScaleArgs(args))
}

/// `Market.set_grid_prices(slot, prices)`.
pub fn set_grid_prices(slot: SlotIndex, prices: GridPrices) -> MarketCall {
	StaticPayload::new(PALLET, "set_grid_prices", ScaleArgs(vec![slot.encode(), prices.encode()]))
}

/// `Market.make_offer(energy, floor_price)`.
pub fn make_offer(energy: Energy, floor_price: Balance) -> MarketCall {
	StaticPayload::new(PALLET, "make_offer", ScaleArgs(vec![energy.encode(), floor_price.encode()]))
}

/// `Market.allow_transactions(offer, agreements)`: the agreements of one offer, as its buyers
/// signed them.
pub fn allow_transactions(offer: OfferId, agreements: &[Agreement]) -> MarketCall {
	let terms: Vec<SignedTerms<AccountId32>> = agreements
		.iter()
		.map(|a| SignedTerms {
			buyer: AccountId32::new(a.buyer),
			energy: a.energy_wh,
			price: a.price,
			signature: sr25519::Signature::from_raw(a.buyer_signature),
		})
		.collect();
	// A `BoundedVec` encodes as the `Vec` it bounds.
	StaticPayload::new(
		PALLET,
		"allow_transactions",
		ScaleArgs(vec![offer.encode(), terms.encode()]),
	)
}

/// `Market.OfferMade`'s fields.
#[derive(Decode, Clone, Copy, PartialEq, Eq, Debug)]
pub struct OfferMade {
	/// The offer.
	pub offer: OfferId,
	/// Its seller.
	pub seller: Household,
	/// Its delivery slot.
	pub slot: SlotIndex,
	/// Energy offered, in Wh.
	pub energy: Energy,
	/// The seller's floor, per kWh.
	pub floor_price: Balance,
	/// The seller's collateral.
	pub collateral: Balance,
}

/// `Market.AgreementRecorded`'s fields.
#[derive(Decode, Clone, Copy, PartialEq, Eq, Debug)]
pub struct AgreementRecorded {
	/// The agreement.
	pub agreement: AgreementId,
	/// Its offer.
	pub offer: OfferId,
	/// The seller.
	pub seller: Household,
	/// The buyer.
	pub buyer: Household,
	/// The delivery slot.
	pub slot: SlotIndex,
	/// Energy agreed, in Wh.
	pub energy: Energy,
	/// Price agreed, per kWh.
	pub price: Balance,
}

/// `Market.AgreementSettled`'s fields.
#[derive(Decode, Clone, PartialEq, Eq, Debug)]
pub struct AgreementSettled {
	/// The agreement.
	pub agreement: AgreementId,
	/// The seller.
	pub seller: Household,
	/// The buyer.
	pub buyer: Household,
	/// How it settled.
	pub settlement: Settlement,
}

/// A node of the chain, as the micro-grid's agents use it.
pub struct Chain {
	node: Connection,
}

impl Chain {
	/// Connect to the node at `url`.
	pub async fn connect(url: &str) -> Result<Self> {
		Ok(Chain { node: Connection::connect(url).await? })
	}

	/// The chain's genesis hash, which the buyers' signatures bind.
	pub fn genesis_hash(&self) -> [u8; 32] {
		self.node.genesis_hash()
	}

	/// The market's clock at the best block.
	pub async fn status(&self) -> Result<MarketStatus> {
		self.node.market_status().await
	}

	/// The market's clock in force (`Market.CurrentClock`; the default clock if none is stored,
	/// as the pallet reads it).
	pub async fn clock(&self) -> Result<Clock> {
		Ok(self.node.storage_value(PALLET, "CurrentClock", ()).await?.unwrap_or_default())
	}

	/// The penalty rate of agreements recorded now (`Market.PenaltyRate`), in whole percent
	/// (rounded down: the presets' rate is 10 %).
	pub async fn penalty_percent(&self) -> Result<u32> {
		// A `Perbill` encodes as its parts per billion; none stored reads as zero.
		let parts: u32 = self.node.storage_value(PALLET, "PenaltyRate", ()).await?.unwrap_or(0);
		Ok(parts / 10_000_000)
	}

	/// The open offers for delivery in `slot` (`MarketApi::offers`).
	pub async fn offers(&self, slot: SlotIndex) -> Result<Vec<OfferView<Household>>> {
		self.node.runtime_call("MarketApi_offers", &slot.encode()).await
	}

	/// `who`'s free energy tokens, in Wh (`EnergyTokenApi::balance_of`).
	pub async fn free_energy(&self, who: &Household) -> Result<Energy> {
		let (free, _held): (Energy, Energy) =
			self.node.runtime_call("EnergyTokenApi_balance_of", &who.encode()).await?;
		Ok(free)
	}

	/// The grid prices of `slot`, if the grid operator set them.
	pub async fn grid_prices(&self, slot: SlotIndex) -> Result<Option<GridPrices>> {
		self.node.storage_value(PALLET, "SlotGridPrices", (slot,)).await
	}

	/// The negotiation key `household`'s agent published, if it published one.
	pub async fn published_key(&self, household: &Household) -> Result<Option<[u8; 32]>> {
		Ok(self.published_info(household).await?.map(|(_kind, _endpoint, key)| key))
	}

	/// What `household`'s agent published (`Market::Agents`): its kind, the endpoint where it
	/// negotiates and its negotiation key.
	pub async fn published_info(
		&self,
		household: &Household,
	) -> Result<Option<(AgentKind, Vec<u8>, [u8; 32])>> {
		// `AgentInfo { kind, endpoint, negotiation_key }`.
		self.node.storage_value(PALLET, "Agents", (subxt::utils::AccountId32(*household),)).await
	}

	/// Waits until the market's status at the best block satisfies `ready`, looking every
	/// [`POLL`]; `None` if `stop` was set first.
	pub async fn wait_until(
		&self,
		stop: &AtomicBool,
		ready: impl Fn(&MarketStatus) -> bool,
	) -> Result<Option<MarketStatus>> {
		loop {
			if stop.load(Ordering::SeqCst) {
				return Ok(None);
			}
			let status = self.status().await?;
			if ready(&status) {
				return Ok(Some(status));
			}
			tokio::time::sleep(POLL).await;
		}
	}

	/// Submit `call` signed by `signer`; `what` names it in errors. Returns its events.
	pub async fn submit(
		&self,
		call: &MarketCall,
		signer: &Keypair,
		what: &str,
	) -> Result<Vec<RawEvent>> {
		self.node.submit_signed(call, signer, what).await
	}

	/// `seller` (its account key `keys`) offers up to `energy` Wh at `floor` per kWh, as far as
	/// its free energy tokens go; `None` if they back less than `min_trade_wh`.
	pub async fn offer_backed(
		&self,
		seller: &Household,
		keys: &Keypair,
		energy: Energy,
		floor: Balance,
		min_trade_wh: Energy,
	) -> Result<Option<OfferMade>> {
		let energy = energy.min(self.free_energy(seller).await?);
		if energy < min_trade_wh {
			return Ok(None);
		}
		let events = self.submit(&make_offer(energy, floor), keys, "the offer").await?;
		event_named::<OfferMade>(&events, "OfferMade").map(Some)
	}

	/// The seller of `offer` (its account key `keys`) records `agreements` (at most
	/// [`MAX_AGREEMENTS_PER_CALL`]) as its buyers signed them; returns what the chain recorded.
	pub async fn record_agreements(
		&self,
		offer: OfferId,
		agreements: &[Agreement],
		keys: &Keypair,
	) -> Result<Vec<AgreementRecorded>> {
		let events =
			self.submit(&allow_transactions(offer, agreements), keys, "the agreements").await?;
		events_named::<AgreementRecorded>(&events, "AgreementRecorded")
	}

	/// Put the meter key of `suri` in the node's keystore, so that its offchain worker reads
	/// that meter and submits its readings.
	pub async fn insert_meter_key(&self, suri: &str, public: &[u8; 32]) -> Result<()> {
		let key_type = String::from_utf8_lossy(&METER_KEY_TYPE.0).into_owned();
		self.node.insert_key(&key_type, suri, public).await
	}

	/// Put the negotiation key of `suri` in the node's keystore as an agent key, so that its
	/// offchain worker runs the agents of the household that published it.
	pub async fn insert_agent_key(&self, suri: &str, public: &[u8; 32]) -> Result<()> {
		let key_type = String::from_utf8_lossy(&AGENT_KEY_TYPE.0).into_owned();
		self.node.insert_key(&key_type, suri, public).await
	}

	/// The number of the last finalized block.
	pub async fn finalized_number(&self) -> Result<u64> {
		self.node.finalized_number().await
	}

	/// The market's events in block `number`.
	pub async fn market_events(&self, number: u64) -> Result<Vec<RawEvent>> {
		let events = self.node.events_of_block(number).await?;
		Ok(events.into_iter().filter(|event| event.pallet == PALLET).collect())
	}
}

/// The terms a buyer's agent negotiates on for an open offer the chain lists (`view`), under the
/// delivery slot's grid import price `cap`.
pub fn offer_terms(view: &OfferView<Household>, cap: Balance) -> OfferTerms {
	OfferTerms {
		id: view.id,
		slot: view.slot,
		seller: view.seller,
		seller_key: view.negotiation_key,
		floor: view.floor_price,
		cap,
		energy_wh: view.energy_wh,
	}
}

/// The events named `name` among `events`, decoded as `T`.
pub fn events_named<T: Decode>(events: &[RawEvent], name: &str) -> Result<Vec<T>> {
	events.iter().filter(|e| e.is(PALLET, name)).map(RawEvent::decode).collect()
}

/// The single event named `name` among `events`, decoded as `T`; an error if there is none.
pub fn event_named<T: Decode>(events: &[RawEvent], name: &str) -> Result<T> {
	match events_named::<T>(events, name)?.into_iter().next() {
		Some(event) => Ok(event),
		None => bail!("the chain reported no {PALLET}.{name}"),
	}
}
