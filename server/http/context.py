"""Everything a request handler needs, built once by ``create_app``."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Callable, Optional
from zoneinfo import ZoneInfo

from fastapi import Request

from server.domain.accounts import DeviceKeys, LoginLimiter, Staff
from server.domain.devices import HealthWatch
from server.http.sse import Hub
from server.settings import Settings
from server.storage.caches import OfficeCache, WaitingCounts
from server.storage.db import Database, Tx


@dataclass
class AppContext:
    settings: Settings
    db: Database
    clock: Callable[[], float] = time.time
    hub: Hub = field(default_factory=Hub)
    device_keys: DeviceKeys = field(default_factory=DeviceKeys)
    limiter: Optional[LoginLimiter] = None
    office: OfficeCache = None  # type: ignore[assignment]
    health: HealthWatch = None  # type: ignore[assignment]
    waiting: WaitingCounts = field(default_factory=WaitingCounts)
    # token digest -> (staff, expires_at): saves a query on every staff request.
    session_cache: dict[str, tuple[Staff, float]] = field(default_factory=dict)

    @property
    def zone(self) -> ZoneInfo:
        """The office's time zone: the admin's choice if made, else the settings file's."""
        name = self.office.profile_value("timezone")
        return ZoneInfo(name) if name else self.settings.zone

    def public_url(self, request) -> str:
        """The address printed in QR codes: the configured public URL, else the one the
        client used to reach us (a kiosk and the phones share the office network)."""
        return (self.settings.public_url or str(request.base_url)).rstrip("/")

    @property
    def retention_days(self) -> int:
        return int(self.office.profile_value("nik_retention_days") or self.settings.nik_retention_days)

    def __post_init__(self) -> None:
        if self.office is None:
            self.office = OfficeCache(self.clock, read=self.db.read)
        if self.health is None:
            self.health = HealthWatch(self.settings.device_offline_seconds)

    async def write(self, fn: Callable[[Tx], Any]) -> Any:
        """Run a change on the writer thread and wait until it is committed to disk."""
        return await self.db.writer.submit_async(fn)


async def ctx(request: Request) -> AppContext:
    """Async on purpose: FastAPI runs plain ``def`` dependencies on a worker thread."""
    return request.app.state.ctx
