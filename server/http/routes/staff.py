"""Staff endpoints: counters and ticket actions, the staff snapshot and event stream.

Handlers only translate HTTP into one use-case call on the writer (``desk``);
the rules live there and in ``queue_rules``.
"""

from __future__ import annotations

from typing import Literal, Optional

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Header, Query, Request, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from common import vocabulary as vocab
from common.nik import mask
from server.domain import back_office as back_office_checks
from server.domain import call_chosen as chosen
from server.domain import assisted, citizen, desk, outcomes, payloads
from server.domain.accounts import Staff
from server.domain.errors import DomainError
from server.domain.payloads import iso, ticket_staff
from server.domain.regions import region_name
from server.http.context import AppContext, ctx
from server.http.deps import (MAX_ID, Id, auth_first, cached_staff, current_staff, require, session_token,
                              staff_for_token)
from server.http.sse import event_stream, parse_last_id
from server.http.views import citizen_view, public_state
from server.storage import queries as office
from server.storage.schema import audit_log, tickets

router = APIRouter(tags=["staff"], route_class=auth_first("staff"))


class CounterRef(BaseModel):
    counter_id: Optional[int] = Field(None, ge=1, le=MAX_ID,
                                      description="The counter acting; refused if the ticket is at another")


class TransferBody(CounterRef):
    service: str = Field(..., min_length=1, max_length=1, description="Target service code")
    note: str = Field("", max_length=500)


class PriorityBody(BaseModel):
    priority: Optional[Literal["lansia", "disabilitas", "ibu_hamil", "anak", "korban_bencana"]] = None


async def _ticket_action(c: AppContext, ticket_id: int, action: str, user: Staff, **kw) -> dict:
    zone = c.zone

    def job(tx):
        desk.act(tx, ticket_id, action, user, zone, **kw)
        return _staff_ticket(tx.conn, c, ticket_id)
    return await c.write(job)


def _staff_ticket(conn, c: AppContext, ticket_id: int) -> dict:
    t = office.ticket_by_id(conn, ticket_id)
    code = c.office.service_by_id(conn, t.service_id).code  # (service and counter from the office cache)
    return ticket_staff(t, code, c.office.counter_name(conn, t.counter_id), c.zone, c.clock())


@router.post("/api/counters/{counter_id}/call-next",
             responses={204: {"description": "Nobody is waiting for this counter's services"}})
async def call_next(counter_id: Id, user: Staff = Depends(current_staff), c: AppContext = Depends(ctx)):
    zone, streak = c.zone, c.settings.priority_streak_max

    def job(tx):
        called = desk.call_next(tx, counter_id, user, zone, streak)
        return None if called is None else _staff_ticket(tx.conn, c, called)
    result = await c.write(job)
    if result is None:
        return Response(status_code=204)
    return result


for _state, _verb in (("open", "open"), ("paused", "pause"), ("closed", "close")):
    def _make(state: str):
        async def set_state(counter_id: Id, user: Staff = Depends(current_staff),
                            c: AppContext = Depends(ctx)) -> dict:
            return await c.write(lambda tx: desk.set_counter_state(tx, counter_id, state, user))
        set_state.__name__ = f"counter_{state}"
        return set_state
    router.add_api_route(f"/api/counters/{{counter_id}}/{_verb}", _make(_state), methods=["POST"],
                         summary=f"Set the counter {_state}")


@router.post("/api/counters/{counter_id}/take-over")
async def take_over(counter_id: Id, user: Staff = Depends(current_staff), c: AppContext = Depends(ctx)) -> dict:
    """Become the holder of a counter another clerk holds (audited; the staff pages are told)."""
    return await c.write(lambda tx: desk.take_over(tx, counter_id, user))


for _action in ("recall", "skip", "start", "done", "cancel", "restore"):
    def _make_action(action: str):
        async def ticket_action(ticket_id: Id, body: Optional[CounterRef] = None,
                                user: Staff = Depends(current_staff), c: AppContext = Depends(ctx)) -> dict:
            return await _ticket_action(c, ticket_id, action, user,
                                        counter_id=body.counter_id if body else None)
        ticket_action.__name__ = f"ticket_{action}"
        return ticket_action
    router.add_api_route(f"/api/tickets/{{ticket_id}}/{_action}", _make_action(_action), methods=["POST"],
                         summary=f"{_action.capitalize()} a ticket")


class CallChosenBody(BaseModel):
    counter_id: int = Field(..., ge=1, le=MAX_ID, description="The counter that calls")
    reason: str = Field(..., max_length=500, description="Why out of turn (required; kept in the audit log)")


@router.post("/api/tickets/{ticket_id}/call", summary="Call a chosen ticket out of turn, with a reason")
async def call_chosen(ticket_id: Id, body: CallChosenBody, user: Staff = Depends(current_staff),
                      c: AppContext = Depends(ctx)) -> dict:
    """Finish whoever the counter had, then call this waiting ticket of its services. The lobby and the
    citizen's phone see an ordinary call; the reason goes to the audit log (``ticket.called_chosen``)."""
    def job(tx):
        called = chosen.call_chosen(tx, body.counter_id, ticket_id, body.reason, user, c.zone)
        return _staff_ticket(tx.conn, c, called)
    return await c.write(job)


class FinishBody(CounterRef):
    outcome: str = Field(..., min_length=1, max_length=40, description="An active outcome's code (GET /api/outcomes)")
    note: str = Field("", max_length=500, description="For the referral slip and the report; a NIK in it is masked")


@router.post("/api/tickets/{ticket_id}/finish", summary="Finish a ticket with an outcome of the office's list")
async def finish(ticket_id: Id, body: FinishBody, user: Staff = Depends(current_staff),
                 c: AppContext = Depends(ctx)) -> dict:
    """``done`` plus how the visit ended (kept with the ticket for the reports). The answer is the ticket
    and its ``outcome`` (with ``referral_to`` when a referral slip may be printed)."""
    def job(tx):
        kept = outcomes.finish(tx, ticket_id, body.outcome, body.note, user, c.zone, body.counter_id)
        return {**_staff_ticket(tx.conn, c, ticket_id), "outcome": kept}
    return await c.write(job)


class OutcomeBody(BaseModel):
    label_id: Optional[str] = Field(None, max_length=120, description="What the clerk picks, in Indonesian")
    label_en: Optional[str] = Field(None, max_length=120)
    referral_to: Optional[str] = Field(None, max_length=120, description="Where the citizen is referred (slip)")
    active: Optional[bool] = None
    position: Optional[int] = Field(None, ge=0, le=1000)


@router.get("/api/outcomes", summary="The office's outcomes")
def list_outcomes(all: bool = Query(False, description="Also the deactivated ones"),
                  user: Staff = Depends(current_staff), c: AppContext = Depends(ctx)) -> list[dict]:
    with c.db.read() as conn:
        return outcomes.list_outcomes(conn, active_only=not all)


@router.post("/api/outcomes", status_code=201, summary="Add an outcome (supervisor)")
async def add_outcome(body: OutcomeBody, user: Staff = Depends(require("supervisor")),
                      c: AppContext = Depends(ctx)) -> dict:
    data = body.model_dump(exclude_none=True)
    return {"id": await c.write(lambda tx: outcomes.save_outcome(tx, None, data, user.actor))}


@router.put("/api/outcomes/{outcome_id}", summary="Change or deactivate an outcome (supervisor)")
async def change_outcome(outcome_id: Id, body: OutcomeBody, user: Staff = Depends(require("supervisor")),
                         c: AppContext = Depends(ctx)) -> dict:
    data = body.model_dump(exclude_none=True)
    return {"id": await c.write(lambda tx: outcomes.save_outcome(tx, outcome_id, data, user.actor))}


@router.get("/api/outcomes/summary", summary="How the day's visits ended, per outcome (supervisor)")
def outcome_summary(day: Optional[str] = Query(None, pattern=r"^\d{4}-\d{2}-\d{2}$"),
                    user: Staff = Depends(require("supervisor")), c: AppContext = Depends(ctx)) -> dict:
    day = day or c.today()
    with c.db.read() as conn:
        return {"office_day": day, "outcomes": outcomes.day_summary(conn, day)}


class BackOfficeBody(BaseModel):
    text: str = Field("", max_length=500, description="request: what to check (default 'Cek DTKS'); "
                                                       "answer: the result (required)")


for _bo_action, _bo_summary in (("request", "Ask the back office to check (e.g. DTKS) while serving on"),
                                ("take", "The back office takes a requested check"),
                                ("answer", "The back office gives the check's result")):
    def _make_bo(action: str):
        async def back_office(ticket_id: Id, body: Optional[BackOfficeBody] = None,
                              user: Staff = Depends(current_staff), c: AppContext = Depends(ctx)) -> dict:
            text = body.text if body else ""
            return await c.write(lambda tx: back_office_checks.act(tx, ticket_id, action, user, c.zone, text))
        back_office.__name__ = f"back_office_{action}"
        return back_office
    router.add_api_route(f"/api/tickets/{{ticket_id}}/back-office/{_bo_action}", _make_bo(_bo_action),
                         methods=["POST"], summary=_bo_summary,
                         description="The check's state is told to the staff pages as a `back_office.check` event "
                                     "(staff stream only); the front office keeps serving the ticket.")


@router.post("/api/tickets/{ticket_id}/transfer")
async def transfer(ticket_id: Id, body: TransferBody, user: Staff = Depends(current_staff),
                   c: AppContext = Depends(ctx)) -> dict:
    """Send the citizen to another service; they keep their number and go before walk-ins."""
    return await _ticket_action(c, ticket_id, "transfer", user, counter_id=body.counter_id,
                                to_service=body.service.upper(), note=body.note)


@router.post("/api/tickets/{ticket_id}/priority")
async def set_priority(ticket_id: Id, body: PriorityBody, user: Staff = Depends(current_staff),
                       c: AppContext = Depends(ctx)) -> dict:
    def job(tx):
        desk.set_priority(tx, ticket_id, body.priority, user, c.zone)
        return _staff_ticket(tx.conn, c, ticket_id)
    return await c.write(job)


class AssistedTicketBody(BaseModel):
    service: str = Field(..., min_length=1, max_length=1, description="Service code letter, e.g. A")
    nik: Optional[str] = Field(None, max_length=40, description="16 digits; may be left out only where the "
                                                                 "service allows it (services.nik_optional)")
    priority: Optional[Literal["lansia", "disabilitas", "ibu_hamil", "anak", "korban_bencana"]] = None


@router.post("/api/staff/tickets", status_code=201, summary="Issue a number for a citizen at the front desk",
             responses={200: {"description": "The citizen already holds an active ticket for this service"}})
async def issue_assisted(body: AssistedTicketBody, request: Request, response: Response,
                         user: Staff = Depends(current_staff), c: AppContext = Depends(ctx)) -> dict:
    """A clerk issues a number for a citizen who cannot use the kiosk or has no KTP at hand: the kiosk's
    own sequence (gap-free, shared) and rules; the NIK may be left out where the service allows it. The
    answer is the citizen's view with ``status_url`` (for the QR, ``qr_url``) and never a full NIK."""
    zone = c.zone

    def job(tx):
        issued = assisted.issue_for_citizen(tx, body.service.upper(), body.nik, body.priority, user, zone,
                                            c.office, c.waiting)
        return issued.outcome, payloads.citizen_ticket(tx.conn, issued.ticket, c.office, issued.position)
    outcome, facts = await c.write(job)
    view = citizen_view(facts, c, request)
    view.update({"outcome": outcome, "existing": outcome == "existing",
                 "qr_url": f"/api/staff/tickets/{facts.ticket.id}/qr.svg"})
    if outcome != "new":
        response.status_code = 200
    return view


@router.get("/api/staff/tickets/{ticket_id}/qr.svg", response_class=Response,
            responses={200: {"content": {"image/svg+xml": {}}}}, summary="The QR of a ticket's status page")
async def ticket_qr(ticket_id: Id, request: Request, user: Staff = Depends(current_staff),
                    c: AppContext = Depends(ctx)) -> Response:
    """An SVG QR code of the ticket's phone status page, sharp on screen and on paper (staff only)."""
    with c.db.read() as conn:
        t = office.ticket_by_id(conn, ticket_id)
    if t is None:
        raise DomainError("unknown_ticket")
    svg = await run_in_threadpool(_qr_svg, f"{c.public_url(request)}/t/{t.token}")
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "no-store"})


def _qr_svg(text: str) -> bytes:
    import qrcode
    import qrcode.image.svg
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2,
                       image_factory=qrcode.image.svg.SvgPathImage)
    qr.add_data(text)
    qr.make(fit=True)
    return qr.make_image().to_string()


@router.get("/api/staff/tickets/{ticket_id}")
async def ticket_detail(ticket_id: Id, user: Staff = Depends(current_staff), c: AppContext = Depends(ctx)) -> dict:
    """Everything about one ticket, including the full NIK and the age it encodes (``age``, whole
    years on the office's day). Every call is written to the audit log."""
    def job(tx):
        t = office.ticket_by_id(tx.conn, ticket_id)
        if t is None:
            raise DomainError("unknown_ticket")
        view = _staff_ticket(tx.conn, c, ticket_id)
        view["nik"] = t.nik
        view["token"] = t.token
        if t.nik:
            view["nik_region"] = {"regency": region_name(t.nik[:4]), "district": region_name(t.nik[:6])}
            view["age"] = citizen.age_on(t.nik, c.today())  # on the office's day, in its zone
            tx.audit(user.actor, "nik.viewed", t.id, {"nik": mask(t.nik)})
        return view
    return await c.write(job)


@router.get("/api/staff/lookup")
def lookup(q: str = Query(..., min_length=1, max_length=200), user: Staff = Depends(current_staff),
           c: AppContext = Depends(ctx)) -> dict:
    """Find today's ticket by number (``A-012``, ``a12``) or by a scanned QR/status URL or token."""
    text = q.strip()
    token = text.rsplit("/t/", 1)[-1].split("?")[0]
    day = c.today()
    with c.db.read() as conn:
        t = office.ticket_by_token(conn, token)
        parsed = vocab.parse_number(text, loose=True) if t is None else None
        if parsed is not None:
            t = conn.execute(sa.select(tickets).where(
                tickets.c.office_day == day, tickets.c.number == vocab.format_number(*parsed))).first()
        if t is None:
            raise DomainError("unknown_ticket")
        return _staff_ticket(conn, c, t.id)


@router.get("/api/staff/state")
def staff_state(user: Staff = Depends(current_staff), c: AppContext = Depends(ctx)) -> dict:
    """The public snapshot plus today's active tickets with staff details (masked NIK)."""
    now = c.clock()
    day = c.today()
    with c.db.read() as conn:
        state = public_state(conn, c)
        codes = {s.id: s.code for s in office.all_services(conn)}
        names = {ct["id"]: ct["name"] for ct in state["counters"]}
        holders = office.counter_holders(conn)  # names are for staff only, never in the public state
        state["counters"] = [{**ct, "held_by": holders.get(ct["id"])} for ct in state["counters"]]
        rows = conn.execute(sa.select(tickets).where(
            tickets.c.office_day == day, tickets.c.status.in_(vocab.ACTIVE_STATUSES))
            .order_by(tickets.c.rank, tickets.c.queue_seq))
        state["tickets"] = [ticket_staff(t, codes[t.service_id], names.get(t.counter_id), c.zone, now)
                            for t in rows]
        state["counter_services"] = {cid: [codes[s] for s in sids]
                                     for cid, sids in office.counter_services_map(conn).items()}
        state["user"] = {"username": user.username, "role": user.role, "counter_id": user.counter_id}
        # a silent kiosk or a printer out of paper is raised to the staff too
        state["device_alerts"] = c.health.alerts(conn, now)
        state["outcomes"] = outcomes.list_outcomes(conn, active_only=True)
        state["back_office_checks"] = back_office_checks.open_checks(conn, day, c.zone)
        return state


@router.get("/api/staff/events")
async def staff_events(request: Request, last_event_id: Optional[int] = Query(None, ge=0, le=MAX_ID),
                       last_event_header: Optional[str] = Header(None, alias="Last-Event-ID"),
                       user: Staff = Depends(current_staff), c: AppContext = Depends(ctx)):
    """The event stream with staff details (priority, notes); never a full NIK.

    It ends within moments of a logout, a deactivation or a password reset of its session."""
    token = session_token(request)

    async def still_valid() -> bool:
        return (cached_staff(c, token) or await run_in_threadpool(staff_for_token, c, token)) is not None
    return event_stream(c, staff=True, last_id=parse_last_id(last_event_header, last_event_id),
                        still_valid=still_valid)


@router.get("/api/audit")
def audit(limit: int = Query(100, ge=1, le=1000), user: Staff = Depends(require("supervisor")),
          c: AppContext = Depends(ctx)) -> list[dict]:
    with c.db.read() as conn:
        rows = conn.execute(sa.select(audit_log).order_by(audit_log.c.id.desc()).limit(limit))
        return [{"id": r.id, "at": iso(r.at, c.zone), "actor": r.actor, "action": r.action,
                 "ticket_id": r.ticket_id, "detail": r.detail} for r in rows]
