"""The office day boundary and the NIK retention purge.

Yesterday's unfinished tickets are closed as ``expired``, never deleted:
history is what reports are made of (the nightly delete of other systems lost it).
The purge removes NIK digits after the retention period and keeps every row, so
counts and service times survive (UU 27/2022 Pasal 42-44).
"""

from __future__ import annotations

from typing import Callable
from zoneinfo import ZoneInfo

from common import vocabulary as vocab
from server.domain import queue_rules as rules
from server.storage.db import Tx
from server.storage.schema import counters, tickets


class DayKeeper:
    """Runs before every write batch; does real work only when the office day changed."""

    def __init__(self, zone: Callable[[], ZoneInfo], retention_days: Callable[[], int]):
        self.zone = zone                      # read each time: the admin may change them
        self.retention_days = retention_days
        self.day: str | None = None

    def __call__(self, tx: Tx) -> None:
        today = rules.office_day(tx.now, self.zone())
        if today == self.day:
            return
        expired = expire_before(tx, today)
        purge_niks(tx, self.retention_days())
        if self.day is not None or expired:
            tx.conn.execute(counters.update().values(priority_streak=0))
            tx.emit("day.started", {"day": today, "expired": expired}, actor="system")
        self.day = today


def expire_before(tx: Tx, today: str) -> int:
    done = tx.conn.execute(tickets.update().where(
        tickets.c.office_day < today, tickets.c.status.in_(vocab.ACTIVE_STATUSES))
        .values(status="expired", finished_at=tx.now))
    if done.rowcount:
        tx.audit("system", "tickets.expired", detail={"count": done.rowcount, "before": today})
    return done.rowcount


def purge_niks(tx: Tx, retention_days: int) -> int:
    cutoff = tx.now - retention_days * 86400
    done = tx.conn.execute(tickets.update().where(tickets.c.issued_at < cutoff, tickets.c.nik.is_not(None))
                           .values(nik=None))
    if done.rowcount:
        tx.audit("system", "nik.purged", detail={"count": done.rowcount, "retention_days": retention_days})
    return done.rowcount
