"""Bookings: a slot (service, working day, hour) taken from a phone, checked in at the kiosk.

Capacity: the office sets how many bookings each service takes per weekday and
hour (``service_slots``); a slot's remaining places are its capacity minus the
bookings that hold it (``booked`` or ``checked_in``). One may book from tomorrow
up to ``HORIZON_DAYS`` ahead, on working days only (not a weekend, not a day in
the office's holiday calendar); one held booking per NIK, service and day.

Checking in: from ``EARLY`` before the slot's start to ``LATE`` after it. Checked
in within that window, the booking becomes a ticket (the service's next number)
that joins the queue **at its slot's place**: it sorts as though its number had
been taken when the window opened (30 minutes before the slot), i.e. after
everyone who was already queued by then and before everyone who came later. A
citizen booked for 09:00 who checks in at 08:50 goes ahead of walk-ins who came at
08:40, behind those who came at 08:20. (On a tie of queue places the older ticket
goes first.) Arriving earlier than the window, they queue from the moment they
arrive, like anyone. Checked in after the window, the booking is late: it joins as
a walk-in, from the back. A booking never checked in is released at day close
(``no_show``), and its slot with it.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Optional
from zoneinfo import ZoneInfo

from common import vocabulary as vocab
from server.domain import notify
from server.domain.day import current_day
from server.domain.errors import DomainError
from server.domain.working_days import is_working_day
from server.storage import remote_queries as q
from server.storage.caches import OfficeCache
from server.storage.calendar import holiday_set
from server.storage.db import Tx

EARLY = dt.timedelta(minutes=30)
LATE = dt.timedelta(minutes=15)
HORIZON_DAYS = 14
EVE_REMINDER_HOUR = 16      # the day before, from 16:00
MORNING_REMINDER_HOUR = 7   # the day itself, from 07:00
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read from a phone, typed at a kiosk
CODE_LENGTH = 8


@dataclass(frozen=True)
class BookingRequest:
    service_code: str
    nik: str
    day: str                # YYYY-MM-DD
    hour: int
    request_id: str
    phone: Optional[str] = None
    email: Optional[str] = None
    language: str = "id"


def is_code(text: str) -> bool:
    return len(text) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in text)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def shown_code(code: str) -> str:
    """``K7QM2XPA`` → ``K7QM-2XPA``: two groups of four, easier to read out and type."""
    return f"{code[:4]}-{code[4:]}"


def slot_start(day: str, hour: int, zone: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), zone)


def queue_place(day: str, hour: int, at: float, zone: Optional[ZoneInfo]) -> Optional[float]:
    """The moment a booking checked in at ``at`` sorts as having queued; None: late, a walk-in."""
    start = slot_start(day, hour, zone or dt.timezone.utc)
    if at > (start + LATE).timestamp():
        return None
    return min(at, (start - EARLY).timestamp())


def when_words(day: str, hour: int, lang: str = "id") -> str:
    """"Selasa, 8 Desember 2026 pukul 09.00" (English: "at 09:00")."""
    date = vocab.long_date(dt.date.fromisoformat(day), lang)
    return f"{date} at {hour:02d}:00" if lang == "en" else f"{date} pukul {hour:02d}.00"


def _bookable_day(tx: Tx, day: str, zone: ZoneInfo) -> dt.date:
    try:
        wanted = dt.date.fromisoformat(day)
    except ValueError:
        raise DomainError("invalid_slot", field="date") from None
    today = dt.date.fromisoformat(current_day(tx, zone))
    if not today < wanted <= today + dt.timedelta(days=HORIZON_DAYS):
        raise DomainError("invalid_slot", field="date", first=(today + dt.timedelta(days=1)).isoformat(),
                          last=(today + dt.timedelta(days=HORIZON_DAYS)).isoformat())
    if not is_working_day(wanted, holiday_set(tx.conn, wanted.year, wanted.year)):
        raise DomainError("office_holiday", message=f"Kantor tidak buka pada {vocab.long_date(wanted)}.",
                          message_en=f"The office is closed on {vocab.long_date(wanted, 'en')}.")
    return wanted


def slots(conn, service_id: int, day: str) -> list[dict]:
    """The day's slots: ``[{"hour", "capacity", "remaining"}]``, by hour."""
    weekday = dt.date.fromisoformat(day).weekday()
    taken = q.booked(conn, service_id, day)
    return [{"hour": hour, "capacity": cap, "remaining": max(0, cap - taken.get(hour, 0))}
            for hour, cap in sorted(q.capacities(conn, service_id, weekday).items())]


def _check_slot(tx: Tx, service, day: str, hour: int) -> None:
    found = {s["hour"]: s for s in slots(tx.conn, service.id, day)}
    if hour not in found:
        raise DomainError("invalid_slot", field="slot")
    if found[hour]["remaining"] <= 0:
        raise DomainError("slot_full", day=day, hour=hour)


def _booking_service(conn, cache: OfficeCache, code: str):
    service = cache.service(conn, code)
    if service is None or not service.kiosk_visible:
        raise DomainError("unknown_service")
    if not service.booking_open:
        raise DomainError("not_open_to_bookings", service=service.code)
    return service


def book(tx: Tx, req: BookingRequest, zone: ZoneInfo, cache: OfficeCache, base_url: str) -> tuple[str, object]:
    """("new" | "repeat", the booking row). A booking_made message goes to the phone/e-mail given."""
    conn = tx.conn
    prior = q.remote_request(conn, req.request_id)
    if prior is not None:
        if prior.booking_id is None:
            raise DomainError("request_id_reused")
        return "repeat", q.booking(conn, prior.booking_id)
    service = _booking_service(conn, cache, req.service_code)
    day = _bookable_day(tx, req.day, zone).isoformat()
    if q.held_booking(conn, req.nik, day, service.id) is not None:
        raise DomainError("already_has_booking", service=service.code, day=day)
    _check_slot(tx, service, day, req.hour)
    code = new_code()
    while q.booking_by_code(conn, code) is not None:  # 31^8 codes: a clash is a curiosity, not a plan
        code = new_code()
    booking_id = q.insert_booking(conn, dict(
        code=code, service_id=service.id, day=day, hour=req.hour, nik=req.nik, phone=req.phone, email=req.email,
        language=req.language, status="booked", created_at=tx.now, updated_at=tx.now, ticket_id=None))
    q.remember_request(conn, req.request_id, tx.now, booking_id=booking_id)
    row = q.booking(conn, booking_id)
    _tell(tx, row, service, "booking_made", base_url, key=f"booking:{booking_id}:made:{day}:{req.hour}")
    tx.audit("phone", "booking.made", None, {"booking": booking_id, "service": service.code, "day": day,
                                              "hour": req.hour})
    return "new", row


def _held(conn, code: str):
    found = q.booking_by_code(conn, code.replace("-", "").upper())
    if found is None:
        raise DomainError("unknown_booking")
    if found.status == "cancelled":
        raise DomainError("booking_cancelled")
    if found.status != "booked":
        raise DomainError("already_checked_in" if found.status == "checked_in" else "booking_other_day")
    return found


def cancel(tx: Tx, code: str) -> object:
    found = _held(tx.conn, code)
    q.update_booking(tx.conn, found.id, status="cancelled", updated_at=tx.now)
    tx.audit("phone", "booking.cancelled", None, {"booking": found.id})
    return q.booking(tx.conn, found.id)


def move(tx: Tx, code: str, day: str, hour: int, zone: ZoneInfo, cache: OfficeCache, base_url: str) -> object:
    """To another slot (same service): checked like a new booking; the reminders start again."""
    conn = tx.conn
    found = _held(conn, code)
    service = cache.service_by_id(conn, found.service_id)
    new_day = _bookable_day(tx, day, zone).isoformat()
    if (new_day, hour) == (found.day, found.hour):
        return found
    if found.nik and q.held_booking(conn, found.nik, new_day, service.id, other_than=found.id) is not None:
        raise DomainError("already_has_booking", service=service.code, day=new_day)
    _check_slot(tx, service, new_day, hour)
    q.update_booking(conn, found.id, day=new_day, hour=hour, updated_at=tx.now, reminded_eve=False,
                     reminded_morning=False)
    row = q.booking(conn, found.id)
    _tell(tx, row, service, "booking_made", base_url, key=f"booking:{found.id}:made:{new_day}:{hour}")
    tx.audit("phone", "booking.moved", None, {"booking": found.id, "day": new_day, "hour": hour})
    return row


def _tell(tx: Tx, row, service, template: str, base_url: str, *, key: str) -> None:
    if not (row.phone or row.email):
        return
    lang = row.language
    notify.enqueue(tx, template=template, language=lang, key=key, phone=row.phone, email=row.email, params={
        "code": shown_code(row.code), "service": service.name_en if lang == "en" else service.name_id,
        "when_words": when_words(row.day, row.hour, lang), "status_url": f"{base_url}/b/{row.code}"})


def public_view(row, service, base_url: str) -> dict:
    """What the booking page and the API show: no NIK, no contact."""
    return {"booking_code": row.code, "code_shown": shown_code(row.code), "service": service.code,
            "service_name": service.name_id, "service_name_en": service.name_en, "date": row.day,
            "slot": row.hour, "status": row.status, "when_words": when_words(row.day, row.hour, "id"),
            "when_words_en": when_words(row.day, row.hour, "en"), "status_url": f"{base_url}/b/{row.code}",
            "check_in_from": f"{(dt.datetime(2000, 1, 1, row.hour) - EARLY).strftime('%H:%M')}",
            "check_in_until": f"{(dt.datetime(2000, 1, 1, row.hour) + LATE).strftime('%H:%M')}"}


def send_reminders(tx: Tx, zone: ZoneInfo, base_url: str, cache: OfficeCache) -> int:
    """The housekeeping job: the day before from 16:00, and on the morning from 07:00. Each is sent once."""
    local = dt.datetime.fromtimestamp(tx.now, zone)
    due = []
    if local.hour >= EVE_REMINDER_HOUR:
        due.append(((local.date() + dt.timedelta(days=1)).isoformat(), "reminded_eve"))
    if local.hour >= MORNING_REMINDER_HOUR:
        due.append((local.date().isoformat(), "reminded_morning"))
    sent = 0
    for day, column in due:
        for row in q.due_reminders(tx.conn, day, column):
            service = cache.service_by_id(tx.conn, row.service_id)
            _tell(tx, row, service, "booking_reminder", base_url, key=f"booking:{row.id}:{column}:{row.day}")
            q.update_booking(tx.conn, row.id, **{column: True})
            sent += 1
    return sent
