//! The meter simulator's HTTP API: what the runtime's offchain workers (and anyone else) ask a
//! micro-grid's smart meters.
//!
//! - `GET /meters/{meter}/slots/{slot}`: the [`SlotReading`] of a meter for a slot, as JSON.
//!   `{meter}` is the meter account's public key as `0x` and 64 lowercase hex digits; `{slot}` a
//!   decimal market slot. A malformed id or slot gets 400 with a one-line message.
//! - `GET /health`: 200 `ok`.
//! - Any other path gets 404; another method on a known path gets 405.

use crate::{
	meter::{reading, MeterId, SlotReading},
	roster::Roster,
	slot_map::SlotMap,
};
use energy_household::Installation;
use energy_primitives::SlotIndex;
use http_body_util::Full;
use hyper::{
	body::{Bytes, Incoming},
	header,
	server::conn::http1,
	service::service_fn,
	Method, Request, Response, StatusCode,
};
use hyper_util::rt::TokioIo;
use std::{convert::Infallible, time::Duration};
use tokio::net::TcpListener;

/// A response with its whole body in memory: every answer here is a few hundred bytes.
pub type FullResponse = Response<Full<Bytes>>;

/// Serve the API on `listener` until the process ends, one task per connection: the meters'
/// households as `roster` says, installed as `installation`, market slots standing for the
/// model hours `slots` says.
pub async fn serve(
	listener: TcpListener,
	roster: Roster,
	installation: Installation,
	slots: SlotMap,
) {
	let roster = std::sync::Arc::new(roster);
	loop {
		let (stream, peer) = match listener.accept().await {
			Ok(connection) => connection,
			Err(error) => {
				// Usually out of file descriptors: wait for some to close rather than give up.
				tracing::warn!(%error, "cannot accept a connection");
				tokio::time::sleep(Duration::from_millis(100)).await;
				continue;
			}
		};
		let roster = roster.clone();
		tokio::spawn(async move {
			let service = service_fn(move |request: Request<Incoming>| {
				let roster = roster.clone();
				async move {
					let response = respond(
						request.method(),
						request.uri().path(),
						&roster,
						&installation,
						slots,
					);
					tracing::info!(
						%peer,
						method = %request.method(),
						path = request.uri().path(),
						status = response.status().as_u16(),
						"request"
					);
					Ok::<_, Infallible>(response)
				}
			});
			if let Err(error) =
				http1::Builder::new().serve_connection(TokioIo::new(stream), service).await
			{
				tracing::debug!(%peer, %error, "connection closed with an error");
			}
		});
	}
}

/// The answer to `method path`, whatever the transport.
pub fn respond(
	method: &Method,
	path: &str,
	roster: &Roster,
	installation: &Installation,
	slots: SlotMap,
) -> FullResponse {
	let segments: Vec<&str> = path.strip_prefix('/').unwrap_or(path).split('/').collect();
	match segments.as_slice() {
		["health"] => only_get(method, || text(StatusCode::OK, "ok".into())),
		["meters", meter, "slots", slot] => only_get(method, || match parse(meter, slot) {
			Ok((meter, slot)) => {
				json(&reading(meter, &roster.household(meter), slot, installation, slots))
			}
			Err(message) => text(StatusCode::BAD_REQUEST, message),
		}),
		_ => text(StatusCode::NOT_FOUND, format!("no such resource: {path}")),
	}
}

/// The meter and slot of a reading's URL, or why they are malformed.
fn parse(meter: &str, slot: &str) -> Result<(MeterId, SlotIndex), String> {
	let meter = meter.parse::<MeterId>()?;
	// Digits only: `u64::from_str` would also take a leading `+`.
	let slot = Some(slot)
		.filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
		.and_then(|s| s.parse::<SlotIndex>().ok())
		.ok_or_else(|| format!("slot {slot:?} must be a decimal number of hours since 1970"))?;
	Ok((meter, slot))
}

/// `respond()` for GET, 405 for any other method.
fn only_get(method: &Method, respond: impl FnOnce() -> FullResponse) -> FullResponse {
	if method == Method::GET {
		return respond();
	}
	let mut response =
		text(StatusCode::METHOD_NOT_ALLOWED, format!("{method} not allowed; use GET"));
	response.headers_mut().insert(header::ALLOW, header::HeaderValue::from_static("GET"));
	response
}

/// A plain-text response of one line.
fn text(status: StatusCode, message: String) -> FullResponse {
	let mut response = Response::new(Full::new(Bytes::from(message)));
	*response.status_mut() = status;
	response.headers_mut().insert(
		header::CONTENT_TYPE,
		header::HeaderValue::from_static("text/plain; charset=utf-8"),
	);
	response
}

/// A 200 response carrying `reading` as JSON.
fn json(reading: &SlotReading) -> FullResponse {
	match serde_json::to_vec(reading) {
		Ok(body) => {
			let mut response = Response::new(Full::new(Bytes::from(body)));
			response
				.headers_mut()
				.insert(header::CONTENT_TYPE, header::HeaderValue::from_static("application/json"));
			response
		}
		// Integers and a hex string always serialize; answer rather than drop the connection.
		Err(error) => {
			text(StatusCode::INTERNAL_SERVER_ERROR, format!("cannot encode reading: {error}"))
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use energy_household::Household;
	use std::{
		io::{Read, Write},
		net::{SocketAddr, TcpStream},
	};

	/// Start the simulator on a free port of 127.0.0.1, in a thread of its own.
	fn start() -> SocketAddr {
		let (sender, receiver) = std::sync::mpsc::channel();
		std::thread::spawn(move || {
			let runtime =
				tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
			runtime.block_on(async move {
				let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
				sender.send(listener.local_addr().unwrap()).unwrap();
				serve(listener, Roster::default(), Installation::standard(), SlotMap::IDENTITY)
					.await;
			});
		});
		receiver.recv().unwrap()
	}

	/// A raw HTTP/1.1 request, so the test checks what goes over the wire: status and body.
	fn request(address: SocketAddr, method: &str, path: &str) -> (u16, String, String) {
		let mut stream = TcpStream::connect(address).unwrap();
		write!(stream, "{method} {path} HTTP/1.1\r\nHost: meters\r\nConnection: close\r\n\r\n")
			.unwrap();
		let mut answer = String::new();
		stream.read_to_string(&mut answer).unwrap();
		let (head, body) = answer.split_once("\r\n\r\n").unwrap();
		let status = head.split(' ').nth(1).unwrap().parse().unwrap();
		(status, head.to_lowercase(), body.to_string())
	}

	#[test]
	fn the_http_api_serves_readings_and_refuses_bad_requests() {
		let address = start();
		let meter = format!("0x{}", "d4".repeat(32));

		let (status, head, body) =
			request(address, "GET", &format!("/meters/{meter}/slots/498780"));
		assert_eq!(status, 200);
		assert!(head.contains("content-type: application/json"));
		let json: serde_json::Value = serde_json::from_str(&body).unwrap();
		let expected = reading(
			meter.parse().unwrap(),
			&Household::of([0xd4; 32]),
			498_780,
			&Installation::standard(),
			SlotMap::IDENTITY,
		)
		.flows;
		assert_eq!(json["meter"], meter.as_str());
		assert_eq!(json["slot"].as_u64(), Some(498_780));
		assert_eq!(json["importedWh"].as_u64(), Some(expected.imported_wh));
		assert_eq!(json["exportedWh"].as_u64(), Some(expected.exported_wh));
		assert_eq!(json["stateOfChargeWh"].as_u64(), Some(expected.state_of_charge_wh));

		let (status, _, body) = request(address, "GET", "/health");
		assert_eq!((status, body.as_str()), (200, "ok"));

		for bad in [
			"/meters/0x1234/slots/1".to_string(),
			format!("/meters/{}/slots/1", meter.to_uppercase()),
			format!("/meters/{meter}/slots/-1"),
			format!("/meters/{meter}/slots/+1"),
			format!("/meters/{meter}/slots/18446744073709551616"),
		] {
			let (status, _, body) = request(address, "GET", &bad);
			assert_eq!(status, 400, "{bad}");
			assert!(!body.is_empty() && !body.contains('\n'), "{body:?}");
		}

		for unknown in
			["/", "/meters", &format!("/meters/{meter}"), &format!("/meters/{meter}/slots/1/x")]
		{
			assert_eq!(request(address, "GET", unknown).0, 404, "{unknown}");
		}
		assert_eq!(request(address, "POST", "/health").0, 405);
	}
}
