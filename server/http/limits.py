"""``BodyLimit``: no request body larger than its route allows is ever read.

The check happens when the application first asks for the body, not when the
request arrives: a route that authenticates first (``deps.auth_first``) answers
401 or 403 without reading a byte, while an authenticated request with a
Content-Length over the limit is refused at once, and a body without one is
counted as it streams in. Whatever the protocol buffers before that is bounded
by uvicorn's flow control (it pauses reading at 64 KiB).
"""

from __future__ import annotations

import re

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.http.status import error_response

JSON_LIMIT = 64 * 1024
# Paths with a variable part and their own (limit, error code), registered by their router
# (the online form's photo upload: ``/api/online/applications/{code}/files/{kind}``).
PATTERN_LIMITS: list[tuple["re.Pattern[str]", int, str]] = []


class BodyTooLarge(HTTPException):
    """Raised from ``receive``; FastAPI passes HTTP exceptions through its body parsing."""

    def __init__(self, code: str):
        super().__init__(status_code=413)
        self.code = code


class BodyLimit:
    def __init__(self, app: ASGIApp, limit: int = JSON_LIMIT, per_path: dict[str, tuple[int, str]] | None = None):
        """``per_path`` maps an exact path to its own (limit, error code), e.g. the logo upload."""
        self.app = app
        self.limit = limit
        self.per_path = per_path or {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit, code = self.per_path.get(scope["path"], (self.limit, "request_too_large"))
        for pattern, own_limit, own_code in PATTERN_LIMITS:
            if pattern.fullmatch(scope["path"]):
                limit, code = own_limit, own_code
        declared = _content_length(scope)
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            if declared is not None and declared > limit:
                raise BodyTooLarge(code)
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(code)
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, watched_send)
        except BodyTooLarge as exc:  # only if no handler inside answered it
            if started:
                raise
            await error_response(exc.code)(scope, receive, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
