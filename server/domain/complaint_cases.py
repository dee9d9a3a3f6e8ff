"""The complaint register's use cases: record a case, look at one, change one. Each is audited.

Rules (who sees what, forward-only status, deadlines) are in ``server.domain.complaints``;
this module runs them inside a write job. A look at a case is a write too: the
audit row saying who read it is committed with the same care as a change.
"""

from __future__ import annotations

from datetime import date
from typing import Optional
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from server.domain import complaints as rules
from server.domain.accounts import Staff
from server.domain.day import current_day
from server.domain.errors import DomainError
from server.domain.fields import FieldProblems, text
from server.storage import complaint_queries as q
from server.storage.calendar import holiday_set
from server.storage.db import Tx
from server.storage.schema import complaints, services, tickets, users


def _reader(tx: Tx, user: Staff) -> bool:
    """Whether ``user`` is a complaint officer; refuses anyone who may not read the register."""
    officer = q.is_complaint_officer(tx.conn, user.id)
    if not rules.may_read_register(officer, user.has("supervisor")):
        raise DomainError("forbidden")
    return officer


def _emit(tx: Tx, row_id: int, code: str, status: str, actor: str) -> None:
    # The lobby's stream carries no word of it; staff pages (the head's screen) get code and status.
    tx.emit("complaint.changed", {}, actor=actor, staff_data={"id": row_id, "code": code, "status": status})


def record(tx: Tx, data: dict, user: Staff, zone: ZoneInfo) -> dict:
    """Any staff member records a complaint; with ``ticket_id`` (at the counter) its service comes along."""
    checked = rules.checked_new(data)
    ticket_id, service_id = data.get("ticket_id"), None
    if ticket_id is not None:
        ticket = tx.conn.execute(sa.select(tickets.c.id, tickets.c.service_id)
                                 .where(tickets.c.id == ticket_id)).first()
        if ticket is None:
            raise DomainError("unknown_ticket")
        service_id = ticket.service_id
    if data.get("service"):
        service_id = tx.conn.execute(sa.select(services.c.id)
                                     .where(services.c.code == str(data["service"]).upper())).scalar()
        if service_id is None:
            raise DomainError("unknown_service")
    day = current_day(tx, zone)
    received = date.fromisoformat(day)
    due = rules.deadline(received, q.response_days(tx.conn),
                         holiday_set(tx.conn, received.year, received.year + 1))
    code = rules.format_code(received.year, q.next_number(tx.conn, received.year))
    complaint_id = tx.conn.execute(complaints.insert().values(
        code=code, received_at=tx.now, office_day=day, ticket_id=ticket_id, service_id=service_id,
        status=rules.STATUSES[0], deadline=due.isoformat(), created_by=user.actor, updated_at=tx.now,
        **checked)).inserted_primary_key[0]
    tx.audit(user.actor, "complaint.recorded", ticket_id,
             {"code": code, "channel": checked["channel"], "category": checked["category"],
              "confidential": checked["confidential"]})
    _emit(tx, complaint_id, code, rules.STATUSES[0], user.actor)
    return {"id": complaint_id, "code": code, "status": rules.STATUSES[0], "deadline": due.isoformat()}


def view(tx: Tx, complaint_id: int, user: Staff, today: str) -> dict:
    """One case as ``user`` may see it; the look itself is audited."""
    officer = _reader(tx, user)
    row = q.case_row(tx.conn, complaint_id)
    if row is None:
        raise DomainError("unknown_complaint")
    result = q.case_view(row, is_officer=officer, today=today)
    tx.audit(user.actor, "complaint.viewed", row.ticket_id,
             {"code": row.code, "identity_shown": not result["identity_hidden"]})
    return result


def listing(tx: Tx, user: Staff, today: str, status: Optional[str], overdue: Optional[bool]) -> dict:
    officer = _reader(tx, user)
    cases = q.list_cases(tx.conn, is_officer=officer, today=today, status=status, overdue=overdue)
    tx.audit(user.actor, "complaints.listed", detail={"status": status, "overdue": overdue, "count": len(cases)})
    return {"complaints": cases, "complaint_officer": officer, "officers": q.officers(tx.conn),
            "response_days": q.response_days(tx.conn), "today": today}


def change(tx: Tx, complaint_id: int, data: dict, user: Staff, today: str) -> dict:
    """Assign, write the verification or the response, and move the status forward; audited field by field."""
    officer = _reader(tx, user)
    row = tx.conn.execute(sa.select(complaints).where(complaints.c.id == complaint_id)).first()
    if row is None:
        raise DomainError("unknown_complaint")
    if row.status == rules.CLOSED:
        raise DomainError("complaint_status_backwards", current=row.status, target=data.get("status"))
    p = FieldProblems()
    values: dict = {}
    for field in ("verification", "response"):
        if field in data:
            values[field] = text(p, data, field, max_len=rules.MAX_TEXT) or ""
    if "assigned_to" in data:
        values["assigned_to"] = _officer_id(tx, p, data["assigned_to"])
    p.raise_if_any()
    merged = {"verification": row.verification, "response": row.response, **values}
    if data.get("status") and data["status"] != row.status:
        values["status"] = rules.next_status(row.status, data["status"], verification=merged["verification"],
                                             response=merged["response"])
        if values["status"] == rules.CLOSED:
            values["closed_at"] = tx.now
    if values.get("response") and not row.responded_at:
        values["responded_at"] = tx.now
    if not values:
        return view(tx, complaint_id, user, today)
    tx.conn.execute(complaints.update().where(complaints.c.id == complaint_id)
                    .values(updated_at=tx.now, **values))
    tx.audit(user.actor, "complaint.changed", row.ticket_id,
             {"code": row.code, "fields": sorted(k for k in values if k not in ("closed_at", "responded_at")),
              "status": values.get("status", row.status), "by_officer": officer})
    _emit(tx, complaint_id, row.code, values.get("status", row.status), user.actor)
    return view(tx, complaint_id, user, today)


def _officer_id(tx: Tx, p: FieldProblems, username) -> Optional[int]:
    if username in (None, ""):
        return None
    found = tx.conn.execute(sa.select(users.c.id).where(users.c.username == str(username),
                                                        users.c.complaint_officer.is_(True),
                                                        users.c.active.is_(True))).scalar()
    if found is None:
        p.add("assigned_to", "Pilih petugas pengaduan dari daftar.", "Choose a complaint officer from the list.")
    return found
