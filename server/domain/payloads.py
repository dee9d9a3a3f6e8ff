"""Every shape in which a ticket leaves the server, by audience: built here and nowhere else.

Who may see what is a privacy rule, so it lives in the domain: the public views
(lobby display, phone status page, public event stream) never contain a NIK, a
name, a priority category or a note; the staff view adds the category, notes and
the *masked* NIK; only the audited ticket-detail route adds the full NIK. Events
are written inside the same transaction as the change, and responses after it:
both take their ticket from these functions, so the display and the answer to
the clerk can never disagree on a field. The HTTP layer only adds addresses
(``status_url``), which depend on how the client reached the server.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Optional
from zoneinfo import ZoneInfo

from common.nik import mask
from common.vocabulary import AT_COUNTER_STATUSES
from server.storage.queries import queue_position


def iso(ts: Optional[float], zone: ZoneInfo) -> Optional[str]:
    """An epoch time as local ISO 8601 in the office's zone (what every payload shows)."""
    if ts is None:
        return None
    return _iso(ts, zone)


@lru_cache(maxsize=256)
def _iso(ts: float, zone: ZoneInfo) -> str:
    # Remembered: every ticket of a write batch happens at the batch's one clock
    # reading, and each is shown three or four times (event, staff view, answer).
    return dt.datetime.fromtimestamp(ts, zone).isoformat(timespec="seconds")


def present(t) -> bool:
    """In the lobby: False only for a phone's number queued from home (an office that calls from
    home queues them at once) until its holder checks in at the kiosk."""
    return getattr(t, "channel", None) != "online" or getattr(t, "checked_in_at", None) is not None


def ticket_public(t, service_code: str, counter_name: Optional[str] = None) -> dict:
    """The ticket as the lobby may see it: number, service, status, counter."""
    return {
        "id": t.id, "number": t.number, "service": service_code, "status": t.status,
        "counter_id": t.counter_id, "counter": counter_name, "recalls": t.recalls,
    }


def ticket_staff(t, service_code: str, counter_name: Optional[str], zone: ZoneInfo, now: float) -> dict:
    """What every logged-in clerk sees in the queue: category, notes, masked NIK, times."""
    view = ticket_public(t, service_code, counter_name)
    view.update({
        "priority": t.priority, "priority_confirmed": t.priority_confirmed,
        "transferred": t.transfers > 0, "notes": t.notes or [],
        "nik_masked": mask(t.nik) if t.nik else None,
        "issued_at": iso(t.issued_at, zone), "queued_at": iso(t.queued_at, zone),
        "rank": t.rank,            # transferred 0, priority 1, regular 2: the order of call-next
        "queue_seq": t.queue_seq,  # the queue's order within a rank (times can go back with the clock)
        "offline": bool(getattr(t, "offline", False)),  # printed by a kiosk cut off from the server
        # From a phone (channel online; "booked" for a booking), and whether they are in the lobby yet.
        "channel": getattr(t, "channel", None) or "kiosk",
        "booked": getattr(t, "booking_id", None) is not None,
        "present": present(t),
        "called_at": iso(t.called_at, zone),
        "waited_seconds": max(0, int((t.called_at or now) - t.issued_at)),
    })
    return view


def ticket_event(t, service_code: str, counter_name: Optional[str], waiting: int,
                 extra: Optional[dict] = None) -> dict:
    """The public part of a ticket event: the ticket, its service's queue length, the counter."""
    data: dict[str, Any] = {"ticket": ticket_public(t, service_code, counter_name),
                            "waiting": {service_code: waiting}}
    if t.counter_id is not None:
        data["counter"] = {"id": t.counter_id, "name": counter_name}
    data.update(extra or {})
    return data


def ticket_event_staff(t, service_code: str, counter_name: Optional[str], zone: ZoneInfo, now: float,
                       extra: Optional[dict] = None) -> dict:
    """The staff part of a ticket event: the full staff view, so pages need not refetch."""
    data = {"priority": t.priority, "notes": t.notes or [],
            "ticket": ticket_staff(t, service_code, counter_name, zone, now)}
    data.update(extra or {})
    return data


def counter_public(ct, ticket: Optional[Any], service_code: Optional[str]) -> dict:
    """A counter on the display: its name, state, and whom it is calling or serving."""
    return {"id": ct.id, "name": ct.name, "role": ct.role, "state": ct.state,
            "ticket": ticket_public(ticket, service_code, ct.name) if ticket is not None else None}


def recent_call(t, service_code: str, counter_name: Optional[str]) -> dict:
    return {**ticket_public(t, service_code, counter_name), "called_at": t.called_at}


@dataclass(frozen=True)
class CitizenTicket:
    """What the citizen's own view is made of, resolved inside the transaction that made it."""

    ticket: Any
    service: Any
    origin: Any
    ahead: int
    waiting: int
    eta_minutes: int
    counter: Optional[str]


def ticket_citizen(facts: CitizenTicket, zone: ZoneInfo) -> dict:
    """The status page and the kiosk's answer: position, wait, counter, masked NIK.

    No ``status_url``: the HTTP layer adds it from the address the client used.
    """
    t, service, origin = facts.ticket, facts.service, facts.origin
    return {
        "id": t.id, "number": t.number, "token": t.token, "status": t.status,
        "service": {"code": service.code, "name": service.name_id, "name_en": service.name_en},
        "origin_service": {"code": origin.code, "name": origin.name_id, "name_en": origin.name_en,
                           "requirements": origin.requirements_id,
                           "requirements_en": origin.requirements_en},
        "ahead": facts.ahead, "waiting": facts.waiting, "eta_minutes": facts.eta_minutes,
        "counter": facts.counter if t.status in AT_COUNTER_STATUSES else None,
        "office_day": t.office_day, "issued_at": iso(t.issued_at, zone), "called_at": iso(t.called_at, zone),
        "priority": t.priority is not None, "transferred": t.transfers > 0, "recalls": t.recalls,
        "nik_masked": mask(t.nik) if t.nik else None,
        "present": present(t),
    }


def citizen_ticket(conn, t, office, position: Optional[tuple[int, int]] = None) -> CitizenTicket:
    """Resolve a ticket's citizen view from the office cache and the queue (one read).

    ``position`` (ahead, waiting) may be passed when the caller has just computed it.
    """
    service = office.service_by_id(conn, t.service_id)
    origin = service if t.origin_service_id == t.service_id else office.service_by_id(conn, t.origin_service_id)
    ahead = waiting = eta = 0
    if t.status == "waiting":
        ahead, waiting = position or queue_position(conn, t.service_id, t.office_day, t.rank, t.queue_seq)
        eta = office.eta(conn, service, t.office_day, ahead)
    counter = office.counter_name(conn, t.counter_id) if t.status in AT_COUNTER_STATUSES else None
    return CitizenTicket(t, service, origin, ahead, waiting, eta, counter)
