"""The kiosk's offline policy: when the server does not answer, issue from the leased reserve.

Why at the stall mark and not after the retries: a citizen must never wait more
than about five seconds after "Cetak Tiket". When the server has not answered
by ``KioskController.stall_seconds`` (or answered "unavailable" sooner), and
this kiosk holds a leased number for the service today, the ticket is issued
here: journaled to disk first (``kiosk.journal``), then printed, marked
"Dicetak saat offline". Its QR carries a token the kiosk made itself, which the
server adopts at sync, so the phone page works once the ticket is uploaded.

The journal entry's request id is the journey's with ``off-`` in front: should
the slow server still issue the online request it was sent, the two tickets
meet at sync as the same NIK, and the offline one is merged into the online
one (staff are told), never silently lost.

A power cut between the journal write and the print: the entry is synced as
issued; the kiosk does not reprint by itself (it restarts on Welcome, nobody is
standing at it any more); a citizen without paper asks the staff, who see the
ticket once synced.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
import threading
import time
from pathlib import Path
from typing import Callable, Optional

from common.nik import mask

from .api import ApiRefusal, ServerUnavailable
from .journal import Journal
from .leases import LeaseStore, _write_atomic

log = logging.getLogger("antre.kiosk.offline")

SYNC_BATCH = 200


def exhausted() -> ApiRefusal:
    """A lease used up while offline: a polite refusal, to the staff's desk."""
    return ApiRefusal(0, "offline_exhausted", "Nomor cadangan habis, silakan ke meja petugas.",
                      "The kiosk's reserve numbers are used up: please go to the staff desk.")


class OfflineDesk:
    def __init__(self, state_dir: str | Path, wall: Callable[[], float] = time.time):
        from .office_memory import default_state_dir
        base = Path(state_dir or default_state_dir())
        self.journal = Journal(base / "offline-journal.jsonl")
        self.leases = LeaseStore(base / "leases.json")
        self._status_path = base / "offline-status.json"
        self.wall = wall
        self.offline = False           # the server did not answer the last time it was asked
        self._lock = threading.Lock()
        try:
            self._status = json.loads(self._status_path.read_text())
        except (OSError, ValueError):
            self._status = {"last_sync": None, "issued_offline": 0}

    # ---- talking to the server (worker threads only)
    def refresh(self, api, services: Optional[list[dict]]) -> None:
        """Fetch this kiosk's blocks for today and keep them (with the tiles) for a time without server."""
        answer = api.leases(self.leases.used())
        self.leases.keep(answer, list(services) if services else None)  # tiles: no personal data

    def sync(self, api) -> int:
        """Upload the journal in order; drop what the server now holds. Returns how many were taken."""
        with self._lock:
            entries = self.journal.entries()[:SYNC_BATCH]
            if not entries:
                self._note(last_sync=self.wall())
                return 0
            answers = api.sync_offline(entries)
            held = {a["request_id"] for a in answers if a.get("outcome") in ("new", "repeat", "merged", "refused")}
            for a in answers:
                if a.get("outcome") == "refused":
                    log.error("offline ticket %s refused at sync: %s", a.get("number"), a.get("error"))
                elif a.get("outcome") == "merged":
                    log.warning("offline ticket %s merged into %s (same NIK)", a.get("number"),
                                (a.get("merged_into") or {}).get("number"))
            self.journal.remove(held)
            self._note(last_sync=self.wall())
            return len(held)

    # ---- issuing without the server (UI thread; disk only)
    def can_issue(self, letter: str, day: str) -> bool:
        return self.leases.left(letter, day) > 0

    def issue(self, service: dict, nik: str, priority: Optional[str], request_id: str, day: str,
              zone: Optional[dt.tzinfo]) -> dict:
        """A ticket from the reserve, journaled before it is returned (and so before it is printed)."""
        letter = service["code"]
        seq = self.leases.take(letter, day)
        if seq is None:
            raise exhausted()
        now = self.wall()
        token = secrets.token_urlsafe(16)
        number = f"{letter}-{seq:03d}"
        self.journal.append({"request_id": f"off-{request_id}", "service": letter, "nik": nik,
                             "priority": priority, "number": number, "issued_at": now,
                             "office_day": day, "token": token})
        self._note(issued_offline=self._status.get("issued_offline", 0) + 1)
        base = self.leases.status_base
        return {"number": number, "token": token, "service": service, "origin_service": service,
                "issued_at": dt.datetime.fromtimestamp(now, zone).isoformat(), "priority": priority is not None,
                "outcome": "new", "offline": True, "nik_masked": mask(nik),
                "status_url": f"{base}{token}" if base else None}

    # ---- health
    def status(self) -> dict:
        """For the heartbeat, the technician screen and ``--check`` (no personal data)."""
        return {"offline": self.offline, "pending": self.journal.pending(), "torn": self.journal.torn,
                "last_sync": self._status.get("last_sync"), "issued_offline": self._status.get("issued_offline", 0),
                "lease_day": self.leases.office_day}

    def describe(self, lang: str, zone: Optional[dt.tzinfo] = None) -> str:
        """One line for the technician screen and ``kiosk_main.py --check``."""
        from .texts import t

        st = self.status()
        last = (dt.datetime.fromtimestamp(st["last_sync"], zone).strftime("%d-%m %H.%M") if st["last_sync"]
                else t("tech_offline_never", lang))
        return t("tech_offline", lang, state=t("tech_offline_on" if st["offline"] else "tech_offline_off", lang),
                 pending=st["pending"], last=last)

    def _note(self, **values) -> None:
        self._status = {**self._status, **values}
        _write_atomic(self._status_path, self._status)


# ---------------------------------------------------------------- the controller's side (kiosk.controller)

def issue_under_way(c) -> bool:
    """The ticket the controller ``c`` is waiting for, from the reserve: journaled, then printed.
    True when the journey moved on (printed, or refused because the reserve is used up)."""
    j = c.journey
    if j.step != "issuing" or j.service is None:
        return False
    day = c.office_today()
    c.offline.offline = True
    if not c.offline.can_issue(j.service["code"], day):
        if c.offline.leases.office_day != day:
            return False          # never had a reserve today: the usual retries and "ask the staff"
        c._cancel_retry()
        j.refused(exhausted())
        c.touched()
        c.changed()
        return True
    c._cancel_retry()
    try:
        ticket = c.offline.issue(j.service, j.nik, j.priority, j.request_id, day, c.feed.timezone)
    except OSError as exc:        # the disk would not keep it: no paper without a record
        log.error("offline journal failed: %s", exc)
        return False
    log.info("ticket %s issued offline", ticket["number"])
    if j.issued(ticket) == "printing":
        c._print(ticket)
    return True


def upkeep(c) -> None:
    """Upload the journal and refresh the leases on ``c``'s network worker, one run at a time: every
    ``c.offline_upkeep_seconds``, or at once while the kiosk holds no reserve for today."""
    due = c.clock() - c._upkeep_at >= c.offline_upkeep_seconds
    needed = bool(c.feed.services) and (c.offline.leases.office_day != c.office_today()
                                        or not c.offline.leases.services())
    if c._upkeep_busy or c.closed or not (due or needed):
        return
    c._upkeep_busy, c._upkeep_at = True, c.clock()
    services, api, desk = c.feed.services, c.api, c.offline

    def job():
        desk.sync(api)
        desk.refresh(api, services)

    def done(_result=None, failed: bool = False):
        c._upkeep_busy = False
        was, desk.offline = desk.offline, failed
        if was != failed:
            c.changed()
    c.net.submit(job, done, lambda exc: done(failed=isinstance(exc, ServerUnavailable)))
