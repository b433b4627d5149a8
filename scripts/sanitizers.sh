#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# What CI runs after the test suite: the whole suite under ASan+UBSan (every error fatal), the threaded tests
# under TSan, every fuzz corpus replayed and each fuzz target run for FUZZ_SECONDS (default 20).
# Each build has its own build-<preset> directory; ccache keeps a second run short.
set -euo pipefail
cd "$(dirname "$0")/.."
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
step() { echo "== $1 ($(date +%T))"; }

step "asan-ubsan: build and whole suite"
cmake --workflow --preset asan-ubsan
step "tsan: threaded tests"
scripts/tsan.sh
step "fuzz: corpora, then ${FUZZ_SECONDS:-20} s a target"
scripts/fuzz.sh "${FUZZ_SECONDS:-20}"
step "sanitizers and fuzzers: clean"
