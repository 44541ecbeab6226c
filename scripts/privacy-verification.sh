#!/usr/bin/env bash
# Verification speed of the privacy proofs, side by side in one run: natively (criterion, the
# `energy-privacy` crate's `verify` bench) and inside the runtime (frame-benchmarking of the
# shielded pool's `verify_*` benchmarks), both through the node's host functions, as the pool's
# calls verify, and in plain WebAssembly. Prints each proof's times and their ratio to native.
# Usage: scripts/privacy-verification.sh [--out FILE]   (JSON of the figures; default
# privacy-verification.json in $TMPDIR or /tmp; the runtime's raw results go beside it, in
# FILE with `.runtime.json` for `.json`)
. "$(dirname "$0")/lib.sh"

out="${TMPDIR:-/tmp}/privacy-verification.json"
if [ "${1:-}" = "--out" ] && [ -n "${2:-}" ]; then out="$2"; fi

setup
build_node

runtime_json="${out%.json}.runtime.json"

log "in the runtime: ring signatures of 1 to 16 members, range proofs of 1 to 16 outputs"
"$NODE_BIN" benchmark pallet --chain dev --pallet pallet_shielded_pool \
	--extrinsic verify_ring_signature,verify_ring_signature_in_wasm,verify_range_proof,verify_range_proof_in_wasm \
	--steps 16 --repeat 20 --wasm-execution compiled --json-file "$runtime_json" >/dev/null

log "natively: criterion"
(cd "$REPO_ROOT" && cargo bench --locked -p energy-privacy --bench verify -- --noplot)

(cd "$REPO_ROOT/scripts" && node js/privacy-verification.mjs "$runtime_json" \
	"$CARGO_TARGET_DIR/criterion" "$out")
