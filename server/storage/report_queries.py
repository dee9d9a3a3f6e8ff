"""The reads behind the head of office's report: one pass over the period's tickets.

The report facts live on the ticket (``channel``, ``first_called_at``,
``service_seconds``, ``served_by``, ``no_show``, schema v11), so a year's report
reads one table through ``ix_ticket_report`` (office day, origin service) and
never replays events. The NIK is not read: the purge blanks it and the figures
stay the same. The rows go to ``server.domain.reports.summarize`` as plain tuples
straight from the driver: a busy office's year is a quarter of a million rows,
and building a SQLAlchemy row for each costs more than the report itself.
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from server.domain import reports, working_days
from server.storage import calendar
from server.storage.hot_sql import HotStatement, run
from server.storage.schema import counters, outcomes, services, ticket_outcomes, tickets, users

# Columns in the order reports.summarize unpacks them.
_TICKETS = HotStatement(
    "SELECT office_day, origin_service_id, status, no_show, transfers, issued_at, first_called_at, finished_at,"
    " service_seconds, counter_id, served_by, channel, priority FROM tickets INDEXED BY ix_ticket_report"
    " WHERE office_day BETWEEN :first AND :last")
# Other engines have no INDEXED BY; their planner has the same index to choose.
_TICKETS_PORTABLE = HotStatement(_TICKETS.sql.replace(" INDEXED BY ix_ticket_report", ""))


def summary(conn: sa.Connection, zone: ZoneInfo, date_from: date, date_to: date) -> dict:
    """``GET /api/reports/summary``'s answer for the inclusive office days ``date_from`` .. ``date_to``."""
    office = office_for(conn, zone, date_from, date_to)
    params = {"first": date_from.isoformat(), "last": date_to.isoformat()}
    driver = _sqlite(conn)
    rows = run(conn, driver, _TICKETS if driver is not None else _TICKETS_PORTABLE, params).fetchall()
    return reports.summarize(date_from, date_to, rows, office, outcome_counts(conn, date_from, date_to))


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
