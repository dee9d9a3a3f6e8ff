"""Calling a chosen ticket out of turn (real server, real SQLite).

Personas: petugas1 at Loket 1 (front office: A, D, B), petugas2 at Loket 2
(back office: E), the lobby display, Ibu Siti and Pak Joko at the kiosk, the
head of office reading the audit log.
"""

from __future__ import annotations


def test_given_two_waiting_when_the_clerk_calls_the_second_with_a_reason_then_the_lobby_sees_a_normal_call(
        server, front_office, siti, joko, lobby_display, supervisor):
    first = siti.takes_ticket("A").json()
    second = joko.takes_ticket("A").json()
    r = front_office.http.post(f"/api/tickets/{second['id']}/call",
                               json={"counter_id": front_office.counter_id,
                                     "reason": "Dipanggil kembali, membawa KK 3271014112900777"})
    assert r.status_code == 200, r.text
    assert r.json()["number"] == second["number"] and r.json()["status"] == "called"
    assert lobby_display.sees(lambda e: e["type"] == "ticket.called" and e["ticket"]["id"] == second["id"])
    assert joko.looks_at_phone()["status"] == "called"
    assert siti.looks_at_phone()["status"] == "waiting"
    # call-next still goes on in order: the one skipped over is next
    assert front_office.calls_next().json()["id"] == first["id"]
    audit = [a for a in supervisor.get("/api/audit").json() if a["action"] == "ticket.called_chosen"]
    assert len(audit) == 1 and audit[0]["actor"] == "user:petugas1"
    assert audit[0]["detail"]["reason"] == "Dipanggil kembali, membawa KK 3271********0777"


def test_without_a_reason_nothing_is_called_and_the_clerk_is_told_why(server, front_office, siti):
    t = siti.takes_ticket("A").json()
    for reason in ("", "   ", "x"):
        r = front_office.http.post(f"/api/tickets/{t['id']}/call",
                                   json={"counter_id": front_office.counter_id, "reason": reason})
        assert r.status_code == 422 and r.json()["code"] == "reason_required"
        assert "alasan" in r.json()["message"]
    assert siti.looks_at_phone()["status"] == "waiting"


def test_a_ticket_of_another_counter_s_service_or_already_called_is_refused(server, front_office, back_office,
                                                                            siti, joko):
    a = siti.takes_ticket("A").json()
    back_office.sets_counter("open")
    r = back_office.http.post(f"/api/tickets/{a['id']}/call",
                              json={"counter_id": back_office.counter_id, "reason": "Cek DTKS dulu"})
    assert r.status_code == 409 and r.json()["code"] == "not_counter_service"
    front_office.calls_next()
    r = front_office.http.post(f"/api/tickets/{a['id']}/call",
                               json={"counter_id": front_office.counter_id, "reason": "Lagi"})
    assert r.status_code == 409 and r.json()["code"] == "invalid_transition"


def test_the_citizen_at_the_counter_is_finished_first(server, front_office, siti, joko):
    a = siti.takes_ticket("A").json()
    b = joko.takes_ticket("A").json()
    front_office.calls_next()
    r = front_office.http.post(f"/api/tickets/{b['id']}/call",
                               json={"counter_id": front_office.counter_id, "reason": "Berkas susulan"})
    assert r.status_code == 200
    assert siti.looks_at_phone(a)["status"] == "done"


def test_the_route_is_documented(server):
    spec = server.client().get("/openapi.json").json()
    op = spec["paths"]["/api/tickets/{ticket_id}/call"]["post"]
    assert "out of turn" in op["summary"]
