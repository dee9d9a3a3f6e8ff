"""The technician sets up the office from the admin API alone."""

import io

from PIL import Image

from tests.server.helpers import SSEReader, issue


def test_only_admins_reach_admin_routes(server):
    assert server.staff(0).get("/api/admin/services").status_code == 403
    assert server.login(server.creds["supervisor"]["username"],
                        server.creds["supervisor"]["password"]).get("/api/admin/users").status_code == 403
    assert server.client().get("/api/admin/devices").status_code == 401


def test_new_service_counter_and_account_work_at_once(server):
    admin = server.admin()
    r = admin.post("/api/admin/services", json={"code": "f", "name_id": "Rehabilitasi Sosial",
                                                 "name_en": "Social rehabilitation", "standard_minutes": 20,
                                                 "requirements_id": "Fotokopi KTP"})
    assert r.status_code == 201, r.text
    assert "F" in [s["code"] for s in server.client().get("/api/services?kiosk=true").json()]
    r = admin.post("/api/admin/counters", json={"name": "Loket 5", "role": "front_office", "services": ["F", "D"]})
    assert r.status_code == 201, r.text
    counter = r.json()["id"]
    r = admin.post("/api/admin/users", json={"username": "petugas5", "role": "staff", "counter_id": counter})
    assert r.status_code == 201 and len(r.json()["password"]) >= 8
    clerk = server.login("petugas5", r.json()["password"])
    ticket = issue(server.kiosk(), "F", 1)
    assert ticket.status_code == 201 and ticket.json()["number"] == "F-001"
    called = clerk.post(f"/api/counters/{counter}/call-next")
    assert called.status_code == 200 and called.json()["number"] == "F-001"


def test_every_problem_is_named_by_its_field(server):
    admin = server.admin()
    r = admin.post("/api/admin/services", json={"code": "AB", "name_id": "", "standard_minutes": 0})
    assert r.status_code == 422 and r.json()["code"] == "invalid_field"
    fields = {e["field"] for e in r.json()["errors"]}
    assert {"code", "name_id", "name_en", "standard_minutes"} <= fields
    r = admin.post("/api/admin/services", json={"code": "A", "name_id": "x", "name_en": "x", "standard_minutes": 5})
    assert [e["field"] for e in r.json()["errors"]] == ["code"] and "dipakai" in r.json()["errors"][0]["message"]
    r = admin.post("/api/admin/counters", json={"name": "Loket 9", "role": "front_office", "services": []})
    assert [e["field"] for e in r.json()["errors"]] == ["services"]
    r = admin.post("/api/admin/counters", json={"name": "Loket 1", "role": "kasir", "services": ["Q"]})
    assert {e["field"] for e in r.json()["errors"]} == {"name", "role", "services"}
    r = admin.put("/api/admin/office", json={"timezone": "Asia/Bandung", "nik_retention_days": 0})
    assert {e["field"] for e in r.json()["errors"]} == {"timezone", "nik_retention_days"}


def test_service_can_be_closed_and_reordered(server):
    admin = server.admin()
    services = {s["code"]: s for s in admin.get("/api/admin/services").json()}
    admin.put(f"/api/admin/services/{services['D']['id']}", json={"is_open": False, "daily_quota": 5})
    r = issue(server.kiosk(), "D", 1)
    assert r.status_code == 409 and r.json()["code"] == "service_closed"
    assert admin.post("/api/admin/services/order", json={"codes": ["D", "C", "B", "A", "E"]}).status_code == 200
    assert [s["code"] for s in server.client().get("/api/services").json()] == ["D", "C", "B", "A", "E"]
    assert admin.post("/api/admin/services/order", json={"codes": ["A"]}).status_code == 422


def test_profile_change_reaches_displays_through_the_stream(server):
    display = SSEReader(server.url + "/api/events")
    try:
        r = server.admin().put("/api/admin/office", json={"running_text": "Kantor tutup pukul 12.00 hari ini",
                                                          "timezone": "Asia/Makassar"})
        assert r.status_code == 200, r.text
        assert display.wait_for(lambda e: e["type"] == "office.changed")
        state = server.client().get("/api/state").json()
        assert state["office"]["running_text"] == "Kantor tutup pukul 12.00 hari ini"
        assert state["timezone"] == "Asia/Makassar"
    finally:
        display.close()


def test_disabled_account_is_logged_out_and_password_reset(server):
    admin = server.admin()
    clerk = server.staff(0)
    users = {u["username"]: u for u in admin.get("/api/admin/users").json()}
    uid = users["petugas1"]["id"]
    assert admin.put(f"/api/admin/users/{uid}", json={"active": False}).status_code == 200
    assert clerk.get("/api/auth/me").status_code == 401
    assert server.client().post("/api/auth/login", json={"username": "petugas1",
                                                         "password": server.creds["staff"][0]["password"]}).status_code == 401
    admin.put(f"/api/admin/users/{uid}", json={"active": True})
    new = admin.post(f"/api/admin/users/{uid}/reset-password").json()["password"]
    assert server.login("petugas1", new).get("/api/auth/me").status_code == 200


def _png(size=(200, 100)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (0, 90, 160)).save(out, "PNG")
    return out.getvalue()


def test_logo_upload_checks_the_file(server):
    admin = server.admin()
    assert server.client().get("/api/logo").status_code == 404
    r = admin.put("/api/admin/logo", content=_png(), headers={"content-type": "image/png"})
    assert r.status_code == 200, r.text
    logo = server.client().get("/api/logo")
    assert logo.status_code == 200 and Image.open(io.BytesIO(logo.content)).size == (200, 100)
    assert server.client().get("/api/state").json()["office"]["logo_version"] == 1
    bad = admin.put("/api/admin/logo", content=b"%PDF-1.4 not an image", headers={"content-type": "image/png"})
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_image"
    huge = admin.put("/api/admin/logo", content=b"\x89PNG" + b"\0" * (3 * 1024 * 1024))
    assert huge.status_code == 413 and huge.json()["code"] == "image_too_large"
    big = admin.put("/api/admin/logo", content=_png((3000, 1500)))
    assert big.status_code == 200
    assert max(Image.open(io.BytesIO(server.client().get("/api/logo").content)).size) == 600


def test_changes_are_audited(server):
    admin = server.admin()
    admin.put("/api/admin/office", json={"name": "Dinas Sosial Kabupaten Tapin"})
    actions = [(a["actor"], a["action"]) for a in admin.get("/api/audit").json()]
    assert ("user:admin", "office.changed") in actions


def _password_problem(r):
    assert r.status_code == 422, r.text
    return [e for e in r.json()["errors"] if e["field"] == "password"]


def test_weak_passwords_are_refused_by_role(server):
    admin = server.admin()
    new = {"username": "kepala.it", "role": "admin", "display_name": "Kepala IT"}
    assert _password_problem(admin.post("/api/admin/users", json={**new, "password": "password"}))
    assert _password_problem(admin.post("/api/admin/users", json={**new, "password": "Tapin2026"}))  # 9 < 10
    assert _password_problem(admin.post("/api/admin/users", json={**new, "password": "kepala.it"}))
    assert _password_problem(admin.post("/api/admin/users", json={**new, "role": "supervisor",
                                                                   "password": "Rahasia123"}))   # too common
    assert admin.post("/api/admin/users", json={**new, "password": "Tapin-2026-kantor"}).status_code == 201
    clerk = {"username": "petugas9", "role": "staff"}
    assert _password_problem(admin.post("/api/admin/users", json={**clerk, "password": "12345678"}))
    assert admin.post("/api/admin/users", json={**clerk, "password": "Loket9-ku"}).status_code == 201


def test_the_last_active_admin_cannot_lock_everyone_out(server):
    admin = server.admin()
    me = {u["username"]: u for u in admin.get("/api/admin/users").json()}["admin"]["id"]
    for change in ({"active": False}, {"role": "staff"}, {"role": "supervisor", "active": False}):
        r = admin.put(f"/api/admin/users/{me}", json=change)
        assert r.status_code == 409 and r.json()["code"] == "last_admin", r.text
    assert admin.get("/api/admin/users").status_code == 200  # still an admin
    r = admin.post("/api/admin/users", json={"username": "admin.dua", "role": "admin", "password": "Kedua-admin-2026"})
    assert r.status_code == 201
    assert admin.put(f"/api/admin/users/{me}", json={"role": "supervisor"}).status_code == 200  # now there is another


def test_names_with_invisible_characters_or_look_alike_duplicates_are_refused(server):
    admin = server.admin()

    def counter(name):
        return admin.post("/api/admin/counters", json={"name": name, "role": "front_office", "services": ["A"]})
    for bad in ("Loket\u202e5", "Loket\u200b5", "Loket\x075", "LOKET 1", "Loket \uff11", "  loket   1 "):
        r = counter(bad)
        assert r.status_code == 422 and [e["field"] for e in r.json()["errors"]] == ["name"], (bad, r.text)
    r = counter("Loket \uff15")  # full-width five: stored as the plain digit
    assert r.status_code == 201
    names = [c["name"] for c in admin.get("/api/admin/counters").json()]
    assert "Loket 5" in names
    service = {"code": "F", "name_id": "informasi umum", "name_en": "Other", "standard_minutes": 5}
    r = admin.post("/api/admin/services", json=service)   # service D is "Informasi Umum"
    assert r.status_code == 422 and [e["field"] for e in r.json()["errors"]] == ["name_id"]
    r = admin.post("/api/admin/services", json={**service, "name_id": "Rehabilitasi\u2066 Sosial"})
    assert r.status_code == 422


def test_a_role_that_is_not_text_is_a_field_problem_not_a_crash(server):
    admin = server.admin()
    r = admin.post("/api/admin/counters", json={"name": "Loket 7", "role": [], "services": ["A"]})
    assert r.status_code == 422 and [e["field"] for e in r.json()["errors"]] == ["role"]
    r = admin.post("/api/admin/users", json={"username": "petugas7", "role": ["admin"], "password": "x" * 12})
    assert r.status_code == 422 and "role" in [e["field"] for e in r.json()["errors"]]
