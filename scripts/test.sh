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
wait_for_rpc 9994 || { tail -n 40 "$root/alice/node.log"; exit 1; }
(cd scripts && ENERGY_NODE_WS=ws://127.0.0.1:9994 ENERGY_NODE_PROMETHEUS=9665 node --test js/transfer.test.mjs)

log "meters and anchors end to end: the offchain worker reads the meter simulator; the CLI anchors a batch"
(cd scripts && ENERGY_NODE_BIN="$NODE_BIN" node --test --test-timeout=600000 js/meters.test.mjs)

log "market end to end: households trade a compressed slot, settled against meter readings"
(cd scripts && ENERGY_NODE_BIN="$NODE_BIN" node --test --test-timeout=600000 js/market.test.mjs)

log "privacy end to end: households shield money, pay each other privately with energy-wallet and unshield"
(cd scripts && ENERGY_NODE_BIN="$NODE_BIN" node --test --test-timeout=600000 js/privacy.test.mjs)

log "micro-grid end to end: the main command's agents forecast, negotiate, trade and settle two slots"
(cd scripts && ENERGY_NODE_BIN="$NODE_BIN" node --test --test-timeout=600000 js/microgrid.test.mjs)

log "governance end to end: ballots admit a household and a validator, remove a validator"
(cd scripts && ENERGY_NODE_BIN="$NODE_BIN" node --test --test-timeout=900000 js/governance.test.mjs)
