//! `energy-microgrid` as its users run it: arguments in, tables, files and one-line errors out.

use std::process::Command;

fn microgrid(args: &[&str]) -> (Option<i32>, String, String) {
	let output = Command::new(env!("CARGO_BIN_EXE_energy-microgrid")).args(args).output().unwrap();
	(
		output.status.code(),
		String::from_utf8_lossy(&output.stdout).into_owned(),
		String::from_utf8_lossy(&output.stderr).into_owned(),
	)
}

#[test]
fn simulate_compares_strategies_and_writes_the_report() {
	let dir = std::env::temp_dir().join(format!("energy-microgrid-cli-{}", std::process::id()));
	let (code, stdout, stderr) = microgrid(&[
		"simulate",
		"--households",
		"6",
		"--hours",
		"4",
		"--first-slot",
		"495012",
		"--strategies",
		"paper,conceder",
		"--history-days",
		"2",
		"--out",
		dir.to_str().unwrap(),
	]);
	assert_eq!(code, Some(0), "{stderr}");
	assert!(stdout.contains("hour by hour, strategy paper"), "{stdout}");
	assert!(stdout.contains("strategies side by side"), "{stdout}");
	assert!(stdout.lines().any(|l| l.contains("paper") && l.contains("conceder")), "{stdout}");
	for file in ["hours.csv", "households.csv", "strategies.csv"] {
		assert!(dir.join(file).is_file(), "{file}");
	}
	// The charts of the first strategy, as SVG and PNG.
	assert!(stdout.contains("wrote market.svg, market.png, bills.svg, bills.png"), "{stdout}");
	let svg = std::fs::read_to_string(dir.join("market.svg")).unwrap();
	assert!(svg.starts_with("<svg") && svg.contains("Market hour by hour (paper)"));
	let png = std::fs::read(dir.join("bills.png")).unwrap();
	assert_eq!(&png[1..4], b"PNG");
	std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn forecasts_prints_each_methods_error() {
	let (code, stdout, stderr) = microgrid(&[
		"forecasts",
		"--households",
		"3",
		"--history-days",
		"4",
		"--held-out-days",
		"2",
	]);
	assert_eq!(code, Some(0), "{stderr}");
	assert!(stdout.contains("seasonal-naive") && stdout.contains("holt-winters"), "{stdout}");
}

#[test]
fn bad_arguments_get_one_line_errors() {
	for (args, says) in [
		(&["simulate", "--strategies", "greedy"][..], "--strategies"),
		(&["simulate", "--households", "0"][..], "at least one household"),
		(&["simulate", "--history-days", "1"][..], "at least 2 days of history"),
		(&["simulate", "--forecaster", "arima"][..], "seasonal-naive or holt-winters"),
		(&["forecasts", "--first-slot", "5"][..], "must be a midnight"),
		(&["trade", "--strategy", "greedy"][..], "--strategy"),
		(&["trade", "--compare", "paper,greedy"][..], "--compare"),
		(&["trade", "--households", "0"][..], "at least one household"),
		(&["trade", "--operator", "not a uri"][..], "--operator"),
		(
			&["trade", "--households", "4", "--ocw-households", "5"][..],
			"--ocw-households 5: at most the 4 households that trade",
		),
		(&["trade", "--node", "http://127.0.0.1:1"][..], "not a WebSocket URL"),
		// Nothing listens on port 1 of 127.0.0.1.
		(
			&["trade", "--node", "ws://127.0.0.1:1"][..],
			"cannot connect to a node at ws://127.0.0.1:1",
		),
	] {
		let (code, _, stderr) = microgrid(args);
		assert_ne!(code, Some(0), "{args:?}");
		assert!(stderr.contains(says), "{args:?}: {stderr}");
	}
}

#[test]
fn households_lists_the_micro_grid_chains_households_as_modelled() {
	let (code, stdout, stderr) = microgrid(&["households", "--count", "4"]);
	assert_eq!(code, Some(0), "{stderr}");
	let rows: Vec<&str> = stdout.lines().skip(1).collect();
	assert_eq!(rows.len(), 4, "{stdout}");
	// The laid-out mix: a consumer, PV alone, PV with a battery, a consumer.
	for (row, kind) in rows.iter().zip(["Consumer", "Solar", "SolarWithBattery", "Consumer"]) {
		assert_eq!(row.split_whitespace().nth(1), Some(kind), "{stdout}");
	}
}
