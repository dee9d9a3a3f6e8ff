"""The office day boundary and the NIK retention purge.

Yesterday's unfinished tickets are closed as ``expired``, never deleted:
history is what reports are made of (the nightly delete of other systems lost it).
The purge removes NIK digits after the retention period and keeps every row, so
counts and service times survive (UU 27/2022 Pasal 42-44).

The office day never goes back: it is the later of the clock's day and the last
day the writer committed (kept in the database, so a restart remembers it). A
clock set back across midnight would otherwise reopen yesterday, give its
numbers again and expire today's tickets when the clock is put right.
"""

from __future__ import annotations

from typing import Callable, Optional
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from common import vocabulary as vocab
from server.domain import queue_rules as rules
from server.storage import queries
from server.storage.calendar import fill_from_library
from server.storage.db import Tx
from server.storage.remote_queries import purge_bookings, release_no_shows
from server.storage.schema import counters, events, tickets

_DAY_KEY = "office_day"
_PURGED_KEY = "purged_before"  # notes and staff event details are cleared up to this time


def current_day(tx: Tx, zone: ZoneInfo) -> str:
    """The office day a job works in: the writer's (``tx.day``), else the clock's."""
    return tx.day or rules.office_day(tx.now, zone)


class DayKeeper:
    """Runs before every write batch; does real work only when the office day changed.

    ``day`` is the last day *committed*: it is set after the batch's commit, so a
    commit that fails at midnight leaves it as it was and the next batch redoes
    the work.
    """

    def __init__(self, zone: Callable[[], ZoneInfo], retention_days: Callable[[], int],
                 national_holidays: bool = True):
        self.zone = zone                      # read each time: the admin may change them
        self.retention_days = retention_days
        self.national_holidays = national_holidays
        self.day: Optional[str] = None

    def today(self, now: float) -> str:
        """The office day for a reader: never before the writer's (safe from any thread)."""
        day = rules.office_day(now, self.zone())
        return max(day, self.day) if self.day else day

    def __call__(self, tx: Tx) -> str:
        known = self.day if self.day is not None else queries.system_value(tx.conn, _DAY_KEY)
        today = max(rules.office_day(tx.now, self.zone()), known or "")
        if today == self.day:
            return today
        expired = expire_before(tx, today, since=known)
        # At first start and each new year: this year's and next year's national holidays (once per year).
        if self.national_holidays:
            fill_from_library(tx, range(int(today[:4]), int(today[:4]) + 2))
        purge_niks(tx, self.retention_days())
        if self.day is not None or expired:
            tx.conn.execute(counters.update().values(priority_streak=0))
            tx.emit("day.started", {"day": today, "expired": expired}, actor="system")
        if today != known:
            queries.set_system_value(tx.conn, _DAY_KEY, today)
        tx.after_commit(lambda: setattr(self, "day", today))
        return today


def after_siblings(keeper: DayKeeper, events: list[dict]) -> None:
    """Another server process started a day (``server.http.processes``): it did the day's work,
    committed before this batch began, so this process takes the day as it is."""
    for e in events:
        if e["type"] == "day.started" and (keeper.day is None or e["data"]["day"] > keeper.day):
            keeper.day = e["data"]["day"]


def expire_before(tx: Tx, today: str, since: Optional[str] = None) -> int:
    """Expire the active tickets of the days before ``today``.

    ``since`` is the last office day already rolled over to: every day before it was
    expired then, so only the days from it on are read, not a year of history.
    """
    before = [tickets.c.office_day < today, tickets.c.status.in_(vocab.ACTIVE_STATUSES)]
    if since:
        before.append(tickets.c.office_day >= since)
    # A ticket still skipped when its day closed is a no-show for the reports: called,
    # never brought back.
    done = tx.conn.execute(tickets.update().where(*before).values(
        status="expired", finished_at=tx.now, no_show=tickets.c.status == "skipped"))
    if done.rowcount:
        tx.audit("system", "tickets.expired", detail={"count": done.rowcount, "before": today})
    if released := release_no_shows(tx.conn, today, tx.now):  # bookings never checked in free their slots
        tx.audit("system", "bookings.no_show", detail={"count": released, "before": today})
    return done.rowcount


def purge_niks(tx: Tx, retention_days: int) -> int:
    """Remove NIKs, note texts and staff event details older than the retention period.

    Notes (typed by clerks, so they may hold a NIK even though one is masked when
    written) and the staff part of events are cleared from where the last purge
    stopped, so each row is rewritten once. With ``secure_delete`` the old bytes
    are overwritten; the WAL checkpoint the ``checkpoint`` tag asks for after the
    commit removes the copies the WAL still holds.
    """
    conn = tx.conn
    cutoff = tx.now - retention_days * 86400
    done = conn.execute(tickets.update().where(tickets.c.issued_at < cutoff, tickets.c.nik.is_not(None))
                        .values(nik=None))
    since = float(queries.system_value(conn, _PURGED_KEY) or "-inf")
    notes = 0
    if cutoff > since:
        for row in conn.execute(sa.select(tickets.c.id, tickets.c.notes).where(
                tickets.c.issued_at < cutoff, tickets.c.issued_at >= since, tickets.c.transfers > 0)).all():
            cleared = [{**n, "note": ""} for n in row.notes or []]
            if cleared != (row.notes or []):
                conn.execute(tickets.update().where(tickets.c.id == row.id).values(notes=cleared))
                notes += 1
        notes += conn.execute(events.update().where(events.c.at < cutoff, events.c.at >= since,
                                                    events.c.staff_data.is_not(None))
                              .values(staff_data=sa.null())).rowcount
        queries.set_system_value(conn, _PURGED_KEY, repr(cutoff))
    notes += _purge_applications(tx, cutoff)
    from server.storage.letter_queries import purge_niks as purge_letter_niks  # letters keep their masked NIK
    notes += purge_letter_niks(tx, cutoff)
    from server.storage.outbox import purge_contacts  # phone numbers and emails go with the NIKs
    notes += purge_contacts(tx, cutoff)
    notes += purge_bookings(tx.conn, cutoff)  # a booking's NIK and contacts too (issue 13)
    if done.rowcount:
        tx.audit("system", "nik.purged", detail={"count": done.rowcount, "retention_days": retention_days})
    if done.rowcount or notes:
        tx.touched("checkpoint")
    return done.rowcount


def _purge_applications(tx: Tx, cutoff: float) -> int:
    """Online applications past retention lose NIK, name, address, contacts and need; their photos are
    deleted once this is committed (a rollback keeps both)."""
    from server.storage.schema import application_files, applications
    from server.storage.uploads import delete_files

    old = sa.select(applications.c.id).where(applications.c.received_at < cutoff, applications.c.nik.is_not(None))
    ids = [i for (i,) in tx.conn.execute(old)]
    if not ids:
        return 0
    paths = [p for (p,) in tx.conn.execute(sa.select(application_files.c.path).where(
        application_files.c.application_id.in_(ids), application_files.c.path.is_not(None)))]
    tx.conn.execute(application_files.update().where(application_files.c.application_id.in_(ids))
                    .values(path=None))
    tx.conn.execute(applications.update().where(applications.c.id.in_(ids))
                    .values(nik=None, name=None, address=None, phone=None, email=None, need=""))
    tx.after_commit(lambda: delete_files(paths))
    tx.audit("system", "application.purged", detail={"count": len(ids), "files": len(paths)})
    return len(ids)
