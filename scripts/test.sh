#!/usr/bin/env bash
# Runs every test: formatting, the pallets', runtime's, node's and agents' Rust tests, a fuzz
# smoke run of the privacy verifiers, and the end-to-end tests (real node processes on 127.0.0.1,
# driven over RPC by the Rust tests and by polkadot.js), side by side.
#
# Usage: scripts/test.sh [--quick]
# --quick is for development: the Rust tests and one end-to-end test (the market's), no fuzzing.
# CI runs everything.
. "$(dirname "$0")/lib.sh"

quick=0
case "${1:-}" in
"") ;;
--quick) quick=1 ;;
*) echo "usage: scripts/test.sh [--quick]" >&2; exit 2 ;;
esac

started=$SECONDS
step() { log "$1 (at $((SECONDS - started)) s)"; }

setup
cd "$REPO_ROOT"

step "formatting"
cargo fmt --all -- --check

step "building the node and every test"
build_node

step "Rust tests (the end-to-end ones, named end_to_end_*, run below with the others)"
cargo test "${CARGO_TEST_ARGS[@]}" -- --skip end_to_end_

if [ "$quick" -eq 0 ]; then
	step "fuzz smoke: random bytes into every privacy decoder and verifier, ${FUZZ_SECONDS:-15} s each"
	"$REPO_ROOT/scripts/fuzz-smoke.sh"
fi

if [ "$quick" -eq 1 ]; then
	step "one end-to-end test (--quick)"
	"$REPO_ROOT/scripts/e2e.sh" market
else
	step "end-to-end tests, side by side"
	"$REPO_ROOT/scripts/e2e.sh"
fi
step "every test passed"
