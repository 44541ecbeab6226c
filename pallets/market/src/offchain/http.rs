//! The agents' transport in the node: one JSON-RPC call per message over the host's HTTP, with
//! a deadline on the answer, its body's included, so a slow or stalled seller cannot hold the
//! worker past its budget.

use super::Transport;
use alloc::{format, vec, vec::Vec};
use energy_negotiation::{
	wire::{read_reply, request, Reply, MAX_ENVELOPE_BYTES},
	Message,
};
use sp_runtime::offchain::{http, Duration, Timestamp};

/// How long a seller has to answer one message, headers and body together: the standalone
/// buyers' timeout too.
pub const REPLY_TIMEOUT_MS: u64 = 2_000;

/// Sends messages over the host's HTTP; numbers its calls.
#[derive(Default)]
pub struct HttpTransport {
	calls: u64,
}

impl Transport for HttpTransport {
	fn send(&mut self, endpoint: &[u8], message: &Message, run_ends: Timestamp) -> Reply {
		let Ok(url) = core::str::from_utf8(endpoint) else {
			return Reply::Silent("the seller's endpoint is not UTF-8".into());
		};
		if !url.starts_with("http://") && !url.starts_with("https://") {
			return Reply::Silent(format!("the seller's endpoint {url:?} is not an HTTP URL"));
		}
		self.calls = self.calls.wrapping_add(1);
		let deadline =
			sp_io::offchain::timestamp().add(Duration::from_millis(REPLY_TIMEOUT_MS)).min(run_ends);
		match post(url, request(message, self.calls), deadline) {
			Ok(body) => read_reply(&body),
			Err(why) => Reply::Silent(why.into()),
		}
	}
}

/// Posts `body` to `url` and reads the answer's body, all before `deadline`.
fn post(url: &str, body: Vec<u8>, deadline: Timestamp) -> Result<Vec<u8>, &'static str> {
	let pending = http::Request::post(url, vec![body])
		.add_header("Content-Type", "application/json")
		.deadline(deadline)
		.send()
		.map_err(|_| "the seller cannot be reached")?;
	let response = pending
		.try_wait(deadline)
		.map_err(|_| "the seller did not answer in time")?
		.map_err(|_| "the seller cannot be reached")?;
	if response.code != 200 {
		return Err("the seller answered with an HTTP error");
	}
	let mut body = response.body();
	body.deadline(deadline);
	let mut bytes = Vec::new();
	for byte in &mut body {
		if bytes.len() == MAX_ENVELOPE_BYTES {
			return Err("the seller's answer is too long");
		}
		bytes.push(byte);
	}
	// A body cut off by the deadline or a broken connection just ends: only `error()` tells.
	match body.error() {
		None => Ok(bytes),
		Some(_) => Err("the seller's answer was cut off"),
	}
}
