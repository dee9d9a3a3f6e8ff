"""Reading the office model (services, counters, tickets) and queue figures.

Used both inside write jobs (to compute ``ahead`` in the same transaction as the
new ticket) and by read endpoints. Statements on the hot path are built once.
"""

from __future__ import annotations

from typing import Optional

import sqlalchemy as sa

from server.domain import queue_rules as rules
from server.storage.schema import counter_services, counters, services, tickets


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
