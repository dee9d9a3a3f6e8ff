"""The outbox's reads and writes for the worker and the admin page.

A row is claimed by a conditional update (its status and due time unchanged
since it was read) inside a writer job, so one row is handed to one sender
once; the claim moves it to ``sending`` with a lease (``next_attempt_at`` =
now + lease). A row still ``sending`` when its lease is over was claimed by a
process that died: it is due again. Results are written by later writer jobs.
"""

from __future__ import annotations

from typing import Optional

import sqlalchemy as sa

from server.domain import notify
from server.storage.schema import outbox

DUE_STATUSES = ("pending", "sending")


def claim_due(tx, *, limit: int, lease: float, per_hour: int) -> list[dict]:
    """Claim up to ``limit`` due rows; a recipient over its hourly limit is postponed, not dropped."""
    rows = tx.conn.execute(sa.select(outbox).where(outbox.c.status.in_(DUE_STATUSES),
                                                   outbox.c.next_attempt_at <= tx.now)
                           .order_by(outbox.c.next_attempt_at, outbox.c.id).limit(limit)).mappings().all()
    claimed, sent_now = [], {}
    for row in rows:
        times = sent_now.setdefault(row["recipient"], list(tx.conn.execute(
            sa.select(outbox.c.sent_at).where(outbox.c.recipient == row["recipient"],
                                              outbox.c.sent_at > tx.now - 3600)).scalars()))
        cond = [outbox.c.id == row["id"], outbox.c.status == row["status"],
                outbox.c.next_attempt_at == row["next_attempt_at"]]
        until = notify.rate_limited_until(times, tx.now, per_hour)
        if until is not None:
            tx.conn.execute(outbox.update().where(*cond).values(next_attempt_at=until))
            continue
        done = tx.conn.execute(outbox.update().where(*cond).values(
            status="sending", attempts=row["attempts"] + 1, next_attempt_at=tx.now + lease))
        if done.rowcount == 1:
            times.append(tx.now)  # counts toward the hour from the moment it goes out
            claimed.append({**row, "attempts": row["attempts"] + 1})
    return claimed


def _mine(row_id: int, attempts: int):
    return (outbox.c.id == row_id, outbox.c.status == "sending", outbox.c.attempts == attempts)


def mark_sent(tx, row_id: int, attempts: int, provider_id: str, channel: str) -> bool:
    return tx.conn.execute(outbox.update().where(*_mine(row_id, attempts)).values(
        status="sent", sent_at=tx.now, provider_id=provider_id[:200], channel=channel,
        last_error=None)).rowcount == 1


def mark_failed(tx, row_id: int, attempts: int, error: str, *, permanent: bool, retry_at: Optional[float]) -> str:
    """``failed`` when permanent or out of attempts, else back to ``pending`` at ``retry_at``."""
    status = "failed" if permanent or retry_at is None else "pending"
    tx.conn.execute(outbox.update().where(*_mine(row_id, attempts)).values(
        status=status, last_error=error[:500], next_attempt_at=retry_at if retry_at is not None else tx.now))
    return status


def next_due(conn: sa.Connection) -> Optional[float]:
    return conn.execute(sa.select(sa.func.min(outbox.c.next_attempt_at))
                        .where(outbox.c.status.in_(DUE_STATUSES))).scalar()


def counts(conn: sa.Connection) -> dict[str, int]:
    return {s: n for s, n in conn.execute(sa.select(outbox.c.status, sa.func.count()).group_by(outbox.c.status))}


def recent(conn: sa.Connection, *, limit: int = 50, status: Optional[str] = None) -> list[dict]:
    """The admin's list: newest first, recipients masked, no bodies."""
    query = sa.select(outbox.c.id, outbox.c.created_at, outbox.c.channel, outbox.c.recipient, outbox.c.template,
                      outbox.c.status, outbox.c.attempts, outbox.c.last_error, outbox.c.sent_at)
    if status:
        query = query.where(outbox.c.status == status)
    rows = conn.execute(query.order_by(outbox.c.id.desc()).limit(limit)).mappings().all()
    return [{**r, "recipient": notify.mask_recipient(r["recipient"])} for r in rows]


def purge_contacts(tx, cutoff: float) -> int:
    """Phone numbers and emails past the NIK retention: a lobby ticket's contacts are deleted, a
    finished message keeps only the masked recipient (the admin's list still reads "6281****789"),
    an inbound WhatsApp message loses its sender and text. Opt-outs stay: honouring them needs
    the number. Returns how many rows were cleared."""
    from server.storage.schema import inbound_messages, ticket_contacts, tickets

    conn = tx.conn
    done = conn.execute(ticket_contacts.delete().where(ticket_contacts.c.ticket_id.in_(
        sa.select(tickets.c.id).where(tickets.c.issued_at < cutoff)))).rowcount
    old = conn.execute(sa.select(outbox.c.id, outbox.c.recipient).where(
        outbox.c.created_at < cutoff, outbox.c.status.not_in(DUE_STATUSES),
        ~outbox.c.recipient.contains("*"))).all()
    for row in old:
        conn.execute(outbox.update().where(outbox.c.id == row.id)
                     .values(recipient=notify.mask_recipient(row.recipient)))
    done += len(old)
    done += conn.execute(inbound_messages.update().where(inbound_messages.c.at < cutoff,
                                                         inbound_messages.c.sender.is_not(None))
                         .values(sender=None, text="")).rowcount
    return done
