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
import orjson
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, AsyncIterator, Awaitable, Callable, Optional

from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from server.storage.event_log import load_events_after

if TYPE_CHECKING:
    from server.http.context import AppContext


QUEUE_LIMIT = 1000
RECHECK = -1  # queued to a staff stream: "see whether your session still counts"
# Device health is for staff and admins; the lobby has no business knowing a printer is out.
STAFF_ONLY_TYPES = frozenset({"device.health", "counter.taken_over"})  # a take-over names clerks
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


@dataclass(eq=False)
class Subscriber:
    staff: bool
    queue: asyncio.Queue = field(default_factory=lambda: asyncio.Queue(QUEUE_LIMIT))
    overflowed: bool = False


class Hub:
    def __init__(self) -> None:
        self.subscribers: set[Subscriber] = set()
        self.last_id = 0
        self.public_streams = 0  # open (or opening) public responses, for the cap

    def recheck_staff(self) -> None:
        """After a logout or an account change: every staff stream checks its session now
        and ends if it no longer counts (the page reconnects and gets 401)."""
        for sub in list(self.subscribers):
            if sub.staff and not sub.overflowed:
                try:
                    sub.queue.put_nowait((RECHECK, b""))
                except asyncio.QueueFull:
                    sub.overflowed = True
                    sub.queue = asyncio.Queue(1)
                    sub.queue.put_nowait((0, b""))

    def subscribe(self, staff: bool) -> Subscriber:
        sub = Subscriber(staff)
        self.subscribers.add(sub)
        return sub

    def unsubscribe(self, sub: Subscriber) -> None:
        self.subscribers.discard(sub)

    def publish(self, rows: list[dict]) -> None:
        """Called on the event loop with rows just committed, in id order."""
        subscribers = list(self.subscribers)
        for row in rows:
            self.last_id = max(self.last_id, row["id"])
            staff_only = row["type"] in STAFF_ONLY_TYPES
            messages: dict[bool, bytes] = {}  # serialised once per audience, and only if someone listens
            for sub in subscribers:
                if sub.overflowed or (staff_only and not sub.staff):
                    continue
                message = messages.get(sub.staff)
                if message is None:
                    payload = staff_payload(row) if sub.staff else public_payload(row)
                    message = messages[sub.staff] = sse_message(row["id"], payload)
                try:
                    sub.queue.put_nowait((row["id"], message))
                except asyncio.QueueFull:
                    sub.overflowed = True
                    sub.queue = asyncio.Queue(1)
                    sub.queue.put_nowait((0, b""))  # wakes the stream so it can end

    async def stream(self, *, staff: bool, last_event_id: Optional[int],
                     replay: Callable[[int, int], "asyncio.Future[list]"],
                     heartbeat: float,
                     still_valid: Optional[Callable[[], Awaitable[bool]]] = None) -> AsyncIterator[bytes]:
        """The bytes of one SSE connection: missed events from the database, then live ones.

        Subscribing *before* reading the backlog and skipping ids already sent
        means nothing committed in between is missed or sent twice. With
        ``still_valid`` (staff) the stream ends once it answers False: asked on
        ``recheck_staff`` and at every heartbeat.
        """
        sub = self.subscribe(staff)
        try:
            yield b"retry: 2000\n\n"
            sent = self.last_id
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
                        if not staff and row.type in STAFF_ONLY_TYPES:
                            sent = row.id
                            continue
                        payload = staff_payload(row) if staff else public_payload(row)
                        yield sse_message(row.id, payload)
                        sent = row.id
                        await asyncio.sleep(0)
            while True:
                try:
                    event_id, message = await asyncio.wait_for(sub.queue.get(), heartbeat)
                except asyncio.TimeoutError:
                    if still_valid is not None and not await still_valid():
                        return
                    yield b": ping\n\n"
                    continue
                if sub.overflowed:
                    return
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


class EventStreamResponse(StreamingResponse):
    """A streaming response that runs ``on_close`` however it ends (even if it never started)."""

    def __init__(self, content, on_close: Callable[[], None], **kw):
        super().__init__(content, **kw)
        self._on_close = on_close

    async def __call__(self, scope, receive, send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            self._on_close()


def event_stream(c: AppContext, *, staff: bool, last_id: Optional[int],
                 still_valid: Optional[Callable[[], Awaitable[bool]]] = None) -> StreamingResponse:
    """The SSE response. A public one counts in ``hub.public_streams`` from now until it
    ends, so the router's cap also counts streams that have not sent a byte yet."""
    async def replay(after: int, limit: int):
        def load():
            with c.db.read() as conn:
                return load_events_after(conn, after, limit)
        return await run_in_threadpool(load)

    body = c.hub.stream(staff=staff, last_event_id=last_id, replay=replay,
                        heartbeat=c.settings.sse_heartbeat_seconds, still_valid=still_valid)
    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    if staff:
        return StreamingResponse(body, media_type="text/event-stream", headers=headers)
    hub = c.hub
    hub.public_streams += 1

    def closed() -> None:
        hub.public_streams -= 1
    return EventStreamResponse(body, closed, media_type="text/event-stream", headers=headers)


def parse_last_id(header: Optional[str], query: Optional[int]) -> Optional[int]:
    if header and header.strip().isdigit():
        return int(header)
    return query
