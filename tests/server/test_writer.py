"""The group-commit writer: one job's failure never spoils the others in its batch."""

import threading

import pytest
import sqlalchemy as sa

from server.domain.errors import DomainError
from server.storage.db import Database
from server.storage.schema import office_settings


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
