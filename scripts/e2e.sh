#!/usr/bin/env bash
# Runs the end-to-end tests side by side. Each one starts its own real nodes on its own ports
# (its node index in node/tests/test-node.json, or free ports for the Rust tests) and base paths
# (under its own temporary directory), so they cannot collide; a node waiting for its next block
# leaves the machine idle, so running them together costs about as long as the slowest one.
#
# Usage: scripts/e2e.sh [TEST...]   (default: every test, slowest first)
# E2E_JOBS caps how many run at once (default: all), E2E_STAGGER sets the seconds between two
# starts (default 15). Each test's output and its nodes' logs go to
# E2E_LOG_DIR/TEST/ (default: a new temporary directory, removed when everything passed). At the
# end a table says what ran, how long it took and whether it passed; a failing test's output and
# the last lines of its nodes' logs follow.
#
# Expects the node and the tests built (scripts/test.sh builds them first).
. "$(dirname "$0")/lib.sh"

# Every end-to-end test, slowest first (so the slowest starts first), with its time limit in
# seconds and what it proves.
E2E_TESTS=(docker private-market governance microgrid market consortium agents privacy meters try-runtime transfer python)
declare -A LIMIT=(
	[docker]=1200 [private-market]=900 [governance]=900 [microgrid]=600 [market]=600 [consortium]=600
	[agents]=600 [privacy]=600 [meters]=600 [try-runtime]=600 [transfer]=300 [python]=300
)
declare -A ABOUT=(
	[docker]="the consortium in containers survives stopped, restarted and restored validators, a runtime upgrade by ballot and a flood"
	[private-market]="three households trade a slot privately with energy-wallet market; an observer learns nobody and no amount, the auditor all; a claim against the meter, a refund with the seller's penalty; energy-agent private sells and buys a slot"
	[governance]="ballots admit a household and a validator, remove a validator (5 nodes)"
	[microgrid]="energy-microgrid trades 2 hours of 6 households through a dev node, 3 from its offchain worker; its report is the chain's"
	[market]="households trade a compressed slot, settled against meter readings"
	[consortium]="four validators finalize blocks; a restarted node keeps its finalized head; an outsider cannot sync from a member's RPC node (Rust)"
	[agents]="standalone and in-node agents (two validators) of sellers and buyers negotiate over JSON-RPC; the chain records and settles what they agreed"
	[privacy]="households shield money and energy, pay each other privately with energy-wallet, unshield"
	[meters]="the offchain worker reads the meter simulator; the CLI anchors a batch"
	[try-runtime]="energy-node try-runtime downloads a dev node's state and names the invariant its genesis breaks; refuses the production runtime"
	[transfer]="polkadot.js builds every call, reads every storage map and sends a finalized transfer on a dev node"
	[python]="substrate-interface reads the market, calls MarketApi and EnergyTokenApi, and publishes a household's agent"
)

# The JavaScript test js/tests/$1.test.mjs, which starts its own nodes.
js_test() {
	cd "$REPO_ROOT/scripts"
	ENERGY_NODE_BIN="$NODE_BIN" node --test --test-timeout="$((LIMIT[$1] * 1000))" "js/tests/$1.test.mjs"
}

# Starts node $2 of chain $1 as Alice, runs the command $3 once the node answers RPC (it reads the
# node's ports from STARTED_RPC_PORT and STARTED_PROMETHEUS_PORT), then stops the node and keeps
# its log as $4 among the test's node logs. Returns the command's status.
with_alice() {
	local chain=$1 index=$2 check=$3 log_name=$4 root status=0
	root="$(mktemp -d)"
	start_validator "$chain" alice "$index" "$root"
	local pid="$STARTED_PID"
	if wait_for_rpc "$STARTED_RPC_PORT"; then
		"$check" || status=$?
	else
		status=1
	fi
	kill -INT "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	cp "$root/alice/node.log" "$ENERGY_NODE_LOG_DIR/$log_name" 2>/dev/null || true
	rm -rf "$root"
	return "$status"
}

# The polkadot.js client check, against a dev node (node index 50).
transfer_check() {
	(cd "$REPO_ROOT/scripts" && ENERGY_NODE_WS="ws://127.0.0.1:$STARTED_RPC_PORT" \
		ENERGY_NODE_PROMETHEUS="$STARTED_PROMETHEUS_PORT" node --test js/tests/transfer.test.mjs)
}
transfer_test() { with_alice dev 50 transfer_check dev-alice.log; }

# The Python client (scripts/python/market_client.py, substrate-interface) against a dev node of
# one household (node index 51).
python_check() {
	"$PYTHON_VENV/bin/python" "$REPO_ROOT/scripts/python/market_client.py" "ws://127.0.0.1:$STARTED_RPC_PORT"
}
python_test() { with_alice dev-microgrid-1 51 python_check dev-microgrid-alice.log; }

# The Docker deployment and its faults (docker/operations-test.sh), with Docker installed and its
# daemon started first where they are missing.
docker_test() {
	install_docker
	"$REPO_ROOT/docker/operations-test.sh"
}

# The Rust end-to-end tests of node/tests/$1.rs: those named `end_to_end_*` (scripts/test.sh skips
# them in its `cargo test` run, so they run here, beside the others).
rust_test() {
	local executable="${E2E_RUST_TEST_BIN:-}"
	[ -n "$executable" ] || executable="$(test_executable "$1")" \
		|| { echo "no test binary $1: build the tests first" >&2; return 1; }
	cd "$REPO_ROOT/node"
	"$executable" end_to_end_
}

# Run test $1 in the foreground.
run_one() {
	case "$1" in
	consortium) rust_test consortium ;;
	transfer) transfer_test ;;
	python) python_test ;;
	docker) docker_test ;;
	*) js_test "$1" ;;
	esac
}

# `e2e.sh --one TEST`: what each background job runs (under `timeout`, which stops the test's whole
# process group, nodes included, when its limit passes).
if [ "${1:-}" = "--one" ]; then
	run_one "$2"
	exit
fi

selected=("$@")
[ "${#selected[@]}" -gt 0 ] || selected=("${E2E_TESTS[@]}")
for name in "${selected[@]}"; do
	[ -n "${LIMIT[$name]:-}" ] || { echo "unknown end-to-end test '$name'; known: ${E2E_TESTS[*]}" >&2; exit 2; }
done

# Cargo is asked once, before anything runs beside it: test.sh runs `cargo test` meanwhile, and
# two cargo commands on one target directory wait for each other.
for name in "${selected[@]}"; do
	if [ "$name" = consortium ] && [ -z "${E2E_RUST_TEST_BIN:-}" ]; then
		E2E_RUST_TEST_BIN="$(test_executable consortium)" \
			|| { echo "no test binary consortium: build the tests first" >&2; exit 1; }
		export E2E_RUST_TEST_BIN
	fi
done

keep_logs=1
LOG_DIR="${E2E_LOG_DIR:-}"
if [ -z "$LOG_DIR" ]; then
	LOG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/energy-e2e.XXXXXX")"
	keep_logs=0
fi
mkdir -p "$LOG_DIR"
max_jobs="${E2E_JOBS:-${#selected[@]}}"

declare -A PID STARTED ELAPSED STATUS
stop_running() {
	for name in "${!PID[@]}"; do
		[ -n "${STATUS[$name]:-}" ] || kill -TERM "${PID[$name]}" 2>/dev/null || true
	done
	wait 2>/dev/null || true
}
trap stop_running EXIT
# Stopped from outside (test.sh stops it when another test fails), it stops its tests too.
trap 'exit 143' TERM INT

start() {
	local name="$1" dir="$LOG_DIR/$1"
	mkdir -p "$dir/nodes" "$dir/tmp"
	log "e2e: starting $name (${ABOUT[$name]})"
	TMPDIR="$dir/tmp" ENERGY_NODE_LOG_DIR="$dir/nodes" \
		timeout -k 30 "${LIMIT[$name]}" "$REPO_ROOT/scripts/e2e.sh" --one "$name" >"$dir/output.log" 2>&1 &
	PID[$name]=$!
	STARTED[$name]=$SECONDS
}

pending=("${selected[@]}")
running=()
next_start=0
while [ "${#pending[@]}" -gt 0 ] || [ "${#running[@]}" -gt 0 ]; do
	# Tests start E2E_STAGGER seconds apart (default 15): a starting node compiles the runtime
	# to machine code, and the slowest test, started first, should not wait for every other
	# test's nodes to do so.
	if [ "${#pending[@]}" -gt 0 ] && [ "${#running[@]}" -lt "$max_jobs" ] && [ "$SECONDS" -ge "$next_start" ]; then
		start "${pending[0]}"
		running+=("${pending[0]}")
		pending=("${pending[@]:1}")
		next_start=$((SECONDS + ${E2E_STAGGER:-15}))
	fi
	sleep 1
	still=()
	for name in "${running[@]}"; do
		if kill -0 "${PID[$name]}" 2>/dev/null; then
			still+=("$name")
			continue
		fi
		status=0
		wait "${PID[$name]}" || status=$?
		STATUS[$name]=$status
		ELAPSED[$name]=$((SECONDS - STARTED[$name]))
		if [ "$status" -eq 0 ]; then
			log "e2e: $name passed in ${ELAPSED[$name]} s"
		elif [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
			log "e2e: $name timed out after ${ELAPSED[$name]} s"
		else
			log "e2e: $name FAILED (exit $status) after ${ELAPSED[$name]} s"
		fi
	done
	running=("${still[@]}")
done
trap - EXIT

failed=()
printf '\n%-12s %8s  %-9s %s\n' "test" "seconds" "result" "what it proves"
for name in "${selected[@]}"; do
	result=passed
	if [ "${STATUS[$name]}" -ne 0 ]; then
		result=FAILED
		[ "${STATUS[$name]}" -ne 124 ] && [ "${STATUS[$name]}" -ne 137 ] || result="TIMED OUT"
		failed+=("$name")
	fi
	printf '%-12s %8s  %-9s %s\n' "$name" "${ELAPSED[$name]}" "$result" "${ABOUT[$name]}"
done
printf '%-12s %8s  (wall time for %d tests, %s at once)\n\n' "all" "$SECONDS" "${#selected[@]}" "$max_jobs"

if [ "${#failed[@]}" -eq 0 ]; then
	[ "$keep_logs" -eq 1 ] || rm -rf "$LOG_DIR"
	exit 0
fi
for name in "${failed[@]}"; do
	log "e2e: $name failed; the end of its output ($LOG_DIR/$name/output.log):"
	tail -n 80 "$LOG_DIR/$name/output.log" >&2
	for node_log in "$LOG_DIR/$name/nodes"/*.log; do
		[ -e "$node_log" ] || continue
		log "e2e: $name: the end of $(basename "$node_log")"
		tail -n 30 "$node_log" >&2
	done
done
log "e2e: failed: ${failed[*]}; every log is under $LOG_DIR"
exit 1
