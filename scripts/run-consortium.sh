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
CONSORTIUM_PIDS=()
cleanup() {
	trap - INT TERM EXIT
	log "stopping the consortium"
	stop_processes "${pids[@]}" "${CONSORTIUM_PIDS[@]}"
	rm -rf "$root"
}
trap cleanup INT TERM EXIT

households="${HOUSEHOLDS:-20}"
[[ "$households" =~ ^[1-9][0-9]*$ ]] || { echo "HOUSEHOLDS must be a positive number" >&2; exit 2; }
report="${MICROGRID_REPORT:-$PWD/microgrid-report}"
chain="microgrid-$households"
cd "$REPO_ROOT/scripts"

log "starting 4 validators of chain $chain; logs in $root/<name>/node.log"
# Every validator's offchain worker reads the meters the simulator serves on port 8700.
start_consortium "$chain" "$root" --meter-url http://127.0.0.1:8700
# Every validator's WebSocket RPC; Alice's first.
urls=("${CONSORTIUM_RPC_PORTS[@]/#/ws://127.0.0.1:}")

log "consortium is up: RPC ${urls[0]} (to ${CONSORTIUM_RPC_PORTS[-1]}), Prometheus http://127.0.0.1:$CONSORTIUM_PROMETHEUS_PORT/metrics"
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
