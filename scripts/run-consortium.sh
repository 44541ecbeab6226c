#!/usr/bin/env bash
# The main job: build, start the four-validator consortium on 127.0.0.1 with a simulated
# micro-grid admitted in genesis, and let the micro-grid trade through the chain's hourly market:
# - the chain spec is the node's own `microgrid-N` (N households, 20 unless HOUSEHOLDS says
#   otherwise: `//Household1` on, each with its smart meter, installation and money);
# - a newcomer applies and the members (the households among them) vote it in by ballot;
# - `energy-microgrid trade` runs the households' forecasting, seller and buyer agents and the
#   grid operator (Eve) over compressed market hours (a minute each), serves the households'
#   meters, which the validators' offchain workers read (--meter-url) and report, and the chain
#   settles; it prints the per-hour table and the key figures, and writes CSV and charts to
#   MICROGRID_REPORT (default ./microgrid-report). Arguments go to it, e.g. `--hours 6`.
# - then js/watch.mjs shows the blocks and GRANDPA finality of every validator, and the
#   consortium stays up for polkadot.js apps until Ctrl-C.
# Ctrl-C at any time stops everything; the report covers the hours traded so far.
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

households="${HOUSEHOLDS:-20}"
[[ "$households" =~ ^[1-9][0-9]*$ ]] || { echo "HOUSEHOLDS must be a positive number" >&2; exit 2; }
report="${MICROGRID_REPORT:-$PWD/microgrid-report}"
chain="microgrid-$households"
cd "$REPO_ROOT/scripts"

validators=(alice bob charlie dave)
log "starting ${#validators[@]} validators of chain $chain; logs in $root/<name>/node.log"
# Every validator's offchain worker reads the meters the simulator serves on port 8700.
meters=(--meter-url http://127.0.0.1:8700)
start_validator "$chain" alice 0 "$root" "${meters[@]}"
pids+=("$STARTED_PID")
rpc_ports=("$STARTED_RPC_PORT")
prometheus_port="$STARTED_PROMETHEUS_PORT"
wait_for_rpc "$STARTED_RPC_PORT"
bootnode="/ip4/127.0.0.1/tcp/$STARTED_P2P_PORT/p2p/$(peer_id "$STARTED_RPC_PORT")"
for i in 1 2 3; do
	start_validator "$chain" "${validators[$i]}" "$i" "$root" --bootnodes "$bootnode" "${meters[@]}"
	pids+=("$STARTED_PID")
	rpc_ports+=("$STARTED_RPC_PORT")
done
for port in "${rpc_ports[@]:1}"; do wait_for_rpc "$port"; done
# Every validator's WebSocket RPC; Alice's first.
urls=("${rpc_ports[@]/#/ws://127.0.0.1:}")

log "consortium is up: RPC ${urls[0]} (to ${rpc_ports[-1]}), Prometheus http://127.0.0.1:$prometheus_port/metrics"
log "polkadot.js apps: connect to ${urls[0]} (Governance > Council shows ballots)"
log "a newcomer applies and the members vote on it (the $households households among them)"
node js/admit-household.mjs "${urls[0]}" Newcomer "$households"
log "the micro-grid's $households households trade through the market (slots of a minute)"
nodes=()
for url in "${urls[@]}"; do nodes+=(--node "$url"); done
"$CARGO_TARGET_DIR/release/energy-microgrid" trade "${nodes[@]}" --households "$households" \
	--meters-listen 127.0.0.1:8700 --out "$report" "$@" &
pids+=("$!")
wait "${pids[-1]}" || true
log "the consortium keeps running for polkadot.js apps at ${urls[0]}; Ctrl-C stops it"
node js/watch.mjs "${urls[@]}" &
pids+=("$!")
wait "${pids[-1]}"
