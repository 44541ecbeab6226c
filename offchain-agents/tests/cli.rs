//! The binaries as their users run them: arguments in, stdout, stderr and exit code out. (Cargo
//! also builds `energy-anchor` and `meter-simulator` into the target directory for these tests,
//! which is where the end-to-end scripts find them.)

use std::{
	io::{BufRead, BufReader, Read, Write},
	net::TcpStream,
	path::PathBuf,
	process::{Child, Command, Output, Stdio},
};

/// Run `energy-anchor` with `args`.
fn energy_anchor(args: &[&str]) -> Output {
	Command::new(env!("CARGO_BIN_EXE_energy-anchor")).args(args).output().unwrap()
}

/// A scratch file holding `content`, named after the test.
fn batch(test: &str, content: &[u8]) -> PathBuf {
	let path = std::env::temp_dir().join(format!("energy-agents-{test}-{}", std::process::id()));
	std::fs::write(&path, content).unwrap();
	path
}

/// Exit code, stdout and stderr of a finished command.
fn outcome(output: &Output) -> (Option<i32>, String, String) {
	let text = |bytes: &[u8]| String::from_utf8(bytes.to_vec()).unwrap();
	(output.status.code(), text(&output.stdout), text(&output.stderr))
}

#[test]
fn hash_prints_only_the_blake2b_256_of_the_file() {
	let file = batch("hash", b"abc");
	let (code, stdout, stderr) = outcome(&energy_anchor(&["hash", file.to_str().unwrap()]));
	std::fs::remove_file(&file).unwrap();
	assert_eq!(code, Some(0), "{stderr}");
	assert_eq!(stdout, "0xbddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319\n");
}

#[test]
fn a_missing_file_is_a_one_line_error() {
	let (code, stdout, stderr) = outcome(&energy_anchor(&["hash", "/nonexistent/batch"]));
	assert_eq!(code, Some(1));
	assert_eq!(stdout, "");
	assert!(stderr.starts_with("error: cannot read /nonexistent/batch: "), "{stderr}");
	assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn verify_refuses_a_malformed_account_before_connecting() {
	let file = batch("verify", b"abc");
	let args = ["verify", file.to_str().unwrap(), "--account", "alice", "--slot", "1"];
	let (code, _, stderr) = outcome(&energy_anchor(&args));
	std::fs::remove_file(&file).unwrap();
	assert_eq!(code, Some(1));
	assert!(stderr.starts_with("error: --account \"alice\" is not an SS58 address"), "{stderr}");
}

#[test]
fn anchor_names_an_unreachable_node() {
	let file = batch("anchor", b"abc");
	let args = ["anchor", file.to_str().unwrap(), "--suri", "//Alice", "--url", "ws://127.0.0.1:1"];
	let (code, _, stderr) = outcome(&energy_anchor(&args));
	std::fs::remove_file(&file).unwrap();
	assert_eq!(code, Some(1));
	assert!(stderr.starts_with("error: cannot connect to a node at ws://127.0.0.1:1"), "{stderr}");
	assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn anchor_refuses_a_malformed_secret_uri() {
	let file = batch("suri", b"abc");
	let args =
		["anchor", file.to_str().unwrap(), "--suri", "not a key", "--url", "ws://127.0.0.1:1"];
	let (code, _, stderr) = outcome(&energy_anchor(&args));
	std::fs::remove_file(&file).unwrap();
	assert_eq!(code, Some(1));
	assert!(stderr.starts_with("error: --suri "), "{stderr}");
}

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
