"""Reads for the online application: the public status, the inbox, one application in full, the report figure.

The public status (``public_status``) is reached by the unguessable code alone, so it
carries no personal data: service, dates, status, the SIKS-NG result in words once
answered, the office's reply, and the letter's verification code once approved.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Optional
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from server.domain import online_rules as rules
from server.storage.schema import application_files, applications, letters, outbox, services


def online_service(conn: sa.Connection, code: str):
    return conn.execute(sa.select(services.c.id, services.c.code, services.c.online)
                        .where(services.c.code == str(code or "").upper()[:1])).first()


def online_services(conn: sa.Connection) -> list[dict]:
    """The services the public form offers, in the office's order."""
    rows = conn.execute(sa.select(services.c.code, services.c.name_id, services.c.name_en,
                                  services.c.requirements_id, services.c.requirements_en)
                        .where(services.c.online.is_(True)).order_by(services.c.position, services.c.code))
    return [{"code": r.code, "name": r.name_id, "name_en": r.name_en, "requirements": r.requirements_id,
             "requirements_en": r.requirements_en} for r in rows]


def open_application(conn: sa.Connection, nik: str, service_id: int):
    return conn.execute(sa.select(applications.c.code, applications.c.deadline, applications.c.phone,
                                  applications.c.email, applications.c.language)
                        .where(applications.c.nik == nik, applications.c.service_id == service_id,
                               applications.c.status != rules.CLOSED)).first()


def applications_by_nik_since(conn: sa.Connection, nik: str, since: float) -> int:
    return conn.execute(sa.select(sa.func.count()).select_from(applications)
                        .where(applications.c.nik == nik, applications.c.received_at >= since)).scalar()


def by_code(conn: sa.Connection, code: str):
    return conn.execute(sa.select(applications.c.id, applications.c.status, applications.c.nik)
                        .where(applications.c.code == code)).first()


def status_url(conn: sa.Connection, application_id: int, code: str) -> str:
    """The status link the citizen was first sent (the server's public address at the time)."""
    params = conn.execute(sa.select(outbox.c.params).where(outbox.c.application_id == application_id)
                          .order_by(outbox.c.id).limit(1)).scalar()
    return (params or {}).get("status_url") or f"/a/{code}"


def _approved_letter(conn: sa.Connection, letter_id: Optional[int]):
    if letter_id is None:
        return None
    return conn.execute(sa.select(letters.c.id, letters.c.status, letters.c.verify_code, letters.c.number)
                        .where(letters.c.id == letter_id)).first()


def letter_summary(conn: sa.Connection, letter_id: int) -> Optional[dict]:
    row = _approved_letter(conn, letter_id)
    return None if row is None else {"id": row.id, "status": row.status, "verify_code": row.verify_code,
                                     "number": row.number}


def public_status(conn: sa.Connection, code: str, today: str) -> Optional[dict]:
    """What anyone holding the code may read: no NIK, no name, no address, no contact."""
    row = conn.execute(sa.select(applications, services.c.name_id, services.c.name_en)
                       .join(services, services.c.id == applications.c.service_id)
                       .where(applications.c.code == code)).first()
    if row is None:
        return None
    letter = _approved_letter(conn, row.letter_id)
    answered = row.status in (rules.ANSWERED, rules.CLOSED)
    return {"code": row.code, "service": row.name_id, "service_en": row.name_en, "status": row.status,
            "received_on": row.office_day, "deadline": row.deadline,
            "deadline_words": rules.deadline_words(datetime.fromisoformat(row.deadline).date(), "id"),
            "deadline_words_en": rules.deadline_words(datetime.fromisoformat(row.deadline).date(), "en"),
            "overdue": rules.is_overdue(row.status, row.deadline, today),
            "siks_result": row.siks_result if answered else None,
            "reply": _without(row.reply, row.name) if answered else "",
            "letter": ({"status": letter.status, "verify_code": letter.verify_code}
                       if letter is not None and letter.status in ("approved", "revoked") else
                       {"status": "draft", "verify_code": None} if letter is not None else None)}


def _without(text: str, name: str | None) -> str:
    """The reply as the public may read it: a name the clerk typed into it is blanked."""
    if name and len(name) > 2:
        return re.sub(re.escape(name), "***", text, flags=re.IGNORECASE)
    return text


def inbox(conn: sa.Connection, today: str, include_closed: bool = False) -> list[dict]:
    """Open applications by deadline (overdue first, as they sort earliest), then the recently closed."""
    q = (sa.select(applications.c.id, applications.c.code, applications.c.name, applications.c.status,
                   applications.c.office_day, applications.c.deadline, applications.c.siks_result,
                   applications.c.letter_id, applications.c.received_at, services.c.code.label("service"),
                   services.c.name_id, services.c.name_en)
         .join(services, services.c.id == applications.c.service_id))
    if not include_closed:
        q = q.where(applications.c.status != rules.CLOSED)
    rows = conn.execute(q.order_by(applications.c.deadline, applications.c.received_at).limit(500)).all()
    files = _file_counts(conn, [r.id for r in rows])
    return [{"id": r.id, "code": r.code, "name": r.name or "", "status": r.status, "received_on": r.office_day,
             "deadline": r.deadline, "overdue": rules.is_overdue(r.status, r.deadline, today),
             "siks_result": r.siks_result, "service": r.service, "service_name": r.name_id,
             "service_name_en": r.name_en, "letter_id": r.letter_id, "files": files.get(r.id, 0)} for r in rows]


def _file_counts(conn: sa.Connection, ids: list[int]) -> dict[int, int]:
    if not ids:
        return {}
    rows = conn.execute(sa.select(application_files.c.application_id, sa.func.count())
                        .where(application_files.c.application_id.in_(ids), application_files.c.path.is_not(None))
                        .group_by(application_files.c.application_id))
    return dict(rows.all())


def full_view(conn: sa.Connection, row, today: str) -> dict:
    """Everything the clerk needs, the full NIK included (the caller audits the look)."""
    svc = conn.execute(sa.select(services.c.code, services.c.name_id, services.c.name_en)
                       .where(services.c.id == row.service_id)).first()
    files = conn.execute(sa.select(application_files.c.id, application_files.c.kind,
                                   application_files.c.content_type, application_files.c.size)
                         .where(application_files.c.application_id == row.id,
                                application_files.c.path.is_not(None))
                         .order_by(application_files.c.id)).all()
    return {"id": row.id, "code": row.code, "service": svc.code, "service_name": svc.name_id,
            "service_name_en": svc.name_en, "channel": row.channel, "nik": row.nik, "name": row.name,
            "address": row.address, "phone": row.phone, "email": row.email, "need": row.need,
            "language": row.language, "status": row.status, "received_on": row.office_day,
            "deadline": row.deadline, "overdue": rules.is_overdue(row.status, row.deadline, today),
            "siks_result": row.siks_result, "checked_by": row.checked_by, "reply": row.reply,
            "answered_by": row.answered_by,
            "reply_draft": (rules.default_reply(row.siks_result, row.name or "", row.language)
                            if row.siks_result and not row.reply else ""),
            "letter": letter_summary(conn, row.letter_id) if row.letter_id else None,
            "files": [{"id": f.id, "kind": f.kind, "content_type": f.content_type, "size": f.size} for f in files]}


def file_row(conn: sa.Connection, application_id: int, file_id: int):
    return conn.execute(sa.select(application_files).where(application_files.c.id == file_id,
                                                           application_files.c.application_id == application_id)
                        ).first()


def summary(conn: sa.Connection, day_from: str, day_to: str, zone: ZoneInfo) -> dict:
    """The report figure: applications received in the period and the share answered within one working day."""
    rows = conn.execute(sa.select(applications.c.deadline, applications.c.answered_at)
                        .where(applications.c.office_day >= day_from, applications.c.office_day <= day_to)).all()
    answered = [r for r in rows if r.answered_at is not None]
    within = sum(1 for r in answered
                 if rules.answered_within(datetime.fromtimestamp(r.answered_at, zone).date().isoformat(), r.deadline))
    return {"received": len(rows), "answered": len(answered), "answered_within_deadline": within,
            "answered_within_deadline_pct": round(100 * within / len(rows), 1) if rows else None}
