"""The office day: numbering restarts, yesterday's tickets expire but stay for reports."""

import datetime as dt

import sqlalchemy as sa

from server.storage.schema import tickets
from tests.live import Clock, LiveServer
from tests.server.helpers import counter_id, issue


def _at(clock: Clock, local: dt.datetime) -> None:
    clock.offset = 0
    clock.advance(local.timestamp() - clock())


def test_numbering_restarts_at_midnight_in_the_office_zone(tmp_path):
    zone = "Asia/Makassar"
    clock = Clock()
    local = dt.datetime(2026, 11, 23, 23, 58, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    _at(clock, local)
    server = LiveServer(tmp_path / "data", clock=clock, overrides={"timezone": zone}).start()
    try:
        kiosk, fo = server.kiosk(), server.staff(0)
        called = issue(kiosk, "A", 1).json()   # first in the queue: the one call-next calls
        waiting = issue(kiosk, "A", 2).json()
        assert waiting["office_day"] == "2026-11-23"
        r = fo.post(f"/api/counters/{counter_id(server, 0)}/call-next")
        assert r.json()["id"] == called["id"] and r.json()["status"] == "called"
        clock.advance(3 * 60)  # 00:01 in Makassar (still 23:01 in Jakarta)
        fresh = issue(kiosk, "A", 3).json()
        assert fresh["number"] == "A-001" and fresh["office_day"] == "2026-11-24"
        old = server.client().get(f"/api/tickets/{waiting['token']}").json()
        assert old["status"] == "expired"
        assert server.client().get(f"/api/tickets/{called['token']}").json()["status"] == "expired"
        # the same citizen may take a new number today; yesterday's ticket does not block
        again = issue(kiosk, "A", 2)
        assert again.status_code == 201 and again.json()["number"] == "A-002"
        with server.ctx.db.read() as conn:  # history kept, never deleted
            assert conn.execute(sa.select(sa.func.count()).select_from(tickets)).scalar() == 4
        # yesterday's called ticket cannot be acted on any more
        r = fo.post(f"/api/tickets/{called['id']}/done")
        assert r.status_code == 409 and r.json()["code"] == "invalid_transition"  # it is expired now
    finally:
        server.stop()


def test_expiry_happens_without_any_request(tmp_path):
    clock = Clock()
    local = dt.datetime(2026, 11, 23, 23, 59, 50, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    _at(clock, local)
    server = LiveServer(tmp_path / "data", clock=clock).start()
    try:
        t = issue(server.kiosk(), "A", 1).json()
        clock.advance(60)
        server.ctx.db.writer.call(lambda tx: None)  # what the server's 30 s tick does
        assert server.client().get(f"/api/tickets/{t['token']}").json()["status"] == "expired"
        assert server.client().get("/api/state").json()["office_day"] == "2026-11-24"
    finally:
        server.stop()


def test_a_clock_set_back_across_midnight_keeps_today(tmp_path):
    """The clock is wrong by a few minutes and gets corrected backwards just after midnight."""
    clock = Clock()
    _at(clock, dt.datetime(2026, 11, 24, 0, 1, tzinfo=dt.timezone(dt.timedelta(hours=7))))
    server = LiveServer(tmp_path / "data", clock=clock).start()
    try:
        kiosk, fo = server.kiosk(), server.staff(0)
        first = issue(kiosk, "A", 1).json()
        assert first["office_day"] == "2026-11-24"
        clock.advance(-3 * 60)  # 23:58 on the 23rd by the clock
        second = issue(kiosk, "A", 2).json()
        assert second["office_day"] == "2026-11-24" and second["number"] == "A-002"  # no second A-001
        assert server.client().get("/api/state").json()["office_day"] == "2026-11-24"
        called = fo.post(f"/api/counters/{counter_id(server, 0)}/call-next")
        assert called.status_code == 200 and called.json()["id"] == first["id"]
        assert fo.post(f"/api/tickets/{first['id']}/start").json()["status"] == "serving"  # not refused
        clock.advance(10 * 60)  # put right again: nothing of today expires
        server.ctx.db.writer.call(lambda tx: None)
        assert server.client().get(f"/api/tickets/{second['token']}").json()["status"] == "waiting"
        with server.ctx.db.read() as conn:
            assert not conn.execute(sa.select(tickets).where(tickets.c.status == "expired")).all()
    finally:
        server.stop()


def test_the_office_day_survives_a_restart_with_the_clock_behind(tmp_path):
    clock = Clock()
    _at(clock, dt.datetime(2026, 11, 24, 0, 5, tzinfo=dt.timezone(dt.timedelta(hours=7))))
    server = LiveServer(tmp_path / "data", clock=clock).start()
    try:
        assert issue(server.kiosk(), "A", 1).json()["number"] == "A-001"
    finally:
        server.stop()
    clock.advance(-10 * 60)  # restarted with the clock on the 23rd
    server = LiveServer(tmp_path / "data", clock=clock).start()
    try:
        again = issue(server.kiosk(), "A", 2).json()
        assert again["office_day"] == "2026-11-24" and again["number"] == "A-002"
    finally:
        server.stop()
