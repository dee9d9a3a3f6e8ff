"""Property-based: any sequence of kiosk and counter actions keeps the queue sound.

Drives the real use cases through the real writer and SQLite file (no HTTP, so
hundreds of sequences run in seconds) and checks after every step:
numbers are unique and gap-free per service and day, no ticket is at two
counters, a counter has at most one citizen in front of it, and a waiting
ticket never has a counter.
"""

import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from server.demo import seed_demo
from server.domain import desk, issuing
from server.domain.accounts import Staff
from server.domain.errors import DomainError
from server.http.context import AppContext
from server.settings import load_settings
from server.storage import queries as office
from server.storage.db import Database
from server.storage.schema import tickets
from tests.server.helpers import nik_for

ZONE = ZoneInfo("Asia/Jakarta")
CLERK = Staff(2, "petugas1", "Petugas Loket 1", "staff", 1)  # one clerk at every counter


class Lobby(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.tmp = tempfile.TemporaryDirectory()
        s = load_settings(env={}, data_dir=Path(self.tmp.name))
        self.db = Database(s.db_url)
        self.db.upgrade()
        self.c = AppContext(settings=s, db=self.db)
        self.db.start_writer(after_job=self.c.waiting.after_job)
        seed_demo(self.c)
        self.c.office.invalidate()
        self.citizen = 0

    def teardown(self):
        self.db.close()
        self.tmp.cleanup()

    def _write(self, fn):
        try:
            return self.db.writer.call(fn)
        except DomainError as exc:  # refusals are fine; they must leave no trace (checked by invariants)
            return exc

    def _ticket_ids(self):
        with self.db.read() as conn:
            return [r[0] for r in conn.execute(sa.select(tickets.c.id))]

    @rule(service=st.sampled_from("ABCD"), priority=st.sampled_from([None, None, "lansia", "anak"]),
          same_citizen=st.booleans())
    def issue(self, service, priority, same_citizen):
        if not same_citizen:
            self.citizen += 1
        req = issuing.IssueRequest(1, service, nik_for(self.citizen), priority, None)

        def job(tx):
            issued = issuing.issue(tx, req, ZONE, self.c.office, self.c.waiting)
            if issued.position is not None:  # the kept counts agree with counting the queue
                t = issued.ticket
                assert issued.position == office.queue_position(tx.conn, t.service_id, t.office_day, t.rank,
                                                                t.queue_seq)
        self._write(job)

    @rule(counter=st.integers(1, 4))
    def call_next(self, counter):
        self._write(lambda tx: desk.call_next(tx, counter, CLERK, ZONE, 3))

    @rule(pick=st.integers(0, 10_000), action=st.sampled_from(["recall", "start", "done", "skip", "restore", "cancel"]))
    def act(self, pick, action):
        ids = self._ticket_ids()
        if ids:
            self._write(lambda tx: desk.act(tx, ids[pick % len(ids)], action, CLERK, ZONE))

    @rule(pick=st.integers(0, 10_000), to=st.sampled_from("ABCDE"))
    def transfer(self, pick, to):
        ids = self._ticket_ids()
        if ids:
            self._write(lambda tx: desk.act(tx, ids[pick % len(ids)], "transfer", CLERK, ZONE, to_service=to))

    @invariant()
    def queue_is_sound(self):
        with self.db.read() as conn:
            rows = conn.execute(sa.select(tickets)).all()
        by_service: dict = {}
        for t in rows:
            by_service.setdefault((t.origin_service_id, t.office_day), []).append(t.seq)
            if t.status == "waiting":
                assert t.counter_id is None
        for seqs in by_service.values():
            assert sorted(seqs) == list(range(1, len(seqs) + 1))  # unique and gap-free
        at_counter = [t.counter_id for t in rows if t.status in ("called", "serving")]
        assert len(at_counter) == len(set(at_counter))  # one citizen per counter
        active_nik = [(t.nik, t.origin_service_id) for t in rows if t.status in ("waiting", "called", "serving", "skipped")]
        assert len(active_nik) == len(set(active_nik))  # one active ticket per citizen and service


Lobby.TestCase.settings = settings(max_examples=25, stateful_step_count=30, deadline=None)
TestLobby = Lobby.TestCase
