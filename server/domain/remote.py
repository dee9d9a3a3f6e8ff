"""Today's number taken from a phone, and checking in at the kiosk (a phone's number or a booking).

A number from home is the service's next number (A-037 is A-037 whichever door it
came through), held in status ``remote``: the same-NIK guard sees it, call-next
does not (it reads ``waiting`` only, so the hot path is untouched). The citizen is
queued when they check in at the kiosk, from that moment: fair to those already in
the lobby. The kiosk's rules apply (NIK, one active number per NIK and service,
holidays, opening hours, the daily quota), and phones may take at most
``quota × (100 − walk_in_share) / 100`` of the day's numbers: the rest is kept for
those who walk in.

Checking in takes whatever the citizen's phone shows: a booking code, a ticket's
token or status URL, or the number itself (``D-007``). A retry of the kiosk's
``request_id`` returns the same ticket, never a second one.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, Optional
from zoneinfo import ZoneInfo

from common import vocabulary as vocab
from server.domain import bookings as booking_rules
from server.domain import issuing, notify, payloads, ticket_messages
from server.domain import queue_rules as rules
from server.domain.day import current_day
from server.domain.errors import DomainError
from server.storage import remote_queries as q
from server.storage.caches import OfficeCache, WaitingCounts
from server.storage.db import Tx
from server.storage.schema import tickets


@dataclass(frozen=True)
class PhoneRequest:
    service_code: str
    nik: str                   # 16 digits, already checked
    request_id: str
    phone: Optional[str] = None
    email: Optional[str] = None
    language: str = "id"


@dataclass(frozen=True)
class CheckedIn:
    ticket: Any
    outcome: str               # "new" | "repeat" (the kiosk's request_id again)
    late: bool
    position: Optional[tuple[int, int]] = None


def phone_limit(quota: Optional[int], walk_in_share: int) -> Optional[int]:
    """How many of the day's numbers phones may take; None: no quota, no limit."""
    if quota is None:
        return None
    return quota * (100 - max(0, min(100, walk_in_share))) // 100


def take_number(tx: Tx, req: PhoneRequest, zone: ZoneInfo, cache: OfficeCache,
                counts: WaitingCounts) -> tuple[str, Any]:
    """Today's number for a phone: ("new" | "repeat", the ticket row). Refusals are coded like the kiosk's.

    Held as ``remote`` until checked in; where the office calls from home (``call_from_home``) it
    joins the queue at once instead, its holder told by the "near" message. A phone or e-mail given
    gets the number and its status link, and later the "near" and "called" messages."""
    conn = tx.conn
    prior = q.remote_request(conn, req.request_id)
    if prior is not None:
        if prior.ticket_id is None:
            raise DomainError("request_id_reused")
        return "repeat", q.ticket(conn, prior.ticket_id)
    service = cache.service(conn, req.service_code)
    if service is None or not service.kiosk_visible:
        raise DomainError("unknown_service")
    if not service.phone_open:
        raise DomainError("not_open_to_phones", service=service.code)
    day = current_day(tx, zone)
    issuing._refuse_on_holiday(tx, day)
    if q.active_ticket(conn, req.nik, day, service.id) is not None:
        raise DomainError("already_has_ticket", service=service.code)
    limit = phone_limit(service.daily_quota, service.walk_in_share)
    if limit is not None and q.phone_tickets(conn, service.id, day) >= limit:
        raise DomainError("quota_reached", service=service.code, walk_in_only=True)
    seq = issuing._allocate(tx, service, day, zone)  # the service's own sequence: quota, hours, closed
    values = dict(
        office_day=day, number=vocab.format_number(service.code, seq), seq=seq, origin_service_id=service.id,
        service_id=service.id, token=secrets.token_urlsafe(16), nik=req.nik, priority=None,
        priority_confirmed=None, status="remote", rank=rules.RANK_REGULAR, issued_at=tx.now, queued_at=tx.now,
        queue_seq=0, called_at=None, started_at=None, finished_at=None, counter_id=None, recalls=0,
        transfers=0, notes=[], kiosk_id=None, request_id=None, print_status=None, channel="online",
        first_called_at=None, service_seconds=0.0, served_by=None, no_show=False, offline=False,
        checked_in_at=None, booking_id=None, merged_into=None)
    ticket_id = tx.run(issuing._INSERT_TICKET, {**values, "notes": "[]"}).fetchone()[0]
    q.remember_request(conn, req.request_id, tx.now, ticket_id=ticket_id)
    tx.audit("phone", "ticket.remote", ticket_id, {"number": values["number"]})
    from_home = ticket_messages.call_from_home(conn)
    if from_home:
        _queue(tx, ticket_id, service, day, zone, counts, issuing._next_queue_seq(tx), present=False)
    if req.phone or req.email:
        ticket = SimpleNamespace(id=ticket_id)
        ticket_messages.leave_contact(tx, ticket, phone=req.phone, email=req.email, language=req.language)
        en = req.language == "en"
        notify.enqueue(tx, template="remote_number_home" if from_home else "remote_number", params={
            "number": values["number"], "service": service.name_en if en else service.name_id,
            "status_url": ticket_messages.status_path(values["token"])},
            phone=req.phone, email=req.email, language=req.language, key=f"ticket:{ticket_id}:remote",
            ticket_id=ticket_id)
    return "new", q.ticket(conn, ticket_id)


# -- checking in at the kiosk ---------------------------------------------------------------

_NUMBER = re.compile(r"([A-Z])-?0*(\d{1,4})")


def parse_code(raw: str) -> tuple[str, str]:
    """What the citizen showed: ("booking", code) | ("number", "D-007") | ("token", token)."""
    text = raw.strip()
    if "/" in text:  # a scanned status URL: /t/<token> or /b/<code>
        text = text.rstrip("/").rsplit("/", 1)[-1].split("?", 1)[0]
    compact = re.sub(r"[\s.-]", "", text).upper()
    if booking_rules.is_code(compact):
        return "booking", compact
    found = _NUMBER.fullmatch(compact)
    if found and 1 <= int(found.group(2)) <= vocab.MAX_SEQ:
        return "number", vocab.format_number(found.group(1), int(found.group(2)))
    return "token", text


def check_in(tx: Tx, raw_code: str, kiosk_id: int, request_id: Optional[str], zone: ZoneInfo,
             cache: OfficeCache, counts: WaitingCounts) -> CheckedIn:
    conn = tx.conn
    if request_id:
        again = q.ticket_by_kiosk_request(conn, kiosk_id, request_id)
        if again is not None:
            return CheckedIn(again, "repeat", _was_late(conn, again, zone))
    day = current_day(tx, zone)
    kind, value = parse_code(raw_code)
    if kind == "booking":
        found = q.booking_by_code(conn, value)
        if found is None:
            raise DomainError("unknown_code")
        return _check_in_booking(tx, found, day, kiosk_id, request_id, zone, cache, counts)
    ticket = q.ticket_by_number(conn, day, value) if kind == "number" else q.ticket_by_token(conn, value)
    if ticket is None or ticket.channel != "online" or ticket.office_day != day:
        raise DomainError("unknown_code")
    if ticket.status == "waiting" and ticket.checked_in_at is None:
        return _arrived(tx, ticket, kiosk_id, request_id, zone, cache)  # queued from home, now in the lobby
    if ticket.status != "remote":
        if ticket.status in vocab.ACTIVE_STATUSES:
            raise DomainError("already_checked_in", number=ticket.number)
        raise DomainError("unknown_code")
    service = cache.service_by_id(conn, ticket.service_id)
    seq = issuing._next_queue_seq(tx)
    return _queue(tx, ticket.id, service, day, zone, counts, seq, kiosk_id=kiosk_id, request_id=request_id)


def _was_late(conn, ticket, zone: ZoneInfo) -> bool:
    """A repeated check-in answers as the first did: late if it came after its window."""
    found = q.booking(conn, ticket.booking_id) if ticket.booking_id is not None else None
    if found is None or ticket.checked_in_at is None:
        return False
    return booking_rules.queue_place(found.day, found.hour, ticket.checked_in_at, zone) is None


def _check_in_booking(tx: Tx, found, day: str, kiosk_id: int, request_id: Optional[str], zone: ZoneInfo,
                      cache: OfficeCache, counts: WaitingCounts) -> CheckedIn:
    conn = tx.conn
    if found.status == "cancelled":
        raise DomainError("booking_cancelled")
    if found.status == "checked_in":
        raise DomainError("already_checked_in")
    if found.day != day:
        raise DomainError("booking_other_day", day=found.day, hour=found.hour)
    service = cache.service_by_id(conn, found.service_id)
    place = booking_rules.queue_place(found.day, found.hour, tx.now, zone)
    late = place is None
    seq = issuing._next_queue_seq(tx) if late else q.last_queue_seq_before(conn, service.id, day, place)
    # The slot was reserved when booked: its number is never refused for the quota or the hours.
    reserved = SimpleNamespace(**{**service._mapping, "daily_quota": None, "open_hours": None, "is_open": True})
    number_seq = issuing._allocate(tx, reserved, day, zone)
    values = dict(
        office_day=day, number=vocab.format_number(service.code, number_seq), seq=number_seq,
        origin_service_id=service.id, service_id=service.id, token=secrets.token_urlsafe(16), nik=found.nik,
        priority=None, priority_confirmed=None, status="remote", rank=rules.RANK_REGULAR, issued_at=tx.now,
        queued_at=tx.now, queue_seq=0, called_at=None, started_at=None, finished_at=None, counter_id=None,
        recalls=0, transfers=0, notes=[], kiosk_id=None, request_id=None, print_status=None, channel="online",
        first_called_at=None, service_seconds=0.0, served_by=None, no_show=False, offline=False,
        checked_in_at=None, booking_id=found.id, merged_into=None)
    ticket_id = tx.run(issuing._INSERT_TICKET, {**values, "notes": "[]"}).fetchone()[0]
    q.update_booking(conn, found.id, status="checked_in", ticket_id=ticket_id, updated_at=tx.now)
    return _queue(tx, ticket_id, service, day, zone, counts, seq, kiosk_id=kiosk_id, request_id=request_id,
                  late=late)


def _queue(tx: Tx, ticket_id: int, service, day: str, zone: ZoneInfo, counts: WaitingCounts, queue_seq: int, *,
           kiosk_id: Optional[int] = None, request_id: Optional[str] = None, late: bool = False,
           present: bool = True) -> CheckedIn:
    """Into the queue now: ``waiting`` at ``queue_seq``; the lobby's screens hear of it. ``present``:
    checked in at a kiosk (else queued from home, ``checked_in_at`` stays empty until they come)."""
    conn = tx.conn
    conn.execute(tickets.update().where(tickets.c.id == ticket_id).values(
        status="waiting", checked_in_at=tx.now if present else None, queued_at=tx.now, queue_seq=queue_seq,
        kiosk_id=kiosk_id, request_id=request_id))
    counts.add(conn, service.id, day, rules.RANK_REGULAR)  # keeps the writer's counts exact
    ticket = q.ticket(conn, ticket_id)
    position = q.queue_position_of(conn, ticket)
    actor = f"kiosk:{kiosk_id}" if present else "phone"
    tx.emit("ticket.issued", payloads.ticket_event(ticket, service.code, None, position[1]),
            ticket_id=ticket_id, actor=actor,
            staff_data=payloads.ticket_event_staff(ticket, service.code, None, zone, tx.now))
    tx.audit(actor, "ticket.checked_in" if present else "ticket.queued_from_home", ticket_id,
             {"number": ticket.number, "late": late, "booking": ticket.booking_id is not None})
    return CheckedIn(ticket, "new", late, position)


def _arrived(tx: Tx, ticket, kiosk_id: int, request_id: Optional[str], zone: ZoneInfo,
             cache: OfficeCache) -> CheckedIn:
    """A number queued from home checks in at the kiosk: it keeps its place; staff see them present."""
    conn = tx.conn
    conn.execute(tickets.update().where(tickets.c.id == ticket.id).values(
        checked_in_at=tx.now, kiosk_id=kiosk_id, request_id=request_id))
    ticket = q.ticket(conn, ticket.id)
    service = cache.service_by_id(conn, ticket.service_id)
    position = q.queue_position_of(conn, ticket)
    actor = f"kiosk:{kiosk_id}"
    tx.emit("ticket.checked_in", payloads.ticket_event(ticket, service.code, None, position[1]),
            ticket_id=ticket.id, actor=actor, staff_data=payloads.ticket_event_staff(ticket, service.code, None,
                                                                                     zone, tx.now))
    tx.audit(actor, "ticket.checked_in", ticket.id, {"number": ticket.number, "late": False, "booking": False})
    return CheckedIn(ticket, "new", False, position)
