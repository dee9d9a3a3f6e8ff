"""The group-commit writer: one job's failure never spoils the others in its batch."""

import logging
import threading
import time

import pytest
import sqlalchemy as sa

from server.domain.errors import DomainError
from server.storage.db import Database
from server.storage.schema import office_settings
from tests.server.helpers import run_in_own_loop


@pytest.fixture
def db(tmp_path):
    d = Database(f"sqlite:///{tmp_path / 'w.db'}", batch_max=64)
    d.upgrade()
    gate = threading.Event()
    d.start_writer(before_batch=lambda tx: gate.wait(5))
    d.gate = gate
    yield d
    gate.set()
    d.close()


def put(key):
    return lambda tx: tx.conn.execute(office_settings.insert().values(key=key, value=key))


def put_then_fail(key, exc):
    def job(tx):
        tx.conn.execute(office_settings.insert().values(key=key, value=key))
        tx.emit("test", {"k": key})
        raise exc
    return job


def test_failed_job_is_undone_alone_and_the_batch_commits(db):
    blocker = db.writer.submit(lambda tx: None)  # holds the writer so the next jobs form one batch
    futures = [db.writer.submit(put("a")),
               db.writer.submit(put_then_fail("b", DomainError("quota_reached"))),
               db.writer.submit(put("c")),
               db.writer.submit(put_then_fail("d", RuntimeError("bug"))),
               db.writer.submit(put("a"))]  # duplicate key: fails inside SQLite
    db.gate.set()
    blocker.result(5)
    assert futures[0].result(5) is not None and futures[2].result(5) is not None
    with pytest.raises(DomainError):
        futures[1].result(5)
    with pytest.raises(RuntimeError):
        futures[3].result(5)
    with pytest.raises(sa.exc.IntegrityError):
        futures[4].result(5)
    with db.read() as conn:
        keys = sorted(r[0] for r in conn.execute(sa.select(office_settings.c.key)))
        events = conn.execute(sa.text("select count(*) from events")).scalar()
    assert keys == ["a", "c"] and events == 0
    assert db.writer.batches <= 3  # grouped, not one commit each


def test_events_are_published_only_after_commit_and_in_order(tmp_path):
    published = []
    d = Database(f"sqlite:///{tmp_path / 'e.db'}")
    d.upgrade()
    d.start_writer(on_commit=published.extend)
    try:
        for i in range(5):
            d.writer.call(lambda tx, i=i: tx.emit("test", {"i": i}))
        assert [e["data"]["i"] for e in published] == list(range(5))
        assert [e["id"] for e in published] == sorted(e["id"] for e in published)
    finally:
        d.close()


def _office(tmp_path, clock):
    """The demo office on a database with the writer and every cache it owns (no HTTP)."""
    from server.demo import seed_demo
    from server.http.context import AppContext
    from server.settings import load_settings
    settings = load_settings(env={}, data_dir=tmp_path / "data")
    d = Database(settings.db_url, clock=clock)
    d.upgrade()
    c = AppContext(settings=settings, db=d, clock=clock)
    c.start_writer(None)
    seed_demo(c)
    d.writer.call(lambda tx: tx.touched("office"))
    return c


def test_a_batch_whose_commit_fails_leaves_the_derived_state_as_it_was(tmp_path, monkeypatch):
    from server.domain import office_setup
    from tests.live import Clock
    clock = Clock()
    c = _office(tmp_path, clock)
    try:
        writer = c.db.writer
        day_before, known_before = c.days.day, dict(c.health.known)
        name_before = c.office.snapshot.by_code["A"].name_id
        clock.advance(86400 + 60)  # midnight has passed, and the office cache's old time limit too

        def job(tx):
            office_setup.save_service(tx, c.office.snapshot.by_code["A"].id, {"name_id": "Nama yang batal"}, "t")
            with c.db.read() as conn:
                c.office.service(conn, "A")   # what issuing does on every ticket
            c.health.check(tx)               # the demo kiosk was never seen: an alert to emit
        monkeypatch.setattr(writer, "_commit", lambda trans: (_ for _ in ()).throw(OSError("disk I/O error")))
        with pytest.raises(OSError):
            writer.call(job)
        assert c.days.day == day_before                       # yesterday never expired
        assert c.health.known == known_before                 # the alert was not told, so it is not known
        assert c.office.snapshot.by_code["A"].name_id == name_before
        with c.db.read() as conn:
            assert c.office.service(conn, "A").name_id == name_before
        monkeypatch.undo()
        writer.call(job)                                      # the same batch, committed this time
        assert c.days.day != day_before and c.health.known
        assert c.office.snapshot.by_code["A"].name_id == "Nama yang batal"
    finally:
        c.db.close()


def test_an_unexpected_failure_is_logged_once_without_the_nik(db, caplog):
    from server.storage.schema import tickets
    nik = "3276010101900001"
    db.gate.set()
    caplog.set_level(logging.INFO, logger="antre.db")

    def bad_insert(tx):  # a service that does not exist: the database refuses the row
        tx.conn.execute(tickets.insert().values(
            office_day="2026-11-23", number="A-001", seq=1, origin_service_id=99, service_id=99, token="t",
            nik=nik, status="waiting", rank=2, issued_at=0.0, queued_at=0.0, queue_seq=1, recalls=0,
            transfers=0, notes=[]))
    with pytest.raises(sa.exc.IntegrityError) as failure:
        db.writer.call(bad_insert)
    assert nik not in str(failure.value)
    records = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(records) == 1 and "IntegrityError" in records[0].getMessage()
    assert nik not in caplog.text and nik[4:12] not in caplog.text
    with pytest.raises(DomainError):   # a refusal is not a failure: not logged
        db.writer.call(put_then_fail("x", DomainError("quota_reached")))
    assert len([r for r in caplog.records if r.levelno >= logging.ERROR]) == 1


def test_writes_wait_in_a_bounded_queue_for_a_bounded_time(db):
    ran = []
    db.writer.submit(lambda tx: None)          # held by the gate: the writer is busy
    while db.writer._busy_since is None:       # ... with that job alone in its batch
        time.sleep(0.01)
    db.writer.timeout = 0.3

    async def scenario():
        with pytest.raises(DomainError) as late:
            await db.writer.run(lambda tx: ran.append("late"))
        assert late.value.code == "server_busy"
        db.writer.max_pending = 1               # one job already waits
        with pytest.raises(DomainError) as full:
            await db.writer.run(lambda tx: ran.append("full"))
        assert full.value.code == "server_busy"
    run_in_own_loop(scenario)
    db.writer.max_pending = 10_000
    db.gate.set()
    db.writer.call(lambda tx: ran.append("after"))
    assert ran == ["after"]                     # a job that timed out before it started never runs
