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
import traceback
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

import sqlalchemy as sa
from sqlalchemy import event as sa_event

from server.domain.errors import DomainError
from server.domain.privacy import mask_niks
from server.storage import files, schema

log = logging.getLogger("antre.db")


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")  # an acknowledged ticket survives a power cut
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.execute("PRAGMA secure_delete=ON")  # a purged NIK is overwritten, not left in a free page
    cur.close()


def make_engine(url: str, *, writer: bool) -> sa.Engine:
    # hide_parameters: an error message must never carry a NIK into a log.
    if url.startswith("sqlite"):
        engine = sa.create_engine(
            url, connect_args={"check_same_thread": False}, hide_parameters=True,
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
    return sa.create_engine(url, pool_size=1 if writer else 8, hide_parameters=True)


_INSERT_EVENT = schema.events.insert()
_INSERT_AUDIT = schema.audit_log.insert()


@dataclass
class Tx:
    """What a write job sees: the connection, the batch's clock reading and office day, and what it emits.

    ``day`` is the office day the writer works in (it never goes back, see
    ``DayKeeper``); None only for a writer started without a day keeper.
    """

    conn: sa.Connection
    now: float
    day: Optional[str] = None
    events: list[dict] = field(default_factory=list)
    tags: set[str] = field(default_factory=set)
    callbacks: list[Callable[[], None]] = field(default_factory=list)

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

    def touched(self, *what: str) -> None:
        """Say what this job changed ("office", "devices", "users", "checkpoint"), so the
        writer's caches reload it once the batch is committed (and never if it is not)."""
        self.tags.update(what)

    def after_commit(self, fn: Callable[[], None]) -> None:
        """Run ``fn`` on the writer thread once this job's batch is committed; dropped on rollback."""
        self.callbacks.append(fn)


_QUEUED, _RUNNING, _ABANDONED = 0, 1, 2
_STATE_LOCK = threading.Lock()


@dataclass(eq=False)
class _Job:
    fn: Callable[[Tx], Any]
    future: Any                      # concurrent.futures.Future, or asyncio.Future when ``loop`` is set
    loop: Optional[asyncio.AbstractEventLoop] = None
    state: int = _QUEUED

    def start(self) -> bool:
        with _STATE_LOCK:
            if self.state == _ABANDONED:
                return False
            self.state = _RUNNING
            return True

    def abandon(self) -> bool:
        """Give up on a job that has not started (it then never runs); False if it has."""
        with _STATE_LOCK:
            if self.state == _QUEUED:
                self.state = _ABANDONED
                return True
            return False


def is_storage_full(exc: BaseException) -> bool:
    orig = getattr(exc, "orig", exc)
    return getattr(orig, "sqlite_errorname", None) == "SQLITE_FULL" or "database or disk is full" in str(orig)


def describe(exc: BaseException) -> str:
    """An exception for the log: type, message and where, never the statement's parameters."""
    if isinstance(exc, sa.exc.StatementError):
        text = f"{type(exc.orig).__name__}: {exc.orig} [SQL: {exc.statement}]"
    else:
        text = f"{type(exc).__name__}: {exc}"
    where = "".join(traceback.format_tb(exc.__traceback__)) if exc.__traceback__ else ""
    return mask_niks(f"{text}\n{where}".rstrip())


def _log_unexpected(exc: BaseException, what: str) -> BaseException:
    """Log an unexpected failure once and return what the caller should get."""
    if isinstance(exc, DomainError):
        return exc
    if is_storage_full(exc):
        log.error("%s: the disk or database is full; changes are refused until there is room", what)
        return DomainError("storage_full")
    if not getattr(exc, "antre_logged", False):
        log.error("%s: %s", what, describe(exc))
        try:
            exc.antre_logged = True  # the HTTP layer need not log it again
        except AttributeError:
            pass
    return exc


class Writer:
    """Runs write jobs one after another on a dedicated thread, committing in groups.

    Derived state (caches, the office day, alert memory) belongs here: a job
    registers ``tx.after_commit`` callbacks and ``tx.touched`` tags; only once its
    batch is committed do callbacks run and ``after_commit_hooks`` see the batch's
    events and tags, on this thread, before any caller hears back. Anything rolled
    back (a job, or the whole batch) calls ``rollback_hooks`` instead.
    """

    def __init__(self, engine: sa.Engine, *, clock: Callable[[], float] = time.time,
                 batch_max: int = 256, before_batch: Optional[Callable[[Tx], Optional[str]]] = None,
                 on_commit: Optional[Callable[[list[dict]], None]] = None,
                 loop: Optional[asyncio.AbstractEventLoop] = None,
                 after_job: Optional[Callable[[Optional[list[dict]]], None]] = None,
                 after_commit: Optional[list] = None, on_rollback: Optional[list] = None,
                 max_pending: int = 10_000, timeout: float = 20.0, stuck_after: float = 30.0):
        """``before_batch`` runs first in every batch and returns the office day for its jobs.
        ``on_commit`` gets each batch's events, on ``loop`` when one is given.
        ``after_job`` sees each job's events inside the transaction, or None when the
        job was rolled back. ``after_commit`` hooks get ``(events, tags)`` after commit."""
        self._engine = engine
        self._after_job = after_job or (lambda events: None)
        self.after_commit_hooks: list[Callable[[list[dict], frozenset], None]] = list(after_commit or [])
        self.rollback_hooks: list[Callable[[], None]] = list(on_rollback or [])
        self._loop = loop
        self._clock = clock
        self._batch_max = batch_max
        self._before_batch = before_batch
        self._on_commit = on_commit
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="antre-writer", daemon=True)
        self.max_pending, self.timeout, self.stuck_after = max_pending, timeout, stuck_after
        self._busy_since: Optional[float] = None
        self.batches = 0
        self.jobs = 0

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=10)

    def health(self) -> str:
        """"ok", "dead" (the thread is gone) or "stuck" (one batch has run for too long)."""
        if not self._thread.is_alive():
            return "dead"
        since = self._busy_since
        if since is not None and time.monotonic() - since > self.stuck_after:
            return "stuck"
        return "ok"

    def _check_accepting(self) -> None:
        if not self._thread.is_alive() or self._queue.qsize() >= self.max_pending:
            raise DomainError("server_busy")

    def submit(self, fn: Callable[[Tx], Any]) -> Future:
        fut: Future = Future()
        self._queue.put(_Job(fn, fut))
        return fut

    def submit_async(self, fn: Callable[[Tx], Any]) -> "asyncio.Future":
        """For the event loop: resolved together with the batch's events in one loop wake-up."""
        return self._enqueue_async(fn).future

    def _enqueue_async(self, fn: Callable[[Tx], Any]) -> _Job:
        self._check_accepting()
        loop = asyncio.get_running_loop()
        job = _Job(fn, loop.create_future(), loop)
        self._queue.put(job)
        return job

    async def run(self, fn: Callable[[Tx], Any], timeout: Optional[float] = None) -> Any:
        """Run a job and wait for its commit, but not for ever: ``server_busy`` when the
        queue is full, or when the job could not start within the timeout (it then never runs)."""
        job = self._enqueue_async(fn)
        limit = self.timeout if timeout is None else timeout
        try:
            return await asyncio.wait_for(asyncio.shield(job.future), limit)
        except asyncio.TimeoutError:
            if job.abandon():
                raise DomainError("server_busy")
        try:  # it is running: its outcome is coming, unless the writer is stuck
            return await asyncio.wait_for(asyncio.shield(job.future), limit)
        except asyncio.TimeoutError:
            raise DomainError("server_busy")

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
                batch = [job for job in batch if job.start()]
                if batch:
                    self._busy_since = time.monotonic()
                    try:
                        self._run_batch(conn, batch)
                    finally:
                        self._busy_since = None
                if stop:
                    return

    def _commit(self, trans: sa.RootTransaction) -> None:
        trans.commit()

    def _rolled_back(self) -> None:
        for hook in self.rollback_hooks:
            hook()

    def _run_batch(self, conn: sa.Connection, batch: list[_Job]) -> None:
        outcomes: list[tuple[_Job, Any, Optional[BaseException]]] = []
        all_events: list[dict] = []
        tags: set[str] = set()
        callbacks: list[Callable[[], None]] = []
        now = self._clock()  # one reading per batch: its jobs happen at one instant, in one office day
        try:
            trans = conn.begin()
            try:
                day = None
                if self._before_batch is not None:
                    tx = Tx(conn, now)
                    day = self._before_batch(tx)
                    self._after_job(tx.events)
                    all_events.extend(tx.events)
                    tags |= tx.tags
                    callbacks += tx.callbacks
                # Plain SQL savepoints on the driver connection: SQLAlchemy's nested
                # transactions cost more bookkeeping than the ticket insert itself.
                driver = conn.connection.driver_connection
                for job in batch:
                    tx = Tx(conn, now, day)
                    driver.execute("SAVEPOINT job")
                    try:
                        result = job.fn(tx)
                    except BaseException as exc:  # the job's own refusal or bug: undo only this job
                        try:
                            driver.execute("ROLLBACK TO SAVEPOINT job")
                            driver.execute("RELEASE SAVEPOINT job")
                        except Exception:  # SQLite rolled the whole transaction back (e.g. disk full)
                            raise exc
                        self._after_job(None)
                        self._rolled_back()
                        outcomes.append((job, None, _log_unexpected(exc, "write job failed")))
                        continue
                    driver.execute("RELEASE SAVEPOINT job")
                    self._after_job(tx.events)
                    outcomes.append((job, result, None))
                    all_events.extend(tx.events)
                    tags |= tx.tags
                    callbacks += tx.callbacks
                self._commit(trans)
            except BaseException:
                try:
                    trans.rollback()
                except Exception:  # the database may have rolled back already (e.g. disk full)
                    pass
                raise
        except BaseException as exc:  # the batch did not commit: nothing in it happened
            self._rolled_back()
            refusal = _log_unexpected(exc, f"commit failed; {len(batch)} jobs refused")
            self._deliver([], [(job, None, refusal) for job in batch])
            return
        self.batches += 1
        self.jobs += len(batch)
        self._after_commit(conn, all_events, frozenset(tags), callbacks)
        self._deliver(all_events, outcomes)

    def _after_commit(self, conn: sa.Connection, events: list[dict], tags: frozenset,
                      callbacks: list[Callable[[], None]]) -> None:
        for fn in callbacks + [lambda hook=hook: hook(events, tags) for hook in self.after_commit_hooks]:
            try:
                fn()
            except Exception as exc:  # a cache that failed to refresh must not undo a commit
                _log_unexpected(exc, "after-commit hook failed")
        if "checkpoint" in tags:
            self._checkpoint(conn)

    def _checkpoint(self, conn: sa.Connection) -> None:
        """Move every page into the database file and empty the WAL (after a purge)."""
        try:
            busy, _, _ = conn.connection.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            if busy:
                log.warning("WAL checkpoint after the purge could not finish (readers busy); retried next purge")
        except Exception as exc:
            _log_unexpected(exc, "WAL checkpoint failed")

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
        path = sa.engine.make_url(url).database if url.startswith("sqlite") else None
        if path and path != ":memory:":
            files.prepare_database_file(Path(path))  # writable, and readable only by us
        self.read_engine = make_engine(url, writer=False)
        self.write_engine = make_engine(url, writer=True)
        self.batch_max = batch_max
        self.writer: Optional[Writer] = None

    def upgrade(self) -> int:
        with self.write_engine.connect() as conn, conn.begin():
            return schema.upgrade(conn, self.clock())

    def start_writer(self, *, before_batch=None, on_commit=None, loop=None, after_job=None,
                     after_commit=None, on_rollback=None) -> Writer:
        self.writer = Writer(self.write_engine, clock=self.clock, batch_max=self.batch_max,
                             before_batch=before_batch, on_commit=on_commit, loop=loop, after_job=after_job,
                             after_commit=after_commit, on_rollback=on_rollback)
        self.writer.start()
        return self.writer

    def read(self) -> sa.Connection:
        return self.read_engine.connect()

    def close(self) -> None:
        if self.writer is not None:
            self.writer.stop()
        self.read_engine.dispose()
        self.write_engine.dispose()
