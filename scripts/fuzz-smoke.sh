#!/usr/bin/env bash
# Runs each fuzz target of the privacy crypto crate (runtime/energy-privacy/fuzz) for a short
# while: random bytes into every decoder and verifier must give an error, never a panic.
# FUZZ_SECONDS (default 15) sets the time per target; FUZZ_TARGETS (default: all) picks targets.
. "$(dirname "$0")/lib.sh"

FUZZ_DIR="$REPO_ROOT/runtime/energy-privacy/fuzz"
FUZZ_SECONDS="${FUZZ_SECONDS:-15}"
# cargo-fuzz passes nightly-only flags (sanitizers, -Z options); the pinned stable toolchain
# accepts them when told it is bootstrapping itself.
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
	log "installing cargo-fuzz"
	cargo install cargo-fuzz --locked
fi

cd "$FUZZ_DIR"
targets="${FUZZ_TARGETS:-$(cargo fuzz list)}"
for target in $targets; do
	log "fuzzing $target for ${FUZZ_SECONDS}s"
	# The corpus stays under the fuzz directory (git-ignored), so later runs start where the
	# last one stopped.
	mkdir -p "corpus/$target"
	cargo fuzz run "$target" "corpus/$target" -- \
		-max_total_time="$FUZZ_SECONDS" -max_len=4096 -print_final_stats=1
done
log "every fuzz target ran ${FUZZ_SECONDS}s without a crash"
