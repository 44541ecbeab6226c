#!/usr/bin/env bash
# Runs every test: formatting, the pallets', runtime's, node's and agents' Rust tests, a fuzz
# smoke run of the privacy verifiers, and the end-to-end tests (real node processes on 127.0.0.1,
# driven over RPC by the Rust tests and by polkadot.js), side by side and beside the others.
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

# The end-to-end tests mostly wait for blocks, so they run in the background while the Rust
# tests and the fuzz smoke use the CPU; their output comes at the end.
e2e_tests=()
[ "$quick" -eq 0 ] || e2e_tests=(market)
# Cargo is asked for the Rust end-to-end test's binary now, before `cargo test` below holds the
# target directory's lock.
E2E_RUST_TEST_BIN="$(test_executable consortium)" || { echo "no test binary consortium" >&2; exit 1; }
export E2E_RUST_TEST_BIN
e2e_log="$(mktemp "${TMPDIR:-/tmp}/energy-e2e-log.XXXXXX")"
step "end-to-end tests (${e2e_tests[*]:-all of them}) start in the background, side by side"
"$REPO_ROOT/scripts/e2e.sh" "${e2e_tests[@]}" >"$e2e_log" 2>&1 &
e2e_pid=$!
stop_e2e() {
	kill -TERM "$e2e_pid" 2>/dev/null || true
	wait "$e2e_pid" 2>/dev/null || true
}
trap stop_e2e EXIT

step "Rust tests (the end-to-end ones, named end_to_end_*, run with the others)"
cargo test "${CARGO_TEST_ARGS[@]}" -- --skip end_to_end_

if [ "$quick" -eq 0 ]; then
	step "fuzz smoke: random bytes into every privacy decoder and verifier, ${FUZZ_SECONDS:-15} s each"
	"$REPO_ROOT/scripts/fuzz-smoke.sh"
fi

step "waiting for the end-to-end tests"
e2e_status=0
wait "$e2e_pid" || e2e_status=$?
trap - EXIT
cat "$e2e_log" >&2
rm -f "$e2e_log"
[ "$e2e_status" -eq 0 ] || exit "$e2e_status"
step "every test passed"
