"""FastAPI dependencies: who is calling (staff session, kiosk key), and bounded ids."""

from __future__ import annotations

from typing import Annotated, Optional

from fastapi import Depends, Path, Request
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

from server.domain.accounts import Staff, digest, session_user
from server.domain.errors import DomainError
from server.domain.fields import MAX_ID
from server.http.context import AppContext, ctx

SESSION_COOKIE = "antre_session"

Id = Annotated[int, Path(ge=1, le=MAX_ID)]


def bearer(request: Request) -> Optional[str]:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return None


def session_token(request: Request) -> Optional[str]:
    return bearer(request) or request.cookies.get(SESSION_COOKIE)


def cached_staff(c: AppContext, token: str) -> Optional[Staff]:
    """The session's user if the cache knows it (no I/O: fine on the event loop)."""
    hit = c.session_cache.get(digest(token))
    return hit[0] if hit is not None and hit[1] > c.clock() else None


def staff_for_token(c: AppContext, token: str) -> Optional[Staff]:
    """The session's user, from the cache or the database (may block briefly)."""
    user = cached_staff(c, token)
    if user is not None:
        return user
    generation = c.session_cache.generation  # before reading: a clear meanwhile wins
    now = c.clock()
    with c.db.read() as conn:
        user = session_user(conn, token, now)
    if user is not None:
        c.session_cache.put(digest(token), (user, now + min(60, c.settings.session_hours * 3600)), generation)
    return user


def authenticate(request: Request, c: AppContext) -> Staff:
    """The logged-in staff member, or ``unauthenticated`` (blocking; for plain ``def`` callers)."""
    token = session_token(request)
    user = staff_for_token(c, token) if token else None
    if user is None:
        raise DomainError("unauthenticated")
    return user


async def current_staff(request: Request, c: AppContext = Depends(ctx)) -> Staff:
    token = session_token(request)
    if not token:
        raise DomainError("unauthenticated")
    user = cached_staff(c, token) or await run_in_threadpool(staff_for_token, c, token)
    if user is None:
        raise DomainError("unauthenticated")
    return user


def require(role: str):
    async def dependency(user: Staff = Depends(current_staff)) -> Staff:
        if not user.has(role):
            raise DomainError("forbidden")
        return user
    return dependency


def auth_first(role: str) -> type[APIRoute]:
    """A route class whose routes check the session and ``role`` before anything else.

    FastAPI reads and parses the request body before it solves dependencies, so
    without this an anonymous client could make the server read megabytes for a
    route it may not even call. The dependencies still run (from the cache)."""
    class AuthFirstRoute(APIRoute):
        def get_route_handler(self):
            handler = super().get_route_handler()

            async def checked(request: Request):
                user = await current_staff(request, request.app.state.ctx)
                if not user.has(role):
                    raise DomainError("forbidden")
                return await handler(request)
            return checked
    AuthFirstRoute.__name__ = f"AuthFirst_{role}"
    return AuthFirstRoute


async def current_kiosk(request: Request, c: AppContext = Depends(ctx)) -> int:
    # async: a dict lookup needs no worker thread (this runs for every ticket)
    key = bearer(request)
    kiosk_id = c.device_keys.lookup(key, "kiosk") if key else None
    if kiosk_id is None:
        raise DomainError("unauthenticated", message="Kunci kiosk tidak valid atau sudah dicabut.",
                          message_en="The kiosk key is missing, invalid or revoked.")
    return kiosk_id
