//! The node's own flags: a value the node cannot use is refused at start with what it takes.

use std::process::Command;

/// Runs the node binary with `args`: its standard output, standard error and whether it
/// succeeded.
fn run(args: &[&str]) -> (String, String, bool) {
	let output = Command::new(env!("CARGO_BIN_EXE_energy-node"))
		.args(args)
		.output()
		.expect("energy-node runs");
	(
		String::from_utf8_lossy(&output.stdout).into_owned(),
		String::from_utf8_lossy(&output.stderr).into_owned(),
		output.status.success(),
	)
}

#[test]
fn an_agent_strategy_the_agents_do_not_know_is_refused_with_the_ones_they_do() {
	let (_, stderr, ok) = run(&["--dev", "--agent-strategy", "greedy"]);
	assert!(!ok);
	assert!(stderr.contains("--agent-strategy"), "{stderr}");
	assert!(
		stderr.contains("expected boulware, linear, conceder, tit-for-tat or paper"),
		"{stderr}"
	);
}

#[test]
fn the_offchain_workers_flags_are_in_the_nodes_help() {
	let (help, _, ok) = run(&["--help"]);
	assert!(ok);
	assert!(help.contains("--agent-strategy <STRATEGY>"), "{help}");
	assert!(help.contains("--meter-url <URL>"), "{help}");
	assert!(help.contains("--agent-max-offer-wh <WH>"), "{help}");
}

#[test]
fn a_limit_on_the_agents_offers_that_is_no_number_is_refused() {
	let (_, stderr, ok) = run(&["--dev", "--agent-max-offer-wh", "lots"]);
	assert!(!ok);
	assert!(stderr.contains("--agent-max-offer-wh"), "{stderr}");
	assert!(stderr.contains("invalid digit"), "{stderr}");
}
