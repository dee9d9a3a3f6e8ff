"""Back-office checks (the Pariaman procedure's steps 4-5): the front office asks,
the back office takes the check and answers, while the citizen stays at the front."""

from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from server.domain import back_office as back_office_checks
from server.domain.accounts import Staff
from server.http.context import AppContext, ctx
from server.http.deps import Id, auth_first, current_staff

router = APIRouter(tags=["staff"], route_class=auth_first("staff"))


class BackOfficeBody(BaseModel):
    text: str = Field("", max_length=500, description="request: what to check (default 'Cek DTKS'); "
                                                       "answer: the result (required)")


for _bo_action, _bo_summary in (("request", "Ask the back office to check (e.g. DTKS) while serving on"),
                                ("take", "The back office takes a requested check"),
                                ("answer", "The back office gives the check's result")):
    def _make_bo(action: str):
        async def back_office(ticket_id: Id, body: Optional[BackOfficeBody] = None,
                              user: Staff = Depends(current_staff), c: AppContext = Depends(ctx)) -> dict:
            text = body.text if body else ""
            return await c.write(lambda tx: back_office_checks.act(tx, ticket_id, action, user, c.zone, text))
        back_office.__name__ = f"back_office_{action}"
        return back_office
    router.add_api_route(f"/api/tickets/{{ticket_id}}/back-office/{_bo_action}", _make_bo(_bo_action),
                         methods=["POST"], summary=_bo_summary,
                         description="The check's state is told to the staff pages as a `back_office.check` event "
                                     "(staff stream only); the front office keeps serving the ticket.")
