"""What sibling server processes learn from each other: the events table, read back.

When several processes share one SQLite file (``server.http.processes``), each
keeps caches in memory and streams events to its own clients. Nothing is sent
between them: everything one of them commits is an event row, and the others
read those rows (``events_after``) and handle them as their own. A change that
is not an event by itself (a logout, a password reset, a new device key) adds a
``cache.touched`` event naming what to reload; it is internal and never streamed.

``EventWatch`` wakes an idle process: it asks the file, every few milliseconds,
for the newest event id, and when it is newer than the writer's it asks the
writer for a catch-up. One indexed ``max(id)`` per look costs microseconds.
"""

from __future__ import annotations

import fcntl
import logging
import os
import sqlite3
import threading
from typing import Callable, Optional

import orjson

log = logging.getLogger("antre.db")

CACHE_TOUCHED = "cache.touched"
# What a sibling's caches hold and must reload: the office snapshot, accounts and
# sessions, device keys. (The outbox and the WAL checkpoint are the database's own.)
SHARED_TAGS = frozenset({"office", "users", "sessions", "devices"})

_SELECT = "SELECT id, at, type, ticket_id, counter_id, actor, data, staff_data FROM events WHERE id > ? ORDER BY id"


def _json(value):
    return orjson.loads(value) if isinstance(value, (str, bytes)) else value


def events_after(driver, after_id: int) -> tuple[list[dict], frozenset]:
    """Events committed after ``after_id``, shaped like ``Tx.emit``'s, and the tags they touched.
    ``driver``: the DB-API connection (sqlite3's, or psycopg's)."""
    found, tags = [], set()
    select = _SELECT if isinstance(driver, sqlite3.Connection) else _SELECT.replace("?", "%s")
    for id_, at, type_, ticket_id, counter_id, actor, data, staff_data in driver.execute(select, (after_id,)):
        event = dict(id=id_, at=at, type=type_, ticket_id=ticket_id, counter_id=counter_id, actor=actor,
                     data=_json(data) or {}, staff_data=_json(staff_data))
        if type_ == CACHE_TOUCHED:
            tags.update(event["data"].get("tags", ()))
        found.append(event)
    return found, frozenset(tags)


class EventWatch:
    """A thread that notices events committed by sibling processes while this one is idle."""

    def __init__(self, path: str, seen: Callable[[], int], wake: Callable[[], None], every: float = 0.005):
        self.seen, self.wake, self.every = seen, wake, every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="antre-event-watch", daemon=True)
        self._conn = self._connect(path)

    def _connect(self, path: str):
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False, isolation_level=None)

    def newest(self) -> int:
        return self._conn.execute("SELECT max(id) FROM events").fetchone()[0] or 0

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._conn.close()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            try:
                if self.newest() > self.seen():
                    self.wake()
            except sqlite3.Error as exc:  # busy for a moment, or a checkpoint: look again
                log.debug("event watch: %s", exc)


class Siblings:
    """One writer's link to the sibling processes writing the same file: the write lock,
    the newest event this process has handled (its own or theirs), and the watcher.

    The lock is a file beside the database, taken before ``BEGIN IMMEDIATE``: a waiting
    writer wakes the moment the other commits, where SQLite's busy handler would sleep.
    """

    def __init__(self, path: str, idle: Callable[[], bool], wake: Callable[[], None]):
        """``idle``: whether the writer has nothing to do (only then is it woken);
        ``wake``: queue an empty batch, which reads what the siblings wrote."""
        self.path, self._idle, self._wake = path, idle, wake
        self.seen = 0
        self._asked = False
        self._fd: Optional[int] = None
        self.watch: Optional[EventWatch] = None

    def start(self) -> None:
        # Opened here, in the process that writes: a descriptor inherited across fork
        # would share one lock between the siblings.
        self._fd = os.open(self.path + ".write-lock", os.O_RDWR | os.O_CREAT, 0o600)
        self.watch = EventWatch(self.path, lambda: self.seen, self._ask)
        self.seen = self.watch.newest()
        self.watch.start()

    def stop(self) -> None:
        if self.watch is not None:
            self.watch.stop()
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def _ask(self) -> None:
        """From the watcher: siblings committed events no batch of ours has read. A busy
        writer reads them at its next batch anyway: only an idle one is woken (an empty
        batch takes the write lock from the siblings, who need it more)."""
        if not self._asked and self._idle():
            self._asked = True
            self._wake()

    def lock(self) -> None:
        fcntl.flock(self._fd, fcntl.LOCK_EX)

    def unlock(self) -> None:
        fcntl.flock(self._fd, fcntl.LOCK_UN)

    def read_new(self, conn) -> tuple[list[dict], frozenset]:
        """With the lock held: what the siblings committed since we last looked."""
        self._asked = False
        found, tags = events_after(conn.connection.driver_connection, self.seen)
        self.saw(found)
        return found, tags

    def announce(self, conn) -> None:
        """This batch wrote events (the watchers poll the file: nothing to say)."""

    def saw(self, events: list[dict]) -> None:
        if events:
            self.seen = max(self.seen, events[-1]["id"])


class PostgresSiblings(Siblings):
    """The same link on PostgreSQL, where any server process (on this host or another)
    may write to the database: the write lock is an advisory lock held for the batch's
    transaction, and a batch that wrote events says so with ``NOTIFY``, which reaches
    the others' watchers (``LISTEN``) the moment it commits.

    Holding one lock through the commit keeps event ids in commit order: a sibling that
    has read up to id N never later finds an N-1 committed behind its back.
    """

    CHANNEL = "antre_events"
    LOCK = 0x616E747266  # the advisory lock key of the writers' batches

    def __init__(self, url: str, idle: Callable[[], bool], wake: Callable[[], None]):
        super().__init__(url, idle, wake)
        self.watch: Optional[NotifyWatch] = None

    def start(self) -> None:
        self.watch = NotifyWatch(self.path, lambda: self.seen, self._ask)
        self.seen = self.watch.newest()
        self.watch.start()

    def stop(self) -> None:
        if self.watch is not None:
            self.watch.stop()

    def lock(self) -> None:
        """(Taken in ``read_new``: an advisory transaction lock needs the transaction.)"""

    def unlock(self) -> None:
        """(The commit or the rollback released it.)"""

    def read_new(self, conn) -> tuple[list[dict], frozenset]:
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({self.LOCK})")
        return super().read_new(conn)

    def announce(self, conn) -> None:
        conn.exec_driver_sql(f"NOTIFY {self.CHANNEL}")


class NotifyWatch(EventWatch):
    """The watcher on PostgreSQL: a connection of its own listening for the siblings'
    ``NOTIFY``. It also looks once a second without one (a connection that dropped)."""

    def _connect(self, url: str):
        import psycopg

        self._address = _libpq_address(url)
        conn = psycopg.connect(self._address, autocommit=True)
        conn.execute(f"LISTEN {PostgresSiblings.CHANNEL}")
        return conn

    def _run(self) -> None:
        import psycopg

        while not self._stop.is_set():
            try:
                for _ in self._conn.notifies(timeout=1.0, stop_after=1):
                    pass
                if not self._stop.is_set() and self.newest() > self.seen():
                    self.wake()
            except psycopg.Error as exc:  # the connection dropped: open another and go on
                log.warning("event watch: %s", exc)
                self._stop.wait(1.0)
                try:
                    self._conn.close()
                    self._conn = self._connect(self._address)
                except psycopg.Error:
                    pass


def _libpq_address(url: str) -> str:
    """``postgresql+psycopg://...`` as psycopg itself takes it."""
    import sqlalchemy as sa

    return sa.engine.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
