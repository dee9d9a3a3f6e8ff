"""Database engines and the single writer that group-commits.

Why one writer thread: SQLite allows one writer at a time anyway, and with
``synchronous=FULL`` every commit waits for the disk. Running every state change
on one thread that takes *all* pending changes, applies each in its own
savepoint and commits them together (group commit) gives three things at once:
numbers and claims are atomic without lock juggling, an acknowledged change is
on disk, and twenty kiosks share one fsync instead of queueing for twenty.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Callable, Optional

import sqlalchemy as sa
from sqlalchemy import event as sa_event

from server.storage import files, queries, schema_upgrade
from server.storage.failures import describe
from server.storage.tx import Tx
from server.storage.writer import Writer

__all__ = ["Database", "Tx", "Writer", "describe", "make_engine"]

log = logging.getLogger("antre.db")
_SCRUBBED = "free_pages_scrubbed"  # system_state: the one VACUUM after secure_delete came has run


def _sqlite_pragmas(dbapi_conn, _record, cache_kib: int = 1024) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")  # an acknowledged ticket survives a power cut
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    # 1 MB of pages for the writer, half that for each reader (SQLite's default is 2 MB
    # each): the hot pages of a day's queue fit many times over, the operating system
    # caches the rest of the file, and every connection's cache counts against the
    # server's 80 MB with a lobby of displays.
    cur.execute(f"PRAGMA cache_size=-{int(cache_kib)}")
    # A job that changes more than a few pages (call-next finishes one ticket and calls
    # another) would otherwise spill its savepoint's undo journal to a temporary file.
    cur.execute("PRAGMA temp_store=MEMORY")
    cur.execute("PRAGMA secure_delete=ON")  # a purged NIK is overwritten, not left in a free page
    cur.close()


def make_engine(url: str, *, writer: bool) -> sa.Engine:
    # hide_parameters: an error message must never carry a NIK into a log.
    if url.startswith("sqlite"):
        # Readers: four kept open (one office's reads are short), more opened when busy.
        engine = sa.create_engine(
            url, connect_args={"check_same_thread": False}, hide_parameters=True,
            pool_size=1 if writer else 4, max_overflow=0 if writer else 12,
        )
        cache_kib = 1024 if writer else 512
        sa_event.listen(engine, "connect", lambda conn, record: _sqlite_pragmas(conn, record, cache_kib))
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


class Database:
    """The read engine (any thread) plus the single writer."""

    def __init__(self, url: str, *, clock: Callable[[], float] = time.time, batch_max: int = 256):
        self.url = url
        self.clock = clock
        if self.sqlite_path:
            files.prepare_database_file(Path(self.sqlite_path))  # writable, and readable only by us
        self.read_engine = make_engine(url, writer=False)
        self.write_engine = make_engine(url, writer=True)
        self.batch_max = batch_max
        self.writer: Optional[Writer] = None

    def upgrade(self) -> str:
        """Bring the schema to the newest revision (``schema_upgrade``); returns it."""
        sqlite = self.url.startswith("sqlite")
        with self.write_engine.connect() as conn, conn.begin():
            schema_upgrade.one_at_a_time(conn)
            found = schema_upgrade.revision(conn)
            if found is None:
                schema_upgrade.create(conn)
                if sqlite:  # written with secure_delete from its first page: nothing to scrub
                    queries.set_system_value(conn, _SCRUBBED, "1")
        reached = schema_upgrade.HEAD
        if found not in (None, schema_upgrade.HEAD):
            log.info("upgrading the database's schema from %s", found)
            reached = schema_upgrade.in_child_process(self.url)
        if sqlite:
            with self.read() as conn:
                scrubbed = queries.system_value(conn, _SCRUBBED) is not None
            if not scrubbed:
                self._scrub_free_pages()
                # Marked only once done: a start cut short before the rewrite does it next time.
                with self.write_engine.connect() as conn, conn.begin():
                    queries.set_system_value(conn, _SCRUBBED, "1")
        return reached

    def _scrub_free_pages(self) -> None:
        """Rewrite the file once (VACUUM): a database written before ``secure_delete`` was on
        may still hold purged NIKs in its free pages, where only a rewrite reaches them."""
        log.info("rewriting the database once to clear free pages written before secure_delete")
        with self.write_engine.connect() as conn:
            driver = conn.connection.driver_connection
            driver.execute("VACUUM")
            driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    @property
    def sqlite_path(self) -> Optional[str]:
        """The database file, when it is SQLite on disk."""
        path = sa.engine.make_url(self.url).database if self.url.startswith("sqlite") else None
        return path if path and path != ":memory:" else None

    def start_writer(self, *, before_batch=None, on_commit=None, loop=None, after_job=None,
                     after_commit=None, on_rollback=None, shared: bool = False, after_siblings=None) -> Writer:
        """``shared``: sibling processes write to this database too (``server.storage.writer``):
        on PostgreSQL, any server process on any host; on SQLite, those one server started."""
        if shared and self.sqlite_path is None and not self.url.startswith("postgresql"):
            raise ValueError("several server processes need a database file or PostgreSQL")
        self.writer = Writer(self.write_engine, clock=self.clock, batch_max=self.batch_max,
                             before_batch=before_batch, on_commit=on_commit, loop=loop, after_job=after_job,
                             after_commit=after_commit, on_rollback=on_rollback,
                             shared=(self.sqlite_path or self.url) if shared else None,
                             after_siblings=after_siblings)
        self.writer.start()
        return self.writer

    def read(self) -> sa.Connection:
        return self.read_engine.connect()

    def close(self) -> None:
        if self.writer is not None:
            self.writer.stop()
        self.read_engine.dispose()
        self.write_engine.dispose()
