#!/usr/bin/env bash
# The consortium in Docker as its operators run it, and the faults they must survive
# (docker/consortium.yml: four validators, an RPC node, the meter simulator, households' agents
# and the grid operator's agent, built from docker/member.yml). On the chain microgrid-4 (the
# consortium with four households; the agents run households 3 and 4) it checks:
#   1. compose up: every node finalizes, every container is healthy, the agents answer
#      negotiation messages and the operator prices slots;
#   2. one of the four validators stopped: blocks and finality go on;
#   3. a second one stopped: blocks go on, finality stalls; both back: finality catches up;
#   4. a validator restarted from its volumes keeps its finalized block and state root, and
#      catches up;
#   5. a validator's volumes backed up, its container and volumes removed, the backup restored
#      into new volumes and a fresh container: it syncs and authors again;
#   6. a runtime upgrade by ballot (scripts/js/runtime-upgrade.mjs, the runtime build.rs builds
#      with spec_version one higher) keeps balances, members, offers and agreements;
#   7. a flood of undecodable, unsigned and oversized transactions and malformed JSON-RPC at
#      the RPC node: blocks keep coming, no container restarts.
# Prints the figures: time to finality with four and three validators, catch-up times, the
# upgrade's block gap, the flood's rate and the block time it left.
#
# Needs the node and the tests built (scripts/test.sh builds them) and Docker (install_docker).
# Ports: p2p 30453-30457, JSON-RPC 10064-10068, Prometheus 9735-9739, meters 8799, agents 8798.
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/../scripts/lib.sh"

"$here/build-images.sh"
work="$(mktemp -d)"
project="energy-ops-$$"
export KEYS_ROOT="$work/keys" CHAIN_SPEC="$work/chain-spec.json" P2P_PREFIX=3045 RPC_PREFIX=1006 \
	PROMETHEUS_PREFIX=973 METER_PORT=8799 HOUSEHOLDS=4 MICROGRID_HOUSEHOLDS=4 HOST=3-4 AGENT_PORT=8798
compose=(docker-compose --ansi never -p "$project" -f "$here/consortium.yml")
cleanup() {
	"${compose[@]}" down -v --timeout 5 >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# A run killed before its clean-up leaves containers that would come back with the daemon (their
# restart policy) and hold these ports: remove them first.
docker ps -aq --filter "label=com.docker.compose.project" --filter "name=energy-ops-" | xargs -r docker rm -f >/dev/null
docker volume ls -q --filter "name=energy-ops-" | xargs -r docker volume rm >/dev/null
"$here/local-consortium.sh" --chain microgrid-4 "$work"

declare -A RPC_PORT=([alice]=10064 [bob]=10065 [charlie]=10066 [dave]=10067 [rpc]=10068)
VALIDATORS=(alice bob charlie dave)
FIGURES=()
figure() { FIGURES+=("$1|$2"); log "$1: $2"; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
fail() {
	echo "FAIL: $*" >&2
	"${compose[@]}" ps >&2 || true
	for service in "${VALIDATORS[@]}" rpc agents operator; do
		echo "--- $service" >&2
		"${compose[@]}" logs --tail 15 "$service" >&2 2>/dev/null || true
	done
	exit 1
}

# Field $2 (a JavaScript expression on `r`, the JSON-RPC result) of method $3 with params $4 at
# the node named $1.
query() {
	local answer
	answer="$(rpc "${RPC_PORT[$1]}" "$3" "${4:-[]}")" || return 1
	node -e 'const r = JSON.parse(process.argv[1]).result; const v = eval(process.argv[2]);
		if (v === undefined || v === null) process.exit(1); console.log(v);' "$answer" "$2"
}
best_number() { query "$1" 'parseInt(r.number, 16)' chain_getHeader; }
block_hash() { query "$1" 'r' chain_getBlockHash "[$2]"; }
state_root() { query "$1" 'r.stateRoot' chain_getHeader "[\"$2\"]"; }
# The Aura slot of block $2 at node $1 modulo the four validators: who authored it.
author_index() {
	query "$1" 'Number(BigInt("0x" + r.digest.logs.find((l) => l.startsWith("0x0661757261"))
		.slice(14, 30).match(/../g).reverse().join("")) % 4n)' chain_getHeader "[\"$2\"]"
}
# Wait up to $2 seconds until the command $3... succeeds; fail with $1 if it never does.
wait_until() {
	local what="$1" deadline=$((SECONDS + $2))
	shift 2
	until "$@"; do
		[ "$SECONDS" -lt "$deadline" ] || fail "$what"
		sleep 1
	done
}
finalized_at_least() { local n; n="$(finalized_number "${RPC_PORT[$1]}")" && [ "$n" -ge "$2" ]; }
best_at_least() { local n; n="$(best_number "$1")" && [ "$n" -ge "$2" ]; }
# The mean time, over $2 blocks, from a block being the best at node $1 to its being final there.
time_to_finality() {
	local node="$1" samples="$2" total=0 block started
	for _ in $(seq "$samples"); do
		block="$(best_number "$node")" || fail "$node does not answer"
		started="$(now_ms)"
		wait_until "block #$block finalized at $node" 120 finalized_at_least "$node" "$block"
		total=$((total + $(now_ms) - started))
		wait_until "a block after #$block at $node" 60 best_at_least "$node" $((block + 1))
	done
	echo "$((total / samples)) ms"
}
container() { "${compose[@]}" ps -q "$1"; }
healthy() { [ "$(docker inspect -f '{{.State.Health.Status}}' "$(container "$1")")" = healthy ]; }
container_restarts() { docker inspect -f '{{.RestartCount}}' "$(container "$1")"; }
container_running() { [ "$(docker inspect -f '{{.State.Running}}' "$(container "$1")")" = true ]; }

log "1. compose up"
"${compose[@]}" up -d >/dev/null 2>&1 || fail "docker-compose up"
for service in "${VALIDATORS[@]}" rpc; do
	wait_until "$service answers JSON-RPC" 180 rpc "${RPC_PORT[$service]}" system_health >/dev/null
	wait_until "$service finalizes block #3" 180 finalized_at_least "$service" 3
done
curl -sf "http://127.0.0.1:$METER_PORT/health" >/dev/null || fail "the meter simulator does not answer"
for service in "${VALIDATORS[@]}" rpc meters; do
	wait_until "$service reports healthy" 120 healthy "$service"
done
# The households' agents answer on the wire: a message that is none is refused with its reason.
wait_until "the agents answer negotiation messages" 120 sh -c "curl -sf -H 'Content-Type: application/json' \
	-d '{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"agent_deliver\",\"params\":[\"garbage\"]}' \
	http://127.0.0.1:$AGENT_PORT | grep -q '\"code\":4000.*\"data\":\"malformed\"'"
wait_until "the grid operator's agent prices a slot" 120 sh -c "${compose[*]} logs operator | grep -q priced"
figure "time to finality, 4 of 4 validators" "$(time_to_finality alice 3)"

log "2. one validator stopped (dave)"
"${compose[@]}" stop dave >/dev/null 2>&1
figure "time to finality, 3 of 4 validators" "$(time_to_finality alice 3)"

log "3. a second validator stopped (charlie): finality stalls, blocks go on"
"${compose[@]}" stop charlie >/dev/null 2>&1
sleep 8 # votes of blocks authored before the stop may still arrive
stalled="$(finalized_number "${RPC_PORT[alice]}")"
best="$(best_number alice)"
wait_until "two validators to author 3 more blocks" 120 best_at_least alice $((best + 3))
[ "$(finalized_number "${RPC_PORT[alice]}")" -eq "$stalled" ] \
	|| fail "finality moved on with two of four validators"
log "finality stalled at #$stalled while the best block went from #$best to #$((best + 3))"
target="$(best_number alice)"
started="$(now_ms)"
"${compose[@]}" start charlie dave >/dev/null 2>&1
wait_until "finality to catch up after the stall" 180 finalized_at_least alice "$target"
figure "finality catch-up after the 2-validator stall (#$stalled to #$target)" "$(($(now_ms) - started)) ms"

log "4. a validator (bob) restarted from its volumes"
wait_until "bob to finalize past the stall" 120 finalized_at_least bob "$target"
kept="$(finalized_number "${RPC_PORT[bob]}")"
kept_hash="$(block_hash bob "$kept")"
kept_root="$(state_root bob "$kept_hash")"
"${compose[@]}" stop bob >/dev/null 2>&1
sleep 12 # the others author two blocks meanwhile
target="$(best_number alice)"
started="$(now_ms)"
"${compose[@]}" start bob >/dev/null 2>&1
wait_until "bob answers after its restart" 120 rpc "${RPC_PORT[bob]}" system_health >/dev/null
finalized_at_least bob "$kept" || fail "bob came back with a finalized block below #$kept"
[ "$(block_hash bob "$kept")" = "$kept_hash" ] || fail "bob's block #$kept changed over the restart"
[ "$(state_root bob "$kept_hash")" = "$kept_root" ] || fail "bob's state root of #$kept changed"
wait_until "bob to catch up with #$target" 120 finalized_at_least bob "$target"
figure "restarted validator's catch-up (to #$target)" "$(($(now_ms) - started)) ms"

log "5. charlie backed up, removed, restored into new volumes and a fresh container"
"${compose[@]}" stop charlie >/dev/null 2>&1
base_image="$("$here/base-image.sh")"
mkdir -p "$work/backup"
for volume in chain keystore; do
	docker run --rm -v "${project}_charlie-$volume:/from:ro" -v "$work/backup:/backup" "$base_image" \
		tar -C /from -cf "/backup/charlie-$volume.tar" . || fail "backing up charlie's $volume"
done
"${compose[@]}" rm -f charlie >/dev/null 2>&1
docker volume rm "${project}_charlie-chain" "${project}_charlie-keystore" >/dev/null \
	|| fail "removing charlie's volumes"
for volume in chain keystore; do
	docker volume create --label "com.docker.compose.project=$project" \
		--label "com.docker.compose.volume=charlie-$volume" "${project}_charlie-$volume" >/dev/null
	docker run --rm -v "${project}_charlie-$volume:/to" -v "$work/backup:/backup:ro" "$base_image" \
		tar -C /to -xpf "/backup/charlie-$volume.tar" || fail "restoring charlie's $volume"
done
target="$(best_number alice)"
"${compose[@]}" up -d charlie >/dev/null 2>&1 || fail "starting the restored charlie"
wait_until "the restored charlie answers" 120 rpc "${RPC_PORT[charlie]}" system_health >/dev/null
wait_until "the restored charlie to sync to #$target" 120 finalized_at_least charlie "$target"
from="$(best_number alice)"
# Aura hands the four validators slots in turn: blocks of all four turns after the restore mean
# the restored charlie authors again.
all_four_authored() {
	local number hash authors=""
	for number in $(seq $((from + 1)) "$(best_number alice)"); do
		hash="$(block_hash alice "$number")" || return 1
		authors+="$(author_index alice "$hash")"
	done
	for index in 0 1 2 3; do [[ "$authors" == *"$index"* ]] || return 1; done
}
wait_until "blocks of all four validators after the restore" 180 all_four_authored
log "the restored charlie synced and authored"

log "6. runtime upgrade by ballot"
upgrade_wasm="$CARGO_TARGET_DIR/release/wbuild/energy-runtime/next_spec_version.compact.compressed.wasm"
[ -f "$upgrade_wasm" ] || fail "no upgrade runtime at $upgrade_wasm: build the node first"
# The script's last line is its figures (polkadot.js logs the runtime's new version before it).
upgrade="$(cd "$REPO_ROOT/scripts" && node js/runtime-upgrade.mjs "ws://127.0.0.1:${RPC_PORT[rpc]}" "$upgrade_wasm" | tail -1)" \
	|| fail "the runtime upgrade by ballot"
figure "runtime upgrade" "$upgrade"

log "7. a flood of bad transactions and malformed JSON-RPC at the RPC node"
flood="$work/flood.curl"
: >"$flood"
url="http://127.0.0.1:${RPC_PORT[rpc]}"
# One curl process sends them all over kept-alive connections, 16 at a time.
# Requests are separated by `next`; each writes its HTTP status, one line, which counts it.
request() {
	[ ! -s "$flood" ] || echo next >>"$flood"
	printf 'url = "%s"\nheader = "Content-Type: application/json"\ndata = "@%s"\noutput = "/dev/null"\nwrite-out = "%%{http_code}\\n"\n' \
		"$url" "$1" >>"$flood"
}
printf '{"id":1,"jsonrpc":"2.0","method":"author_submitExtrinsic","params":["0x%s"]}' \
	"$(head -c 256 /dev/urandom | od -An -tx1 | tr -d ' \n')" >"$work/garbage.json"
# An unsigned system.remark: decodes, but no unsigned call is valid there.
printf '{"id":1,"jsonrpc":"2.0","method":"author_submitExtrinsic","params":["0x1004000000"]}' >"$work/unsigned.json"
# 6 MiB of hex: beyond the block length, so the pool refuses it.
{ printf '{"id":1,"jsonrpc":"2.0","method":"author_submitExtrinsic","params":["0x'; head -c $((3 * 1024 * 1024)) /dev/zero | od -An -v -tx1 | tr -d ' \n'; printf '"]}'; } >"$work/oversized.json"
printf '{"id":1,"jsonrpc":"2.0","method":' >"$work/truncated.json"
printf '{"id":1,"jsonrpc":"2.0","method":"no_suchMethod","params":[]}' >"$work/unknown.json"
printf '{"id":1,"jsonrpc":"2.0","method":"chain_getBlockHash","params":["not a number", {}]}' >"$work/params.json"
requests=0
restarts_before="$(for service in "${VALIDATORS[@]}" rpc agents operator; do container_restarts "$service"; done)"
for _ in $(seq 400); do
	for kind in garbage unsigned truncated unknown params; do request "$work/$kind.json"; requests=$((requests + 1)); done
done
for _ in $(seq 10); do request "$work/oversized.json"; requests=$((requests + 1)); done
before_block="$(best_number alice)"
started="$(now_ms)"
answers="$work/flood.answers"
: >"$answers"
while [ $(($(now_ms) - started)) -lt 30000 ]; do
	curl --silent --parallel --parallel-max 16 -K "$flood" >>"$answers" || true
done
elapsed=$(($(now_ms) - started))
after_block="$(best_number alice)"
blocks=$((after_block - before_block))
sent="$(wc -l <"$answers")"
[ "$sent" -ge "$requests" ] || fail "the flood sent only $sent requests"
figure "flood at the RPC node" "$((sent * 1000 / elapsed)) requests/s for $((elapsed / 1000)) s ($sent answered: $(sort "$answers" | uniq -c | awk '{printf "%s HTTP %s, ", $1, $2}' | sed 's/, $//'))"
[ "$blocks" -ge 3 ] || fail "only $blocks blocks in the $((elapsed / 1000)) s of the flood"
figure "block time during the flood" "$((elapsed / blocks)) ms ($blocks blocks)"
restarts_after="$(for service in "${VALIDATORS[@]}" rpc agents operator; do container_restarts "$service"; done)"
[ "$restarts_before" = "$restarts_after" ] || fail "a container restarted during the flood"
for service in "${VALIDATORS[@]}" rpc agents operator; do
	container_running "$service" || fail "$service stopped during the flood"
	[ -z "${RPC_PORT[$service]:-}" ] || rpc "${RPC_PORT[$service]}" system_health >/dev/null \
		|| fail "$service does not answer after the flood"
done

echo
printf '%-62s %s\n' "figure" "value"
for line in "${FIGURES[@]}"; do printf '%-62s %s\n' "${line%%|*}" "${line#*|}"; done
log "the Docker consortium survived every fault"
