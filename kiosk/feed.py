"""What the server tells every kiosk, kept fresh: the service tiles, the office, its clock and rules.

No Kivy here. The tiles (``GET /api/services?kiosk=true``) are polled every
``refresh_seconds``, with one request in flight at most; the office profile, its
time zone and the NIK retention come from ``GET /api/state`` (asked again after a
failure). Answers for settings that a technician has since replaced are dropped.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Optional

log = logging.getLogger("antre.kiosk")


class ServerFeed:
    """``controller`` gives the current settings, API client, scheduler and network worker."""

    def __init__(self, controller):
        self.c = controller
        self.services: Optional[list[dict]] = None   # None until the server first answered
        self.services_offline = False
        self.office: dict = self._configured_office()
        self.timezone = None                          # the office's zone; None: this machine's
        self.retention_days: Optional[int] = None     # the server's NIK retention, said in the privacy notice
        self._polling = False
        self._generation = 0
        self._poll_handle = None

    def _configured_office(self) -> dict:
        return {"name": self.c.cfg.office_name} if self.c.cfg.office_name else {}

    def start(self) -> None:
        self.load_state()
        self.poll()

    def now(self) -> dt.datetime:
        """The time on screen: the office's zone when the server said it, else this machine's."""
        return dt.datetime.now(self.timezone) if self.timezone is not None else dt.datetime.now()

    @property
    def privacy_days(self) -> int:
        return self.retention_days or self.c.cfg.retention_days

    # ---- /api/state
    def load_state(self) -> None:
        """Office profile, time zone and NIK retention from ``/api/state`` (again after a failure)."""
        gen = self._generation
        self.c.net.submit(self.c.api.state, lambda state: gen == self._generation and self._state_loaded(state),
                          lambda exc: None)

    def _state_loaded(self, state: dict) -> None:
        zone = state.get("timezone")
        if zone:
            try:
                from zoneinfo import ZoneInfo
                self.timezone = ZoneInfo(zone)
            except (ValueError, KeyError, OSError):   # unknown zone name: keep the machine's time
                log.warning("unknown office time zone %r", zone)
        days = state.get("nik_retention_days")
        if isinstance(days, int) and not isinstance(days, bool) and days > 0:
            self.retention_days = days
        self.office = {**(state.get("office") or {}), **self._configured_office()}
        self.c.changed()

    # ---- the tiles
    def poll(self) -> None:
        """Refresh the tiles now and every ``refresh_seconds`` (one request in flight at most)."""
        if not self._polling and not self.c.closed:
            self._polling = True
            gen = self._generation   # answers from before a restart() are dropped: one poll loop only
            self.c.net.submit(self.c.api.services, lambda res: gen == self._generation and self._loaded(res),
                              lambda exc: gen == self._generation and self._failed(exc))

    def _loaded(self, services: list[dict]) -> None:
        self._polling = False
        self.services, self.services_offline = services, False
        if not self.office:
            self.load_state()
        self.c.changed()
        self._poll_handle = self.c.scheduler.call_later(self.c.cfg.refresh_seconds, self.poll)

    def _failed(self, exc: BaseException) -> None:
        self._polling = False
        self.services_offline = True
        self.c.changed()
        self._poll_handle = self.c.scheduler.call_later(min(2.0, self.c.cfg.refresh_seconds), self.poll)

    # ---- new settings, shutdown
    def forget(self) -> None:
        """New settings (maybe another server): nothing it said is kept; ``start()`` asks again."""
        self.stop()
        self._polling = False
        self._generation += 1
        self.services = None
        self.office = self._configured_office()

    def stop(self) -> None:
        if self._poll_handle is not None:
            self._poll_handle.cancel()
            self._poll_handle = None


__all__ = ["ServerFeed"]
