"""The event stream: lobby displays and staff pages follow every change."""

import httpx

from server.http.sse import load_events_after
from tests.server.helpers import SSEReader, counter_id, issue


def test_call_reaches_a_connected_display(server):
    display = SSEReader(server.url + "/api/events")
    try:
        assert display.status == 200
        issue(server.kiosk(), "A", 1)
        server.staff(0).post(f"/api/counters/{counter_id(server, 0)}/call-next")
        assert display.wait_for(lambda e: e["type"] == "ticket.called")
        called = next(e for e in display.events if e["type"] == "ticket.called")
        assert called["ticket"]["number"] == "A-001" and called["counter"]["name"] == "Loket 1"
        assert display.ids == sorted(display.ids) and len(set(display.ids)) == len(display.ids)
    finally:
        display.close()


def test_reconnect_with_last_event_id_gets_exactly_what_was_missed(server):
    kiosk, clerk = server.kiosk(), server.staff(0)
    first = SSEReader(server.url + "/api/events")
    issue(kiosk, "A", 1)
    assert first.wait_for(lambda e: e["type"] == "ticket.issued")
    last_seen = first.ids[-1]
    first.close()
    # while the display is away: three issues, a call, a recall
    for i in range(2, 5):
        issue(kiosk, "A", i)
    called = clerk.post(f"/api/counters/{counter_id(server, 0)}/call-next").json()
    clerk.post(f"/api/tickets/{called['id']}/recall")
    missed = _event_ids_after(server, last_seen)

    again = SSEReader(server.url + "/api/events", headers={"Last-Event-ID": str(last_seen)})
    try:
        assert again.wait_for(lambda e: e["type"] == "ticket.recalled")
        issue(kiosk, "B", 9)  # and live events keep coming after the catch-up
        assert again.wait_for(lambda e: e["type"] == "ticket.issued" and e["ticket"]["service"] == "B")
        assert again.ids[:len(missed)] == missed           # nothing missed
        assert len(again.ids) == len(set(again.ids)) == len(missed) + 1  # nothing doubled
    finally:
        again.close()


def _event_ids_after(server, last_id):
    with server.ctx.db.read() as conn:
        return [e.id for e in load_events_after(conn, last_id, 1000)]


def test_query_parameter_works_like_the_header(server):
    issue(server.kiosk(), "A", 1)
    reader = SSEReader(server.url + "/api/events?last_event_id=0")
    try:
        assert reader.wait_for(lambda e: e["type"] == "ticket.issued")
    finally:
        reader.close()


def test_client_ahead_of_the_server_is_told_to_resync(server):
    reader = SSEReader(server.url + "/api/events", headers={"Last-Event-ID": "999999"})
    try:
        assert reader.wait_for(lambda e: e["type"] == "resync")
    finally:
        reader.close()


def test_staff_stream_requires_login_and_carries_staff_details(server):
    assert httpx.get(server.url + "/api/staff/events", timeout=5).status_code == 401
    token = server.staff(0).headers["Authorization"]
    reader = SSEReader(server.url + "/api/staff/events", headers={"Authorization": token})
    try:
        issue(server.kiosk(), "A", 1, priority="disabilitas")
        assert reader.wait_for(lambda e: e["type"] == "ticket.issued")
        event = next(e for e in reader.events if e["type"] == "ticket.issued")
        assert event["staff"]["priority"] == "disabilitas"
    finally:
        reader.close()


def test_snapshot_then_stream(server):
    issue(server.kiosk(), "A", 1)
    state = server.client().get("/api/state").json()
    assert state["last_event_id"] >= 1
    assert {s["code"]: s["waiting"] for s in state["services"]}["A"] == 1
    assert [c["name"] for c in state["counters"]] == ["Loket 1", "Loket 2", "Loket 3", "Loket 4"]
    assert state["office"]["name"]
