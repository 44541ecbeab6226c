#!/usr/bin/env bash
# The main job: build the node, start the four-validator consortium on 127.0.0.1 with a meter
# simulator, admit a household and its smart meter by ballot, and run a simulated micro-grid
# that trades through the chain's hourly market, until Ctrl-C:
# - the consortium's chain spec admits the micro-grid's five households (Household2 to
#   Household6) and their smart meters in genesis (js/microgrid-spec.mjs), so they trade at once;
# - Household1 applies and the members (the micro-grid's households among them) vote it in; its
#   meter joins by ballot and the node's offchain worker reads it from the meter simulator;
# - js/microgrid.mjs runs the households' forecasting, seller and buyer agents (negotiation
#   endpoints on 127.0.0.1:8801-8805), their meters and the grid operator (Eve): every
#   one-minute slot it logs offers, negotiations, agreements, readings, settlements and
#   penalties, and each household's energy and money;
# - js/watch.mjs shows the blocks and GRANDPA finality of every validator.
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

cd "$REPO_ROOT/scripts"
spec="$root/consortium-microgrid.json"
log "writing the consortium's chain spec with the micro-grid's households admitted in genesis"
ENERGY_NODE_BIN="$NODE_BIN" node js/microgrid-spec.mjs "$spec" >/dev/null

validators=(alice bob charlie dave)
log "starting ${#validators[@]} validators; logs in $root/<name>/node.log"
# Alice's node also runs the household's smart meter: its offchain worker reads the simulator.
start_validator "$spec" alice 0 "$root" --meter-url http://127.0.0.1:8700
pids+=("$STARTED_PID")
rpc_ports=("$STARTED_RPC_PORT")
prometheus_port="$STARTED_PROMETHEUS_PORT"
wait_for_rpc "$STARTED_RPC_PORT"
bootnode="/ip4/127.0.0.1/tcp/$STARTED_P2P_PORT/p2p/$(peer_id "$STARTED_RPC_PORT")"
for i in 1 2 3; do
	start_validator "$spec" "${validators[$i]}" "$i" "$root" --bootnodes "$bootnode"
	pids+=("$STARTED_PID")
	rpc_ports+=("$STARTED_RPC_PORT")
done
for port in "${rpc_ports[@]:1}"; do wait_for_rpc "$port"; done
# Every validator's WebSocket RPC; Alice's first.
urls=("${rpc_ports[@]/#/ws://127.0.0.1:}")

log "consortium is up: RPC ${urls[0]} (to ${rpc_ports[-1]}), Prometheus http://127.0.0.1:$prometheus_port/metrics"
# Genesis made the micro-grid's five households voting members: eleven voters, so a ballot needs
# six ayes; the households (well-known keys //Household2 to //Household6) vote with the validators.
log "a new household applies and the members vote on it"
node js/admit-household.mjs "${urls[0]}" Household1
log "its smart meter joins; the members register the household's installation"
node js/install-meter.mjs "${urls[0]}" Household1
log "the micro-grid's agents trade through the market (slots of a minute; logs tagged [grid])"
node js/microgrid.mjs "${urls[0]}" &
pids+=("$!")
log "polkadot.js apps: connect to ${urls[0]} (Governance > Council shows ballots). Ctrl-C stops the consortium."
node js/watch.mjs "${urls[@]}" &
pids+=("$!")
wait "${pids[-1]}"
