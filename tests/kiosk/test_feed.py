"""The kiosk's tiles follow the server's event stream, not a 5-second poll.

Every kiosk here polls only every 300 s, so a tile that changes within seconds
was told by the stream. A small TCP relay between kiosk and server stands for
a network that drops and comes back.
"""

from __future__ import annotations

import socket
import threading
import uuid

from kiosk.event_stream import EventStream, sse_events
from tests.kiosk.conftest import SIZES
from tests.kiosk.helpers import NIK_2

NO_POLL = {"refresh_seconds": 300.0, "stream_refresh_seconds": 300.0}


def service_id(server, code: str) -> int:
    return next(s["id"] for s in server.admin().get("/api/admin/services").json() if s["code"] == code)


def issue_elsewhere(server, service: str = "A", nik: str = NIK_2) -> dict:
    """Another kiosk in the lobby gives a number."""
    r = server.kiosk().post("/api/tickets", json={"service": service, "nik": nik, "priority": None,
                                                 "request_id": str(uuid.uuid4())})
    assert r.status_code in (200, 201), r.text
    return r.json()


def tile_text(k, code: str) -> str:
    return k.root.screen("service").tile(code).text


def test_given_the_service_screen_when_the_office_closes_a_service_and_another_kiosk_issues_then_the_tiles_change_at_once(
        server, open_kiosk, artifacts):
    k = open_kiosk(server.url, server.creds["kiosk_key"], size=SIZES["tablet"], **NO_POLL)
    k.wait(lambda: k.c.feed.services and k.c.feed.streaming)
    k.tap(k.ids("welcome").start)
    k.wait(lambda: k.screen == "service" and k.ids("service").tiles.children)
    assert "0 orang menunggu" in tile_text(k, "A") and not k.root.screen("service").tile("B").disabled

    server.admin().put(f"/api/admin/services/{service_id(server, 'B')}", json={"is_open": False})
    k.wait(lambda: k.root.screen("service").tile("B").disabled, limit=10)
    assert "Tutup hari ini" in tile_text(k, "B")

    issue_elsewhere(server, "A")
    k.wait(lambda: "1 orang menunggu" in tile_text(k, "A"), limit=10)
    k.shot("kiosk-feed-service-B-closed-A-one-waiting-1280x800")


class Relay:
    """TCP relay to the server that can be cut (connections reset, new ones refused) and restored."""

    def __init__(self, port: int):
        self.target = port
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.requests: list[bytes] = []     # the first bytes of each connection (the request head)
        self.open: list[socket.socket] = []
        self.down = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            if self.down:
                client.close()
                continue
            upstream = socket.create_connection(("127.0.0.1", self.target))
            self.open += [client, upstream]
            threading.Thread(target=self._pipe, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, False), daemon=True).start()

    def _pipe(self, src: socket.socket, dst: socket.socket, record: bool) -> None:
        first = record
        try:
            while data := src.recv(65536):
                if first:
                    self.requests.append(data)
                    first = False
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()

    def cut(self) -> None:
        self.down = True
        for s in self.open:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self.open = []    # each pipe closes its sockets as it ends

    def restore(self) -> None:
        self.down = False

    def close(self) -> None:
        self.cut()
        self.sock.close()


def test_given_the_network_drops_when_it_comes_back_then_the_stream_resumes_with_last_event_id_and_nothing_is_missed(server):
    relay = Relay(server.port)
    got: list[dict] = []
    ups, downs = threading.Semaphore(0), threading.Semaphore(0)
    stream = EventStream(f"http://127.0.0.1:{relay.port}", on_event=got.append, on_up=ups.release,
                         on_down=downs.release, delays=(0.2,))
    try:
        stream.start()
        assert ups.acquire(timeout=10)
        first = issue_elsewhere(server, "A")
        wait_for(lambda: any((e.get("ticket") or {}).get("number") == first["number"] for e in got))
        seen = stream.last_id

        relay.cut()                                  # the cable is out ...
        assert downs.acquire(timeout=10)
        missed = issue_elsewhere(server, "B")        # ... while another kiosk gives a number
        relay.restore()
        assert ups.acquire(timeout=10)
        wait_for(lambda: any((e.get("ticket") or {}).get("number") == missed["number"] for e in got))
        assert f"Last-Event-ID: {seen}".encode() in relay.requests[-1]
        assert [e["id"] for e in got] == sorted({e["id"] for e in got}), "each event once, in order"
    finally:
        stream.stop()
        relay.close()


def test_given_the_stream_is_refused_then_the_kiosk_falls_back_to_a_slow_poll(tmp_path, open_kiosk):
    """A server with every public stream taken answers 503: the tiles still come, by polling."""
    from tests.live import LiveServer

    crowded = LiveServer(tmp_path / "data", overrides={"max_public_streams": 1}).start()
    display = EventStream(crowded.url, on_event=lambda e: None, on_up=lambda: None, on_down=lambda: None).start()
    try:
        wait_for(lambda: display.connected)            # a lobby display holds the only stream
        k = open_kiosk(crowded.url, crowded.creds["kiosk_key"], refresh_seconds=0.5, stream_refresh_seconds=300.0)
        k.wait(lambda: k.c.feed.services)
        k.pump(10)
        assert not k.c.feed.streaming
        issue_elsewhere(crowded, "A")
        k.wait(lambda: next(s for s in k.c.feed.services if s["code"] == "A")["waiting"] == 1, limit=10)
    finally:
        display.stop()
        crowded.stop()


def test_server_sent_events_are_read_as_the_standard_says():
    lines = [": ping", "", "id: 7", "data: {\"a\":", "data: 1}", "", "data:x", "id: 8", "", "event: y", ""]
    assert list(sse_events(lines)) == [("7", "{\"a\":\n1}"), ("8", "x")]


def wait_for(predicate, limit: float = 10.0) -> None:
    import time
    deadline = time.monotonic() + limit
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.02)
