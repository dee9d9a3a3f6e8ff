"""Calling a chosen ticket out of turn: the clerk's exception to call-next's order.

Offices need it (a citizen called back for a document, a frail visitor the queue
cannot make wait), and it is open to abuse (a friend served first), so the reason
is required and kept in the audit log with the clerk's name; the supervisor reads
it there. The lobby and the citizen's phone see an ordinary call: the same
``ticket.called`` event as call-next, so displays and speech need nothing new.

Like call-next it first finishes whoever the counter called or served, and the
claim is one conditional update ("... where status = 'waiting'"): if another
counter called the ticket a moment earlier, this one is refused, never doubled.
The priority streak is left alone: a chosen call is outside the rotation.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from server.domain import desk, ticket_messages
from server.domain.accounts import Staff
from server.domain.errors import DomainError
from server.domain.privacy import mask_niks
from server.storage import queries as office
from server.storage.db import Tx
from server.storage.hot_sql import row_of
from server.storage.schema import tickets

MAX_REASON = 200


def clean_reason(reason: str | None) -> str:
    """The reason as it is kept: trimmed, at most ``MAX_REASON`` characters, any NIK in it masked."""
    text = " ".join((reason or "").split())[:MAX_REASON]
    if len(text) < 3:
        raise DomainError("reason_required")
    return mask_niks(text)


def call_chosen(tx: Tx, counter_id: int, ticket_id: int, reason: str | None, by: Staff, zone: ZoneInfo) -> int:
    """Finish what the counter was doing, then call ``ticket_id`` (waiting, of the counter's services)."""
    why = clean_reason(reason)
    conn = tx.conn
    c = desk._counter(conn, counter_id)
    desk._check_holder(conn, c, by)
    t = desk._ticket(conn, ticket_id)
    if t.status != "waiting":
        raise DomainError("invalid_transition", status=t.status, action="call")
    codes = {sid: desk._service_code(conn, sid) for sid in office.counter_service_ids(conn, counter_id)}
    if t.service_id not in codes:
        raise DomainError("not_counter_service")
    desk._hold(tx, c, by)
    for row in tx.run(desk._FINISH_AT_COUNTER, {"now": tx.now, "counter_id": counter_id,
                                                         "by": by.username}).fetchall():
        desk._announce(tx, "done", row_of(tickets, row), c.name, codes, by.actor, zone)
    if c.state != "open":
        desk.set_counter_state(tx, counter_id, "open", by)
    row = tx.run(desk._CALL, {"counter_id": counter_id, "now": tx.now, "id": ticket_id}).fetchone()
    if row is None:  # called elsewhere between the read and now
        raise DomainError("invalid_transition", status="called", action="call")
    now = row_of(tickets, row)
    desk._emit_ticket(tx, "ticket.called", now, codes[now.service_id], c.name,
                      office.waiting_count(conn, now.service_id, now.office_day), by.actor, zone)
    tx.audit(by.actor, "ticket.called_chosen", now.id, {"counter": c.name, "number": now.number, "reason": why})
    ticket_messages.after_call(tx, now, c.name)  # messages to holders who left a contact
    return now.id
