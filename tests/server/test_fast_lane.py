"""The fast lane (server.http.fast_lane): kiosks and displays get the same answers either way.

A kiosk's well-formed ticket request and a display's plain event stream skip the
framework's layers; everything else takes the documented routes. These tests send
the same request both ways (a body with its length declared takes the lane; the
same body sent chunked, without a length, cannot) and expect the same answer,
refusals included, so a kiosk in the field never sees the difference.
"""

from __future__ import annotations

import json
import socket
import time
import uuid

import pytest

from server.http import fast_lane
from tests.server.helpers import nik_for


@pytest.fixture
def lane_count(monkeypatch):
    """How many requests each lane took (the lanes wrapped, so a test can tell the paths apart)."""
    taken = {key: 0 for key in fast_lane.LANES}
    for key, lane in list(fast_lane.LANES.items()):
        async def counted(app, scope, receive, send, lane=lane, key=key):
            took = await lane(app, scope, receive, send)
            taken[key] += took
            return took
        monkeypatch.setitem(fast_lane.LANES, key, counted)
    return taken


def _chunked(body: dict):
    """The same JSON body, sent without a Content-Length (so never through the lane)."""
    yield json.dumps(body).encode()


def _both_ways(kiosk, body: dict, lane_count):
    before = lane_count[("POST", "/api/tickets")]
    fast = kiosk.post("/api/tickets", json=body)
    slow = kiosk.post("/api/tickets", content=_chunked({**body, "request_id": str(uuid.uuid4())}),
                      headers={"Content-Type": "application/json"})
    assert lane_count[("POST", "/api/tickets")] == before + 1  # one took the lane, the other did not
    return fast, slow


def test_given_two_citizens_when_one_ticket_takes_the_lane_and_one_the_route_then_both_answers_match(
        server, lane_count):
    kiosk = server.kiosk()
    siti = {"service": "A", "nik": nik_for(1), "request_id": str(uuid.uuid4())}
    fast = kiosk.post("/api/tickets", json=siti)
    joko = kiosk.post("/api/tickets", content=_chunked({**siti, "nik": nik_for(2), "request_id": str(uuid.uuid4())}),
                      headers={"Content-Type": "application/json"})
    assert lane_count[("POST", "/api/tickets")] == 1
    assert fast.status_code == joko.status_code == 201
    assert fast.headers["content-type"] == joko.headers["content-type"] == "application/json"
    assert set(fast.json()) == set(joko.json())
    assert (fast.json()["number"], joko.json()["number"]) == ("A-001", "A-002")
    assert fast.json()["status_url"].startswith(server.url + "/t/")
    # Siti's retry through the lane gets her ticket back, not a second one.
    again = kiosk.post("/api/tickets", json=siti)
    assert again.status_code == 200 and again.json()["number"] == "A-001" and again.json()["outcome"] == "repeat"


@pytest.mark.parametrize("body, status, code", [
    ({"service": "A", "nik": "3276010101900001x"}, 422, "invalid_nik"),
    ({"service": "A"}, 422, "invalid_request"),
    ({"service": "AB", "nik": nik_for(3)}, 422, "invalid_request"),
    ({"service": "Z", "nik": nik_for(3)}, 404, "unknown_service"),
    ({"service": "E", "nik": nik_for(3)}, 409, "not_offered_at_kiosk"),
    ({"service": "A", "nik": nik_for(3), "priority": "vip"}, 422, "invalid_request"),
])
def test_given_a_bad_request_when_it_takes_either_way_then_the_refusal_is_the_same(
        server, lane_count, body, status, code):
    fast, slow = _both_ways(server.kiosk(), {**body, "request_id": str(uuid.uuid4())}, lane_count)
    assert fast.status_code == slow.status_code == status
    assert fast.json()["code"] == slow.json()["code"] == code
    assert fast.json().keys() == slow.json().keys()
    assert fast.json().get("errors") == slow.json().get("errors")


def test_given_a_revoked_key_when_it_asks_either_way_then_both_are_told_to_authenticate(server, lane_count):
    stranger = server.client(headers={"Authorization": "Bearer not-a-kiosk-key"})
    fast, slow = _both_ways(stranger, {"service": "A", "nik": nik_for(4), "request_id": "r"}, lane_count)
    assert fast.status_code == slow.status_code == 401
    assert fast.json() == slow.json()
    assert fast.headers["www-authenticate"] == slow.headers["www-authenticate"] == "Bearer"


def test_given_a_body_that_is_not_json_when_it_takes_the_lane_then_it_is_a_polite_422(server, lane_count):
    r = server.kiosk().post("/api/tickets", content=b"{not json", headers={"Content-Type": "application/json"})
    assert lane_count[("POST", "/api/tickets")] == 1
    assert r.status_code == 422 and r.json()["code"] == "invalid_request" and r.json()["message"]


def test_given_requests_the_lane_does_not_know_then_the_app_answers_them(server, lane_count):
    kiosk = server.kiosk()
    too_big = kiosk.post("/api/tickets", content=b"{" + b" " * 70_000 + b"}",
                         headers={"Content-Type": "application/json"})
    form = kiosk.post("/api/tickets", content=b"service=A", headers={"Content-Type": "text/plain"})
    anonymous = server.client().post("/api/tickets", json={"service": "A", "nik": nik_for(5)})
    assert lane_count[("POST", "/api/tickets")] == 0
    assert (too_big.status_code, too_big.json()["code"]) == (413, "request_too_large")
    assert (form.status_code, form.json()["code"]) == (415, "unsupported_media_type")
    assert (anonymous.status_code, anonymous.json()["code"]) == (401, "unauthenticated")
    assert all(s["issued_today"] == 0 for s in server.client().get("/api/state").json()["services"])


def _open_stream(port: int, path: str = "/api/events") -> tuple[socket.socket, bytes]:
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = s.recv(4096)
        if not chunk:
            break
        head += chunk
    return s, head


def _wait(predicate, timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


def test_given_lobby_displays_when_they_connect_and_leave_then_the_hub_forgets_them(server, lane_count):
    hub = server.ctx.hub
    streams = [_open_stream(server.port) for _ in range(5)]
    assert all(b" 200 " in head.split(b"\r\n", 1)[0] and b"text/event-stream" in head for _, head in streams)
    assert _wait(lambda: len(hub.subscribers) == 5 and hub.public_streams == 5)
    for s, _ in streams:
        s.close()
    assert _wait(lambda: not hub.subscribers and hub.public_streams == 0)  # each left: nothing kept
    assert _wait(lambda: lane_count[("GET", "/api/events")] == 5)  # (a stream's lane returns when it ends)


def test_given_a_display_that_reconnects_when_it_names_its_last_event_then_it_gets_what_it_missed(
        server, siti, lane_count):
    siti.takes_ticket("A")
    first = server.ctx.hub.last_id
    siti.takes_ticket("B")
    s, data = _open_stream(server.port, f"/api/events?last_event_id={first}")
    try:
        while b"B-001" not in data:
            data += s.recv(65536)  # (the socket's 5 s timeout ends a test that waits in vain)
        assert b"A-001" not in data
    finally:
        s.close()
    assert _wait(lambda: lane_count[("GET", "/api/events")] == 1)


@pytest.mark.parametrize("query, status", [("last_event_id=abc", 422), ("last_event_id=-1", 422),
                                           ("last_event_id=1&extra=1", 200)])
def test_given_a_query_the_lane_does_not_know_then_the_route_validates_it(server, lane_count, query, status):
    s, head = _open_stream(server.port, f"/api/events?{query}")
    s.close()
    assert f" {status} ".encode() in head.split(b"\r\n", 1)[0]
    assert lane_count[("GET", "/api/events")] == 0
