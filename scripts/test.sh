#!/usr/bin/env bash
# Install everything (Debian packages, Python packages) and run all the tests: the whole
# suite on SQLite, then the server tests again with their servers on PostgreSQL (a
# throwaway cluster the tests start themselves, tests/postgres.py).
#   ANTRE_TEST_ENGINES=sqlite bash scripts/test.sh tests/server/test_desk.py   # one engine, some tests
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh --test
export ANTRE_ARTIFACTS=${ANTRE_ARTIFACTS:-$PWD/artifacts}
mkdir -p "$ANTRE_ARTIFACTS"
engines=${ANTRE_TEST_ENGINES:-sqlite,postgresql}
status=0
if [[ ",$engines," == *",sqlite,"* ]]; then
  .venv/bin/python -m pytest "$@" || status=$?
fi
if [[ ",$engines," == *",postgresql,"* ]]; then
  echo "--- the server tests again, on PostgreSQL ---"
  ANTRE_TEST_DATABASE=postgresql .venv/bin/python -m pytest "$@" tests/server || status=$?
fi
exit $status
