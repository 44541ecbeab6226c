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
	] {
		let (code, _, stderr) = microgrid(args);
		assert_ne!(code, Some(0), "{args:?}");
		assert!(stderr.contains(says), "{args:?}: {stderr}");
	}
}
