"""Public, read-only endpoints: no personal data (displays, status page, kiosk tiles)."""

from __future__ import annotations

import os
from typing import Optional

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import FileResponse, JSONResponse

from server import __version__
from server.domain import payloads, zones
from server.domain.errors import DomainError
from server.http.context import AppContext, ctx
from server.http.deps import MAX_ID
from server.http.sse import EventStreamResponse, event_stream, parse_last_id
from server.http.views import citizen_view, public_state, services_view
from server.storage import queries as office

router = APIRouter(tags=["public"])
STREAM_RETRY_SECONDS = 15


@router.get("/healthz", responses={503: {"description": "The writer thread is dead or stuck"}})
def healthz(c: AppContext = Depends(ctx)):
    """200 while the server can read and its writer takes changes; 503 with ``writer``
    "dead" (its thread is gone) or "stuck" (one batch has run for too long) otherwise.
    ``process`` says which of several server processes answered (its process id)."""
    with c.db.read() as conn:
        conn.execute(sa.text("select 1"))
    writer = c.db.writer.health()
    body = {"status": "ok" if writer == "ok" else "error", "writer": writer, "version": __version__,
            "writer_batches": c.db.writer.batches, "writer_jobs": c.db.writer.jobs, "process": os.getpid()}
    return body if writer == "ok" else JSONResponse(body, status_code=503)


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
        return services_view(conn, c, c.today(), kiosk_only=kiosk)


@router.get("/api/state", responses={404: {"description": "No such zone (not_found)"}})
def state(zone: Optional[int] = Query(None, ge=1, le=MAX_ID,
                                      description="a display's zone (waiting room): only its counters, "
                                                  "their services and the calls to them"),
          c: AppContext = Depends(ctx)) -> dict:
    """Snapshot for a display on connect: read it, then follow /api/events from its last_event_id.

    With ``zone`` the snapshot is narrowed to that waiting room and carries ``zone``
    (id, name, counter ids, service codes): the display applies the same rule to each event
    of the public stream (a call to a counter elsewhere, a count of a service not served here).
    Without it, ``zones`` lists the office's zones (ids, names) for a technician choosing one."""
    with c.db.read() as conn:
        snapshot = public_state(conn, c)
        if zone is None:
            snapshot["zones"] = [{"id": z["id"], "name": z["name"]} for z in zones.list_zones(conn)]
            return snapshot
        room = zones.zone(conn, zone)
    return {**zones.narrow(snapshot, room["counters"], room["services"]), "zone": room}


@router.get("/api/tickets/{token}")
def ticket_status(token: str, request: Request, c: AppContext = Depends(ctx)) -> dict:
    """The ticket's public status (the QR code's target): masked NIK only."""
    with c.db.read() as conn:
        t = office.ticket_by_token(conn, token)
        if t is None:
            raise DomainError("unknown_ticket")
        return citizen_view(payloads.citizen_ticket(conn, t, c.office), c, request)


@router.get("/api/events", response_class=EventStreamResponse,
            responses={200: {"content": {"text/event-stream": {}}},
                       503: {"description": "Too many open public streams (too_many_streams); see Retry-After"}})
async def public_events(request: Request, last_event_id: Optional[int] = Query(None, ge=0, le=MAX_ID),
                        last_event_header: Optional[str] = Header(None, alias="Last-Event-ID"),
                        c: AppContext = Depends(ctx)):
    """Server-Sent Events without personal data. Reconnect with Last-Event-ID to get what was missed.

    At most ``max_public_streams`` are open at once; beyond that 503 ``too_many_streams``
    with Retry-After, so a crowd of idle clients cannot take the kiosks' connections."""
    return open_public_stream(c, parse_last_id(last_event_header, last_event_id))


def open_public_stream(c: AppContext, last_id: Optional[int]) -> EventStreamResponse:
    """The public stream from ``last_id`` on, or ``too_many_streams`` (also the fast lane's way in)."""
    if c.hub.public_streams >= c.settings.max_public_streams:
        raise DomainError("too_many_streams", retry_after=STREAM_RETRY_SECONDS)
    return event_stream(c, staff=False, last_id=last_id)
