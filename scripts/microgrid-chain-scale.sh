#!/usr/bin/env bash
# The micro-grid's size through the chain, measured side by side in one run: for each size, the
# four-validator consortium of `microgrid-N` starts on 127.0.0.1 (its validators' offchain workers
# read the meters `energy-microgrid trade` serves) and the N households trade HOURS compressed
# market slots (a minute each) from 11:00 on a summer day, the paper's strategy. Each size prints
# `trade`'s figures: agreements recorded and settled, calls refused, how long the chain took to
# include the slowest slot's offers and agreements against the slot's phases, and the agents' time
# per hour; then a table of them all. The agents' time alone, in memory, for larger micro-grids
# is scripts/microgrid-scale.sh's.
# Usage: scripts/microgrid-chain-scale.sh [HOURS (default 3)] [SIZES... (default 20 200)]
# The largest micro-grid chain has 1,000 households (the consortium's registry holds 2,048
# members: households, their meters and the founders), whose meters the four validators' offchain
# workers read (256 each).
. "$(dirname "$0")/lib.sh"

hours="${1:-3}"
[[ "$hours" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [HOURS] [SIZES...]" >&2; exit 2; }
shift || true
sizes=("$@")
[ "${#sizes[@]}" -gt 0 ] || sizes=(20 200)
for n in "${sizes[@]}"; do
	[[ "$n" =~ ^[1-9][0-9]*$ ]] && [ "$n" -le 1000 ] \
		|| { echo "size '$n': a number of households from 1 to 1000" >&2; exit 2; }
done

setup
build_node
microgrid="$CARGO_TARGET_DIR/release/energy-microgrid"
# 2026-06-21 11:00 UTC, a sunny late morning, in hours since 1970.
first_hour=$((20625 * 24 + 11))

root="$(mktemp -d "${TMPDIR:-/tmp}/energy-chain-scale.XXXXXX")"
CONSORTIUM_PIDS=()
cleanup() {
	trap - INT TERM EXIT
	stop_processes "${CONSORTIUM_PIDS[@]}"
	rm -rf "$root"
}
trap cleanup INT TERM EXIT

rows=()
for n in "${sizes[@]}"; do
	log "$n households: the consortium of microgrid-$n starts"
	mkdir -p "$root/$n"
	start_consortium "microgrid-$n" "$root/$n" --meter-url http://127.0.0.1:8700
	nodes=()
	for port in "${CONSORTIUM_RPC_PORTS[@]}"; do nodes+=(--node "ws://127.0.0.1:$port"); done
	log "$n households trade $hours slots"
	started=$SECONDS
	"$microgrid" trade "${nodes[@]}" --households "$n" --hours "$hours" --first-hour "$first_hour" \
		--meters-listen 127.0.0.1:8700 2>"$root/$n/trade.log" | tee "$root/$n/trade.out" \
		| sed -n '/^the chain/p'
	took=$((SECONDS - started))
	stop_processes "${CONSORTIUM_PIDS[@]}"
	CONSORTIUM_PIDS=()
	# What went wrong, if anything: the last warnings of the run.
	grep WARN "$root/$n/trade.log" | tail -5 >&2 || true
	rows+=("$(awk -v n="$n" -v took="$took" '
		/^the chain recorded/ { recorded = $4; unsettled = $6; refused = $13 }
		/^the chain took up to/ { offers = $6; agreements = $14; slot = $21 }
		/^agents. wall s per hour/ { agents = $6 }
		END { printf "| %s | %s s | %s | %s | %s | %s s | %s s | %s s | %s s |\n",
			n, took, recorded, unsettled, refused, offers, agreements, slot, agents }' \
		"$root/$n/trade.out")")
done

echo
echo "| households | wall time of the run | agreements recorded | not settled | calls refused | slowest slot: offers in | agreements in | slot length | agents' s per hour |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
printf '%s\n' "${rows[@]}"
