"""The fast lane: a kiosk's ticket request answered without the framework's layers.

At opening time twenty kiosks issue tickets as fast as citizens touch them, and
every ticket used to pass through seven ASGI layers (error and exception
middleware, origin check, body limit, router, dependency solver, response
class): together more CPU than the ticket itself. A request that is plainly a
kiosk's (a Bearer key, a JSON body with its length declared and within the limit)
takes this lane: its body is read here and handed to the same function the
documented route calls (``routes.kiosk.issue_answer``), and the answer is written
straight to the connection. Anything else, however odd, goes the normal way, so
the origin check, body limits and error handling stay the app's.
"""

from __future__ import annotations

import orjson
from typing import Awaitable, Callable, Optional

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from server.http import errors
from server.http.limits import JSON_LIMIT
from server.http.routes import kiosk

Answer = Callable[[Request, bytes], Awaitable[tuple[dict, int]]]
LANES: dict[tuple[str, str], Answer] = {("POST", "/api/tickets"): kiosk.issue_answer}
_JSON_HEADERS = [(b"content-type", b"application/json")]


def _declared_json_length(scope: Scope) -> Optional[int]:
    """The body's declared length if the request is a kiosk's plain JSON call, else None."""
    length = None
    bearer = json_body = False
    for name, value in scope["headers"]:
        if name == b"content-length":
            length = int(value) if value.isdigit() else None
        elif name == b"authorization":
            bearer = value[:7].lower() == b"bearer "
        elif name == b"content-type":
            json_body = value.split(b";", 1)[0].strip().lower() == b"application/json"
        elif name == b"transfer-encoding":
            return None
    if bearer and json_body and length is not None and length <= JSON_LIMIT:
        return length
    return None


async def _read_body(receive: Receive, length: int) -> Optional[bytes]:
    """The whole body, or None if the client went away (or sent more than it declared)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > length:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


async def take(app: ASGIApp, scope: Scope, receive: Receive, send: Send) -> bool:
    """Answer the request if it belongs in the fast lane (True); False: nothing read, pass it on."""
    answer = LANES.get((scope.get("method"), scope.get("path"))) if scope["type"] == "http" else None
    length = _declared_json_length(scope) if answer is not None else None
    if length is None:
        return False
    body = await _read_body(receive, length)
    if body is None:
        return True
    scope["app"] = app
    request = Request(scope, receive)
    try:
        view, status = await answer(request, body)
    except Exception as exc:
        await errors.answer_for(exc)(scope, receive, send)
        return True
    content = orjson.dumps(view)  # what JSONResponse writes, compact UTF-8, at a tenth of the cost
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-length", str(len(content)).encode()), *_JSON_HEADERS]})
    await send({"type": "http.response.body", "body": content})
    return True
