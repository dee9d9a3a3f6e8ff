"""Everything a request handler needs, built once by ``create_app``."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Callable, Optional
from zoneinfo import ZoneInfo

from fastapi import Request

from server.domain.accounts import DeviceKeys, LoginLimiter
from server.domain import day
from server.domain.day import DayKeeper
from server.domain.devices import HealthWatch
from server.http.sse import Hub
from server.settings import Settings
from server.storage.caches import OfficeCache, WaitingCounts
from server.storage.db import Database, Tx


class SessionCache:
    """token digest -> (staff, valid until): saves a query on every staff request.

    At most ``max_size`` entries, the least recently used dropped first: a flood of
    sessions cannot grow the process. ``clear`` starts a new generation, and
    ``put`` only stores an answer read in the current one, so a lookup that raced
    a logout or a deactivation cannot put its stale answer back.
    """

    def __init__(self, max_size: int = 5000):
        self.max_size = max_size
        self.generation = 0
        self._entries: OrderedDict[str, tuple] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Optional[tuple]:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: str, value: tuple, generation: int) -> None:
        with self._lock:
            if generation != self.generation:
                return
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_size:
                self._entries.popitem(last=False)

    def pop(self, key: str, default=None):
        with self._lock:
            return self._entries.pop(key, default)

    def clear(self) -> None:
        with self._lock:
            self.generation += 1
            self._entries = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)


@dataclass
class AppContext:
    settings: Settings
    db: Database
    clock: Callable[[], float] = time.time
    hub: Hub = field(default_factory=Hub)
    device_keys: DeviceKeys = None  # type: ignore[assignment]
    limiter: Optional[LoginLimiter] = None
    office: OfficeCache = None  # type: ignore[assignment]
    health: HealthWatch = None  # type: ignore[assignment]
    waiting: WaitingCounts = field(default_factory=WaitingCounts)
    session_cache: "SessionCache" = None  # type: ignore[assignment]

    days: DayKeeper = None  # type: ignore[assignment]
    _base_urls: dict = field(default_factory=dict, repr=False)

    @property
    def zone(self) -> ZoneInfo:
        """The office's time zone: the admin's choice if made, else the settings file's
        (from the office snapshot: no database read, fine on the event loop)."""
        name = self.office.profile_value("timezone")
        return ZoneInfo(name) if name else self.settings.zone

    def today(self) -> str:
        """The office day: the clock's, but never before the day the writer has reached."""
        return self.days.today(self.clock())

    def public_url(self, request) -> str:
        """The address printed in QR codes: the configured public URL, else the one the
        client used to reach us (a kiosk and the phones share the office network)."""
        if self.settings.public_url:
            return self.settings.public_url.rstrip("/")
        # Remembered per way in (Starlette rebuilds the URL for every request, and every
        # ticket needs it); a few dozen at most, so a client inventing Host headers grows nothing.
        scope = request.scope
        key = (scope.get("scheme"), scope.get("server"), request.headers.get("host"),
               scope.get("app_root_path", scope.get("root_path", "")))
        url = self._base_urls.get(key)
        if url is None:
            url = str(request.base_url).rstrip("/")
            if len(self._base_urls) < 64:
                self._base_urls[key] = url
        return url

    @property
    def retention_days(self) -> int:
        return int(self.office.profile_value("nik_retention_days") or self.settings.nik_retention_days)

    def __post_init__(self) -> None:
        self.hub.heartbeat = self.settings.sse_heartbeat_seconds
        if self.session_cache is None:
            self.session_cache = SessionCache()
        if self.days is None:
            self.days = DayKeeper(lambda: self.zone, lambda: self.retention_days,
                                  national_holidays=self.settings.national_holidays)
        if self.office is None:
            self.office = OfficeCache(self.db, self.clock, today=self.today)
        if self.device_keys is None:
            self.device_keys = DeviceKeys(read=self.db.read)
        if self.health is None:
            self.health = HealthWatch(self.settings.device_offline_seconds)

    def _sessions_after_commit(self, events: list, tags: frozenset) -> None:
        if tags & {"users", "sessions"}:  # an account changed or a session ended: ask the database again
            self.session_cache.clear()

    def start_writer(self, loop) -> None:
        """Start the writer with the day keeper before every batch and every cache it owns."""
        self.db.start_writer(before_batch=self.days, on_commit=self.hub.publish, loop=loop,
                             after_job=self.waiting.after_job,
                             after_commit=[self.office.after_commit, self.device_keys.after_commit,
                                           self._sessions_after_commit, self.health.after_commit],
                             # (on PostgreSQL other servers, on any host, may write to it too)
                             shared=self.settings.processes > 1 or self.db.url.startswith("postgresql"),
                             after_siblings=self._after_siblings)

    def _after_siblings(self, conn, events: list[dict]) -> None:
        """What the writer keeps in memory, after events another server process committed."""
        self.waiting.after_siblings(conn, events)
        day.after_siblings(self.days, events)

    async def write(self, fn: Callable[[Tx], Any]) -> Any:
        """Run a change on the writer thread and wait until it is committed to disk
        (``server_busy`` when the writer cannot take it in time)."""
        return await self.db.writer.run(fn)


async def ctx(request: Request) -> AppContext:
    """Async on purpose: FastAPI runs plain ``def`` dependencies on a worker thread."""
    return request.app.state.ctx
