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

/// A seller's and a buyer's agents of the private market: one-time keys, each its own household.
mod private_market {
	use super::*;
	use crate::private::{
		ask_admission, check_terms, payment, serve, terms_request, Stall, Unadmitted, TERMS_METHOD,
	};
	use energy_negotiation::Agreement;
	use energy_privacy::{MarketKey, MarketSecret, PriceBounds, Scalar};
	use energy_wallet::{
		market_admission::{admit, Admission, Inadmissible},
		market_trades::{AgreedTerms, Ring},
	};
	use jsonrpsee::http_client::HttpClient;
	use rand_core::OsRng;

	fn one_time(seed: u8) -> Pair {
		Pair::from_seed(&[seed; 32])
	}

	fn terms_for(buyer: &Pair) -> AgreedTerms {
		let text = |what: &str| format!("0x{what}");
		AgreedTerms {
			genesis_hash: text("00"),
			offer: 7,
			slot: 42,
			buyer_key: format!("0x{}", hex::encode(buyer.public().0)),
			energy: 500,
			energy_blinding: text("01"),
			payment: 75_000_000_000,
			payment_blinding: text("02"),
			agreed: text("03"),
			proof: text("04"),
			consent: text("05"),
			pay_note: text("06"),
		}
	}

	/// Three member households' market secrets and their registered keys, by index.
	fn households() -> (Vec<MarketSecret>, Vec<(u32, MarketKey)>) {
		let secrets: Vec<MarketSecret> = (1..=3u8)
			.map(|n| MarketSecret::from_secret(Scalar::from_bytes_mod_order([n; 32])))
			.collect();
		let keys = secrets.iter().enumerate().map(|(i, s)| (i as u32, s.public_key())).collect();
		(secrets, keys)
	}

	/// Household `own`'s admission of `buyer` to offer 7, in the ring of `keys`.
	fn admission(
		keys: &[(u32, MarketKey)],
		secret: &MarketSecret,
		own: usize,
		buyer: &Pair,
	) -> Admission {
		let ring = Ring {
			indices: keys.iter().map(|(index, _)| *index).collect(),
			keys: keys.iter().map(|(_, key)| *key).collect(),
			position: own,
		};
		admit(&GENESIS, 7, 42, &ring, secret, &buyer.public().0, &mut OsRng).unwrap()
	}

	async fn refusal(client: &HttpClient, admission: &Admission) -> String {
		format!("{:#}", ask_admission(client, admission).await.unwrap_err())
	}

	#[tokio::test]
	async fn members_agents_agree_under_one_time_keys_and_only_the_buyer_reads_its_terms() {
		let (seller, buyer, stranger) = (one_time(1), one_time(2), one_time(3));
		let (secrets, members) = households();
		let key = seller.public().0;
		let window = window();
		let offer = OfferTerms {
			id: 7,
			slot: 42,
			seller: key,
			seller_key: key,
			floor: FLOOR,
			cap: CAP,
			energy_wh: 1_000,
		};
		let agent =
			SellerAgent::new(GENESIS, offer.clone(), window, paper(), SellerConfig::default());
		let mut stall = Stall::new(GENESIS, members.clone(), (3, 16));
		stall.seat = Some((agent, seller.clone()));
		let stall = Arc::new(Mutex::new(stall));
		let (_server, address) =
			serve("127.0.0.1:0".parse().unwrap(), stall.clone()).await.expect("a free port");
		let url = format!("http://{address}");
		let endpoints = BTreeMap::from([(7, peers::client(&url).unwrap())]);
		let client = &endpoints[&7];
		let buyer_agent = |who: &Pair, floor| {
			BuyerAgent::new(
				GENESIS,
				who.public().0,
				500,
				window,
				paper(),
				BuyerConfig::default(),
				vec![OfferTerms { floor, ..offer.clone() }],
			)
		};

		// A key no household admitted is nobody to the seller: it cannot open a session.
		let (none, _) =
			negotiate(buyer_agent(&buyer, FLOOR), buyer.clone(), &endpoints, window.closes_at)
				.await;
		assert!(none.is_empty() && stall.lock().seat.as_ref().unwrap().0.agreements().is_empty());

		// Admissions the seller refuses, and which admit nobody: a key outside the households'
		// (a stranger's ring holds its own key), a ring smaller than the chain's, an admission
		// of another buyer key than it signed, and one of another offer.
		let outsider = MarketSecret::from_secret(Scalar::from_bytes_mod_order([9; 32]));
		let with_outsider = [&members[..2], &[(3, outsider.public_key())]].concat();
		let says = |reason| Unadmitted::Inadmissible(reason).describe();
		let outsiders = admission(&with_outsider, &outsider, 2, &buyer);
		assert!(refusal(client, &outsiders).await.contains(says(Inadmissible::UnknownKey)));
		let small = admission(&members[..2], &secrets[1], 1, &buyer);
		assert!(refusal(client, &small).await.contains(says(Inadmissible::RingSize)));
		let mut swapped = admission(&members, &secrets[1], 1, &buyer);
		swapped.buyer_key = format!("0x{}", hex::encode(stranger.public().0));
		assert!(refusal(client, &swapped).await.contains(says(Inadmissible::BadSignature)));
		let mut other = admission(&members, &secrets[1], 1, &buyer);
		other.offer = 8;
		assert!(refusal(client, &other).await.contains(says(Inadmissible::OtherOffer)));
		assert!(stall.lock().admitted.is_empty());

		// A member household is admitted, and told the seller's floor; it is admitted under one
		// key only, whichever ring it hides in.
		let admitted = admission(&members, &secrets[1], 1, &buyer);
		assert_eq!(ask_admission(client, &admitted).await.unwrap(), FLOOR);
		assert_eq!(ask_admission(client, &admitted).await.unwrap(), FLOOR);
		let second_key = admission(&members, &secrets[1], 1, &stranger);
		assert!(refusal(client, &second_key)
			.await
			.contains(Unadmitted::AlreadyAdmitted.describe()));
		assert_eq!(stall.lock().admitted.keys().collect::<Vec<_>>(), vec![&buyer.public().0]);

		// Another member's buyer that opens from a quarter of the floor bids under it, and the
		// seller's agent refuses it: the floor is what a private buyer needs to agree.
		assert_eq!(
			ask_admission(client, &admission(&members, &secrets[2], 2, &stranger)).await.unwrap(),
			FLOOR
		);
		let (none, _) = negotiate(
			buyer_agent(&stranger, FLOOR / 4),
			stranger.clone(),
			&endpoints,
			window.closes_at,
		)
		.await;
		assert!(none.is_empty(), "{none:?}");

		// The admitted buyer agrees with the seller under its one-time key.
		let (agreements, _) =
			negotiate(buyer_agent(&buyer, FLOOR), buyer.clone(), &endpoints, window.closes_at)
				.await;
		assert_eq!(agreements.iter().map(|a| a.energy_wh).sum::<u64>(), 500);
		let held = stall.lock().seat.as_ref().unwrap().0.agreements().to_vec();
		assert_eq!(held, agreements);
		assert!(agreements.iter().all(|a| a.buyer == buyer.public().0 && offer.admits(a.price)));

		// The terms go to the buyer key's signature alone.
		stall.lock().terms.insert(buyer.public().0, terms_for(&buyer));
		let client = HttpClientBuilder::default().build(&url).unwrap();
		let ask = |who: &Pair, signer: &Pair| {
			let signature = signer.sign(&terms_request(&GENESIS, 7, &who.public().0)).0;
			rpc_params![
				format!("0x{}", hex::encode(who.public().0)),
				format!("0x{}", hex::encode(signature))
			]
		};
		let answer: Option<AgreedTerms> =
			client.request(TERMS_METHOD, ask(&buyer, &buyer)).await.unwrap();
		assert_eq!(answer, Some(terms_for(&buyer)));
		let forged = client.request::<Option<AgreedTerms>, _>(TERMS_METHOD, ask(&buyer, &stranger));
		match forged.await {
			Err(ClientError::Call(error)) => {
				assert_eq!(error.message(), Refusal::BadSignature.describe())
			}
			other => panic!("a stranger read the buyer's terms: {other:?}"),
		}
		let none: Option<AgreedTerms> =
			client.request(TERMS_METHOD, ask(&stranger, &stranger)).await.unwrap();
		assert_eq!(none, None);
	}

	#[test]
	fn a_payment_is_the_agreements_value_within_the_chains_bounds_per_wh() {
		let bounds = PriceBounds { import_price: 300_000_000, feed_in_price: 50_000_000 };
		let agreement = |energy_wh, price| Agreement {
			offer: 7,
			slot: 42,
			seller: [1; 32],
			buyer: [2; 32],
			energy_wh,
			price,
			buyer_signature: [0; 64],
		};
		// 0.15 EUR per kWh: its value.
		assert_eq!(payment(&agreement(1_000, 150_000_000_000), &bounds).unwrap(), 150_000_000_000);
		// A price per kWh just under the import price rounds above the bound per Wh the chain
		// proves against: the payment is the bound.
		assert_eq!(payment(&agreement(1_000, 300_000_000_999), &bounds).unwrap(), 300_000_000_000);
		// And never under the feed-in bound.
		assert_eq!(payment(&agreement(3, 49_000_000_000), &bounds).unwrap(), 150_000_000);
	}

	#[test]
	fn a_buyer_buys_only_the_terms_its_agent_agreed() {
		let bounds = PriceBounds { import_price: 300_000_000, feed_in_price: 50_000_000 };
		// 500 Wh at 0.15 EUR per kWh, offer 7.
		let agreed = Agreement {
			offer: 7,
			slot: 42,
			seller: [1; 32],
			buyer: [2; 32],
			energy_wh: 500,
			price: 150_000_000_000,
			buyer_signature: [0; 64],
		};
		let terms = AgreedTerms { energy: 500, payment: 75_000_000_000, ..terms_for(&one_time(2)) };
		check_terms(&agreed, &bounds, &terms).unwrap();
		// A seller that serves a dearer payment, more or less energy, or another offer's terms
		// is refused: the buyer pays the price it signed, or nothing.
		for (what, wrong) in [
			("dearer", AgreedTerms { payment: 150_000_000_000, ..terms.clone() }),
			("more energy", AgreedTerms { energy: 600, ..terms.clone() }),
			("less energy", AgreedTerms { energy: 400, ..terms.clone() }),
			("another offer", AgreedTerms { offer: 8, ..terms.clone() }),
		] {
			let error = check_terms(&agreed, &bounds, &wrong).unwrap_err();
			assert!(error.to_string().contains("not what the agents agreed"), "{what}: {error}");
		}
	}
}
