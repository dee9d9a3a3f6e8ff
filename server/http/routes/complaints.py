"""The complaint register: cases from every channel, their life and their summary."""

from __future__ import annotations

from typing import Literal, Optional

from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from server.domain import complaint_cases as cases
from server.domain.accounts import Staff
from server.domain.errors import DomainError
from server.http.context import AppContext, ctx
from server.http.deps import Id, auth_first, authenticate, current_staff
from server.http.static import page
from server.storage import complaint_queries

api = APIRouter(tags=["complaints"], route_class=auth_first("staff"))
router = APIRouter()  # app.py includes this one: the page below, then ``api``

DAY = r"^\d{4}-\d{2}-\d{2}$"
Channel = Literal["counter", "letter", "whatsapp", "online"]
Status = Literal["diterima", "diverifikasi", "ditindaklanjuti", "selesai"]


class NewComplaint(BaseModel):
    channel: Channel = Field(..., description="Where it came in: vocabulary COMPLAINT_CHANNELS")
    category: str = Field(..., max_length=30, description="vocabulary COMPLAINT_CATEGORIES")
    description: str = Field(..., max_length=4000, description="What the citizen complains about")
    complainant_name: str = Field("", max_length=120)
    complainant_contact: str = Field("", max_length=200, description="Phone, WhatsApp, address or e-mail")
    confidential: bool = Field(False, description="Hide the identity from all but complaint officers "
                                                  "(UU 25/2009 Pasal 42)")
    ticket_id: Optional[int] = Field(None, ge=1, le=2**53, description="The ticket at the counter, if any")
    service: Optional[str] = Field(None, max_length=4, description="The service's code, if not the ticket's")


class ComplaintChange(BaseModel):
    assigned_to: Optional[str] = Field(None, max_length=80, description="A complaint officer's username "
                                                                        "(empty to unassign)")
    verification: Optional[str] = Field(None, max_length=4000, description="What was checked, and found")
    response: Optional[str] = Field(None, max_length=4000, description="The office's answer to the complainant")
    status: Optional[Status] = Field(None, description="Forward only: diterima, diverifikasi, "
                                                       "ditindaklanjuti, selesai")


@api.post("/api/complaints", status_code=201, summary="Record a complaint (any staff member)")
async def record(body: NewComplaint, user: Staff = Depends(current_staff), c: AppContext = Depends(ctx)) -> dict:
    """Returns ``{"id", "code", "status", "deadline"}``; the deadline is the office's response days counted in
    working days from today."""
    data = body.model_dump()
    return await c.write(lambda tx: cases.record(tx, data, user, c.zone))


@api.get("/api/complaints/summary", summary="The complaints received in a period (supervisor, complaint officer)")
def summary(date_from: str = Query(..., alias="from", pattern=DAY, description="First office day, YYYY-MM-DD"),
            date_to: str = Query(..., alias="to", pattern=DAY, description="Last office day (inclusive)"),
            user: Staff = Depends(current_staff), c: AppContext = Depends(ctx)) -> dict:
    """``{"received", "by_channel", "by_category", "by_status", "closed", "closed_within_deadline",
    "overdue_open"}``: counts only, no names."""
    with c.db.read() as conn:
        if not (user.has("supervisor") or complaint_queries.is_complaint_officer(conn, user.id)):
            raise DomainError("forbidden")
        return complaint_queries.summary(conn, date_from, date_to, c.today(), c.zone)


@api.get("/api/complaints", summary="The register: open cases by deadline, then closed (audited)")
async def register(status: Optional[Status] = Query(None), overdue: Optional[bool] = Query(None),
                   user: Staff = Depends(current_staff), c: AppContext = Depends(ctx)) -> dict:
    """Complaint officers and supervisors. A confidential complainant's name and contact read "Dirahasiakan"
    for anyone who is not a complaint officer."""
    today = c.today()
    return await c.write(lambda tx: cases.listing(tx, user, today, status, overdue))


@api.get("/api/complaints/{complaint_id}", summary="One case (audited look)")
async def one(complaint_id: Id, user: Staff = Depends(current_staff), c: AppContext = Depends(ctx)) -> dict:
    today = c.today()
    return await c.write(lambda tx: cases.view(tx, complaint_id, user, today))


@api.patch("/api/complaints/{complaint_id}", summary="Assign, verify, respond, move the status forward (audited)")
async def change(complaint_id: Id, body: ComplaintChange, user: Staff = Depends(current_staff),
                 c: AppContext = Depends(ctx)) -> dict:
    data = body.model_dump(exclude_unset=True)
    today = c.today()
    return await c.write(lambda tx: cases.change(tx, complaint_id, data, user, today))


@router.get("/pengaduan", include_in_schema=False)
def complaints_page(request: Request, c: AppContext = Depends(ctx)) -> Response:
    """The register's page (login first; the page itself says so to a clerk who may only record)."""
    try:
        authenticate(request, c)
    except DomainError:
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(here, safe='')}", status_code=303)
    return page("complaints.html", private=True)


router.include_router(api)
