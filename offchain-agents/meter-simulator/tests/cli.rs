//! `meter-simulator` as its users run it: arguments in, HTTP answers out. (Cargo also builds
//! `meter-simulator` into the target directory for these tests, which is where the end-to-end
//! scripts find it.)

use std::{
	io::{BufRead, BufReader, Read, Write},
	net::TcpStream,
	process::{Child, Command, Stdio},
};

/// A running `meter-simulator`, stopped when dropped so a failing test leaves no process.
struct Simulator(Child);

impl Drop for Simulator {
	fn drop(&mut self) {
		let _ = self.0.kill();
		let _ = self.0.wait();
	}
}

/// `GET path` from the simulator at `address`: status and body.
fn get(address: &str, path: &str) -> (u16, String) {
	let mut stream = TcpStream::connect(address).unwrap();
	write!(stream, "GET {path} HTTP/1.1\r\nHost: meters\r\nConnection: close\r\n\r\n").unwrap();
	let mut answer = String::new();
	stream.read_to_string(&mut answer).unwrap();
	let (head, body) = answer.split_once("\r\n\r\n").unwrap();
	(head.split(' ').nth(1).unwrap().parse().unwrap(), body.to_string())
}

#[test]
fn meter_simulator_serves_readings_on_the_address_it_logs() {
	let mut simulator = Simulator(
		Command::new(env!("CARGO_BIN_EXE_meter-simulator"))
			.args(["--listen", "127.0.0.1:0", "--battery-capacity-wh", "5000"])
			.env("RUST_LOG", "info")
			.stderr(Stdio::piped())
			.spawn()
			.unwrap(),
	);
	// Port 0 lets the system pick a free port; the start-up log line says which.
	let mut log = BufReader::new(simulator.0.stderr.take().unwrap());
	let mut line = String::new();
	while !line.contains("serving meter readings") {
		line.clear();
		assert_ne!(log.read_line(&mut line).unwrap(), 0, "the simulator exited");
	}
	let address = line.split("address=").nth(1).unwrap().split(' ').next().unwrap().to_string();
	// Keep reading the log, or a full pipe would stall the simulator.
	std::thread::spawn(move || std::io::copy(&mut log, &mut std::io::sink()));

	assert_eq!(get(&address, "/health"), (200, "ok".to_string()));
	let meter = format!("0x{}", "8e".repeat(32));
	let (status, body) = get(&address, &format!("/meters/{meter}/slots/498790"));
	assert_eq!(status, 200, "{body}");
	let json: serde_json::Value = serde_json::from_str(&body).unwrap();
	assert_eq!(json["meter"], meter.as_str());
	assert_eq!(json["slot"], 498_790);
	assert!(json["stateOfChargeWh"].as_u64().unwrap() <= 5000);
	assert_eq!(get(&address, "/meters/0x8e/slots/498790").0, 400);
	assert_eq!(get(&address, "/nothing").0, 404);
}

#[test]
fn meter_simulator_refuses_an_impossible_installation_in_one_line() {
	for (flag, value, says) in [
		("--battery-efficiency-percent", "0", "0 is not in 1..=100"),
		("--battery-efficiency-percent", "101", "101 is not in 1..=100"),
		("--latitude", "91", "91 is not within -90 to 90 degrees"),
		("--longitude", "-181", "-181 is not within -180 to 180 degrees"),
		("--latitude", "north", "\"north\" is not a number of degrees"),
	] {
		let output = Command::new(env!("CARGO_BIN_EXE_meter-simulator"))
			.args(["--listen", "127.0.0.1:0", flag, value])
			.output()
			.unwrap();
		assert_eq!(output.status.code(), Some(2), "{flag} {value}");
		let stderr = String::from_utf8_lossy(&output.stderr);
		assert!(stderr.contains(says), "{flag} {value}: {stderr}");
	}
}
