"""The events table read back: replay for reconnecting clients, the newest id."""

from __future__ import annotations

import sqlalchemy as sa

from server.storage.schema import events


def load_events_after(conn: sa.Connection, after_id: int, limit: int) -> list:
    return list(conn.execute(sa.select(events).where(events.c.id > after_id)
                             .order_by(events.c.id).limit(limit)))


def last_event_id(conn: sa.Connection) -> int:
    return conn.execute(sa.select(sa.func.max(events.c.id))).scalar() or 0
