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
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, AsyncIterator, Callable, Optional

from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from server.storage.event_log import load_events_after

if TYPE_CHECKING:
    from server.http.context import AppContext


QUEUE_LIMIT = 1000
# Device health is for staff and admins; the lobby has no business knowing a printer is out.
STAFF_ONLY_TYPES = frozenset({"device.health"})
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
    data = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
    return f"id: {event_id}\ndata: {data}\n\n".encode()


@dataclass(eq=False)
class Subscriber:
    staff: bool
    queue: asyncio.Queue = field(default_factory=lambda: asyncio.Queue(QUEUE_LIMIT))
    overflowed: bool = False


class Hub:
    def __init__(self) -> None:
        self.subscribers: set[Subscriber] = set()
        self.last_id = 0

    def subscribe(self, staff: bool) -> Subscriber:
        sub = Subscriber(staff)
        self.subscribers.add(sub)
        return sub

    def unsubscribe(self, sub: Subscriber) -> None:
        self.subscribers.discard(sub)

    def publish(self, rows: list[dict]) -> None:
        """Called on the event loop with rows just committed, in id order."""
        for row in rows:
            public = sse_message(row["id"], public_payload(row))
            staff = sse_message(row["id"], staff_payload(row))
            self.last_id = max(self.last_id, row["id"])
            staff_only = row["type"] in STAFF_ONLY_TYPES
            for sub in list(self.subscribers):
                if sub.overflowed or (staff_only and not sub.staff):
                    continue
                try:
                    sub.queue.put_nowait((row["id"], staff if sub.staff else public))
                except asyncio.QueueFull:
                    sub.overflowed = True
                    sub.queue = asyncio.Queue(1)
                    sub.queue.put_nowait((0, b""))  # wakes the stream so it can end

    async def stream(self, *, staff: bool, last_event_id: Optional[int],
                     replay: Callable[[int, int], "asyncio.Future[list]"],
                     heartbeat: float) -> AsyncIterator[bytes]:
        """The bytes of one SSE connection: missed events from the database, then live ones.

        Subscribing *before* reading the backlog and skipping ids already sent
        means nothing committed in between is missed or sent twice.
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
                    yield b": ping\n\n"
                    continue
                if sub.overflowed:
                    return
                if event_id <= sent:
                    continue
                sent = event_id
                yield message
        finally:
            self.unsubscribe(sub)


def event_stream(c: AppContext, *, staff: bool, last_id: Optional[int]) -> StreamingResponse:
    async def replay(after: int, limit: int):
        def load():
            with c.db.read() as conn:
                return load_events_after(conn, after, limit)
        return await run_in_threadpool(load)

    body = c.hub.stream(staff=staff, last_event_id=last_id, replay=replay,
                        heartbeat=c.settings.sse_heartbeat_seconds)
    return StreamingResponse(body, media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


def parse_last_id(header: Optional[str], query: Optional[int]) -> Optional[int]:
    if header and header.strip().isdigit():
        return int(header)
    return query
