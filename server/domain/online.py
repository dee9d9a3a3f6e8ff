"""The online application's use cases: submit, check, reply, letter, close, and a letter's approval.

Each runs inside one write job, so the change, its audit row and the citizen's
message (``notify.enqueue`` writes the outbox row in the same transaction) are
committed together or not at all. Rules (what is valid, the deadline, the reply's
words) are in ``server.domain.online_rules``; the look-ups in
``server.storage.online_queries``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Optional
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from common.nik import mask
from common.vocabulary import long_date
from server.domain import notify
from server.domain import online_rules as rules
from server.domain.accounts import Staff
from server.domain.day import current_day
from server.domain.errors import DomainError
from server.domain.fields import FieldProblems, text
from server.storage import online_queries as q
from server.storage.calendar import holiday_set
from server.storage.db import Tx
from server.storage.schema import application_files, applications


def submit(tx: Tx, fields: dict, service_code: str, zone: ZoneInfo, base_url: str,
           source_address: Optional[str] = None) -> tuple[str, dict]:
    """Record an application already checked by ``rules.checked_application``; ("new" | "existing", answer).

    One open application per NIK and service: the same person sending again with the same
    contacts (a retry after a lost answer) gets the first one's code back; anyone else is refused.
    """
    service = q.online_service(tx.conn, service_code)
    if service is None:
        raise DomainError("unknown_service")
    if not service.online:
        raise DomainError("not_online")
    prior = q.open_application(tx.conn, fields["nik"], service.id)
    if prior is not None:
        if (prior.phone, prior.email) == (fields["phone"], fields["email"]):
            return "existing", _receipt(prior.code, date.fromisoformat(prior.deadline), base_url, prior.language)
        raise DomainError("application_open")
    day = current_day(tx, zone)
    received = date.fromisoformat(day)
    due = rules.deadline(received, holiday_set(tx.conn, received.year, received.year + 1))
    code = rules.new_code()
    application_id = tx.conn.execute(applications.insert().values(
        code=code, service_id=service.id, channel="web", nik=fields["nik"], name=fields["name"],
        address=fields["address"], phone=fields["phone"], email=fields["email"], need=fields["need"],
        language=fields["language"], status=rules.RECEIVED, received_at=tx.now, office_day=day,
        deadline=due.isoformat(), consent_at=tx.now, source_address=source_address,
        updated_at=tx.now)).inserted_primary_key[0]
    answer = _receipt(code, due, base_url, fields["language"])
    notify.enqueue(tx, template="application_received",
                   # the template says "Jawaban paling lambat {deadline_words}": the date alone
                   params={"code": code, "status_url": answer["status_url"],
                           "deadline_words": long_date(due, fields["language"])},
                   email=fields["email"], phone=fields["phone"], language=fields["language"],
                   key=f"application:{application_id}:received", application_id=application_id)
    tx.audit("public", "application.received", detail={"code": code, "service": service.code,
                                                        "nik": mask(fields["nik"])})
    _emit(tx, application_id, code, rules.RECEIVED, "public")
    return "new", answer


def _receipt(code: str, due: date, base_url: str, language: str) -> dict:
    return {"code": code, "status_url": f"{base_url}/a/{code}", "deadline": due.isoformat(),
            "deadline_words": rules.deadline_words(due, language)}


def _emit(tx: Tx, application_id: int, code: str, status: str, actor: str) -> None:
    # Staff pages (the inbox) hear of it; the lobby's stream carries nothing.
    tx.emit("application.changed", {}, actor=actor, staff_data={"id": application_id, "code": code,
                                                                "status": status})


def _row(tx: Tx, application_id: int):
    row = tx.conn.execute(sa.select(applications).where(applications.c.id == application_id)).first()
    if row is None:
        raise DomainError("unknown_application")
    return row


def view_full(tx: Tx, application_id: int, user: Staff, today: str) -> dict:
    """One application with the full NIK, for the clerk who handles it; the look is audited."""
    row = _row(tx, application_id)
    tx.audit(user.actor, "application.viewed", detail={"code": row.code, "nik": mask(row.nik) if row.nik else None})
    return q.full_view(tx.conn, row, today)


def attach_file(tx: Tx, application_id: int, code: str, kind: str, saved: dict) -> tuple[int, list]:
    """Record a photo already written by ``uploads.UploadStore``; returns (its id, the rows it replaced,
    whose files the caller deletes once this is committed)."""
    old = tx.conn.execute(sa.select(application_files.c.id, application_files.c.path, application_files.c.size)
                          .where(application_files.c.application_id == application_id,
                                 application_files.c.kind == kind)).all()
    tx.conn.execute(application_files.delete().where(application_files.c.id.in_([o.id for o in old])))
    file_id = tx.conn.execute(application_files.insert().values(
        application_id=application_id, kind=kind, uploaded_at=tx.now, **saved)).inserted_primary_key[0]
    tx.audit("public", "application.file_uploaded", detail={"code": code, "kind": kind, "size": saved["size"]})
    return file_id, old


def look_at_file(tx: Tx, application_id: int, file_id: int, user: Staff):
    """A staff member looks at a photo of a KTP or KK: the look is audited like the NIK's."""
    row = q.file_row(tx.conn, application_id, file_id)
    if row is None or row.path is None:
        raise DomainError("not_found")
    code = tx.conn.execute(sa.select(applications.c.code).where(applications.c.id == application_id)).scalar()
    tx.audit(user.actor, "application.file_viewed", detail={"code": code, "kind": row.kind})
    return row


def check(tx: Tx, application_id: int, result: str, user: Staff) -> dict:
    """Record the SIKS-NG check's result; may be corrected until the application is answered."""
    row = _row(tx, application_id)
    if row.status not in (rules.RECEIVED, rules.CHECKED):
        raise DomainError("application_step", status=row.status)
    rules.default_reply(result, "")  # refuses an unknown result
    tx.conn.execute(applications.update().where(applications.c.id == application_id).values(
        siks_result=result, checked_at=tx.now, checked_by=user.actor, status=rules.CHECKED, updated_at=tx.now))
    tx.audit(user.actor, "application.checked", detail={"code": row.code, "result": result})
    _emit(tx, application_id, row.code, rules.CHECKED, user.actor)
    return {"id": application_id, "status": rules.CHECKED, "siks_result": result,
            "reply_draft": rules.default_reply(result, row.name or "", row.language)}


def reply(tx: Tx, application_id: int, data: dict, user: Staff, base_url: str) -> dict:
    """Send the office's answer (``reply`` text, else the result's template); the citizen gets a message."""
    row = _row(tx, application_id)
    if row.status != rules.CHECKED:
        raise DomainError("application_step", status=row.status)
    p = FieldProblems()
    words = text(p, data, "reply", max_len=rules.MAX_REPLY) or rules.default_reply(row.siks_result, row.name or "",
                                                                                   row.language)
    if rules.has_nik_run(words):
        p.add("reply", "Jawaban tidak boleh memuat NIK.", "The reply may not contain a NIK.")
    p.raise_if_any()
    tx.conn.execute(applications.update().where(applications.c.id == application_id).values(
        reply=words, answered_at=tx.now, answered_by=user.actor, status=rules.ANSWERED, updated_at=tx.now))
    notify.enqueue(tx, template="application_answered",
                   params={"code": row.code, "status_url": f"{base_url}/a/{row.code}",
                           "result_words": rules.result_words(row.siks_result, row.language), "reply": words},
                   email=row.email, phone=row.phone, language=row.language,
                   key=f"application:{application_id}:answered", application_id=application_id)
    tx.audit(user.actor, "application.answered", detail={"code": row.code, "result": row.siks_result})
    _emit(tx, application_id, row.code, rules.ANSWERED, user.actor)
    return {"id": application_id, "status": rules.ANSWERED, "reply": words}


def produce_letter(tx: Tx, application_id: int, user: Staff, zone: ZoneInfo) -> dict:
    """Draft the DTKS letter from the application (part L's ``letters.draft``); a kepala approves it later."""
    from server.domain import letters  # part L's module; imported late so the inbox runs before it lands

    row = _row(tx, application_id)
    if row.siks_result is None or row.status == rules.CLOSED:
        raise DomainError("application_step", status=row.status)
    if row.nik is None:
        raise DomainError("application_step", status="purged")
    if row.letter_id is not None:
        existing = q.letter_summary(tx.conn, row.letter_id)
        if existing and existing["status"] != "revoked":
            return existing
    checked_on = datetime.fromtimestamp(row.checked_at, zone).date()
    letter = letters.draft(tx, holder_name=row.name, nik=row.nik, address=row.address or "",
                           result=row.siks_result, checked_on=checked_on, by=user, application_id=application_id)
    tx.conn.execute(applications.update().where(applications.c.id == application_id)
                    .values(letter_id=letter["id"], updated_at=tx.now))
    tx.audit(user.actor, "application.letter_drafted", detail={"code": row.code, "letter_id": letter["id"]})
    return letter


def close(tx: Tx, application_id: int, user: Staff) -> dict:
    """Close an answered application (nothing more to do for the citizen)."""
    row = _row(tx, application_id)
    if row.status != rules.ANSWERED:
        raise DomainError("application_step", status=row.status)
    tx.conn.execute(applications.update().where(applications.c.id == application_id)
                    .values(status=rules.CLOSED, closed_at=tx.now, updated_at=tx.now))
    tx.audit(user.actor, "application.closed", detail={"code": row.code})
    _emit(tx, application_id, row.code, rules.CLOSED, user.actor)
    return {"id": application_id, "status": rules.CLOSED}


def letter_approved(tx: Tx, application_id: int, letter: dict) -> None:
    """Called by part L when a letter tied to an application is approved: the citizen hears it is ready.

    An application approved before it was answered counts as answered now (the letter is the answer).
    """
    row = tx.conn.execute(sa.select(applications).where(applications.c.id == application_id)).first()
    if row is None:
        return
    values: dict = {"letter_id": letter["id"], "updated_at": tx.now}
    if row.status in (rules.RECEIVED, rules.CHECKED):
        values.update(status=rules.ANSWERED, answered_at=tx.now, answered_by=letter.get("approved_by") or "system")
    tx.conn.execute(applications.update().where(applications.c.id == application_id).values(**values))
    notify.enqueue(tx, template="letter_ready",
                   params={"code": row.code, "status_url": q.status_url(tx.conn, application_id, row.code)},
                   email=row.email, phone=row.phone, language=row.language,
                   key=f"application:{application_id}:letter:{letter['id']}", application_id=application_id)
    _emit(tx, application_id, row.code, values.get("status", row.status), "system")
