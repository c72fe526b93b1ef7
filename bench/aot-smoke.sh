#!/usr/bin/env bash
# Starts a published edge (the NativeAOT binary, or the JIT build's .dll through `dotnet`) on the demo room with the
# embedded broker, free loopback ports and a throwaway data directory, checks that it works, then stops it with SIGTERM
# and checks it exits 0. Bounded: every wait has a deadline; the whole check takes about 20 s. Prints `figure:` lines.
#
#   bench/aot-smoke.sh [BINARY|DLL] [--load N]
#
#   BINARY   default deploy/out/edge-linux-x64/Inclusion.Iot.Edge.Worker (deploy/publish-edge.sh linux-x64)
#   DLL      e.g. edge/Inclusion.Iot.Edge.Worker/bin/Release/net10.0/Inclusion.Iot.Edge.Worker.dll, to compare the JIT
#   --load N after the checks, N door-contact reports (each a decision, an outbox row and an event), then the RSS
#
# Checks: /health answers 200 (timed from process start: edge_ready_s); /api/state?culture=uk and /?culture=uk carry
# the Ukrainian texts of the resx (satellite assemblies and ICU work); the retained room state on MQTT is the
# generated snake_case payload; a badge tap is refused and the refusal reaches the panel in Ukrainian; the state stored
# at exit is read back by a second start (no "could not be read"); SIGTERM ends it with exit code 0 both times.
# Figures: edge_ready_s, edge_rss_idle_mib (VmRSS 10 s after ready) and, with --load, edge_rss_after_load_mib.
set -euo pipefail
cd "$(dirname "$0")/.."

target=deploy/out/edge-linux-x64/Inclusion.Iot.Edge.Worker
load=0
while [ $# -gt 0 ]; do
  case "$1" in
    --load) load="$2"; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) target="$1"; shift ;;
  esac
done
[ -e "$target" ] || { echo "aot-smoke: no edge at $target (deploy/publish-edge.sh linux-x64 first)" >&2; exit 1; }
for tool in curl python3 openssl mosquitto_pub mosquitto_sub; do
  command -v "$tool" >/dev/null || { echo "aot-smoke: $tool is required (./test.sh installs curl and mosquitto-clients)" >&2; exit 1; }
done
case "$target" in
  *.dll) command=(dotnet "$target") ;;
  *) command=("$target") ;;
esac

work=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "aot-smoke: FAILED: $*" >&2; echo "--- edge log (last 40 lines) ---" >&2; tail -40 "$work/edge.log" >&2 || true; exit 1; }

read -r mqtt_port panel_port server_port < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(3)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])
for s in socks: s.close()')
panel="http://127.0.0.1:$panel_port"
# No server: the gateway's URL is a closed loopback port, so the edge runs offline as a room whose server is down. It is
# TLS only, so the edge needs a CA to pin: a throwaway one (bench/edge-memory.sh measures the enrolled, uploading edge).
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=aot-smoke-ca \
  -keyout "$work/ca.key" -out "$work/ca.crt" 2>/dev/null || { echo "aot-smoke: openssl could not make a throwaway CA" >&2; exit 1; }
args=(--Edge:RoomConfigPath=deploy/demo/room.json --Mqtt:EmbeddedBroker:Enabled=true --Mqtt:Port="$mqtt_port"
  --Edge:DataDirectory="$work/data" --Panel:Url="$panel" --Server:Url="https://127.0.0.1:$server_port"
  --Server:CaCertificatePath="$work/ca.crt")
resx=edge/Inclusion.Iot.Edge.Worker/Resources/SharedResource.uk.resx
uk() { python3 -c 'import sys, xml.etree.ElementTree as t; print(next(d.find("value").text for d in t.parse(sys.argv[1]).getroot().iter("data") if d.get("name") == sys.argv[2]))' "$resx" "$1"; }
json() { python3 -c 'import sys, json; v = json.load(sys.stdin)
for k in sys.argv[1].split("."): v = v[k] if v is not None else None
print("null" if v is None else v)' "$1"; }

start() {
  local started
  started=$(date +%s.%N)
  "${command[@]}" "${args[@]}" >>"$work/edge.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 3000); do
    if curl -fs -o /dev/null "$panel/health" 2>/dev/null; then
      ready_s=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", b - a }')
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || fail "the edge exited before /health answered"
    sleep 0.01
  done
  fail "/health did not answer within 30 s"
}

stop() {
  kill -TERM "$pid"
  local code=0
  for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
  kill -0 "$pid" 2>/dev/null && fail "the edge did not stop within 10 s of SIGTERM"
  wait "$pid" || code=$?
  pid=
  [ "$code" = 0 ] || fail "the edge exited with $code after SIGTERM (expected 0)"
}

# shellcheck source=bench/lib.sh
. bench/lib.sh

# --- First start: the checks ---------------------------------------------------------------------------------------
start
first_ready=$ready_s
health=$(curl -fs "$panel/health")
[ "$(echo "$health" | json status)" = ok ] || fail "/health answered $health"
[ "$(echo "$health" | json mqttConnected)" = True ] || fail "/health says the MQTT connection is down: $health"

state=$(curl -fs "$panel/api/state?culture=uk")
[ "$(echo "$state" | json culture)" = uk ] || fail "/api/state?culture=uk answered culture $(echo "$state" | json culture)"
[ "$(echo "$state" | json stateText)" = "$(uk State_idle)" ] || fail "/api/state's stateText is not the Ukrainian '$(uk State_idle)': $state"
[ "$(echo "$state" | json roomId)" = room-sensory-1 ] || fail "/api/state has no roomId: $state"

page=$(curl -fs "$panel/?culture=uk")
title=$(uk PanelTitle)
echo "$page" | grep -q '<html lang="uk">' || fail "the page is not in Ukrainian"
echo "$page" | python3 -c 'import sys, html; sys.exit(0 if sys.argv[1] in html.unescape(sys.stdin.read()) else 1)' "$title" || fail "the page lacks '$title'"

retained=$(mosquitto_sub -h 127.0.0.1 -p "$mqtt_port" -t 'inclusion/room-sensory-1/state' -C 1 -W 10) || fail "no retained room state on MQTT"
echo "$retained" | grep -q '"schema_version":1,"room_id":"room-sensory-1","state":"idle"' || fail "the retained state is not the expected payload: $retained"

# A badge the room does not know (no configuration yet): refused, and the panel says why in Ukrainian.
mosquitto_pub -h 127.0.0.1 -p "$mqtt_port" -t tele/sensory1-reader/SENSOR -m '{"Time":"2026-11-24T09:30:00","RC522":{"UID":"04A1B2C3","DATA":""}}'
refusal=null
for _ in $(seq 1 100); do
  refusal=$(curl -fs "$panel/api/state?culture=uk" | json lastRefusal.reason)
  [ "$refusal" != null ] && break
  sleep 0.05
done
[ "$refusal" != null ] || fail "the badge tap was not refused on the panel"
message=$(curl -fs "$panel/api/state?culture=uk" | json lastRefusal.message)
[ "$message" = "$(uk "Refusal_$refusal")" ] || fail "the refusal '$refusal' is not in Ukrainian: $message"
added=$(curl -s -o "$work/added.json" -w '%{http_code}' -X POST "$panel/api/session/add-pupil?culture=uk")
[ "$added" = 400 ] || fail "POST /api/session/add-pupil without a pupil answered $added (expected 400)"
[ "$(json message <"$work/added.json")" = "$(uk Panel_PupilRequired)" ] || fail "the 400's message is not in Ukrainian: $(cat "$work/added.json")"
[ "$(json done <"$work/added.json")" = False ] || fail "the 400 does not say done=false: $(cat "$work/added.json")"

sleep 10
idle_rss=$(rss "$pid")
loaded_rss=
if [ "$load" -gt 0 ]; then
  for i in $(seq 1 "$load"); do
    if [ $((i % 2)) = 0 ]; then echo '{"contact":true,"battery":90,"linkquality":120}'; else echo '{"contact":false,"battery":90,"linkquality":120}'; fi
  done | mosquitto_pub -h 127.0.0.1 -p "$mqtt_port" -t zigbee2mqtt/sensory1-door -l -q 1
  sleep 5
  loaded_rss=$(rss "$pid")
fi
stop

# --- Second start: the stored state is read back ------------------------------------------------------------------
start
grep -q "could not be read" "$work/edge.log" && fail "the state stored at exit was not read back"
stop

echo "aot-smoke: ok (${command[*]})"
echo "figure: edge_ready_s=$first_ready"
echo "figure: edge_ready_restart_s=$ready_s"
echo "figure: edge_rss_idle_mib=$idle_rss"
[ -z "$loaded_rss" ] || echo "figure: edge_rss_after_load_mib=$loaded_rss"
