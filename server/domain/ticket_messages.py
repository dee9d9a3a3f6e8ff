"""Messages to a lobby ticket's holder who left a number or an address on the status page.

"Giliran Anda hampir tiba (N lagi)" once the ticket comes within ``near_ahead``
of the counter, and "Anda dipanggil ke Loket 2" when it is called: each at most
once per ticket (``ticket_contacts.near_sent`` / ``called_sent``, and the outbox's
dedupe key). Called from the desk's call-next and call-chosen inside their write
job, so the extra work on that hot path stays tiny: only tickets that have a
contact row are messaged: one primary-key lookup for the called ticket, and
one query that reads only the head of the service's queue (``near_ahead`` + 1
tickets, in order from the queue index) with their contacts by primary key
(tests/domain/test_query_plans.py checks the plans).
"""

from __future__ import annotations

import orjson
import sqlalchemy as sa

from server.domain import notify
from server.storage.hot_sql import HotStatement
from server.storage.schema import ticket_contacts, tickets

# The settings file's notify_near_ahead, set once at start by the outbox worker;
# the admin's choice (office_settings 'notify') wins over it.
DEFAULT_NEAR_AHEAD = 3
# The settings file's notify_call_from_home, likewise.
DEFAULT_CALL_FROM_HOME = False

_CONTACT = sa.select(ticket_contacts).where(ticket_contacts.c.ticket_id == sa.bindparam("id"))
# Call-next's own statements (hot_sql: plain SQL on the driver's cursor), so that telling the
# holders costs call-next a few primary-key looks, not half its time in SQLAlchemy's layers.
_CALLED_CONTACT = HotStatement(
    "SELECT phone, email, language, called_sent FROM ticket_contacts WHERE ticket_id = :id")
_MARK_CALLED = HotStatement("UPDATE ticket_contacts SET called_sent = :yes, near_sent = :yes WHERE ticket_id = :tid")
_MARK_NEAR = HotStatement("UPDATE ticket_contacts SET near_sent = :yes WHERE ticket_id = :tid")
_NEAR_AHEAD = HotStatement("SELECT value FROM office_settings WHERE key = 'notify'")
# The head of the service's queue (rank, then issue order: the status page's "ahead"), read in
# order from ix_ticket_queue_seq and cut at the threshold, with the contacts still owed "near".
_QUEUE_HEAD_CONTACTS = HotStatement(
    "SELECT tickets.id, tickets.number, tickets.token, ticket_contacts.phone, ticket_contacts.email,"
    " ticket_contacts.language, ticket_contacts.near_sent"
    " FROM tickets LEFT OUTER JOIN ticket_contacts ON ticket_contacts.ticket_id = tickets.id"
    " WHERE tickets.service_id = :service_id AND tickets.status = 'waiting' AND tickets.office_day = :day"
    " ORDER BY tickets.rank, tickets.queue_seq LIMIT :head")


def status_path(token: str) -> str:
    """Relative: the worker puts the public address in front when it sends (see outbox_worker)."""
    return f"/t/{token}"


def call_from_home(conn: sa.Connection) -> bool:
    """Whether a number taken from a phone joins the queue at once (its holder called from home by
    the "near" message) instead of when checked in at the kiosk."""
    value = notify.office_notify_settings(conn).get("call_from_home")
    return DEFAULT_CALL_FROM_HOME if value is None else bool(value)


def after_call(tx, called, counter_name: str) -> int:
    """``called`` (a tickets row) was just called to ``counter_name``: tell its holder, and
    the holders of tickets of that service that just came near. Returns messages queued."""
    queued = 0
    contact = tx.run(_CALLED_CONTACT, {"id": called.id}).fetchone()
    if contact is not None and not contact[3]:
        phone, email, language, _ = contact
        queued += notify.enqueue(tx, template="ticket_called", params={"number": called.number,
                                                                       "counter": counter_name},
                                 email=email, phone=phone, language=language,
                                 key=f"ticket:{called.id}:called", ticket_id=called.id)
        tx.run(_MARK_CALLED, {"tid": called.id, "yes": True})
    head = tx.run(_QUEUE_HEAD_CONTACTS, {"service_id": called.service_id, "day": called.office_day,
                                         "head": near_ahead(tx) + 1}).fetchall()
    for ahead, (tid, number, token, phone, email, language, near_sent) in enumerate(head):
        if near_sent is None or near_sent:  # no contact, or told already
            continue
        queued += notify.enqueue(tx, template="ticket_near", params={"number": number, "ahead": ahead,
                                                                     "status_url": status_path(token)},
                                 email=email, phone=phone, language=language,
                                 key=f"ticket:{tid}:near", ticket_id=tid)
        tx.run(_MARK_NEAR, {"tid": tid, "yes": True})
    return queued


def near_ahead(tx) -> int:
    """How close a ticket comes before its holder is told: the admin's choice, else the settings
    file's (read on call-next's path: one primary-key look on the driver's cursor)."""
    row = tx.run(_NEAR_AHEAD, {}).fetchone()
    value = row and (orjson.loads(row[0]) if isinstance(row[0], (str, bytes)) else row[0])
    value = value.get("notify_near_ahead") if isinstance(value, dict) else None
    return int(value) if value else DEFAULT_NEAR_AHEAD


def leave_contact(tx, ticket, *, phone=None, email=None, language: str = "id") -> dict:
    """Store (or replace) a ticket's contact; the caller has checked the values."""
    channel = "email" if email and not phone else (
        notify.office_notify_settings(tx.conn).get("phone_channel") or "whatsapp")
    values = dict(phone=phone, email=email, channel=channel, language="en" if language == "en" else "id")
    done = tx.conn.execute(ticket_contacts.update().where(ticket_contacts.c.ticket_id == ticket.id).values(**values))
    if done.rowcount == 0:
        tx.conn.execute(ticket_contacts.insert().values(ticket_id=ticket.id, created_at=tx.now, **values))
    tx.audit("citizen", "ticket.contact_left", ticket.id, {"channel": channel})
    return contact_view(tx.conn, ticket.id)


def contact_view(conn: sa.Connection, ticket_id: int):
    """What the ticket's page may show of its contact: masked, or None."""
    row = conn.execute(_CONTACT, {"id": ticket_id}).first()
    if row is None:
        return None
    return {"channel": row.channel, "phone": notify.mask_recipient(row.phone) if row.phone else None,
            "email": notify.mask_recipient(row.email) if row.email else None,
            "near_sent": bool(row.near_sent), "called_sent": bool(row.called_sent)}


def forget_contact(tx, ticket) -> bool:
    done = tx.conn.execute(ticket_contacts.delete().where(ticket_contacts.c.ticket_id == ticket.id))
    if done.rowcount:
        tx.audit("citizen", "ticket.contact_removed", ticket.id)
    return bool(done.rowcount)
