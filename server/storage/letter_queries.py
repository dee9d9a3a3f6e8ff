"""The letters table and what the letter rules read: the office's template, its profile, signers, the yearly counter.

Shaping a letter for a reader goes through ``letter_dict`` (masked NIK only) and
``letter_dict(row, full=True)`` (the full NIK, for the audited look), so the rule
that the public and the register see a masked NIK lives in one place.
"""

from __future__ import annotations

from typing import Optional

import sqlalchemy as sa

from server.storage.schema import letters, office_settings, sequences, tickets, users

TEMPLATE_KEY = "letter_template"


def saved_template(conn: sa.Connection) -> Optional[dict]:
    value = conn.execute(sa.select(office_settings.c.value).where(office_settings.c.key == TEMPLATE_KEY)).scalar()
    return value if isinstance(value, dict) else None


def save_template(conn: sa.Connection, template: dict) -> None:
    if conn.execute(sa.select(office_settings.c.key).where(office_settings.c.key == TEMPLATE_KEY)).first():
        conn.execute(office_settings.update().where(office_settings.c.key == TEMPLATE_KEY).values(value=template))
    else:
        conn.execute(office_settings.insert().values(key=TEMPLATE_KEY, value=template))


def profile(conn: sa.Connection) -> dict:
    return {k: v for k, v in conn.execute(sa.select(office_settings.c.key, office_settings.c.value))
            if k != TEMPLATE_KEY}


def is_signer(conn: sa.Connection, user_id: int) -> bool:
    """Read fresh each time (not from the session cache): a withdrawn signer stops approving at once."""
    return bool(conn.execute(sa.select(users.c.letter_signer)
                             .where(users.c.id == user_id, users.c.active.is_(True))).scalar())


def ticket_nik(conn: sa.Connection, ticket_id: int):
    """The ticket's (id, NIK) or None if there is no such ticket; the NIK is None after the purge."""
    return conn.execute(sa.select(tickets.c.id, tickets.c.nik).where(tickets.c.id == ticket_id)).first()


def next_seq(conn: sa.Connection, year: int) -> int:
    """The year's next letter number, counted in the caller's transaction (rolled back with it)."""
    name = f"letter:{year}"
    value = conn.execute(sa.select(sequences.c.value).where(sequences.c.name == name)).scalar()
    if value is None:
        conn.execute(sequences.insert().values(name=name, value=1))
        return 1
    conn.execute(sequences.update().where(sequences.c.name == name).values(value=value + 1))
    return value + 1


def insert_draft(conn: sa.Connection, fields: dict, *, content: dict, code: str, by: str, now: float,
                 ticket_id=None, application_id=None) -> tuple[int, str]:
    letter_id = conn.execute(letters.insert().values(
        verify_code=code, ticket_id=ticket_id, application_id=application_id, status="draft", content=content,
        drafted_by=by, drafted_at=now, **fields)).inserted_primary_key[0]
    return letter_id, code


def row(conn: sa.Connection, letter_id: int):
    return conn.execute(sa.select(letters).where(letters.c.id == letter_id)).first()


def row_by_code(conn: sa.Connection, code: str):
    return conn.execute(sa.select(letters).where(letters.c.verify_code == code)).first()


def mark_approved(conn: sa.Connection, letter_id: int, *, number: str, year: int, seq: int, content: dict,
                  by: str, now: float, issued_on: str) -> None:
    conn.execute(letters.update().where(letters.c.id == letter_id).values(
        status="approved", number=number, year=year, seq=seq, content=content, approved_by=by, approved_at=now,
        issued_on=issued_on))


def mark_revoked(conn: sa.Connection, letter_id: int, *, reason: str, by: str, now: float) -> None:
    conn.execute(letters.update().where(letters.c.id == letter_id).values(
        status="revoked", revoke_reason=reason, revoked_by=by, revoked_at=now))


def delete(conn: sa.Connection, letter_id: int) -> None:
    conn.execute(letters.delete().where(letters.c.id == letter_id))


def purge_niks(tx, cutoff: float) -> int:
    """The retention purge: letters drafted before ``cutoff`` lose the full NIK. The masked one stays, so the
    public page still verifies the letter; the holder's copy is then given at the office."""
    done = tx.conn.execute(letters.update().where(letters.c.drafted_at < cutoff, letters.c.holder_nik.is_not(None))
                           .values(holder_nik=None)).rowcount
    if done:
        tx.audit("system", "letter.nik_purged", detail={"count": done})
    return done


def letter_dict(r, *, full: bool = False) -> dict:
    """A letter as staff see it: the masked NIK; ``full`` adds the NIK and address (audited look)."""
    out = {"id": r.id, "status": r.status, "number": r.number, "year": r.year, "seq": r.seq,
           "verify_code": r.verify_code, "ticket_id": r.ticket_id, "application_id": r.application_id,
           "holder_name": r.holder_name, "nik_masked": r.nik_masked, "result": r.result,
           "checked_on": r.checked_on, "drafted_by": r.drafted_by, "drafted_at": r.drafted_at,
           "approved_by": r.approved_by, "approved_at": r.approved_at, "issued_on": r.issued_on,
           "revoked_by": r.revoked_by, "revoked_at": r.revoked_at, "revoke_reason": r.revoke_reason}
    if full:
        out.update(nik=r.holder_nik, address=r.holder_address)
    return out


def listing(conn: sa.Connection, *, status: Optional[str] = None, drafted_by: Optional[str] = None,
            limit: int = 500) -> list[dict]:
    """Drafts first (oldest first: they wait for approval), then letters by number, latest first."""
    q = sa.select(letters)
    if status:
        q = q.where(letters.c.status == status)
    if drafted_by:
        q = q.where(letters.c.drafted_by == drafted_by)
    q = q.order_by((letters.c.status != "draft").asc(), letters.c.year.desc(), letters.c.seq.desc(),
                   letters.c.drafted_at.asc()).limit(limit)
    return [letter_dict(r) for r in conn.execute(q)]
