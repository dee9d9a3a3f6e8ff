"""Derived state kept in memory for the hot path: office model, pace, waiting counts."""

from __future__ import annotations

from typing import Optional

import sqlalchemy as sa

from server.domain import queue_rules as rules
from server.storage.queries import (
    all_counters,
    all_services,
    counter_name,
    minutes_per_citizen,
    open_counters_for,
    service_by_id,
)
from server.storage.schema import office_settings, tickets


class OfficeCache:
    """Services, counter names and wait-time figures, kept for a few seconds.

    They change rarely (an admin edit, a counter opening) but are needed for
    every ticket; reading them each time cost more than issuing the ticket.
    Changes call ``invalidate()``; the time limit covers anything else. A wait
    estimate a few seconds old is still an estimate.
    """

    def __init__(self, clock, ttl: float = 5.0, read=None):
        self.clock, self.ttl, self._read = clock, ttl, read
        self._loaded_at = float("-inf")
        self._profile: dict = {}
        self._by_code: dict = {}
        self._by_id: dict = {}
        self._counter_names: dict = {}
        self._pace: dict[tuple[int, str], tuple[float, float, int]] = {}

    def invalidate(self) -> None:
        self._loaded_at = float("-inf")
        self._pace = {}

    def _fresh(self, conn: Optional[sa.Connection]) -> None:
        now = self.clock()
        if now - self._loaded_at < self.ttl:
            return
        if conn is None:
            with self._read() as own:
                return self._fresh(own)
        self._profile = {k: v for k, v in conn.execute(sa.select(office_settings.c.key, office_settings.c.value))}
        rows = all_services(conn)
        self._by_code = {r.code: r for r in rows}
        self._by_id = {r.id: r for r in rows}
        self._counter_names = {r.id: r.name for r in all_counters(conn)}
        self._pace = {}
        self._loaded_at = now

    def profile_value(self, key: str, conn: Optional[sa.Connection] = None):
        """One office profile setting (name, timezone, running text...), or None."""
        self._fresh(conn)
        return self._profile.get(key)

    def service(self, conn: sa.Connection, code: str):
        self._fresh(conn)
        return self._by_code.get(code.upper())

    def service_by_id(self, conn: sa.Connection, service_id: int):
        self._fresh(conn)
        return self._by_id.get(service_id) or service_by_id(conn, service_id)

    def counter_name(self, conn: sa.Connection, counter_id) -> Optional[str]:
        if counter_id is None:
            return None
        self._fresh(conn)
        return self._counter_names.get(counter_id) or counter_name(conn, counter_id)

    def eta(self, conn: sa.Connection, service, day: str, ahead: int) -> int:
        if ahead <= 0:
            return 0
        now = self.clock()
        cached = self._pace.get((service.id, day))
        if cached is None or now - cached[0] >= self.ttl:
            cached = (now, minutes_per_citizen(conn, service, day), open_counters_for(conn, service.id))
            self._pace[(service.id, day)] = cached
        return rules.estimate_wait_minutes(ahead, cached[1], cached[2])


class WaitingCounts:
    """How many wait per service, day and rank, kept by the writer thread.

    Counting the queue for every new ticket made issuing slower as the queue
    grew. Every change to the queue emits an event, so the single writer keeps
    these counts exact: an issued ticket adds one, anything else that touches
    tickets (or a rolled-back job) makes the counts reload from the database.
    """

    _LOAD = (sa.select(tickets.c.service_id, tickets.c.rank, sa.func.count())
             .where(tickets.c.status == "waiting", tickets.c.office_day == sa.bindparam("day"))
             .group_by(tickets.c.service_id, tickets.c.rank))

    def __init__(self) -> None:
        self._day: Optional[str] = None
        self._counts: dict[tuple[int, int], int] = {}

    def after_job(self, events: Optional[list[dict]]) -> None:
        if events is None or any(e["type"] != "ticket.issued" and e["ticket_id"] is not None
                                 or e["type"].startswith("day.") for e in events):
            self._day = None

    def add(self, conn: sa.Connection, service_id: int, day: str, rank: int) -> tuple[int, int]:
        """Count in a ticket about to be inserted, queued now (so last of its rank).

        Returns (ahead, waiting) as they will be once it is in.
        """
        if self._day != day:
            self._counts = {(s, r): n for s, r, n in conn.execute(self._LOAD, {"day": day})}
            self._day = day
        ahead = sum(n for (s, r), n in self._counts.items() if s == service_id and r <= rank)
        self._counts[(service_id, rank)] = self._counts.get((service_id, rank), 0) + 1
        return ahead, sum(n for (s, _), n in self._counts.items() if s == service_id)
