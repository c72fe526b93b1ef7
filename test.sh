#!/usr/bin/env bash
# Runs every test of Inclusion.Iot against real components. On a fresh Debian machine it first installs
# what the tests start (Mosquitto, PostgreSQL, VictoriaMetrics, Chromium; docker-compose to check the
# compose file) with apt-get. No Docker engine is needed; where one answers, fixtures use Testcontainers.
#
#   ./test.sh                       everything, then the end-to-end tests again on the NativeAOT edge binary
#   ./test.sh --filter <expr>       only the tests matching a `dotnet test --filter` expression (JIT only)
set -euo pipefail
cd "$(dirname "$0")"

filter=()
while [ $# -gt 0 ]; do
  case "$1" in
    --filter) filter=(--filter "$2"); shift 2 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "test.sh: unknown option '$1' (see ./test.sh --help)" >&2; exit 2 ;;
  esac
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

# --- 1. System packages the fixtures start (binaries, not services: nothing is left running) ---------
need=()
[ -x /usr/sbin/mosquitto ] || need+=(mosquitto)
command -v mosquitto_sub >/dev/null || need+=(mosquitto-clients)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
[ -x /usr/bin/victoria-metrics ] || need+=(victoria-metrics)
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v docker-compose >/dev/null || need+=(docker-compose)
command -v curl >/dev/null || need+=(curl)
command -v openssl >/dev/null || need+=(openssl)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing: ${need[*]}"
  sudo=(); [ "$(id -u)" = 0 ] || sudo=(sudo)
  # Keep package installs from starting system services (a broker on 1883, a PostgreSQL cluster):
  # the tests start their own throwaway servers on random loopback ports.
  added_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee /usr/sbin/policy-rc.d >/dev/null
    "${sudo[@]}" chmod +x /usr/sbin/policy-rc.d; added_policy=1
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  [ "$added_policy" = 1 ] && "${sudo[@]}" rm -f /usr/sbin/policy-rc.d
fi
command -v dotnet >/dev/null || { echo "test.sh: the .NET 10 SDK (dotnet) is required; see README.md" >&2; exit 1; }

# --- 2. The production compose file must parse (Debian's docker-compose needs no engine for this) -----
POSTGRES_PASSWORD=config-check MQTT_EDGE_PASSWORD=config-check INFLUX_ADMIN_PASSWORD=config-check INFLUX_TOKEN=config-check GRAFANA_ADMIN_PASSWORD=config-check docker-compose -f docker-compose.yml config -q
echo "docker-compose.yml: valid"

# --- 3. Build everything once, warnings are errors ---------------------------------------------------
dotnet build Inclusion.Iot.sln -c Release -nologo -v q -clp:NoSummary

# --- 4. Every test, real services started by the fixtures -------------------------------------------
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
status=0
# One test assembly at a time: the end-to-end tests run three programs each, and two cores carry that best alone.
dotnet test Inclusion.Iot.sln -c Release --no-build -nologo -m:1 \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" \
  --blame-hang-timeout 5m "${filter[@]}" || status=$?

# --- 4b. The end-to-end tests again, on the edge as it ships: the NativeAOT binary ----------------------
# (deploy/publish-edge.sh installs clang and zlib1g-dev with apt-get when missing.) The tested binary is the shipped one.
# A filtered run (a developer's) skips it.
if [ ${#filter[@]} -gt 0 ]; then
  echo "test.sh: --filter given; the end-to-end tests on the NativeAOT edge are not run"
elif deploy/publish-edge.sh linux-x64 > "$results/publish-edge.log" 2>&1; then
  INCLUSION_EDGE_BINARY="$(pwd)/deploy/out/edge-linux-x64/Inclusion.Iot.Edge.Worker" \
    dotnet test tests/Inclusion.Iot.EndToEnd.Tests -c Release --no-build -nologo \
    --logger "trx;LogFilePrefix=aot-edge" --logger "console;verbosity=normal" --results-directory "$results" \
    --blame-hang-timeout 5m || status=$?
else
  cat "$results/publish-edge.log" >&2
  echo "test.sh: publishing the NativeAOT edge failed" >&2
  status=1
fi

# --- 5. One line that says it all; zero tests is a failure, never a pass ----------------------------
totals=$(cat "$results"/*.trx 2>/dev/null | grep -o '<Counters [^>]*>' | awk '
  { for (i = 1; i <= NF; i++) { split($i, kv, "="); gsub(/"/, "", kv[2]); sum[kv[1]] += kv[2] } }
  END { printf "%d %d %d %d", sum["total"], sum["passed"], sum["failed"], sum["notExecuted"] }')
read -r total passed failed skipped <<<"${totals:-0 0 0 0}"
echo "Tests: $passed passed, $failed failed, $skipped not run, $total total"
if [ "$failed" -ne 0 ] || [ "$skipped" -ne 0 ]; then
  # Name them last, where a CI log's tail shows them: the console log above is long.
  cat "$results"/*.trx | grep -o '<UnitTestResult [^>]*outcome="\(Failed\|NotExecuted\)"' \
    | sed -E 's/.*testName="([^"]*)".*outcome="([^"]*)".*/  \2: \1/' | sed 's/&quot;/"/g; s/&amp;/\&/g' || true
fi
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ]; then echo "test.sh: FAILED" >&2; exit 1; fi
if [ "$total" -eq 0 ] || [ "$skipped" -ne 0 ]; then echo "test.sh: FAILED (no tests ran, or some were skipped)" >&2; exit 1; fi
echo "test.sh: all tests passed"
