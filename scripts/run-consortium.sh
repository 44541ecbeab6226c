#!/usr/bin/env bash
# The main job: build the node, start the four-validator consortium on 127.0.0.1 with a meter
# simulator, admit a household and its smart meter by ballot, and show the chain producing and
# finalising blocks while the meter's readings mint energy tokens, until Ctrl-C.
. "$(dirname "$0")/lib.sh"

setup
build_node

root="$(mktemp -d "${TMPDIR:-/tmp}/energy-consortium.XXXXXX")"
pids=()
cleanup() {
	trap - INT TERM EXIT
	log "stopping the consortium"
	for pid in "${pids[@]}"; do kill -INT "$pid" 2>/dev/null || true; done
	# `wait` can return early when a signal interrupts it: poll until every process is gone.
	for pid in "${pids[@]}"; do
		for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	done
	rm -rf "$root"
}
trap cleanup INT TERM EXIT

log "starting the meter simulator on http://127.0.0.1:8700 (a PV, load and battery model per meter)"
"$CARGO_TARGET_DIR/release/meter-simulator" --listen 127.0.0.1:8700 >"$root/meter-simulator.log" 2>&1 &
pids+=("$!")

validators=(alice bob charlie dave)
log "starting ${#validators[@]} validators; logs in $root/<name>/node.log"
# Alice's node also runs the household's smart meter: its offchain worker reads the simulator.
start_validator consortium alice 0 "$root" --meter-url http://127.0.0.1:8700
pids+=("$STARTED_PID")
wait_for_rpc 9944
bootnode="/ip4/127.0.0.1/tcp/30333/p2p/$(peer_id 9944)"
for i in 1 2 3; do
	start_validator consortium "${validators[$i]}" "$i" "$root" --bootnodes "$bootnode"
	pids+=("$STARTED_PID")
done
for i in 1 2 3; do wait_for_rpc $((9944 + i)); done

log "consortium is up: RPC ws://127.0.0.1:9944 (to 9947), Prometheus http://127.0.0.1:9615/metrics"
cd "$REPO_ROOT/scripts"
log "a new household applies and the members vote on it"
node js/admit-household.mjs ws://127.0.0.1:9944 Household1
log "its smart meter joins; the members register the household's installation"
node js/install-meter.mjs ws://127.0.0.1:9944 Household1
log "polkadot.js apps: connect to ws://127.0.0.1:9944 (Governance > Council shows ballots). Ctrl-C stops the consortium."
node js/watch.mjs ws://127.0.0.1:9944 ws://127.0.0.1:9945 ws://127.0.0.1:9946 ws://127.0.0.1:9947 &
pids+=("$!")
wait "${pids[-1]}"
