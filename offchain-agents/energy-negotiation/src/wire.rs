//! The agents' wire: the ontology over JSON-RPC 2.0 on HTTP. A seller's agent answers one
//! method, [`METHOD`]: a buyer's agent posts a signed [`Message`] (its JSON encoding) as the one
//! parameter and gets the seller's signed answer as the result, or an error whose code is
//! [`REFUSED`] and whose data is the [`Refusal`].
//!
//! Standalone agents serve and call it with jsonrpsee; an offchain worker has only the host's
//! HTTP, so it builds the request with [`request`] and reads the answer with [`read_reply`].
//! Both take their method, code and limits from here, so the two ends cannot drift apart.

use alloc::{format, string::String, vec::Vec};
use serde::{Deserialize, Serialize};

use crate::{ontology::MAX_MESSAGE_BYTES, Message, Refusal};

/// The JSON-RPC method a seller's agent answers negotiation messages on: a standalone agent's
/// server, and a node's RPC for the agents in its offchain workers.
pub const METHOD: &str = "agent_deliver";

/// The JSON-RPC error code of a refused message; the error's data names the refusal.
pub const REFUSED: i32 = 4_000;

/// The largest request or answer either end reads: a message of the ontology in its JSON-RPC
/// envelope, with room for an error's text.
pub const MAX_ENVELOPE_BYTES: usize = 4 * MAX_MESSAGE_BYTES;

/// What became of a message sent to a seller.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Reply {
	/// The seller's signed answer (not yet checked: the buyer's agent does that).
	Answer(Message),
	/// The seller refused the message, for this reason.
	Refused(Refusal),
	/// No answer in time, or no answer of the ontology: the seller counts as silent.
	Silent(String),
}

#[derive(Serialize)]
struct Request<'a> {
	jsonrpc: &'static str,
	id: u64,
	method: &'static str,
	params: [&'a Message; 1],
}

#[derive(Deserialize)]
struct Response {
	#[serde(default)]
	result: Option<serde_json::Value>,
	#[serde(default)]
	error: Option<ErrorObject>,
}

#[derive(Deserialize)]
struct ErrorObject {
	code: i64,
	#[serde(default)]
	message: String,
	#[serde(default)]
	data: Option<serde_json::Value>,
}

/// The body of the HTTP request that sends `message` to its seller, as call `id`.
pub fn request(message: &Message, id: u64) -> Vec<u8> {
	// Serialising plain fields and hex strings into memory cannot fail.
	serde_json::to_vec(&Request { jsonrpc: "2.0", id, method: METHOD, params: [message] })
		.unwrap_or_default()
}

/// What the body of a seller's HTTP answer says. Whatever the bytes, the result is a [`Reply`]:
/// an answer that is not JSON-RPC, not a message of the ontology, or a refusal without its
/// reason counts as silence.
pub fn read_reply(body: &[u8]) -> Reply {
	if body.len() > MAX_ENVELOPE_BYTES {
		return Reply::Silent(format!("an answer of more than {MAX_ENVELOPE_BYTES} bytes"));
	}
	let response: Response = match serde_json::from_slice(body) {
		Ok(response) => response,
		Err(_) => return Reply::Silent("an answer that is not JSON-RPC".into()),
	};
	match (response.result, response.error) {
		(Some(result), None) => match serde_json::from_value::<Message>(result) {
			Ok(message) => Reply::Answer(message),
			Err(_) => Reply::Silent("an answer that is no message of the ontology".into()),
		},
		(None, Some(error)) if error.code == i64::from(REFUSED) => {
			match error.data.and_then(|data| serde_json::from_value::<Refusal>(data).ok()) {
				Some(refusal) => Reply::Refused(refusal),
				None => Reply::Silent(format!("a refusal without its reason: {}", error.message)),
			}
		}
		(None, Some(error)) => Reply::Silent(format!("error {}: {}", error.code, error.message)),
		_ => Reply::Silent("an answer with neither a result nor an error".into()),
	}
}
