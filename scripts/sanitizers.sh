#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# What CI runs after the test suite: one clang build with ASan and UBSan (every error fatal) and libFuzzer's
# coverage (the asan-ubsan preset, build-asan-ubsan/), in which the whole suite runs and every fuzz corpus is
# replayed; then each fuzz target runs for FUZZ_SECONDS (default 15). ThreadSanitizer needs a build of its own
# and is not run here, to keep CI under its time budget: scripts/tsan.sh (docs/reliability.md).
set -euo pipefail
cd "$(dirname "$0")/.."
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
step() { echo "== $1 ($(date +%T))"; }

step "asan-ubsan: build, whole suite and fuzz corpora"
cmake --workflow --preset asan-ubsan
step "fuzz: ${FUZZ_SECONDS:-15} s a target"
scripts/fuzz.sh --no-build "${FUZZ_SECONDS:-15}"
step "sanitizers and fuzzers: clean"
