"""Staff log in and out, and choose the language of their own pages. Failed logins are
rate-limited per username at an address and per address."""

from __future__ import annotations

import math
from typing import Optional

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from server.domain.accounts import Staff, check_login, create_session, digest, end_session, set_language
from server.domain.errors import DomainError
from server.http.context import AppContext, ctx
from server.http.deps import SESSION_COOKIE, current_staff, session_token

router = APIRouter(tags=["auth"])


class Login(BaseModel):
    username: str = Field(..., min_length=1, max_length=60)
    password: str = Field(..., min_length=1, max_length=200)


class Me(BaseModel):
    id: int
    username: str
    name: str = Field(..., description="The name shown for the account")
    role: str = Field(..., description="staff, supervisor or admin (vocabulary.STAFF_ROLES)")
    counter_id: Optional[int] = None
    language: str = Field("id", description="The language of the account's pages: id or en (vocabulary.LANGUAGES)")


class Language(BaseModel):
    # Anything else is refused with the domain's own field problem, in both languages.
    language: str = Field(..., max_length=8, description="id (Indonesian) or en (English)",
                          json_schema_extra={"enum": ["id", "en"]})


def staff_view(user: Staff) -> dict:
    return {"id": user.id, "username": user.username, "name": user.display_name, "role": user.role,
            "counter_id": user.counter_id, "language": user.language}


@router.post("/api/auth/login")
async def login(body: Login, request: Request, response: Response, c: AppContext = Depends(ctx)) -> dict:
    address = request.client.host if request.client else "?"
    # Per username *at this address*, and per address: someone guessing in the lobby
    # locks the lobby out, not the clerk logging in at her counter.
    pair, whole = f"login:{body.username.lower()}@{address}", f"addr:{address}"
    wait = c.limiter.reserve({pair: c.settings.login_max_failures,
                              whole: c.settings.login_max_failures_per_address})
    if wait > 0:
        raise DomainError("too_many_attempts", retry_after=math.ceil(wait))

    def verify():
        with c.db.read() as conn:
            return check_login(conn, body.username, body.password)

    try:
        user = await run_in_threadpool(verify)  # argon2 takes tens of ms: keep it off the loop
    except BaseException:
        c.limiter.settled(pair, whole)
        raise
    if user is None:
        c.limiter.failed(pair, whole)
        await c.write(lambda tx: tx.audit(f"user:{body.username[:60]}", "auth.failed",
                                          detail={"address": address}))
        raise DomainError("invalid_credentials")
    c.limiter.settled(pair, whole, forget=(pair,))
    token = await c.write(lambda tx: create_session(tx, user, c.settings.session_hours))
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="strict",
                        max_age=int(c.settings.session_hours * 3600), path="/")
    return {"token": token, "user": staff_view(user)}


@router.post("/api/auth/logout")
async def logout(request: Request, response: Response, user: Staff = Depends(current_staff),
                 c: AppContext = Depends(ctx)) -> dict:
    token = session_token(request)
    c.session_cache.pop(digest(token), None)
    await c.write(lambda tx: end_session(tx, token, user.actor))
    c.hub.recheck_staff()  # its event streams end too
    response.delete_cookie(SESSION_COOKIE, path="/")
    return {"ok": True}


@router.get("/api/auth/me", response_model=Me, summary="The logged-in account, with its language")
def me(user: Staff = Depends(current_staff)) -> dict:
    return staff_view(user)


@router.put("/api/auth/me/language", summary="Choose the language of one's own pages")
async def put_language(body: Language, user: Staff = Depends(current_staff), c: AppContext = Depends(ctx)) -> dict:
    """The logged-in user sets her staff and admin pages to Indonesian (``id``) or English
    (``en``). It is kept with the account, so it follows her to every PC; an unknown language
    is refused as a field problem. Not audited: it changes nothing anyone else sees."""
    return await c.write(lambda tx: set_language(tx, user, body.language))
