#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The threaded tests under ThreadSanitizer (the tsan preset: build-tsan/, tests/tsan.supp). Any report fails.
# CI runs it through scripts/sanitizers.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
cmake --workflow --preset tsan
