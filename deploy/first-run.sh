#!/usr/bin/env bash
# First run of the production compose set: generates the secrets it needs, once. Nothing here is committed
# (.env and deploy/mosquitto/passwd are in .gitignore). Re-running keeps existing secrets.
#   deploy/first-run.sh            writes .env and deploy/mosquitto/passwd
set -euo pipefail
cd "$(dirname "$0")/.."
umask 077

random() { head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32; }

if [ ! -f .env ]; then
  cat > .env <<ENV
POSTGRES_PASSWORD=$(random)
MQTT_EDGE_PASSWORD=$(random)
MQTT_SIM_PASSWORD=$(random)
ENV
  echo "Wrote .env with new random passwords."
else
  echo ".env exists; keeping it."
fi
# shellcheck disable=SC1091
. ./.env

passwd=deploy/mosquitto/passwd
if [ ! -f "$passwd" ]; then
  : > "$passwd"
  if command -v mosquitto_passwd >/dev/null; then
    mosquitto_passwd -b "$passwd" edge "$MQTT_EDGE_PASSWORD"
    mosquitto_passwd -b "$passwd" firmware-sim "$MQTT_SIM_PASSWORD"
  elif command -v docker >/dev/null; then
    docker run --rm -v "$(pwd)/deploy/mosquitto:/work" eclipse-mosquitto:2.0 sh -c \
      "mosquitto_passwd -b /work/passwd edge '$MQTT_EDGE_PASSWORD' && mosquitto_passwd -b /work/passwd firmware-sim '$MQTT_SIM_PASSWORD'"
  else
    echo "first-run.sh: needs mosquitto_passwd (apt-get install mosquitto) or docker to hash the broker passwords" >&2
    rm -f "$passwd"; exit 1
  fi
  chmod 644 "$passwd"   # the broker container reads it as its own user; it holds only salted hashes
  echo "Wrote $passwd (users: edge, firmware-sim)."
else
  echo "$passwd exists; keeping it."
fi
echo "Next: docker-compose up -d   (admin UI on http://<host>:8080)"
