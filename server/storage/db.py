"""Database engines and the single writer that group-commits.

Why one writer thread: SQLite allows one writer at a time anyway, and with
``synchronous=FULL`` every commit waits for the disk. Running every state change
on one thread that takes *all* pending changes, applies each in its own
savepoint and commits them together (group commit) gives three things at once:
numbers and claims are atomic without lock juggling, an acknowledged change is
on disk, and twenty kiosks share one fsync instead of queueing for twenty.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

import sqlalchemy as sa
from sqlalchemy import event as sa_event

from server.storage import schema

log = logging.getLogger("antre.db")


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")  # an acknowledged ticket survives a power cut
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def make_engine(url: str, *, writer: bool) -> sa.Engine:
    if url.startswith("sqlite"):
        engine = sa.create_engine(
            url, connect_args={"check_same_thread": False},
            pool_size=1 if writer else 8, max_overflow=0 if writer else 8,
        )
        sa_event.listen(engine, "connect", _sqlite_pragmas)
        if writer:
            # pysqlite's own transaction handling breaks savepoints; take control
            # and start write transactions with IMMEDIATE so they never deadlock.
            @sa_event.listens_for(engine, "connect")
            def _no_autobegin(dbapi_conn, _record):
                dbapi_conn.isolation_level = None

            @sa_event.listens_for(engine, "begin")
            def _begin_immediate(conn):
                conn.exec_driver_sql("BEGIN IMMEDIATE")
        return engine
    return sa.create_engine(url, pool_size=1 if writer else 8)


_INSERT_EVENT = schema.events.insert()
_INSERT_AUDIT = schema.audit_log.insert()


@dataclass
class Tx:
    """What a write job sees: the connection, the clock reading, and events to emit."""

    conn: sa.Connection
    now: float
    events: list[dict] = field(default_factory=list)
    audit_rows: int = 0

    def emit(self, type_: str, data: dict, *, ticket_id=None, counter_id=None, actor=None,
             staff_data: Optional[dict] = None) -> dict:
        """Append an event in the same transaction as the change it describes."""
        row = dict(at=self.now, type=type_, ticket_id=ticket_id, counter_id=counter_id,
                   actor=actor, data=data, staff_data=staff_data)
        row["id"] = self.conn.execute(_INSERT_EVENT, row).inserted_primary_key[0]
        self.events.append(row)
        return row

    def audit(self, actor: str, action: str, ticket_id=None, detail: Optional[dict] = None) -> None:
        self.conn.execute(_INSERT_AUDIT, dict(at=self.now, actor=actor, action=action, ticket_id=ticket_id,
                                              detail=detail))


@dataclass
class _Job:
    fn: Callable[[Tx], Any]
    future: Any                      # concurrent.futures.Future, or asyncio.Future when ``loop`` is set
    loop: Optional[asyncio.AbstractEventLoop] = None


class Writer:
    """Runs write jobs one after another on a dedicated thread, committing in groups."""

    def __init__(self, engine: sa.Engine, *, clock: Callable[[], float] = time.time,
                 batch_max: int = 256, before_batch: Optional[Callable[[Tx], None]] = None,
                 on_commit: Optional[Callable[[list[dict]], None]] = None,
                 loop: Optional[asyncio.AbstractEventLoop] = None,
                 after_job: Optional[Callable[[Optional[list[dict]]], None]] = None):
        """``on_commit`` gets each batch's events, on ``loop`` when one is given.
        ``after_job`` sees each job's events on the writer thread, or None when a
        job or its batch was rolled back (caches built inside jobs must then forget)."""
        self._engine = engine
        self._after_job = after_job or (lambda events: None)
        self._loop = loop
        self._clock = clock
        self._batch_max = batch_max
        self._before_batch = before_batch
        self._on_commit = on_commit
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="antre-writer", daemon=True)
        self.batches = 0
        self.jobs = 0

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=10)

    def submit(self, fn: Callable[[Tx], Any]) -> Future:
        fut: Future = Future()
        self._queue.put(_Job(fn, fut))
        return fut

    def submit_async(self, fn: Callable[[Tx], Any]) -> "asyncio.Future":
        """For the event loop: resolved together with the batch's events in one loop wake-up."""
        loop = asyncio.get_running_loop()
        fut = loop.create_future()
        self._queue.put(_Job(fn, fut, loop))
        return fut

    def call(self, fn: Callable[[Tx], Any], timeout: float = 30) -> Any:
        """Blocking helper for scripts and start-up code (not for the event loop)."""
        return self.submit(fn).result(timeout)

    def _run(self) -> None:
        with self._engine.connect() as conn:
            while True:
                first = self._queue.get()
                if first is None:
                    return
                batch = [first]
                stop = False
                while len(batch) < self._batch_max:
                    try:
                        job = self._queue.get_nowait()
                    except queue.Empty:
                        break
                    if job is None:
                        stop = True
                        break
                    batch.append(job)
                self._run_batch(conn, batch)
                if stop:
                    return

    def _run_batch(self, conn: sa.Connection, batch: list[_Job]) -> None:
        outcomes: list[tuple[_Job, Any, Optional[BaseException]]] = []
        all_events: list[dict] = []
        try:
            with conn.begin():
                if self._before_batch is not None:
                    tx = Tx(conn, self._clock())
                    self._before_batch(tx)
                    self._after_job(tx.events)
                    all_events.extend(tx.events)
                # Plain SQL savepoints on the driver connection: SQLAlchemy's nested
                # transactions cost more bookkeeping than the ticket insert itself.
                driver = conn.connection.driver_connection
                for job in batch:
                    tx = Tx(conn, self._clock())
                    driver.execute("SAVEPOINT job")
                    try:
                        result = job.fn(tx)
                    except BaseException as exc:  # the job's own refusal or bug: undo only this job
                        driver.execute("ROLLBACK TO SAVEPOINT job")
                        driver.execute("RELEASE SAVEPOINT job")
                        self._after_job(None)
                        outcomes.append((job, None, exc))
                        if not getattr(exc, "code", None):
                            log.exception("write job failed")
                        continue
                    driver.execute("RELEASE SAVEPOINT job")
                    self._after_job(tx.events)
                    outcomes.append((job, result, None))
                    all_events.extend(tx.events)
        except BaseException as exc:  # the commit itself failed: nothing in the batch happened
            log.exception("commit failed; %d jobs refused", len(batch))
            self._after_job(None)
            self._deliver([], [(job, None, exc) for job in batch])
            return
        self.batches += 1
        self.jobs += len(batch)
        self._deliver(all_events, outcomes)

    def _deliver(self, events: list[dict], outcomes: list) -> None:
        """Hand over events and results: the loop's share in a single thread-safe call."""
        on_loop = [o for o in outcomes if o[0].loop is not None]
        _resolve([o for o in outcomes if o[0].loop is None])
        loop = self._loop or (on_loop[0][0].loop if on_loop else None)
        if loop is None:
            if events and self._on_commit is not None:
                self._on_commit(events)
            return
        if events or on_loop:
            loop.call_soon_threadsafe(self._on_loop, events, on_loop)

    def _on_loop(self, events: list[dict], outcomes: list) -> None:
        if events and self._on_commit is not None:
            self._on_commit(events)  # publish first: a caller's answer never overtakes the displays
        _resolve(outcomes)


def _resolve(outcomes: list) -> None:
    for job, result, exc in outcomes:
        if job.future.done():  # an async caller that gave up (client disconnected)
            continue
        if exc is not None:
            job.future.set_exception(exc)
        else:
            job.future.set_result(result)


class Database:
    """The read engine (any thread) plus the single writer."""

    def __init__(self, url: str, *, clock: Callable[[], float] = time.time, batch_max: int = 256):
        self.url = url
        self.clock = clock
        self.read_engine = make_engine(url, writer=False)
        self.write_engine = make_engine(url, writer=True)
        self.batch_max = batch_max
        self.writer: Optional[Writer] = None

    def upgrade(self) -> int:
        with self.write_engine.connect() as conn, conn.begin():
            return schema.upgrade(conn, self.clock())

    def start_writer(self, *, before_batch=None, on_commit=None, loop=None, after_job=None) -> Writer:
        self.writer = Writer(self.write_engine, clock=self.clock, batch_max=self.batch_max,
                             before_batch=before_batch, on_commit=on_commit, loop=loop, after_job=after_job)
        self.writer.start()
        return self.writer

    def read(self) -> sa.Connection:
        return self.read_engine.connect()

    def close(self) -> None:
        if self.writer is not None:
            self.writer.stop()
        self.read_engine.dispose()
        self.write_engine.dispose()
