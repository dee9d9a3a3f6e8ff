"""The single writer thread: takes all pending changes, applies each in its own
savepoint and commits them together (see ``server.storage.db`` for why).

It also owns the derived state: after-commit and rollback hooks, the one clock
reading per batch, the bound on waiting, and logging failures without the
parameters of the statement (which may hold a NIK).

Several server processes may share one SQLite file (``shared``, see
``server.http.processes``), and on PostgreSQL any number of servers, on any host,
share the database. Each has its own writer, and one batch at a time holds the
write lock (``sibling_events.Siblings``: a lock file beside the SQLite file; on
PostgreSQL an advisory lock, ``PostgresSiblings``). The events table is then the
one source of what happened: every batch first reads the events its siblings
committed since it last looked and handles them like its own (caches, the office
day, the event streams), in id order and before its own jobs. A watcher thread
asks for such a catch-up when the siblings write and this process does not.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, Callable, Optional

import sqlalchemy as sa

from server.domain.errors import DomainError
from server.storage.failures import log_unexpected
from server.storage.sibling_events import CACHE_TOUCHED, SHARED_TAGS, PostgresSiblings, Siblings
from server.storage.tx import Tx

log = logging.getLogger("antre.db")

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
                 max_pending: int = 10_000, timeout: float = 20.0, stuck_after: float = 30.0,
                 shared: Optional[str] = None,
                 after_siblings: Optional[Callable[[Any, list[dict]], None]] = None):
        """``before_batch`` runs first in every batch and returns the office day for its jobs.
        ``on_commit`` gets each batch's events, on ``loop`` when one is given.
        ``after_job`` sees each job's events inside the transaction, or None when the
        job was rolled back. ``after_commit`` hooks get ``(events, tags)`` after commit.
        ``shared`` is the database file's path when sibling processes write to it too;
        ``after_siblings`` then sees their events (with the driver connection) before any job
        runs, and the default forgets whatever ``after_job`` keeps."""
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
        self._after_siblings = after_siblings or (lambda driver, events: self._after_job(None))
        link = PostgresSiblings if engine.dialect.name == "postgresql" else Siblings
        self.siblings = None if shared is None else link(
            shared, idle=lambda: self._busy_since is None and self._queue.empty(),
            wake=lambda: self._queue.put(_Job(lambda tx: None, Future())))

    def start(self) -> None:
        if self.siblings is not None:
            self.siblings.start()
        self._thread.start()

    def stop(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=10)
        if self.siblings is not None:
            self.siblings.stop()

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
                    except Exception as exc:  # a bug in the writer itself: keep the thread alive
                        log_unexpected(exc, "writer batch failed")
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
        foreign: list[dict] = []
        try:
            if self.siblings is not None:
                self.siblings.lock()
            trans = conn.begin()
            try:
                day = None
                if self.siblings is not None:
                    foreign = self._catch_up(conn)
                # Plain SQL savepoints on the driver connection: SQLAlchemy's nested
                # transactions cost more bookkeeping than the ticket insert itself.
                driver = conn.connection.driver_connection
                hot = driver if conn.dialect.name == "sqlite" else None  # for hot_sql statements
                if self._before_batch is not None:
                    tx = Tx(conn, now, driver=hot)
                    day = self._before_batch(tx)
                    self._after_job(tx.events)
                    all_events.extend(tx.events)
                    tags |= tx.tags
                    callbacks += tx.callbacks
                for job in batch:
                    tx = Tx(conn, now, day, hot)
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
                        outcomes.append((job, None, log_unexpected(exc, "write job failed")))
                        continue
                    if self.siblings is not None and tx.tags & SHARED_TAGS:  # the siblings' caches reload it too
                        tx.emit(CACHE_TOUCHED, {"tags": sorted(tx.tags & SHARED_TAGS)}, actor="system")
                    driver.execute("RELEASE SAVEPOINT job")
                    self._after_job(tx.events)
                    outcomes.append((job, result, None))
                    all_events.extend(tx.events)
                    tags |= tx.tags
                    callbacks += tx.callbacks
                if self.siblings is not None and all_events:
                    self.siblings.announce(conn)
                self._commit(trans)
            except BaseException:
                try:
                    trans.rollback()
                except Exception:  # the database may have rolled back already (e.g. disk full)
                    pass
                raise
        except BaseException as exc:  # the batch did not commit: nothing in it happened
            self._unlock()
            self._rolled_back()
            refusal = log_unexpected(exc, f"commit failed; {len(batch)} jobs refused")
            self._deliver(foreign, [(job, None, refusal) for job in batch])  # the siblings' events did happen
            return
        self._unlock()
        self.batches += 1
        self.jobs += len(batch)
        if self.siblings is not None:
            self.siblings.saw(all_events)
        self._after_commit(conn, all_events, frozenset(tags), callbacks)
        self._deliver(foreign + all_events, outcomes)

    def _unlock(self) -> None:
        if self.siblings is not None:
            self.siblings.unlock()

    def _catch_up(self, conn: sa.Connection) -> list[dict]:
        """The events siblings committed since this writer last looked (it holds the write
        lock: nothing more can come in meanwhile). Their commit is done: the caches follow it
        now, before this batch's jobs read them (a service closed there is closed here)."""
        foreign, tags = self.siblings.read_new(conn)
        if foreign:
            self._after_siblings(conn, foreign)
            self._after_commit(conn, foreign, tags, [])
        return foreign

    def _after_commit(self, conn: sa.Connection, events: list[dict], tags: frozenset,
                      callbacks: list[Callable[[], None]]) -> None:
        for fn in callbacks + [lambda hook=hook: hook(events, tags) for hook in self.after_commit_hooks]:
            try:
                fn()
            except Exception as exc:  # a cache that failed to refresh must not undo a commit
                log_unexpected(exc, "after-commit hook failed")
        if "checkpoint" in tags and conn.dialect.name == "sqlite":  # (PostgreSQL keeps no WAL file of ours)
            self._checkpoint(conn)

    def _checkpoint(self, conn: sa.Connection) -> None:
        """Move every page into the database file and empty the WAL (after a purge)."""
        try:
            busy, _, _ = conn.connection.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            if busy:
                log.warning("WAL checkpoint after the purge could not finish (readers busy); retried next purge")
        except Exception as exc:
            log_unexpected(exc, "WAL checkpoint failed")

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
            try:
                loop.call_soon_threadsafe(self._on_loop, events, on_loop)
            except RuntimeError:  # the loop is closed (shutting down): nobody is waiting any more
                log.warning("event loop closed; %d events not published", len(events))

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
