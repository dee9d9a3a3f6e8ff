#!/usr/bin/env bash
# Install and run the whole system with the demo office: the server, and the kiosk in a
# window printing to PNG files (preview printer) in <data-dir>/tickets.
#   ANTRE_KIOSK=0                 server only
#   ANTRE_KIOSK_WINDOW=1080x1920  kiosk window size (default 1280x800)
#   ANTRE_SKIP_INSTALL=1          do not run scripts/install.sh first (it is already done)
#   ANTRE_DEMO_HISTORY_DAYS=60    past days of history written into a fresh demo office (0: none)
# Other arguments go to server_main.py (e.g. --port 8080 --data-dir mydemo).
# The kiosk keeps its settings (technician PIN hash, ...) in <data-dir>/kiosk.toml: two demos in
# two data directories never share them, and nothing is written to ~/.config.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${ANTRE_SKIP_INSTALL:-0}" = "1" ] || bash scripts/install.sh

port=${ANTRE_PORT:-8000}
data_dir=demo-data
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[$i]}" in
    --port) port=${args[$((i + 1))]} ;;
    --port=*) port=${args[$i]#--port=} ;;
    --data-dir) data_dir=${args[$((i + 1))]} ;;
    --data-dir=*) data_dir=${args[$i]#--data-dir=} ;;
  esac
done

# A fresh demo office starts with two months of history, so the reports have something to show
# (ANTRE_DEMO_HISTORY_DAYS=0: none).
history_days=${ANTRE_DEMO_HISTORY_DAYS:-60}
if [ ! -e "$data_dir/antre.db" ] && [ "$history_days" != "0" ]; then
  .venv/bin/python server_main.py demo-history --days "$history_days" --data-dir "$data_dir"
fi

if [ "${ANTRE_KIOSK:-1}" = "0" ]; then
  exec .venv/bin/python server_main.py --demo "$@"
fi

.venv/bin/python server_main.py --demo "$@" &
server_pid=$!
kiosk_pid=""
cleanup() {
  [ -n "$kiosk_pid" ] && kill "$kiosk_pid" 2>/dev/null || true
  kill "$server_pid" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

url="http://127.0.0.1:${port}"
for _ in $(seq 1 150); do
  if .venv/bin/python -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)" \
       "$url/healthz" 2>/dev/null; then
    break
  fi
  kill -0 "$server_pid" 2>/dev/null || { echo "the server did not start" >&2; exit 1; }
  sleep 0.2
done

creds="$data_dir/demo-credentials.json"
key=$(.venv/bin/python -c "import json, sys; print(json.load(open(sys.argv[1]))['kiosk_key'])" "$creds")
mkdir -p "$data_dir/tickets"
kiosk_config="$data_dir/kiosk.toml"
[ -f "$kiosk_config" ] || (umask 077 && : >"$kiosk_config")   # the kiosk fills it (PIN hash) at its first start
echo "Kiosk: tickets are written as PNG files to $data_dir/tickets/, its settings are in $kiosk_config"
.venv/bin/python kiosk_main.py --config "$kiosk_config" --server "$url" --kiosk-key "$key" \
  --printer "preview:$data_dir/tickets" --windowed "${ANTRE_KIOSK_WINDOW:-1280x800}" &
kiosk_pid=$!
# The server is the demo's main process; closing the kiosk window leaves it running.
wait "$server_pid"
