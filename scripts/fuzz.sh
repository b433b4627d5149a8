#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds the fuzz preset, replays every seed corpus (ctest), then fuzzes each target for SECONDS (default 60),
# one at a time. New inputs go to build-fuzz/corpus/<target>/, so the committed seeds in tests/fuzz/corpus stay
# small; a crash is saved as build-fuzz/artifacts/<target>/crash-* and fails the script.
# Usage: scripts/fuzz.sh [SECONDS]     (0: replay the corpora only)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "usage: scripts/fuzz.sh [SECONDS]" >&2; exit 2; }
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
ctest --preset fuzz
[ "$seconds" -gt 0 ] || exit 0

summary=()
for seeds in tests/fuzz/corpus/*/; do
    target=$(basename "$seeds")
    mkdir -p "build-fuzz/corpus/$target" "build-fuzz/artifacts/$target"
    log="build-fuzz/artifacts/$target/last-run.log"
    echo "== $target: ${seconds}s"
    if ! "build-fuzz/tests/fuzz/$target" -max_total_time="$seconds" -print_final_stats=1 \
            -artifact_prefix="build-fuzz/artifacts/$target/" "build-fuzz/corpus/$target" "$seeds" >"$log" 2>&1; then
        tail -n 60 "$log" >&2
        echo "fuzz: $target failed; the input is in build-fuzz/artifacts/$target/" >&2
        exit 1
    fi
    summary+=("$target: $(sed -n 's/^stat::number_of_executed_units: *//p' "$log") executions in ${seconds}s")
done
printf '%s\n' "${summary[@]}"
