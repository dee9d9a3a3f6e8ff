"""Answering the SKM questionnaire for a finished visit (phone or survey tablet).

One response per ticket, whichever device sends it first: the citizen may open the
questionnaire on the phone and on the tablet at once, or tap Send twice. The answer's
service and office day are copied from the ticket, so reports never read the ticket
(and so never come near its NIK). A suggestion is stored with NIK-like and phone-like
numbers already masked: nobody needs them there, and then no export can leak them.
"""

from __future__ import annotations

from typing import Optional

from common import vocabulary as vocab
from server.domain import skm
from server.domain.errors import DomainError
from server.storage import survey_queries as survey
from server.storage.tx import Tx

MAX_SUGGESTION = 1000
AGE_RANGE = (10, 120)


def _field_error(field: str, message: str, message_en: str) -> DomainError:
    return DomainError("invalid_field", errors=[{"field": field, "message": message, "message_en": message_en}])


def check_profile(profile: Optional[dict]) -> dict:
    """The respondent's profile with unknown items refused by name; every item optional."""
    profile = {k: v for k, v in (profile or {}).items() if v not in (None, "")}
    tables = {"sex": vocab.SEXES, "education": vocab.EDUCATION_LEVELS, "occupation": vocab.OCCUPATIONS}
    for name, table in tables.items():
        if name in profile and profile[name] not in table:
            raise _field_error(name, f"Pilihan tidak dikenal: {', '.join(table)}.",
                               f"Unknown choice; one of {', '.join(table)}.")
    age = profile.get("age")
    if age is not None and (type(age) is not int or not AGE_RANGE[0] <= age <= AGE_RANGE[1]):
        raise _field_error("age", f"Umur diisi angka {AGE_RANGE[0]}-{AGE_RANGE[1]} tahun.",
                           f"Age must be a number from {AGE_RANGE[0]} to {AGE_RANGE[1]}.")
    return profile


def answer(tx: Tx, t, channel: str, answers: list, profile: Optional[dict], suggestion: str,
           actor: str) -> dict:
    """Keep the response for ticket ``t`` (a ``survey_queries.ticket_for_survey`` row).

    Refusals: ``survey_not_available`` (the visit is not finished), ``survey_already_answered``
    (a response exists, from this device or another), ``invalid_field``."""
    if channel not in vocab.SURVEY_CHANNELS:
        raise ValueError(channel)
    if not skm.valid_answers(answers):
        raise _field_error("answers", "Jawab kesembilan pertanyaan, masing-masing 1 sampai 4.",
                           "Answer all nine questions, each from 1 to 4.")
    profile = check_profile(profile)
    text = skm.mask_contacts((suggestion or "").strip())[:MAX_SUGGESTION]
    if survey.answered(tx.conn, t.id):
        raise DomainError("survey_already_answered")
    if t.status != "done":
        raise DomainError("survey_not_available")
    if not survey.insert_response(tx.conn, t, tx.now, channel, list(answers), profile, text):
        raise DomainError("survey_already_answered")
    tx.audit(actor, "survey.answered", t.id, {"channel": channel})
    # Public and without content: a tablet offering this ticket stops offering it.
    tx.emit("survey.answered", {"ticket": {"id": t.id, "number": t.number, "service": t.service_code}},
            ticket_id=t.id, counter_id=t.counter_id, actor=actor)
    return {"state": "answered", "number": t.number, "service": t.service_code}


def link_counters(tx: Tx, device_id: int, counter_ids: list[int], actor: str) -> list[int]:
    """The counters a survey tablet serves: it offers the questionnaire for the tickets
    finished there. Only a survey device has them; unknown counters are refused by id."""
    kind = survey.device_kind(tx.conn, device_id)
    if kind is None:
        raise DomainError("unknown_device")
    wanted = sorted(set(counter_ids))
    if wanted and kind != "survey":
        raise _field_error("counters", "Hanya tablet survei yang dihubungkan ke loket.",
                           "Only a survey tablet is linked to counters.")
    missing = sorted(set(wanted) - survey.existing_counters(tx.conn, wanted))
    if missing:
        raise _field_error("counters", f"Loket tidak ditemukan: {', '.join(map(str, missing))}.",
                           f"Counter not found: {', '.join(map(str, missing))}.")
    survey.set_device_counters(tx.conn, device_id, wanted)
    tx.audit(actor, "device.survey_counters", detail={"device": device_id, "counters": wanted})
    return wanted
