#!/usr/bin/env bash
# Issue 12's edge figures, the edge and its peer in one run, on one broker:
#   - Mosquitto on loopback (random port, throwaway directory);
#   - the server (SQLite, demo seeded) and the edge as built (JIT, Release; --aot: the NativeAOT binary that
#     deploy/publish-edge.sh linux-x64 wrote to deploy/out/edge-linux-x64/);
#   - an untimed pass of BENCH_WARMUP_READS (3,000) reads, then the server's CPU settling (below), so both peers and
#     the server are timed warm;
#   - the driver (bench/Inclusion.Iot.Bench.Edge) publishes MESSAGES badge reads one at a time, each followed by an
#     occupancy report, and times each badge to its decision event (inclusion/<room>/event/badge_accepted);
#   - the edge's run again with the server paused (SIGSTOP): the edge without the server's ingest on the same cores;
#   - then the same escort decision as a Node-RED 4 flow (bench/nodered/flows.json; node-red@4 from npm, 5.x needs a
#     newer Node.js than Debian's) on the same broker, timed the same way.
# Prints "figure: name=value" lines (see bench/README.md) and saves them to bench/results/.
# Usage: bench/edge.sh [--quick] [--messages N] [--aot]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
messages=${BENCH_MESSAGES:-10000}
warmup=150   # the driver's default: reads before the timed ones
aot=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) messages=1000; warmup_reads_default=500; shift ;;
    --messages) messages=$2; shift 2 ;;
    --aot) aot=1; shift ;;
    *) echo "bench/edge.sh: unknown argument $1 (see the header of this script)" >&2; exit 2 ;;
  esac
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
sudo=(); [ "$(id -u)" = 0 ] || sudo=(sudo)
need=()
[ -x /usr/sbin/mosquitto ] || need+=(mosquitto)
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)
command -v curl >/dev/null || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  echo "bench: installing ${need[*]}" >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
nodered_dir=bench/.cache/node-red
if [ ! -f "$nodered_dir/node_modules/node-red/red.js" ]; then
  echo "bench: installing node-red@4 into $nodered_dir" >&2
  mkdir -p "$nodered_dir"
  npm install --prefix "$nodered_dir" --no-audit --no-fund --silent node-red@4 >/dev/null
fi

echo "bench: building…" >&2
for project in server/Inclusion.Iot.Server.Api edge/Inclusion.Iot.Edge.Worker bench/Inclusion.Iot.Bench.Edge; do
  dotnet build "$project" -c Release -nologo -v q >/dev/null || { echo "bench/edge.sh: building $project failed" >&2; exit 1; }
done
if [ "$aot" = 1 ]; then
  edge_cmd=("$root/deploy/out/edge-linux-x64/Inclusion.Iot.Edge.Worker")
  [ -x "${edge_cmd[0]}" ] || { echo "bench/edge.sh: --aot needs deploy/publish-edge.sh linux-x64 first" >&2; exit 1; }
  edge_binary_mib=$(awk -v b="$(stat -c %s "${edge_cmd[0]}")" 'BEGIN { printf "%.1f", b / 1048576 }')   # the one binary
else
  edge_dir=$root/edge/Inclusion.Iot.Edge.Worker/bin/Release/net10.0
  edge_cmd=(dotnet "$edge_dir/Inclusion.Iot.Edge.Worker.dll")
  edge_binary_mib=$(du -sm --exclude=publish --exclude=linux-x64 --exclude=linux-arm64 "$edge_dir" | cut -f1)   # the build output (not the AOT intermediates), without the shared runtime
fi

# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_scratch edge-bench bench/edge.sh

mqtt=$(free_port)
# As deploy/mosquitto/mosquitto.conf: Nagle off, so a small message behind another is not held for the peer's delayed ACK.
printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\nset_tcp_nodelay true\n%s\n' "$mqtt" "$([ "$(id -u)" = 0 ] && echo 'user root')" > "$scratch/mosquitto.conf"
/usr/sbin/mosquitto -c "$scratch/mosquitto.conf" > "$scratch/mosquitto.log" 2>&1 &
mosquitto_pid=$!
pids+=($mosquitto_pid)

admin=http://127.0.0.1:$(free_port); grpc=https://127.0.0.1:$(free_port); panel=http://127.0.0.1:$(free_port)
server_dir=$root/server/Inclusion.Iot.Server.Api/bin/Release/net10.0
# The server's database in memory (/dev/shm, inside $scratch's clean-up) for the same reason as its priority below: its
# syncs of every upload batch shared the edge's disk, and the edge's own commit (one sync per decision, the decision on
# disk before its effect) waited behind them. The edge's store stays on the disk, as on a Pi.
server_data=$(bench_memory_dir edge-bench-server); memory_dirs+=("$server_data")
storage=(--Storage:Provider=Sqlite "--Storage:ConnectionString=Data Source=$server_data/server.db" "--Security:DataDirectory=$server_data/security")
# The server at the lowest CPU priority: in a school it is another machine, not on the room's Pi. Here it shares the two
# cores, and its ingest of the edge's uploads (about 1,000 events a second under this load, a hundred times a busy room's
# rate) was part of the edge's tail and not of Node-RED's, which uploads nothing and runs when the server is idle: edge
# p99 11.8 ms at the same priority, 7.4 ms niced, same binary, 5,000 badges (bench/README.md). The edge's own side of
# the uploads (reading the batch, TLS, HTTP/2) stays in the edge process and in its figures.
(cd "$server_dir" && exec nice -n 19 dotnet Inclusion.Iot.Server.Api.dll "${storage[@]}" \
  --Kestrel:Endpoints:Admin:Url=$admin --Kestrel:Endpoints:Grpc:Url=$grpc --Demo:Seed=true --Logging:LogLevel:Default=Warning) > "$scratch/server.log" 2>&1 &
pids+=($!)
server_pid=$!
wait_url "$admin/health" server "${pids[-1]}"
# The edge enrols by itself with create-edge's one-time code, pinning the CA the server made.
code=$(cd "$server_dir" && dotnet Inclusion.Iot.Server.Api.dll create-edge --room room-sensory-1 --edge edge-sensory-1 "${storage[@]}" \
  | sed -n 's/^One-time enrolment code: //p')
[ -n "$code" ] || { echo "bench/edge.sh: create-edge printed no code" >&2; exit 1; }

mkdir -p "$scratch/edge"
edge_start=$(date +%s.%N)
"${edge_cmd[@]}" --Edge:EdgeId=edge-sensory-1 "--Edge:RoomConfigPath=$root/deploy/demo/room.json" "--Edge:DataDirectory=$scratch/edge" \
  --Server:Url=$grpc "--Server:CaCertificatePath=$server_data/security/ca.crt" "--Server:EnrolmentCode=$code" --Mqtt:Host=127.0.0.1 --Mqtt:Port=$mqtt --Mqtt:EmbeddedBroker:Enabled=false --Panel:Url=$panel \
  --Logging:LogLevel:Default=Warning > "$scratch/edge.log" 2>&1 &
edge_pid=$!
pids+=($edge_pid)
wait_url "$panel/health" edge "$edge_pid"
edge_ready=$(date +%s.%N)
for _ in $(seq 1 300); do curl -fsS "$panel/health" | grep -q '"configurationVersion":[1-9]' && break; sleep 0.1; done
sleep 10
edge_rss_idle=$(rss "$edge_pid")

value() { sed -n "s/^figure: $1=//p" <<< "$2"; }
driver=(dotnet "$root/bench/Inclusion.Iot.Bench.Edge/bin/Release/net10.0/Inclusion.Iot.Bench.Edge.dll" --mqtt-port "$mqtt" --messages "$messages" --warmup "$warmup")
# The server warmed up first, as in a school, where it has run for days: freshly started, it spends its first tens of
# seconds of CPU in the JIT (ASP.NET Core, gRPC, EF Core: tier-0, then instrumented and optimised tiers of every hot
# method, at nice 19 the more slowly). perf on the server during the edge's pass without this: 40-60% of its samples in
# libclrjit.so every second, 0.8-0.9 ms of server CPU per read, more than the edge's own (bench/README.md). So a pass of
# warmup_reads reads (3,000: some 40 uploads, past the tier-up count of the per-upload code) that is not timed, then a
# wait until the server's CPU settles (under 50 ms in a second, at most 60 s); the RSS figures below stay the edge's.
# Node-RED gets the same untimed pass before its own.
warmup_reads=${BENCH_WARMUP_READS:-${warmup_reads_default:-3000}}
# The edge's memory after its first 1,000 reads is read in this pass (edge_rss_after_1000_mib), so the growth figure
# spans every read after them, the warm-up's and both timed passes'.
warm_figures=
if [ "$warmup_reads" -gt 0 ]; then
  echo "bench: warming the server up, $warmup_reads reads…" >&2
  warm_figures=$("${driver[@]}" --messages "$warmup_reads" --warmup 0 --target edge --event-prefix inclusion/room-sensory-1 --rss-pid "$edge_pid" --rss-after 1000)
  settled=0
  for _ in $(seq 1 60); do
    before=$(cpu_ms "$server_pid"); sleep 1
    [ $(( $(cpu_ms "$server_pid") - before )) -lt 50 ] && { settled=1; break; }
  done
  [ "$settled" = 1 ] || echo "bench: the server's CPU did not settle within 60 s; timing anyway" >&2
fi
echo "bench: the edge, $messages badges…" >&2
edge_cpu0=$(cpu_ms "$edge_pid"); broker_cpu0=$(cpu_ms "$mosquitto_pid"); server_cpu0=$(cpu_ms "$server_pid")
edge_figures=$("${driver[@]}" --target edge --event-prefix inclusion/room-sensory-1 --rss-pid "$edge_pid" --rss-after 1000 ${BENCH_DRIVER_ARGS:-})
edge_cpu=$(( $(cpu_ms "$edge_pid") - edge_cpu0 )); broker_cpu_edge=$(( $(cpu_ms "$mosquitto_pid") - broker_cpu0 )); server_cpu=$(( $(cpu_ms "$server_pid") - server_cpu0 ))
sleep 2
edge_rss_after=$(rss "$edge_pid")
edge_rss_1000=$(value edge_rss_after_1000_mib "$warm_figures"); [ -n "$edge_rss_1000" ] || edge_rss_1000=$(value edge_rss_after_1000_mib "$edge_figures")
# The same edge and load again with the server paused (SIGSTOP): in a school the server is another machine, here it
# shares the two cores, and its ingest of the uploads (about 2,000 events a second under this load) lengthens the
# edge's tail even at nice 19 or SCHED_IDLE (bench/README.md, "The server on the same cores"). Paused, it takes no CPU;
# the edge's upload in flight waits and the outbox keeps the rest (uploaded after SIGCONT), so this pass is the edge
# alone, without its own upload work. p99_ratio above stays the headline; this is the second figure beside it.
echo "bench: the edge again, the server paused…" >&2
kill -STOP "$server_pid"
paused_figures=$("${driver[@]}" --target edge --event-prefix inclusion/room-sensory-1 ${BENCH_DRIVER_ARGS:-})
kill -CONT "$server_pid"
kill -TERM "$edge_pid"
sleep 2   # the server finishes the upload it was paused in before Node-RED runs

echo "bench: Node-RED, $messages badges…" >&2
mkdir -p "$scratch/nodered"
cp bench/nodered/flows.json bench/nodered/settings.js "$scratch/nodered/"
BENCH_MQTT_PORT=$mqtt BENCH_NODERED_PORT=$(free_port) node "$nodered_dir/node_modules/node-red/red.js" \
  --userDir "$scratch/nodered" --settings "$scratch/nodered/settings.js" > "$scratch/nodered.log" 2>&1 &
nodered_pid=$!
pids+=($nodered_pid)
for _ in $(seq 1 300); do grep -qs "Connected to broker" "$scratch/nodered.log" && break; sleep 0.1; done
grep -q "Connected to broker" "$scratch/nodered.log" || { echo "bench/edge.sh: Node-RED did not connect; its log:" >&2; tail -n 30 "$scratch/nodered.log" >&2; exit 1; }
if [ "$warmup_reads" -gt 0 ]; then "${driver[@]}" --messages "$warmup_reads" --warmup 0 --target nodered --event-prefix nodered/room-sensory-1 > /dev/null; fi
nodered_cpu0=$(cpu_ms "$nodered_pid"); broker_cpu0=$(cpu_ms "$mosquitto_pid")
nodered_figures=$("${driver[@]}" --target nodered --event-prefix nodered/room-sensory-1)
nodered_cpu=$(( $(cpu_ms "$nodered_pid") - nodered_cpu0 )); broker_cpu_nodered=$(( $(cpu_ms "$mosquitto_pid") - broker_cpu0 ))
nodered_rss=$(rss "$nodered_pid")

edge_p99=$(value edge_p99_ms "$edge_figures"); nodered_p99=$(value nodered_p99_ms "$nodered_figures")
mkdir -p bench/results
out=bench/results/edge-$(date +%Y%m%d-%H%M%S).txt
{
  echo "# bench/edge.sh $(date -u +%Y-%m-%dT%H:%M:%SZ), $messages badges, edge $([ "$aot" = 1 ] && echo NativeAOT || echo JIT), $(nproc) cores"
  echo "$edge_figures" | grep -v -e '_messages_published=' -e '_rss_after_'
  echo "$nodered_figures" | grep -v '_messages_published='
  echo "figure: p99_ratio=$(awk -v a="$edge_p99" -v b="$nodered_p99" 'BEGIN { printf "%.2f", a / b }')"
  paused_p99=$(value edge_p99_ms "$paused_figures")
  echo "figure: edge_server_paused_p50_ms=$(value edge_p50_ms "$paused_figures")"
  echo "figure: edge_server_paused_p99_ms=$paused_p99"
  echo "figure: p99_ratio_server_paused=$(awk -v a="$paused_p99" -v b="$nodered_p99" 'BEGIN { printf "%.2f", a / b }')"
  echo "figure: edge_rss_idle_mib=$edge_rss_idle"
  echo "figure: edge_rss_after_1000_mib=${edge_rss_1000:-n/a}"
  echo "figure: edge_rss_after_load_mib=$edge_rss_after"
  [ -n "$edge_rss_1000" ] && echo "figure: edge_rss_growth_mib=$(awk -v a="$edge_rss_1000" -v b="$edge_rss_after" 'BEGIN { printf "%.1f", b - a }')"
  echo "figure: nodered_rss_mib=$nodered_rss"
  # CPU per badge read, its occupancy report included (the warm-up's reads too: the whole driver run is measured).
  per_read() { awk -v ms="$1" -v n="$(( messages + warmup ))" 'BEGIN { printf "%.3f", ms / n }'; }
  echo "figure: edge_cpu_ms_per_read=$(per_read "$edge_cpu")"
  echo "figure: nodered_cpu_ms_per_read=$(per_read "$nodered_cpu")"
  echo "figure: broker_cpu_ms_per_read_edge=$(per_read "$broker_cpu_edge")"
  echo "figure: broker_cpu_ms_per_read_nodered=$(per_read "$broker_cpu_nodered")"
  # The co-located server's ingest of the edge's uploads during the edge's (first) pass; in a school, another machine's.
  echo "figure: server_cpu_ms_per_read=$(per_read "$server_cpu")"
  echo "figure: edge_ready_s=$(awk -v a="$edge_start" -v b="$edge_ready" 'BEGIN { printf "%.2f", b - a }')"
  echo "figure: edge_binary_mib=$edge_binary_mib"
  echo "figure: server_warmup_reads=$warmup_reads"
} | tee "$out"
