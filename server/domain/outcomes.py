"""How a visit ended: the office's list of outcomes, and finishing a ticket with one.

The list is the office's own (letter issued; referred to Disdik, Dinkes, BPJS,
Disdukcapil, the desa/kelurahan or the school; documents incomplete; ...), kept
by the supervisor or the admin: an outcome in use is deactivated, never deleted,
so last month's reports still name it. An outcome with ``referral_to`` lets the
clerk print a referral slip (the Pariaman flow ends with one).

Finishing with an outcome is the ``done`` action plus one row in
``ticket_outcomes``, in one transaction: the event the lobby sees is the usual
``ticket.done``. A note a clerk types is kept with any NIK in it masked.
"""

from __future__ import annotations

import re
from typing import Optional
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from server.domain import desk
from server.domain.accounts import Staff
from server.domain.errors import DomainError
from server.domain.fields import FieldProblems, boolean, integer, name, text
from server.domain.privacy import mask_niks
from server.storage.db import Tx
from server.storage.schema import outcomes, ticket_outcomes, tickets

_CODE = re.compile(r"^[a-z0-9_]{2,40}$")
MAX_NOTE = 300


def outcome_view(row) -> dict:
    return {"id": row.id, "code": row.code, "label": row.label_id, "label_en": row.label_en,
            "referral_to": row.referral_to, "position": row.position, "active": row.active}


def list_outcomes(conn: sa.Connection, *, active_only: bool = False) -> list[dict]:
    q = sa.select(outcomes).order_by(outcomes.c.position, outcomes.c.id)
    if active_only:
        q = q.where(outcomes.c.active.is_(True))
    return [outcome_view(r) for r in conn.execute(q)]


def code_from_label(label: str) -> str:
    """A stable code for a new outcome, from its Indonesian label ("Dirujuk ke Dinsos" -> "dirujuk_ke_dinsos")."""
    return re.sub(r"[^a-z0-9]+", "_", label.casefold()).strip("_")[:40] or "hasil"


def save_outcome(tx: Tx, outcome_id: Optional[int], data: dict, actor: str) -> int:
    """Create or change one outcome; every problem is reported at once, per field."""
    conn = tx.conn
    current = None
    if outcome_id is not None:
        current = conn.execute(sa.select(outcomes).where(outcomes.c.id == outcome_id)).first()
        if current is None:
            raise DomainError("unknown_outcome")
    merged = {**(outcome_view(current) if current else {}), **data}
    if current is not None:
        merged["label_id"] = data.get("label_id", current.label_id)
    p = FieldProblems()
    label_id = name(p, merged, "label_id", required=True, max_len=120)
    label_en = name(p, merged, "label_en", max_len=120) or label_id
    referral_to = name(p, merged, "referral_to", max_len=120) or None
    code = current.code if current is not None else (text(p, merged, "code", max_len=40)
                                                      or code_from_label(label_id or ""))
    if current is None and code and not _CODE.match(code):
        p.add("code", "Kode hanya huruf kecil, angka dan garis bawah (2-40).",
              "The code is lower-case letters, digits and underscores (2-40).")
    if current is None and code and conn.execute(sa.select(outcomes.c.id).where(outcomes.c.code == code)).first():
        p.add("label_id", "Hasil layanan dengan nama ini sudah ada.", "An outcome with this name exists already.")
    values = {"label_id": label_id, "label_en": label_en, "referral_to": referral_to,
              "active": boolean(p, merged, "active", default=True)}
    position = integer(p, merged, "position", low=0, high=1000)
    p.raise_if_any()
    if position is not None:
        values["position"] = position
    if current is None:
        if "position" not in values:
            values["position"] = (conn.execute(sa.select(sa.func.max(outcomes.c.position))).scalar() or 0) + 1
        outcome_id = conn.execute(outcomes.insert().values(code=code, **values)).inserted_primary_key[0]
    else:
        conn.execute(outcomes.update().where(outcomes.c.id == outcome_id).values(**values))
    tx.emit("office.changed", {"what": "outcomes"}, actor=actor)
    tx.audit(actor, "outcomes.changed", detail={"code": code, **values})
    return outcome_id


def finish(tx: Tx, ticket_id: int, outcome_code: Optional[str], note: Optional[str], by: Staff, zone: ZoneInfo,
           counter_id: Optional[int] = None) -> dict:
    """Finish the citizen at the counter with an outcome of the office's list; returns the outcome."""
    if not outcome_code:
        raise DomainError("outcome_required")
    row = tx.conn.execute(sa.select(outcomes).where(outcomes.c.code == outcome_code,
                                                    outcomes.c.active.is_(True))).first()
    if row is None:
        raise DomainError("unknown_outcome")
    kept = mask_niks(" ".join((note or "").split())[:MAX_NOTE])
    desk.act(tx, ticket_id, "done", by, zone, counter_id=counter_id)   # checks the transition and the holder
    tx.conn.execute(ticket_outcomes.insert().values(ticket_id=ticket_id, outcome_id=row.id, note=kept,
                                                    actor=by.actor, at=tx.now))
    tx.audit(by.actor, "ticket.outcome", ticket_id, {"outcome": row.code, "note": kept})
    return {**outcome_view(row), "note": kept}


def day_summary(conn: sa.Connection, day: str) -> list[dict]:
    """How the day's visits ended, per outcome (for the head of office's report)."""
    rows = conn.execute(
        sa.select(outcomes.c.code, outcomes.c.label_id, outcomes.c.referral_to, sa.func.count())
        .select_from(ticket_outcomes.join(outcomes, outcomes.c.id == ticket_outcomes.c.outcome_id)
                     .join(tickets, tickets.c.id == ticket_outcomes.c.ticket_id))
        .where(tickets.c.office_day == day)
        .group_by(outcomes.c.id).order_by(outcomes.c.position))
    return [{"code": c, "label": label, "referral_to": ref, "count": n} for c, label, ref, n in rows]
