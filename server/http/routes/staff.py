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
from server.domain import citizen, desk, outcomes
from server.domain.accounts import Staff
from server.domain.errors import DomainError
from server.domain.payloads import iso, ticket_staff
from server.domain.regions import region_name
from server.http.context import AppContext, ctx
from server.http.deps import (MAX_ID, Id, auth_first, cached_staff, current_staff, require, session_token,
                              staff_for_token)
from server.http.sse import event_stream, parse_last_id
from server.http.views import public_state
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
        return staff_ticket_view(tx.conn, c, ticket_id)
    return await c.write(job)


def staff_ticket_view(conn, c: AppContext, ticket_id: int) -> dict:
    t = office.ticket_by_id(conn, ticket_id)
    code = c.office.service_by_id(conn, t.service_id).code  # (service and counter from the office cache)
    return ticket_staff(t, code, c.office.counter_name(conn, t.counter_id), c.zone, c.clock())


@router.post("/api/counters/{counter_id}/call-next",
             responses={204: {"description": "Nobody is waiting for this counter's services"}})
async def call_next(counter_id: Id, user: Staff = Depends(current_staff), c: AppContext = Depends(ctx)):
    zone, streak = c.zone, c.settings.priority_streak_max

    def job(tx):
        called = desk.call_next(tx, counter_id, user, zone, streak)
        return None if called is None else staff_ticket_view(tx.conn, c, called)
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
        return staff_ticket_view(tx.conn, c, called)
    return await c.write(job)


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
        return staff_ticket_view(tx.conn, c, ticket_id)
    return await c.write(job)


@router.get("/api/staff/tickets/{ticket_id}")
async def ticket_detail(ticket_id: Id, user: Staff = Depends(current_staff), c: AppContext = Depends(ctx)) -> dict:
    """Everything about one ticket, including the full NIK and the age it encodes (``age``, whole
    years on the office's day). Every call is written to the audit log."""
    def job(tx):
        t = office.ticket_by_id(tx.conn, ticket_id)
        if t is None:
            raise DomainError("unknown_ticket")
        view = staff_ticket_view(tx.conn, c, ticket_id)
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
        return staff_ticket_view(conn, c, t.id)


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
