#!/usr/bin/env bash
# Throughput of the market pallet on one dev node, next to plain transfers: floods of offers and
# 1,000 agreements, the chain's settlement of them, and the same number of transfers, with
# extrinsics per second and block fullness for each. A benchmark: it prints the figures (and
# writes them as JSON) and passes or fails the targets without failing itself.
# Usage: scripts/market-throughput.sh [--out FILE] [--sellers N] [--offers-per-seller N]
#        [--buyers N] [--slot-ms MS] [--recording-ms MS]
# The JSON goes to --out, $MARKET_THROUGHPUT_OUT, or market-throughput.json in $TMPDIR (or /tmp).
. "$(dirname "$0")/lib.sh"

setup
build_node

log "market throughput on a dev node (RPC 127.0.0.1:10034); takes 8 to 11 minutes, most of it waiting for the market clock"
cd "$REPO_ROOT/scripts"
# The script starts and stops the node itself, on Ctrl-C too.
ENERGY_NODE_BIN="$NODE_BIN" exec node js/market-throughput.mjs "$@"
