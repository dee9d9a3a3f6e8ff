"""The back office checks DTKS while the front office keeps talking (the Pariaman procedure, steps 4-5).

Real server, real SQLite. Personas: petugas1 at Loket 1 (front office), petugas2
at Loket 2 (back office), Ibu Siti, the lobby display, and each clerk's staff
page following the staff event stream.
"""

from __future__ import annotations

import pytest

from server.domain.back_office import next_state
from server.domain.errors import DomainError
from tests.server.helpers import SSEReader


def test_the_check_s_states_follow_one_another():
    assert next_state(None, "request") == "requested"
    assert next_state("requested", "take") == "in_progress"
    assert next_state("in_progress", "answer") == "done"
    assert next_state("requested", "answer") == "done"
    with pytest.raises(DomainError) as e:
        next_state("done", "take")
    assert e.value.code == "invalid_transition"
    with pytest.raises(DomainError) as e:
        next_state(None, "answer")
    assert e.value.code == "no_back_office_check"


def test_given_siti_at_the_front_office_when_the_back_office_checks_then_both_see_each_step_live(
        server, front_office, back_office, siti, lobby_display):
    t = siti.takes_ticket("A").json()
    front_office.calls_next()
    front_page = SSEReader(server.url + "/api/staff/events", headers=dict(front_office.http.headers))
    back_page = SSEReader(server.url + "/api/staff/events", headers=dict(back_office.http.headers))
    try:
        base = f"/api/tickets/{t['id']}/back-office"
        r = front_office.http.post(base + "/request", json={"text": "Cek DTKS, KK 3271014112900777"})
        assert r.status_code == 200, r.text
        assert r.json()["state"] == "requested" and r.json()["what"] == "Cek DTKS, KK 3271********0777"
        assert back_page.wait_for(lambda e: e["type"] == "back_office.check"
                                  and e["staff"]["check"]["state"] == "requested"
                                  and e["staff"]["ticket"]["number"] == t["number"])
        assert back_office.http.post(base + "/take").json()["state"] == "in_progress"
        assert front_page.wait_for(lambda e: e["type"] == "back_office.check"
                                   and e["staff"]["check"]["taken_by"] == "user:petugas2")
        # the front office keeps serving meanwhile
        assert front_office.does("start", t).json()["status"] == "serving"
        done = back_office.http.post(base + "/answer", json={"text": "Terdaftar DTKS, desil 2"}).json()
        assert done["state"] == "done" and done["result"] == "Terdaftar DTKS, desil 2"
        assert front_page.wait_for(lambda e: e["type"] == "back_office.check"
                                   and e["staff"]["check"]["result"] == "Terdaftar DTKS, desil 2")
        snapshot = front_office.http.get("/api/staff/state").json()["back_office_checks"]
        assert [c["state"] for c in snapshot if c["ticket_id"] == t["id"]] == ["done"]
        # the lobby never hears of the office's internal work
        assert not lobby_display.sees(lambda e: e["type"] == "back_office.check", timeout=1)
    finally:
        front_page.close()
        back_page.close()


def test_asking_twice_makes_one_check_and_an_answer_needs_a_result(server, front_office, back_office, siti):
    t = siti.takes_ticket("A").json()
    base = f"/api/tickets/{t['id']}/back-office"
    assert back_office.http.post(base + "/answer", json={"text": "x"}).json()["code"] == "no_back_office_check"
    first = front_office.http.post(base + "/request").json()
    again = front_office.http.post(base + "/request").json()
    assert first == again and first["what"] == "Cek DTKS"
    r = back_office.http.post(base + "/answer", json={"text": "  "})
    assert r.status_code == 422 and r.json()["errors"][0]["message"] == "Tuliskan hasil pengecekan."
    spec = server.client().get("/openapi.json").json()
    assert "back office" in spec["paths"]["/api/tickets/{ticket_id}/back-office/request"]["post"]["summary"]
