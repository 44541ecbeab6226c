#!/bin/bash
# Starts energy-node in its container. At every start it inserts the session keys found in /keys
# into the keystore volume (inserting a key twice is harmless), so keys come from files or
# secrets mounted at run time and never from the image. Then it runs the node with the settings
# of its environment and any extra flags given as the container's command.
#
# /keys/node-key          the node's network key (64 hex digits): its peer id
# /keys/aura, /keys/grandpa
#                         a validator's session keys, each as a secret URI (mnemonic, seed or
#                         //Dev path); a node without them does not validate
# /keys/meters/*          secret URIs of smart meters whose readings this node's offchain worker
#                         signs and submits (with METER_URL)
#
# CHAIN            a chain spec file, or a chain the node knows by name
#                  (default: /chain/spec.json if mounted, else consortium)
# NODE_NAME        the name the node shows its peers (default: the host name)
# LISTEN_IP        the address it listens on (default 127.0.0.1)
# P2P_PORT, RPC_PORT, PROMETHEUS_PORT   its ports (30333, 9944, 9615)
# PUBLIC_ADDR      the multiaddress peers should dial, e.g. /ip4/203.0.113.7/tcp/30333
# BOOTNODES        multiaddresses of the consortium's other nodes, separated by spaces
# METER_URL        the smart meters' base URL, for the meter offchain worker
# ROLE             validator (authors and votes with the session keys in its keystore) or rpc
#                  (the default: follows the chain and serves clients)
# RPC_METHODS      safe (default) or unsafe: unsafe lets the operator make session keys over RPC
#                  (author_rotateKeysWithOwner) on the node's own 127.0.0.1 port
set -euo pipefail

chain="${CHAIN:-}"
if [ -z "$chain" ]; then
	chain=consortium
	if [ -e /chain/spec.json ]; then
		# Docker mounts a missing host file as an empty directory: say so instead of starting a
		# chain nobody meant.
		[ -f /chain/spec.json ] || { echo "/chain/spec.json is not a file: is the chain spec's host path right?" >&2; exit 2; }
		chain=/chain/spec.json
	fi
fi
node_key=/keys/node-key
if [ ! -s "$node_key" ]; then
	echo "no network key: mount the node's key file at $node_key (make one with" \
		"\`energy-node key generate-node-key --file FILE\`)" >&2
	exit 2
fi

insert_key() {
	local scheme="$1" type="$2" suri_file="$3"
	energy-node key insert --chain "$chain" --keystore-path /keystore \
		--scheme "$scheme" --key-type "$type" --suri "$suri_file"
	echo "inserted the $type key of $suri_file into the keystore" >&2
}
if [ -s /keys/aura ] || [ -s /keys/grandpa ]; then
	[ -s /keys/aura ] && [ -s /keys/grandpa ] \
		|| { echo "session keys come in pairs: mount both /keys/aura and /keys/grandpa" >&2; exit 2; }
	insert_key sr25519 aura /keys/aura
	insert_key ed25519 gran /keys/grandpa
fi
validator=()
case "${ROLE:-rpc}" in
validator) validator=(--validator) ;;
rpc) ;;
*) echo "ROLE is validator or rpc, not ${ROLE}" >&2; exit 2 ;;
esac
if [ -d /keys/meters ]; then
	for meter in /keys/meters/*; do
		[ -s "$meter" ] && insert_key sr25519 metr "$meter"
	done
fi

args=(
	--chain "$chain"
	--base-path /data
	--keystore-path /keystore
	--node-key-file "$node_key"
	--name "${NODE_NAME:-$(hostname)}"
	--listen-addr "/ip4/${LISTEN_IP:-127.0.0.1}/tcp/${P2P_PORT:-30333}"
	--rpc-port "${RPC_PORT:-9944}"
	--prometheus-port "${PROMETHEUS_PORT:-9615}"
	--rpc-methods "${RPC_METHODS:-safe}"
	--rpc-cors all
	--no-mdns
	--no-telemetry
	"${validator[@]}"
)
[ -z "${PUBLIC_ADDR:-}" ] || args+=(--public-addr "$PUBLIC_ADDR")
for bootnode in ${BOOTNODES:-}; do
	args+=(--bootnodes "$bootnode")
done
[ -z "${METER_URL:-}" ] || args+=(--meter-url "$METER_URL")
exec energy-node "${args[@]}" "$@"
