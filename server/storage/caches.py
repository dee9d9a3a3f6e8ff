"""Derived state kept in memory for the hot path: office model, pace, waiting counts.

All of it belongs to the writer (STYLE.md 12): it is refreshed on the writer
thread after a commit (``after_commit`` hooks), forgotten on rollback, and read
by any thread as an immutable snapshot swapped in one assignment. Nothing here
is filled from a transaction that might still roll back.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Callable, Mapping, Optional

import sqlalchemy as sa

from server.domain import queue_rules as rules
from server.storage.queries import (
    all_counters,
    all_services,
    counter_name,
    minutes_per_citizen,
    open_counters_for,
    service_by_code,
    service_by_id,
)
from server.storage.schema import office_settings, tickets

_EMPTY: Mapping = MappingProxyType({})


@dataclass(frozen=True)
class OfficeSnapshot:
    """The office as last committed: profile, services, counter names, and the pace of service."""

    profile: Mapping[str, Any]
    by_code: Mapping[str, Any]
    by_id: Mapping[int, Any]
    counter_names: Mapping[int, str]
    pace_day: Optional[str] = None
    pace: Mapping[int, tuple[float, int]] = field(default_factory=lambda: _EMPTY)  # service id -> (minutes, open counters)
    pace_at: float = float("-inf")


class OfficeCache:
    """Services, counter names and wait-time figures for every ticket, without a query.

    They change rarely (an admin edit, a counter opening) but are needed for
    every ticket; reading them each time cost more than issuing the ticket. The
    writer reloads the snapshot after a commit that changed the office
    (``office.changed`` events, or a job's ``tx.touched("office")``) and
    refreshes the pace at most every ``ttl`` seconds after commits that can move
    it: a wait estimate a few seconds old is still an estimate.
    """

    PACE_EVENTS = frozenset({"ticket.done", "counter.state", "day.started", "office.changed"})

    def __init__(self, db=None, clock: Callable[[], float] = time.time, ttl: float = 5.0,
                 today: Optional[Callable[[], str]] = None):
        self._db, self.clock, self.ttl, self._today = db, clock, ttl, today
        self._snap: Optional[OfficeSnapshot] = None
        self._lock = threading.Lock()
        self._pace_stale = False

    @property
    def snapshot(self) -> OfficeSnapshot:
        snap = self._snap
        if snap is None:  # first use: load what is committed (the pace follows after a commit)
            built = self._build_office()
            with self._lock:
                if self._snap is None:  # unless the writer has published a newer one meanwhile
                    self._snap = built
                snap = self._snap
        return snap

    def _build_office(self) -> OfficeSnapshot:
        with self._db.read() as conn:
            rows = all_services(conn)
            return OfficeSnapshot(
                profile=MappingProxyType({k: v for k, v in conn.execute(
                    sa.select(office_settings.c.key, office_settings.c.value))}),
                by_code=MappingProxyType({r.code: r for r in rows}),
                by_id=MappingProxyType({r.id: r for r in rows}),
                counter_names=MappingProxyType({r.id: r.name for r in all_counters(conn)}))

    def _with_pace(self, base: OfficeSnapshot) -> OfficeSnapshot:
        # The day comes from the published snapshot (its time zone): build the office first.
        day = self._today() if self._today else None
        pace = {}
        if day is not None:
            with self._db.read() as conn:
                pace = {s.id: (minutes_per_citizen(conn, s, day), open_counters_for(conn, s.id))
                        for s in base.by_id.values()}
        return OfficeSnapshot(base.profile, base.by_code, base.by_id, base.counter_names,
                              day, MappingProxyType(pace), self.clock())

    def _publish(self, snap: OfficeSnapshot) -> None:
        with self._lock:
            self._snap = snap

    def _reload(self) -> None:
        self._publish(self._build_office())
        self._pace_stale = False
        self._publish(self._with_pace(self.snapshot))

    def after_commit(self, events: list[dict], tags: frozenset) -> None:
        """The writer's hook, on its thread, after every commit."""
        if "office" in tags or any(e["type"] == "office.changed" for e in events):
            return self._reload()
        if any(e["type"] in self.PACE_EVENTS for e in events):
            self._pace_stale = True
        snap = self.snapshot
        day = self._today() if self._today else None
        if day != snap.pace_day or (self._pace_stale and self.clock() - snap.pace_at >= self.ttl):
            self._pace_stale = False
            self._publish(self._with_pace(snap))

    def invalidate(self) -> None:
        """For scripts and tests that changed the database behind the use cases' back:
        reload after a commit on the writer (blocking, so not for the event loop)."""
        writer = getattr(self._db, "writer", None)
        if threading.current_thread().name == "antre-writer":
            raise RuntimeError("inside a write job, say tx.touched('office') instead")
        if writer is not None and writer.health() == "ok":
            writer.call(lambda tx: tx.after_commit(self._reload))
        else:
            self._reload()

    def profile_value(self, key: str, conn: Optional[sa.Connection] = None):
        """One office profile setting (name, timezone, running text...), or None."""
        return self.snapshot.profile.get(key)

    def service(self, conn: Optional[sa.Connection], code: str):
        found = self.snapshot.by_code.get(code.upper())
        if found is None and conn is not None:  # created in this very batch, or unknown
            found = service_by_code(conn, code)
        return found

    def service_by_id(self, conn: sa.Connection, service_id: int):
        return self.snapshot.by_id.get(service_id) or service_by_id(conn, service_id)

    def counter_name(self, conn: sa.Connection, counter_id) -> Optional[str]:
        if counter_id is None:
            return None
        return self.snapshot.counter_names.get(counter_id) or counter_name(conn, counter_id)

    def eta(self, conn: sa.Connection, service, day: str, ahead: int) -> int:
        if ahead <= 0:
            return 0
        snap = self.snapshot
        pace = snap.pace.get(service.id) if snap.pace_day == day else None
        if pace is None:  # another day, or a service newer than the snapshot: computed, not kept
            pace = (minutes_per_citizen(conn, service, day), open_counters_for(conn, service.id))
        return rules.estimate_wait_minutes(ahead, pace[0], pace[1])


# A sibling's new tickets, still waiting today: one lookup by key for a whole catch-up.
_WAITING_AMONG = (sa.select(tickets.c.service_id, tickets.c.rank)
                  .where(tickets.c.id.in_(sa.bindparam("ids", expanding=True)), tickets.c.status == "waiting",
                         tickets.c.office_day == sa.bindparam("day")))


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
        if events is None or any(self._moves(e) for e in events):
            self._day = None

    @staticmethod
    def _moves(e: dict) -> bool:
        """Whether an event (other than the issuing counted in ``add``) may change the counts."""
        return e["type"] != "ticket.issued" and e["ticket_id"] is not None or e["type"].startswith("day.")

    def after_siblings(self, conn: sa.Connection, events: list[dict]) -> None:
        """Events another server process committed (``server.storage.writer``, shared): its new
        tickets are counted in with one lookup by key; anything else loads the counts again."""
        if self._day is None or not events:
            return
        if any(self._moves(e) for e in events):
            self._day = None
            return
        issued = [e["ticket_id"] for e in events if e["type"] == "ticket.issued"]
        for service_id, rank in conn.execute(_WAITING_AMONG, {"ids": issued, "day": self._day}):
            self._counts[(service_id, rank)] = self._counts.get((service_id, rank), 0) + 1

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
