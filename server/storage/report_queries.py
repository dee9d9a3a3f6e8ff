"""The reads behind the head of office's report: one pass over the period's tickets.

The report facts live on the ticket (``channel``, ``first_called_at``,
``service_seconds``, ``served_by``, ``no_show``, schema v11), so a year's report
reads one table (a month through ``ix_ticket_report``, office day and origin
service) and never replays events. The NIK is not read: the purge blanks it and
the figures stay the same. The rows come straight from the driver and are folded
into ``server.domain.reports.Cell``s here: a busy office's year is a quarter of a
million rows, and building a SQLAlchemy row for each costs more than the report.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Optional
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from common import vocabulary as vocab
from server.domain import reports, working_days
from server.storage import calendar, online_queries
from server.storage.hot_sql import HotStatement, run
from server.storage.schema import counters, outcomes, services, ticket_outcomes, tickets, users

# One pass over the period's tickets. What a report groups by comes as one integer
# (the ticket's kind: origin service, status, no-show, transferred, channel, priority,
# numbered by the vocabulary's order and combined by SQLite), then the finishing
# counter and clerk of a served ticket and the three times: six values a row instead
# of thirteen, and no text built per row, which is most of the cost of reading a year.
_STATUSES = tuple(vocab.TICKET_STATUSES)
_CHANNELS = tuple(vocab.TICKET_CHANNELS)
_PRIORITIES = tuple(vocab.PRIORITY_NAMES)


def _number(column: str, names: tuple[str, ...]) -> str:
    """SQL giving ``names``' position + 1 for the column's value, 0 for anything else (or NULL)."""
    assert all(re.fullmatch(r"[a-z_]+", n) for n in names)   # vocabulary names, safe inside SQL text
    return f"CASE {column} " + " ".join(f"WHEN '{n}' THEN {i}" for i, n in enumerate(names, 1)) + " ELSE 0 END"


# (booleans cast to integers: PostgreSQL does not add them; SQLite keeps them as 0 and 1)
_KIND = (f"(((origin_service_id * {len(_STATUSES) + 1} + {_number('status', _STATUSES)}) * 2"
         f" + CAST(no_show AS INTEGER)) * 2"
         f" + CAST(transfers > 0 AS INTEGER)) * {len(_CHANNELS) + 1} * {len(_PRIORITIES) + 1}"
         f" + {_number('channel', _CHANNELS)} * {len(_PRIORITIES) + 1} + {_number('priority', _PRIORITIES)}")
_TICKETS = (
    f"SELECT {_KIND}, CASE WHEN status = 'done' THEN counter_id END, CASE WHEN status = 'done' THEN served_by END,"
    " first_called_at - issued_at,"
    " CASE WHEN status = 'done' THEN service_seconds END,"
    " CASE WHEN status = 'done' THEN finished_at - issued_at END"
    " FROM tickets{how} WHERE office_day BETWEEN :first AND :last")


def _kind(number: int) -> tuple[int, str, bool, bool, str, Optional[str]]:
    """The inverse of ``_KIND``: (service id, status, no-show, transferred, channel, priority)."""
    number, priority = divmod(number, len(_PRIORITIES) + 1)
    number, channel = divmod(number, len(_CHANNELS) + 1)
    number, moved = divmod(number, 2)
    number, no_show = divmod(number, 2)
    sid, status = divmod(number, len(_STATUSES) + 1)
    return (sid, _STATUSES[status - 1] if status else "?", bool(no_show), bool(moved),
            _CHANNELS[channel - 1] if channel else "?", _PRIORITIES[priority - 1] if priority else None)


# Arrivals per quarter of an hour (any zone's offset is whole quarters) and the day's
# served and within-standard counts: summed by SQLite, a few thousand rows for a year.
# (CASE, not a sum of comparisons: PostgreSQL does not add booleans. The quarter is the
# whole part of the division: SQLite's CAST truncates, PostgreSQL's rounds, so it floors.)
_QUARTERS = (
    "SELECT t.office_day, {quarter}, count(*), sum(CASE WHEN t.status = 'done' THEN 1 ELSE 0 END),"
    " sum(CASE WHEN t.status = 'done' AND t.finished_at - t.issued_at <= s.standard_minutes * 60"
    " THEN 1 ELSE 0 END)"
    " FROM tickets t{how} JOIN services s ON s.id = t.origin_service_id"
    " WHERE t.office_day BETWEEN :first AND :last GROUP BY 1, 2")
# A month is a small part of the history: found through ix_ticket_report. A period that
# holds most of the history is read faster straight through the table, in storage order,
# than row by row through the index; SQLite without statistics cannot tell the two apart.
_THROUGH_INDEX, _STRAIGHT, _PORTABLE = " INDEXED BY ix_ticket_report", " NOT INDEXED", ""
_SQLITE_QUARTER, _PORTABLE_QUARTER = "CAST(t.issued_at / 900 AS INTEGER)", "CAST(floor(t.issued_at / 900) AS INTEGER)"
_STATEMENTS = {how: (HotStatement(_TICKETS.format(how=how)), HotStatement(_QUARTERS.format(
                   how=how, quarter=_PORTABLE_QUARTER if how == _PORTABLE else _SQLITE_QUARTER)))
               for how in (_THROUGH_INDEX, _STRAIGHT, _PORTABLE)}
_IN_PERIOD = HotStatement("SELECT count(*) FROM tickets INDEXED BY ix_ticket_report"
                          " WHERE office_day BETWEEN :first AND :last")   # the index alone answers
_ALL = HotStatement("SELECT max(id) FROM tickets")


def summary(conn: sa.Connection, zone: ZoneInfo, date_from: date | str, date_to: date | str) -> dict:
    """``GET /api/reports/summary``'s answer for the inclusive office days ``date_from`` .. ``date_to``
    (dates, or YYYY-MM-DD texts)."""
    date_from, date_to = (d if isinstance(d, date) else date.fromisoformat(d) for d in (date_from, date_to))
    office = office_for(conn, zone, date_from, date_to)
    params = {"first": date_from.isoformat(), "last": date_to.isoformat()}
    driver = _sqlite(conn)
    tickets_sql, quarters_sql = _STATEMENTS[_how(driver, params)]
    quarters = run(conn, driver, quarters_sql, params).fetchall()
    cells = _cells(run(conn, driver, tickets_sql, params))
    result = reports.summarize(date_from, date_to, cells, quarters, office, outcome_counts(conn, date_from, date_to))
    # The second channel (issue 12): the share of online applications answered within one working day.
    result["online"] = online_queries.summary(conn, params["first"], params["last"], zone)
    return result


def _how(driver, params: dict) -> str:
    if driver is None:
        return _PORTABLE
    stored = driver.execute(_ALL.sql).fetchone()[0] or 0
    wanted = driver.execute(_IN_PERIOD.sql, params).fetchone()[0]
    return _STRAIGHT if wanted * 3 > stored else _THROUGH_INDEX


def _cells(rows) -> list[reports.Cell]:
    """Fold the rows into cells by their key: a dictionary look-up and up to three appends a row."""
    found: dict[tuple, list] = {}
    for kind, counter, clerk, wait, service, total in rows:
        key = (kind, counter, clerk)
        cell = found.get(key)
        if cell is None:
            cell = found[key] = [0, [], [], []]
        cell[0] += 1
        if wait is not None:
            cell[1].append(wait)
        if service is not None:
            cell[2].append(service)
            cell[3].append(total)
    return [reports.Cell(*_kind(kind), counter, clerk, count, waits, served, totals)
            for (kind, counter, clerk), (count, waits, served, totals) in found.items()]


def office_for(conn: sa.Connection, zone: ZoneInfo, date_from: date, date_to: date) -> reports.Office:
    """The names a report shows, and the period's working days (the office's holiday calendar)."""
    svc = conn.execute(sa.select(services.c.id, services.c.code, services.c.name_id, services.c.standard_minutes,
                                 services.c.kiosk_visible).order_by(services.c.position, services.c.code)).all()
    holidays = calendar.holiday_set(conn, date_from.year, date_to.year)
    return reports.Office(
        services={r.id: (r.code, r.name_id, r.standard_minutes) for r in svc},
        counters=dict(conn.execute(sa.select(counters.c.id, counters.c.name)
                                   .order_by(counters.c.position, counters.c.id)).all()),
        clerks={u: (n or u) for u, n in conn.execute(sa.select(users.c.username, users.c.display_name))},
        zone=zone,
        working_days=working_days.working_days_between(date_from, date_to, holidays),
        transfer_only=frozenset(r.id for r in svc if not r.kiosk_visible))


def outcome_counts(conn: sa.Connection, date_from: date, date_to: date) -> list[dict]:
    """How the period's visits ended, per outcome of the office's list (label in Indonesian)."""
    rows = conn.execute(
        sa.select(outcomes.c.code, outcomes.c.label_id, sa.func.count())
        .select_from(tickets.join(ticket_outcomes, ticket_outcomes.c.ticket_id == tickets.c.id)
                     .join(outcomes, outcomes.c.id == ticket_outcomes.c.outcome_id))
        .where(tickets.c.office_day.between(date_from.isoformat(), date_to.isoformat()))
        .group_by(outcomes.c.id).order_by(outcomes.c.position, outcomes.c.id))
    return [{"code": code, "label": label, "count": n} for code, label, n in rows]


def _sqlite(conn: sa.Connection):
    """The ``sqlite3`` connection under ``conn``, or None on another engine."""
    return conn.connection.driver_connection if conn.dialect.name == "sqlite" else None
