# Shared by the project's scripts: installs what the build needs and sets up the environment.
# Source it: `. "$(dirname "$0")/lib.sh"`.

set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The target directory lives outside the clone, so every clone (and CI) reuses one build.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/energy-chain/target}"
NODE_BIN="$CARGO_TARGET_DIR/release/energy-node"
# The Python client's virtual environment (substrate-interface), outside the clone.
PYTHON_VENV="${ENERGY_PYTHON_VENV:-$HOME/.cache/energy-chain/python}"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# Debian packages: clang and libclang for crates with C parts, protoc for libp2p's protocol
# buffers, Node.js for the polkadot.js client checks, curl for health probes, DejaVu Sans for the
# micro-grid simulator's charts.
install_system_packages() {
	local wanted=(clang libclang-dev protobuf-compiler pkg-config make curl nodejs npm fonts-dejavu-core
		python3-venv)
	local missing=()
	for package in "${wanted[@]}"; do
		dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
			|| missing+=("$package")
	done
	# A Node.js installed outside Debian (with its own npm) is fine too.
	if command -v node >/dev/null && command -v npm >/dev/null; then
		local kept=()
		for package in "${missing[@]}"; do
			[[ "$package" == nodejs || "$package" == npm ]] || kept+=("$package")
		done
		missing=("${kept[@]}")
	fi
	[ "${#missing[@]}" -eq 0 ] && return
	log "installing Debian packages: ${missing[*]}"
	local sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

# The toolchain and wasm target pinned in rust-toolchain.toml.
install_rust_toolchain() {
	command -v rustup >/dev/null || { echo "rustup is required: https://rustup.rs" >&2; exit 1; }
	(cd "$REPO_ROOT" && rustup show active-toolchain >/dev/null 2>&1) \
		|| (cd "$REPO_ROOT" && rustup toolchain install)
	local toolchain
	toolchain="$(cd "$REPO_ROOT" && rustup show active-toolchain | cut -d' ' -f1)"
	rustup target add --toolchain "$toolchain" wasm32v1-none >/dev/null 2>&1
	rustup component add --toolchain "$toolchain" rust-src rustfmt clippy >/dev/null 2>&1
}

# The JavaScript client's packages, exactly as locked.
install_js_packages() {
	if [ ! -d "$REPO_ROOT/scripts/node_modules" ] \
		|| [ "$REPO_ROOT/scripts/package-lock.json" -nt "$REPO_ROOT/scripts/node_modules/.package-lock.json" ]; then
		log "installing JavaScript packages (npm ci)"
		(cd "$REPO_ROOT/scripts" && npm ci --no-audit --no-fund --loglevel=error)
	fi
}

# substrate-interface, the Python client scripts/python/market_client.py shows working, pinned, in
# its own virtual environment.
install_python_packages() {
	if [ ! -x "$PYTHON_VENV/bin/python" ] \
		|| ! "$PYTHON_VENV/bin/python" -c 'import substrateinterface' 2>/dev/null; then
		log "installing Python packages (substrate-interface) into $PYTHON_VENV"
		python3 -m venv "$PYTHON_VENV"
		"$PYTHON_VENV/bin/pip" install --quiet --disable-pip-version-check substrate-interface==1.8.1
	fi
}

# Docker for the deployment test (docker/operations-test.sh): Debian's engine, docker-compose and
# debootstrap where they are missing, and a daemon where none runs, started without a bridge or
# iptables rules (the containers use the host's network, on 127.0.0.1).
install_docker() {
	local sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	if ! command -v dockerd >/dev/null || ! command -v docker-compose >/dev/null \
		|| ! command -v debootstrap >/dev/null; then
		log "installing Docker (Debian's docker.io, docker-compose and debootstrap)"
		$sudo apt-get update -qq
		DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq docker.io docker-compose debootstrap >/dev/null
	fi
	docker info >/dev/null 2>&1 && return
	log "starting the Docker daemon (no bridge, no iptables: containers use the host's network)"
	# The daemon outlives this run: it must not keep the run's temporary directory (an
	# end-to-end test's TMPDIR) as its own, or once that directory is gone every health check
	# and `docker exec` fails ("OCI runtime exec failed: open $TMPDIR/runc-process...").
	$sudo env -u TMPDIR -u ENERGY_NODE_LOG_DIR sh -c \
		'cd / && nohup dockerd --bridge=none --iptables=false --ip-masq=false >/var/log/energy-dockerd.log 2>&1 &'
	local deadline=$((SECONDS + 60))
	until docker info >/dev/null 2>&1; do
		[ "$SECONDS" -lt "$deadline" ] || { echo "the Docker daemon did not start: see /var/log/energy-dockerd.log" >&2; return 1; }
		sleep 1
	done
}

# The cargo arguments of every build: the test command's, so the node binary the user runs is the
# one the tests built, and no crate is compiled twice with different features.
CARGO_TEST_ARGS=(--release --locked --workspace --lib --bins --tests)

# Build the node (and the tests, which share its whole dependency graph).
build_node() {
	log "building the node and the tests (release; from an empty target directory 27 to 46 minutes on 2 cores)"
	(cd "$REPO_ROOT" && cargo test "${CARGO_TEST_ARGS[@]}" --no-run)
}

# The path of the integration-test binary $1 that the test command's build made.
test_executable() {
	(cd "$REPO_ROOT" && cargo test "${CARGO_TEST_ARGS[@]}" --no-run --message-format=json 2>/dev/null) \
		| node -e '
			const wanted = process.argv[1];
			let found = "";
			require("readline").createInterface({ input: process.stdin }).on("line", (line) => {
				const message = JSON.parse(line);
				if (message.reason === "compiler-artifact" && message.target.name === wanted
					&& message.target.kind.includes("test") && message.executable) found = message.executable;
			}).on("close", () => { if (!found) process.exit(1); console.log(found); });' "$1"
}

setup() {
	install_system_packages
	install_rust_toolchain
	install_js_packages
	install_python_packages
}

# Call JSON-RPC method $2 with JSON params $3 (default none) on the node at 127.0.0.1:$1;
# prints the whole response.
rpc() {
	curl -sf -H 'Content-Type: application/json' \
		-d "{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"$2\",\"params\":${3:-[]}}" \
		"http://127.0.0.1:$1"
}

# Wait until the node with JSON-RPC on port $1 answers, or fail after $2 seconds (default 180: a
# starting node first compiles the runtime, slowly while other tests' nodes start too).
wait_for_rpc() {
	local port="$1" deadline=$((SECONDS + ${2:-180}))
	until rpc "$port" system_health >/dev/null; do
		[ "$SECONDS" -lt "$deadline" ] || { echo "node on RPC port $port did not start" >&2; return 1; }
		sleep 0.5
	done
}

# Start a validator of chain $1 as dev account $2 with index $3, base path under $4, extra
# arguments after that. Its ports (those of node $3) and flags (node key $3 + 1) are the tests'
# ones, from node/tests/test-node.json through js/test-node-args.mjs. Sets STARTED_PID and the
# node's ports STARTED_P2P_PORT, STARTED_RPC_PORT and STARTED_PROMETHEUS_PORT.
start_validator() {
	local chain="$1" name="$2" index="$3" root="$4"
	shift 4
	mkdir -p "$root/$name"
	local fields=()
	mapfile -d '' fields < <(node "$REPO_ROOT/scripts/js/test-node-args.mjs" "$chain" "$root/$name" "$index")
	[ "${#fields[@]}" -gt 3 ] || { echo "js/test-node-args.mjs gave no flags for node $index" >&2; return 1; }
	STARTED_P2P_PORT="${fields[0]}" STARTED_RPC_PORT="${fields[1]}" STARTED_PROMETHEUS_PORT="${fields[2]}"
	"$NODE_BIN" "${fields[@]:3}" "--$name" "$@" >"$root/$name/node.log" 2>&1 &
	STARTED_PID=$!
}

# Start the four validators of chain $1 (Alice, Bob, Charlie and Dave: nodes 0 to 3) under base
# directory $2, each with the arguments after that, Bob to Dave booting from Alice; returns once
# every one answers RPC. Sets CONSORTIUM_PIDS (as each starts, so a caller's clean-up finds them
# even when this fails), CONSORTIUM_RPC_PORTS (Alice's first) and CONSORTIUM_PROMETHEUS_PORT
# (Alice's).
start_consortium() {
	local chain="$1" root="$2" names=(alice bob charlie dave) bootnode i port
	shift 2
	CONSORTIUM_PIDS=()
	CONSORTIUM_RPC_PORTS=()
	start_validator "$chain" alice 0 "$root" "$@"
	CONSORTIUM_PIDS+=("$STARTED_PID")
	CONSORTIUM_RPC_PORTS+=("$STARTED_RPC_PORT")
	CONSORTIUM_PROMETHEUS_PORT="$STARTED_PROMETHEUS_PORT"
	wait_for_rpc "$STARTED_RPC_PORT" || return 1
	bootnode="/ip4/127.0.0.1/tcp/$STARTED_P2P_PORT/p2p/$(peer_id "$STARTED_RPC_PORT")"
	for i in 1 2 3; do
		start_validator "$chain" "${names[$i]}" "$i" "$root" --bootnodes "$bootnode" "$@"
		CONSORTIUM_PIDS+=("$STARTED_PID")
		CONSORTIUM_RPC_PORTS+=("$STARTED_RPC_PORT")
	done
	for port in "${CONSORTIUM_RPC_PORTS[@]:1}"; do wait_for_rpc "$port" || return 1; done
}

# Stop the processes whose ids are the arguments (SIGINT, as Ctrl-C would) and wait until every
# one is gone: `wait` can return early when a signal interrupts it, and they need not be children.
stop_processes() {
	local pid
	for pid in "$@"; do kill -INT "$pid" 2>/dev/null || true; done
	for pid in "$@"; do
		for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	done
}

# The peer id of the node with JSON-RPC on port $1.
peer_id() {
	rpc "$1" system_localPeerId | sed -E 's/.*"result":"([^"]+)".*/\1/'
}

# The finalized block number of the node with JSON-RPC on port $1, in decimal.
finalized_number() {
	local hash number
	hash="$(rpc "$1" chain_getFinalizedHead | sed -E 's/.*"result":"([^"]+)".*/\1/')" || return 1
	number="$(rpc "$1" chain_getHeader "[\"$hash\"]" | sed -E 's/.*"number":"0x([0-9a-f]+)".*/\1/')" \
		|| return 1
	[[ "$number" =~ ^[0-9a-f]+$ ]] || return 1
	echo $((16#$number))
}
