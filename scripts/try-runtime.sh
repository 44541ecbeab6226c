#!/usr/bin/env bash
# Before the consortium votes on a runtime upgrade: check the runtime this checkout builds against
# the live state of a running chain. `energy-node try-runtime` downloads the state of the latest
# finalized block from the node at WS_URL (its storage root checked against the block header),
# runs the new runtime's migrations with every pallet's pre- and post-upgrade checks and
# `try_state` invariants, and reports the upgrade's weight. Nothing is written to the chain.
#
# Usage: scripts/try-runtime.sh [WS_URL]   (default ws://127.0.0.1:9944, run-consortium.sh's
# first validator). Any further arguments go to `energy-node try-runtime`, e.g. `--at 0x…`.
. "$(dirname "$0")/lib.sh"

uri="${1:-ws://127.0.0.1:9944}"
shift || true

setup
build_node
log "checking the runtime of this checkout (built with feature try-runtime) against $uri"
"$NODE_BIN" try-runtime \
	--runtime "$CARGO_TARGET_DIR/release/wbuild/energy-runtime/try_runtime.compact.compressed.wasm" \
	--uri "$uri" "$@"
