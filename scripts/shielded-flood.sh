#!/usr/bin/env bash
# The shielded pool under a flood, next to the market it must not starve: three recording windows
# of one dev node side by side, quiet, flooded with private transfers whose ring signatures are
# forged (each verified in full before it is refused), and flooded with valid ones. Prints the
# blocks each window produced and how far apart, the node's authoring time, the share of the
# market's agreements that landed, and what became of the private transactions. A benchmark: it
# prints figures and fails only if something errors.
# Usage: scripts/shielded-flood.sh [--out FILE] [--sellers N] [--buyers N] [--slot-ms MS]
#        [--recording-ms MS] [--valid N] [--invalid N]
# The JSON goes to --out, $SHIELDED_FLOOD_OUT, or shielded-flood.json in $TMPDIR (or /tmp).
. "$(dirname "$0")/lib.sh"

setup
build_node

log "shielded pool flood on a dev node (RPC 127.0.0.1:10035); takes 8 to 12 minutes, most of it preparing the transfers and waiting for the market clock"
cd "$REPO_ROOT/scripts"
# The script starts and stops the node itself, on Ctrl-C too.
ENERGY_NODE_BIN="$NODE_BIN" ENERGY_POOL_FLOOD_BIN="$(dirname "$NODE_BIN")/energy-pool-flood" \
	exec node js/shielded-flood.mjs "$@"
