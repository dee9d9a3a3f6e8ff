"""How a visit ended: the clerk finishes with one of the office's outcomes; the
supervisor keeps the list and reads the day's count per outcome."""

from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from server.domain import outcomes
from server.domain.accounts import Staff
from server.http.context import AppContext, ctx
from server.http.deps import Id, auth_first, current_staff, require
from server.http.routes.staff import CounterRef, staff_ticket_view

router = APIRouter(tags=["staff"], route_class=auth_first("staff"))


class FinishBody(CounterRef):
    outcome: str = Field(..., min_length=1, max_length=40, description="An active outcome's code (GET /api/outcomes)")
    note: str = Field("", max_length=500, description="For the referral slip and the report; a NIK in it is masked")


@router.post("/api/tickets/{ticket_id}/finish", summary="Finish a ticket with an outcome of the office's list")
async def finish(ticket_id: Id, body: FinishBody, user: Staff = Depends(current_staff),
                 c: AppContext = Depends(ctx)) -> dict:
    """``done`` plus how the visit ended (kept with the ticket for the reports). The answer is the ticket
    and its ``outcome`` (with ``referral_to`` when a referral slip may be printed)."""
    def job(tx):
        kept = outcomes.finish(tx, ticket_id, body.outcome, body.note, user, c.zone, body.counter_id)
        return {**staff_ticket_view(tx.conn, c, ticket_id), "outcome": kept}
    return await c.write(job)


class OutcomeBody(BaseModel):
    label_id: Optional[str] = Field(None, max_length=120, description="What the clerk picks, in Indonesian")
    label_en: Optional[str] = Field(None, max_length=120)
    referral_to: Optional[str] = Field(None, max_length=120, description="Where the citizen is referred (slip)")
    active: Optional[bool] = None
    position: Optional[int] = Field(None, ge=0, le=1000)


@router.get("/api/outcomes", summary="The office's outcomes")
def list_outcomes(all: bool = Query(False, description="Also the deactivated ones"),
                  user: Staff = Depends(current_staff), c: AppContext = Depends(ctx)) -> list[dict]:
    with c.db.read() as conn:
        return outcomes.list_outcomes(conn, active_only=not all)


@router.post("/api/outcomes", status_code=201, summary="Add an outcome (supervisor)")
async def add_outcome(body: OutcomeBody, user: Staff = Depends(require("supervisor")),
                      c: AppContext = Depends(ctx)) -> dict:
    data = body.model_dump(exclude_none=True)
    return {"id": await c.write(lambda tx: outcomes.save_outcome(tx, None, data, user.actor))}


@router.put("/api/outcomes/{outcome_id}", summary="Change or deactivate an outcome (supervisor)")
async def change_outcome(outcome_id: Id, body: OutcomeBody, user: Staff = Depends(require("supervisor")),
                         c: AppContext = Depends(ctx)) -> dict:
    data = body.model_dump(exclude_none=True)
    return {"id": await c.write(lambda tx: outcomes.save_outcome(tx, outcome_id, data, user.actor))}


@router.get("/api/outcomes/summary", summary="How the day's visits ended, per outcome (supervisor)")
def outcome_summary(day: Optional[str] = Query(None, pattern=r"^\d{4}-\d{2}-\d{2}$"),
                    user: Staff = Depends(require("supervisor")), c: AppContext = Depends(ctx)) -> dict:
    day = day or c.today()
    with c.db.read() as conn:
        return {"office_day": day, "outcomes": outcomes.day_summary(conn, day)}
