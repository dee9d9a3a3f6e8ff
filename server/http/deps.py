"""FastAPI dependencies: who is calling (staff session, kiosk key)."""

from __future__ import annotations

from typing import Optional

from fastapi import Depends, Request

from server.domain.accounts import Staff, digest, session_user
from server.domain.errors import DomainError
from server.http.context import AppContext, ctx

SESSION_COOKIE = "antre_session"


def bearer(request: Request) -> Optional[str]:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return None


def session_token(request: Request) -> Optional[str]:
    return bearer(request) or request.cookies.get(SESSION_COOKIE)


def current_staff(request: Request, c: AppContext = Depends(ctx)) -> Staff:
    token = session_token(request)
    if not token:
        raise DomainError("unauthenticated")
    now = c.clock()
    key = digest(token)
    cached = c.session_cache.get(key)
    if cached and cached[1] > now:
        return cached[0]
    with c.db.read() as conn:
        user = session_user(conn, token, now)
    if user is None:
        c.session_cache.pop(key, None)
        raise DomainError("unauthenticated")
    c.session_cache[key] = (user, min(now + 60, now + c.settings.session_hours * 3600))
    return user


def require(role: str):
    def dependency(user: Staff = Depends(current_staff)) -> Staff:
        if not user.has(role):
            raise DomainError("forbidden")
        return user
    return dependency


async def current_kiosk(request: Request, c: AppContext = Depends(ctx)) -> int:
    # async: a dict lookup needs no worker thread (this runs for every ticket)
    key = bearer(request)
    kiosk_id = c.device_keys.lookup(key, "kiosk") if key else None
    if kiosk_id is None:
        raise DomainError("unauthenticated", message="Kunci kiosk tidak valid atau sudah dicabut.",
                          message_en="The kiosk key is missing, invalid or revoked.")
    return kiosk_id
