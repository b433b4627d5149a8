#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The main job from a fresh Debian 12 machine: install, build, then the demo: the workbench on the bundled
# example krakend.json, streaming the KrakenD preset to its embedded agent with faults on a cycle. With no
# display, the same demo runs headless through the CLI, a progress line a second and the report at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    exec build/src/app/ocworkbench --demo resources/examples/krakend.json
fi
echo "run: no display; running the demo headless (ocworkbench-cli demo)" >&2
exec build/src/cli/ocworkbench-cli demo --duration 30
