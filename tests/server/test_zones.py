"""Display zones: an office with two waiting rooms gives each TV its own room (technician persona).

The demo office: Loket 1 (A, D, B) and Loket 2 (E, back office) in the front room,
Loket 3 (B) and Loket 4 (C) upstairs.
"""

from __future__ import annotations

from server.domain.zones import narrow
from tests.server.helpers import counter_id, issue


def pair_display(server, name: str) -> tuple[int, dict]:
    admin = server.admin()
    created = admin.post("/api/admin/devices", json={"kind": "display", "name": name}).json()
    paired = server.client().post("/api/devices/pair", json={"code": created["pairing_code"], "kind": "display"})
    assert paired.status_code == 200, paired.text
    return created["id"], {"Authorization": f"Bearer {paired.json()['key']}"}


def test_the_zone_rule_keeps_only_the_rooms_counters_services_and_calls():
    snapshot = {"counters": [{"id": 1}, {"id": 3}], "services": [{"code": "A"}, {"code": "C"}],
                "recent_calls": [{"counter_id": 1, "number": "A-001"}, {"counter_id": 3, "number": "B-001"}],
                "office": {"name": "x"}}
    room = narrow(snapshot, [3], ["C"])
    assert room["counters"] == [{"id": 3}] and room["services"] == [{"code": "C"}]
    assert [r["number"] for r in room["recent_calls"]] == ["B-001"] and room["office"] == {"name": "x"}


def test_technician_defines_two_rooms_and_each_display_sees_only_its_own(server, technician, front_office):
    loket1, loket2, loket3, loket4 = (counter_id(server, i) for i in range(4))
    # Given two waiting rooms
    down = technician.post("/api/admin/zones", json={"name": "Ruang tunggu bawah", "counters": [loket1, loket2]})
    up = technician.post("/api/admin/zones", json={"name": "Ruang tunggu atas", "counters": [loket4, loket3]})
    assert down.status_code == up.status_code == 201
    assert down.json()["services"] == ["A", "B", "D", "E"]      # what Loket 1 and 2 serve, in the office's order
    assert up.json() == {"id": up.json()["id"], "name": "Ruang tunggu atas", "counters": [loket3, loket4],
                         "services": ["B", "C"]}
    listed = technician.get("/api/admin/zones").json()
    assert [z["name"] for z in listed] == ["Ruang tunggu bawah", "Ruang tunggu atas"]

    # and a call downstairs
    issue(server.kiosk(), "A", 1)
    issue(server.kiosk(), "C", 2)
    assert front_office.calls_next().json()["number"] == "A-001"

    # Then the upstairs snapshot has its counters, its services and none of the downstairs calls
    public = server.client()
    room = public.get(f"/api/state?zone={up.json()['id']}").json()
    assert [c["id"] for c in room["counters"]] == [loket3, loket4]
    assert [s["code"] for s in room["services"]] == ["B", "C"]
    assert room["recent_calls"] == [] and room["zone"]["name"] == "Ruang tunggu atas"
    downstairs = public.get(f"/api/state?zone={down.json()['id']}").json()
    assert [r["number"] for r in downstairs["recent_calls"]] == ["A-001"]
    # and the whole office's snapshot lists the rooms for a technician choosing one
    whole = public.get("/api/state").json()
    assert [z["name"] for z in whole["zones"]] == ["Ruang tunggu bawah", "Ruang tunggu atas"]
    assert len(whole["counters"]) == 4 and "zone" not in whole
    # An unknown room is a polite 404
    missing = public.get("/api/state?zone=999")
    assert missing.status_code == 404 and missing.json()["message"] == "Zona tidak ditemukan."


def test_a_display_learns_its_zone_and_language_from_its_key(server, technician):
    zone = technician.post("/api/admin/zones", json={"name": "Lantai 2", "counters": [counter_id(server, 3)]}).json()
    device_id, key = pair_display(server, "TV Lantai 2")
    public = server.client()
    assert public.get("/api/devices/me", headers=key).json()["zone_id"] is None
    assert public.get("/api/devices/me", headers=key).json()["language"] == "id"

    r = technician.put(f"/api/admin/devices/{device_id}/settings", json={"zone_id": zone["id"], "language": "en"})
    assert r.status_code == 200, r.text

    me = public.get("/api/devices/me", headers=key).json()
    assert (me["zone_id"], me["language"]) == (zone["id"], "en")
    beat = public.post("/api/devices/heartbeat", headers=key, json={"version": "display-web-1"}).json()
    assert (beat["zone_id"], beat["language"]) == (zone["id"], "en")
    listed = {d["id"]: d for d in technician.get("/api/admin/devices").json()["devices"]}
    assert (listed[device_id]["zone_id"], listed[device_id]["language"]) == (zone["id"], "en")
    audit = server.login(server.creds["supervisor"]["username"], server.creds["supervisor"]["password"]) \
        .get("/api/audit").json()
    rows = audit["entries"] if isinstance(audit, dict) else audit
    assert any(e["action"] == "device.configured" for e in rows)

    # When the room is removed, the display shows the whole office again
    assert technician.delete(f"/api/admin/zones/{zone['id']}").status_code == 200
    assert public.get("/api/devices/me", headers=key).json()["zone_id"] is None


def test_bad_zone_input_is_refused_politely_and_changes_nothing(server, technician, front_office):
    first = technician.post("/api/admin/zones", json={"name": "Ruang A", "counters": [counter_id(server, 0)]}).json()
    for body, field in (({"name": "  ", "counters": []}, "name"),
                        ({"name": "Ruang A", "counters": []}, "name"),
                        ({"name": "Ruang B", "counters": [999]}, "counters")):
        r = technician.post("/api/admin/zones", json=body)
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == field, r.text
        assert r.json()["errors"][0]["message"]
    device_id, _ = pair_display(server, "TV")
    for body in ({"zone_id": 999}, {"zone_id": None, "language": "fr"}):
        assert technician.put(f"/api/admin/devices/{device_id}/settings", json=body).status_code == 422
    assert [z["name"] for z in technician.get("/api/admin/zones").json()] == ["Ruang A"]
    assert technician.put("/api/admin/zones/999", json={"name": "X", "counters": []}).status_code == 404
    # Only the technician may define rooms; a clerk may not
    assert front_office.http.get("/api/admin/zones").status_code == 403
    assert server.client().post("/api/admin/zones", json={"name": "X"}).status_code == 401
    assert first["counters"] == [counter_id(server, 0)]


def test_zones_are_documented_in_openapi(server):
    paths = server.client().get("/openapi.json").json()["paths"]
    assert {"get", "post"} <= set(paths["/api/admin/zones"])
    assert {"put", "delete"} <= set(paths["/api/admin/zones/{zone_id}"])
    assert "put" in paths["/api/admin/devices/{device_id}/settings"]
    assert "zone" in {p["name"] for p in paths["/api/state"]["get"]["parameters"]}
    assert paths["/api/admin/zones"]["post"]["summary"] == "Create a zone"
