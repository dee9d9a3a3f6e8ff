"""Issuing tickets at the kiosk against the real server (citizen and kiosk personas)."""

import uuid
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa

from server.storage.schema import services, tickets
from tests.server.helpers import issue, nik_for


def test_twenty_kiosks_at_once_get_distinct_gap_free_numbers(server):
    kiosks = [server.kiosk() for _ in range(20)]

    def press(i):
        return issue(kiosks[i % 20], "A", i)

    with ThreadPoolExecutor(20) as pool:
        responses = list(pool.map(press, range(200)))
    assert all(r.status_code == 201 for r in responses), {r.status_code for r in responses}
    numbers = sorted(int(r.json()["number"].split("-")[1]) for r in responses)
    assert numbers == list(range(1, 201))
    assert len({r.json()["token"] for r in responses}) == 200


def test_numbers_are_per_service(server):
    kiosk = server.kiosk()
    assert issue(kiosk, "A", 1).json()["number"] == "A-001"
    assert issue(kiosk, "B", 2).json()["number"] == "B-001"
    assert issue(kiosk, "A", 3).json()["number"] == "A-002"


def test_retry_with_the_same_request_id_returns_the_same_ticket(server):
    kiosk = server.kiosk()
    body = {"service": "A", "nik": nik_for(7), "request_id": "tap-1"}
    first = kiosk.post("/api/tickets", json=body)
    with ThreadPoolExecutor(5) as pool:  # a double tap and retries racing each other
        again = list(pool.map(lambda _: kiosk.post("/api/tickets", json=body), range(5)))
    assert first.status_code == 201
    assert {r.status_code for r in again} == {200}
    assert {r.json()["number"] for r in again} == {first.json()["number"]}
    assert {r.json()["outcome"] for r in again} == {"repeat"}
    assert issue(kiosk, "A", 8).json()["number"] == "A-002"  # no number was burnt


def test_request_id_cannot_be_reused_for_another_citizen(server):
    kiosk = server.kiosk()
    kiosk.post("/api/tickets", json={"service": "A", "nik": nik_for(1), "request_id": "r"})
    r = kiosk.post("/api/tickets", json={"service": "A", "nik": nik_for(2), "request_id": "r"})
    assert r.status_code == 409 and r.json()["code"] == "request_id_reused"


def test_same_nik_same_service_gets_the_active_ticket_back(server):
    kiosk = server.kiosk()
    first = issue(kiosk, "A", 5).json()
    again = issue(kiosk, "A", 5)
    assert again.status_code == 200
    assert again.json()["existing"] is True and again.json()["number"] == first["number"]
    other_service = issue(kiosk, "B", 5)
    assert other_service.status_code == 201  # another service is another visit


def test_same_nik_may_return_after_being_served(server):
    kiosk, clerk = server.kiosk(), server.staff(0)
    first = issue(kiosk, "D", 5).json()
    called = clerk.post(f"/api/counters/{server.creds['staff'][0]['counter']}/call-next").json()
    assert called["id"] == first["id"]
    clerk.post(f"/api/tickets/{first['id']}/done")
    again = issue(kiosk, "D", 5)
    assert again.status_code == 201 and again.json()["number"] == "D-002"


def test_response_tells_number_ahead_wait_and_token(server):
    kiosk = server.kiosk()
    for i in range(3):
        issue(kiosk, "A", i)
    t = issue(kiosk, "A", 9).json()
    assert t["number"] == "A-004" and t["ahead"] == 3 and t["eta_minutes"] == 45  # 3 x 15 min, 1 counter
    assert len(t["token"]) >= 20 and t["status_url"].endswith("/t/" + t["token"])
    assert t["nik_masked"] == "3276********0010"
    assert "Fotokopi KTP" in t["origin_service"]["requirements"]


def test_priority_visitor_goes_ahead_of_regulars(server):
    kiosk = server.kiosk()
    issue(kiosk, "A", 1)
    issue(kiosk, "A", 2)
    t = issue(kiosk, "A", 3, priority="lansia").json()
    assert t["ahead"] == 0


def test_invalid_nik_is_refused_with_the_exact_problem(server):
    r = server.kiosk().post("/api/tickets", json={"service": "A", "nik": "9777010101900001", "request_id": "x"})
    assert r.status_code == 422
    body = r.json()
    assert body["code"] == "invalid_nik" and body["errors"][0]["code"] == "province"
    assert "provinsi" in body["errors"][0]["message"] and "Province" in body["errors"][0]["message_en"]


def test_bad_requests_get_4xx_json_never_500(server):
    kiosk = server.kiosk()
    cases = [
        dict(content=b"{not json", headers={"content-type": "application/json"}),
        dict(json={}), dict(json={"service": "A"}), dict(json={"nik": nik_for(1)}),
        dict(json={"service": "AB", "nik": nik_for(1)}), dict(json={"service": "A", "nik": 3276010101900001}),
        dict(json={"service": "A", "nik": nik_for(1), "priority": "vip"}),
        dict(json=["A"]), dict(content=b"", headers={"content-type": "application/json"}),
    ]
    for case in cases:
        r = kiosk.post("/api/tickets", **case)
        assert 400 <= r.status_code < 500, (case, r.status_code, r.text)
        assert {"code", "message"} <= set(r.json()), r.text
    r = kiosk.post("/api/tickets", json={"service": "Z", "nik": nik_for(1)})
    assert r.status_code == 404 and r.json()["code"] == "unknown_service"


def test_quota_and_closed_service_are_refused_with_a_reason(server):
    server.sql(services.update().where(services.c.code == "B").values(daily_quota=2),
               services.update().where(services.c.code == "D").values(is_open=False))
    kiosk = server.kiosk()
    assert issue(kiosk, "B", 1).status_code == 201
    assert issue(kiosk, "B", 2).status_code == 201
    full = issue(kiosk, "B", 3)
    assert full.status_code == 409 and full.json()["code"] == "quota_reached"
    assert "Kuota" in full.json()["message"]
    closed = issue(kiosk, "D", 4)
    assert closed.status_code == 409 and closed.json()["code"] == "service_closed"
    listed = {s["code"]: s for s in server.client().get("/api/services").json()}
    assert listed["B"]["available"] is False and listed["B"]["unavailable_reason"] == "quota_reached"
    assert listed["D"]["unavailable_reason"] == "service_closed"


def test_outside_open_hours_is_refused(server):
    server.sql(services.update().where(services.c.code == "C").values(
        open_hours={"days": [], "start": "07:30", "end": "15:00"}))
    r = issue(server.kiosk(), "C", 1)
    assert r.status_code == 409 and r.json()["code"] == "outside_hours"


def test_kiosk_list_hides_transfer_only_services(server):
    codes = [s["code"] for s in server.client().get("/api/services?kiosk=true").json()]
    assert codes == ["A", "B", "C", "D"]
    assert "E" in [s["code"] for s in server.client().get("/api/services").json()]


def test_status_page_api_is_public_and_masked(server):
    t = issue(server.kiosk(), "A", 3).json()
    status = server.client().get(f"/api/tickets/{t['token']}").json()
    assert status["number"] == "A-001" and status["status"] == "waiting" and status["nik_masked"]
    assert nik_for(3) not in str(status)
    assert server.client().get(f"/api/tickets/{uuid.uuid4().hex}").status_code == 404


def test_a_kiosk_cannot_issue_for_a_service_reached_only_by_transfer(server):
    r = issue(server.kiosk(), "E", 1)   # the back office: reached by transfer from the front office
    assert r.status_code == 409 and r.json()["code"] == "not_offered_at_kiosk"
    with server.ctx.db.read() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(tickets)).scalar() == 0
