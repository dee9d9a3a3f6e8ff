"""Front-office and back-office clerks at their counters (real server, real SQLite)."""

from concurrent.futures import ThreadPoolExecutor

from server.storage.schema import counter_services
from tests.server.helpers import counter_id, issue


def test_call_next_calls_first_come_and_204_when_nobody_waits(server):
    kiosk, clerk = server.kiosk(), server.staff(0)
    loket1 = counter_id(server, 0)
    assert clerk.post(f"/api/counters/{loket1}/call-next").status_code == 204
    a1 = issue(kiosk, "A", 1).json()
    d1 = issue(kiosk, "D", 2).json()
    r = clerk.post(f"/api/counters/{loket1}/call-next")
    assert r.status_code == 200 and r.json()["id"] == a1["id"] and r.json()["number"] == "A-001"
    assert r.json()["status"] == "called" and r.json()["counter"] == "Loket 1"
    assert clerk.post(f"/api/counters/{loket1}/call-next").json()["id"] == d1["id"]
    # calling next finished the previous citizen
    assert server.client().get(f"/api/tickets/{a1['token']}").json()["status"] == "done"


def test_two_counters_pressing_at_the_same_instant_never_share_a_ticket(server):
    # Let all four counters serve A, then have them all hammer call-next.
    server.sql(*[counter_services.insert().values(counter_id=counter_id(server, i),
                                                  service_id=1, position=9) for i in (1, 2, 3)])
    kiosk = server.kiosk()
    tickets = [issue(kiosk, "A", i).json()["id"] for i in range(60)]
    clerks = [server.staff(i) for i in range(4)]

    def press(i):
        r = clerks[i % 4].post(f"/api/counters/{counter_id(server, i % 4)}/call-next")
        return r.json()["id"] if r.status_code == 200 else None

    with ThreadPoolExecutor(8) as pool:
        called = [t for t in pool.map(press, range(80)) if t is not None]
    assert len(called) == len(set(called)) == 60
    assert sorted(called) == sorted(tickets)


def test_transfer_keeps_the_number_and_goes_before_walk_ins(server):
    kiosk = server.kiosk()
    fo, bo, bansos = server.staff(0), server.staff(1), server.staff(2)
    a = issue(kiosk, "A", 1).json()
    walk_in = issue(kiosk, "B", 2).json()
    called = fo.post(f"/api/counters/{counter_id(server, 0)}/call-next").json()
    assert called["id"] == a["id"]
    r = fo.post(f"/api/tickets/{a['id']}/transfer", json={"service": "B", "note": "Tanya PKH"})
    assert r.status_code == 200, r.text
    assert r.json()["number"] == "A-001" and r.json()["status"] == "waiting" and r.json()["transferred"]
    nxt = bansos.post(f"/api/counters/{counter_id(server, 2)}/call-next").json()
    assert nxt["id"] == a["id"] and nxt["number"] == "A-001"   # before the B walk-in
    assert nxt["notes"][-1]["note"] == "Tanya PKH" and nxt["notes"][-1]["from"] == "A"
    bansos.post(f"/api/tickets/{a['id']}/transfer", json={"service": "E", "note": "Cetak surat"})
    assert bo.post(f"/api/counters/{counter_id(server, 1)}/call-next").json()["id"] == a["id"]
    assert bansos.post(f"/api/counters/{counter_id(server, 2)}/call-next").json()["id"] == walk_in["id"]
    status = server.client().get(f"/api/tickets/{a['token']}").json()
    assert status["number"] == "A-001" and status["counter"] == "Loket 2"


def test_transfer_refusals(server):
    kiosk, fo = server.kiosk(), server.staff(0)
    a = issue(kiosk, "A", 1).json()
    r = fo.post(f"/api/tickets/{a['id']}/transfer", json={"service": "B"})
    assert r.status_code == 409 and r.json()["code"] == "invalid_transition"  # not called yet
    fo.post(f"/api/counters/{counter_id(server, 0)}/call-next")
    assert fo.post(f"/api/tickets/{a['id']}/transfer", json={"service": "A"}).json()["code"] == "same_service"
    assert fo.post(f"/api/tickets/{a['id']}/transfer", json={"service": "Q"}).json()["code"] == "unknown_service"
    assert fo.post(f"/api/tickets/{a['id']}/transfer", json={}).status_code == 422


def test_recall_start_done_and_wrong_order(server):
    kiosk, fo = server.kiosk(), server.staff(0)
    a = issue(kiosk, "A", 1).json()
    fo.post(f"/api/counters/{counter_id(server, 0)}/call-next")
    r = fo.post(f"/api/tickets/{a['id']}/recall")
    assert r.json()["recalls"] == 1 and r.json()["status"] == "called"
    assert fo.post(f"/api/tickets/{a['id']}/start").json()["status"] == "serving"
    again = fo.post(f"/api/tickets/{a['id']}/start")
    assert again.status_code == 409 and again.json()["code"] == "invalid_transition"
    assert fo.post(f"/api/tickets/{a['id']}/done").json()["status"] == "done"
    assert fo.post(f"/api/tickets/{a['id']}/done").status_code == 409  # a double click changes nothing
    assert fo.post("/api/tickets/99999/done").status_code == 404


def test_skip_and_bring_back_within_the_day(server):
    kiosk, fo = server.kiosk(), server.staff(0)
    loket1 = counter_id(server, 0)
    a1, a2, a3 = (issue(kiosk, "A", i).json() for i in (1, 2, 3))
    fo.post(f"/api/counters/{loket1}/call-next")
    assert fo.post(f"/api/tickets/{a1['id']}/skip").json()["status"] == "skipped"
    assert fo.post(f"/api/counters/{loket1}/call-next").json()["id"] == a2["id"]
    restored = fo.post(f"/api/tickets/{a1['id']}/restore")
    assert restored.json()["status"] == "waiting"
    # back in the place it had, not at the end
    assert fo.post(f"/api/counters/{loket1}/call-next").json()["id"] == a1["id"]
    assert fo.post(f"/api/counters/{loket1}/call-next").json()["id"] == a3["id"]


def test_counter_of_another_clerk_is_respected(server):
    kiosk, fo, bo = server.kiosk(), server.staff(0), server.staff(1)
    a = issue(kiosk, "A", 1).json()
    fo.post(f"/api/counters/{counter_id(server, 0)}/call-next")
    r = bo.post(f"/api/tickets/{a['id']}/done", json={"counter_id": counter_id(server, 1)})
    assert r.status_code == 409 and r.json()["code"] == "not_your_counter"


def test_priority_guard_lets_regulars_through(server):
    kiosk, fo = server.kiosk(), server.staff(0)
    regular = issue(kiosk, "D", 100).json()
    priority = [issue(kiosk, "D", i, priority="lansia").json() for i in range(5)]
    order = [fo.post(f"/api/counters/{counter_id(server, 0)}/call-next").json()["id"] for _ in range(6)]
    assert order[:3] == [p["id"] for p in priority[:3]]
    assert order[3] == regular["id"]          # the guard (3 in a row) lets the regular through
    assert order[4:] == [p["id"] for p in priority[3:]]


def test_staff_can_remove_a_priority_flag(server):
    kiosk, fo = server.kiosk(), server.staff(0)
    regular = issue(kiosk, "D", 1).json()
    claimed = issue(kiosk, "D", 2, priority="ibu_hamil").json()
    r = fo.post(f"/api/tickets/{claimed['id']}/priority", json={"priority": None})
    assert r.status_code == 200 and r.json()["priority"] is None
    assert fo.post(f"/api/counters/{counter_id(server, 0)}/call-next").json()["id"] == regular["id"]


def test_counter_pause_close_and_call_next_reopens(server):
    fo = server.staff(0)
    loket1 = counter_id(server, 0)
    assert fo.post(f"/api/counters/{loket1}/open").json()["state"] == "open"
    assert fo.post(f"/api/counters/{loket1}/pause").json()["state"] == "paused"
    state = {c["id"]: c for c in server.client().get("/api/state").json()["counters"]}
    assert state[loket1]["state"] == "paused"
    issue(server.kiosk(), "A", 1)
    fo.post(f"/api/counters/{loket1}/call-next")
    state = {c["id"]: c for c in server.client().get("/api/state").json()["counters"]}
    assert state[loket1]["state"] == "open" and state[loket1]["ticket"]["number"] == "A-001"
    assert fo.post("/api/counters/999/open").status_code == 404


def test_cancel(server):
    kiosk, fo = server.kiosk(), server.staff(0)
    a = issue(kiosk, "A", 1).json()
    assert fo.post(f"/api/tickets/{a['id']}/cancel").json()["status"] == "cancelled"
    assert fo.post(f"/api/counters/{counter_id(server, 0)}/call-next").status_code == 204


def test_the_demo_office_flow_over_http(server):
    """Issue, call, transfer and finish: the whole DTKS letter journey."""
    kiosk, fo, bo = server.kiosk(), server.staff(0), server.staff(1)
    t = issue(kiosk, "A", 42).json()
    assert fo.post(f"/api/counters/{counter_id(server, 0)}/call-next").json()["number"] == t["number"]
    fo.post(f"/api/tickets/{t['id']}/start")
    fo.post(f"/api/tickets/{t['id']}/transfer", json={"service": "E", "note": "KK & KTP lengkap"})
    assert bo.post(f"/api/counters/{counter_id(server, 1)}/call-next").json()["number"] == t["number"]
    bo.post(f"/api/tickets/{t['id']}/start")
    assert bo.post(f"/api/tickets/{t['id']}/done").json()["status"] == "done"


def test_a_clerk_cannot_finish_call_or_close_another_clerks_counter(server):
    """Petugas 2 at Loket 2 leaves out or changes counter_id: refused, naming who holds Loket 1."""
    kiosk, fo, bo = server.kiosk(), server.staff(0), server.staff(1)
    loket1 = counter_id(server, 0)
    a = issue(kiosk, "A", 1).json()
    issue(kiosk, "A", 2)
    assert fo.post(f"/api/counters/{loket1}/call-next").json()["id"] == a["id"]
    attempts = [bo.post(f"/api/tickets/{a['id']}/done"),                                  # counter_id left out
                bo.post(f"/api/tickets/{a['id']}/done", json={"counter_id": loket1}),     # or "changed" to Loket 1
                bo.post(f"/api/tickets/{a['id']}/transfer", json={"service": "E"}),
                bo.post(f"/api/tickets/{a['id']}/cancel"),
                bo.post(f"/api/tickets/{a['id']}/priority", json={"priority": "lansia"}),
                bo.post(f"/api/counters/{loket1}/call-next"),
                bo.post(f"/api/counters/{loket1}/close"),
                bo.post(f"/api/counters/{loket1}/pause")]
    for r in attempts:
        assert r.status_code == 409, r.text
        assert r.json()["code"] == "counter_held"
        assert r.json()["held_by"] == {"username": "petugas1", "name": "Petugas Loket 1"}
    status = server.client().get(f"/api/tickets/{a['token']}").json()
    assert status["status"] == "called" and status["counter"] == "Loket 1"
    assert fo.post(f"/api/tickets/{a['id']}/done").json()["status"] == "done"   # the holder still can


def test_taking_over_a_counter_is_explicit_audited_and_told_to_staff_only(server):
    from tests.server.helpers import SSEReader
    kiosk, fo, bo = server.kiosk(), server.staff(0), server.staff(1)
    loket1 = counter_id(server, 0)
    a = issue(kiosk, "A", 1).json()
    fo.post(f"/api/counters/{loket1}/call-next")
    staff_stream = SSEReader(server.url + "/api/staff/events", headers={"Authorization": bo.headers["Authorization"]})
    public_stream = SSEReader(server.url + "/api/events")
    try:
        r = bo.post(f"/api/counters/{loket1}/take-over")
        assert r.status_code == 200, r.text
        assert r.json()["held_by"] == {"username": "petugas2", "name": "Petugas Loket 2"}
        assert staff_stream.wait_for(lambda e: e["type"] == "counter.taken_over")
        event = next(e for e in staff_stream.events if e["type"] == "counter.taken_over")
        assert event["staff"] == {"counter": {"id": loket1, "name": "Loket 1"}, "from_user": "petugas1",
                                  "to_user": "petugas2", "to_name": "Petugas Loket 2"}
        # now the first clerk is the one refused, and the new holder serves the citizen
        assert fo.post(f"/api/tickets/{a['id']}/done").json()["code"] == "counter_held"
        assert bo.post(f"/api/tickets/{a['id']}/done").json()["status"] == "done"
        counters = {c["id"]: c for c in bo.get("/api/staff/state").json()["counters"]}
        assert counters[loket1]["held_by"] == {"username": "petugas2", "name": "Petugas Loket 2"}
        public = server.client().get("/api/state").text
        assert "held_by" not in public and "Petugas Loket" not in public and "petugas" not in public
        assert not [e for e in public_stream.events if e["type"] == "counter.taken_over"]
        actions = [(x["actor"], x["action"]) for x in server.admin().get("/api/audit").json()]
        assert ("user:petugas2", "counter.taken_over") in actions
    finally:
        staff_stream.close()
        public_stream.close()


def test_closing_a_counter_releases_it(server):
    fo, bo = server.staff(0), server.staff(1)
    loket1 = counter_id(server, 0)
    assert fo.post(f"/api/counters/{loket1}/open").status_code == 200
    assert bo.post(f"/api/counters/{loket1}/open").json()["code"] == "counter_held"
    assert fo.post(f"/api/counters/{loket1}/close").json()["state"] == "closed"
    assert bo.post(f"/api/counters/{loket1}/open").json()["state"] == "open"
    counters = {c["id"]: c for c in bo.get("/api/staff/state").json()["counters"]}
    assert counters[loket1]["held_by"]["username"] == "petugas2"


def test_the_queue_keeps_issue_order_when_the_clock_goes_back(clocked_server, clock):
    server = clocked_server
    kiosk, fo = server.kiosk(), server.staff(0)
    first = issue(kiosk, "A", 1).json()
    clock.advance(-600)  # the office PC's clock is corrected by ten minutes
    second = issue(kiosk, "A", 2).json()
    assert second["ahead"] == 1
    assert server.client().get(f"/api/tickets/{second['token']}").json()["ahead"] == 1
    staff_order = [t["id"] for t in fo.get("/api/staff/state").json()["tickets"]]
    assert staff_order == [first["id"], second["id"]]
    loket1 = counter_id(server, 0)
    assert fo.post(f"/api/counters/{loket1}/call-next").json()["id"] == first["id"]
    assert fo.post(f"/api/counters/{loket1}/call-next").json()["id"] == second["id"]
