"""Reading the complaint register: one case, the list, the period's summary, the office's deadline setting.

Shaping a case for a reader goes through ``case_view`` alone, so the rule that a
confidential complainant's name and contact reach only complaint officers is
applied in one place for the API, the page and any export.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from server.domain import complaints as rules
from server.storage.schema import complaints, office_settings, services, tickets, users

RESPONSE_DAYS_KEY = "complaint_response_days"
_LIST_DESCRIPTION = 160  # what the register's list shows of a description


def is_complaint_officer(conn: sa.Connection, user_id: int) -> bool:
    """Read fresh each time (not from the session cache): a revoked officer stops seeing names at once."""
    return bool(conn.execute(sa.select(users.c.complaint_officer)
                             .where(users.c.id == user_id, users.c.active.is_(True))).scalar())


def response_days(conn: sa.Connection) -> int:
    """The office's ``batas waktu tanggapan`` in working days (``complaints.DEFAULT_RESPONSE_DAYS`` if unset)."""
    value = conn.execute(sa.select(office_settings.c.value)
                         .where(office_settings.c.key == RESPONSE_DAYS_KEY)).scalar()
    try:
        return int(value) if value not in (None, "") else rules.DEFAULT_RESPONSE_DAYS
    except (TypeError, ValueError):
        return rules.DEFAULT_RESPONSE_DAYS


def officers(conn: sa.Connection) -> list[dict]:
    rows = conn.execute(sa.select(users.c.username, users.c.display_name)
                        .where(users.c.complaint_officer.is_(True), users.c.active.is_(True))
                        .order_by(users.c.display_name))
    return [{"username": u, "name": n} for u, n in rows]


_ASSIGNEE = users.alias("assignee")
_CASE = (sa.select(complaints, services.c.code.label("service_code"), tickets.c.number.label("ticket_number"),
                   _ASSIGNEE.c.username.label("assignee_username"),
                   _ASSIGNEE.c.display_name.label("assignee_name"))
         .select_from(complaints.outerjoin(services, services.c.id == complaints.c.service_id)
                      .outerjoin(tickets, tickets.c.id == complaints.c.ticket_id)
                      .outerjoin(_ASSIGNEE, _ASSIGNEE.c.id == complaints.c.assigned_to)))


def case_row(conn: sa.Connection, complaint_id: int):
    return conn.execute(_CASE.where(complaints.c.id == complaint_id)).first()


def case_view(row, *, is_officer: bool, today: str, full: bool = True) -> dict:
    """One case as a reader may see it; ``full=False`` is the list's shorter line."""
    shown = rules.may_see_identity(row.confidential, is_officer)
    description = row.description if full else row.description[:_LIST_DESCRIPTION]
    view = {
        "id": row.id, "code": row.code, "channel": row.channel, "category": row.category,
        "received_at": row.received_at, "office_day": row.office_day, "description": description,
        "confidential": bool(row.confidential), "identity_hidden": not shown,
        "complainant_name": row.complainant_name if shown else rules.HIDDEN[0],
        "complainant_contact": row.complainant_contact if shown else rules.HIDDEN[0],
        "ticket": ({"id": row.ticket_id, "number": row.ticket_number} if row.ticket_id else None),
        "service": row.service_code, "status": row.status, "deadline": row.deadline,
        "overdue": rules.is_overdue(row.status, row.deadline, today),
        "assigned_to": ({"username": row.assignee_username, "name": row.assignee_name}
                        if row.assignee_username else None),
        "responded_at": row.responded_at, "closed_at": row.closed_at,
        "created_by": row.created_by, "updated_at": row.updated_at,
    }
    if full:
        view.update(verification=row.verification, response=row.response)
    return view


def list_cases(conn: sa.Connection, *, is_officer: bool, today: str, status: Optional[str] = None,
               overdue: Optional[bool] = None, limit: int = 500) -> list[dict]:
    """Open cases first, soonest deadline first; then closed ones, latest closed first."""
    q = _CASE
    if status:
        q = q.where(complaints.c.status == status)
    if overdue is True:
        q = q.where(complaints.c.status != rules.CLOSED, complaints.c.deadline < today)
    elif overdue is False:
        q = q.where(sa.or_(complaints.c.status == rules.CLOSED, complaints.c.deadline >= today))
    q = q.order_by((complaints.c.status == rules.CLOSED).asc(), complaints.c.deadline.asc(),
                   complaints.c.closed_at.desc(), complaints.c.id.asc()).limit(limit)
    return [case_view(r, is_officer=is_officer, today=today, full=False) for r in conn.execute(q)]


def office_zone(conn: sa.Connection, fallback: str = "Asia/Jakarta") -> ZoneInfo:
    value = conn.execute(sa.select(office_settings.c.value).where(office_settings.c.key == "timezone")).scalar()
    return ZoneInfo(value or fallback)


def summary(conn: sa.Connection, date_from: str, date_to: str, today: str,
            zone: Optional[ZoneInfo] = None) -> dict:
    """The complaints received from ``date_from`` to ``date_to`` (office days, inclusive).

    ``closed_within_deadline`` compares the office day a case was closed on
    (in the office's time zone, ``zone`` or the profile's) with its deadline.
    """
    zone = zone or office_zone(conn)
    rows = conn.execute(sa.select(complaints.c.channel, complaints.c.category, complaints.c.status,
                                  complaints.c.deadline, complaints.c.closed_at)
                        .where(complaints.c.office_day >= date_from, complaints.c.office_day <= date_to))
    counted = rules.summary_counts(
        ((ch, cat, st, dl, dt.datetime.fromtimestamp(closed, zone).date().isoformat() if closed else None)
         for ch, cat, st, dl, closed in rows), today)
    return {"from": date_from, "to": date_to, **counted}


def next_number(conn: sa.Connection, year: int) -> int:
    """The year's next case number (codes are ``PGD-YYYY-NNNN``, numbered per year)."""
    codes = conn.execute(sa.select(complaints.c.code).where(complaints.c.code.like(f"PGD-{year:04d}-%")))
    numbers = [parsed[1] for (code,) in codes if (parsed := rules.parse_code(code))]
    return max(numbers, default=0) + 1
