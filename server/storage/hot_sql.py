"""Statements on the hot path, run on the database driver's own cursor.

Issuing a ticket runs six statements. Through SQLAlchemy's execution layers
(parameter processing, execution context, result wrapping) each one cost about
ten times what SQLite needs to run it, and the writer thread is what every kiosk
waits for. So these few statements are plain SQL text with ``:name`` parameters:
on SQLite they go straight to ``sqlite3`` (whose statement cache keeps them
prepared); on any other engine they run as ``sa.text`` through the connection,
same text, same parameters, so the PostgreSQL path stays one code path.

JSON columns are written as JSON text (``orjson``: a tenth of ``json.dumps``'s
cost), which is what SQLAlchemy's ``JSON`` type stores and reads back; ``None``
is stored as SQL NULL.
"""

from __future__ import annotations

from functools import lru_cache
from types import SimpleNamespace
from typing import Any, Optional

import orjson
import sqlalchemy as sa


class HotStatement:
    """One SQL text, ready for the driver (SQLite) or for ``sa.text`` (other engines)."""

    __slots__ = ("sql", "clause")

    def __init__(self, sql: str):
        self.sql = sql
        self.clause = sa.text(sql)


def insert_statement(table: sa.Table, *, returning_id: bool = True) -> HotStatement:
    """``INSERT INTO table (...) VALUES (:col, ...) [RETURNING id]`` for every column but ``id``."""
    names = [c.name for c in table.columns if c.name != "id"]
    return HotStatement(f"INSERT INTO {table.name} ({', '.join(names)}) "
                        f"VALUES ({', '.join(':' + n for n in names)})" + (" RETURNING id" if returning_id else ""))


def returning_all(table: sa.Table) -> str:
    """`` RETURNING`` every column of ``table``, in ``row_of``'s order."""
    return " RETURNING " + ", ".join(c.name for c in table.columns)


def row_of(table: sa.Table, values) -> SimpleNamespace:
    """A row as the driver returns it (``returning_all``'s order), typed as SQLAlchemy
    reads it: JSON columns decoded, booleans as ``bool``."""
    names, json_columns, bool_columns = _columns(table)
    row = SimpleNamespace(**dict(zip(names, values)))
    for name in json_columns:
        value = getattr(row, name)
        if isinstance(value, str):
            setattr(row, name, orjson.loads(value))
    for name in bool_columns:
        value = getattr(row, name)
        if value is not None:
            setattr(row, name, bool(value))
    return row


@lru_cache(maxsize=None)
def _columns(table: sa.Table) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    return (tuple(c.name for c in table.columns),
            tuple(c.name for c in table.columns if isinstance(c.type, sa.JSON)),
            tuple(c.name for c in table.columns if isinstance(c.type, sa.Boolean)))


def run(conn: sa.Connection, driver: Any, stmt: HotStatement, params: dict):
    """Execute and return a cursor-like result (``fetchone``, ``fetchall``).

    ``driver`` is the ``sqlite3`` connection under ``conn`` (``Tx.driver``), or None
    on other engines.
    """
    if driver is not None:
        return driver.execute(stmt.sql, params)
    return conn.execute(stmt.clause, params)


def as_json(value: Any) -> Optional[str]:
    return None if value is None else orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()
