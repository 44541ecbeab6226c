//! `energy-wallet` as its users run it, without a node: arguments in, stdout, stderr and exit
//! code out. Mistakes in arguments are refused before any connection is tried.

use std::{
	os::unix::fs::PermissionsExt,
	path::PathBuf,
	process::{Command, Output},
};

/// Run `energy-wallet` with `args`.
fn energy_wallet(args: &[&str]) -> Output {
	Command::new(env!("CARGO_BIN_EXE_energy-wallet")).args(args).output().unwrap()
}

/// Exit code, stdout and stderr of a finished command.
fn outcome(output: &Output) -> (Option<i32>, String, String) {
	let text = |bytes: &[u8]| String::from_utf8(bytes.to_vec()).unwrap();
	(output.status.code(), text(&output.stdout), text(&output.stderr))
}

/// A scratch directory named after the test, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
	fn new(test: &str) -> Self {
		let dir =
			std::env::temp_dir().join(format!("energy-wallet-cli-{test}-{}", std::process::id()));
		let _ = std::fs::remove_dir_all(&dir);
		std::fs::create_dir_all(&dir).unwrap();
		Scratch(dir)
	}

	fn path(&self, name: &str) -> String {
		self.0.join(name).to_str().unwrap().to_string()
	}
}

impl Drop for Scratch {
	fn drop(&mut self) {
		let _ = std::fs::remove_dir_all(&self.0);
	}
}

/// A new wallet at `file`, and its address.
fn new_wallet(file: &str) -> String {
	let (code, stdout, stderr) = outcome(&energy_wallet(&["new", "--wallet", file]));
	assert_eq!(code, Some(0), "{stderr}");
	stdout.trim_end().to_string()
}

#[test]
fn new_prints_the_address_that_address_prints_and_never_overwrites() {
	let scratch = Scratch::new("new");
	let file = scratch.path("w.json");
	let address = new_wallet(&file);
	assert!(address.starts_with("0x") && address.len() == 130, "{address}");
	let mode = std::fs::metadata(&file).unwrap().permissions().mode();
	assert_eq!(mode & 0o777, 0o600);

	let (code, stdout, _) = outcome(&energy_wallet(&["address", "--wallet", &file]));
	assert_eq!((code, stdout.trim_end()), (Some(0), address.as_str()));

	let (code, stdout, stderr) = outcome(&energy_wallet(&["new", "--wallet", &file]));
	assert_eq!((code, stdout.as_str()), (Some(1), ""));
	assert!(stderr.starts_with(&format!("error: {file} exists already")), "{stderr}");
	assert_eq!(stderr.lines().count(), 1, "{stderr}");
	let (_, again, _) = outcome(&energy_wallet(&["address", "--wallet", &file]));
	assert_eq!(again.trim_end(), address);
}

#[test]
fn balance_of_a_new_wallet_is_zero_and_asks_for_a_scan() {
	let scratch = Scratch::new("balance");
	let file = scratch.path("w.json");
	new_wallet(&file);
	let (code, stdout, stderr) = outcome(&energy_wallet(&["balance", "--wallet", &file]));
	assert_eq!(code, Some(0), "{stderr}");
	assert_eq!(stdout, "balance 0.00 EUR\nnever scanned: run `energy-wallet scan`\n");
}

#[test]
fn a_corrupt_wallet_file_is_a_one_line_error() {
	let scratch = Scratch::new("corrupt");
	let file = scratch.path("w.json");
	std::fs::write(&file, "{\"version\": 1,").unwrap();
	let (code, stdout, stderr) = outcome(&energy_wallet(&["balance", "--wallet", &file]));
	assert_eq!((code, stdout.as_str()), (Some(1), ""));
	assert!(
		stderr.starts_with(&format!(
			"error: {file} is not a usable wallet file: it is not wallet JSON"
		)),
		"{stderr}"
	);
	assert_eq!(stderr.lines().count(), 1, "{stderr}");

	let (code, _, stderr) =
		outcome(&energy_wallet(&["address", "--wallet", "/nonexistent/w.json"]));
	assert_eq!(code, Some(1));
	assert!(stderr.starts_with("error: cannot read /nonexistent/w.json: "), "{stderr}");
}

#[test]
fn transfer_refuses_a_bad_address_or_amount_before_connecting() {
	let scratch = Scratch::new("transfer-args");
	let file = scratch.path("w.json");
	let address = new_wallet(&file);
	let transfer = |to: &str, amount: &str| {
		let args = [
			"transfer",
			"--wallet",
			&file,
			"--url",
			"ws://127.0.0.1:1",
			"--to",
			to,
			"--amount",
			amount,
		];
		outcome(&energy_wallet(&args))
	};

	let (code, _, stderr) = transfer("0x1234", "1");
	assert_eq!(code, Some(2), "{stderr}");
	assert!(stderr.contains("invalid value '0x1234' for '--to <ADDRESS>'"), "{stderr}");
	assert!(stderr.contains("is not a wallet address"), "{stderr}");

	let (code, _, stderr) = transfer(&address, "1.0000000000001");
	assert_eq!(code, Some(2), "{stderr}");
	assert!(stderr.contains("more than 12 decimals"), "{stderr}");

	let (code, _, stderr) = transfer(&address, "20000000");
	assert_eq!(code, Some(2), "{stderr}");
	assert!(
		stderr.contains("more money than the pool can hold: at most 18446744.073709551615 EUR"),
		"{stderr}"
	);

	// Well-formed arguments get as far as the node.
	let (code, _, stderr) = transfer(&address, "1.5");
	assert_eq!(code, Some(1));
	assert!(stderr.starts_with("error: cannot connect to a node at ws://127.0.0.1:1"), "{stderr}");
	assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

/// With `--asset energy` amounts are whole Wh: a money amount is refused as a malformed argument,
/// before any connection, and a fee is checked as the amount is.
#[test]
fn energy_amounts_are_whole_watt_hours() {
	let scratch = Scratch::new("energy-args");
	let file = scratch.path("w.json");
	let address = new_wallet(&file);
	let transfer = |amount: &str, fee: &str| {
		let args = [
			"--asset",
			"energy",
			"transfer",
			"--wallet",
			&file,
			"--url",
			"ws://127.0.0.1:1",
			"--to",
			&address,
			"--amount",
			amount,
			"--fee",
			fee,
		];
		outcome(&energy_wallet(&args))
	};
	let (code, _, stderr) = transfer("1.5", "224");
	assert_eq!(code, Some(2), "{stderr}");
	assert!(stderr.contains("invalid value '1.5' for '--amount <AMOUNT>'"), "{stderr}");
	assert!(stderr.contains("is not an amount of energy: write it in whole Wh"), "{stderr}");
	let (code, _, stderr) = transfer("1500 Wh", "0.05 EUR");
	assert_eq!(code, Some(2), "{stderr}");
	assert!(stderr.contains("invalid value '0.05 EUR' for '--fee <AMOUNT>'"), "{stderr}");
	// Well-formed, it gets as far as the node.
	let (code, _, stderr) = transfer("1500 Wh", "224");
	assert_eq!(code, Some(1), "{stderr}");
	assert!(stderr.starts_with("error: cannot connect to a node at ws://127.0.0.1:1"), "{stderr}");
}

/// A wallet file that holds money notes is refused for energy, with the reason; a wallet that
/// holds nothing yet serves either.
#[test]
fn a_wallet_file_holds_one_pools_notes() {
	let scratch = Scratch::new("one-pool");
	let file = scratch.path("w.json");
	new_wallet(&file);
	let balance =
		|asset: &str| outcome(&energy_wallet(&["--asset", asset, "balance", "--wallet", &file]));
	for asset in ["money", "energy"] {
		let (code, stdout, stderr) = balance(asset);
		assert_eq!(code, Some(0), "{stderr}");
		assert!(stdout.contains("never scanned"), "{stdout}");
	}
	// As the first shield into the money pool records it.
	let mut json: serde_json::Value =
		serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
	json["pool"] = "ShieldedPool".into();
	std::fs::write(&file, json.to_string()).unwrap();
	let (code, _, stderr) = balance("energy");
	assert_eq!(code, Some(1), "{stderr}");
	assert!(
		stderr.contains("holds notes of the ShieldedPool pool, not the EnergyPool pool"),
		"{stderr}"
	);
	assert_eq!(balance("money").0, Some(0));
}

#[test]
fn unshield_refuses_a_bad_account() {
	let scratch = Scratch::new("unshield-args");
	let file = scratch.path("w.json");
	new_wallet(&file);
	let args = ["unshield", "--wallet", &file, "--dest", "alice", "--amount", "1", "--fee", "0.01"];
	let (code, _, stderr) = outcome(&energy_wallet(&args));
	assert_eq!(code, Some(2), "{stderr}");
	assert!(stderr.contains("\"alice\" is not an SS58 account address"), "{stderr}");
}

#[test]
fn shield_refuses_a_malformed_secret_uri_and_a_zero_amount() {
	let scratch = Scratch::new("shield-args");
	let file = scratch.path("w.json");
	new_wallet(&file);
	let shield = |suri: &str, amount: &str| {
		let args = [
			"shield",
			"--wallet",
			&file,
			"--url",
			"ws://127.0.0.1:1",
			"--suri",
			suri,
			"--amount",
			amount,
		];
		outcome(&energy_wallet(&args))
	};
	let (code, _, stderr) = shield("not a key", "1");
	assert_eq!(code, Some(1));
	assert!(stderr.starts_with("error: --suri "), "{stderr}");
	let (code, _, stderr) = shield("//Alice", "0");
	assert_eq!(code, Some(1));
	assert!(stderr.starts_with("error: the amount to shield must be more than zero"), "{stderr}");
}

#[test]
fn scan_names_an_unreachable_node() {
	let scratch = Scratch::new("scan");
	let file = scratch.path("w.json");
	new_wallet(&file);
	let args = ["scan", "--wallet", &file, "--url", "ws://127.0.0.1:1"];
	let (code, _, stderr) = outcome(&energy_wallet(&args));
	assert_eq!(code, Some(1));
	assert!(stderr.starts_with("error: cannot connect to a node at ws://127.0.0.1:1"), "{stderr}");
}

#[test]
fn a_wallet_file_others_can_read_is_used_with_a_warning() {
	let scratch = Scratch::new("mode");
	let file = scratch.path("w.json");
	new_wallet(&file);
	std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
	let (code, stdout, stderr) = outcome(&energy_wallet(&["balance", "--wallet", &file]));
	assert_eq!(code, Some(0), "{stderr}");
	assert!(stdout.starts_with("balance 0.00 EUR"), "{stdout}");
	assert!(stderr.contains("can be read by other users"), "{stderr}");
}

#[test]
fn market_commands_refuse_what_they_cannot_use_before_any_connection() {
	let scratch = Scratch::new("market");
	let market = scratch.path("m.json");
	// A payment is money, whatever `--asset` says; a malformed one is refused by the parser.
	#[rustfmt::skip]
	let agree = |payment: &str| {
		energy_wallet(&[
			"--asset", "energy", "market", "agree", "--market", &market, "--wallet", &market,
			"--offer", "0", "--energy", "10", "--payment", payment, "--buyer-key", "0x00",
			"--terms", &market, "--url", "ws://127.0.0.1:1",
		])
	};
	let (code, _, stderr) = outcome(&agree("1.2.3"));
	assert_eq!(code, Some(2), "{stderr}");
	assert!(stderr.contains("invalid value '1.2.3' for '--payment <AMOUNT>'"), "{stderr}");
	// A buyer key that is not 32 bytes is refused before the market file is read.
	let (code, _, stderr) = outcome(&agree("0.5"));
	assert_eq!(code, Some(1), "{stderr}");
	assert!(stderr.contains("the buyer's key is not 0x and 32 bytes in hex"), "{stderr}");
	// A household without a market file has nothing to buy with or settle.
	let buyer_key = ["market", "buyer-key", "--market", &market];
	let release = ["market", "release", "--market", &market, "--url", "ws://127.0.0.1:1"];
	for args in [&buyer_key[..], &release[..]] {
		let (code, _, stderr) = outcome(&energy_wallet(args));
		assert_eq!(code, Some(1), "{stderr}");
		assert!(stderr.contains("cannot read the market file"), "{stderr}");
	}
	// The auditor's file is never overwritten.
	let auditor = scratch.path("auditor.json");
	let (code, stdout, stderr) =
		outcome(&energy_wallet(&["market", "auditor-key", "--auditor", &auditor]));
	assert_eq!(code, Some(0), "{stderr}");
	assert!(stdout.trim_end().starts_with("0x") && stdout.trim_end().len() == 66, "{stdout}");
	let (code, _, stderr) =
		outcome(&energy_wallet(&["market", "auditor-key", "--auditor", &auditor]));
	assert_eq!(code, Some(1));
	assert!(stderr.contains("it is never overwritten"), "{stderr}");
}
