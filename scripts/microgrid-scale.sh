#!/usr/bin/env bash
# The figures of the multi-agent system, measured side by side in one run on this machine:
# the forecasters' error on held-out days and what trading on each gives, every strategy on the same micro-grid and day
# (welfare share of the optimum, local share, agreement rate), and the agents' wall time per
# simulated hour for 20, 200 and 1,000 households. The agents run in memory here (the chain is
# not in the loop): the figures are those of the agents alone; scripts/microgrid-chain-scale.sh
# runs micro-grids of up to 1,000 households through the consortium.
# Usage: scripts/microgrid-scale.sh [hours each size runs, default 6]
. "$(dirname "$0")/lib.sh"

hours="${1:-6}"
[[ "$hours" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [hours each size runs]" >&2; exit 2; }

setup
build_node
microgrid="$CARGO_TARGET_DIR/release/energy-microgrid"

log "forecasting agents: day-ahead error on 7 held-out days"
"$microgrid" forecasts --households 100 --history-days 14 --held-out-days 7

log "forecasters traded on: 200 households, a summer day, the paper's strategy"
for forecaster in seasonal-naive holt-winters; do
	printf '%-15s ' "$forecaster"
	"$microgrid" simulate --households 200 --hours 24 --strategies paper --forecaster "$forecaster" \
		2>/dev/null | awk '/traded locally, kWh/ { t = $NF } /^penalties, EUR/ { p = $NF }
			END { printf "%s kWh traded locally, %s EUR of penalties\n", t, p }'
done

log "strategies: 200 households, a summer day"
"$microgrid" simulate --households 200 --hours 24 \
	--strategies paper,boulware,linear,conceder,tit-for-tat 2>/dev/null | sed -n '/side by side/,$p'

log "scale: the paper's strategy over the same hours (wall time is the agents' alone)"
# From 08:00 UTC the day's trading hours; every size runs the same ones.
first=$((20625 * 24 + 8))
for households in 20 200 1000; do
	printf '%5d households, %d hours: ' "$households" "$hours"
	"$microgrid" simulate --households "$households" --hours "$hours" --first-slot "$first" \
		--strategies paper 2>/dev/null \
		| awk '/agents. wall s per hour/ { s = $NF } /messages \(refused\)/ { m = $(NF-1) }
			END { printf "%s s per hour, %s messages\n", s, m }'
done
