#!/usr/bin/env bash
# Measures the weights of our pallets with frame-benchmarking and writes their `weights.rs`.
# Usage: scripts/benchmark.sh [pallet_name ...]   (default: all of ours)
. "$(dirname "$0")/lib.sh"

# pallet name in the runtime => crate directory under pallets/
declare -A PALLETS=(
	[pallet_validator_set]=validator-set
	[pallet_consortium]=consortium
	[pallet_anchoring]=anchoring
	[pallet_money_gateway]=money-gateway
	[pallet_energy_token]=energy-token
	[pallet_meter_readings]=meter-readings
	[pallet_market]=market
	[pallet_shielded_pool]=shielded-pool
	[pallet_private_market]=private-market
)
# The benchmarks that become weights: the calls. The shielded pool's `verify_*` benchmarks time
# verification alone, for scripts/privacy-verification.sh.
declare -A EXTRINSICS=(
	[pallet_shielded_pool]=shield,transfer,unshield
)
# Steps and repeats: 50 and 20, but the shielded pool's setup proves and signs in WebAssembly at
# every run (about 0.7 s for a transfer), so it takes 20 and 10 (7 minutes rather than 40); the
# private market's setup also finds an 18-bit stamp in WebAssembly (about a second), so it takes
# 10 and 5.
declare -A STEPS=([pallet_shielded_pool]=20 [pallet_private_market]=10)
declare -A REPEATS=([pallet_shielded_pool]=10 [pallet_private_market]=5)

setup
build_node

selected=("$@")
[ "${#selected[@]}" -gt 0 ] || selected=("${!PALLETS[@]}")
for pallet in "${selected[@]}"; do
	dir="${PALLETS[$pallet]:-}"
	[ -n "$dir" ] || { echo "unknown pallet $pallet; known: ${!PALLETS[*]}" >&2; exit 2; }
	log "benchmarking $pallet"
	"$NODE_BIN" benchmark pallet --chain dev --pallet "$pallet" --extrinsic "${EXTRINSICS[$pallet]:-*}" \
		--steps "${STEPS[$pallet]:-50}" --repeat "${REPEATS[$pallet]:-20}" --wasm-execution compiled \
		--template "$REPO_ROOT/scripts/pallet-weights.hbs" \
		--output "$REPO_ROOT/pallets/$dir/src/weights.rs"
done
(cd "$REPO_ROOT" && cargo fmt --all)
