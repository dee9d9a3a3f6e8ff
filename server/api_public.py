"""Public, read-only endpoints: no personal data (displays, status page, kiosk tiles)."""

from __future__ import annotations

import datetime as dt
from typing import Optional

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import FileResponse, StreamingResponse
from starlette.concurrency import run_in_threadpool

from . import __version__, office
from . import queue_rules as rules
from .context import AppContext, ctx
from .errors import DomainError
from .events import last_event_id, load_events_after
from .schema import day_counters, office_settings, services, tickets

router = APIRouter(tags=["public"])


@router.get("/healthz")
def healthz(c: AppContext = Depends(ctx)) -> dict:
    with c.db.read() as conn:
        conn.execute(sa.text("select 1"))
    return {"status": "ok", "version": __version__, "writer_batches": c.db.writer.batches,
            "writer_jobs": c.db.writer.jobs}


def services_view(conn, c: AppContext, day: str, *, kiosk_only: bool = False) -> list[dict]:
    waiting = office.waiting_counts(conn, day)
    issued = dict(conn.execute(sa.select(day_counters.c.service_id, day_counters.c.last_number)
                               .where(day_counters.c.office_day == day)).all())
    local = dt.datetime.fromtimestamp(c.clock(), c.zone)
    result = []
    for s in office.all_services(conn):
        if kiosk_only and not s.kiosk_visible:
            continue
        n = waiting.get(s.id, 0)
        refusal = rules.refusal_for(service_open=s.is_open, quota=s.daily_quota,
                                    issued_today=issued.get(s.id, 0),
                                    hours=rules.OpenHours.parse(s.open_hours), local_now=local)
        result.append({
            "code": s.code, "name": s.name_id, "name_en": s.name_en,
            "requirements": s.requirements_id, "requirements_en": s.requirements_en,
            "standard_minutes": s.standard_minutes, "kiosk_visible": s.kiosk_visible,
            "waiting": n, "eta_minutes": office.eta_minutes(conn, s, day, n),
            "available": refusal is None, "unavailable_reason": refusal,
            "quota": s.daily_quota, "issued_today": issued.get(s.id, 0),
        })
    return result


@router.get("/api/logo", response_class=FileResponse, responses={404: {"description": "No logo uploaded"}})
def logo(c: AppContext = Depends(ctx)):
    """The office logo uploaded by the admin (PNG), for tickets, kiosk and display."""
    path = c.settings.data_dir / "logo.png"
    if not path.exists():
        raise DomainError("not_found")
    return FileResponse(path, media_type="image/png", headers={"Cache-Control": "no-cache"})


@router.get("/api/services")
def list_services(kiosk: bool = Query(False, description="only services offered at the kiosk"),
                  c: AppContext = Depends(ctx)) -> list[dict]:
    with c.db.read() as conn:
        return services_view(conn, c, rules.office_day(c.clock(), c.zone), kiosk_only=kiosk)


def office_profile(conn) -> dict:
    return {k: v for k, v in conn.execute(sa.select(office_settings.c.key, office_settings.c.value))}


def public_state(conn, c: AppContext) -> dict:
    day = rules.office_day(c.clock(), c.zone)
    code_of = dict(conn.execute(sa.select(services.c.id, services.c.code)).all())
    current = {r.counter_id: r for r in conn.execute(sa.select(tickets).where(
        tickets.c.office_day == day, tickets.c.status.in_(("called", "serving"))))}
    counter_views = []
    for ct in office.all_counters(conn):
        t = current.get(ct.id)
        counter_views.append({
            "id": ct.id, "name": ct.name, "role": ct.role, "state": ct.state,
            "ticket": {"id": t.id, "number": t.number, "service": code_of[t.service_id], "status": t.status,
                       "recalls": t.recalls} if t else None,
        })
    names = {ct["id"]: ct["name"] for ct in counter_views}
    recent = conn.execute(sa.select(tickets).where(tickets.c.office_day == day, tickets.c.called_at.is_not(None))
                          .order_by(tickets.c.called_at.desc()).limit(10))
    return {
        "last_event_id": last_event_id(conn), "office_day": day, "now": c.clock(),
        "timezone": c.zone.key, "office": office_profile(conn), "nik_retention_days": c.retention_days,
        "services": services_view(conn, c, day), "counters": counter_views,
        "recent_calls": [{"id": t.id, "number": t.number, "service": code_of[t.service_id],
                          "counter_id": t.counter_id, "counter": names.get(t.counter_id),
                          "status": t.status, "called_at": t.called_at} for t in recent],
    }


@router.get("/api/state")
def state(c: AppContext = Depends(ctx)) -> dict:
    """Snapshot for a display on connect: read it, then follow /api/events from its last_event_id."""
    with c.db.read() as conn:
        return public_state(conn, c)


@router.get("/api/tickets/{token}")
def ticket_status(token: str, request: Request, c: AppContext = Depends(ctx)) -> dict:
    """The ticket's public status (the QR code's target): masked NIK only."""
    with c.db.read() as conn:
        t = office.ticket_by_token(conn, token)
        if t is None:
            raise DomainError("unknown_ticket")
        return office.ticket_status(conn, t, c.zone, c.public_url(request))


def event_stream(c: AppContext, *, staff: bool, last_id: Optional[int]) -> StreamingResponse:
    async def replay(after: int, limit: int):
        def load():
            with c.db.read() as conn:
                return load_events_after(conn, after, limit)
        return await run_in_threadpool(load)

    body = c.hub.stream(staff=staff, last_event_id=last_id, replay=replay,
                        heartbeat=c.settings.sse_heartbeat_seconds)
    return StreamingResponse(body, media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


def parse_last_id(header: Optional[str], query: Optional[int]) -> Optional[int]:
    if header and header.strip().isdigit():
        return int(header)
    return query


@router.get("/api/events", response_class=StreamingResponse,
            responses={200: {"content": {"text/event-stream": {}}}})
async def public_events(request: Request, last_event_id: Optional[int] = Query(None, ge=0),
                        last_event_header: Optional[str] = Header(None, alias="Last-Event-ID"),
                        c: AppContext = Depends(ctx)):
    """Server-Sent Events without personal data. Reconnect with Last-Event-ID to get what was missed."""
    return event_stream(c, staff=False, last_id=parse_last_id(last_event_header, last_event_id))
