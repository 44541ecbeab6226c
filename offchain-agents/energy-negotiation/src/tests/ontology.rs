//! The ontology's encodings, signatures and the chain's agreement bytes.

use alloc::{string::String, vec, vec::Vec};
use codec::Encode;
use proptest::prelude::*;

use super::{Party, CAP, GENESIS};
use crate::{
	ontology::{MAX_MESSAGE_BYTES, VERSION},
	verify, Act, Body, Message, Refusal,
};

fn body(act: Act) -> Body {
	let (seller, buyer) = (Party::named("seller"), Party::named("buyer"));
	Body {
		version: VERSION,
		act,
		offer: 3,
		slot: 42,
		seller: seller.household,
		buyer: buyer.household,
		energy_wh: 1_500,
		price: CAP,
		round: 2,
		timestamp_ms: 1_000_500,
		sender: buyer.public(),
	}
}

fn every_act() -> Vec<Act> {
	vec![
		Act::CallForProposals,
		Act::Propose,
		Act::CounterPropose,
		Act::Accept,
		Act::Reject { reason: Refusal::SoldOut },
		Act::Withdraw,
		Act::Agree { agreement_signature: [9; 64] },
	]
}

/// A message of the buyer in `act`, signed.
pub(super) fn signed(act: Act) -> Message {
	body(act).sign(&GENESIS, &Party::named("buyer").key).expect("a key pair always signs")
}

#[test]
fn every_act_survives_both_encodings_and_stays_signed() {
	for act in every_act() {
		let message = signed(act);
		assert!(message.is_signed(&GENESIS));
		let scale = message.to_scale();
		assert!(scale.len() <= MAX_MESSAGE_BYTES);
		assert_eq!(Message::from_scale(&scale), Ok(message.clone()));
		let json = message.to_json();
		assert!(json.len() <= MAX_MESSAGE_BYTES, "{} bytes", json.len());
		let decoded = Message::from_json(&json).expect("its own JSON");
		assert_eq!(decoded, message);
		assert!(decoded.is_signed(&GENESIS));
	}
}

#[test]
fn json_names_fields_in_camel_case_with_hex_keys_and_decimal_prices() {
	let json = String::from_utf8(signed(Act::Agree { agreement_signature: [0xab; 64] }).to_json())
		.unwrap();
	for field in [
		"\"energyWh\":1500",
		"\"timestampMs\":1000500",
		"\"price\":\"300000000000\"",
		"\"kind\":\"agree\"",
		"\"agreementSignature\":\"0xabab",
	] {
		assert!(json.contains(field), "{field} missing from {json}");
	}
	assert!(json.contains(&alloc::format!(
		"\"sender\":\"0x{}\"",
		hex::encode(Party::named("buyer").public())
	)));
	let reject =
		String::from_utf8(signed(Act::Reject { reason: Refusal::RoundsExhausted }).to_json())
			.unwrap();
	assert!(reject.contains("{\"kind\":\"reject\",\"reason\":\"roundsExhausted\"}"), "{reject}");
}

#[test]
fn malformed_bytes_are_refused_with_their_reason() {
	let scale = signed(Act::Propose).to_scale();
	assert_eq!(Message::from_scale(&scale[..scale.len() - 1]), Err(Refusal::Malformed));
	let mut trailing = scale.clone();
	trailing.push(0);
	assert_eq!(Message::from_scale(&trailing), Err(Refusal::Malformed));
	assert_eq!(Message::from_scale(&vec![0; MAX_MESSAGE_BYTES + 1]), Err(Refusal::TooLarge));
	assert_eq!(Message::from_json(&vec![b' '; MAX_MESSAGE_BYTES + 1]), Err(Refusal::TooLarge));

	let json = String::from_utf8(signed(Act::Propose).to_json()).unwrap();
	let variants = [
		json.replace("\"round\":2", "\"round\":2,\"extra\":1"),
		json.replace("\"round\":2,", ""),
		json.replace("\"price\":\"300000000000\"", "\"price\":300000000000"),
		json.replace("\"price\":\"300000000000\"", "\"price\":\"-1\""),
		json.replace(
			"\"price\":\"300000000000\"",
			"\"price\":\"400000000000000000000000000000000000000\"",
		),
		json.replace("\"energyWh\":1500", "\"energyWh\":-1"),
		json.replace("\"sender\":\"0x", "\"sender\":\"0x00"),
		json.replace("\"sender\":\"0x", "\"sender\":\""),
		json.replace("\"kind\":\"propose\"", "\"kind\":\"bribe\""),
		String::from("[]"),
		String::from("{"),
	];
	for variant in variants {
		assert_eq!(Message::from_json(variant.as_bytes()), Err(Refusal::Malformed), "{variant}");
	}
}

#[test]
fn a_signature_binds_the_chain_and_every_field() {
	let message = signed(Act::CounterPropose);
	assert!(!message.is_signed(&[8; 32]), "a message of another chain");
	let changes: Vec<fn(&mut Body)> = vec![
		|b| b.version += 1,
		|b| b.act = Act::Propose,
		|b| b.offer += 1,
		|b| b.slot += 1,
		|b| b.seller[0] ^= 1,
		|b| b.buyer[0] ^= 1,
		|b| b.energy_wh += 1,
		|b| b.price += 1,
		|b| b.round += 1,
		|b| b.timestamp_ms += 1,
	];
	for change in changes {
		let mut forged = message.clone();
		change(&mut forged.body);
		assert!(!forged.is_signed(&GENESIS), "{:?}", forged.body);
	}
}

#[test]
fn the_agreement_bytes_are_the_chains() {
	let body = body(Act::Agree { agreement_signature: [0; 64] });
	let expected = (
		b"energy-market/agreement".as_slice(),
		GENESIS,
		3u64,
		42u64,
		body.seller,
		body.buyer,
		1_500u64,
		CAP,
	)
		.encode();
	assert_eq!(body.agreement_payload(&GENESIS), expected);
}

/// The agreement vector: terms, the chain's bytes for them and `//Alice`'s signature of those
/// bytes, written once by this crate. The JavaScript client tests check the same file with
/// polkadot.js, so both sides build and verify the same bytes.
const AGREEMENT_VECTOR: &str = include_str!("../../vectors/agreement.json");

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Vector {
	genesis_hash: String,
	offer: u64,
	slot: u64,
	seller: String,
	buyer: String,
	energy_wh: u64,
	price: String,
	payload: String,
	signature: String,
}

fn bytes<const N: usize>(text: &str) -> [u8; N] {
	let mut out = [0u8; N];
	hex::decode_to_slice(text.trim_start_matches("0x"), &mut out).expect("hex of the right length");
	out
}

#[test]
fn the_fixed_agreement_vector_holds() {
	let vector: Vector = serde_json::from_str(AGREEMENT_VECTOR).expect("the vector file");
	let genesis = bytes::<32>(&vector.genesis_hash);
	let (seller, buyer) = (bytes::<32>(&vector.seller), bytes::<32>(&vector.buyer));
	let price: u128 = vector.price.parse().unwrap();
	let payload = energy_primitives::agreement_message(
		&genesis,
		vector.offer,
		vector.slot,
		&seller,
		&buyer,
		vector.energy_wh,
		price,
	);
	assert_eq!(
		alloc::format!("0x{}", hex::encode(&payload)),
		vector.payload,
		"the chain's agreement bytes changed"
	);
	let alice = <sp_core::sr25519::Pair as sp_core::Pair>::from_string("//Alice", None).unwrap();
	assert_eq!(buyer, crate::Signer::public(&alice), "the buyer is //Alice");
	assert!(verify(&buyer, &payload, &bytes::<64>(&vector.signature)));
	let mut other = payload.clone();
	other[40] ^= 1;
	assert!(!verify(&buyer, &other, &bytes::<64>(&vector.signature)));
}

proptest! {
	#[test]
	fn no_bytes_crash_the_decoders(bytes in proptest::collection::vec(any::<u8>(), 0..1_200)) {
		if let Ok(message) = Message::from_scale(&bytes) {
			prop_assert_eq!(message.to_scale(), bytes.clone());
		}
		if let Ok(message) = Message::from_json(&bytes) {
			prop_assert_eq!(Message::from_json(&message.to_json()), Ok(message));
		}
	}

	#[test]
	fn a_flipped_bit_never_passes_for_a_signed_message(position in 0usize..212, bit in 0u8..8) {
		let mut bytes = signed(Act::CounterPropose).to_scale();
		let position = position % bytes.len();
		bytes[position] ^= 1 << bit;
		match Message::from_scale(&bytes) {
			Ok(message) => prop_assert!(!message.is_signed(&GENESIS)),
			Err(refusal) => prop_assert_eq!(refusal, Refusal::Malformed),
		}
	}
}
