"""Nothing slow runs on the event loop: image work, database reads for the zone and device keys."""

import io
import threading

from PIL import Image

from server.domain import accounts, logo


def _png(size=(1200, 800)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (0, 90, 160)).save(out, "PNG")
    return out.getvalue()


def _record_threads(monkeypatch, owner, name):
    seen = []
    original = getattr(owner, name)

    def recording(*args, **kw):
        seen.append(threading.current_thread())
        return original(*args, **kw)
    monkeypatch.setattr(owner, name, recording)
    return seen


def test_the_logo_is_decoded_and_resized_off_the_event_loop(server, monkeypatch):
    seen = _record_threads(monkeypatch, logo, "normalise")
    r = server.admin().put("/api/admin/logo", content=_png(), headers={"content-type": "image/png"})
    assert r.status_code == 200, r.text
    assert seen and server.thread not in seen   # the server's loop runs on server.thread


def test_device_keys_are_reloaded_by_the_writer_after_the_commit(server, monkeypatch):
    seen = _record_threads(monkeypatch, accounts.DeviceKeys, "reload")
    admin = server.admin()
    code = admin.post("/api/admin/devices", json={"kind": "kiosk", "name": "Kiosk 2"}).json()["pairing_code"]
    key = server.client().post("/api/devices/pair", json={"code": code}).json()["key"]
    assert seen and {t.name for t in seen} == {"antre-writer"}
    r = server.client(headers={"Authorization": f"Bearer {key}"}).post(
        "/api/tickets", json={"service": "A", "nik": "3276010101900001"})
    assert r.status_code == 201   # the new key works at once


def test_the_zone_comes_from_the_office_snapshot_not_the_database(clocked_server, clock, monkeypatch):
    server = clocked_server
    assert server.admin().put("/api/admin/office", json={"timezone": "Asia/Makassar"}).status_code == 200
    clock.advance(60)  # well past any time limit a cache had

    def no_reads(*args, **kw):
        raise AssertionError("the database was read")
    with monkeypatch.context() as m:
        m.setattr(server.ctx.db.read_engine, "connect", no_reads)
        zone = server.ctx.zone
    assert zone.key == "Asia/Makassar"
