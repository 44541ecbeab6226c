#!/usr/bin/env bash
# Builds the node image and the off-chain programs' image from the host's release build (the
# binaries the test command built and tested: no second compile).
#
# Usage: docker/build-images.sh [TAG]   (default latest)
# BASE_IMAGE picks the Debian bookworm they build on (default: the one docker/base-image.sh
# makes, so no registry is needed; debian:bookworm-slim works where a registry is reachable).
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/../scripts/lib.sh"
tag="${1:-latest}"
base="${BASE_IMAGE:-$("$here/base-image.sh")}"
release="$CARGO_TARGET_DIR/release"
for binary in energy-node energy-agent meter-simulator energy-anchor energy-wallet; do
	[ -x "$release/$binary" ] || build_node
done

# image DOCKERFILE TAG FILE...: builds DOCKERFILE with only FILE... as its context.
image() {
	local dockerfile="$1" name="$2" context
	shift 2
	context="$(mktemp -d)"
	cp "$here/$dockerfile" "$@" "$context/"
	if ! docker build --network host --build-arg "BASE_IMAGE=$base" -f "$context/$dockerfile" \
		-t "$name" "$context" >"$context/build.log" 2>&1; then
		cat "$context/build.log" >&2
		echo "building $name failed" >&2
		exit 1
	fi
	rm -rf "$context"
	log "built $name"
}
image node.Dockerfile "energy-chain/node:$tag" "$release/energy-node" "$here/node-entrypoint.sh"
image offchain-agents.Dockerfile "energy-chain/offchain-agents:$tag" \
	"$release/energy-agent" "$release/meter-simulator" "$release/energy-anchor" "$release/energy-wallet"
