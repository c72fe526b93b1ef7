#!/usr/bin/env bash
# Issue 12's memory figures for the edge as the demo runs it: enrolled over TLS with a client certificate against a real
# server (SQLite, demo seed), the embedded MQTT broker on, uploading its outbox. Lighter than bench/edge.sh (no
# Mosquitto, no Node-RED, no latency): it reads RSS and smaps (grouped by mapping, bench/smaps.py).
#
#   bench/edge-memory.sh [BINARY|DLL] [--events N]
#
#   BINARY   default deploy/out/edge-linux-x64/Inclusion.Iot.Edge.Worker (deploy/publish-edge.sh linux-x64)
#   --events N   door reports in all (default 10000), sent as 1,000 then the rest
#
# Figures: edge_rss_idle_mib (VmRSS 10 s after the configuration arrived), edge_rss_after_1000_mib and
# edge_rss_after_load_mib (5 s after the 1,000th and the last report, with the outbox uploaded), edge_rss_growth_mib
# (their difference; issue 12: ≤ 3), and `smaps:` lines at idle and after the load. Set EDGE_ENV="NAME=value …" to
# run the edge with extra environment variables (a GC or malloc setting to try), BENCH_SMAPS_DIR=DIR to keep copies of
# its /proc smaps and status at idle, after 1,000 and after the load.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
target=deploy/out/edge-linux-x64/Inclusion.Iot.Edge.Worker
events=10000
while [ $# -gt 0 ]; do
  case "$1" in
    --events) events=$2; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) target=$1; shift ;;
  esac
done
[ -e "$target" ] || { echo "edge-memory: no edge at $target (deploy/publish-edge.sh linux-x64 first)" >&2; exit 1; }
target=$(cd "$(dirname "$target")" && pwd)/$(basename "$target")
case "$target" in *.dll) edge_cmd=(dotnet "$target") ;; *) edge_cmd=("$target") ;; esac
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
need=()
command -v mosquitto_pub >/dev/null || need+=(mosquitto-clients)   # the door reports go in with mosquitto_pub
command -v curl >/dev/null || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  echo "edge-memory: installing ${need[*]}" >&2
  sudo=(); [ "$(id -u)" = 0 ] || sudo=(sudo)
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

server_dir=$root/server/Inclusion.Iot.Server.Api/bin/Release/net10.0
if [ ! -f "$server_dir/Inclusion.Iot.Server.Api.dll" ]; then
  dotnet build server/Inclusion.Iot.Server.Api -c Release -nologo -v q >/dev/null || { echo "edge-memory: building the server failed" >&2; exit 1; }
fi

# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_scratch edge-memory edge-memory

admin=http://127.0.0.1:$(free_port); grpc=https://127.0.0.1:$(free_port); panel=http://127.0.0.1:$(free_port); mqtt=$(free_port)
storage=(--Storage:Provider=Sqlite "--Storage:ConnectionString=Data Source=$scratch/server.db" "--Security:DataDirectory=$scratch/security")
(cd "$server_dir" && exec dotnet Inclusion.Iot.Server.Api.dll "${storage[@]}" \
  --Kestrel:Endpoints:Admin:Url=$admin --Kestrel:Endpoints:Grpc:Url=$grpc --Demo:Seed=true --Logging:LogLevel:Default=Warning) > "$scratch/server.log" 2>&1 &
pids+=($!)
wait_url "$admin/health" server "${pids[-1]}" 60
code=$(cd "$server_dir" && dotnet Inclusion.Iot.Server.Api.dll create-edge --room room-sensory-1 --edge edge-sensory-1 "${storage[@]}" \
  | sed -n 's/^One-time enrolment code: //p')
[ -n "$code" ] || { echo "edge-memory: create-edge printed no code" >&2; exit 1; }

mkdir -p "$scratch/edge"
# shellcheck disable=SC2086
env ${EDGE_ENV:-} "${edge_cmd[@]}" --Edge:EdgeId=edge-sensory-1 "--Edge:RoomConfigPath=$root/deploy/demo/room.json" "--Edge:DataDirectory=$scratch/edge" \
  --Server:Url=$grpc "--Server:CaCertificatePath=$scratch/security/ca.crt" "--Server:EnrolmentCode=$code" \
  --Mqtt:Host=127.0.0.1 --Mqtt:Port=$mqtt --Mqtt:EmbeddedBroker:Enabled=true --Panel:Url=$panel > "$scratch/edge.log" 2>&1 &
edge_pid=$!
pids+=($edge_pid)
wait_url "$panel/health" edge "$edge_pid" 60
configured=0
for _ in $(seq 1 300); do
  curl -fsS "$panel/health" | grep -q '"configurationVersion":[1-9]' && { configured=1; break; }
  sleep 0.1
done
[ "$configured" = 1 ] || { echo "edge-memory: the edge got no configuration from the server (TLS/enrolment); its log:" >&2; tail -n 30 "$scratch/edge.log" >&2; exit 1; }
grep -q "enrolled" "$scratch/edge.log" || { echo "edge-memory: the edge did not log its enrolment" >&2; exit 1; }
sleep 10
idle=$(rss "$edge_pid")
idle_smaps=$(python3 bench/smaps.py "$edge_pid")
keep() { [ -z "${BENCH_SMAPS_DIR:-}" ] || { mkdir -p "$BENCH_SMAPS_DIR"; cp "/proc/$edge_pid/smaps" "$BENCH_SMAPS_DIR/smaps.$1"; cp "/proc/$edge_pid/status" "$BENCH_SMAPS_DIR/status.$1"; }; }
keep idle

doors() { # count first
  for i in $(seq "$2" $(($2 + $1 - 1))); do
    if [ $((i % 2)) = 0 ]; then echo '{"contact":true,"battery":90,"linkquality":120}'; else echo '{"contact":false,"battery":90,"linkquality":120}'; fi
  done | mosquitto_pub -h 127.0.0.1 -p "$mqtt" -t zigbee2mqtt/sensory1-door -l -q 1
}
uploaded() { # wait until every report is in the outbox and acknowledged by the server, at most 60 s
  for _ in $(seq 1 600); do
    python3 -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1], timeout=5)
total, pending = db.execute("SELECT count(*), coalesce(sum(acknowledged = 0), 0) FROM outbox").fetchone()
sys.exit(0 if total >= int(sys.argv[2]) and pending == 0 else 1)' "$scratch/edge/edge.db" "$1" && return 0
    sleep 0.1
  done
  echo "edge-memory: warning: the outbox was not uploaded 60 s after the reports" >&2
}
first=$(( events < 1000 ? events : 1000 ))
doors "$first" 1
uploaded "$first"
sleep 5
after_1000=$(rss "$edge_pid")
keep 1000
if [ "$events" -gt 1000 ]; then
  doors $((events - 1000)) 1001
  uploaded "$events"
  sleep 5
fi
after=$(rss "$edge_pid")
after_smaps=$(python3 bench/smaps.py "$edge_pid")
keep load
kill -0 "$edge_pid" || { echo "edge-memory: the edge died" >&2; exit 1; }
if grep -Eq '^(warn|fail|crit):' "$scratch/edge.log"; then
  echo "edge-memory: the edge logged warnings or errors:" >&2; grep -E -A3 '^(warn|fail|crit):' "$scratch/edge.log" | head -20 >&2
fi

echo "# bench/edge-memory.sh $(date -u +%Y-%m-%dT%H:%M:%SZ), ${edge_cmd[*]}, $events door reports, EDGE_ENV=${EDGE_ENV:-}"
echo "idle:"; echo "$idle_smaps"
echo "after $events:"; echo "$after_smaps"
echo "figure: edge_rss_idle_mib=$idle"
echo "figure: edge_rss_after_1000_mib=$after_1000"
echo "figure: edge_rss_after_load_mib=$after"
echo "figure: edge_rss_growth_mib=$(awk -v a="$after_1000" -v b="$after" 'BEGIN { printf "%.1f", b - a }')"
