#!/usr/bin/env bash
# The central set-up on this one machine, to try it or to test it: a PostgreSQL cluster,
# N Antre servers on it (as if on N hosts: each its own port and data folder) and nginx
# with TLS in front (antre-site.conf, a self-signed certificate), all inside WORK_DIR.
# Ctrl+C (or SIGTERM) stops everything; WORK_DIR/ready holds the address once it is up.
#
#   bash deploy/central/try-here.sh WORK_DIR [HTTPS_PORT=8443] [SERVERS=2]
#
# Needs Debian's postgresql, nginx and openssl packages and the project's .venv with the
# postgres extra (scripts/install.sh --test installs all of it). tests/server/test_central.py
# runs it.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mkdir -p "$1" && cd "$1" && pwd)
HTTPS_PORT=${2:-8443}
SERVERS=${3:-2}
PY="$ROOT/.venv/bin/python"
free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
as_postgres=()
[ "$(id -u)" = 0 ] && as_postgres=(runuser -u postgres --)

pids=()
cleanup() {
  trap '' INT TERM  # (a second signal must not cut the cleanup short)
  trap - EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$WORK/nginx/nginx.pid" ] && kill "$(cat "$WORK/nginx/nginx.pid")" 2>/dev/null || true
  if [ -n "${PG_DIR:-}" ]; then
    "${as_postgres[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

# 1. PostgreSQL: a cluster of its own, one database for every office
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PG_PORT=$(free_port)
# (its own folder under /tmp: as root the cluster belongs to the postgres user, who may not
# be allowed into WORK_DIR)
PG_DIR=$(mktemp -d /tmp/antre-central-pg-XXXXXX)
echo "$PG_DIR" >"$WORK/pg-dir"
[ "$(id -u)" = 0 ] && chown postgres: "$PG_DIR"
"${as_postgres[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust --encoding=UTF8 \
  --locale=C.UTF-8 >"$WORK/initdb.log"
"${as_postgres[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -w -l "$PG_DIR/log" \
  -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1" start >/dev/null
"$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE antre"
export ANTRE_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:$PG_PORT/antre"

# 2. The Antre servers: the first seeds the demo office, the others find it there and join
export ANTRE_PUBLIC_URL="https://127.0.0.1:$HTTPS_PORT" ANTRE_TRUSTED_PROXIES=127.0.0.1
upstreams=""
for i in $(seq 1 "$SERVERS"); do
  port=$(free_port)
  "$PY" "$ROOT/server_main.py" --demo --data-dir "$WORK/server$i" --port "$port" >"$WORK/server$i.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 150); do
    "$PY" -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$port/healthz', timeout=1)" 2>/dev/null && break
    kill -0 "${pids[-1]}" 2>/dev/null || { echo "server $i did not start:" >&2; tail -20 "$WORK/server$i.log" >&2; exit 1; }
    sleep 0.2
  done
  upstreams="$upstreams server 127.0.0.1:$port;"
done

# 3. nginx with TLS in front (the same site file a technician copies)
mkdir -p "$WORK/nginx/tmp"
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" \
  -keyout "$WORK/nginx/key.pem" -out "$WORK/nginx/cert.pem" 2>/dev/null
sed -e "s|@SERVER_NAME@|127.0.0.1|; s|@HTTPS_PORT@|$HTTPS_PORT|; s|@CERT@|$WORK/nginx/cert.pem|" \
    -e "s|@KEY@|$WORK/nginx/key.pem|; s|@UPSTREAMS@|$upstreams|" "$ROOT/deploy/central/antre-site.conf" \
    >"$WORK/nginx/antre-site.conf"
cat >"$WORK/nginx/nginx.conf" <<CONF
$( [ "$(id -u)" = 0 ] && echo "user root;" )
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 1024; }
http {
    access_log $WORK/nginx/access.log;
    client_body_temp_path $WORK/nginx/tmp/body;
    proxy_temp_path $WORK/nginx/tmp/proxy;
    fastcgi_temp_path $WORK/nginx/tmp/fastcgi;
    uwsgi_temp_path $WORK/nginx/tmp/uwsgi;
    scgi_temp_path $WORK/nginx/tmp/scgi;
    include $WORK/nginx/antre-site.conf;
}
CONF
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g "daemon off;" &
pids+=($!)
for _ in $(seq 1 50); do
  "$PY" -c "import ssl, urllib.request as u; u.urlopen('https://127.0.0.1:$HTTPS_PORT/healthz', timeout=1,
             context=ssl.create_default_context(cafile='$WORK/nginx/cert.pem'))" 2>/dev/null && break
  sleep 0.2
done
echo "https://127.0.0.1:$HTTPS_PORT" >"$WORK/ready"
echo "The central set-up is up at https://127.0.0.1:$HTTPS_PORT ($SERVERS servers, PostgreSQL on port $PG_PORT;"
echo "certificate $WORK/nginx/cert.pem, demo credentials $WORK/server1/demo-credentials.json). Ctrl+C stops it."
wait
