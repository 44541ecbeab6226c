//! The agents' wire, on real sockets: a buyer's agent negotiates with a seller's agent over
//! JSON-RPC; a silent seller is dropped for the next; hostile requests get their refusal and
//! leave the server answering.

use energy_microgrid::chain::unix_millis;
use energy_negotiation::{
	verify, BuyerAgent, BuyerConfig, Household, Key, Message, OfferTerms, Plan, Refusal,
	SellerAgent, SellerConfig, Window,
};
use jsonrpsee::{
	core::{client::ClientT, ClientError},
	http_client::HttpClientBuilder,
	rpc_params,
};
use parking_lot::Mutex;
use sp_core::{sr25519::Pair, Pair as _};
use std::{collections::BTreeMap, sync::Arc};

use crate::{
	households::{negotiate, HostList},
	peers::{self, Reply, Seat, Table},
};

const GENESIS: [u8; 32] = [9; 32];
/// 0.10 and 0.30 EUR per kWh.
const FLOOR: u128 = 100_000_000_000;
const CAP: u128 = 300_000_000_000;

struct Party {
	household: Household,
	key: Pair,
}

fn party(name: &str) -> Party {
	let pair = |uri: String| Pair::from_string(&uri, None).expect("a dev derivation");
	Party { household: pair(format!("//{name}")).public().0, key: pair(format!("//{name}//agent")) }
}

fn paper() -> Plan {
	"paper".parse().expect("the paper's strategy")
}

fn public(party: &Party) -> Key {
	party.key.public().0
}

/// A window open for the next 20 seconds of real time: the server's agents use the clock.
fn window() -> Window {
	let now = unix_millis();
	Window { opens_at: now - 1_000, closes_at: now + 20_000 }
}

fn offer(id: u64, seller: &Party, floor: u128, energy_wh: u64) -> OfferTerms {
	OfferTerms {
		id,
		slot: 42,
		seller: seller.household,
		seller_key: public(seller),
		floor,
		cap: CAP,
		energy_wh,
	}
}

/// A server on a free port with `seller`'s agent for each of `offers`; it knows `buyers`' keys.
async fn seller_process(
	seller: &Party,
	offers: &[OfferTerms],
	buyers: &[&Party],
	window: Window,
) -> (Arc<Mutex<Table>>, jsonrpsee::server::ServerHandle, String) {
	let mut table = Table::default();
	for terms in offers {
		let agent =
			SellerAgent::new(GENESIS, terms.clone(), window, paper(), SellerConfig::default());
		table.seats.insert(terms.id, Seat { agent, signer: seller.key.clone() });
	}
	table.directory = buyers.iter().map(|b| (b.household, public(b))).collect();
	let table = Arc::new(Mutex::new(table));
	let (handle, address) = peers::serve("127.0.0.1:0".parse().unwrap(), table.clone(), None)
		.await
		.expect("a free port");
	(table, handle, format!("http://{address}"))
}

#[tokio::test]
async fn a_buyer_and_a_seller_agree_over_json_rpc() {
	let (seller, buyer) = (party("Seller"), party("Buyer"));
	let window = window();
	let terms = offer(1, &seller, FLOOR, 3_000);
	let (table, _server, url) = seller_process(&seller, &[terms.clone()], &[&buyer], window).await;
	let endpoints = BTreeMap::from([(1, peers::client(&url).unwrap())]);
	let agent = BuyerAgent::new(
		GENESIS,
		buyer.household,
		2_000,
		window,
		paper(),
		BuyerConfig::default(),
		vec![terms.clone()],
	);

	let (agreements, messages) =
		negotiate(agent, buyer.key.clone(), &endpoints, window.closes_at).await;

	assert!(messages >= 2, "a call for proposals and an agreement at least: {messages}");
	assert_eq!(agreements.iter().map(|a| a.energy_wh).sum::<u64>(), 2_000);
	let recorded = table.lock().seats[&1].agent.agreements().to_vec();
	assert_eq!(recorded, agreements, "the seller holds what the buyer agreed to");
	for agreement in &agreements {
		assert!(terms.admits(agreement.price), "price {} outside [floor, cap]", agreement.price);
		// The buyer's signature is the one the chain checks in `allow_transactions`.
		let payload = energy_primitives::agreement_message(
			&GENESIS,
			1,
			42,
			&seller.household,
			&buyer.household,
			agreement.energy_wh,
			agreement.price,
		);
		assert!(verify(&public(&buyer), &payload, &agreement.buyer_signature));
	}
}

#[tokio::test]
async fn a_silent_seller_is_dropped_for_the_next_offer() {
	let (quiet, seller, buyer) = (party("Quiet"), party("Seller"), party("Buyer"));
	let window = window();
	// The cheaper offer's seller is gone: nothing listens at its endpoint.
	let gone = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
	let cheap = offer(1, &quiet, FLOOR / 2, 3_000);
	let dear = offer(2, &seller, FLOOR, 3_000);
	let (table, _server, url) = seller_process(&seller, &[dear.clone()], &[&buyer], window).await;
	let endpoints = BTreeMap::from([
		(1, peers::client(&format!("http://{gone}")).unwrap()),
		(2, peers::client(&url).unwrap()),
	]);
	let agent = BuyerAgent::new(
		GENESIS,
		buyer.household,
		1_000,
		window,
		paper(),
		BuyerConfig::default(),
		vec![cheap, dear],
	);

	let (agreements, _) = negotiate(agent, buyer.key.clone(), &endpoints, window.closes_at).await;

	assert_eq!(agreements.len(), 1);
	assert_eq!(agreements[0].offer, 2);
	assert_eq!(table.lock().seats[&2].agent.agreements(), &agreements[..]);
}

/// What the server answers to the raw JSON-RPC parameter `param`, sent by a client without the
/// agents' size limit.
async fn raw(url: &str, param: serde_json::Value) -> Result<serde_json::Value, ClientError> {
	let client = HttpClientBuilder::default().build(url).unwrap();
	client
		.request::<serde_json::Value, _>(energy_negotiation::wire::METHOD, rpc_params![param])
		.await
}

/// The refusal a JSON-RPC error carries, if it is one.
fn refusal_of(answer: Result<serde_json::Value, ClientError>) -> Option<Refusal> {
	match answer {
		Err(ClientError::Call(error)) if error.code() == energy_negotiation::wire::REFUSED => {
			error.data().and_then(|data| serde_json::from_str(data.get()).ok())
		}
		_ => None,
	}
}

#[tokio::test]
async fn hostile_requests_get_their_refusal_and_the_server_goes_on() {
	let (seller, buyer, second, stranger) =
		(party("Seller"), party("Buyer"), party("Second"), party("Stranger"));
	let window = window();
	let terms = offer(1, &seller, FLOOR, 3_000);
	let (table, _server, url) =
		seller_process(&seller, &[terms.clone()], &[&buyer, &second], window).await;
	let client = peers::client(&url).unwrap();
	let call = |who: &Party, offers: Vec<OfferTerms>| -> Message {
		let mut agent = BuyerAgent::new(
			GENESIS,
			who.household,
			1_000,
			window,
			paper(),
			BuyerConfig::default(),
			offers,
		);
		agent.start(unix_millis(), &who.key).remove(0).message
	};
	let malformed = Some(Refusal::Malformed);
	assert_eq!(refusal_of(raw(&url, serde_json::json!("garbage")).await), malformed);
	let mut extra = serde_json::to_value(call(&buyer, vec![terms.clone()])).unwrap();
	extra["body"]["smuggled"] = serde_json::json!(1);
	assert_eq!(refusal_of(raw(&url, extra).await), malformed);
	// A request larger than any message of the ontology is refused before it is read.
	let huge = serde_json::json!({ "body": "x".repeat(8 * 1_024) });
	let answer = raw(&url, huge).await;
	assert!(matches!(&answer, Err(ClientError::Transport(_))), "{answer:?}");
	// Unknown offers, strangers and replays are refused with their reasons.
	let other_offer = call(&buyer, vec![offer(7, &seller, FLOOR, 3_000)]);
	assert!(matches!(
		peers::send(&client, &other_offer).await,
		Reply::Refused(Refusal::UnknownOffer)
	));
	let strange = call(&stranger, vec![terms.clone()]);
	assert!(matches!(peers::send(&client, &strange).await, Reply::Refused(Refusal::UnknownSender)));
	let first = call(&buyer, vec![terms.clone()]);
	assert!(matches!(peers::send(&client, &first).await, Reply::Answer(_)));
	assert!(matches!(peers::send(&client, &first).await, Reply::Refused(Refusal::ReplayedRound)));
	// Nothing of that sold anything, and the server still answers.
	assert_eq!(table.lock().seats[&1].agent.energy_left(), 3_000);
	let after = call(&second, vec![terms]);
	assert!(matches!(peers::send(&client, &after).await, Reply::Answer(_)));
}

#[test]
fn host_lists_take_numbers_and_ranges() {
	assert_eq!("1-3,7,2".parse::<HostList>(), Ok(HostList(vec![1, 2, 3, 7])));
	assert!("0".parse::<HostList>().is_err());
	assert!("3-1".parse::<HostList>().unwrap_err().contains("empty"));
	assert!("two".parse::<HostList>().unwrap_err().contains("not a household number"));
}
