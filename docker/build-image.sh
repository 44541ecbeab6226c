#!/usr/bin/env bash
# Builds the `energy-chain/node` image from the host's release build of the node.
# The base image is a minimal Debian bookworm made with debootstrap, so no registry is needed.
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/../scripts/lib.sh"
base="energy-chain/debian-base:bookworm"
tag="${1:-energy-chain/node:latest}"

if ! docker image inspect "$base" >/dev/null 2>&1; then
	command -v debootstrap >/dev/null || { echo "install debootstrap first" >&2; exit 1; }
	root="$(mktemp -d)"
	trap 'rm -rf "$root"' EXIT
	echo "==> making $base with debootstrap" >&2
	debootstrap --variant=minbase bookworm "$root" >/dev/null
	tar -C "$root" -c . | docker import - "$base" >/dev/null
fi

build_node
context="$(mktemp -d)"
trap 'rm -rf "$context"' EXIT
cp "$here/Dockerfile" "$CARGO_TARGET_DIR/release/energy-node" "$context/"
docker build --network host --build-arg "BASE_IMAGE=$base" -t "$tag" "$context"
echo "==> built $tag" >&2
