"""A full NIK never leaves through a public door, and every look at one is recorded."""

import logging

import sqlalchemy as sa

from server.storage.schema import audit_log, tickets
from tests.server.helpers import SSEReader, counter_id, issue, nik_for


def test_no_full_nik_in_any_public_response_or_event(server, caplog):
    caplog.set_level(logging.DEBUG)
    display = SSEReader(server.url + "/api/events")
    kiosk, fo = server.kiosk(), server.staff(0)
    try:
        issued = [issue(kiosk, "A", i, priority="lansia" if i == 2 else None).json() for i in range(1, 4)]
        called = fo.post(f"/api/counters/{counter_id(server, 0)}/call-next").json()
        fo.post(f"/api/tickets/{called['id']}/transfer", json={"service": "E", "note": "NIK cocok"})
        assert display.wait_for(lambda e: e["type"] == "ticket.transferred")
        public = [server.client().get(p).text for p in ("/api/state", "/api/services", "/openapi.json")]
        public += [server.client().get(f"/api/tickets/{t['token']}").text for t in issued]
        public += [str(display.events)]
        for i in range(1, 4):
            for text in public:
                assert nik_for(i) not in text
                assert nik_for(i)[4:12] not in text  # not even the hidden middle
        assert "lansia" not in str(display.events)   # a priority category is personal too
        assert "NIK cocok" not in str(display.events)  # notes are for staff only
        # nor in any log line the server wrote
        for i in range(1, 4):
            assert nik_for(i) not in caplog.text
    finally:
        display.close()


def test_staff_see_the_full_nik_and_the_look_is_audited(server):
    t = issue(server.kiosk(), "A", 7).json()
    clerk = server.staff(1)
    staff_state = clerk.get("/api/staff/state").json()
    assert nik_for(7) not in str(staff_state)  # lists show the masked form
    assert staff_state["tickets"][0]["nik_masked"] == "3276********0008"
    detail = clerk.get(f"/api/staff/tickets/{t['id']}").json()
    assert detail["nik"] == nik_for(7)
    assert detail["nik_region"]["regency"]  # Kota Depok, from the Kemendagri data
    with server.ctx.db.read() as conn:
        rows = conn.execute(sa.select(audit_log).where(audit_log.c.action == "nik.viewed")).all()
    assert [(r.actor, r.ticket_id) for r in rows] == [("user:petugas2", t["id"])]
    assert nik_for(7) not in str(rows[0].detail)


def test_state_changes_are_audited(server):
    t = issue(server.kiosk(), "A", 1).json()
    fo = server.staff(0)
    fo.post(f"/api/counters/{counter_id(server, 0)}/call-next")
    fo.post(f"/api/tickets/{t['id']}/skip")
    actions = [(a["actor"], a["action"]) for a in server.admin().get("/api/audit").json()]
    assert ("user:petugas1", "ticket.skip") in actions and ("user:petugas1", "ticket.called") in actions
    assert ("kiosk:1", "ticket.issued") in actions
    assert ("user:petugas1", "auth.login") in actions


def test_purge_removes_old_niks_and_keeps_the_counts(tmp_path):
    from tests.live import Clock, LiveServer
    clock = Clock()
    server = LiveServer(tmp_path / "data", clock=clock, overrides={"nik_retention_days": 30}).start()
    try:
        old = issue(server.kiosk(), "A", 1).json()
        clock.advance(31 * 86400)
        new = issue(server.kiosk(), "A", 2).json()
        with server.ctx.db.read() as conn:
            rows = {r.id: r for r in conn.execute(sa.select(tickets))}
            purged = conn.execute(sa.select(audit_log).where(audit_log.c.action == "nik.purged")).all()
        assert rows[old["id"]].nik is None and rows[old["id"]].number == "A-001"
        assert rows[new["id"]].nik == nik_for(2)
        assert purged and purged[0].detail["count"] == 1
    finally:
        server.stop()
