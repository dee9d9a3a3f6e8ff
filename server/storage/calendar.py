"""The office's holiday calendar in the ``holidays`` table, and its first filling from the library.

At first start and at each new year the office gets Indonesia's national holidays
and cuti bersama for this year and next from the ``holidays`` library (its
"public" and "government" categories, Indonesian names), marked source
"library". Each year is filled once (a mark in ``system_state``): a day the admin
removed does not come back, and a day the admin added is never overwritten.
"""

from __future__ import annotations

import functools
import logging
from datetime import date
from typing import Optional

import sqlalchemy as sa

from server.domain import holiday_calendar
from server.domain.errors import DomainError
from server.storage import holiday_library, queries
from server.storage.schema import holidays
from server.storage.tx import Tx

log = logging.getLogger("antre.calendar")

_FILLED_KEY = "holidays_filled_{year}"
_BY_DAY = sa.select(holidays.c.name).where(holidays.c.day == sa.bindparam("day"))


def holiday_set(conn: sa.Connection, year_from: int, year_to: int) -> set[date]:
    """Every holiday from 1 January ``year_from`` to 31 December ``year_to``, as dates."""
    rows = conn.execute(sa.select(holidays.c.day).where(holidays.c.day >= f"{year_from:04d}-01-01",
                                                        holidays.c.day <= f"{year_to:04d}-12-31"))
    return {date.fromisoformat(d) for (d,) in rows}


def holiday_name(conn: sa.Connection, day: str) -> Optional[str]:
    """The holiday's name when ``day`` (YYYY-MM-DD) is one, else None (one primary-key look)."""
    return conn.execute(_BY_DAY, {"day": day}).scalar()


def list_holidays(conn: sa.Connection, year: Optional[int] = None) -> list[dict]:
    q = sa.select(holidays).order_by(holidays.c.day)
    if year is not None:
        q = q.where(holidays.c.day >= f"{year:04d}-01-01", holidays.c.day <= f"{year:04d}-12-31")
    return [{"day": r.day, "name": r.name, "kind": r.kind, "source": r.source} for r in conn.execute(q)]


@functools.lru_cache(maxsize=8)
def _library_year(year: int) -> tuple[tuple[str, str, str], ...]:
    # Kept per process: the library takes a few hundred milliseconds per year, the answer never changes.
    return tuple(holiday_library.year_in_child(year))


def library_holidays(year: int) -> list[dict]:
    """Indonesia's national holidays (kind "nasional") and cuti bersama ("cuti_bersama") of ``year``,
    from the ``holidays`` library's "public" and "government" categories, with Indonesian names."""
    return [{"day": d, "name": n, "kind": k} for d, n, k in _library_year(year)]


def fill_from_library(tx: Tx, years: range) -> int:
    """Add the library's holidays for each year not yet filled; returns how many days were added."""
    added = 0
    for year in years:
        key = _FILLED_KEY.format(year=year)
        if queries.system_value(tx.conn, key):
            continue
        try:
            found = library_holidays(year)
        except holiday_library.LibraryUnavailable as exc:
            # Not marked filled: the next start (or the next office day) asks again. An office
            # opens with an empty calendar rather than not at all; the admin can add the days.
            log.warning("national holidays of %d not filled: %s", year, exc)
            continue
        for h in found:
            if holiday_name(tx.conn, h["day"]) is None:
                tx.conn.execute(holidays.insert().values(**h, source="library"))
                added += 1
        queries.set_system_value(tx.conn, key, "1")
    if added:
        tx.audit("system", "holidays.filled", detail={"years": [y for y in years], "added": added})
    return added


def save_holiday(tx: Tx, data: dict, actor: str) -> dict:
    """Add a day or change its name and kind (the admin's, source "admin")."""
    h = holiday_calendar.checked_holiday(data)
    if holiday_name(tx.conn, h["day"]) is None:
        tx.conn.execute(holidays.insert().values(**h, source="admin"))
    else:
        tx.conn.execute(holidays.update().where(holidays.c.day == h["day"])
                        .values(name=h["name"], kind=h["kind"], source="admin"))
    tx.emit("office.changed", {"what": "holidays"}, actor=actor)
    tx.audit(actor, "holiday.saved", detail=h)
    return {**h, "source": "admin"}


def remove_holiday(tx: Tx, day: str, actor: str) -> None:
    if tx.conn.execute(holidays.delete().where(holidays.c.day == day)).rowcount == 0:
        raise DomainError("unknown_holiday")
    tx.emit("office.changed", {"what": "holidays"}, actor=actor)
    tx.audit(actor, "holiday.removed", detail={"day": day})


def import_csv(tx: Tx, text: str, actor: str) -> dict:
    """All the file's lines or none (``holiday_calendar.parse_csv`` refuses the first bad line)."""
    rows = holiday_calendar.parse_csv(text)
    added = changed = 0
    for h in rows:
        if holiday_name(tx.conn, h["day"]) is None:
            tx.conn.execute(holidays.insert().values(**h, source="import"))
            added += 1
        else:
            tx.conn.execute(holidays.update().where(holidays.c.day == h["day"])
                            .values(name=h["name"], kind=h["kind"], source="import"))
            changed += 1
    tx.emit("office.changed", {"what": "holidays"}, actor=actor)
    tx.audit(actor, "holidays.imported", detail={"added": added, "changed": changed})
    return {"added": added, "changed": changed}
