#!/usr/bin/env bash
# Install and run the whole system with the demo office (SQLite, preview printer).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
exec .venv/bin/python server_main.py --demo "$@"
