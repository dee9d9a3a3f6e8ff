"""Numbers from phones over HTTP: Pak Joko takes a number for D from home and checks in at the kiosk.

A number from home is the service's own next number, held as ``remote``: the
same-NIK guard sees it, call-next does not; at the kiosk it is queued from the
moment of arrival, after those already there.
"""

import uuid

from tests.server.helpers import nik_for


def from_phone(server, service="D", i=2, **extra):
    body = {"service": service, "nik": nik_for(i), "request_id": str(uuid.uuid4()), **extra}
    return server.client().post("/api/remote-tickets", json=body)


def check_in(server, code, request_id=None):
    body = {"code": code, "request_id": request_id or str(uuid.uuid4())}
    return server.kiosk().post("/api/kiosk/check-in", json=body)


def test_pak_joko_takes_a_number_from_home_and_is_queued_when_he_checks_in(server, siti, front_office):
    r = from_phone(server, "D", 2)
    assert r.status_code == 201, r.text
    remote = r.json()
    assert remote["status"] == "remote" and remote["number"].startswith("D-")
    assert remote["status_url"].endswith("/t/" + remote["token"])

    # Ibu Siti walks in and takes the next D number: one sequence whichever door.
    assert siti.takes_ticket("D").status_code == 201
    assert int(siti.ticket["number"][2:]) == int(remote["number"][2:]) + 1

    front_office.sets_counter("open")
    # Not in the queue: the clerk's call-next brings Ibu Siti, not Pak Joko.
    called = front_office.calls_next()
    assert called.status_code == 200, called.text
    assert called.json()["number"] == siti.ticket["number"]

    # A walk-in comes before Pak Joko arrives; then he checks in with the QR's token.
    walk_in = server.kiosk().post("/api/tickets", json={"service": "D", "nik": nik_for(3),
                                                        "request_id": str(uuid.uuid4())}).json()
    request_id = str(uuid.uuid4())
    r = check_in(server, remote["status_url"], request_id)
    assert r.status_code == 200, r.text
    ticket = r.json()
    assert ticket["checked_in"] is True and ticket["late"] is False
    assert ticket["slot"] is None  # taken from home, not booked
    assert ticket["number"] == remote["number"] and ticket["status"] == "waiting"
    assert ticket["token"] == remote["token"]
    # Queued after those already there: the walk-in is ahead of him.
    assert ticket["ahead"] >= 1
    # The kiosk retries the same request: the same ticket; a second check-in is refused.
    again = check_in(server, remote["token"], request_id)
    assert again.status_code == 200 and again.json()["number"] == remote["number"]
    twice = check_in(server, remote["number"])
    assert twice.status_code == 409 and twice.json()["code"] == "already_checked_in"

    front_office.does("done", called.json())
    nxt = front_office.calls_next().json()
    assert nxt["number"] == walk_in["number"]


def test_the_same_request_id_twice_gives_one_number(server):
    body = {"service": "A", "nik": nik_for(4), "request_id": str(uuid.uuid4())}
    first = server.client().post("/api/remote-tickets", json=body)
    second = server.client().post("/api/remote-tickets", json=body)
    assert first.status_code == 201 and second.status_code == 200
    assert first.json()["number"] == second.json()["number"]


def test_one_active_number_per_nik_and_service_whichever_door(server, joko):
    assert joko.takes_ticket("D").status_code == 201
    r = from_phone(server, "D", 2)
    assert r.status_code == 409 and r.json()["code"] == "already_has_ticket"
    assert r.json()["message"] and r.json()["message_en"]


def test_a_service_not_open_to_phones_refuses_politely(server):
    r = from_phone(server, "B", 5)
    assert r.status_code == 409 and r.json()["code"] == "not_open_to_phones"


def test_an_unknown_code_at_the_kiosk_is_refused_in_both_languages(server):
    r = check_in(server, "ZZZZ-ZZZZ")
    assert r.status_code == 404
    body = r.json()
    assert body["code"] == "unknown_code" and body["message"] and body["message_en"]


def test_phones_take_at_most_the_quota_less_the_walk_in_share(server, technician):
    service = next(s for s in technician.get("/api/admin/services").json() if s["code"] == "D")
    r = technician.put(f"/api/admin/services/{service['id']}", json={"daily_quota": 5, "walk_in_share": 60})
    assert r.status_code == 200, r.text
    phones_may = 5 * (100 - 60) // 100  # 2 of the 5 numbers
    taken = [from_phone(server, "D", 10 + i) for i in range(phones_may + 1)]
    assert [t.status_code for t in taken] == [201] * phones_may + [409]
    assert taken[-1].json()["code"] == "quota_reached"
    kiosk = server.kiosk()
    walk_ins = [kiosk.post("/api/tickets", json={"service": "D", "nik": nik_for(20 + i),
                                                 "request_id": str(uuid.uuid4())}) for i in range(5 - phones_may + 1)]
    assert [w.status_code for w in walk_ins] == [201] * (5 - phones_may) + [409]
    assert walk_ins[-1].json()["code"] == "quota_reached"


def test_the_status_page_of_a_number_from_home_says_to_check_in(server):
    remote = from_phone(server, "A", 7).json()
    seen = server.client().get(f"/api/tickets/{remote['token']}").json()
    assert seen["status"] == "remote" and seen["number"] == remote["number"]
    # The lobby's display and the staff count only those in the lobby: nobody waits for A yet.
    services = {s["code"]: s for s in server.client().get("/api/state").json()["services"]}
    assert services["A"]["waiting"] == 0


def test_check_in_needs_the_kiosk_key_before_anything_else(server):
    r = server.client().post("/api/kiosk/check-in", json={})
    assert r.status_code == 401 and r.json()["code"] == "unauthenticated"


def test_no_number_from_a_phone_on_a_holiday(server, technician):
    today = server.client().get("/api/state").json()["office_day"]
    r = technician.post("/api/admin/holidays", json={"day": today, "name": "Hari Jadi Kota", "kind": "lokal"})
    assert r.status_code in (200, 201), r.text
    refused = from_phone(server, "D", 8)
    assert refused.status_code == 409 and refused.json()["code"] == "office_holiday"
    assert "Hari Jadi Kota" in refused.json()["message"]
