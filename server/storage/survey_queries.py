"""The SKM survey's reads and its one write: a response, the survey's state, the SKM report.

Reports read ``survey_responses`` alone (service and office day were copied into each
response from its ticket), so no report ever joins to a NIK.
"""

from __future__ import annotations

from typing import Optional

import sqlalchemy as sa

from common import vocabulary as vocab
from server.domain import skm
from server.domain.errors import DomainError
from server.storage.schema import counters, devices, services, survey_device_counters, survey_responses, tickets

QUESTIONS = [survey_responses.c[f"q{i}"] for i in range(1, skm.ELEMENTS + 1)]


def ticket_for_survey(conn: sa.Connection, *, token: Optional[str] = None, ticket_id: Optional[int] = None,
                      number: Optional[str] = None, day: Optional[str] = None):
    """The ticket (with its origin service's code and names) by token, id, or today's number."""
    q = (sa.select(tickets.c.id, tickets.c.number, tickets.c.status, tickets.c.office_day, tickets.c.counter_id,
                   tickets.c.origin_service_id, services.c.code.label("service_code"),
                   services.c.name_id.label("service_name"), services.c.name_en.label("service_name_en"))
         .join(services, services.c.id == tickets.c.origin_service_id))
    if token is not None:
        q = q.where(tickets.c.token == token)
    elif ticket_id is not None:
        q = q.where(tickets.c.id == ticket_id)
    else:
        q = q.where(tickets.c.number == number, tickets.c.office_day == day)
    return conn.execute(q).first()


def answered(conn: sa.Connection, ticket_id: int) -> bool:
    return conn.execute(sa.select(survey_responses.c.id)
                        .where(survey_responses.c.ticket_id == ticket_id)).first() is not None


def state_of(conn: sa.Connection, t) -> str:
    """"answered", "available" (finished, not yet answered) or "not_available"."""
    if answered(conn, t.id):
        return "answered"
    return "available" if t.status == "done" else "not_available"


class _DialectInsert(dict):
    """SQLite's or PostgreSQL's own INSERT (both say ON CONFLICT DO NOTHING), imported when
    first used: a dialect's module is megabytes an office on the other engine never needs."""

    def __missing__(self, name: str):
        import importlib

        self[name] = importlib.import_module(f"sqlalchemy.dialects.{name}").insert
        return self[name]


_INSERT = _DialectInsert()


def insert_response(conn: sa.Connection, t, now: float, channel: str, answers: list[int],
                    profile: dict, suggestion: str) -> bool:
    """One response for the ticket; False when one exists already (the UNIQUE ticket_id
    decides a race between two taps or two devices: exactly one row is kept)."""
    values = dict(ticket_id=t.id, service_id=t.origin_service_id, office_day=t.office_day, at=now,
                  channel=channel, suggestion=suggestion, sex=profile.get("sex"), age=profile.get("age"),
                  education=profile.get("education"), occupation=profile.get("occupation"),
                  **{f"q{i + 1}": a for i, a in enumerate(answers)})
    stmt = (_INSERT[conn.dialect.name](survey_responses).values(**values)
            .on_conflict_do_nothing(index_elements=["ticket_id"]).returning(survey_responses.c.id))
    return conn.execute(stmt).first() is not None  # (a row count is not reliable with RETURNING)


def device_counters(conn: sa.Connection, device_id: int) -> list[int]:
    return list(conn.execute(sa.select(survey_device_counters.c.counter_id)
                             .where(survey_device_counters.c.device_id == device_id)
                             .order_by(survey_device_counters.c.counter_id)).scalars())


def device_kind(conn: sa.Connection, device_id: int) -> Optional[str]:
    return conn.execute(sa.select(devices.c.kind).where(devices.c.id == device_id)).scalar()


def existing_counters(conn: sa.Connection, ids: list[int]) -> set[int]:
    return set(conn.execute(sa.select(counters.c.id).where(counters.c.id.in_(ids))).scalars()) if ids else set()


def set_device_counters(conn: sa.Connection, device_id: int, ids: list[int]) -> None:
    conn.execute(survey_device_counters.delete().where(survey_device_counters.c.device_id == device_id))
    if ids:
        conn.execute(survey_device_counters.insert(), [{"device_id": device_id, "counter_id": i} for i in ids])


def _service(conn: sa.Connection, code: str):
    row = conn.execute(sa.select(services.c.id, services.c.code).where(services.c.code == code)).first()
    if row is None:
        raise DomainError("unknown_service")
    return row


def population(conn: sa.Connection, date_from: str, date_to: str, service_id: Optional[int] = None) -> int:
    """Citizens served (tickets done) in the period, for the service they came for if given."""
    q = sa.select(sa.func.count()).where(tickets.c.office_day.between(date_from, date_to), tickets.c.status == "done")
    if service_id is not None:
        q = q.where(tickets.c.origin_service_id == service_id)
    return conn.execute(q).scalar_one()


def _count(values) -> dict:
    out: dict = {}
    for v in values:
        if v is not None:
            out[v] = out.get(v, 0) + 1
    return out


def skm_report(conn: sa.Connection, date_from: str, date_to: str, service: Optional[str] = None) -> dict:
    """The SKM of the period (office days, both inclusive), for one service's code if given.

    Shape agreed with the reports (PDF, Laporan page, dashboard): respondents, nrr (nine),
    index, score, grade, grade_label, population, sample_target, elements, priorities,
    profile, suggestions (masked), per_service."""
    service_row = _service(conn, service) if service else None
    q = (sa.select(*QUESTIONS, survey_responses.c.sex, survey_responses.c.age, survey_responses.c.education,
                   survey_responses.c.occupation, survey_responses.c.suggestion, survey_responses.c.office_day,
                   services.c.code)
         .join(services, services.c.id == survey_responses.c.service_id)
         .where(survey_responses.c.office_day.between(date_from, date_to))
         .order_by(survey_responses.c.office_day, survey_responses.c.at))
    if service_row is not None:
        q = q.where(survey_responses.c.service_id == service_row.id)
    rows = conn.execute(q).all()
    answers = [tuple(r[:skm.ELEMENTS]) for r in rows]
    figures = skm.summarize(answers)
    served = population(conn, date_from, date_to, service_row.id if service_row else None)
    per_service = []
    for code in sorted({r.code for r in rows}):
        part = skm.summarize([a for a, r in zip(answers, rows) if r.code == code])
        per_service.append({"code": code, "respondents": part["respondents"], "index": part["index"],
                            "score": part["score"], "grade": part["grade"]})
    return {
        "from": date_from, "to": date_to, "service": service,
        **figures,
        "population": served,
        "sample_target": skm.sample_size(served),
        "elements": [{"code": e["code"], "name": e["name"][0], "name_en": e["name"][1], "nrr": v}
                     for e, v in zip(vocab.SKM_ELEMENTS, figures["nrr"])],
        "profile": {
            "sex": _count(r.sex for r in rows),
            "education": _count(r.education for r in rows),
            "occupation": _count(r.occupation for r in rows),
            "age": _count(skm.age_group(r.age) for r in rows),
        },
        "suggestions": [{"day": r.office_day, "service": r.code, "text": skm.mask_contacts(r.suggestion.strip())}
                        for r in rows if r.suggestion and r.suggestion.strip()],
        "per_service": per_service,
    }
