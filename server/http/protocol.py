"""The HTTP protocol under uvicorn, with the limits a lobby network needs.

uvicorn (httptools) waits forever for a request's headers, accepts headers of
any size, and takes connections until ``accept`` fails for want of file
descriptors, at which point the kiosks fail too. This subclass adds:

- a deadline for the headers (``header_timeout``) and one for the body
  (``body_timeout``): slowloris clients are answered 408 and closed;
- a cap on header size (431);
- a connection budget below the process's file limit. When a new connection
  would exceed it, the connection that has waited longest *for a request* (an
  idle keep-alive, a slowloris, a body trickling in) is closed to make room.
  Connections whose request is being answered (a kiosk's ticket, a staff or
  display event stream) are never chosen; public event streams have their own
  cap in the router, so a crowd of them cannot fill the budget either.

It relies on uvicorn's ``HttpToolsProtocol`` callbacks (``on_message_begin``,
``on_headers_complete``, ``on_message_complete``, ``on_response_complete``);
``tests/server/test_attacks_http.py`` pins the behaviour.
"""

from __future__ import annotations

import asyncio
import json
from typing import Optional

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from server.domain.errors import DomainError
from server.http.status import status_for

MAX_HEADER_BYTES = 64 * 1024


def _raw_error(code: str) -> bytes:
    body = json.dumps(DomainError(code).as_dict(), ensure_ascii=False).encode()
    status = status_for(code)
    return (f"HTTP/1.1 {status} {code.replace('_', ' ').title()}\r\ncontent-type: application/json\r\n"
            f"content-length: {len(body)}\r\nconnection: close\r\n\r\n").encode() + body


class GuardedProtocol(HttpToolsProtocol):
    header_timeout: float = 10.0
    body_timeout: float = 60.0
    max_connections: int = 1000
    max_header_bytes: int = MAX_HEADER_BYTES

    def send_400_response(self, msg: str) -> None:
        """Malformed HTTP: our JSON refusal, like every other, not uvicorn's plain text."""
        self.transport.write(_raw_error("malformed_request"))
        self.transport.close()

    # -- connection lifecycle ----------------------------------------------------

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._waiting = True             # for (the rest of) a request
        self._waiting_since = self.loop.time()
        self._in_headers = False
        self._header_bytes = 0
        self._deadline: Optional[asyncio.TimerHandle] = None
        self._arm(self.header_timeout, "request_timeout")
        if len(self.connections) > self.max_connections:
            self._make_room()

    def connection_lost(self, exc: Optional[Exception]) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _make_room(self) -> None:
        waiting = [p for p in self.connections if p is not self and getattr(p, "_waiting", False)]
        if not waiting:  # every other connection is being answered: this one has to go
            self.transport.close()
            return
        oldest = min(waiting, key=lambda p: p._waiting_since)
        oldest._waiting = False
        oldest.transport.close()

    # -- deadlines -----------------------------------------------------------------

    def _arm(self, seconds: float, code: Optional[str]) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(seconds, self._expired, code)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expired(self, code: Optional[str]) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        if code is not None and (self.cycle is None or self.cycle.response_complete):
            self.transport.write(_raw_error(code))
        self.transport.close()  # a handler waiting for the body sees a disconnect

    # -- parser callbacks ------------------------------------------------------------

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self._in_headers and not self.transport.is_closing():
            self._header_bytes += len(data)
            if self._header_bytes > self.max_header_bytes:
                self._in_headers = False
                self._disarm()
                if self.cycle is None or self.cycle.response_complete:
                    self.transport.write(_raw_error("headers_too_large"))
                self.transport.close()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._waiting = True
        self._in_headers = True
        self._header_bytes = 0
        if self._deadline is None:  # a keep-alive connection starting its next request
            self._arm(self.header_timeout, "request_timeout")

    def on_headers_complete(self) -> None:
        self._in_headers = False
        # No answer on a body timeout: the handler may already be writing one.
        self._arm(self.body_timeout, None)
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        if self.cycle is not None and self.cycle.response_complete:
            # Answered before its body ended (a 401 for a big upload): idle from now on,
            # with a deadline, since uvicorn's keep-alive timer was spent on the trickle.
            self._waiting, self._waiting_since = True, self.loop.time()
            self._arm(self.header_timeout, None)
        else:
            self._disarm()
            self._waiting = False
        super().on_message_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.pipeline and not self.transport.is_closing():
            # Idle keep-alive: uvicorn's own timer closes it; until then it may make room.
            self._waiting = True
            self._waiting_since = self.loop.time()


def guarded_protocol(*, header_timeout: float, body_timeout: float, max_connections: int) -> type:
    """The protocol class with these limits, for ``uvicorn.Config(http=...)``."""
    return type("AntreHttpProtocol", (GuardedProtocol,), {
        "header_timeout": header_timeout, "body_timeout": body_timeout, "max_connections": max_connections})
