"""The complaint register's rules (UU 25/2009 Pasal 36-42, 50), as plain Python with no I/O.

A case's status only moves forward: diterima -> diverifikasi -> ditindaklanjuti
-> selesai. A case is verified once someone wrote down what was checked, and
closed once the office has answered: those texts are what the head of office
and an inspector read later, so a step without them is refused.

Confidentiality (Pasal 42 ayat 2: the complainant's identity may be kept secret)
means the name and contact reach only the office's complaint officers; anyone
else, a supervisor included, sees "Dirahasiakan". Who may read the register at
all: complaint officers and supervisors/admins; any staff member may record one.

The response deadline is counted in working days from the day the complaint was
received. UU 25/2009 Pasal 50 ayat 1 gives the office fourteen days to answer a
written complaint; ``DEFAULT_RESPONSE_DAYS`` (ten working days, two working
weeks) keeps inside those fourteen days in an ordinary fortnight, and the office
sets its own on /admin (``complaint_response_days``).
"""

from __future__ import annotations

import re
from datetime import date
from typing import AbstractSet, Optional

from common import vocabulary as vocab
from server.domain.errors import DomainError
from server.domain.fields import FieldProblems, text
from server.domain.working_days import add_working_days

STATUSES: tuple[str, ...] = tuple(vocab.COMPLAINT_STATUSES)
CLOSED = "selesai"
HIDDEN = ("Dirahasiakan", "Confidential")
DEFAULT_RESPONSE_DAYS = 10
RESPONSE_DAYS_RANGE = (1, 60)
MAX_DESCRIPTION = 4000
MAX_TEXT = 4000

# -- the case code: "PGD-2026-0007", numbered per year; formatted and parsed side by side --------
_CODE = re.compile(r"^PGD-(\d{4})-(\d{4,})$")


def format_code(year: int, n: int) -> str:
    return f"PGD-{year:04d}-{n:04d}"


def parse_code(code: str) -> Optional[tuple[int, int]]:
    """(year, number) of a case code, or None."""
    m = _CODE.match(code or "")
    return (int(m.group(1)), int(m.group(2))) if m else None


# -- deadline and lateness ---------------------------------------------------------------------

def deadline(received: date, response_days: int, holidays: AbstractSet[date]) -> date:
    """The last day to answer: ``response_days`` working days after the day it was received."""
    return add_working_days(received, response_days, holidays)


def is_overdue(status: str, deadline_day: str, today: str) -> bool:
    """Open past its deadline (an answered and closed case is never overdue)."""
    return status != CLOSED and deadline_day < today


# -- who sees what -------------------------------------------------------------------------------

def may_read_register(is_officer: bool, role_at_least_supervisor: bool) -> bool:
    return is_officer or role_at_least_supervisor


def may_see_identity(confidential: bool, is_officer: bool) -> bool:
    return not confidential or is_officer


# -- recording and changing a case ---------------------------------------------------------------

def checked_new(data: dict) -> dict:
    """What a clerk records, checked field by field (all problems at once)."""
    p = FieldProblems()
    channel = data.get("channel")
    if channel not in vocab.COMPLAINT_CHANNELS:
        p.add("channel", "Pilih saluran pengaduan.", "Choose the channel.")
    category = data.get("category")
    if category not in vocab.COMPLAINT_CATEGORIES:
        p.add("category", "Pilih kategori pengaduan.", "Choose the category.")
    description = text(p, data, "description", required=True, max_len=MAX_DESCRIPTION)
    name = text(p, data, "complainant_name", max_len=120) or ""
    contact = text(p, data, "complainant_contact", max_len=200) or ""
    confidential = data.get("confidential", False)
    if not isinstance(confidential, bool):
        p.add("confidential", "Harus ya atau tidak.", "Must be yes or no.")
    p.raise_if_any()
    return {"channel": channel, "category": category, "description": description,
            "complainant_name": name, "complainant_contact": contact, "confidential": bool(confidential)}


def next_status(current: str, target: str, *, verification: str, response: str) -> str:
    """``target`` when the move is forward and what it needs is written; else a coded refusal."""
    if target not in STATUSES:
        raise DomainError("invalid_field", errors=[{"field": "status", "message": "Status tidak dikenal.",
                                                    "message_en": "Unknown status."}])
    if STATUSES.index(target) <= STATUSES.index(current):
        raise DomainError("complaint_status_backwards", current=current, target=target)
    missing = []
    if STATUSES.index(target) >= STATUSES.index("diverifikasi") and not verification.strip():
        missing.append({"field": "verification", "message": "Tuliskan hasil verifikasi lebih dulu.",
                        "message_en": "Write down the verification first."})
    if target == CLOSED and not response.strip():
        missing.append({"field": "response", "message": "Tuliskan tanggapan kepada pengadu lebih dulu.",
                        "message_en": "Write the answer to the complainant first."})
    if missing:
        raise DomainError("complaint_incomplete", errors=missing)
    return target


def summary_counts(rows, today: str) -> dict:
    """The monthly summary from (channel, category, status, deadline, closed_day) rows.

    ``closed_within_deadline`` counts closed cases whose closing day is on or
    before their deadline; ``overdue_open`` counts open cases past it on ``today``.
    """
    out = {"received": 0, "by_channel": {c: 0 for c in vocab.COMPLAINT_CHANNELS},
           "by_category": {c: 0 for c in vocab.COMPLAINT_CATEGORIES},
           "by_status": {s: 0 for s in STATUSES}, "closed": 0, "closed_within_deadline": 0, "overdue_open": 0}
    for channel, category, status, deadline_day, closed_day in rows:
        out["received"] += 1
        out["by_channel"][channel] = out["by_channel"].get(channel, 0) + 1
        out["by_category"][category] = out["by_category"].get(category, 0) + 1
        out["by_status"][status] = out["by_status"].get(status, 0) + 1
        if status == CLOSED:
            out["closed"] += 1
            if closed_day is not None and closed_day <= deadline_day:
                out["closed_within_deadline"] += 1
        elif is_overdue(status, deadline_day, today):
            out["overdue_open"] += 1
    return out
