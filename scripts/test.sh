#!/usr/bin/env bash
# Runs every test: pallet and runtime unit tests, the node's end-to-end tests (real node
# processes on 127.0.0.1), and the polkadot.js client check against a running node.
. "$(dirname "$0")/lib.sh"

setup
cd "$REPO_ROOT"

log "formatting"
cargo fmt --all -- --check

log "Rust tests (release profile: one build serves the node and the tests)"
cargo test "${CARGO_TEST_ARGS[@]}"

log "fuzz smoke: random bytes into every privacy decoder and verifier, ${FUZZ_SECONDS:-15} s each"
"$REPO_ROOT/scripts/fuzz-smoke.sh"

log "polkadot.js client check against a dev node"
root="$(mktemp -d "${TMPDIR:-/tmp}/energy-js-test.XXXXXX")"
start_validator dev alice 50 "$root"
node_pid="$STARTED_PID"
cleanup() {
	kill -INT "$node_pid" 2>/dev/null || true
	wait "$node_pid" 2>/dev/null || true
	rm -rf "$root"
}
trap cleanup EXIT
wait_for_rpc "$STARTED_RPC_PORT" || { tail -n 40 "$root/alice/node.log"; exit 1; }
(cd scripts && ENERGY_NODE_WS="ws://127.0.0.1:$STARTED_RPC_PORT" ENERGY_NODE_PROMETHEUS="$STARTED_PROMETHEUS_PORT" \
	node --test js/tests/transfer.test.mjs)

# Run the end-to-end client test js/tests/$1.test.mjs, which starts its own nodes, for at most
# $2 ms.
e2e_test() {
	(cd scripts && ENERGY_NODE_BIN="$NODE_BIN" node --test --test-timeout="$2" "js/tests/$1.test.mjs")
}

log "meters and anchors end to end: the offchain worker reads the meter simulator; the CLI anchors a batch"
e2e_test meters 600000

log "market end to end: households trade a compressed slot, settled against meter readings"
e2e_test market 600000

log "privacy end to end: households shield money, pay each other privately with energy-wallet and unshield"
e2e_test privacy 600000

log "micro-grid end to end: the main command's agents forecast, negotiate, trade and settle two slots"
e2e_test microgrid 600000

log "governance end to end: ballots admit a household and a validator, remove a validator"
e2e_test governance 900000
