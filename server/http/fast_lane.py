"""The fast lane: the two requests that come by the thousand, answered without the framework's layers.

At opening time twenty kiosks issue tickets as fast as citizens touch them, and
every lobby display and phone holds the public event stream open. Each request
used to pass through a dozen ASGI layers (error and exception middleware, origin
check, body limit, router, dependency solver, response class): for a ticket more
CPU than the ticket itself, and for an open stream a chain of suspended frames
that every display kept in memory and every event went back through.

A request that is plainly one of these takes the lane:
- ``POST /api/tickets`` with a Bearer key and a JSON body whose length is declared
  and within the limit: the body is read here and handed to the function the
  documented route calls (``routes.kiosk.issue_answer``);
- ``GET /api/events`` with no query or just ``last_event_id``: opened by the function
  the documented route calls (``routes.public.open_public_stream``).
Anything else, however odd, goes the normal way, so the origin check, body limits,
validation and error handling stay the app's; errors raised here are answered by
the same ``server.http.errors``.
"""

from __future__ import annotations

import re
from typing import Awaitable, Callable, Optional

import orjson
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from server.http import errors
from server.http.deps import MAX_ID
from server.http.limits import JSON_LIMIT
from server.http.routes import kiosk, public
from server.http.sse import parse_last_id

_JSON_HEADERS = [(b"content-type", b"application/json")]
_LAST_ID_QUERY = re.compile(rb"last_event_id=(\d{1,16})")


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


async def _answer(run: Callable[[], Awaitable], scope: Scope, receive: Receive, send: Send):
    """``run()``'s result, or None once its exception has been answered."""
    try:
        return await run()
    except Exception as exc:
        await errors.answer_for(exc)(scope, receive, send)
        return None


async def _kiosk_ticket(app: ASGIApp, scope: Scope, receive: Receive, send: Send) -> bool:
    length = _declared_json_length(scope)
    if length is None:
        return False
    body = await _read_body(receive, length)
    if body is None:
        return True
    request = Request(scope, receive)
    answered = await _answer(lambda: kiosk.issue_answer(request, body), scope, receive, send)
    if answered is not None:
        view, status = answered
        content = orjson.dumps(view)  # what JSONResponse writes (compact UTF-8), at a tenth of the cost
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-length", str(len(content)).encode()), *_JSON_HEADERS]})
        await send({"type": "http.response.body", "body": content})
    return True


async def _public_events(app: ASGIApp, scope: Scope, receive: Receive, send: Send) -> bool:
    query = scope.get("query_string", b"")
    from_query = None
    if query:
        found = _LAST_ID_QUERY.fullmatch(query)
        if found is None or int(found.group(1)) > MAX_ID:
            return False  # other parameters, or a bad one: the route validates and explains
        from_query = int(found.group(1))
    header = next((v.decode("latin-1") for n, v in scope["headers"] if n == b"last-event-id"), None)
    last_id = parse_last_id(header, from_query)

    async def open_stream():
        return public.open_public_stream(app.state.ctx, last_id)
    response = await _answer(open_stream, scope, receive, send)
    if response is not None:
        await response(scope, receive, send)
    return True


LANES: dict[tuple[str, str], Callable[[ASGIApp, Scope, Receive, Send], Awaitable[bool]]] = {
    ("POST", "/api/tickets"): _kiosk_ticket,
    ("GET", "/api/events"): _public_events,
}


async def take(app: ASGIApp, scope: Scope, receive: Receive, send: Send) -> bool:
    """Answer the request if it belongs in the fast lane (True); False: nothing read, pass it on."""
    if scope["type"] != "http":
        return False
    lane = LANES.get((scope["method"], scope["path"]))
    if lane is None:
        return False
    scope["app"] = app
    return await lane(app, scope, receive, send)
