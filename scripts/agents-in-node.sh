#!/usr/bin/env bash
# How much of a block the households' agents inside a node take, and the welfare they reach: 0,
# 1, 10 and 64 households trade from the node's offchain worker (the rest of a 64-household
# micro-grid from a standalone energy-agent process), side by side in one run, and the worker's
# time per block, what the agents agreed, whether blocks kept their time and the market's
# welfare share are printed as a table; then the node's inbox under a flood. A benchmark: it
# fails only if something errors.
# Usage: scripts/agents-in-node.sh [--agents 0,1,10,64] [--slots 3] [--flood-seconds 20]
. "$(dirname "$0")/lib.sh"

setup
build_node

log "agents inside a node (RPC 127.0.0.1:10036); takes about 4 minutes per count of agents"
cd "$REPO_ROOT/scripts"
# The script starts and stops the node and the agents itself, on Ctrl-C too.
ENERGY_NODE_BIN="$NODE_BIN" exec node js/agents-in-node.mjs "$@"
