"""Taking in the tickets a kiosk printed while it could not reach the server.

The citizen already holds the paper, so the rule is to record what happened,
never to refuse it after the fact: the number must be one leased to this kiosk
(else it could collide), and everything else is accepted as it was.

- Idempotent per kiosk and request id (``uq_ticket_request``): a journal sent
  twice, or cut off mid-way and sent again, records each ticket once.
- The original issue time is kept (``issued_at``, ``queued_at``), ``offline`` is
  set, and the ticket sorts in its service's queue among the tickets issued
  around then: its ``queue_seq`` is just after the last ticket queued at or
  before it, plus a fraction that grows with its print time, so the offline
  tickets of two kiosks fall into that gap in print order (``_queue_seq_at``).
  Fair to those who came before it and after it, without renumbering anybody.
- Same NIK: a citizen who already holds an active ticket for the service that day
  (e.g. took one online at another kiosk) keeps the first; the offline one is
  recorded ``cancelled`` with ``merged_into`` and staff get a ``ticket.merged``
  event ("A-503 digabung dengan A-012: NIK yang sama").
- A ticket of a past office day (synced after midnight) is recorded on its day
  and expired, as that day's tickets were at day close.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import secrets
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Optional
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from common import vocabulary as vocab
from server.domain import leases, payloads
from server.domain import queue_rules as rules
from server.domain.day import current_day
from server.domain.errors import DomainError
from server.storage.caches import OfficeCache, WaitingCounts
from server.storage.db import Tx
from server.storage.schema import tickets

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,40}$")


@dataclass(frozen=True)
class Entry:
    request_id: str
    service: str
    nik: Optional[str]
    priority: Optional[str]
    number: str          # "A-503", as printed
    issued_at: float     # the kiosk's clock when it printed
    office_day: str      # the day of the lease it numbered from
    token: Optional[str] = None  # the kiosk's own token, printed in the QR


def merge_message(number: str, kept: str) -> tuple[str, str]:
    return (f"{number} digabung dengan {kept}: NIK yang sama",
            f"{number} merged into {kept}: the same NIK")


def _queue_seq_at(conn: sa.Connection, service_id: int, day: str, at: float, day_start: float) -> float:
    """A place just after the last ticket of the service queued at or before ``at`` that day.

    Its whole part is that ticket's place (0: none; an earlier offline ticket's fraction is
    dropped), its fraction grows with the time of day (under half a unit for a day): tickets
    printed offline by two kiosks land in the same gap between two of the server's places, in
    the order they were printed, whichever kiosk syncs first. SQLite keeps the fraction in the
    integer column (a REAL where it is not a whole number) and compares the two kinds as numbers.
    """
    before = conn.execute(sa.select(sa.func.max(tickets.c.queue_seq)).where(
        tickets.c.service_id == service_id, tickets.c.office_day == day,
        tickets.c.queued_at <= at)).scalar() or 0
    return math.floor(before) + min(max(at - day_start, 1.0), 86_399.0) / 172_800.0


def _day_start(day: str, zone: ZoneInfo) -> float:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(), zone).timestamp()


def _holder(conn: sa.Connection, nik: Optional[str], day: str, service_id: int, past: bool):
    """The ticket this citizen already holds for the service that day, if any."""
    if not nik:
        return None
    held = (tickets.c.status.in_(vocab.ACTIVE_STATUSES) if not past
            else sa.and_(tickets.c.status != "cancelled", tickets.c.merged_into.is_(None)))
    return conn.execute(sa.select(tickets).where(tickets.c.nik == nik, tickets.c.office_day == day,
                                                 tickets.c.origin_service_id == service_id, held)
                        .order_by(tickets.c.issued_at).limit(1)).first()


def _answer(t, outcome: str, request_id: str, merged_into=None) -> dict:
    answer = {"request_id": request_id, "outcome": outcome, "number": t.number, "token": t.token,
              "status": t.status, "office_day": t.office_day}
    if merged_into is not None:
        answer["merged_into"] = {"number": merged_into.number, "token": merged_into.token}
    return answer


def accept(tx: Tx, kiosk_id: int, e: Entry, zone: ZoneInfo, cache: OfficeCache, counts: WaitingCounts) -> dict:
    """Record one journal entry; the answer says what the server holds for it."""
    conn = tx.conn
    prior = conn.execute(sa.select(tickets).where(tickets.c.kiosk_id == kiosk_id,
                                                  tickets.c.request_id == e.request_id)).first()
    if prior is not None:
        merged = (conn.execute(sa.select(tickets).where(tickets.c.id == prior.merged_into)).first()
                  if prior.merged_into else None)
        return _answer(prior, "repeat", e.request_id, merged)
    service = cache.service(conn, e.service)
    if service is None:
        raise DomainError("unknown_service")
    prefix, _, digits = e.number.partition("-")
    if prefix != service.code or not digits.isdigit():
        raise DomainError("not_leased", number=e.number)
    seq = int(digits)
    today = current_day(tx, zone)
    if e.office_day > today:
        raise DomainError("not_leased", number=e.number)
    if not leases.holds(conn, kiosk_id, e.office_day, prefix, seq):
        raise DomainError("not_leased", number=e.number)
    past = e.office_day < today
    issued_at = min(e.issued_at, tx.now)  # a kiosk clock ahead of the server's must not queue it last
    holder = _holder(conn, e.nik, e.office_day, service.id, past)
    token = e.token if e.token and _TOKEN.match(e.token) else secrets.token_urlsafe(16)
    if conn.execute(sa.select(tickets.c.id).where(tickets.c.token == token)).first() is not None:
        token = secrets.token_urlsafe(16)
    status = "cancelled" if holder is not None else ("expired" if past else "waiting")
    values = dict(
        office_day=e.office_day, number=e.number, seq=seq, origin_service_id=service.id, service_id=service.id,
        token=token, nik=e.nik, priority=e.priority, priority_confirmed=None, status=status,
        rank=rules.rank_for(False, e.priority), issued_at=issued_at, queued_at=issued_at,
        queue_seq=_queue_seq_at(conn, service.id, e.office_day, issued_at, _day_start(e.office_day, zone)),
        called_at=None, started_at=None, finished_at=None if status == "waiting" else tx.now,
        counter_id=None, recalls=0, transfers=0, notes=[], kiosk_id=kiosk_id, request_id=e.request_id,
        print_status="printed", channel="kiosk", first_called_at=None, service_seconds=0.0, served_by=None,
        no_show=False, offline=True, checked_in_at=issued_at, booking_id=None,
        merged_into=holder.id if holder is not None else None)
    actor = f"kiosk:{kiosk_id}"
    if status == "waiting":
        position = counts.add(conn, service.id, e.office_day, values["rank"])
    ticket_id = conn.execute(tickets.insert().values(**values)).inserted_primary_key[0]
    ticket = SimpleNamespace(id=ticket_id, **values)
    tx.audit(actor, "ticket.synced", ticket_id, {"number": e.number, "day": e.office_day, "status": status})
    if holder is not None:
        text, text_en = merge_message(e.number, holder.number)
        # on the ticket kept, where the clerk who calls it reads it (the citizen may hold the offline paper)
        conn.execute(tickets.update().where(tickets.c.id == holder.id).values(notes=list(holder.notes or []) + [
            {"at": tx.now, "by": actor, "from": e.number, "to": holder.number, "note": text}]))
        tx.emit("ticket.merged", {"number": e.number, "merged_into": holder.number},
                ticket_id=ticket_id, actor=actor,
                staff_data={"number": e.number, "merged_into": holder.number, "message": text,
                            "message_en": text_en, "office_day": e.office_day})
        return _answer(ticket, "merged", e.request_id, holder)
    if status == "waiting":
        tx.emit("ticket.issued", payloads.ticket_event(ticket, service.code, None, position[1], {"offline": True}),
                ticket_id=ticket_id, actor=actor,
                staff_data=payloads.ticket_event_staff(ticket, service.code, None, zone, tx.now))
    return _answer(ticket, "new", e.request_id)


def accept_all(tx: Tx, kiosk_id: int, entries: list[Entry], zone: ZoneInfo, cache: OfficeCache,
               counts: WaitingCounts) -> list[dict]:
    """Each entry in journal order; one refused entry does not stop the others (nothing is written for it)."""
    answers = []
    for e in entries:
        try:
            answers.append(accept(tx, kiosk_id, e, zone, cache, counts))
        except DomainError as exc:
            answers.append({"request_id": e.request_id, "outcome": "refused", "error": exc.code,
                            "number": e.number})
    return answers
