"""A front-desk clerk issues a number for a citizen who cannot use the kiosk (real server, real SQLite).

Personas: petugas1 at Loket 1, Ibu Siti at the kiosk, Pak Joko who has no KTP
with him, the lobby display, the admin (technician) who sets which services
may go without a NIK. In the demo, Pengaduan (C) allows it: a complaint may be
made without identity (UU 25/2009 Pasal 42).
"""

from __future__ import annotations

import sqlalchemy as sa

from server.storage.schema import services
from tests.server.helpers import nik_for


def test_the_clerk_s_numbers_and_the_kiosk_s_share_one_gap_free_sequence(server, front_office, siti,
                                                                         lobby_display):
    first = siti.takes_ticket("A").json()
    r = front_office.http.post("/api/staff/tickets", json={"service": "A", "nik": nik_for(7)})
    assert r.status_code == 201, r.text
    mine = r.json()
    second = siti.takes_ticket("A", request_id="x").json()   # the same citizen: her active ticket back
    assert second["number"] == first["number"]
    third = front_office.http.post("/api/staff/tickets", json={"service": "a", "nik": nik_for(8)}).json()
    assert [first["number"], mine["number"], third["number"]] == ["A-001", "A-002", "A-003"]
    assert mine["status_url"].endswith("/t/" + mine["token"]) and mine["qr_url"].endswith("/qr.svg")
    assert "nik" not in mine and mine["nik_masked"] == nik_for(7)[:4] + "********" + nik_for(7)[-4:]
    assert lobby_display.sees(lambda e: e["type"] == "ticket.issued" and e["ticket"]["id"] == mine["id"])
    # the phone status page behind the QR works as for a kiosk ticket
    assert server.client().get(f"/api/tickets/{mine['token']}").json()["number"] == "A-002"


def test_a_complaint_may_be_made_without_identity_where_the_service_allows_it(server, front_office, supervisor):
    r = front_office.http.post("/api/staff/tickets", json={"service": "C"})
    assert r.status_code == 201, r.text
    assert r.json()["number"] == "C-001" and r.json()["nik_masked"] is None
    again = front_office.http.post("/api/staff/tickets", json={"service": "C", "nik": ""})
    assert again.status_code == 201 and again.json()["number"] == "C-002"   # nobody to give back a ticket to
    audit = supervisor.get("/api/audit").json()
    assert any(a["action"] == "ticket.issued" and a["actor"] == "user:petugas1" for a in audit)


def test_without_a_nik_a_service_that_needs_one_refuses_politely_and_issues_nothing(server, front_office):
    r = front_office.http.post("/api/staff/tickets", json={"service": "A", "nik": " "})
    assert r.status_code == 422 and r.json()["code"] == "nik_required"
    assert r.json()["message"] == "NIK wajib diisi untuk layanan ini."
    bad = front_office.http.post("/api/staff/tickets", json={"service": "A", "nik": "1234"})
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_nik"
    ok = front_office.http.post("/api/staff/tickets", json={"service": "A", "nik": nik_for(3)})
    assert ok.json()["number"] == "A-001"   # no number was used up by the refusals


def test_the_technician_lets_a_service_go_without_a_nik_from_the_admin_api(server, technician, front_office):
    sid = server.sql(sa.select(services.c.id).where(services.c.code == "D"))[0].scalar_one()
    svc = next(s for s in technician.get("/api/admin/services").json() if s["code"] == "D")
    assert svc["nik_optional"] is False
    assert technician.put(f"/api/admin/services/{sid}", json={"nik_optional": True}).status_code == 200
    assert next(s for s in server.client().get("/api/state").json()["services"] if s["code"] == "D")["nik_optional"]
    assert front_office.http.post("/api/staff/tickets", json={"service": "D"}).status_code == 201


def test_a_closed_service_refuses_the_clerk_as_it_refuses_the_kiosk(server, front_office):
    server.sql(services.update().where(services.c.code == "B").values(is_open=False))
    r = front_office.http.post("/api/staff/tickets", json={"service": "B", "nik": nik_for(4)})
    assert r.status_code == 409 and r.json()["code"] == "service_closed"


def test_the_qr_is_an_svg_of_the_status_page_for_staff_only(server, front_office):
    t = front_office.http.post("/api/staff/tickets", json={"service": "C"}).json()
    r = front_office.http.get(t["qr_url"])
    assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")
    assert b"<svg" in r.content
    assert server.client().get(t["qr_url"]).status_code == 401
    spec = server.client().get("/openapi.json").json()
    assert "front desk" in spec["paths"]["/api/staff/tickets"]["post"]["summary"]
