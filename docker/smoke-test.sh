#!/usr/bin/env bash
# Builds the node image, starts the four-validator consortium with docker-compose on the host
# network, checks that every container's node finalises blocks, and removes it all again.
# Needs a running Docker daemon and docker-compose.
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/../scripts/lib.sh"

"$here/build-image.sh"
project="energy-smoke-$$"
compose=(docker-compose -p "$project" -f "$here/docker-compose.yml")
trap '"${compose[@]}" down -v >/dev/null 2>&1 || true' EXIT
"${compose[@]}" up -d

deadline=$((SECONDS + 180))
for port in 9944 9945 9946 9947; do
	until number="$(finalized_number "$port")" && [ "$number" -ge 3 ]; do
		if [ "$SECONDS" -ge "$deadline" ]; then
			"${compose[@]}" logs --tail 20
			echo "FAIL: the node on RPC port $port did not finalise block #3" >&2
			exit 1
		fi
		sleep 2
	done
	log "container node on port $port finalized #$number"
done
log "docker consortium finalises blocks on all four validators"
