#!/usr/bin/env bash
# Measures the walking skeleton's figures on this machine, on the demo's embedded defaults:
#   - start-to-ready: server + edge processes launched until both answer /health (build excluded);
#   - start-to-session: until the demo scenario's session is on the server;
#   - resident memory (VmRSS) of the edge and the server after 15 s idle.
# Runs the demo RUNS times (default 3) from empty databases and prints each run and the median.
# Usage: bench/run.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
mkdir -p bench/results
out=bench/results/skeleton-$(date +%Y%m%d-%H%M%S).txt
declare -A all
for i in $(seq 1 "$runs"); do
  echo "run $i/$runs…" >&2
  log=$(./demo.sh --fresh --exit-when-ready 2>&1) || { echo "$log" >&2; echo "bench: the demo failed" >&2; exit 1; }
  while IFS='=' read -r key value; do
    all[$key]="${all[$key]:-} $value"
  done < <(echo "$log" | sed -n 's/^figure: //p')
done
{
  echo "Inclusion.Iot walking skeleton, $runs runs, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
  printf '%-36s %-28s %s\n' figure runs median
  declare -A median
  for key in start_to_ready_s start_to_session_on_server_s edge_rss_idle_mib server_rss_idle_mib; do
    values=${all[$key]:-}
    median[$key]=$(echo $values | tr ' ' '\n' | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "?"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
    printf '%-36s %-28s %s\n' "$key" "$values" "${median[$key]}"
  done
  echo "limit from issue 3: the session on the admin page within 30 s of start; ratio = median / 30 s"
  awk -v s="${median[start_to_session_on_server_s]}" 'BEGIN { if (s != "" && s != "?") printf "start_to_session / 30 s = %.2f\n", s / 30 }'
} | tee "$out"
echo "(saved to $out)" >&2
