//! The JSON-RPC envelope both kinds of agents speak: what a request carries, and that every
//! answer, however broken, is read as an answer, a refusal with its reason, or silence.

use alloc::{format, string::String, vec, vec::Vec};
use proptest::prelude::*;

use super::GENESIS;
use crate::{
	wire::{read_reply, request, Reply, MAX_ENVELOPE_BYTES, METHOD, REFUSED},
	Act, Message, Refusal,
};

fn message() -> Message {
	super::ontology::signed(Act::CallForProposals)
}

fn json(message: &Message) -> String {
	String::from_utf8(message.to_json()).expect("JSON is UTF-8")
}

#[test]
fn a_request_is_a_json_rpc_call_of_the_method_with_the_message_as_its_one_parameter() {
	let message = message();
	let body: serde_json::Value =
		serde_json::from_slice(&request(&message, 7)).expect("the request is JSON");
	assert_eq!(body["jsonrpc"], "2.0");
	assert_eq!(body["id"], 7);
	assert_eq!(body["method"], METHOD);
	let params = body["params"].as_array().expect("positional parameters");
	assert_eq!(params.len(), 1);
	let sent = Message::from_json(params[0].to_string().as_bytes()).expect("the message");
	assert_eq!(sent, message);
	assert!(sent.is_signed(&GENESIS));
}

#[test]
fn a_result_is_the_sellers_answer() {
	let answer = message();
	let body = format!(r#"{{"jsonrpc":"2.0","id":7,"result":{}}}"#, json(&answer));
	assert_eq!(read_reply(body.as_bytes()), Reply::Answer(answer));
}

#[test]
fn a_refusal_carries_its_reason() {
	for refusal in [Refusal::SoldOut, Refusal::ReplayedRound, Refusal::BadSignature] {
		let data = serde_json::to_string(&refusal).expect("a refusal serialises");
		let body = format!(
			r#"{{"jsonrpc":"2.0","id":7,"error":{{"code":{REFUSED},"message":"{}","data":{data}}}}}"#,
			refusal.describe()
		);
		assert_eq!(read_reply(body.as_bytes()), Reply::Refused(refusal));
	}
}

#[test]
fn anything_else_is_silence() {
	let answer = json(&message());
	let too_long = format!(r#"{{"result":"{}"}}"#, "x".repeat(MAX_ENVELOPE_BYTES));
	let cases: Vec<(String, &str)> = vec![
		(String::new(), "not JSON-RPC"),
		("<html>busy</html>".into(), "not JSON-RPC"),
		(r#"{"jsonrpc":"2.0","id":7}"#.into(), "neither a result nor an error"),
		(
			format!(r#"{{"result":{answer},"error":{{"code":1,"message":"both"}}}}"#),
			"neither a result nor an error",
		),
		(r#"{"result":{"body":1}}"#.into(), "no message of the ontology"),
		(format!(r#"{{"error":{{"code":{REFUSED},"message":"no data"}}}}"#), "without its reason"),
		(
			format!(r#"{{"error":{{"code":{REFUSED},"message":"m","data":"notAReason"}}}}"#),
			"without its reason",
		),
		(r#"{"error":{"code":-32601,"message":"Method not found"}}"#.into(), "-32601"),
		(too_long, "more than"),
	];
	for (body, why) in cases {
		match read_reply(body.as_bytes()) {
			Reply::Silent(reason) => assert!(reason.contains(why), "{body:?}: {reason}"),
			other => panic!("{body:?} read as {other:?}"),
		}
	}
}

proptest! {
	#[test]
	fn no_bytes_make_the_reader_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
		let _ = read_reply(&bytes);
	}
}
