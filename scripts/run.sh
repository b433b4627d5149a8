#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The main job from a fresh Debian 12 machine: install, build, then open the workbench on the bundled
# example krakend.json. With no display, the same checks run headless through the CLI.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
example=resources/examples/krakend-with-problems.json
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    exec build/src/app/ocworkbench "$example"
fi
echo "run: no display; running the workbench's checks headless (ocworkbench-cli)" >&2
for f in resources/examples/*.json; do
    echo "run: validating $f" >&2
    build/src/cli/ocworkbench-cli validate "$f" || true
done
echo "run: the module of resources/examples/krakend.json as a KrakenD 2.x snippet:" >&2
build/src/cli/ocworkbench-cli export resources/examples/krakend.json --namespace v2
