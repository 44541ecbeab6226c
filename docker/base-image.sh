#!/usr/bin/env bash
# Makes the base image the project's images build on where no registry is reachable: a minimal
# Debian bookworm made with debootstrap and imported into Docker (about 30 s, once; Docker keeps
# it). Prints its name. Users with a registry can build on debian:bookworm-slim instead.
#
# Usage: docker/base-image.sh [NAME]   (default energy-chain/debian-base:bookworm)
set -euo pipefail
name="${1:-energy-chain/debian-base:bookworm}"
if ! docker image inspect "$name" >/dev/null 2>&1; then
	command -v debootstrap >/dev/null || { echo "debootstrap is missing: apt-get install debootstrap" >&2; exit 1; }
	root="$(mktemp -d)"
	trap 'rm -rf "$root"' EXIT
	echo "==> making $name with debootstrap" >&2
	debootstrap --variant=minbase bookworm "$root" >/dev/null
	tar -C "$root" -c . | docker import - "$name" >/dev/null
fi
echo "$name"
