"""The office as the kiosk last heard it from the server, remembered on disk.

No Kivy here. A kiosk started while the server is unreachable still shows the office's
name and its local time (not this machine's UTC): both come from the last successful
contact with the same server, kept in ``<state_dir>/office.json`` (no personal data; without a
``state_dir`` setting, in the user's XDG state folder).
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Optional

log = logging.getLogger("antre.kiosk")

FILE = "office.json"


def default_state_dir() -> Path:
    """Where a kiosk without a ``state_dir`` setting keeps what it remembers (XDG state home)."""
    return Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state") / "antre-kiosk"


class OfficeMemory:
    def __init__(self, state_dir: str, server_url: str):
        self.path = Path(state_dir or default_state_dir()) / FILE
        self.server_url = server_url
        self._saved: Optional[dict] = None

    def recall(self) -> tuple[dict, Optional[str]]:
        """(office profile, time zone name) last heard from this server, or ({}, None)."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}, None
        if not isinstance(data, dict) or data.get("server_url") != self.server_url:
            return {}, None   # another server's office is not this one's
        self._saved = data
        office = data.get("office") if isinstance(data.get("office"), dict) else {}
        zone = data.get("timezone") if isinstance(data.get("timezone"), str) else None
        return office, zone

    def keep(self, office: dict, zone: Optional[str]) -> None:
        """Write the office down when it differs from what is on disk (atomically: never half a file)."""
        if not office:
            return
        data = {"server_url": self.server_url, "office": office, "timezone": zone}
        if data == self._saved:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, self.path)
            self._saved = data
        except OSError as exc:
            log.warning("cannot remember the office in %s: %s", self.path, exc)


def zone_named(name: Optional[str]):
    """A ZoneInfo for ``name``, or None (unknown names included)."""
    if not name:
        return None
    try:
        from zoneinfo import ZoneInfo
        return ZoneInfo(name)
    except (ValueError, KeyError, OSError):
        return None
