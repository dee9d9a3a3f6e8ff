"""The server's public event stream (``GET /api/events``, Server-Sent Events), followed on a thread.

No Kivy here. Every committed change of the queue (a ticket issued at another
kiosk, a call, a service closed on /admin) is one event; the kiosk hears it
within a moment instead of at its next poll. The stream carries no NIK and no
names (see ``server/http/sse.py``).

The thread connects, reports ``on_up``, hands every event to ``on_event`` and,
when the connection ends (server restarted, network cut, 503 because too many
displays listen), reports ``on_down`` and connects again after a growing pause,
sending ``Last-Event-ID`` so the server replays what was missed. Callbacks run on
this thread: the feed moves them to the UI thread. ``http.client`` rather than
``requests``: ``stop()`` must be able to cut a read that is waiting for the
next event, and that needs the socket.
"""

from __future__ import annotations

import http.client
import json
import logging
import socket
import threading
from typing import Callable, Iterable, Iterator, Optional
from urllib.parse import urlsplit

log = logging.getLogger("antre.kiosk")

# The hub sends ": ping" every 15 s while anyone listens: a read that waits much
# longer than that is a dead connection (a cable pulled without a FIN).
READ_TIMEOUT = 40.0


def sse_events(lines: Iterable[str]) -> Iterator[tuple[Optional[str], str]]:
    """(id, data) for each event in the lines of a text/event-stream (the WHATWG rules the
    server needs: ``data`` lines joined, ``id``, comments and unknown fields ignored)."""
    data: list[str] = []
    event_id: Optional[str] = None
    for line in lines:
        if line == "":
            if data:
                yield event_id, "\n".join(data)
            data, event_id = [], None
            continue
        if line.startswith(":"):
            continue
        field, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if field == "data":
            data.append(value)
        elif field == "id" and "\0" not in value:
            event_id = value


class EventStream:
    """Follows ``base_url``/api/events until ``stop()``; see the module docstring."""

    def __init__(self, base_url: str, *, on_event: Callable[[dict], None], on_up: Callable[[], None],
                 on_down: Callable[[], None], connect_timeout: float = 2.0,
                 read_timeout: float = READ_TIMEOUT, delays: tuple = (1.0, 2.0, 5.0, 10.0),
                 last_id: Optional[int] = None):
        self.url = urlsplit(base_url.rstrip("/") + "/api/events")
        self.on_event, self.on_up, self.on_down = on_event, on_up, on_down
        self.connect_timeout, self.read_timeout, self.delays = connect_timeout, read_timeout, delays
        self.last_id = last_id        # the last event received: sent as Last-Event-ID on a reconnect
        self.connected = False
        self._stopped = threading.Event()
        self._lock = threading.Lock()
        self._conn: Optional[http.client.HTTPConnection] = None
        self._thread: Optional[threading.Thread] = None

    def start(self) -> "EventStream":
        self._thread = threading.Thread(target=self._run, name="kiosk-events", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """End the stream now, even in the middle of a read; no callback runs afterwards."""
        self._stopped.set()
        self.cut()

    def cut(self) -> None:
        """Drop the current connection (the thread reconnects unless stopped)."""
        with self._lock:
            conn = self._conn
        if conn is not None and conn.sock is not None:
            try:
                conn.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def join(self, timeout: float) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    # ---- the thread
    def _run(self) -> None:
        failures = 0
        while not self._stopped.is_set():
            retry_after = None
            try:
                retry_after = self._follow()
            except (OSError, http.client.HTTPException, ValueError) as exc:
                log.info("event stream: %s", type(exc).__name__)
            if self._stopped.is_set():
                return
            if self.connected:
                self.connected = False
                failures = 0
                self.on_down()
            pause = retry_after or self.delays[min(failures, len(self.delays) - 1)]
            failures += 1
            self._stopped.wait(pause)

    def _follow(self) -> Optional[float]:
        """One connection, read until it ends. Returns the server's Retry-After, if it gave one."""
        cls = http.client.HTTPSConnection if self.url.scheme == "https" else http.client.HTTPConnection
        conn = cls(self.url.hostname, self.url.port, timeout=self.connect_timeout)
        with self._lock:
            self._conn = conn
        try:
            if self._stopped.is_set():
                return None
            conn.connect()
            conn.sock.settimeout(self.read_timeout)
            headers = {"Accept": "text/event-stream", "Cache-Control": "no-cache"}
            if self.last_id is not None:
                headers["Last-Event-ID"] = str(self.last_id)
            conn.request("GET", self.url.path, headers=headers)
            response = conn.getresponse()
            if response.status != 200:
                retry = response.getheader("Retry-After")
                log.info("event stream: HTTP %s", response.status)
                return float(retry) if retry and retry.isdigit() else None
            self.connected = True
            self.on_up()
            lines = (raw.decode("utf-8").rstrip("\r\n") for raw in iter(response.readline, b""))
            for event_id, data in sse_events(lines):
                if self._stopped.is_set():
                    return None
                if event_id is not None and event_id.isdigit():
                    self.last_id = int(event_id)
                try:
                    payload = json.loads(data)
                except ValueError:
                    continue
                if isinstance(payload, dict):
                    self.on_event(payload)
            return None
        finally:
            with self._lock:
                self._conn = None
            conn.close()


__all__ = ["EventStream", "sse_events"]
