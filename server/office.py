"""Reading the office model (services, counters) and queue figures.

Used both inside write jobs (to compute ``ahead`` in the same transaction as the
new ticket) and by read endpoints.
"""

from __future__ import annotations

from typing import Optional

import sqlalchemy as sa

from . import queue_rules as rules
from .schema import counter_services, counters, services, tickets


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


def queue_position(conn: sa.Connection, service_id: int, day: str, rank: int, queued_at: float,
                   ticket_id: int) -> tuple[int, int]:
    """(ahead, waiting): how many waiting tickets of the service go before this one, and in all."""
    before = sa.or_(tickets.c.rank < rank,
                    sa.and_(tickets.c.rank == rank, tickets.c.queued_at < queued_at),
                    sa.and_(tickets.c.rank == rank, tickets.c.queued_at == queued_at, tickets.c.id < ticket_id))
    row = conn.execute(
        sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(sa.case((before, 1), else_=0)), 0))
        .where(tickets.c.service_id == service_id, tickets.c.status == "waiting",
               tickets.c.office_day == day)).one()
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
    return conn.execute(sa.select(tickets).where(tickets.c.token == token)).first()


def ticket_by_id(conn: sa.Connection, ticket_id: int):
    return conn.execute(sa.select(tickets).where(tickets.c.id == ticket_id)).first()


def ticket_status(conn: sa.Connection, t, zone, base_url: str) -> dict:
    """What the citizen may know about their ticket: the status page and the kiosk's answer."""
    from common.nik import mask
    from .views import iso

    service = service_by_id(conn, t.service_id)
    origin = service if t.origin_service_id == t.service_id else service_by_id(conn, t.origin_service_id)
    ahead = waiting = 0
    if t.status == "waiting":
        ahead, waiting = queue_position(conn, t.service_id, t.office_day, t.rank, t.queued_at, t.id)
    return {
        "id": t.id, "number": t.number, "token": t.token, "status": t.status,
        "status_url": f"{base_url}/t/{t.token}",
        "service": {"code": service.code, "name": service.name_id, "name_en": service.name_en},
        "origin_service": {"code": origin.code, "name": origin.name_id, "name_en": origin.name_en,
                           "requirements": origin.requirements_id,
                           "requirements_en": origin.requirements_en},
        "ahead": ahead, "waiting": waiting,
        "eta_minutes": eta_minutes(conn, service, t.office_day, ahead) if t.status == "waiting" else 0,
        "counter": counter_name(conn, t.counter_id) if t.status in ("called", "serving") else None,
        "office_day": t.office_day, "issued_at": iso(t.issued_at, zone), "called_at": iso(t.called_at, zone),
        "priority": t.priority is not None, "transferred": t.transfers > 0,
        "nik_masked": mask(t.nik) if t.nik else None,
    }
