//! `energy-agent` as its users run it: bad arguments and an unreachable node get a one-line
//! error and a failing exit code, never a panic. (The end-to-end test `agents` runs it against a
//! real node.)

use std::process::Command;

fn agent(args: &[&str]) -> (Option<i32>, String) {
	let output = Command::new(env!("CARGO_BIN_EXE_energy-agent")).args(args).output().unwrap();
	(output.status.code(), String::from_utf8_lossy(&output.stderr).into_owned())
}

#[test]
fn bad_arguments_are_named() {
	for (args, expected) in [
		(&["households", "--households", "4", "--host", "0"][..], "not a household number"),
		(&["households", "--households", "4", "--host", "3-1"], "the range \"3-1\" is empty"),
		(&["households", "--households", "4", "--host", "1", "--strategy", "bold"], "--strategy"),
		(
			&["households", "--households", "4", "--host", "1", "--forecaster", "x"],
			"unknown forecaster",
		),
		(&["households", "--households", "4", "--host", "1", "--chain-slot", "5"], "--model-slot"),
		(&["operator", "--suri", "//Eve", "--slots", "many"], "--slots"),
	] {
		let (code, stderr) = agent(args);
		assert_eq!(code, Some(2), "{args:?}: {stderr}");
		assert!(stderr.contains(expected), "{args:?}: {stderr}");
	}
}

#[test]
fn impossible_runs_fail_with_a_message() {
	// Households beyond the chain spec's, and too little history for the forecasters.
	let (code, stderr) =
		agent(&["households", "--households", "4", "--host", "5", "--node", "ws://127.0.0.1:1"]);
	assert_eq!(code, Some(1), "{stderr}");
	assert!(
		stderr.contains("error: household 5 is not one of the chain spec's 4 households"),
		"{stderr}"
	);
	let (code, stderr) =
		agent(&["households", "--households", "4", "--host", "1", "--history-days", "1"]);
	assert_eq!(code, Some(1), "{stderr}");
	assert!(stderr.contains("at least 2 days"), "{stderr}");
	// A node address without its scheme. (A node that does not answer yet is waited for.)
	let (code, stderr) = agent(&["operator", "--node", "127.0.0.1:9944", "--slots", "1"]);
	assert_eq!(code, Some(1), "{stderr}");
	assert!(stderr.contains("error: \"127.0.0.1:9944\" is no node URL"), "{stderr}");
}
