"""What a write job sees: one transaction, the batch's clock and office day, and what it emits."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Optional

import sqlalchemy as sa

from server.storage import schema
from server.storage.hot_sql import HotStatement, as_json, insert_statement, run

# Every change writes an event and most an audit row: on the hot path (hot_sql).
_INSERT_EVENT = insert_statement(schema.events)
_INSERT_AUDIT = insert_statement(schema.audit_log, returning_id=False)


@dataclass
class Tx:
    """What a write job sees: the connection, the batch's clock reading and office day, and what it emits.

    ``day`` is the office day the writer works in (it never goes back, see
    ``DayKeeper``); None only for a writer started without a day keeper.
    ``driver`` is the ``sqlite3`` connection under ``conn`` for ``hot_sql``
    statements (None: run them through SQLAlchemy).
    """

    conn: sa.Connection
    now: float
    day: Optional[str] = None
    driver: Any = None
    events: list[dict] = field(default_factory=list)
    tags: set[str] = field(default_factory=set)
    callbacks: list[Callable[[], None]] = field(default_factory=list)

    def run(self, stmt: HotStatement, params: dict):
        """Run a ``hot_sql`` statement in this transaction."""
        return run(self.conn, self.driver, stmt, params)

    def emit(self, type_: str, data: dict, *, ticket_id=None, counter_id=None, actor=None,
             staff_data: Optional[dict] = None) -> dict:
        """Append an event in the same transaction as the change it describes."""
        row = dict(at=self.now, type=type_, ticket_id=ticket_id, counter_id=counter_id,
                   actor=actor, data=data, staff_data=staff_data)
        row["id"] = self.run(_INSERT_EVENT, {**row, "data": as_json(data),
                                             "staff_data": as_json(staff_data)}).fetchone()[0]
        self.events.append(row)
        return row

    def audit(self, actor: str, action: str, ticket_id=None, detail: Optional[dict] = None) -> None:
        self.run(_INSERT_AUDIT, dict(at=self.now, actor=actor, action=action, ticket_id=ticket_id,
                                     detail=as_json(detail)))

    def touched(self, *what: str) -> None:
        """Say what this job changed ("office", "devices", "users", "checkpoint"), so the
        writer's caches reload it once the batch is committed (and never if it is not)."""
        self.tags.update(what)

    def after_commit(self, fn: Callable[[], None]) -> None:
        """Run ``fn`` on the writer thread once this job's batch is committed; dropped on rollback."""
        self.callbacks.append(fn)
