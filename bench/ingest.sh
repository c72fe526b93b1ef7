#!/usr/bin/env bash
# Issue 10's ingest figures on PostgreSQL, in one run:
#   - a throwaway PostgreSQL on loopback (random port, temp data dir, removed at the end; durable commits:
#     fsync and synchronous_commit on, as in production);
#   - the server on it (built Release, demo seeded, default Ingest:MaxConcurrentUploads);
#   - the driver (bench/Inclusion.Iot.Bench.Ingest): EDGES simulated edges upload BATCH-event batches over gRPC for
#     WARMUP seconds (reported apart as warmup_events_per_s), then for SECONDS, measured; then a binary COPY of as many comparable rows into a scratch table of the same database (the limit);
#     then IDLE_EDGES idle gRPC connections held with keep-alive and the server's VmRSS read from /proc.
# Prints "figure: name=value" lines (see bench/README.md); saves them to bench/results/.
# Usage: bench/ingest.sh [--quick] [--edges N] [--batch N] [--warmup N] [--seconds N] [--idle-edges N] [--idle-seconds N]
#   BENCH_SERVER_ARGS adds server settings, e.g. BENCH_SERVER_ARGS=--Ingest:MaxConcurrentUploads=4.
#   or the same through BENCH_EDGES, BENCH_BATCH, BENCH_WARMUP, BENCH_SECONDS, BENCH_IDLE_EDGES, BENCH_IDLE_SECONDS.
set -euo pipefail
cd "$(dirname "$0")/.."
edges=${BENCH_EDGES:-200}
batch=${BENCH_BATCH:-500}
warmup=${BENCH_WARMUP:-30}
seconds=${BENCH_SECONDS:-20}
idle_edges=${BENCH_IDLE_EDGES:-1000}
idle_seconds=${BENCH_IDLE_SECONDS:-10}
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) warmup=5; seconds=5; idle_seconds=3; shift ;;
    --warmup) warmup=$2; shift 2 ;;
    --edges) edges=$2; shift 2 ;;
    --batch) batch=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --idle-edges) idle_edges=$2; shift 2 ;;
    --idle-seconds) idle_seconds=$2; shift 2 ;;
    *) echo "bench/ingest.sh: unknown argument $1 (see the header of this script)" >&2; exit 2 ;;
  esac
done

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$pg_bin/postgres" ] || { echo "bench/ingest.sh: PostgreSQL binaries not found under /usr/lib/postgresql/*/bin" >&2; exit 1; }
# shellcheck source=bench/lib.sh
. bench/lib.sh

echo "bench: building…" >&2
for project in server/Inclusion.Iot.Server.Api bench/Inclusion.Iot.Bench.Ingest; do
  dotnet build "$project" -c Release -nologo -v q >/dev/null || { echo "bench/ingest.sh: building $project failed" >&2; exit 1; }
done

scratch=$(mktemp -d /tmp/inclusion-ingest-bench.XXXXXX)
server_pid=
pg_started=
cleanup() {
  if [ -n "$server_pid" ]; then
    kill -INT "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  [ -n "$pg_started" ] && run_pg "$pg_bin/pg_ctl" -D "$scratch/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$scratch"
}
trap cleanup EXIT
mkdir -p "$scratch/data" "$scratch/socket"
# PostgreSQL refuses to run as root: as root, run it as the 'postgres' user on a directory it owns.
run_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown -R postgres: "$scratch"
pg_port=$(free_port)
run_pg "$pg_bin/initdb" -D "$scratch/data" -U postgres -A trust -E UTF8 --locale=C >"$scratch/initdb.log" 2>&1 \
  || { cat "$scratch/initdb.log" >&2; exit 1; }
pg_started=1
run_pg "$pg_bin/pg_ctl" -D "$scratch/data" -l "$scratch/postgres.log" -w -t 30 \
  -o "-h 127.0.0.1 -p $pg_port -k $scratch/socket -c max_connections=200 -c shared_buffers=256MB" start >/dev/null \
  || { echo "bench/ingest.sh: PostgreSQL did not start" >&2; cat "$scratch/postgres.log" >&2; exit 1; }
run_pg "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres inclusion
db="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=inclusion"

admin_port=$(free_port)
grpc_port=$(free_port)
server_dir=server/Inclusion.Iot.Server.Api/bin/Release/net10.0
server_launched=$(date +%s.%N)
(cd "$server_dir" && exec dotnet Inclusion.Iot.Server.Api.dll \
   --Storage:Provider=PostgreSql "--Storage:ConnectionString=$db" "--Security:DataDirectory=$scratch/security" \
   --Kestrel:Endpoints:Admin:Url=http://127.0.0.1:$admin_port --Kestrel:Endpoints:Grpc:Url=https://127.0.0.1:$grpc_port \
   --Demo:Seed=true --Logging:LogLevel:Default=Warning ${BENCH_SERVER_ARGS:-}) >"$scratch/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 300); do
  curl -fsS -o /dev/null "http://127.0.0.1:$admin_port/health" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { echo "bench/ingest.sh: the server exited" >&2; tail -n 40 "$scratch/server.log" >&2; exit 1; }
  sleep 0.1
done
curl -fsS -o /dev/null "http://127.0.0.1:$admin_port/health" || { echo "bench/ingest.sh: the server did not become healthy" >&2; exit 1; }
server_ready_s=$(awk -v a="$server_launched" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
# EF logs the first migration on an empty database as failures; only what the server logs after start counts.
started_lines=$(wc -l < "$scratch/server.log")

mkdir -p bench/results
out=bench/results/ingest-$(date +%Y%m%d-%H%M%S).txt
{
  echo "Inclusion.Iot ingest bench, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ): edges=$edges batch=$batch warmup=$warmup seconds=$seconds idle_edges=$idle_edges idle_seconds=$idle_seconds"
  dotnet bench/Inclusion.Iot.Bench.Ingest/bin/Release/net10.0/Inclusion.Iot.Bench.Ingest.dll \
    --grpc "https://127.0.0.1:$grpc_port" --db "$db" --security "$scratch/security" --server-pid "$server_pid" \
    --edges "$edges" --batch "$batch" --warmup "$warmup" --seconds "$seconds" --idle-edges "$idle_edges" --idle-seconds "$idle_seconds"
  echo "figure: server_ready_s=$server_ready_s"
} | tee "$out"
status=${PIPESTATUS[0]}
if tail -n +"$((started_lines + 1))" "$scratch/server.log" | grep -qi "fail\|exception"; then
  cp "$scratch/server.log" "${out%.txt}-server.log"
  echo "bench: the server logged failures while measured (its log: ${out%.txt}-server.log):" >&2
  tail -n +"$((started_lines + 1))" "$scratch/server.log" | grep -i -A3 "fail\|exception" | head -n 20 >&2
fi
echo "(saved to $out)" >&2
exit "$status"
