#!/usr/bin/env bash
# Install everything (Debian packages, Python packages) and run all the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh --test
export ANTRE_ARTIFACTS=${ANTRE_ARTIFACTS:-$PWD/artifacts}
mkdir -p "$ANTRE_ARTIFACTS"
exec .venv/bin/python -m pytest "$@"
