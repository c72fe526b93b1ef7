# Shared by the bench scripts (sourced): a free loopback TCP port, a process's resident memory in MiB, a scratch
# directory with the processes to stop (and directories in memory), and waiting for a URL.
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
# cpu_ms PID: the CPU time (user + system) the process has used so far, in milliseconds (/proc/PID/stat, after its name).
cpu_ms() { sed 's/^.*) //' "/proc/$1/stat" | awk -v hz="$(getconf CLK_TCK)" '{ printf "%d", ($12 + $13) * 1000 / hz }'; }
rss() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

# A throwaway directory ($scratch) and the processes started into "pids" (stopped at exit, the last started first:
# TERM, up to 10 s, then KILL), then the directory removed. bench_scratch NAME LABEL: LABEL starts error messages.
bench_scratch() {
  bench_label=$2
  scratch=$(mktemp -d "${BENCH_SCRATCH_DIR:-/tmp}/inclusion-$1.XXXXXX")
  pids=()
  memory_dirs=()
  trap bench_cleanup EXIT
}
# bench_memory_dir NAME: prints a throwaway directory in memory (/dev/shm; $scratch where there is none), removed with
# $scratch. Call it as dir=$(bench_memory_dir NAME) and then memory_dirs+=("$dir").
bench_memory_dir() {
  if [ -d /dev/shm ] && [ -w /dev/shm ]; then mktemp -d "/dev/shm/inclusion-$1.XXXXXX"; else mktemp -d "$scratch/$1.XXXXXX"; fi
}
bench_cleanup() {
  for (( i=${#pids[@]}-1; i>=0; i-- )); do kill -TERM "${pids[$i]}" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  rm -rf "$scratch" "${memory_dirs[@]}"
}
# wait_url URL WHAT PID [SECONDS]: until URL answers 2xx; stops the bench if PID exits (showing $scratch/WHAT.log) or
# SECONDS (default 30) pass.
wait_url() {
  local deadline=$(( $(date +%s) + ${4:-30} ))
  while :; do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    kill -0 "$3" 2>/dev/null || { echo "$bench_label: the $2 exited; its log:" >&2; tail -n 30 "$scratch/$2.log" >&2; exit 1; }
    [ "$(date +%s)" -lt "$deadline" ] || { echo "$bench_label: the $2 did not answer $1" >&2; exit 1; }
    sleep 0.01
  done
}
