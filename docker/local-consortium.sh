#!/usr/bin/env bash
# Makes what docker/consortium.yml needs to run a consortium on one host for a trial: the raw
# chain spec (from the node image) and each node's key directory with the development keys of
# the founding members (//Alice to //Dave, network keys 1 to 4; the RPC node network key 5).
# These keys are public knowledge: a real member generates its own (README, "Deploying").
#
# Usage: docker/local-consortium.sh [--chain CHAIN] DIR
# CHAIN: microgrid (default: the consortium with 20 households, whose agents consortium.yml
# runs), microgrid-N (N households) or consortium (none: leave out the agents service).
# Writes DIR/chain-spec.json and DIR/keys/{alice,bob,charlie,dave,rpc}/.
set -euo pipefail
chain=microgrid
if [ "${1:-}" = "--chain" ]; then
	chain="${2:?--chain needs a chain name}"
	shift 2
fi
dir="${1:?usage: docker/local-consortium.sh [--chain CHAIN] DIR}"
mkdir -p "$dir/keys"

docker run --rm --entrypoint energy-node "energy-chain/node:${TAG:-latest}" \
	build-spec --chain "$chain" --raw --disable-default-bootnode >"$dir/chain-spec.json" 2>/dev/null \
	|| { echo "the node image could not build the chain spec of $chain: build it with docker/build-images.sh" >&2; exit 1; }

index=1
for member in alice bob charlie dave rpc; do
	keys="$dir/keys/$member"
	mkdir -p "$keys"
	printf '%064x' "$index" >"$keys/node-key"
	if [ "$member" != rpc ]; then
		# The dev accounts' seeds: //Alice signs Aura blocks (sr25519) and GRANDPA votes (ed25519).
		printf '//%s' "${member^}" >"$keys/aura"
		printf '//%s' "${member^}" >"$keys/grandpa"
	fi
	index=$((index + 1))
done
# The containers run as uid 10001 and must read their keys; nobody else need.
if [ "$(id -u)" -eq 0 ]; then
	chown -R 10001:10001 "$dir/keys"
	chmod -R go-rwx "$dir/keys"
else
	chmod -R a+rX "$dir/keys"
fi
echo "wrote $dir/chain-spec.json (chain $chain) and the keys of alice, bob, charlie, dave and rpc in $dir/keys" >&2
