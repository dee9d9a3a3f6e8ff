"""Numbers from phones and bookings: the public API, the phone pages, and the kiosk's check-in."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal, Optional

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from common import nik as nik_rules
from server.domain import bookings, notify, payloads, remote
from server.domain.errors import DomainError
from server.domain.regions import region_name
from server.http.abuse import AbuseGuard, AbuseLimits
from server.http.context import AppContext, ctx
from server.http.deps import current_kiosk
from server.http.routes.online import client_address
from server.http.static import page
from server.http.views import citizen_view
from server.storage import remote_queries as q
from server.storage.calendar import holiday_name

router = APIRouter(tags=["phones and bookings"])

BOOKING_CODE = r"^[2-9A-HJKMNP-Za-hjkmnp-z]{4}-?[2-9A-HJKMNP-Za-hjkmnp-z]{4}$"
Code = Path(..., pattern=BOOKING_CODE, description="The booking code, e.g. K7QM-2XPA (the hyphen is optional)")


class RemoteRequest(BaseModel):
    service: str = Field(..., min_length=1, max_length=1, description="The service's code letter")
    nik: str = Field(..., max_length=40, description="16 digits; spaces, dots and hyphens are ignored")
    phone: Optional[str] = Field(None, max_length=30, description="WhatsApp number for messages (08..., +62...)")
    email: Optional[str] = Field(None, max_length=200, description="E-mail for messages")
    date: Optional[str] = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$",
                                description="Absent or today: today's number; a later working day: a booking")
    slot: Optional[int] = Field(None, ge=0, le=23, description="The booking's hour (e.g. 9 for 09:00)")
    language: Literal["id", "en"] = Field("id", description="The language of the messages")
    request_id: str = Field(..., min_length=8, max_length=64,
                            description="Chosen by the phone: the same id again returns the first answer (200)")


class MoveRequest(BaseModel):
    date: str = Field(..., pattern=r"^\d{4}-\d{2}-\d{2}$", description="The new working day")
    slot: int = Field(..., ge=0, le=23, description="The new hour")


class CheckInRequest(BaseModel):
    code: str = Field(..., min_length=1, max_length=300,
                      description="What the phone shows: a booking code, a ticket's token or status URL, or its number")
    request_id: Optional[str] = Field(None, min_length=1, max_length=64,
                                      description="The kiosk's id: a retry never checks in twice")


def guard(request: Request) -> AbuseGuard:
    """Per address: a handful of numbers go straight in, then a proof of work, then 429 (``server.http.abuse``).
    A household or an office behind one address takes more numbers than one online application."""
    state = request.app.state
    if getattr(state, "phone_guard", None) is None:
        state.phone_guard = AbuseGuard(AbuseLimits(free=10, ceiling=60, flood=200, nik_max=10))
    return state.phone_guard


def _nik(c: AppContext, raw: str) -> str:
    today = dt.datetime.fromtimestamp(c.clock(), c.zone).date()
    check = nik_rules.check(raw, today=today, region_lookup=region_name)
    if not check.valid:
        raise DomainError("invalid_nik", errors=[e.as_dict() for e in check.errors])
    return check.digits


@router.get("/api/phone/services", summary="The services open to numbers from phones or to bookings")
def phone_services(c: AppContext = Depends(ctx)) -> dict:
    """``{"services": [{"code", "name", "name_en", "phone_open", "booking_open"}], "today", "horizon_days"}``."""
    with c.db.read() as conn:
        found = q.phone_services(conn)
    return {"services": [{"code": s.code, "name": s.name_id, "name_en": s.name_en, "phone_open": bool(s.phone_open),
                          "booking_open": bool(s.booking_open)} for s in found if s.kiosk_visible],
            "today": c.today(), "horizon_days": bookings.HORIZON_DAYS,
            "office": c.office.profile_value("name") or ""}


@router.post("/api/remote-tickets", status_code=201, summary="Take today's number or book a slot (public)",
             responses={200: {"description": "The same request_id again: the first answer"},
                        428: {"description": "A busy address: solve the attached puzzle and send again"},
                        429: {"description": "Too many requests: Retry-After says when to try again"}})
async def take(body: RemoteRequest, request: Request, c: AppContext = Depends(ctx)):
    """Today (no ``date``): ``{"number", "token", "status", "status_url", ...}``, status ``remote`` until checked
    in at the kiosk (``waiting`` at once where the office calls from home). A ``phone`` or ``email`` gets the
    number and its status link, then the "near" and "called" messages; a bad one is a 422 field error. A later ``date`` and ``slot``: ``{"booking_code", "status_url", ...}``. Refusals:
    ``quota_reached``, ``outside_hours``, ``office_holiday``, ``service_closed``, ``already_has_ticket``,
    ``already_has_booking``, ``slot_full``, ``invalid_slot``, ``not_open_to_phones``, ``not_open_to_bookings``."""
    g = guard(request)
    g.admit(client_address(request), request.headers.get("x-proof-challenge"), request.headers.get("x-proof-nonce"))
    nik = _nik(c, body.nik)
    g.admit_nik(nik)
    phone, email = notify.checked_contact(body.phone, body.email, required=False)
    base, zone, office = c.public_url(request), c.zone, c.office
    if body.date and body.date != c.today():
        if body.slot is None:
            raise DomainError("invalid_slot", field="slot")
        req = bookings.BookingRequest(service_code=body.service.upper(), nik=nik, day=body.date, hour=body.slot,
                                      request_id=body.request_id, phone=phone, email=email,
                                      language=body.language)

        def book(tx):
            outcome, row = bookings.book(tx, req, zone, office, base)
            return outcome, bookings.public_view(row, office.service_by_id(tx.conn, row.service_id), base)

        outcome, view = await c.write(book)
        return JSONResponse(view, status_code=201 if outcome == "new" else 200)
    phone_req = remote.PhoneRequest(service_code=body.service.upper(), nik=nik, request_id=body.request_id,
                                    phone=phone, email=email, language=body.language)
    counts = c.waiting

    def take_number(tx):
        outcome, ticket = remote.take_number(tx, phone_req, zone, office, counts)
        return outcome, payloads.citizen_ticket(tx.conn, ticket, office)

    outcome, facts = await c.write(take_number)
    view = citizen_view(facts, c, request)
    return JSONResponse(view, status_code=201 if outcome == "new" else 200)


@router.get("/api/slots", summary="A day's booking slots with their remaining places (public)")
def slots(service: str = Query(..., min_length=1, max_length=1),
          date: str = Query(..., pattern=r"^\d{4}-\d{2}-\d{2}$"), c: AppContext = Depends(ctx)) -> dict:
    """``{"service", "date", "holiday", "slots": [{"hour", "capacity", "remaining"}]}``; no slots on a day off
    (``holiday``: its name, from the office's calendar)."""
    with c.db.read() as conn:
        found = c.office.service(conn, service.upper())
        if found is None or not found.booking_open:
            raise DomainError("not_open_to_bookings" if found else "unknown_service")
        holiday = holiday_name(conn, date)  # a day off has no slots, and says why
        return {"service": found.code, "date": date, "holiday": holiday,
                "slots": [] if holiday else bookings.slots(conn, found.id, date)}


@router.get("/api/bookings/{code}", summary="A booking (public, by its code; no personal data)")
def booking(request: Request, code: str = Code, c: AppContext = Depends(ctx)) -> dict:
    with c.db.read() as conn:
        found = q.booking_by_code(conn, code.replace("-", "").upper())
        if found is None:
            raise DomainError("unknown_booking")
        return bookings.public_view(found, c.office.service_by_id(conn, found.service_id), c.public_url(request))


@router.post("/api/bookings/{code}/cancel", summary="Cancel a booking: its place is free again")
async def cancel(request: Request, code: str = Code, c: AppContext = Depends(ctx)) -> dict:
    base, office = c.public_url(request), c.office

    def job(tx):
        row = bookings.cancel(tx, code)
        return bookings.public_view(row, office.service_by_id(tx.conn, row.service_id), base)
    return await c.write(job)


@router.post("/api/bookings/{code}/move", summary="Move a booking to another slot of the same service")
async def move(body: MoveRequest, request: Request, code: str = Code, c: AppContext = Depends(ctx)) -> dict:
    base, office, zone = c.public_url(request), c.office, c.zone
    guard(request).admit(client_address(request), request.headers.get("x-proof-challenge"),
                         request.headers.get("x-proof-nonce"))

    def job(tx):
        row = bookings.move(tx, code.replace("-", "").upper(), body.date, body.slot, zone, office, base)
        return bookings.public_view(row, office.service_by_id(tx.conn, row.service_id), base)
    return await c.write(job)


@router.post("/api/kiosk/check-in", tags=["kiosk"], summary="Check in a number from a phone or a booking (kiosk key)",
             responses={200: {"description": "Checked in: the ticket, as POST /api/tickets answers it"}})
async def check_in(body: CheckInRequest, request: Request, kiosk_id: int = Depends(current_kiosk),
                   c: AppContext = Depends(ctx)) -> dict:
    """The ticket JSON the kiosk prints, plus ``"checked_in": true``, ``"late"`` (a booking after its window
    joins as a walk-in) and ``"slot"`` (a booking's hour, printed on the ticket; null for a number taken from
    home). Refusals: ``unknown_code``, ``booking_other_day``, ``already_checked_in``, ``booking_cancelled``."""
    zone, office, counts = c.zone, c.office, c.waiting

    def job(tx):
        done = remote.check_in(tx, body.code, kiosk_id, body.request_id, zone, office, counts)
        booked = q.booking(tx.conn, done.ticket.booking_id) if done.ticket.booking_id is not None else None
        return (done.outcome, done.late, booked.hour if booked is not None else None,
                payloads.citizen_ticket(tx.conn, done.ticket, office, done.position))

    outcome, late, slot, facts = await c.write(job)
    view = citizen_view(facts, c, request)
    view.update({"outcome": outcome, "existing": False, "nik_warnings": [], "checked_in": True, "late": late,
                 "slot": slot})
    return view


@router.get("/ambil", include_in_schema=False)
def phone_page() -> Response:
    return page("phone-ticket.html")


@router.get("/b/{code}", include_in_schema=False)
def booking_page(code: str) -> Response:
    if not re.fullmatch(BOOKING_CODE, code):
        raise DomainError("unknown_booking")
    return page("phone-ticket.html", private=True)


@router.get("/api/phone/qr/{value}.svg", summary="The QR a phone shows at the kiosk: a booking's or a ticket's link")
async def qr(request: Request, value: str = Path(..., pattern=r"^[A-Za-z0-9_-]{8,40}$"),
             c: AppContext = Depends(ctx)) -> Response:
    """An SVG QR code of ``/b/<booking code>`` (8 characters) or ``/t/<ticket token>``: no look-up, no personal data;
    the kiosk's check-in reads either."""
    from fastapi.concurrency import run_in_threadpool

    from server.http.routes.front_desk import _qr_svg
    kind = "b" if bookings.is_code(value.upper()) else "t"
    target = value.upper() if kind == "b" else value
    svg = await run_in_threadpool(_qr_svg, f"{c.public_url(request)}/{kind}/{target}")
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "private, max-age=86400"})
