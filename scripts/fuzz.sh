#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds the fuzz targets (the fuzz preset: the asan-ubsan build, in build-asan-ubsan/), replays every seed
# corpus (ctest), then fuzzes each target for SECONDS (default 60), one at a time. New inputs go to
# build-asan-ubsan/corpus/<target>/, so the committed seeds in tests/fuzz/corpus stay small; a crash is saved as
# build-asan-ubsan/artifacts/<target>/crash-* and fails the script.
# Usage: scripts/fuzz.sh [--no-build] [SECONDS]     (0: replay the corpora only; --no-build: the build and the
#        corpus replay were just done, as scripts/sanitizers.sh does through the asan-ubsan workflow)
set -euo pipefail
cd "$(dirname "$0")/.."
build=yes
if [ "${1:-}" = "--no-build" ]; then build=no; shift; fi
seconds="${1:-60}"
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "usage: scripts/fuzz.sh [--no-build] [SECONDS]" >&2; exit 2; }
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
out=build-asan-ubsan

if [ "$build" = yes ]; then
    cmake --preset fuzz >/dev/null
    cmake --build --preset fuzz
    ctest --preset fuzz
fi
[ "$seconds" -gt 0 ] || exit 0

summary=()
for seeds in tests/fuzz/corpus/*/; do
    target=$(basename "$seeds")
    mkdir -p "$out/corpus/$target" "$out/artifacts/$target"
    log="$out/artifacts/$target/last-run.log"
    echo "== $target: ${seconds}s"
    if ! "$out/tests/fuzz/$target" -max_total_time="$seconds" -print_final_stats=1 \
            -artifact_prefix="$out/artifacts/$target/" "$out/corpus/$target" "$seeds" >"$log" 2>&1; then
        tail -n 60 "$log" >&2
        echo "fuzz: $target failed; the input is in $out/artifacts/$target/" >&2
        exit 1
    fi
    summary+=("$target: $(sed -n 's/^stat::number_of_executed_units: *//p' "$log") executions in ${seconds}s")
done
printf '%s\n' "${summary[@]}"
