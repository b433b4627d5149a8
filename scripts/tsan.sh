#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The threaded tests under ThreadSanitizer (the tsan preset: build-tsan/, tests/tsan.supp). Any report fails.
# Not part of .ci/run: see docs/reliability.md for the time it takes.
set -euo pipefail
cd "$(dirname "$0")/.."
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
cmake --workflow --preset tsan
