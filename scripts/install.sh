#!/usr/bin/env bash
# Install everything Antre needs on a Debian machine: system packages (when
# root) and a Python virtual environment in .venv. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(espeak-ng libegl1 libegl-mesa0 libgl1-mesa-dri libmtdev1 libusb-1.0-0 fonts-dejavu-core)
if [ "${1:-}" = "--test" ]; then
  # PostgreSQL and nginx: tests start a throwaway cluster, and the central set-up (deploy/central)
  APT_PACKAGES+=(chromium zbar-tools xvfb xauth postgresql nginx openssl)
fi

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing Debian packages: ${missing[*]}"
    # Another apt (unattended upgrades, a second install) may hold the locks: wait for
    # it instead of failing. install waits by itself; update's list lock cannot be
    # waited on, so it is retried for up to ten minutes.
    wait_apt=(-o DPkg::Lock::Timeout=600)
    for try in $(seq 1 120); do
      apt-get "${wait_apt[@]}" update -qq && break
      [ "$try" = 120 ] && { echo "apt-get update kept failing" >&2; exit 1; }
      echo "apt is busy (another install?); waiting" >&2
      sleep 5
    done
    DEBIAN_FRONTEND=noninteractive apt-get "${wait_apt[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Please install these Debian packages first (as root): ${missing[*]}" >&2
  fi
fi

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
extras="kiosk"
[ "${1:-}" = "--test" ] && extras="kiosk,test,postgres"
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[${extras}]"
