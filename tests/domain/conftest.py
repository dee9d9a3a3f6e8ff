"""The demo office without HTTP: use cases called inside a writer transaction on a real SQLite file.

Fast (no uvicorn, no sockets) and exact: these tests are the specification of
the use cases; the live-server tests keep durability, SSE and the pages.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, Callable

import pytest

from server.demo import seed_demo
from server.storage.db import Database
from tests.live import Clock


@dataclass
class Office:
    db: Database
    clock: Clock
    creds: dict

    def run(self, fn: Callable) -> Any:
        """One write job on the office's writer: committed when this returns, or raised."""
        return self.db.writer.call(fn)

    def counter(self, index: int) -> int:
        return self.creds["staff"][index]["counter"]

    def actor(self, index: int):
        """The clerk as the use cases see them (desk actions check who holds a counter)."""
        import sqlalchemy as sa

        from server.domain.accounts import Staff
        from server.storage.schema import users
        username = self.creds["staff"][index]["username"]
        with self.db.read() as conn:
            row = conn.execute(sa.select(users).where(users.c.username == username)).one()
        return Staff(row.id, row.username, row.display_name, row.role, row.counter_id)


@pytest.fixture(scope="session")
def seeded_office_file(tmp_path_factory):
    """The demo office seeded once (password hashing is slow on purpose); each test gets a copy."""
    folder = tmp_path_factory.mktemp("seeded")
    db = Database(f"sqlite:///{folder / 'antre.db'}")
    db.upgrade()
    db.start_writer()
    creds = seed_demo(SimpleNamespace(db=db, settings=SimpleNamespace(data_dir=folder)))
    db.close()
    return folder / "antre.db", creds


@pytest.fixture
def office(tmp_path, seeded_office_file):
    template, creds = seeded_office_file
    for suffix in ("", "-wal"):  # closing normally checkpoints; copy a leftover WAL all the same
        if (template.parent / (template.name + suffix)).exists():
            shutil.copyfile(template.parent / (template.name + suffix), tmp_path / ("antre.db" + suffix))
    clock = Clock()
    db = Database(f"sqlite:///{tmp_path / 'antre.db'}", clock=clock)
    db.upgrade()
    db.start_writer()
    yield Office(db, clock, creds)
    db.close()


ZONE = __import__("zoneinfo").ZoneInfo("Asia/Jakarta")


class Desk:
    """The use cases as the routers call them, with the demo office's caches."""

    def __init__(self, office: Office):
        from server.storage.caches import OfficeCache, WaitingCounts
        self.office = office
        self.cache = OfficeCache(office.db, office.clock)
        self.counts = WaitingCounts()

    def issue(self, service: str = "A", nik: str = "3276010101900001", priority=None, request_id=None,
              kiosk_id: int = 1):
        from server.domain import issuing
        req = issuing.IssueRequest(kiosk_id=kiosk_id, service_code=service, nik=nik, priority=priority,
                                   request_id=request_id)
        return self.office.run(lambda tx: issuing.issue(tx, req, ZONE, self.cache, self.counts))

    def call_next(self, clerk: int, streak_max: int = 3):
        from server.domain import desk
        counter, actor = self.office.counter(clerk), self.office.actor(clerk)
        return self.office.run(lambda tx: desk.call_next(tx, counter, actor, ZONE, streak_max))

    def act(self, clerk: int, ticket_id: int, action: str, **kw):
        from server.domain import desk
        counter, actor = self.office.counter(clerk), self.office.actor(clerk)
        return self.office.run(lambda tx: desk.act(tx, ticket_id, action, actor, ZONE, counter_id=counter, **kw))

    def ticket(self, ticket_id: int):
        from server.storage.queries import ticket_by_id
        with self.office.db.read() as conn:
            return ticket_by_id(conn, ticket_id)


@pytest.fixture
def desk(office):
    return Desk(office)
