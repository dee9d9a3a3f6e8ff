"""The citizens' satisfaction survey (SKM): the questionnaire, answers, survey tablets, the SKM report.

Three audiences share this module, each with its own door: the citizen's phone (the
ticket's random token is the key, as on the status page), a paired survey tablet (its
device key), and the head of office (a supervisor's session) for the report.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Optional

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from common import vocabulary as vocab
from server.domain import survey as survey_use
from server.domain.accounts import Staff
from server.domain.errors import DomainError
from server.http.context import AppContext, ctx
from server.http.deps import Id, auth_first, bearer, require
from server.http.static import page
from server.storage import survey_queries as survey
from server.storage.schema import devices

router = APIRouter(tags=["survey"])
reports = APIRouter(tags=["reports"], route_class=auth_first("supervisor"))
technician = APIRouter(tags=["admin"], route_class=auth_first("admin"))

FromDay = Annotated[str, Query(alias="from", pattern=r"^\d{4}-\d{2}-\d{2}$", description="First office day, YYYY-MM-DD")]
ToDay = Annotated[str, Query(alias="to", pattern=r"^\d{4}-\d{2}-\d{2}$", description="Last office day (inclusive)")]
Answer = Annotated[int, Field(ge=1, le=4)]


class Profile(BaseModel):
    sex: Optional[str] = Field(None, max_length=1, description="common.vocabulary.SEXES: L or P")
    age: Optional[int] = Field(None, description="Years, 10-120")
    education: Optional[str] = Field(None, max_length=20, description="common.vocabulary.EDUCATION_LEVELS")
    occupation: Optional[str] = Field(None, max_length=20, description="common.vocabulary.OCCUPATIONS")


class SurveyAnswer(BaseModel):
    answers: list[Answer] = Field(..., min_length=9, max_length=9,
                                  description="The nine SKM elements U1-U9 in order, each 1 (worst) to 4 (best)")
    profile: Optional[Profile] = Field(None, description="Optional respondent profile")
    suggestion: str = Field("", max_length=1000, description="Optional; NIK-like and phone-like numbers are masked")


class TabletAnswer(SurveyAnswer):
    ticket_id: Optional[int] = Field(None, ge=1, description="The ticket just finished at a linked counter")
    ticket: Optional[str] = Field(None, max_length=300,
                                  description="Or what the citizen typed or scanned: today's number (A-012) "
                                              "or the ticket's status URL or token")


class SurveyState(BaseModel):
    state: str = Field(..., description="available | answered | not_available")
    service: str = Field(..., description="The code of the service the citizen came for")
    service_name: str
    service_name_en: str
    number: str


class TabletTicket(SurveyState):
    ticket_id: int = Field(..., description="For POST /api/survey/tablet")


def _state(t, state: str) -> dict:
    return {"state": state, "service": t.service_code, "service_name": t.service_name,
            "service_name_en": t.service_name_en, "number": t.number}


# -- the survey tablet (declared before /api/survey/{token}: "tablet" is not a token) --

async def current_tablet(request: Request, c: AppContext = Depends(ctx)) -> int:
    key = bearer(request)
    device_id = c.device_keys.lookup(key, "survey") if key else None
    if device_id is None:
        raise DomainError("unauthenticated", message="Kunci tablet survei tidak valid atau sudah dicabut.",
                          message_en="The survey tablet's key is missing, invalid or revoked.")
    return device_id


@router.get("/api/survey/tablet", summary="A survey tablet: its name, language and linked counters")
def tablet_setup(device_id: int = Depends(current_tablet), c: AppContext = Depends(ctx)) -> dict:
    """The tablet follows the public event stream and offers the questionnaire when a
    ``ticket.done`` event names one of ``counters``."""
    with c.db.read() as conn:
        row = conn.execute(sa.select(devices.c.name, devices.c.language).where(devices.c.id == device_id)).first()
        if row is None:
            raise DomainError("unauthenticated")
        return {"device_id": device_id, "name": row.name, "language": row.language or "id",
                "counters": survey.device_counters(conn, device_id), "idle_seconds": 60}


def _tablet_ticket(conn: sa.Connection, c: AppContext, ticket_id: Optional[int], text: Optional[str]):
    if ticket_id is not None:
        return survey.ticket_for_survey(conn, ticket_id=ticket_id)
    text = (text or "").strip()
    if not text:
        return None
    token = text.rsplit("/t/", 1)[-1].split("?")[0].strip()
    t = survey.ticket_for_survey(conn, token=token) if token else None
    parsed = vocab.parse_number(text, loose=True) if t is None else None
    if parsed is not None:
        t = survey.ticket_for_survey(conn, number=vocab.format_number(*parsed), day=c.today())
    return t


@router.get("/api/survey/tablet/ticket", response_model=TabletTicket, summary="A survey tablet looks up a ticket",
            responses={404: {"description": "No such ticket today (unknown_ticket)"}})
def tablet_lookup(ticket_id: Optional[int] = Query(None, ge=1), ticket: Optional[str] = Query(None, max_length=300),
                  device_id: int = Depends(current_tablet), c: AppContext = Depends(ctx)) -> dict:
    """By the id of a ``ticket.done`` event, or by what the citizen typed or scanned."""
    with c.db.read() as conn:
        t = _tablet_ticket(conn, c, ticket_id, ticket)
        if t is None:
            raise DomainError("unknown_ticket")
        return {**_state(t, survey.state_of(conn, t)), "ticket_id": t.id}


@router.post("/api/survey/tablet", status_code=201, summary="A survey tablet sends a citizen's answers",
             responses={404: {"description": "unknown_ticket"},
                        409: {"description": "survey_already_answered | survey_not_available"}})
async def tablet_answer(body: TabletAnswer, device_id: int = Depends(current_tablet),
                        c: AppContext = Depends(ctx)) -> dict:
    def job(tx):
        t = _tablet_ticket(tx.conn, c, body.ticket_id, body.ticket)
        if t is None:
            raise DomainError("unknown_ticket")
        return survey_use.answer(tx, t, "tablet", body.answers, _profile(body), body.suggestion, f"device:{device_id}")
    return await c.write(job)


# -- the citizen's phone ---------------------------------------------------------------

def _profile(body: SurveyAnswer) -> Optional[dict]:
    return body.profile.model_dump(exclude_none=True) if body.profile else None


@router.get("/api/survey/{token}", response_model=SurveyState, summary="Whether this ticket's survey can be answered",
            responses={404: {"description": "Unknown token (unknown_ticket)"}})
def survey_state(token: str, c: AppContext = Depends(ctx)) -> dict:
    with c.db.read() as conn:
        t = survey.ticket_for_survey(conn, token=token[:64])
        if t is None:
            raise DomainError("unknown_ticket")
        return _state(t, survey.state_of(conn, t))


@router.post("/api/survey/{token}", status_code=201, summary="The citizen answers the SKM survey for a finished visit",
             responses={404: {"description": "Unknown token (unknown_ticket)"},
                        409: {"description": "survey_already_answered | survey_not_available"},
                        422: {"description": "invalid_field / invalid_request"}})
async def answer(token: str, body: SurveyAnswer, c: AppContext = Depends(ctx)) -> dict:
    """One response per ticket, whichever device sends it first; the answer is the new state."""
    def job(tx):
        t = survey.ticket_for_survey(tx.conn, token=token[:64])
        if t is None:
            raise DomainError("unknown_ticket")
        return survey_use.answer(tx, t, "phone", body.answers, _profile(body), body.suggestion, "citizen")
    return await c.write(job)


@router.get("/survey", include_in_schema=False)
def survey_page() -> FileResponse:
    """The survey tablet's page (paired through /pair like a display)."""
    return page("survey.html")


@technician.get("/api/admin/devices/{device_id}/survey-counters", summary="The counters a survey tablet serves")
def linked_counters(device_id: Id, user: Staff = Depends(require("admin")), c: AppContext = Depends(ctx)) -> dict:
    """Set them with ``PUT /api/admin/devices/{id}/settings`` (``counters``)."""
    with c.db.read() as conn:
        if survey.device_kind(conn, device_id) is None:
            raise DomainError("unknown_device")
        return {"device_id": device_id, "counters": survey.device_counters(conn, device_id)}


# -- the head of office's SKM report ------------------------------------------------------

def _period(date_from: str, date_to: str) -> None:
    try:
        ok = date.fromisoformat(date_from) <= date.fromisoformat(date_to)
    except ValueError:
        ok = False
    if not ok:
        raise DomainError("invalid_field", errors=[{"field": "to", "message": "Periode tidak valid: 'dari' harus "
                                                    "tanggal yang ada dan tidak sesudah 'sampai'.",
                                                    "message_en": "Invalid period: 'from' must be a real date "
                                                    "not after 'to'."}])


@reports.get("/api/reports/skm", summary="The SKM (PermenPAN-RB 14/2017) of a period, optionally for one service")
def skm_report(date_from: FromDay, date_to: ToDay,
               service: Optional[str] = Query(None, pattern=r"^[A-Z]$", description="A service's code"),
               user: Staff = Depends(require("supervisor")), c: AppContext = Depends(ctx)) -> dict:
    """Per element NRR, index, score (x 25, two decimals, half up), grade, respondents, the
    Krejcie & Morgan sample target on the citizens served (``population``), the three
    weakest elements, the respondents' profile, suggestions (NIK and phone numbers masked)."""
    _period(date_from, date_to)
    with c.db.read() as conn:
        return survey.skm_report(conn, date_from, date_to, service)


@reports.get("/api/reports/skm/export.xlsx", summary="The SKM of a period as an Excel workbook",
             response_class=Response,
             responses={200: {"content": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}}})
async def skm_export(date_from: FromDay, date_to: ToDay,
                     user: Staff = Depends(require("supervisor")), c: AppContext = Depends(ctx)) -> Response:
    """Sheet "SKM" (the whole office) and one sheet per service with respondents."""
    _period(date_from, date_to)

    def build() -> bytes:
        with c.db.read() as conn:
            whole = survey.skm_report(conn, date_from, date_to)
            parts = [survey.skm_report(conn, date_from, date_to, s["code"]) for s in whole["per_service"]]
        from server.domain.skm_workbook import workbook  # openpyxl: loaded when first asked for
        return workbook(whole, parts, c.office.profile_value("name") or "")
    data = await run_in_threadpool(build)
    name = f"skm_{date_from}_{date_to}.xlsx"
    return Response(data, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})


router.include_router(reports)
router.include_router(technician)
