//! `energy-anchor` as its users run it: arguments in, stdout, stderr and exit code out. (Cargo
//! also builds `energy-anchor` into the target directory for these tests, which is where the
//! end-to-end scripts find it.)

use std::{
	path::PathBuf,
	process::{Command, Output},
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
