"""Reading the office model (services, counters) and queue figures.

Used both inside write jobs (to compute ``ahead`` in the same transaction as the
new ticket) and by read endpoints.
"""

from __future__ import annotations

from typing import Optional

import sqlalchemy as sa

from . import queue_rules as rules
from .schema import counter_services, counters, office_settings, services, tickets


def service_by_code(conn: sa.Connection, code: str):
    return conn.execute(sa.select(services).where(services.c.code == code.upper())).first()


def service_by_id(conn: sa.Connection, service_id: int):
    return conn.execute(sa.select(services).where(services.c.id == service_id)).first()


def all_services(conn: sa.Connection) -> list:
    return list(conn.execute(sa.select(services).order_by(services.c.position, services.c.code)))


def all_counters(conn: sa.Connection) -> list:
    return list(conn.execute(sa.select(counters).order_by(counters.c.position, counters.c.id)))


def counter_service_ids(conn: sa.Connection, counter_id: int) -> list[int]:
    rows = conn.execute(sa.select(counter_services.c.service_id)
                        .where(counter_services.c.counter_id == counter_id)
                        .order_by(counter_services.c.position))
    return [r[0] for r in rows]


def counter_services_map(conn: sa.Connection) -> dict[int, list[int]]:
    result: dict[int, list[int]] = {}
    for cid, sid in conn.execute(sa.select(counter_services.c.counter_id, counter_services.c.service_id)
                                 .order_by(counter_services.c.counter_id, counter_services.c.position)):
        result.setdefault(cid, []).append(sid)
    return result


def waiting_counts(conn: sa.Connection, day: str) -> dict[int, int]:
    rows = conn.execute(sa.select(tickets.c.service_id, sa.func.count())
                        .where(tickets.c.office_day == day, tickets.c.status == "waiting")
                        .group_by(tickets.c.service_id))
    return {sid: n for sid, n in rows}


# Built once: constructing SQLAlchemy expressions costs more than running them,
# and these run for every ticket.
_P = sa.bindparam
_BEFORE = sa.or_(tickets.c.rank < _P("rank"),
                 sa.and_(tickets.c.rank == _P("rank"), tickets.c.queued_at < _P("queued_at")),
                 sa.and_(tickets.c.rank == _P("rank"), tickets.c.queued_at == _P("queued_at"),
                         tickets.c.id < _P("ticket_id")))
_QUEUE_POSITION = (
    sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(sa.case((_BEFORE, 1), else_=0)), 0))
    .where(tickets.c.service_id == _P("service_id"), tickets.c.status == "waiting",
           tickets.c.office_day == _P("day")))
_TICKET_BY_ID = sa.select(tickets).where(tickets.c.id == _P("id"))
_TICKET_BY_TOKEN = sa.select(tickets).where(tickets.c.token == _P("token"))


_WAITING_COUNT = sa.select(sa.func.count()).where(
    tickets.c.service_id == _P("service_id"), tickets.c.status == "waiting", tickets.c.office_day == _P("day"))


def waiting_count(conn: sa.Connection, service_id: int, day: str) -> int:
    """How many wait for one service (answered from the queue index alone)."""
    return conn.execute(_WAITING_COUNT, {"service_id": service_id, "day": day}).scalar_one()


def queue_position(conn: sa.Connection, service_id: int, day: str, rank: int, queued_at: float,
                   ticket_id: int) -> tuple[int, int]:
    """(ahead, waiting): how many waiting tickets of the service go before this one, and in all."""
    row = conn.execute(_QUEUE_POSITION, {"rank": rank, "queued_at": queued_at, "ticket_id": ticket_id,
                                         "service_id": service_id, "day": day}).one()
    return int(row[1]), int(row[0])


def open_counters_for(conn: sa.Connection, service_id: int) -> int:
    return conn.execute(
        sa.select(sa.func.count()).select_from(counters.join(counter_services))
        .where(counter_services.c.service_id == service_id, counters.c.state == "open")).scalar_one()


def minutes_per_citizen(conn: sa.Connection, service, day: str) -> float:
    """Average minutes at the counter over today's last 20 finished visits, else the standard."""
    recent = (sa.select((tickets.c.finished_at - tickets.c.called_at).label("d"))
              .where(tickets.c.service_id == service.id, tickets.c.status == "done",
                     tickets.c.office_day == day, tickets.c.called_at.is_not(None))
              .order_by(tickets.c.finished_at.desc()).limit(20).subquery())
    avg = conn.execute(sa.select(sa.func.avg(recent.c.d))).scalar()
    return rules.average([avg / 60.0] if avg else [], float(service.standard_minutes))


def eta_minutes(conn: sa.Connection, service, day: str, ahead: int) -> int:
    if ahead <= 0:
        return 0
    return rules.estimate_wait_minutes(ahead, minutes_per_citizen(conn, service, day),
                                       open_counters_for(conn, service.id))


def counter_name(conn: sa.Connection, counter_id: Optional[int]) -> Optional[str]:
    if counter_id is None:
        return None
    return conn.execute(sa.select(counters.c.name).where(counters.c.id == counter_id)).scalar()


def ticket_by_token(conn: sa.Connection, token: str):
    return conn.execute(_TICKET_BY_TOKEN, {"token": token}).first()


def ticket_by_id(conn: sa.Connection, ticket_id: int):
    return conn.execute(_TICKET_BY_ID, {"id": ticket_id}).first()


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


def ticket_status(conn: sa.Connection, t, zone, base_url: str, cache: Optional[OfficeCache] = None,
                  position: Optional[tuple[int, int]] = None) -> dict:
    """What the citizen may know about their ticket: the status page and the kiosk's answer.

    ``t`` is a ticket row (or anything with its attributes); ``position`` may be
    passed when the caller has just computed it.
    """
    from common.nik import mask
    from .views import iso

    cache = cache or OfficeCache(lambda: 0.0)
    service = cache.service_by_id(conn, t.service_id)
    origin = service if t.origin_service_id == t.service_id else cache.service_by_id(conn, t.origin_service_id)
    ahead = waiting = 0
    if t.status == "waiting":
        ahead, waiting = position or queue_position(conn, t.service_id, t.office_day, t.rank, t.queued_at, t.id)
    return {
        "id": t.id, "number": t.number, "token": t.token, "status": t.status,
        "status_url": f"{base_url}/t/{t.token}",
        "service": {"code": service.code, "name": service.name_id, "name_en": service.name_en},
        "origin_service": {"code": origin.code, "name": origin.name_id, "name_en": origin.name_en,
                           "requirements": origin.requirements_id,
                           "requirements_en": origin.requirements_en},
        "ahead": ahead, "waiting": waiting,
        "eta_minutes": cache.eta(conn, service, t.office_day, ahead) if t.status == "waiting" else 0,
        "counter": cache.counter_name(conn, t.counter_id) if t.status in ("called", "serving") else None,
        "office_day": t.office_day, "issued_at": iso(t.issued_at, zone), "called_at": iso(t.called_at, zone),
        "priority": t.priority is not None, "transferred": t.transfers > 0, "recalls": t.recalls,
        "nik_masked": mask(t.nik) if t.nik else None,
    }
