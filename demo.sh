#!/usr/bin/env bash
# The whole system as a demo on its embedded defaults: the server (SQLite), one room edge (with the
# embedded MQTT broker on 127.0.0.1:1883) and firmware-sim playing the demo scenario. Nothing external
# is installed or started. Ctrl-C stops everything.
#
#   ./demo.sh                 build, start, play deploy/demo scenario, keep running until Ctrl-C
#   ./demo.sh --fresh         the same, starting from empty databases
#   ./demo.sh --interactive   firmware-sim waits for you to tap badges by name instead of playing the scenario
#   ./demo.sh --exit-when-ready   stop after the scenario's session shows on the server (used by bench/)
#   ./demo.sh --play NAME     in a second terminal, while the demo runs: play another shipped scenario
#                             (out-of-schedule: a refusal and its override on the panel; unloading; escorted-visits;
#                             rules-week; rules-capacity; fire-alarm; …: firmware-sim/README.md lists them)
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)

fresh=0; interactive=0; exit_when_ready=0; play=""
while [ $# -gt 0 ]; do
  case "$1" in
    --fresh) fresh=1 ;;
    --interactive) interactive=1 ;;
    --exit-when-ready) exit_when_ready=1 ;;
    --play) play=${2:-}; [ -n "$play" ] || { echo "demo.sh: --play needs a scenario name (see firmware-sim/README.md)" >&2; exit 2; }; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "demo.sh: unknown option '$1' (see ./demo.sh --help)" >&2; exit 2 ;;
  esac
  shift
done

# firmware-sim on the demo's broker and room (its arguments follow: a scenario to run, or interactive).
sim_dir="$root/firmware-sim/Inclusion.Iot.FirmwareSim/bin/Release/net10.0"
sim=(dotnet Inclusion.Iot.FirmwareSim.dll --mqtt-host 127.0.0.1 --mqtt-port 1883
     --room-config "$root/deploy/demo/room.json" --badges "$sim_dir/scenarios/badges.json")

if [ -n "$play" ]; then
  # Another scenario against the running demo (its broker on 127.0.0.1:1883); the demo keeps running after it.
  scenario="$sim_dir/scenarios/${play%.json}.json"
  [ -f "$sim_dir/Inclusion.Iot.FirmwareSim.dll" ] || { echo "demo.sh: start the demo first (./demo.sh), then --play in a second terminal" >&2; exit 1; }
  [ -f "$scenario" ] || { echo "demo.sh: no scenario '$play'; there are: $(cd "$sim_dir/scenarios" && ls ./*.json | sed 's|^\./||; s|\.json$||' | grep -v '^badges$' | tr '\n' ' ')" >&2; exit 2; }
  (exec 3<>"/dev/tcp/127.0.0.1/1883") 2>/dev/null || { echo "demo.sh: no demo is running (nothing on 127.0.0.1:1883); start ./demo.sh first" >&2; exit 1; }
  cd "$sim_dir"
  exec "${sim[@]}" run "$scenario"
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
command -v dotnet >/dev/null || { echo "demo.sh: the .NET 10 SDK (dotnet) is required; see README.md" >&2; exit 1; }
if ! command -v curl >/dev/null; then
  echo "Installing curl (demo.sh uses it to wait for the services)…"
  sudo=(); [ "$(id -u)" = 0 ] || sudo=(sudo)
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends curl >/dev/null
fi

admin_url=http://127.0.0.1:8080
grpc_url=https://127.0.0.1:8082
panel_url=http://127.0.0.1:8081
for port in 8080 8081 8082 1883; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "demo.sh: port $port on 127.0.0.1 is already in use (another demo, or a local Mosquitto?). Stop it first." >&2
    exit 1
  fi
done

data="$root/.demo-data"
accounts_file="$data/demo-accounts.json"
[ "$fresh" = 1 ] && rm -rf "$data"
mkdir -p "$data/logs" "$data/edge"

echo "Building (Release)…"
build_start=$(date +%s.%N)
for project in server/Inclusion.Iot.Server.Api edge/Inclusion.Iot.Edge.Worker firmware-sim/Inclusion.Iot.FirmwareSim; do
  if ! dotnet build "$project" -c Release -nologo -v q > "$data/logs/build.log" 2>&1; then
    cat "$data/logs/build.log" >&2; echo "demo.sh: build of $project failed" >&2; exit 1
  fi
done
build_end=$(date +%s.%N)

secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
bin() { echo "$root/$1/bin/Release/net10.0"; }
pids=()
stop_all() {
  trap - INT TERM EXIT
  if [ ${#pids[@]} -gt 0 ]; then
    echo; echo "Stopping…"
    # Reverse order: devices, then the edge (flushes its outbox), then the server.
    for (( i=${#pids[@]}-1; i>=0; i-- )); do kill -TERM "${pids[$i]}" 2>/dev/null || true; wait "${pids[$i]}" 2>/dev/null || true; done
  fi
  echo "Stopped. Data is kept in .demo-data/ (./demo.sh --fresh starts empty); logs in .demo-data/logs/."
}
trap stop_all INT TERM EXIT

wait_healthy() { # url name pid
  for _ in $(seq 1 300); do
    if curl -fsS -o /dev/null "$1/health" 2>/dev/null; then return 0; fi
    if ! kill -0 "$3" 2>/dev/null; then echo "demo.sh: the $2 exited; its log:" >&2; tail -n 40 "$data/logs/$2.log" >&2; exit 1; fi
    sleep 0.1
  done
  echo "demo.sh: the $2 did not become healthy in 30 s; see .demo-data/logs/$2.log" >&2; exit 1
}

start=$(date +%s.%N)
storage=(--Storage:Provider=Sqlite "--Storage:ConnectionString=Data Source=$data/server.db" "--Security:DataDirectory=$data/security")
(cd "$(bin server/Inclusion.Iot.Server.Api)" && exec dotnet Inclusion.Iot.Server.Api.dll "${storage[@]}" \
   --Kestrel:Endpoints:Admin:Url=$admin_url --Kestrel:Endpoints:Grpc:Url=$grpc_url \
   --Demo:Seed=true "--Demo:AccountsFile=$accounts_file") > "$data/logs/server.log" 2>&1 &
pids+=($!)
wait_healthy "$admin_url" server "${pids[0]}"

# The demo accounts (one per role) were made on the first run with random passwords, written only to $accounts_file
# (mode 0600). demo.sh signs in as demo-admin to watch the JSON API.
[ -f "$accounts_file" ] || { echo "demo.sh: the server wrote no demo accounts file ($accounts_file); start with --fresh" >&2; exit 1; }
account_password() { awk -v user="$1" '$0 ~ "\"userName\": \"" user "\"" { found = 1 } found && /"password"/ { gsub(/.*"password": "|",?$/, ""); print; exit }' "$accounts_file"; }
api_token=$(curl -fsS -H 'Content-Type: application/json' \
  -d "{\"userName\":\"demo-admin\",\"password\":\"$(account_password demo-admin)\"}" "$admin_url/api/auth/token" \
  | sed -n 's/.*"accessToken":"\([^"]*\)".*/\1/p')
[ -n "$api_token" ] || { echo "demo.sh: could not sign in as demo-admin with the password in $accounts_file" >&2; exit 1; }
# The edge enrols by itself: IT staff's create-edge issues its one-time code (the server made the installation's CA
# at its first start, in $data/security), the edge pins that CA and trades the code for its client certificate.
code=
if [ ! -f "$data/edge/edge.crt" ]; then
  if ! created=$(cd "$(bin server/Inclusion.Iot.Server.Api)" && dotnet Inclusion.Iot.Server.Api.dll create-edge \
      --room room-sensory-1 --edge edge-sensory-1 "${storage[@]}" 2>&1); then
    echo "demo.sh: create-edge failed: $created" >&2; exit 1
  fi
  code=$(sed -n 's/^One-time enrolment code: //p' <<<"$created")
  echo "Edge edge-sensory-1: enrolment code issued (create-edge); the edge enrols with it at its first start."
fi

(cd "$(bin edge/Inclusion.Iot.Edge.Worker)" && exec dotnet Inclusion.Iot.Edge.Worker.dll \
   --Edge:EdgeId=edge-sensory-1 "--Edge:RoomConfigPath=$root/deploy/demo/room.json" "--Edge:DataDirectory=$data/edge" \
   --Server:Url=$grpc_url "--Server:CaCertificatePath=$data/security/ca.crt" "--Server:EnrolmentCode=$code" --Mqtt:Host=127.0.0.1 --Mqtt:Port=1883 --Mqtt:EmbeddedBroker:Enabled=true \
   --Panel:Url=$panel_url) > "$data/logs/edge.log" 2>&1 &
pids+=($!)
wait_healthy "$panel_url" edge "${pids[1]}"
ready=$(date +%s.%N)

if [ "$interactive" = 1 ]; then
  sim+=(interactive)
else
  sim+=(run "$sim_dir/scenarios/demo.json" --stay)
fi

cat <<TXT

Inclusion.Iot demo is running (server and edge ready $(secs "$start" "$ready") s after start; build took $(secs "$build_start" "$build_end") s).

  Admin UI     $admin_url          (sessions per pupil; ?culture=uk or ?culture=ru)
  Sign in      demo-admin, demo-specialist, demo-auditor, demo-coordinator: passwords in $accounts_file
  Wall panel   $panel_url          (the room's panel by the door)
  MQTT broker  127.0.0.1:1883                 (watch it: mosquitto_sub -h 127.0.0.1 -t '#' -v)
  Room id      room-sensory-1   edge id edge-sensory-1

  Demo badges (UID → who; "now" = a schedule slot around the current time, refreshed at every start)
    04A1B2C3  Olena P., specialist (escort, runs sessions, overrides)
    04D4E5F6  Ivan S., pupil's assistant for Owl (escort)
    04D4E5F7  Mykola T., tutor for Whale (escort)
    04110001  pupil Fox   (support level 2, limit 2/week, now)
    04110002  pupil Owl   (support level 3, limit 4/week, now)
    04110003  pupil Bee   (support level 4, limit 6/week, now)
    04110004  pupil Whale (support level 5, limit 8/week, needs a personal tutor, Wednesdays 13:00 only)
    04110005  pupil Hare  (support level 3, out of schedule today: refused outside_schedule, overridable)
    04110006  pupil Lynx  (support level 2, now)
    04110007  pupil Wren  (support level 3, now)
    04110008  pupil Otter (support level 3, now)
    04110009  pupil Finch (support level 4, now)
    0411000A  pupil Robin (support level 4, now)
    0411000B  pupil Newt  (support level 2, now, adaptation week 2: 15 minutes per visit)
    0411000C  pupil Moth  (support level 1, no programme: open use only)

TXT

if [ "$interactive" = 1 ]; then
  echo "firmware-sim is interactive: type 'tap olena' then 'tap fox' ('help' lists the rest). Ctrl-C stops everything."
  (cd "$sim_dir" && exec "${sim[@]}")
  exit 0
fi

echo "Playing the demo scenario (firmware-sim output below; server and edge logs in .demo-data/logs/)…"
(cd "$sim_dir" && exec "${sim[@]}") > >(tee "$data/logs/firmware-sim.log" | sed -u 's/^/  [sim] /') 2>&1 &
pids+=($!)

# The session record on the server is the demo's proof: wait for it and say when it arrived.
for _ in $(seq 1 600); do
  if curl -fsS -H "Authorization: Bearer $api_token" "$admin_url/api/sessions" 2>/dev/null | grep -q '"endedAt":"'; then
    shown=$(date +%s.%N)
    echo
    echo "The scenario's session is on the server $(secs "$start" "$shown") s after start: open $admin_url"
    echo "Next, in a second terminal: ./demo.sh --play out-of-schedule   (Hare is refused R-SCHED; override it on the wall panel with a reason)"
    break
  fi
  sleep 0.1
done
if [ "$exit_when_ready" = 1 ]; then
  # Figures for bench/: let the room go idle, then read the processes' resident memory.
  sleep "${DEMO_IDLE_SECONDS:-15}"
  rss() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo "?"; }
  echo "figure: start_to_ready_s=$(secs "$start" "$ready")"
  echo "figure: start_to_session_on_server_s=$(secs "$start" "${shown:-$start}")"
  echo "figure: edge_rss_idle_mib=$(rss "${pids[1]}")"
  echo "figure: server_rss_idle_mib=$(rss "${pids[0]}")"
  exit 0
fi
echo "Press Ctrl-C to stop."
wait "${pids[0]}"
