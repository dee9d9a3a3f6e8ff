"""Finishing a visit with an outcome of the office's list (real server, real SQLite).

Personas: petugas1 at Loket 1 (front office), Ibu Siti, the lobby display, and
the head of office (kepala) who keeps the list and reads the day's report.
"""

from __future__ import annotations


def test_given_siti_at_the_counter_when_she_is_referred_to_dinkes_then_the_outcome_is_kept_for_the_report(
        server, front_office, siti, lobby_display, supervisor):
    t = siti.takes_ticket("A").json()
    front_office.calls_next()
    choices = {o["code"]: o for o in front_office.http.get("/api/outcomes").json()}
    assert choices["rujuk_dinkes"]["referral_to"] == "Dinas Kesehatan"
    assert choices["surat_diterbitkan"]["referral_to"] is None
    r = front_office.http.post(f"/api/tickets/{t['id']}/finish", json={
        "counter_id": front_office.counter_id, "outcome": "rujuk_dinkes",
        "note": "Tanya KIS untuk NIK 3271014112900777"})
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "done"
    assert r.json()["outcome"]["referral_to"] == "Dinas Kesehatan"
    assert r.json()["outcome"]["note"] == "Tanya KIS untuk NIK 3271********0777"
    assert lobby_display.sees(lambda e: e["type"] == "ticket.done" and e["ticket"]["id"] == t["id"])
    report = supervisor.get("/api/outcomes/summary").json()
    assert {"code": "rujuk_dinkes", "label": "Dirujuk ke Dinas Kesehatan", "referral_to": "Dinas Kesehatan",
            "count": 1} in report["outcomes"]
    assert any(a["action"] == "ticket.outcome" for a in supervisor.get("/api/audit").json())


def test_an_unknown_or_missing_outcome_finishes_nothing(server, front_office, siti):
    t = siti.takes_ticket("A").json()
    front_office.calls_next()
    r = front_office.http.post(f"/api/tickets/{t['id']}/finish",
                               json={"counter_id": front_office.counter_id, "outcome": "dibuang"})
    assert r.status_code == 422 and r.json()["code"] == "unknown_outcome"
    assert "Pilih dari daftar" in r.json()["message"]
    assert siti.looks_at_phone()["status"] == "called"


def test_the_head_of_office_keeps_the_list_and_a_deactivated_outcome_is_no_longer_offered(
        server, supervisor, front_office, siti):
    r = supervisor.post("/api/outcomes", json={"label_id": "Dirujuk ke Dinas Sosial Provinsi",
                                                "referral_to": "Dinas Sosial Provinsi"})
    assert r.status_code == 201, r.text
    new_id = r.json()["id"]
    codes = [o["code"] for o in front_office.http.get("/api/outcomes").json()]
    assert "dirujuk_ke_dinas_sosial_provinsi" in codes
    assert front_office.http.post("/api/outcomes", json={"label_id": "X"}).status_code == 403
    assert supervisor.put(f"/api/outcomes/{new_id}", json={"active": False}).status_code == 200
    assert "dirujuk_ke_dinas_sosial_provinsi" not in [o["code"] for o in front_office.http.get("/api/outcomes").json()]
    assert "dirujuk_ke_dinas_sosial_provinsi" in [o["code"] for o in supervisor.get("/api/outcomes?all=1").json()]
    dup = supervisor.post("/api/outcomes", json={"label_id": "Dirujuk ke Dinas Sosial Provinsi"})
    assert dup.status_code == 422 and dup.json()["code"] == "invalid_field"
    blank = supervisor.post("/api/outcomes", json={"label_id": "  "})
    assert blank.status_code == 422
    # the staff snapshot carries the active list for the finish dialog
    assert "rujuk_bpjs" in [o["code"] for o in front_office.http.get("/api/staff/state").json()["outcomes"]]
