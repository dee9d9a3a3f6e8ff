"""Staff-assisted issue: a clerk gives a number to a citizen who cannot use the
kiosk, and shows its QR code (the phone status page) on screen or on a slip."""

from __future__ import annotations

from typing import Literal, Optional

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from server.domain import assisted, payloads
from server.domain.accounts import Staff
from server.domain.errors import DomainError
from server.http.context import AppContext, ctx
from server.http.deps import Id, auth_first, current_staff
from server.http.views import citizen_view
from server.storage import queries as office

router = APIRouter(tags=["staff"], route_class=auth_first("staff"))


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
