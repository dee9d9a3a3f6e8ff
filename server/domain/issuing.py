"""Issuing a ticket at the kiosk: the one use case that must never lose or double.

Runs inside a write job, so number allocation, the ticket row and its event are
one transaction. The order of checks matters: a retried request returns what it
got the first time; a citizen who already holds an active ticket for the service
gets it back; only then can the service refuse (quota, hours, closed).

This is the hot path (thousands per second at peak): its statements are plain SQL
on the driver (``server.storage.hot_sql``) and the service comes from the office cache.
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
from server.domain import leases, payloads
from server.domain import queue_rules as rules
from server.domain.day import current_day
from server.domain.errors import DomainError
from server.domain.holiday_calendar import holiday_refusal
from server.storage import queries as office
from server.storage.caches import OfficeCache, WaitingCounts
from server.storage.calendar import holiday_set
from server.storage.db import Tx
from server.storage.hot_sql import HotStatement, insert_statement
from server.storage.schema import tickets

# Plain SQL on the driver's cursor (``hot_sql``): through SQLAlchemy's execution
# layers these statements cost ten times what SQLite needs to run them.
#
# One look for both "did this kiosk send this request before?" and "does this
# citizen already hold an active ticket for this service today?": each branch of
# the OR has its own index (uq_ticket_request, ix_ticket_nik_day).
_ACTIVE = " OR ".join(f"status = '{status}'" for status in vocab.ACTIVE_STATUSES)
_PRIOR = HotStatement(
    "SELECT id, kiosk_id, request_id, origin_service_id, nik FROM tickets"
    " WHERE (kiosk_id = :kiosk_id AND request_id = :request_id)"
    f" OR (nik = :nik AND office_day = :day AND origin_service_id = :service_id AND ({_ACTIVE}))")
_NEXT_NUMBER = HotStatement("UPDATE number_counters SET last_number = last_number + 1"
                            " WHERE office_day = :day AND prefix = :prefix RETURNING last_number")
_FIRST_NUMBER = HotStatement("INSERT INTO number_counters (office_day, prefix, last_number) VALUES (:day, :prefix, 1)")
_HOLIDAY = HotStatement("SELECT name FROM holidays WHERE day = :day")  # the primary key: one look
_NEXT_QUEUE_SEQ = HotStatement("UPDATE sequences SET value = value + 1 WHERE name = 'queue' RETURNING value")
_INSERT_TICKET = insert_statement(tickets)
_TICKET_BY_ID = sa.select(tickets).where(tickets.c.id == sa.bindparam("id"))


@dataclass(frozen=True)
class IssueRequest:
    kiosk_id: Optional[int]
    service_code: str
    nik: Optional[str]  # digits, already validated; None only for a clerk-issued ticket where the service allows it
    priority: Optional[str]
    request_id: Optional[str]
    actor: Optional[str] = None  # who asked, when not the kiosk: a clerk's "user:..." (server.domain.assisted)
    channel: str = "kiosk"       # common.vocabulary.TICKET_CHANNELS: where the citizen got the number


@dataclass(frozen=True)
class Issued:
    ticket: Any          # the ticket row (or the values just inserted)
    outcome: str         # "new" | "repeat" (same request_id) | "existing" (same NIK, active)
    position: Optional[tuple[int, int]] = None  # (ahead, waiting) when just computed


def _allocate(tx: Tx, service, day: str, zone: ZoneInfo) -> int:
    """Next number of the service's letter for the day, or the reason why none may be issued.

    Numbers count per letter, not per service: after a service is renamed, a new
    service under its old letter goes on where it stopped. One atomic
    ``UPDATE ... RETURNING`` takes the number; the table's unique (day, number)
    makes a second one impossible whatever happens here.
    """
    local_now = dt.datetime.fromtimestamp(tx.now, zone)
    hours = rules.OpenHours.parse(service.open_hours)
    issued = 0 if service.daily_quota is None else office.issued_today(tx.conn, service.id, day)
    refusal = rules.refusal_for(service_open=service.is_open, quota=service.daily_quota, issued_today=issued,
                                hours=hours, local_now=local_now)
    if refusal is not None:
        raise DomainError(refusal, service=service.code)
    key = {"prefix": service.code, "day": day}
    row = tx.run(_NEXT_NUMBER, key).fetchone()
    if row is None:
        tx.run(_FIRST_NUMBER, key)
        return 1
    return leases.skip_leased(tx, day, service.code, row[0])  # never a number leased to an offline kiosk


def _refuse_on_holiday(tx: Tx, day: str) -> None:
    """A kiosk gives no number on a day in the office's holiday calendar; it says which holiday and
    when the office opens again. (A clerk on duty may still issue one at the desk: not refused.)"""
    row = tx.run(_HOLIDAY, {"day": day}).fetchone()
    if row is not None:
        today = dt.date.fromisoformat(day)
        raise holiday_refusal(today, row[0], holiday_set(tx.conn, today.year, today.year + 1))


def _next_queue_seq(tx: Tx) -> int:
    row = tx.run(_NEXT_QUEUE_SEQ, {}).fetchone()
    return row[0] if row is not None else office.next_in_sequence(tx.conn, "queue")


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
    found = tx.run(_PRIOR, {"kiosk_id": req.kiosk_id, "request_id": req.request_id, "nik": req.nik,
                            "day": day, "service_id": service.id}).fetchall()
    for ticket_id, kiosk_id, request_id, origin_service_id, nik in found:
        if req.request_id and kiosk_id == req.kiosk_id and request_id == req.request_id:
            if origin_service_id != service.id or nik not in (req.nik, None):
                raise DomainError("request_id_reused")
            return Issued(conn.execute(_TICKET_BY_ID, {"id": ticket_id}).one(), "repeat")
    if found:
        return Issued(conn.execute(_TICKET_BY_ID, {"id": found[0][0]}).one(), "existing")

    if req.kiosk_id is not None:
        _refuse_on_holiday(tx, day)
    seq = _allocate(tx, service, day, zone)
    number = vocab.format_number(service.code, seq)
    values = dict(
        office_day=day, number=number, seq=seq, origin_service_id=service.id, service_id=service.id,
        token=secrets.token_urlsafe(16), nik=req.nik, priority=req.priority, priority_confirmed=None,
        status="waiting", rank=rules.rank_for(False, req.priority), issued_at=tx.now, queued_at=tx.now,
        queue_seq=_next_queue_seq(tx),
        called_at=None, started_at=None, finished_at=None, counter_id=None, recalls=0, transfers=0,
        notes=[], kiosk_id=req.kiosk_id, request_id=req.request_id, print_status=None,
        channel=req.channel, first_called_at=None, service_seconds=0.0, served_by=None, no_show=False,
        offline=False, checked_in_at=tx.now, booking_id=None, merged_into=None)
    position = counts.add(conn, service.id, day, values["rank"])
    ticket_id = tx.run(_INSERT_TICKET, {**values, "notes": "[]"}).fetchone()[0]
    ticket = SimpleNamespace(id=ticket_id, **values)
    actor = req.actor or f"kiosk:{req.kiosk_id}"
    tx.emit("ticket.issued", payloads.ticket_event(ticket, service.code, None, position[1]),
            ticket_id=ticket_id, actor=actor,
            staff_data=payloads.ticket_event_staff(ticket, service.code, None, zone, tx.now))
    tx.audit(actor, "ticket.issued", ticket_id, {"number": number})
    return Issued(ticket, "new", position)
