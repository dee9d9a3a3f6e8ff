"""The blocks of numbers the server leased to this kiosk, kept on disk with the last one used.

Why on disk: a kiosk restarted while the server is away must go on from where
it stopped, never printing a number twice. The last used number is saved
(atomically, synced) before the number is handed out, so a power cut can
waste a number but never repeat one. A lease is for one office day: on another
day the kiosk has no reserve until the server leases it new blocks.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Optional


def _write_atomic(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, json.dumps(data, sort_keys=True).encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    dfd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dfd)
    finally:
        os.close(dfd)


class LeaseStore:
    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._data = self._load()

    def _load(self) -> dict:
        try:
            data = json.loads(self.path.read_text())
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    @property
    def office_day(self) -> Optional[str]:
        return self._data.get("office_day")

    def used(self) -> dict[str, int]:
        """The last number used per letter (for the server, so it leases more when few are left)."""
        return dict(self._data.get("used") or {})

    def keep(self, answer: dict, services: Optional[list[dict]] = None) -> None:
        """The server's answer to POST /api/kiosk/leases (and the tiles it had), saved for a day offline."""
        with self._lock:
            same_day = answer.get("office_day") == self._data.get("office_day")
            data = {"office_day": answer.get("office_day"),
                    "leases": {lease["service"]: [[b["first"], b["last"]] for b in lease["blocks"]]
                               for lease in answer.get("leases", [])},
                    "used": self._data.get("used", {}) if same_day else {},
                    "services": services if services is not None else self._data.get("services"),
                    "status_base": answer.get("status_base")}
            _write_atomic(self.path, data)
            self._data = data

    @property
    def status_base(self) -> Optional[str]:
        """Where a ticket's QR points, up to the token (the server's public address)."""
        return self._data.get("status_base")

    def services(self) -> Optional[list[dict]]:
        """The tiles as the server last gave them (names, letters; no personal data)."""
        return self._data.get("services")

    def left(self, letter: str, day: str) -> int:
        if self._data.get("office_day") != day:
            return 0
        used = (self._data.get("used") or {}).get(letter, 0)
        return sum(last - max(first, used + 1) + 1 for first, last in self._data.get("leases", {}).get(letter, [])
                   if last > used)

    def take(self, letter: str, day: str) -> Optional[int]:
        """The next leased number for ``letter`` on ``day``, saved as used first; None when none is left."""
        with self._lock:
            if self._data.get("office_day") != day:
                return None
            used = (self._data.get("used") or {}).get(letter, 0)
            for first, last in sorted(self._data.get("leases", {}).get(letter, [])):
                if last > used:
                    seq = max(first, used + 1)
                    data = {**self._data, "used": {**(self._data.get("used") or {}), letter: seq}}
                    _write_atomic(self.path, data)
                    self._data = data
                    return seq
            return None
