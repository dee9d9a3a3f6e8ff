"""Letters: drafting, approval, the register with revoke, the PDF, and the public verification page.

Staff routes need a session (``auth_first``); the verification answer, its page and the citizen's own
copy are public. The public answer holds a masked name and NIK only; the copy is handed out only to
whoever types the holder's NIK, with failed tries limited per address and per letter, so a link in a
WhatsApp message never gives a NIK to whoever holds the link.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Literal, Optional
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from server.domain import letter_register as register
from server.domain import letters as rules
from server.domain.accounts import LoginLimiter, Staff
from server.domain.errors import DomainError
from server.http.context import AppContext, ctx
from server.http.deps import Id, auth_first, authenticate, current_staff, require
from server.http.static import page
from server.storage import letter_queries

router = APIRouter()  # app.py includes this one: pages and public routes, then the staff and admin APIs
api = APIRouter(tags=["letters"], route_class=auth_first("staff"))
admin_api = APIRouter(tags=["admin"], route_class=auth_first("admin"))
PDF = "application/pdf"
CODE = r"^[A-Za-z0-9]{6,40}$"
Result = Literal["registered", "not_registered", "home_visit"]
Status = Literal["draft", "approved", "revoked"]
COPY_FAILURES_PER_CODE, COPY_FAILURES_PER_ADDRESS, COPY_WINDOW = 5, 20, 3600.0


class NewLetter(BaseModel):
    ticket_id: int = Field(..., ge=1, le=2**53, description="The ticket at the counter: the NIK comes from it")
    holder_name: str = Field(..., max_length=120, description="The holder's name as on the KTP, typed by the clerk")
    address: str = Field("", max_length=300, description="The holder's address")
    result: Result = Field(..., description="The SIKS-NG check result (vocabulary SIKS_RESULTS)")
    checked_on: date = Field(..., description="The day the back office checked SIKS-NG, YYYY-MM-DD")


class Revoke(BaseModel):
    reason: str = Field(..., max_length=300, description="Why the letter is revoked (kept in the register)")


class CopyRequest(BaseModel):
    nik: str = Field(..., max_length=40, description="The holder's NIK: the copy is given only when it matches")


class LetterTemplate(BaseModel):
    number_pattern: str = Field(..., max_length=80, description="e.g. 460/{seq}/Dinsos/{month_roman}/{year}; "
                                                                 "{seq} is the year's running number")
    title: str = Field(..., max_length=80)
    paragraphs: list[str] = Field(..., max_length=12, description="Body paragraphs; placeholders {nama}, {nik}, "
                                                                   "{alamat}, {hasil}, {tanggal_cek}")
    legal_basis: str = Field("", max_length=400, description="Dasar hukum (empty: the office profile's)")
    data_source: str = Field("", max_length=120, description="The data source's name, e.g. DTKS (kini DTSEN)")
    signer_title: str = Field("", max_length=120, description="Empty: the profile's head_title")
    signer_name: str = Field("", max_length=120, description="Empty: the profile's head_name")
    signer_nip: str = Field("", max_length=30, description="Empty: the profile's head_nip")
    place: str = Field("", max_length=60, description="Where it is signed (empty: the profile's city)")
    allow_self_approval: bool = Field(False, description="A signer may approve a draft they wrote themselves")


def _logo(c: AppContext) -> Optional[bytes]:
    path = c.settings.data_dir / "logo.png"
    return path.read_bytes() if path.is_file() else None


def _verify_url(c: AppContext, request: Request, code: str) -> str:
    return f"{c.public_url(request)}/v/{code}"


async def _pdf(c: AppContext, request: Request, letter: dict, template: dict, filename: str) -> Response:
    with c.db.read() as conn:
        profile = letter_queries.profile(conn)
    url = _verify_url(c, request, letter["verify_code"])
    today = date.fromisoformat(c.today())
    from server.documents.letter_pdf import letter_pdf  # reportlab: loaded when first asked for
    body = await run_in_threadpool(lambda: letter_pdf(letter, template, profile=profile, logo_png=_logo(c),
                                                      verify_url=url, zone=c.zone, today=today))
    return Response(body, media_type=PDF, headers={"Content-Disposition": f'inline; filename="{filename}"',
                                                   "Cache-Control": "no-store"})


# -- public: the verification page, its answer, the holder's own copy ------------------------------------

@router.get("/v/{code}", include_in_schema=False)
def verify_page(code: str) -> Response:
    return page("verify.html")


@router.get("/api/letters/verify/{code}", tags=["public"], summary="Is this letter genuine? (public)")
def verify(code: str, c: AppContext = Depends(ctx)) -> dict:
    """``{"valid", "number", "issued_on", "office", "holder_masked", "nik_masked", "revoked"}`` (plus ``draft``,
    ``revoked_at``): valid only for an approved, unrevoked letter; a masked name and NIK, never the full ones.
    An unknown code is a 404."""
    with c.db.read() as conn:
        row = letter_queries.row_by_code(conn, code[:40])
        office = letter_queries.profile(conn).get("name") or ""
    return register.verification(row, office)


@router.post("/api/letters/{verify_code}/copy", tags=["public"], response_class=Response,
             summary="The holder's own copy of an approved letter, given when their NIK matches (public)",
             responses={200: {"content": {PDF: {}}}, 403: {"description": "The NIK does not match"},
                        429: {"description": "Too many wrong NIKs for this letter or from this address"}})
async def copy(verify_code: str, body: CopyRequest, request: Request, c: AppContext = Depends(ctx)) -> Response:
    limiter = getattr(request.app.state, "letter_copy_limiter", None)
    if limiter is None:
        limiter = request.app.state.letter_copy_limiter = LoginLimiter(COPY_FAILURES_PER_ADDRESS, COPY_WINDOW,
                                                                       clock=c.clock)
    address = request.client.host if request.client else "?"
    keys = {f"code:{verify_code[:40]}": COPY_FAILURES_PER_CODE, f"addr:{address}": COPY_FAILURES_PER_ADDRESS}
    wait = limiter.reserve(keys)
    if wait > 0:
        raise DomainError("too_many_attempts", "Terlalu banyak percobaan NIK. Coba lagi nanti atau hubungi kantor.",
                          "Too many NIK attempts. Try again later or contact the office.",
                          retry_after=math.ceil(wait))
    try:
        found = await c.write(lambda tx: register.for_citizen_copy(tx, verify_code[:40], body.nik, address))
    except BaseException:
        limiter.settled(*keys)
        raise
    if found is None:
        limiter.failed(*keys)
        raise register.wrong_nik()
    limiter.settled(*keys)
    letter, template = found
    return await _pdf(c, request, letter, template, f"surat-keterangan-{letter['seq']}-{letter['year']}.pdf")


# -- staff: the register ------------------------------------------------------------------------------------

@router.get("/surat", include_in_schema=False)
def letters_page(request: Request, c: AppContext = Depends(ctx)) -> Response:
    try:
        authenticate(request, c)
    except DomainError:
        return RedirectResponse(f"/login?next={quote('/surat', safe='')}", status_code=303)
    return page("letters.html", private=True)


@api.post("/api/letters", status_code=201, summary="Draft a Surat Keterangan for the ticket at the counter")
async def draft(body: NewLetter, user: Staff = Depends(current_staff), c: AppContext = Depends(ctx)) -> dict:
    """The NIK comes from the ticket; the letter has no number until a letter signer approves it.
    Returns the draft (``id``, ``status`` "draft", ``verify_code``, masked NIK...)."""
    data = body.model_dump()
    return await c.write(lambda tx: register.draft_for_ticket(tx, data, user))


@api.get("/api/letters", summary="The letters register (signers and supervisors: all; a clerk: their drafts)")
def listing(status: Optional[Status] = Query(None), user: Staff = Depends(current_staff),
            c: AppContext = Depends(ctx)) -> dict:
    """``{"letters": [...], "may_approve", "may_revoke", "whole_register"}``; drafts first. Masked NIKs only."""
    with c.db.read() as conn:
        return register.listing(conn, user, status)


@api.get("/api/letters/{letter_id}.pdf", response_class=Response, responses={200: {"content": {PDF: {}}}},
         summary="The letter as a PDF, with the full NIK (audited)")
async def staff_pdf(letter_id: Id, request: Request, user: Staff = Depends(current_staff),
                    c: AppContext = Depends(ctx)) -> Response:
    letter, template = await c.write(lambda tx: register.for_staff_pdf(tx, letter_id, user))
    name = f"surat-{letter['seq']}-{letter['year']}.pdf" if letter["number"] else f"konsep-surat-{letter_id}.pdf"
    return await _pdf(c, request, letter, template, name)


@api.get("/api/letters/{letter_id}", summary="One letter with the full NIK and address (audited look)")
async def one(letter_id: Id, user: Staff = Depends(current_staff), c: AppContext = Depends(ctx)) -> dict:
    return await c.write(lambda tx: register.look(tx, letter_id, user))


@api.post("/api/letters/{letter_id}/approve", summary="Approve a draft: numbered and released (letter signer)")
async def approve(letter_id: Id, user: Staff = Depends(current_staff), c: AppContext = Depends(ctx)) -> dict:
    """The year's next number is given now (gap-free); not the drafter's own draft unless the template allows."""
    return await c.write(lambda tx: rules.approve(tx, letter_id, user))


@api.post("/api/letters/{letter_id}/revoke", summary="Revoke an approved letter with a reason (signer or admin)")
async def revoke(letter_id: Id, body: Revoke, user: Staff = Depends(current_staff),
                 c: AppContext = Depends(ctx)) -> dict:
    return await c.write(lambda tx: rules.revoke(tx, letter_id, body.reason, user))


@api.delete("/api/letters/{letter_id}", status_code=204, response_class=Response,
            summary="Discard a draft (its drafter or a signer); it never had a number")
async def discard(letter_id: Id, user: Staff = Depends(current_staff), c: AppContext = Depends(ctx)) -> Response:
    await c.write(lambda tx: rules.discard(tx, letter_id, user))
    return Response(status_code=204)


# -- admin: the template ----------------------------------------------------------------------------------

@admin_api.get("/api/admin/letter-template", summary="The letter template (admin)")
def get_template(user: Staff = Depends(require("admin")), c: AppContext = Depends(ctx)) -> dict:
    """Blank signer fields, place and legal basis come from the office profile (head of office...)."""
    with c.db.read() as conn:
        return register.template(conn)


@admin_api.put("/api/admin/letter-template", summary="Save the letter template (admin)")
async def put_template(body: LetterTemplate, user: Staff = Depends(require("admin")),
                       c: AppContext = Depends(ctx)) -> dict:
    """Letters already approved keep the template they were approved with."""
    data = body.model_dump()
    return await c.write(lambda tx: register.save_template(tx, data, user))


@admin_api.post("/api/admin/letter-template/preview", response_class=Response,
                responses={200: {"content": {PDF: {}}}}, summary="A sample letter with this template (not saved)")
async def preview(body: LetterTemplate, request: Request, user: Staff = Depends(require("admin")),
                  c: AppContext = Depends(ctx)) -> Response:
    checked = rules.checked_template(body.model_dump())
    with c.db.read() as conn:
        template = rules.template_with_defaults(checked, letter_queries.profile(conn))
    return await _pdf(c, request, {**register.SAMPLE, "verify_code": "CONTOH"}, template, "contoh-surat.pdf")


router.include_router(api)
router.include_router(admin_api)
