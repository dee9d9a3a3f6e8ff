"""What the server tells every kiosk, kept fresh: the service tiles, the office, its clock and rules.

No Kivy here. The tiles (``GET /api/services?kiosk=true``) follow the server's
event stream (``kiosk.event_stream``): any committed change (a ticket issued at
another kiosk, a call, a service closed) makes the kiosk ask for its tiles again
at once, one request in flight at most and one more if events came meanwhile.
The tiles themselves stay the one source of what a tile says (waiting count,
estimate, why it is closed), so no tile is computed twice. A slow poll stays:
every ``stream_refresh_seconds`` while the stream is up (opening hours pass
without any event), every ``refresh_seconds`` while it is down. The office
profile, its time zone and the NIK retention come from ``GET /api/state`` (asked
again after a failure and when the office changes). Answers for settings that a
technician has since replaced are dropped.
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
        self._again = False                           # events came while a poll was in flight
        self._generation = 0
        self._poll_handle = None
        self.stream = None                            # the EventStream while started
        self.streaming = False                        # the stream is connected

    def _configured_office(self) -> dict:
        return {"name": self.c.cfg.office_name} if self.c.cfg.office_name else {}

    def start(self) -> None:
        self.load_state()
        self.poll()
        if self.c.cfg.event_stream and self.stream is None:
            self._start_stream()

    # ---- the event stream (callbacks arrive on its thread; everything else runs on the UI's)
    def _start_stream(self) -> None:
        from .event_stream import EventStream

        gen = self._generation

        def on_ui(fn):
            return lambda *a: self.c.scheduler.call_soon(lambda: gen == self._generation and fn(*a))

        self.stream = EventStream(self.c.cfg.server_url, on_event=on_ui(self._event), on_up=on_ui(self._stream_up),
                                  on_down=on_ui(self._stream_down),
                                  connect_timeout=self.c.cfg.connect_timeout).start()

    def _stream_up(self) -> None:
        self.streaming = True
        self.refresh()               # whatever happened while it was down

    def _stream_down(self) -> None:
        self.streaming = False
        if self._poll_handle is not None:      # back to the faster poll of a kiosk without events
            self._poll_handle.cancel()
            self._poll_handle = self.c.scheduler.call_later(self._poll_delay(), self.poll)

    def _event(self, event: dict) -> None:
        if event.get("type") == "office.changed":
            self.load_state()        # the name, the clock's zone, the retention may have changed
        self.refresh()

    def refresh(self) -> None:
        """Ask for the tiles now (or right after the request already in flight)."""
        if self._polling:
            self._again = True
            return
        if self._poll_handle is not None:
            self._poll_handle.cancel()
            self._poll_handle = None
        self.poll()

    def _poll_delay(self) -> float:
        return self.c.cfg.stream_refresh_seconds if self.streaming else self.c.cfg.refresh_seconds

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
        """Refresh the tiles now and again after ``_poll_delay()`` (one request in flight at most)."""
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
        self._next_poll(self._poll_delay())

    def _failed(self, exc: BaseException) -> None:
        self._polling = False
        self.services_offline = True
        self.c.changed()
        self._next_poll(min(2.0, self.c.cfg.refresh_seconds))

    def _next_poll(self, delay: float) -> None:
        if self._again:              # events came while this answer was on its way: it may be stale
            self._again = False
            self.poll()
        elif not self.c.closed:
            self._poll_handle = self.c.scheduler.call_later(delay, self.poll)

    # ---- new settings, shutdown
    def forget(self) -> None:
        """New settings (maybe another server): nothing it said is kept; ``start()`` asks again."""
        self.stop()
        self._polling = self._again = False
        self._generation += 1
        self.services = None
        self.office = self._configured_office()

    def stop(self) -> None:
        if self._poll_handle is not None:
            self._poll_handle.cancel()
            self._poll_handle = None
        if self.stream is not None:
            self.stream.stop()
            self.stream = None
        self.streaming = False


__all__ = ["ServerFeed"]
