"""Issuing a ticket at the kiosk: the one use case that must never lose or double.

Runs inside a write job, so number allocation, the ticket row and its event are
one transaction. The order of checks matters: a retried request returns what it
got the first time; a citizen who already holds an active ticket for the service
gets it back; only then can the service refuse (quota, hours, closed).

This is the hot path (thousands per second at peak), so its statements are built
once with bind parameters and the service comes from the office cache.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, Optional
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from common import vocabulary as vocab
from server.domain import payloads
from server.domain import queue_rules as rules
from server.domain.day import current_day
from server.domain.errors import DomainError
from server.storage import queries as office
from server.storage.caches import OfficeCache, WaitingCounts
from server.storage.db import Tx
from server.storage.schema import number_counters, tickets

_P = sa.bindparam
# One look for both "did this kiosk send this request before?" and "does this
# citizen already hold an active ticket for this service today?": each branch of
# the OR has its own index. Status equalities rather than IN (...), which
# SQLAlchemy would expand again on every execution.
_PRIOR = sa.select(tickets).where(sa.or_(
    sa.and_(tickets.c.kiosk_id == _P("kiosk_id"), tickets.c.request_id == _P("request_id")),
    sa.and_(tickets.c.nik == _P("nik"), tickets.c.office_day == _P("day"),
            tickets.c.origin_service_id == _P("service_id"),
            sa.or_(*(tickets.c.status == status for status in vocab.ACTIVE_STATUSES)))))
# (bind names differ from column names: SQLAlchemy reserves those in INSERT/UPDATE)
_NEXT_NUMBER = (number_counters.update()
                .where(number_counters.c.office_day == _P("p_day"), number_counters.c.prefix == _P("p_prefix"))
                .values(last_number=number_counters.c.last_number + 1).returning(number_counters.c.last_number))
_FIRST_NUMBER = number_counters.insert().values(office_day=_P("p_day"), prefix=_P("p_prefix"), last_number=1)
_INSERT_TICKET = tickets.insert()


@dataclass(frozen=True)
class IssueRequest:
    kiosk_id: Optional[int]
    service_code: str
    nik: str  # digits, already validated
    priority: Optional[str]
    request_id: Optional[str]


@dataclass(frozen=True)
class Issued:
    ticket: Any          # the ticket row (or the values just inserted)
    outcome: str         # "new" | "repeat" (same request_id) | "existing" (same NIK, active)
    position: Optional[tuple[int, int]] = None  # (ahead, waiting) when just computed


def _allocate(conn: sa.Connection, service, day: str, now: float, zone: ZoneInfo) -> int:
    """Next number of the service's letter for the day, or the reason why none may be issued.

    Numbers count per letter, not per service: after a service is renamed, a new
    service under its old letter goes on where it stopped. One atomic
    ``UPDATE ... RETURNING`` takes the number; the table's unique (day, number)
    makes a second one impossible whatever happens here.
    """
    local_now = dt.datetime.fromtimestamp(now, zone)
    hours = rules.OpenHours.parse(service.open_hours)
    issued = 0 if service.daily_quota is None else office.issued_today(conn, service.id, day)
    refusal = rules.refusal_for(service_open=service.is_open, quota=service.daily_quota, issued_today=issued,
                                hours=hours, local_now=local_now)
    if refusal is not None:
        raise DomainError(refusal, service=service.code)
    key = {"p_prefix": service.code, "p_day": day}
    number = conn.execute(_NEXT_NUMBER, key).scalar()
    if number is None:
        conn.execute(_FIRST_NUMBER, key)
        number = 1
    return number


def issue(tx: Tx, req: IssueRequest, zone: ZoneInfo, cache: OfficeCache,
          counts: WaitingCounts) -> Issued:
    conn = tx.conn
    if req.priority is not None and req.priority not in vocab.PRIORITY_NAMES:
        raise DomainError("invalid_priority", allowed=list(vocab.PRIORITY_NAMES))
    service = cache.service(conn, req.service_code)
    if service is None:
        raise DomainError("unknown_service")
    if req.kiosk_id is not None and not service.kiosk_visible:  # e.g. the back office, reached by transfer
        raise DomainError("not_offered_at_kiosk", service=service.code)

    day = current_day(tx, zone)
    found = conn.execute(_PRIOR, {"kiosk_id": req.kiosk_id, "request_id": req.request_id, "nik": req.nik,
                                  "day": day, "service_id": service.id}).all()
    for prior in found:
        if req.request_id and prior.kiosk_id == req.kiosk_id and prior.request_id == req.request_id:
            if prior.origin_service_id != service.id or prior.nik not in (req.nik, None):
                raise DomainError("request_id_reused")
            return Issued(prior, "repeat")
    if found:
        return Issued(found[0], "existing")

    seq = _allocate(conn, service, day, tx.now, zone)
    number = vocab.format_number(service.code, seq)
    values = dict(
        office_day=day, number=number, seq=seq, origin_service_id=service.id, service_id=service.id,
        token=secrets.token_urlsafe(16), nik=req.nik, priority=req.priority, priority_confirmed=None,
        status="waiting", rank=rules.rank_for(False, req.priority), issued_at=tx.now, queued_at=tx.now,
        queue_seq=office.next_in_sequence(conn, "queue"),
        called_at=None, started_at=None, finished_at=None, counter_id=None, recalls=0, transfers=0,
        notes=[], kiosk_id=req.kiosk_id, request_id=req.request_id, print_status=None)
    position = counts.add(conn, service.id, day, values["rank"])
    ticket_id = conn.execute(_INSERT_TICKET, values).inserted_primary_key[0]
    ticket = SimpleNamespace(id=ticket_id, **values)
    tx.emit("ticket.issued", payloads.ticket_event(ticket, service.code, None, position[1]),
            ticket_id=ticket_id, actor=f"kiosk:{req.kiosk_id}",
            staff_data=payloads.ticket_event_staff(ticket, service.code, None, zone, tx.now))
    tx.audit(f"kiosk:{req.kiosk_id}", "ticket.issued", ticket_id, {"number": number})
    return Issued(ticket, "new", position)
