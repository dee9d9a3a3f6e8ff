"""The kiosk's endpoint: issue a ticket. Authenticated by the kiosk's own key."""

from __future__ import annotations

import logging
from typing import Literal, Optional

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from common import nik as nik_rules

from . import issuing, office
from .context import AppContext, ctx
from .deps import current_kiosk
from .errors import DomainError
from .regions import region_name

log = logging.getLogger("antre.kiosk")
router = APIRouter(tags=["kiosk"])

Priority = Literal["lansia", "disabilitas", "ibu_hamil", "anak", "korban_bencana"]


class TicketRequest(BaseModel):
    service: str = Field(..., min_length=1, max_length=1, description="Service code letter, e.g. A")
    nik: str = Field(..., max_length=40, description="16 digits; spaces, dots and hyphens are ignored")
    priority: Optional[Priority] = None
    request_id: Optional[str] = Field(None, min_length=1, max_length=64,
                                      description="Client-chosen id: a retry with the same id never makes a second ticket")


@router.post("/api/tickets", status_code=201, responses={200: {"description": "Repeated request or existing active ticket"}})
async def issue_ticket(body: TicketRequest, request: Request, kiosk_id: int = Depends(current_kiosk),
                       c: AppContext = Depends(ctx)):
    check = nik_rules.check(body.nik, today=None, region_lookup=region_name)
    if not check.valid:
        raise DomainError("invalid_nik", errors=[e.as_dict() for e in check.errors])
    req = issuing.IssueRequest(kiosk_id=kiosk_id, service_code=body.service, nik=check.digits,
                               priority=body.priority, request_id=body.request_id)
    zone, base = c.zone, c.public_url(request)

    def job(tx):
        issued = issuing.issue(tx, req, zone, c.office, c.waiting)
        return issued.outcome, office.ticket_status(tx.conn, issued.ticket, zone, base, c.office, issued.position)

    outcome, view = await c.write(job)
    view.update({"outcome": outcome, "existing": outcome == "existing",
                 "nik_warnings": [w.as_dict() for w in check.warnings]})
    log.debug("ticket %s %s by kiosk %s", view["number"], outcome, kiosk_id)
    return JSONResponse(view, status_code=201 if outcome == "new" else 200)
