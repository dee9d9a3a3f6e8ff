"""The kiosk's endpoint: issue a ticket. Authenticated by the kiosk's own key."""

from __future__ import annotations

import datetime as dt
from typing import Literal, Optional

from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError

from common import nik as nik_rules
from server.domain import issuing, payloads
from server.domain.errors import DomainError
from server.domain.regions import region_name
from server.http.deps import current_kiosk
from server.http.views import citizen_view

router = APIRouter(tags=["kiosk"])

Priority = Literal["lansia", "disabilitas", "ibu_hamil", "anak", "korban_bencana"]


class TicketRequest(BaseModel):
    service: str = Field(..., min_length=1, max_length=1, description="Service code letter, e.g. A")
    nik: str = Field(..., max_length=40, description="16 digits; spaces, dots and hyphens are ignored")
    priority: Optional[Priority] = None
    request_id: Optional[str] = Field(None, min_length=1, max_length=64,
                                      description="Client-chosen id: a retry with the same id never makes a second ticket")


async def issue_answer(request: Request, body: bytes) -> tuple[dict, int]:
    """The answer to a kiosk's ``POST /api/tickets`` with this body: (view, HTTP status).

    Shared by the documented route below and the fast lane (``server.http.fast_lane``),
    which takes a well-formed kiosk request past the framework's layers: this is the
    one route kiosks hit thousands of times a minute at opening time.
    """
    c = request.app.state.ctx
    kiosk_id = await current_kiosk(request, c)
    try:
        req = TicketRequest.model_validate_json(body)
    except ValidationError as exc:
        raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in exc.errors()])
    today = dt.datetime.fromtimestamp(c.clock(), c.zone).date()  # the century guess uses the office's date
    check = nik_rules.check(req.nik, today=today, region_lookup=region_name)
    if not check.valid:
        raise DomainError("invalid_nik", errors=[e.as_dict() for e in check.errors])
    issue = issuing.IssueRequest(kiosk_id=kiosk_id, service_code=req.service, nik=check.digits,
                                 priority=req.priority, request_id=req.request_id)
    zone = c.zone

    def job(tx):
        issued = issuing.issue(tx, issue, zone, c.office, c.waiting)
        return issued.outcome, payloads.citizen_ticket(tx.conn, issued.ticket, c.office, issued.position)

    outcome, facts = await c.write(job)
    view = citizen_view(facts, c, request)
    view.update({"outcome": outcome, "existing": outcome == "existing",
                 "nik_warnings": [w.as_dict() for w in check.warnings]})
    return view, 201 if outcome == "new" else 200


@router.post("/api/tickets", status_code=201,
             responses={200: {"description": "Repeated request or existing active ticket"}},
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/json": {"schema": TicketRequest.model_json_schema()}}}})
async def issue_ticket(request: Request):
    """Issue a ticket (kiosk key). 201 new; 200 for a repeated request_id or the citizen's active ticket."""
    view, status = await issue_answer(request, await request.body())
    return JSONResponse(view, status_code=status)
