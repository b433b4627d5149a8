#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A long run against the agent with faults on a cycle: the agent ends every stream each FAULT_EVERY seconds
# while `run` streams the default load. Both processes' resident memory is sampled every 10 s into
# memory.csv. At the end: the run report must balance, the agent must have received between what the run
# counts as sent and what it wrote, every reconnection must wait the period plus at most the Go exporter's
# 70 % jitter, and the memory slope of each process is printed per hour (least squares, first minute left
# out as warm-up).
# Usage: scripts/soak.sh MINUTES      Environment: OCW_CLI (default build/src/cli/ocworkbench-cli),
#        SOAK_DIR (default build/soak-<time>), FAULT_EVERY (default 15), RATE (spans/s, default 1000).
set -euo pipefail
cd "$(dirname "$0")/.."
minutes="${1:-}"
[[ "$minutes" =~ ^[0-9]+$ && "$minutes" -gt 0 ]] || { echo "usage: scripts/soak.sh MINUTES" >&2; exit 2; }
cli="${OCW_CLI:-build/src/cli/ocworkbench-cli}"
dir="${SOAK_DIR:-build/soak-$(date +%Y%m%d-%H%M%S)}"
fault_every="${FAULT_EVERY:-15}"
rate="${RATE:-1000}"
config=tests/data/krakend.json
mkdir -p "$dir"

agent="" run=""
trap '[ -z "$run" ] || kill "$run" 2>/dev/null; [ -z "$agent" ] || kill "$agent" 2>/dev/null; true' EXIT
"$cli" agent --listen 127.0.0.1:0 --fault-close-every "$fault_every" --summary "$dir/agent-summary.json" \
    >"$dir/agent.out" 2>"$dir/agent.err" &
agent=$!
for _ in $(seq 100); do
    port=$(sed -n 's/^LISTENING //p' "$dir/agent.out")
    [ -z "$port" ] || break
    sleep 0.1
done
[ -n "$port" ] || { echo "soak: the agent did not start; see $dir/agent.err" >&2; exit 1; }

"$cli" run --config "$config" --address "127.0.0.1:$port" --rate "$rate" --duration $((minutes * 60)) \
    --report "$dir/run-report.json" 2>"$dir/run.err" &
run=$!

rss() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$1/status" 2>/dev/null; }
echo "seconds,agent_rss_kb,run_rss_kb" >"$dir/memory.csv"
start=$SECONDS
while kill -0 "$run" 2>/dev/null; do
    run_kb=$(rss "$run")
    [ -z "$run_kb" ] || echo "$((SECONDS - start)),$(rss "$agent"),$run_kb" >>"$dir/memory.csv"
    sleep 10
done
run_status=0
wait "$run" || run_status=$?
run=""
kill -INT "$agent"
wait "$agent" || { echo "soak: the agent failed; see $dir/agent.err" >&2; exit 1; }
agent=""
[ "$run_status" -eq 0 ] || { echo "soak: run exited $run_status; see $dir/run.err" >&2; exit 1; }

# Memory slope per hour, in MiB, of column $1 after the first minute.
slope() {
    awk -F, -v c="$1" 'NR > 1 && $1 >= 60 { n++; x += $1; y += $c; xx += $1 * $1; xy += $1 * $c }
        END { d = n * xx - x * x; if (n < 3 || d == 0) print "n/a"; else printf "%+.1f", (n * xy - x * y) / d * 3600 / 1024 }' \
        "$dir/memory.csv"
}
report="$dir/run-report.json" summary="$dir/agent-summary.json"
period=$(jq '.options.reconnection_ms / 1000' "$report")
failures=()
jq -e '.accounting_balanced' "$report" >/dev/null || failures+=("the run report does not balance")
# The agent reads everything confirmed sent, and nothing that was never written.
jq -e --slurpfile agent "$summary" '$agent[0].spans >= .spans_sent and $agent[0].spans <= .spans_written' "$report" \
    >/dev/null || failures+=("the agent's span count is outside [sent, written]")
# Each wait is the period plus 0 to 70 % jitter, and no attempt starts before its wait is over.
jq -e --argjson p "$period" '[.connection_log[] | select(.retry_after_s) | .retry_after_s >= $p and .retry_after_s <= 1.7 * $p + 0.001] | all' \
    "$report" >/dev/null || failures+=("a reconnection wait is outside the period plus jitter")
jq -e '[.connection_log as $l | range(1; $l | length) | $l[.] .started_at_s >= $l[. - 1].started_at_s + ($l[. - 1].retry_after_s // 0) - 0.01] | all' \
    "$report" >/dev/null || failures+=("an attempt started before its wait was over")

echo "soak: $minutes min, a fault every ${fault_every}s, $rate spans/s offered; files in $dir"
jq -r --slurpfile agent "$summary" '"spans: \(.spans_generated) generated, \(.spans_written) written, \(.spans_sent) sent, \(.spans_unconfirmed) unconfirmed, \(.spans_dropped) dropped; the agent received \($agent[0].spans)\n" +
    "faults injected \($agent[0].faults_injected), reconnections \(.reconnections), longest wait \([.connection_log[].retry_after_s // 0] | max) s (period \(.options.reconnection_ms / 1000) s)"' "$report"
echo "memory slope per hour after the first minute: agent $(slope 2) MiB, run $(slope 3) MiB ($(($(wc -l <"$dir/memory.csv") - 1)) samples)"
if [ ${#failures[@]} -gt 0 ]; then
    printf 'soak: FAILED: %s\n' "${failures[@]}" >&2
    exit 1
fi
echo "soak: passed"
