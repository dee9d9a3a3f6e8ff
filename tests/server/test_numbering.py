"""A number is given once per office day: renamed services, new services, old databases."""

import pytest
import sqlalchemy as sa

from server.storage import schema, schema_upgrade
from server.storage.db import Database
from tests.server.helpers import database_of_release, issue


def test_a_renamed_service_and_a_new_one_under_its_letter_never_share_a_number(server):
    admin, kiosk = server.admin(), server.kiosk()
    assert issue(kiosk, "D", 1).json()["number"] == "D-001"
    ids = {s["code"]: s["id"] for s in admin.get("/api/admin/services").json()}
    assert admin.put(f"/api/admin/services/{ids['D']}", json={"code": "F"}).status_code == 200
    r = admin.post("/api/admin/services", json={"code": "D", "name_id": "Informasi Baru", "name_en": "New info",
                                                "standard_minutes": 10})
    assert r.status_code == 201, r.text
    assert issue(kiosk, "D", 2).json()["number"] == "D-002"   # not a second D-001
    assert issue(kiosk, "F", 3).json()["number"] == "F-001"   # the renamed service under its new letter
    with server.ctx.db.read() as conn:
        numbers = [n for (n,) in conn.execute(sa.select(schema.tickets.c.number))]
    assert len(numbers) == len(set(numbers)) == 3


def test_the_database_refuses_a_number_twice_in_a_day(server):
    issue(server.kiosk(), "A", 1)
    with server.ctx.db.read() as conn:
        row = conn.execute(sa.select(schema.tickets)).first()._asdict()
    row.pop("id")
    # the same number from another service (as after a rename): not allowed either
    row.update(token="another-token", request_id="another", origin_service_id=2, service_id=2)
    with pytest.raises(sa.exc.IntegrityError):
        server.sql(schema.tickets.insert().values(**row))


def _v1_database(tmp_path) -> Database:
    db = Database(f"sqlite:///{tmp_path / 'old.db'}")
    with db.write_engine.connect() as conn, conn.begin():
        database_of_release(conn, 1)
        sql = conn.exec_driver_sql
        sql("INSERT INTO services (id, code, name_id, name_en, requirements_id, requirements_en, standard_minutes, "
            "is_open, position, kiosk_visible) VALUES (1, 'F', 'Lama', 'Old', '', '', 10, 1, 0, 1), "
            "(2, 'D', 'Baru', 'New', '', '', 10, 1, 1, 1)")
        # Service 1 was D until its rename; service 2 is the new D and got D-001 again.
        for tid, service, number, seq, queued in ((1, 1, "D-001", 1, 30.0), (2, 1, "D-002", 2, 10.0),
                                                  (3, 2, "D-001", 1, 20.0), (4, 1, "F-003", 3, 40.0)):
            sql("INSERT INTO tickets (id, office_day, number, seq, origin_service_id, service_id, token, status, "
                "rank, issued_at, queued_at, recalls, transfers, notes) "
                "VALUES (?, '2026-11-23', ?, ?, ?, ?, ?, 'waiting', 2, ?, ?, 0, 0, '[]')",
                (tid, number, seq, service, service, f"tok{tid}", queued, queued))
        sql("INSERT INTO day_counters (service_id, office_day, last_number) VALUES (1, '2026-11-23', 3), "
            "(2, '2026-11-23', 1)")
    return db


def test_upgrading_a_version_1_database_moves_counters_and_renumbers_duplicates(tmp_path):
    db = _v1_database(tmp_path)
    try:
        assert db.upgrade() == schema_upgrade.HEAD
        with db.read() as conn:
            numbers = dict(conn.execute(sa.select(schema.tickets.c.id, schema.tickets.c.number)).all())
            counters = {(r.office_day, r.prefix): r.last_number
                        for r in conn.execute(sa.select(schema.number_counters))}
            order = [r[0] for r in conn.execute(sa.select(schema.tickets.c.id).order_by(schema.tickets.c.queue_seq))]
            day = conn.execute(sa.select(schema.system_state.c.value)
                               .where(schema.system_state.c.key == "office_day")).scalar()
        assert numbers == {1: "D-001", 2: "D-002", 3: "D-003", 4: "F-003"}  # the later D-001 became D-003
        assert counters == {("2026-11-23", "D"): 3, ("2026-11-23", "F"): 3}
        assert order == [2, 3, 1, 4]   # the queue keeps the order it had
        assert day == "2026-11-23"
    finally:
        db.close()
