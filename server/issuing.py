"""Issuing a ticket at the kiosk: the one use case that must never lose or double.

Runs inside a write job, so number allocation, the ticket row and its event are
one transaction. The order of checks matters: a retried request returns what it
got the first time; a citizen who already holds an active ticket for the service
gets it back; only then can the service refuse (quota, hours, closed).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Optional
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from . import office
from . import queue_rules as rules
from .db import Tx
from .errors import DomainError
from .schema import day_counters, tickets


@dataclass(frozen=True)
class IssueRequest:
    kiosk_id: Optional[int]
    service_code: str
    nik: str  # digits, already validated
    priority: Optional[str]
    request_id: Optional[str]


@dataclass(frozen=True)
class Issued:
    ticket_id: int
    outcome: str  # "new" | "repeat" (same request_id) | "existing" (same NIK, active)


def _find_active_for_nik(conn: sa.Connection, nik: str, day: str, service_id: int):
    return conn.execute(sa.select(tickets).where(
        tickets.c.nik == nik, tickets.c.office_day == day, tickets.c.origin_service_id == service_id,
        tickets.c.status.in_(rules.ACTIVE_STATUSES))).first()


def _allocate(conn: sa.Connection, service, day: str, now: float, zone: ZoneInfo) -> int:
    """Next sequence number of the service for the day, or the reason why none may be issued.

    The day counter row doubles as "issued today" for the quota check. Under the
    single writer the read-then-write is atomic; the conditional update keeps it
    honest on a multi-writer database too.
    """
    last = conn.execute(sa.select(day_counters.c.last_number).where(
        day_counters.c.service_id == service.id, day_counters.c.office_day == day)).scalar()
    refusal = rules.refusal_for(
        service_open=service.is_open, quota=service.daily_quota, issued_today=last or 0,
        hours=rules.OpenHours.parse(service.open_hours),
        local_now=dt.datetime.fromtimestamp(now, zone))
    if refusal:
        raise DomainError(refusal, service=service.code)
    if last is None:
        conn.execute(day_counters.insert().values(service_id=service.id, office_day=day, last_number=1))
        return 1
    done = conn.execute(day_counters.update().where(
        day_counters.c.service_id == service.id, day_counters.c.office_day == day,
        day_counters.c.last_number == last).values(last_number=last + 1))
    if done.rowcount != 1:
        raise RuntimeError("day counter changed under us")
    return last + 1


def issue(tx: Tx, req: IssueRequest, zone: ZoneInfo) -> Issued:
    conn = tx.conn
    if req.priority is not None and req.priority not in rules.PRIORITY_CATEGORIES:
        raise DomainError("invalid_priority", allowed=list(rules.PRIORITY_CATEGORIES))
    service = office.service_by_code(conn, req.service_code)
    if service is None:
        raise DomainError("unknown_service")

    if req.request_id:
        prior = conn.execute(sa.select(tickets).where(
            tickets.c.kiosk_id == req.kiosk_id, tickets.c.request_id == req.request_id)).first()
        if prior is not None:
            if prior.origin_service_id != service.id or prior.nik not in (req.nik, None):
                raise DomainError("request_id_reused")
            return Issued(prior.id, "repeat")

    day = rules.office_day(tx.now, zone)
    active = _find_active_for_nik(conn, req.nik, day, service.id)
    if active is not None:
        return Issued(active.id, "existing")

    seq = _allocate(conn, service, day, tx.now, zone)
    rank = rules.rank_for(False, req.priority)
    ticket_id = conn.execute(tickets.insert().values(
        office_day=day, number=rules.format_number(service.code, seq), seq=seq,
        origin_service_id=service.id, service_id=service.id, token=secrets.token_urlsafe(16),
        nik=req.nik, priority=req.priority, status="waiting", rank=rank,
        issued_at=tx.now, queued_at=tx.now, recalls=0, transfers=0, notes=[],
        kiosk_id=req.kiosk_id, request_id=req.request_id,
    )).inserted_primary_key[0]
    _, waiting = office.queue_position(conn, service.id, day, rank, tx.now, ticket_id)
    tx.emit("ticket.issued",
            {"ticket": {"id": ticket_id, "number": rules.format_number(service.code, seq),
                        "service": service.code, "status": "waiting"},
             "waiting": {service.code: waiting}},
            ticket_id=ticket_id, actor=f"kiosk:{req.kiosk_id}",
            staff_data={"priority": req.priority})
    return Issued(ticket_id, "new")
