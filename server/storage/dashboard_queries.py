"""The reads behind the head of office's screen that no other module makes.

The "now" part runs after every queue event (coalesced by the page), so each read here touches
only today's rows through an index, or the newest few events: never a period.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Iterable, Optional

import sqlalchemy as sa

from server.domain import skm
from server.domain.dashboard import DayFigures, Waiting
from server.storage.schema import complaints, events, services, survey_responses, tickets
from server.storage.survey_queries import population

_WAITING = (sa.select(tickets.c.number, services.c.code, tickets.c.issued_at, services.c.standard_minutes)
            .select_from(tickets.join(services, services.c.id == tickets.c.service_id))
            .where(tickets.c.office_day == sa.bindparam("day"), tickets.c.status == "waiting"))

# Scanned from the newest event backwards (no index on the counter): a paused counter changed
# state recently, so the scan stops after today's few events, never reading the year.
_LAST_STATE_CHANGE = (sa.select(events.c.at).where(events.c.counter_id == sa.bindparam("counter_id"),
                                                   events.c.type == "counter.state")
                      .order_by(events.c.id.desc()).limit(1))


def waiting_now(conn: sa.Connection, day: str) -> list[Waiting]:
    """Today's waiting citizens with the standard of the service they wait for."""
    return [Waiting(r.number, r.code, r.issued_at, r.standard_minutes)
            for r in conn.execute(_WAITING, {"day": day})]


def state_since(conn: sa.Connection, counter_ids: Iterable[int]) -> dict[int, Optional[float]]:
    """When each counter last changed state (None: never, as far as the event log knows)."""
    return {cid: conn.execute(_LAST_STATE_CHANGE, {"counter_id": cid}).scalar() for cid in counter_ids}


def _figures(conn: sa.Connection, where, cutoff: Optional[float]) -> DayFigures:
    """Issued, served, and served within the origin service's standard (issue to last finish)."""
    t = tickets
    issued_by = sa.true() if cutoff is None else t.c.issued_at <= cutoff
    served = sa.and_(t.c.status == "done", sa.true() if cutoff is None else t.c.finished_at <= cutoff)
    within = sa.and_(served, t.c.finished_at - t.c.issued_at <= services.c.standard_minutes * 60)
    row = conn.execute(
        sa.select(sa.func.sum(sa.case((issued_by, 1), else_=0)),
                  sa.func.sum(sa.case((served, 1), else_=0)),
                  sa.func.sum(sa.case((within, 1), else_=0)))
        .select_from(t.join(services, services.c.id == t.c.origin_service_id)).where(where)).one()
    return DayFigures(*(int(v or 0) for v in row))


def day_figures(conn: sa.Connection, day: str, cutoff: Optional[float] = None) -> DayFigures:
    """One office day's figures, counting only what happened by ``cutoff`` (epoch seconds) if given."""
    return _figures(conn, tickets.c.office_day == day, cutoff)


def period_figures(conn: sa.Connection, first: str, last: str) -> DayFigures:
    """The figures of the office days ``first`` .. ``last`` (inclusive)."""
    return _figures(conn, tickets.c.office_day.between(first, last), None)


def overdue_complaints(conn: sa.Connection, today: str) -> int:
    """Open complaint cases whose response deadline (an office day) has passed."""
    return conn.execute(sa.select(sa.func.count()).select_from(complaints)
                        .where(complaints.c.status != "selesai", complaints.c.deadline < today)).scalar_one()


_ANSWER_SUM = sum((survey_responses.c[f"q{i}"] for i in range(2, skm.ELEMENTS + 1)), survey_responses.c.q1)


def skm_so_far(conn: sa.Connection, first: str, last: str) -> dict:
    """The period's SKM score, grade and respondents against the sample target, by the regulation's
    rules (``server.domain.skm``) from two sums: the index is every answer's sum over nine answers
    per respondent, so the screen need not read each response (the report does, for its profile
    and suggestions; a semester of answers took half a second that way)."""
    n, total = conn.execute(sa.select(sa.func.count(), sa.func.sum(_ANSWER_SUM))
                            .where(survey_responses.c.office_day.between(first, last))).one()
    idx = Fraction(int(total), skm.ELEMENTS * n) if n else None
    converted = skm.score(idx)
    graded = skm.grade(converted)
    served = population(conn, first, last)
    return {"respondents": n, "index": None if idx is None else round(float(idx), 4),
            "score": None if converted is None else float(converted),
            "grade": graded[0] if graded else None, "grade_label": graded[1][0] if graded else None,
            "population": served, "sample_target": skm.sample_size(served)}
