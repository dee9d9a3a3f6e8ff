"""Pairing kiosks and displays, and seeing when one goes quiet (technician persona)."""

import time

import pytest

from server.domain.devices import health_of, new_pairing_code, normalize_code
from tests.live import LiveServer
from tests.server.helpers import SSEReader


def test_health_rules():
    assert health_of("kiosk", None, None, 100, 90)["alert"] == "never_seen"
    assert health_of("kiosk", 0, None, 100, 90)["alert"] == "offline"
    assert health_of("kiosk", 50, {"printer": {"state": "paper_out"}}, 100, 90)["alert"] == "printer_paper_out"
    assert health_of("kiosk", 50, {"printer": {"state": "ok"}}, 100, 90)["alert"] is None
    assert health_of("display", 50, {"printer": {"state": "paper_out"}}, 100, 90)["alert"] is None


def test_pairing_codes_are_easy_to_type():
    code = new_pairing_code()
    assert len(code) == 9 and code[4] == "-" and not set(code) & set("01OIL")
    assert normalize_code(code.lower().replace("-", " ")) == code


@pytest.fixture
def fast_server(tmp_path):
    s = LiveServer(tmp_path / "data", overrides={"device_offline_seconds": 1.0,
                                                  "housekeeping_seconds": 0.2}).start()
    yield s
    s.stop()


def test_pair_a_kiosk_issue_revoke(fast_server):
    server = fast_server
    admin = server.admin()
    created = admin.post("/api/admin/devices", json={"kind": "kiosk", "name": "Kiosk Pintu Timur"})
    assert created.status_code == 201
    code = created.json()["pairing_code"]
    paired = server.client().post("/api/devices/pair", json={"code": code.lower()})
    assert paired.status_code == 200 and paired.json()["kind"] == "kiosk"
    key = paired.json()["key"]
    # one time only
    assert server.client().post("/api/devices/pair", json={"code": code}).status_code == 404
    kiosk = server.client(headers={"Authorization": f"Bearer {key}"})
    r = kiosk.post("/api/tickets", json={"service": "A", "nik": "3276010101900001", "request_id": "1"})
    assert r.status_code == 201
    assert admin.post(f"/api/admin/devices/{created.json()['id']}/revoke").status_code == 200
    r = kiosk.post("/api/tickets", json={"service": "A", "nik": "3276010101900002", "request_id": "2"})
    assert r.status_code == 401


def test_wrong_codes_are_refused_and_rate_limited(fast_server):
    c = fast_server.client()
    codes = [c.post("/api/devices/pair", json={"code": "AAAA-BBBB"}).status_code for _ in range(7)]
    assert codes[0] == 404 and codes[-1] == 429


def test_silent_kiosk_and_empty_printer_are_flagged_live(fast_server):
    server = fast_server
    admin = server.admin()
    created = admin.post("/api/admin/devices", json={"kind": "kiosk", "name": "Kiosk Lobi 2"}).json()
    key = server.client().post("/api/devices/pair", json={"code": created["pairing_code"]}).json()["key"]
    device = server.client(headers={"Authorization": f"Bearer {key}"})
    staff_stream = SSEReader(server.url + "/api/staff/events",
                             headers={"Authorization": server.staff(0).headers["Authorization"]})
    public_stream = SSEReader(server.url + "/api/events")
    try:
        r = device.post("/api/devices/heartbeat", json={"version": "0.1.0", "printer": {"state": "ok"}})
        assert r.status_code == 200

        def listed():
            return {d["id"]: d for d in admin.get("/api/admin/devices").json()["devices"]}[created["id"]]
        assert listed()["online"] and listed()["alert"] is None
        device.post("/api/devices/heartbeat", json={"printer": {"state": "paper_out"}})
        assert listed()["alert"] == "printer_paper_out"
        assert staff_stream.wait_for(lambda e: e["type"] == "device.health"
                                     and e["staff"]["device"]["alert"] == "printer_paper_out")
        assert {a["alert"] for a in server.staff(1).get("/api/staff/state").json()["device_alerts"]} \
            >= {"printer_paper_out"}
        # the kiosk stops sending heartbeats: within the threshold plus one housekeeping tick it is offline
        assert staff_stream.wait_for(lambda e: e["type"] == "device.health"
                                     and e["staff"]["device"]["alert"] == "offline", timeout=10)
        assert listed()["online"] is False
        device.post("/api/devices/heartbeat", json={"printer": {"state": "ok"}})
        assert staff_stream.wait_for(lambda e: e["type"] == "device.health" and e["staff"]["device"]["alert"] is None
                                     and e["staff"]["device"]["id"] == created["id"])
        time.sleep(0.3)
        assert not [e for e in public_stream.events if e["type"] == "device.health"]  # never on the lobby stream
    finally:
        staff_stream.close()
        public_stream.close()


def test_heartbeat_needs_a_device_key(fast_server):
    assert fast_server.client().post("/api/devices/heartbeat", json={}).status_code == 401
    demo_kiosk = fast_server.kiosk()
    assert demo_kiosk.post("/api/devices/heartbeat", json={"printer": {"state": "bogus"}}).status_code == 422


def test_a_code_for_another_kind_is_refused_and_stays_valid(fast_server):
    admin = fast_server.admin()
    code = admin.post("/api/admin/devices", json={"kind": "kiosk", "name": "Kiosk 3"}).json()["pairing_code"]
    wrong = fast_server.client().post("/api/devices/pair", json={"code": code, "kind": "display"})
    assert wrong.status_code == 409 and wrong.json()["code"] == "wrong_device_kind"
    assert fast_server.client().post("/api/devices/pair", json={"code": code, "kind": "kiosk"}).status_code == 200


def test_urls_follow_the_address_clients_use_unless_configured(fast_server):
    r = fast_server.admin().post("/api/admin/devices", json={"kind": "display", "name": "TV"})
    assert r.json()["pair_url"].startswith(fast_server.url + "/pair?code=")
    t = fast_server.kiosk().post("/api/tickets", json={"service": "A", "nik": "3276010101900001"}).json()
    assert t["status_url"].startswith(fast_server.url + "/t/")
