"""The back office checks while the front office talks (the Pariaman procedure, steps 4-5).

The front office hands the KTP and KK copies to the back office for the DTKS
check in SIKS-NG, and meanwhile asks the citizen what else they need. The
ticket stays with the front office: the check is a second thread beside it, one
per ticket, whose state both desks see live (``back_office.check`` events on the
staff stream only: the lobby never learns of it):

    requested --take--> in_progress --answer--> done
        \\_______________answer________________/

A new request on a ticket whose check is done starts a new check; asking again
while one is open changes nothing. The result is free text (e.g. "Terdaftar DTKS,
desil 2") kept with any NIK in it masked, and each step is audited.
"""

from __future__ import annotations

from typing import Optional

import sqlalchemy as sa

from common import vocabulary as vocab
from server.domain.accounts import Staff
from server.domain.errors import DomainError
from server.domain.payloads import iso
from server.domain.privacy import mask_niks
from server.storage import queries as office
from server.storage.db import Tx
from server.storage.schema import back_office_checks, services, tickets

MAX_TEXT = 300
_NEXT = {("requested", "take"): "in_progress", ("requested", "answer"): "done", ("in_progress", "answer"): "done"}


def next_state(state: Optional[str], action: str) -> str:
    """The state after ``action`` ("request", "take", "answer"); a coded refusal when not allowed."""
    if action == "request":
        return "requested"
    if state is None:
        raise DomainError("no_back_office_check")
    found = _NEXT.get((state, action))
    if found is None:
        raise DomainError("invalid_transition", status=state, action=action)
    return found


def _clean(text: Optional[str]) -> str:
    return mask_niks(" ".join((text or "").split())[:MAX_TEXT])


def check_view(row, zone) -> dict:
    return {"ticket_id": row.ticket_id, "state": row.state, "what": row.what, "requested_by": row.requested_by,
            "requested_at": iso(row.requested_at, zone), "taken_by": row.taken_by, "result": row.result,
            "updated_at": iso(row.updated_at, zone)}


def _row(conn: sa.Connection, ticket_id: int):
    return conn.execute(sa.select(back_office_checks).where(back_office_checks.c.ticket_id == ticket_id)).first()


def _emit(tx: Tx, t, by: Staff, zone) -> dict:
    view = check_view(_row(tx.conn, t.id), zone)
    code = tx.conn.execute(sa.select(services.c.code).where(services.c.id == t.service_id)).scalar_one()
    tx.emit("back_office.check", {}, ticket_id=t.id, counter_id=t.counter_id, actor=by.actor, staff_data={
        "check": view, "ticket": {"id": t.id, "number": t.number, "service": code,
                                  "counter": office.counter_name(tx.conn, t.counter_id)}})
    return view


def act(tx: Tx, ticket_id: int, action: str, by: Staff, zone, text: Optional[str] = None) -> dict:
    """Request, take or answer the back-office check of an active ticket; returns the check as it is now."""
    t = tx.conn.execute(sa.select(tickets).where(tickets.c.id == ticket_id)).first()
    if t is None:
        raise DomainError("unknown_ticket")
    if t.status not in vocab.ACTIVE_STATUSES:
        raise DomainError("invalid_transition", status=t.status, action=f"back_office.{action}")
    row = _row(tx.conn, ticket_id)
    if action == "request" and row is not None and row.state != "done":
        return check_view(row, zone)          # asked twice (two clicks, two clerks): one check
    state = next_state(row.state if row is not None else None, action)
    values: dict = {"state": state, "updated_at": tx.now}
    if action == "request":
        values.update(what=_clean(text) or "Cek DTKS", requested_by=by.actor, requested_at=tx.now,
                      taken_by=None, result=None)
        if row is None:
            tx.conn.execute(back_office_checks.insert().values(ticket_id=ticket_id, **values))
        else:
            tx.conn.execute(back_office_checks.update().where(back_office_checks.c.ticket_id == ticket_id)
                            .values(**values))
    else:
        if action == "take":
            values["taken_by"] = by.actor
        else:
            result = _clean(text)
            if not result:
                raise DomainError("invalid_field", errors=[{"field": "result", "message": "Tuliskan hasil pengecekan.",
                                                            "message_en": "Write the result of the check."}])
            values.update(result=result, taken_by=row.taken_by or by.actor)
        tx.conn.execute(back_office_checks.update().where(back_office_checks.c.ticket_id == ticket_id)
                        .values(**values))
    tx.audit(by.actor, f"back_office.{action}", ticket_id, {"state": state, **({"text": _clean(text)} if text else {})})
    return _emit(tx, t, by, zone)


def open_checks(conn: sa.Connection, day: str, zone) -> list[dict]:
    """Today's checks of active tickets (what the staff snapshot carries)."""
    rows = conn.execute(sa.select(back_office_checks).join(tickets, tickets.c.id == back_office_checks.c.ticket_id)
                        .where(tickets.c.office_day == day, tickets.c.status.in_(vocab.ACTIVE_STATUSES))
                        .order_by(back_office_checks.c.requested_at))
    return [check_view(r, zone) for r in rows]
