#!/usr/bin/env bash
# First run of the production compose set: generates the secrets it needs, once. Nothing generated here is
# committed (.env, deploy/mosquitto/passwd and deploy/mosquitto/certs/ are in .gitignore). Re-running keeps
# every existing secret and adds only what is missing (a new key in .env, a new broker user, the certificates).
#   deploy/first-run.sh                      writes .env, deploy/mosquitto/passwd and deploy/mosquitto/certs/
#   MQTT_TLS_HOST=broker.school.example deploy/first-run.sh
#                                            the broker certificate also names this host (edges connect to it)
#   GRAFANA_TLS_HOST=grafana.school.example  Grafana's certificate names this host (default: MQTT_TLS_HOST, else localhost)
set -euo pipefail
cd "$(dirname "$0")/.."
umask 077

fail() { echo "first-run.sh: $*" >&2; exit 1; }
random() { head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32; }

# --- 1. .env: random passwords and tokens ---------------------------------------------------------------
# The broker's users: the room edge, the simulator, Zigbee2MQTT's bridge, Home Assistant (read-only), and one
# per device of the demo room that logs in itself (our ESP timer and lock, the Tasmota reader by its topic).
# A real room adds its own devices the same way (see deploy/README.md).
broker_users=(edge firmware-sim zigbee2mqtt homeassistant wall-timer door-lock sensory1-reader)
# MQTT_<USER>_PASSWORD (firmware-sim's is MQTT_SIM_PASSWORD, as before).
env_key() { if [ "$1" = firmware-sim ]; then echo MQTT_SIM_PASSWORD; else printf 'MQTT_%s_PASSWORD' "$(printf '%s' "$1" | tr 'a-z-' 'A-Z_')"; fi; }

touch .env
added=()
add_secret() {
  if ! grep -q "^$1=" .env; then
    printf '%s=%s\n' "$1" "$(random)" >> .env
    added+=("$1")
  fi
}
add_secret POSTGRES_PASSWORD
add_secret INFLUX_ADMIN_PASSWORD
add_secret INFLUX_TOKEN
add_secret GRAFANA_ADMIN_PASSWORD
for user in "${broker_users[@]}"; do add_secret "$(env_key "$user")"; done
if [ ${#added[@]} -gt 0 ]; then echo "Wrote to .env: ${added[*]}"; else echo ".env has every secret; kept it."; fi
# shellcheck disable=SC1091
. ./.env

# --- 2. The broker's password file (salted hashes only) --------------------------------------------------
passwd=deploy/mosquitto/passwd
hash_user() {
  if command -v mosquitto_passwd >/dev/null; then
    mosquitto_passwd -b "$passwd" "$1" "$2"
  elif command -v docker >/dev/null; then
    docker run --rm -v "$(pwd)/deploy/mosquitto:/work" eclipse-mosquitto:2.0 mosquitto_passwd -b /work/passwd "$1" "$2"
  else
    fail "needs mosquitto_passwd (apt-get install mosquitto) or docker to hash the broker passwords"
  fi
}
[ -f "$passwd" ] || : > "$passwd"
for user in "${broker_users[@]}"; do
  if ! grep -q "^$user:" "$passwd"; then
    key=$(env_key "$user")
    hash_user "$user" "${!key}"
    echo "Broker user $user added to $passwd."
  fi
done
chmod 644 "$passwd"   # the broker container reads it as its own user; it holds only salted hashes

# --- 3. TLS for the broker's 8883 listener: a CA of this installation and the broker's certificate --------
certs=deploy/mosquitto/certs
if [ ! -f "$certs/server.crt" ]; then
  command -v openssl >/dev/null || fail "needs openssl (apt-get install openssl) to make the broker's certificates"
  mkdir -p "$certs"
  host=${MQTT_TLS_HOST:-mosquitto}
  openssl req -x509 -newkey rsa:3072 -sha256 -nodes -days 3650 -subj "/CN=Inclusion.Iot broker CA" \
    -keyout "$certs/ca.key" -out "$certs/ca.crt" 2>/dev/null
  openssl req -newkey rsa:3072 -sha256 -nodes -subj "/CN=$host" \
    -keyout "$certs/server.key" -out "$certs/server.csr" 2>/dev/null
  printf 'subjectAltName=DNS:%s,DNS:mosquitto,DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n' "$host" > "$certs/server.ext"
  openssl x509 -req -sha256 -days 825 -in "$certs/server.csr" -CA "$certs/ca.crt" -CAkey "$certs/ca.key" \
    -CAcreateserial -extfile "$certs/server.ext" -out "$certs/server.crt" 2>/dev/null
  rm -f "$certs/server.csr" "$certs/server.ext" "$certs/ca.srl"
  # The directory stays private to this user; the broker container reads the files it is given as its own user.
  chmod 644 "$certs/ca.crt" "$certs/server.crt" "$certs/server.key"
  chmod 600 "$certs/ca.key"
  echo "Wrote $certs/ (ca.crt for the clients; server.crt/.key for the broker, for $host, mosquitto, localhost)."
else
  echo "$certs/server.crt exists; keeping the certificates."
fi

# --- 4. Grafana's HTTPS certificate, from the same CA (added later: made when missing, also on an existing install)
if [ ! -f "$certs/grafana.crt" ]; then
  [ -f "$certs/ca.key" ] || fail "$certs/ca.key is missing: cannot issue Grafana's certificate (restore it, or remove $certs to start over)"
  host=${GRAFANA_TLS_HOST:-${MQTT_TLS_HOST:-localhost}}
  openssl req -newkey rsa:3072 -sha256 -nodes -subj "/CN=$host" \
    -keyout "$certs/grafana.key" -out "$certs/grafana.csr" 2>/dev/null
  printf 'subjectAltName=DNS:%s,DNS:grafana,DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n' "$host" > "$certs/grafana.ext"
  openssl x509 -req -sha256 -days 825 -in "$certs/grafana.csr" -CA "$certs/ca.crt" -CAkey "$certs/ca.key" \
    -CAcreateserial -extfile "$certs/grafana.ext" -out "$certs/grafana.crt" 2>/dev/null
  rm -f "$certs/grafana.csr" "$certs/grafana.ext" "$certs/ca.srl"
  chmod 644 "$certs/grafana.crt" "$certs/grafana.key"
  echo "Wrote $certs/grafana.crt/.key (Grafana's HTTPS, for $host, grafana, localhost)."
fi
echo "Next: docker-compose up -d   (admin UI on https://<host>:8443, Grafana on https://<host>:3000; browsers trust"
echo "      $certs/ca.crt for Grafana and the server's data/security ca.crt for the admin UI, or use the school's own certificates)"
