"""The online application: the public form's API, its status, photo uploads, and the back office's inbox."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Literal, Optional
from urllib.parse import quote

from fastapi import APIRouter, Depends, Path, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from server.domain import online, online_rules
from server.domain.accounts import Staff
from server.domain.errors import DomainError
from server.domain.regions import region_name
from server.http import limits
from server.http.abuse import AbuseGuard
from server.http.context import AppContext, ctx
from server.http.deps import Id, auth_first, authenticate, current_staff
from server.http.static import page
from server.storage import online_queries as q
from server.storage.uploads import UploadLimits, UploadStore, delete_files, too_large

router = APIRouter()  # app.py includes this one: public routes and pages, then ``staff_api``
staff_api = APIRouter(tags=["online (staff)"], route_class=auth_first("staff"))

CODE = r"^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$"
Code = Path(..., pattern=CODE, description="The tracking code, e.g. K7QM-2XPA-9HTD")
# The body limit's ceiling is the largest photo a setting may allow; the route holds each to the office's
# own limit (``upload_max_mb``), from the declared Content-Length before reading when there is one.
limits.PATTERN_LIMITS.append((re.compile(r"/api/online/applications/[^/]{14}/files/[a-z]{2,3}"),
                              10 * 1024 * 1024 + 1, "upload_too_large"))


class NewApplication(BaseModel):
    service: str = Field(..., min_length=1, max_length=1, description="The service's code letter (services.online)")
    nik: str = Field(..., max_length=40, description="16 digits; spaces, dots and hyphens are ignored")
    name: str = Field(..., max_length=120, description="Full name as on the KTP")
    address: str = Field(..., max_length=300)
    phone: Optional[str] = Field(None, max_length=30, description="WhatsApp number (08..., +62...)")
    email: Optional[str] = Field(None, max_length=200, description="E-mail (phone or e-mail: at least one)")
    need: str = Field(..., max_length=1000, description="What the citizen needs, in their words")
    consent: bool = Field(..., description="Consent to the processing of personal data (UU 27/2022); must be true")
    language: Literal["id", "en"] = Field("id", description="The language of the messages")


class Receipt(BaseModel):
    code: str = Field(..., description="The unguessable tracking code")
    status_url: str = Field(..., description="The public status page (no personal data)")
    deadline: str = Field(..., description="The working day it will be answered by, YYYY-MM-DD")
    deadline_words: str = Field(..., description='e.g. "dijawab paling lambat Kamis, 3 Desember 2026"')


class CheckBody(BaseModel):
    result: Literal["registered", "not_registered", "home_visit"] = Field(
        ..., description="The SIKS-NG check's result (vocabulary SIKS_RESULTS)")


class ReplyBody(BaseModel):
    reply: Optional[str] = Field(None, max_length=2000, description="The answer; empty: the result's template")


def guard(request: Request) -> AbuseGuard:
    state = request.app.state
    if getattr(state, "online_guard", None) is None:
        state.online_guard = AbuseGuard()
    return state.online_guard


def store(request: Request, c: AppContext) -> UploadStore:
    state = request.app.state
    if getattr(state, "online_uploads", None) is None:
        s, mb = c.settings, 1024 * 1024
        state.online_uploads = UploadStore(s.data_dir, UploadLimits(
            max_bytes=int(s.upload_max_mb * mb), budget_bytes=int(s.uploads_budget_mb * mb),
            min_free_bytes=int(s.uploads_min_free_mb * mb)))
    return state.online_uploads


def client_address(request: Request) -> str:
    """uvicorn's view: the peer, or a trusted proxy's X-Forwarded-For (never a header the client picks)."""
    return request.client.host if request.client else "?"


async def _form_or_json(request: Request) -> dict:
    content_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type == "application/json":
        try:
            data = json.loads(await request.body())
        except ValueError:
            raise DomainError("malformed_request") from None
        if not isinstance(data, dict):
            raise DomainError("invalid_request")
        return data
    if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.form()
        return {k: v for k, v in form.items() if isinstance(v, str)}
    raise DomainError("unsupported_media_type")


@router.get("/api/online/services", tags=["online"], summary="The services open to online applications")
def services(c: AppContext = Depends(ctx)) -> dict:
    """``{"services": [{"code", "name", "name_en", "requirements", "requirements_en"}], "retention_days",
    "office"}``: what the form offers, and how long personal data is kept (for the privacy notice)."""
    with c.db.read() as conn:
        found = q.online_services(conn)
    return {"services": found, "retention_days": c.retention_days,
            "office": c.office.profile_value("name") or ""}


@router.get("/api/online/challenge", tags=["online"], summary="A proof-of-work puzzle for a busy address")
def challenge(request: Request) -> dict:
    """``{"challenge", "bits"}``: find ``nonce`` so that sha256(challenge + nonce) starts with ``bits`` zero bits,
    then send ``X-Proof-Challenge`` and ``X-Proof-Nonce`` with the application."""
    return guard(request).challenge()


@router.post("/api/online/applications", status_code=201, tags=["online"], response_model=Receipt,
             summary="Apply online (public; JSON or an HTML form)",
             responses={200: {"description": "The same application sent again: its receipt"},
                        428: {"description": "A busy address: solve the attached puzzle and send again"},
                        429: {"description": "Too many applications: Retry-After says when to try again"}},
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/json": {"schema": NewApplication.model_json_schema()},
                 "application/x-www-form-urlencoded": {"schema": NewApplication.model_json_schema()}}}})
async def apply(request: Request, c: AppContext = Depends(ctx)):
    """Returns ``{"code", "status_url", "deadline", "deadline_words"}``; the citizen gets the same by message.
    Bad input: 422 ``invalid_field`` with every problem next to its field, in Indonesian and English."""
    data = await _form_or_json(request)
    g = guard(request)
    g.admit(client_address(request), request.headers.get("x-proof-challenge"), request.headers.get("x-proof-nonce"))
    today = dt.datetime.fromtimestamp(c.clock(), c.zone).date()
    fields = online_rules.checked_application(data, today, region_lookup=region_name)
    g.admit_nik(fields["nik"])
    base, zone, address = c.public_url(request), c.zone, client_address(request)
    outcome, receipt = await c.write(lambda tx: online.submit(tx, fields, str(data.get("service") or ""), zone,
                                                              base, address))
    receipt["nik_warnings"] = fields["nik_warnings"]
    return JSONResponse(receipt, status_code=201 if outcome == "new" else 200)


@router.get("/api/online/applications/{code}", tags=["online"], summary="An application's status (public, by code)")
def status(code: str = Code, c: AppContext = Depends(ctx)) -> dict:
    """No personal data: service, dates, status, the SIKS-NG result and the reply once answered, and the letter's
    verification code once approved (the letter itself needs the NIK: ``POST /api/letters/{verify_code}/copy``)."""
    with c.db.read() as conn:
        found = q.public_status(conn, code, c.today())
    if found is None:
        raise DomainError("unknown_application")
    return found


@router.put("/api/online/applications/{code}/files/{kind}", tags=["online"],
            summary="Attach a photo of the KTP or KK (raw JPEG or PNG body)",
            openapi_extra={"requestBody": {"required": True, "content": {
                "image/jpeg": {"schema": {"type": "string", "format": "binary"}},
                "image/png": {"schema": {"type": "string", "format": "binary"}}}}})
async def upload(request: Request, kind: Literal["ktp", "kk"], code: str = Code,
                 c: AppContext = Depends(ctx)) -> dict:
    """Until the application is answered; a second photo of the same kind replaces the first.
    413 ``upload_too_large``, 422 ``invalid_upload`` (not a JPEG or PNG), 507 ``uploads_full``."""
    photos = store(request, c)
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > photos.limits.max_bytes:
        raise too_large(photos.limits)  # refused before a byte is read
    data = await request.body()
    with c.db.read() as conn:
        found = q.by_code(conn, code)
    if found is None:
        raise DomainError("unknown_application")
    if found.status not in (online_rules.RECEIVED, online_rules.CHECKED):
        raise DomainError("application_step", status=found.status)
    saved = await run_in_threadpool(photos.save, data)  # written 0600 first; recorded only if that worked
    try:
        file_id, old = await c.write(lambda tx: online.attach_file(tx, found.id, code, kind, saved))
    except BaseException:
        delete_files([saved["path"]])
        raise
    delete_files([o.path for o in old if o.path])
    photos.forget(sum(o.size for o in old))
    return {"id": file_id, "kind": kind, "content_type": saved["content_type"], "size": saved["size"]}


@staff_api.get("/api/online/inbox", summary="Online applications by deadline, overdue ones marked (staff)")
async def inbox(closed: bool = False, user: Staff = Depends(current_staff), c: AppContext = Depends(ctx)) -> dict:
    """Names and codes, no NIK: opening one (``/full``) shows it and is audited."""
    today = c.today()
    with c.db.read() as conn:
        return {"applications": q.inbox(conn, today, include_closed=closed), "today": today}


@staff_api.get("/api/online/applications/{application_id}/full", summary="One application with the NIK (audited)")
async def full(application_id: Id, user: Staff = Depends(current_staff), c: AppContext = Depends(ctx)) -> dict:
    today = c.today()
    return await c.write(lambda tx: online.view_full(tx, application_id, user, today))


@staff_api.get("/api/online/applications/{application_id}/files/{file_id}", summary="A photo (audited)")
async def photo(application_id: Id, file_id: Id, request: Request, user: Staff = Depends(current_staff),
                c: AppContext = Depends(ctx)) -> Response:
    row = await c.write(lambda tx: online.look_at_file(tx, application_id, file_id, user))
    data = await run_in_threadpool(store(request, c).read, row.path)
    return Response(data, media_type=row.content_type,
                    headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff",
                             "Content-Disposition": f'inline; filename="{row.kind}"'})


@staff_api.post("/api/online/applications/{application_id}/check", summary="Record the SIKS-NG check's result")
async def check(application_id: Id, body: CheckBody, user: Staff = Depends(current_staff),
                c: AppContext = Depends(ctx)) -> dict:
    """Returns the status and ``reply_draft``: the result's reply template, filled in, for the clerk to edit."""
    return await c.write(lambda tx: online.check(tx, application_id, body.result, user))


@staff_api.post("/api/online/applications/{application_id}/reply", summary="Answer the citizen (message sent)")
async def reply(application_id: Id, body: ReplyBody, request: Request, user: Staff = Depends(current_staff),
                c: AppContext = Depends(ctx)) -> dict:
    base = c.public_url(request)
    data = body.model_dump(exclude_none=True)
    return await c.write(lambda tx: online.reply(tx, application_id, data, user, base))


@staff_api.post("/api/online/applications/{application_id}/letter", summary="Draft the DTKS letter for approval")
async def letter(application_id: Id, user: Staff = Depends(current_staff), c: AppContext = Depends(ctx)) -> dict:
    """A draft (``{"id", "status": "draft", "verify_code", ...}``); a letter signer approves it (``/api/letters``)."""
    zone = c.zone
    return await c.write(lambda tx: online.produce_letter(tx, application_id, user, zone))


@staff_api.post("/api/online/applications/{application_id}/close", summary="Close an answered application")
async def close(application_id: Id, user: Staff = Depends(current_staff), c: AppContext = Depends(ctx)) -> dict:
    return await c.write(lambda tx: online.close(tx, application_id, user))


@router.get("/online", include_in_schema=False)
def online_page() -> Response:
    return page("online.html")


@router.get("/a/{code}", include_in_schema=False)
def status_page(code: str) -> Response:
    return page("application-status.html", private=True)


@router.get("/inbox", include_in_schema=False)
def inbox_page(request: Request, c: AppContext = Depends(ctx)) -> Response:
    """The back office's inbox (login first)."""
    try:
        authenticate(request, c)
    except DomainError:
        return RedirectResponse(f"/login?next={quote(request.url.path, safe='')}", status_code=303)
    return page("inbox.html", private=True)


router.include_router(staff_api)
