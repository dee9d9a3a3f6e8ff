"""Recording the statements a piece of the server runs, and SQLite's plan for each.

A plan does not depend on how many rows there are (the server never runs
ANALYZE), so what holds on a test's small database holds on a year of history:
a statement that SCANs the tickets table reads every ticket ever issued.
"""

from __future__ import annotations

import contextlib
import re
from typing import Iterator

import sqlalchemy as sa

ON_TICKETS = re.compile(r"^(SCAN|SEARCH) tickets\b")


class RecordingDriver:
    """Stands for the ``sqlite3`` connection a write job's ``hot_sql`` statements run on."""

    def __init__(self, raw, seen: list):
        self.raw, self.seen = raw, seen

    def execute(self, sql: str, params=()):
        self.seen.append((sql, params))
        return self.raw.execute(sql, params)


@contextlib.contextmanager
def recording(engine: sa.Engine) -> Iterator[list]:
    """Every statement run through SQLAlchemy on ``engine`` meanwhile, with its parameters."""
    seen: list = []

    def before(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, parameters))
    sa.event.listen(engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)


def ticket_plans(raw, seen: list) -> list[tuple[str, list[str]]]:
    """(statement, plan lines) for each recorded statement that reads or changes existing tickets."""
    found = []
    for sql, params in seen:
        if re.search(r"\btickets\b", sql) and not sql.lstrip().upper().startswith(("INSERT", "EXPLAIN")):
            found.append((sql, [row[3] for row in raw.execute("EXPLAIN QUERY PLAN " + sql, params)]))
    return found


def scans(plan: list[str]) -> list[str]:
    """The plan's steps that go through the tickets table row by row."""
    return [step for step in plan if ON_TICKETS.match(step) and not step.startswith("SEARCH tickets USING")]


def sorts(plan: list[str]) -> list[str]:
    """The plan's sorts of rows (a temporary b-tree for ORDER BY)."""
    return [step for step in plan if "TEMP B-TREE FOR ORDER BY" in step]
