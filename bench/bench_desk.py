"""Call-next against issue, in process: does calling the next citizen stay cheap as the day
fills up and as a year of history piles up in the database? (issue 9: call-next must cost
no more than twice an issue, whatever the day's volume, and stay flat with >= 1 M tickets.)

Two databases, both created by the real migrations (``Database.upgrade``) and seeded with
the demo office: one empty, one with a year of history (``--tickets`` over ``--days``
office days, all finished, written with ``executemany`` on raw sqlite3). On each, at the
start of the day and again once the day holds ``--day-tickets`` tickets (mostly done,
``--waiting`` of them still waiting), it times ``issuing.issue`` and ``desk.call_next`` at
the front office (three services; each call finishes the citizen called before), in
rounds of 25 issues then 25 calls, each as its own job on the real Writer, the way
``tests/domain/conftest.py`` runs the use cases.

The time printed is the use case's own, measured inside the write job: the statements it
runs, without the commit (its fsync is shared by a whole batch under load, and would
drown the difference). The round trip with the commit is printed alongside. ``--pragma``
adds a PRAGMA to the writer's connection, to try a setting before proposing it for
``server/storage/db.py``. With ``--keep DIR`` the databases stay in DIR and a history
found there is reused (upgraded by the migrations first, which are then timed). Nothing
here asserts; it prints.

    python bench/bench_desk.py [--tickets 1000000] [--days 250] [--day-tickets 30000] [--calls 300]
    python bench/bench_desk.py --quick     # 100 000 tickets of history, a 5 000-ticket day
    python bench/bench_desk.py --pragma "PRAGMA temp_store=MEMORY"
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from types import SimpleNamespace
from typing import Callable
from zoneinfo import ZoneInfo

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common import vocabulary as vocab  # noqa: E402
from server.demo import seed_demo  # noqa: E402
from server.domain import desk, issuing  # noqa: E402
from server.domain import queue_rules as rules  # noqa: E402
from server.domain.accounts import Staff  # noqa: E402
from server.storage.caches import OfficeCache, WaitingCounts  # noqa: E402
from server.storage.db import Database  # noqa: E402
from server.storage.schema import users  # noqa: E402
from server.storage import schema_upgrade  # noqa: E402

ZONE = ZoneInfo("Asia/Jakarta")
TODAY = dt.date(2026, 3, 2)                     # a Monday
NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=ZONE).timestamp()
FRONT_OFFICE = "petugas1"                         # Loket 1: services A, D and B
# service letter -> (share of the day's tickets, the counter (index in the demo) that serves it)
MIX = {"A": (0.40, 0), "B": (0.25, 2), "C": (0.10, 3), "D": (0.20, 0), "E": (0.05, 1)}
ROUND = 25                                        # issues, then as many calls, per round
ISSUED = "ABD"                                    # what the measured citizens ask for (Loket 1's services)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def office_days(n: int) -> list[dt.date]:
    """The n working days (Monday to Friday) before today, oldest first."""
    days, d = [], TODAY
    while len(days) < n:
        d -= dt.timedelta(days=1)
        if d.weekday() < 5:
            days.append(d)
    return days[::-1]


def create_office(path: Path) -> None:
    """A fresh database file: the real migrations, then the demo office."""
    db = Database(f"sqlite:///{path}", clock=lambda: NOW)
    db.upgrade()
    db.start_writer()
    seed_demo(SimpleNamespace(db=db, settings=SimpleNamespace(data_dir=path.parent)))
    db.close()


class Filler:
    """Writes tickets straight into the real tables (executemany on raw sqlite3)."""

    COLUMNS = ("office_day, number, seq, origin_service_id, service_id, token, nik, priority, priority_confirmed, "
               "status, rank, issued_at, queued_at, called_at, started_at, finished_at, counter_id, recalls, "
               "transfers, notes, kiosk_id, request_id, print_status, queue_seq")

    def __init__(self, raw: sqlite3.Connection, rng: random.Random):
        self.raw, self.rng = raw, rng
        self.services = dict(raw.execute("SELECT code, id FROM services"))
        counters = [cid for (cid,) in raw.execute("SELECT id FROM counters ORDER BY position, id")]
        self.counter_of = {code: counters[i] for code, (_, i) in MIX.items()}
        self.kiosk = raw.execute("SELECT min(id) FROM devices").fetchone()[0]
        self.serial = raw.execute("SELECT count(*) FROM tickets").fetchone()[0]
        self.queue_seq = raw.execute("SELECT coalesce(max(value), 0) FROM sequences WHERE name = 'queue'").fetchone()[0]
        self.letters = list(MIX)
        self.weights = [w for w, _ in MIX.values()]

    def day(self, day: str, n: int, *, waiting: int = 0, keep_nik: bool = True) -> int:
        """``n`` tickets in ``day``: the last ``waiting`` still wait, the others are finished."""
        last = dict(self.raw.execute("SELECT prefix, last_number FROM number_counters WHERE office_day = ?", (day,)))
        opening = dt.datetime.fromisoformat(day).replace(hour=8, tzinfo=ZONE).timestamp()
        rows = []
        rng = self.rng
        for i, code in enumerate(rng.choices(self.letters, self.weights, k=n)):
            self.serial += 1
            self.queue_seq += 1
            seq = last.get(code, 0) + 1
            last[code] = seq
            sid = self.services[code]
            priority = "lansia" if rng.random() < 0.1 else None
            rank = rules.RANK_TRANSFERRED if code == "E" else rules.rank_for(False, priority)
            at = opening + i * (8 * 3600 / n)
            nik = f"3276{self.serial:012d}" if keep_nik else None
            if i >= n - waiting:
                status, called, finished, counter = "waiting", None, None, None
            else:
                roll = rng.random()
                status = "done" if roll < 0.92 else "cancelled" if roll < 0.95 else "expired"
                called = at + 600 if status == "done" else None
                finished = at + 1200
                counter = self.counter_of[code] if status == "done" else None
            rows.append((day, vocab.format_number(code, seq), seq, self.services["A" if code == "E" else code], sid,
                         f"bench{self.serial:012d}", nik, priority, None, status, rank, at, at, called, called,
                         finished, counter, 0, 1 if code == "E" else 0, "[]", self.kiosk,
                         f"req{self.serial:012d}", None, self.queue_seq))
        self.raw.executemany(f"INSERT INTO tickets ({self.COLUMNS}) VALUES ({','.join('?' * 24)})", rows)
        self.raw.executemany("INSERT OR REPLACE INTO number_counters (office_day, prefix, last_number)"
                             " VALUES (?, ?, ?)", [(day, p, v) for p, v in last.items()])
        self.raw.execute("INSERT OR REPLACE INTO sequences (name, value) VALUES ('queue', ?)", (self.queue_seq,))
        return n


def write_history(path: Path, tickets: int, days: int, seed: int = 9) -> float:
    """A year of finished tickets before today; returns the seconds it took."""
    t0 = time.perf_counter()
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("PRAGMA synchronous=OFF")      # a benchmark fixture, not an office
    raw.execute("PRAGMA cache_size=-262144")   # 256 MB: keeps the indexes in memory while filling
    raw.execute("BEGIN")
    filler = Filler(raw, random.Random(seed))
    per_day, extra = divmod(tickets, days)
    all_days = office_days(days)
    for i, d in enumerate(all_days):
        filler.day(d.isoformat(), per_day + (1 if i < extra else 0), keep_nik=(len(all_days) - i) <= 30)
    raw.execute("INSERT OR REPLACE INTO system_state (key, value) VALUES ('office_day', ?)",
                (all_days[-1].isoformat(),))
    raw.execute("COMMIT")
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    return time.perf_counter() - t0


class Bench:
    """The real Writer on a database file, with the caches the app gives the use cases."""

    def __init__(self, path: Path, pragmas: tuple[str, ...] = ()):
        self.db = Database(f"sqlite:///{path}", clock=lambda: NOW)
        if pragmas:  # on top of the server's own (server.storage.db), on every connection
            sa.event.listen(self.db.write_engine, "connect", lambda dbapi, _record: [
                dbapi.execute(pragma) for pragma in pragmas])
        with self.db.read() as conn:
            before = schema_upgrade.revision(conn)
        t0 = time.perf_counter()
        after = self.db.upgrade()
        if after != before:  # a database kept (--keep) from an older schema: its migration, timed
            print(f"  ({path.name}: schema {before} -> {after} in {time.perf_counter() - t0:.1f} s)")
        self.counts = WaitingCounts()
        self.cache = OfficeCache(self.db, self.db.clock, today=lambda: TODAY.isoformat())
        self.db.start_writer(before_batch=lambda tx: TODAY.isoformat(), after_job=self.counts.after_job,
                             after_commit=[self.cache.after_commit])
        with self.db.read() as conn:
            row = conn.execute(sa.select(users).where(users.c.username == FRONT_OFFICE)).one()
            self.kiosk = conn.exec_driver_sql("SELECT min(id) FROM devices").scalar()
        self.clerk = Staff(row.id, row.username, row.display_name, row.role, row.counter_id)
        self.citizen = 0

    def timed(self, fn: Callable) -> tuple[float, float, object]:
        """(ms inside the job, ms round trip with the commit, result) of one write job."""
        inside = []

        def job(tx):
            t0 = time.perf_counter()
            result = fn(tx)
            inside.append(time.perf_counter() - t0)
            return result
        t0 = time.perf_counter()
        result = self.db.writer.call(job)
        return inside[0] * 1000, (time.perf_counter() - t0) * 1000, result

    def issue(self, n: int, rng: random.Random) -> tuple[list[float], list[float]]:
        inside, trip = [], []
        for _ in range(n):
            self.citizen += 1
            req = issuing.IssueRequest(kiosk_id=self.kiosk, service_code=rng.choice(ISSUED),
                                       nik=f"3201{self.citizen:012d}",
                                       priority="lansia" if rng.random() < 0.1 else None,
                                       request_id=uuid.UUID(int=rng.getrandbits(128)).hex)
            a, b, _ = self.timed(lambda tx: issuing.issue(tx, req, ZONE, self.cache, self.counts))
            inside.append(a)
            trip.append(b)
        return inside, trip

    def call_next(self, n: int) -> tuple[list[float], list[float]]:
        inside, trip = [], []
        counter = self.clerk.counter_id
        for _ in range(n):
            a, b, called = self.timed(lambda tx: desk.call_next(tx, counter, self.clerk, ZONE, 3))
            if called is None:
                break
            inside.append(a)
            trip.append(b)
        return inside, trip

    def fill_day(self, n: int, waiting: int) -> None:
        """Bring today to ``n`` tickets, ``waiting`` of them still waiting (one job on the writer)."""
        def job(tx):
            raw = tx.conn.connection.driver_connection
            have = raw.execute("SELECT count(*) FROM tickets WHERE office_day = ?", (TODAY.isoformat(),)).fetchone()[0]
            Filler(raw, random.Random(1)).day(TODAY.isoformat(), max(0, n - have), waiting=waiting)
            tx.emit("bench.day_filled", {}, ticket_id=0)  # makes the waiting counts reload
        self.db.writer.call(job)

    def tickets(self) -> tuple[int, int]:
        with self.db.read() as conn:
            total = conn.exec_driver_sql("SELECT count(*) FROM tickets").scalar()
            day = conn.exec_driver_sql("SELECT count(*) FROM tickets WHERE office_day = ?",
                                       (TODAY.isoformat(),)).scalar()
        return total, day

    def close(self) -> None:
        self.db.close()


def report(label: str, total: int, day: int, issue: tuple, call: tuple) -> None:
    (ii, it), (ci, ct) = issue, call
    i50, i99, c50, c99 = pct(ii, 50), pct(ii, 99), pct(ci, 50), pct(ci, 99)
    print(f"{label:<34} {total:>9,} {day:>7,} | {i50:7.3f} {i99:7.3f} | {c50:7.3f} {c99:7.3f} | "
          f"{c50 / i50:5.2f} {c99 / i99:5.2f} | {statistics.median(it):6.2f} {statistics.median(ct):6.2f}",
          flush=True)


def measure(bench: Bench, name: str, calls: int, day_tickets: int, waiting: int) -> None:
    rng = random.Random(42)
    bench.issue(20, rng)   # warm the caches and the statement cache
    bench.call_next(20)
    gc.collect()           # as the app does once started (server.http.app)
    gc.freeze()
    for moment in ("start of day", f"{day_tickets:,} in the day"):
        if moment != "start of day":
            bench.fill_day(day_tickets, waiting)
        # In rounds, so that a noisy moment on the machine falls on both alike.
        issued: tuple[list, list] = ([], [])
        called: tuple[list, list] = ([], [])
        for n in [ROUND] * (calls // ROUND) + [calls % ROUND]:
            for into, got in zip(issued + called, bench.issue(n, rng) + bench.call_next(n)):
                into.extend(got)
        report(f"{name}, {moment}", *bench.tickets(), issued, called)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tickets", type=int, default=1_000_000, help="tickets of history (default 1 000 000)")
    ap.add_argument("--days", type=int, default=250, help="office days of history (default 250)")
    ap.add_argument("--day-tickets", type=int, default=30_000, help="tickets in the busy day (default 30 000)")
    ap.add_argument("--waiting", type=int, default=1_000, help="of which still waiting (default 1 000)")
    ap.add_argument("--calls", type=int, default=300, help="issues and calls timed per case (default 300)")
    ap.add_argument("--quick", action="store_true", help="100 000 tickets of history, a 5 000-ticket day, 150 calls")
    ap.add_argument("--pragma", action="append", default=[], metavar="SQL",
                    help="an extra PRAGMA for the writer's connection, e.g. 'PRAGMA temp_store=MEMORY' (repeatable)")
    ap.add_argument("--keep", help="a folder to keep the databases in (a history database found there is reused)")
    args = ap.parse_args()
    if args.quick:
        args.tickets, args.day_tickets, args.waiting, args.calls = 100_000, 5_000, 300, 150

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="antre-bench-desk-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    try:
        template = work / "office.db"
        if not template.exists():
            t0 = time.perf_counter()
            create_office(template)
            print(f"demo office created by the migrations in {time.perf_counter() - t0:.1f} s")
        history = work / f"history-{args.tickets}-{args.days}.db"
        if not history.exists():
            shutil.copyfile(template, work / "history.tmp")
            secs = write_history(work / "history.tmp", args.tickets, args.days)
            (work / "history.tmp").rename(history)
            print(f"history: {args.tickets:,} tickets over {args.days} office days written in {secs:.1f} s "
                  f"({history.stat().st_size / 1e6:.0f} MB)")
        runs = work / "run"
        runs.mkdir(exist_ok=True)
        for name in ("empty.db", "history.db"):
            for suffix in ("", "-wal", "-shm"):
                (runs / (name + suffix)).unlink(missing_ok=True)
        shutil.copyfile(template, runs / "empty.db")
        shutil.copyfile(history, runs / "history.db")

        if args.pragma:
            print(f"\nwriter connection with {'; '.join(args.pragma)}")
        print(f"\nper call, ms inside the write job (commit excluded); {args.calls} issues and {args.calls} calls "
              f"at Loket 1 (A, D, B) per case, in rounds of {ROUND}; ratio = call-next / issue")
        print(f"{'case':<34} {'tickets':>9} {'in day':>7} | {'issue':^15} | {'call-next':^15} | {'ratio':^11} | "
              f"{'round trip':^13}")
        print(f"{'':<34} {'':>9} {'':>7} | {'p50':>7} {'p99':>7} | {'p50':>7} {'p99':>7} | {'p50':>5} {'p99':>5} | "
              f"{'issue':>6} {'call':>6}")
        for name, label in (("empty.db", "empty database"), ("history.db", f"{args.tickets / 1e6:g} M history")):
            bench = Bench(runs / name, tuple(args.pragma))
            try:
                measure(bench, label, args.calls, args.day_tickets, args.waiting)
            finally:
                bench.close()
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\ntotal {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
