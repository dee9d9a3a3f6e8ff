"""Fan-out of committed events to Server-Sent Events subscribers.

The writer commits an event row together with every change; only then is it
handed to the hub, on the event loop. Each event is serialised once per
audience (public, staff) and the same bytes are queued for every subscriber, so
a call reaches 200 displays in one pass. A subscriber too slow to keep up is
dropped rather than buffered without bound: its EventSource reconnects with
Last-Event-ID and catches up from the database.
"""

from __future__ import annotations

import asyncio
from collections import deque
from typing import TYPE_CHECKING, AsyncIterator, Awaitable, Callable, Optional

import orjson
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from server.storage.event_log import load_events_after
from server.storage.sibling_events import CACHE_TOUCHED

if TYPE_CHECKING:
    from server.http.context import AppContext


QUEUE_LIMIT = 1000
RECHECK = -1  # queued to a staff stream: "see whether your session still counts"
PING = -2     # queued to every stream by the hub's heartbeat
# Device health is for staff and admins; the lobby has no business knowing a printer is out.
# a take-over names clerks; a back-office check is the office's internal work
STAFF_ONLY_TYPES = frozenset({"device.health", "counter.taken_over", "back_office.check"})
# Between sibling server processes only (server.storage.sibling_events): never streamed.
INTERNAL_TYPES = frozenset({CACHE_TOUCHED})
REPLAY_LIMIT = 5000


def public_payload(row) -> dict:
    get = row.get if isinstance(row, dict) else row._mapping.get
    return {"id": get("id"), "type": get("type"), "at": get("at"), **(get("data") or {})}


def staff_payload(row) -> dict:
    get = row.get if isinstance(row, dict) else row._mapping.get
    payload = public_payload(row)
    payload["actor"] = get("actor")
    payload["staff"] = get("staff_data") or {}
    return payload


def sse_message(event_id: int, payload: dict) -> bytes:
    return b"id: %d\ndata: %s\n\n" % (event_id, orjson.dumps(payload, option=orjson.OPT_NON_STR_KEYS))


class Subscriber:
    """One open stream's queue of (event id, bytes): a deque and, while the stream waits, a future.

    (An ``asyncio.Queue`` per display cost four deques and its bookkeeping on every event.)
    """

    __slots__ = ("staff", "pending", "waiter", "overflowed")

    def __init__(self, staff: bool):
        self.staff = staff
        self.pending: deque[tuple[int, bytes]] = deque()
        self.waiter: Optional[asyncio.Future] = None
        self.overflowed = False

    def offer(self, item: tuple[int, bytes]) -> None:
        """Queue ``item``; a subscriber too far behind is marked and woken so that its stream ends."""
        if self.overflowed:
            return
        if len(self.pending) >= QUEUE_LIMIT:
            self.overflowed = True
            self.pending.clear()
            item = (0, b"")
        self.pending.append(item)
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(None)

    async def next(self) -> tuple[int, bytes]:
        while not self.pending:
            self.waiter = asyncio.get_running_loop().create_future()
            try:
                await self.waiter
            finally:
                self.waiter = None
        return self.pending.popleft()


class Hub:
    def __init__(self, heartbeat: float = 15.0) -> None:
        self.subscribers: set[Subscriber] = set()
        self.last_id = 0
        self.public_streams = 0  # open (or opening) public responses, for the cap
        self.heartbeat = heartbeat
        self._beating: Optional[asyncio.Task] = None

    def recheck_staff(self) -> None:
        """After a logout or an account change: every staff stream checks its session now
        and ends if it no longer counts (the page reconnects and gets 401)."""
        for sub in list(self.subscribers):
            if sub.staff:
                sub.offer((RECHECK, b""))

    def subscribe(self, staff: bool) -> Subscriber:
        sub = Subscriber(staff)
        self.subscribers.add(sub)
        if self._beating is None:
            self._beating = asyncio.get_running_loop().create_task(self._beat())
        return sub

    async def _beat(self) -> None:
        """One timer for every open stream: a ping (and for staff a session check) every
        ``heartbeat`` seconds, while anyone listens. (A timeout on each stream's wait
        cost a timer per event per display: a tenth of a call's fan-out.)"""
        try:
            while self.subscribers:
                await asyncio.sleep(self.heartbeat)
                for sub in list(self.subscribers):
                    sub.offer((PING, b""))
        finally:
            self._beating = None

    def unsubscribe(self, sub: Subscriber) -> None:
        self.subscribers.discard(sub)

    def publish(self, rows: list[dict]) -> None:
        """Called on the event loop with rows just committed, in id order."""
        subscribers = list(self.subscribers)
        for row in rows:
            self.last_id = max(self.last_id, row["id"])
            if row["type"] in INTERNAL_TYPES:
                continue
            staff_only = row["type"] in STAFF_ONLY_TYPES
            messages: dict[bool, bytes] = {}  # serialised once per audience, and only if someone listens
            for sub in subscribers:
                if sub.overflowed or (staff_only and not sub.staff):
                    continue
                message = messages.get(sub.staff)
                if message is None:
                    payload = staff_payload(row) if sub.staff else public_payload(row)
                    message = messages[sub.staff] = sse_message(row["id"], payload)
                sub.offer((row["id"], message))

    async def stream(self, *, staff: bool, last_event_id: Optional[int],
                     replay: Callable[[int, int], "asyncio.Future[list]"],
                     still_valid: Optional[Callable[[], Awaitable[bool]]] = None) -> AsyncIterator[bytes]:
        """The bytes of one SSE connection: missed events from the database, then live ones.

        Subscribing *before* reading the backlog and skipping ids already sent
        means nothing committed in between is missed or sent twice. With
        ``still_valid`` (staff) the stream ends once it answers False: asked on
        ``recheck_staff`` and at every heartbeat of the hub.
        """
        sub = self.subscribe(staff)
        sent = self.last_id  # now, not after the first yield: what is published meanwhile is queued for us
        try:
            yield b"retry: 2000\n\n"
            if last_event_id is not None and last_event_id > sent:
                # The client knows of events this database never had (a restored
                # backup, a different server): its picture is unreliable.
                yield sse_message(sent, {"id": sent, "type": "resync"})
            elif last_event_id is not None and last_event_id < sent:
                rows = await replay(last_event_id, REPLAY_LIMIT + 1)
                if len(rows) > REPLAY_LIMIT:
                    # Too far behind to replay: tell the page to reload its snapshot.
                    yield sse_message(sent, {"id": sent, "type": "resync"})
                else:
                    for row in rows:
                        if row.type in INTERNAL_TYPES or (not staff and row.type in STAFF_ONLY_TYPES):
                            sent = row.id
                            continue
                        payload = staff_payload(row) if staff else public_payload(row)
                        yield sse_message(row.id, payload)
                        sent = row.id
                        await asyncio.sleep(0)
            while True:
                event_id, message = await sub.next()
                if sub.overflowed:
                    return
                if event_id == PING:
                    if still_valid is not None and not await still_valid():
                        return
                    yield b": ping\n\n"
                    continue
                if event_id == RECHECK:
                    if still_valid is not None and not await still_valid():
                        return
                    continue
                if event_id <= sent:
                    continue
                sent = event_id
                yield message
        finally:
            self.unsubscribe(sub)


_STREAM_HEADERS = [(b"content-type", b"text/event-stream; charset=utf-8"), (b"cache-control", b"no-cache"),
                   (b"x-accel-buffering", b"no")]


class EventStreamResponse(Response):
    """An SSE response as plain ASGI: the stream's own task writes, a small watcher ends it
    when the client goes away, and ``on_close`` runs however it ends (even if it never started).

    Starlette's ``StreamingResponse`` would add a task group, a second full task and
    their cancel scopes to every open display: memory and wake-ups that two hundred
    TVs in a big lobby pay for every call.
    """

    media_type = "text/event-stream"

    def __init__(self, body: AsyncIterator[bytes], on_close: Optional[Callable[[], None]] = None,
                 status_code: int = 200):  # (the documented status, as FastAPI reads it for OpenAPI)
        # Response's own constructor would render a body; this one streams it.
        self.body_iterator, self.on_close = body, on_close
        self.status_code, self.background, self.raw_headers = status_code, None, list(_STREAM_HEADERS)

    async def __call__(self, scope, receive, send) -> None:
        try:
            await send({"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers})
            await self._stream(receive, send)
        finally:
            if self.on_close is not None:
                self.on_close()

    async def _stream(self, receive, send) -> None:
        me = asyncio.current_task()
        watcher = asyncio.ensure_future(_disconnected(receive))

        def client_left(_) -> None:
            me.cancel()
        watcher.add_done_callback(client_left)
        try:
            async for chunk in self.body_iterator:
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        except asyncio.CancelledError:
            if not watcher.done() or watcher.cancelled():
                raise  # cancelled from outside (shutdown): not ours to swallow
            me.uncancel()  # the client left: the stream simply ends
        finally:
            watcher.remove_done_callback(client_left)
            watcher.cancel()
            await self.body_iterator.aclose()


async def _disconnected(receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


def event_stream(c: AppContext, *, staff: bool, last_id: Optional[int],
                 still_valid: Optional[Callable[[], Awaitable[bool]]] = None) -> EventStreamResponse:
    """The SSE response. A public one counts in ``hub.public_streams`` from now until it
    ends, so the router's cap also counts streams that have not sent a byte yet."""
    async def replay(after: int, limit: int):
        def load():
            with c.db.read() as conn:
                return load_events_after(conn, after, limit)
        return await run_in_threadpool(load)

    body = c.hub.stream(staff=staff, last_event_id=last_id, replay=replay, still_valid=still_valid)
    if staff:
        return EventStreamResponse(body)
    hub = c.hub
    hub.public_streams += 1

    def closed() -> None:
        hub.public_streams -= 1
    return EventStreamResponse(body, closed)


def parse_last_id(header: Optional[str], query: Optional[int]) -> Optional[int]:
    if header and header.strip().isdigit():
        return int(header)
    return query
