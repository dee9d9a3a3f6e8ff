"""The head of office's screen: now, today, this month, this semester.

``/kepala`` is the page (supervisor or admin); ``GET /api/dashboard`` is everything it shows, and
``?part=now`` only the queue as it is, which the page reads again after queue events. The slower
figures (today against the usual weekday, the month, the semester's SKM, overdue complaints) are
computed at most every ``SLOW_SECONDS`` whatever the number of screens, so a busy lobby's events
never run a period's query.
"""

from __future__ import annotations

import threading
from datetime import date
from typing import Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from server.domain import dashboard as rules
from server.domain.accounts import Staff
from server.domain.errors import DomainError
from server.http.context import AppContext, ctx
from server.http.deps import authenticate, require
from server.http.static import page
from server.http.views import public_state
from server.storage import dashboard_queries as dq
from server.storage import queries as office
from server.storage.calendar import holiday_set

router = APIRouter()

SLOW_SECONDS = 30.0
_slow_lock = threading.Lock()


@router.get("/kepala", include_in_schema=False)
def dashboard_page(request: Request, c: AppContext = Depends(ctx)) -> Response:
    try:
        user = authenticate(request, c)
    except DomainError:
        return RedirectResponse("/login?next=/kepala", status_code=303)
    response = page("dashboard.html", private=True)
    if not user.has("supervisor"):
        # A clerk who followed a link: the page itself says politely whose screen this is.
        response.status_code = 403
    return response


def now_part(conn, c: AppContext) -> dict:
    """The queue as it is: per service, per counter, and the alerts."""
    now = c.clock()
    state = public_state(conn, c)
    waiting = dq.waiting_now(conn, state["office_day"])
    per_service = rules.longest_wait(waiting, now)
    holders = office.counter_holders(conn)
    paused = [ct["id"] for ct in state["counters"] if ct["state"] == "paused"]
    since = dq.state_since(conn, paused)
    limit = rules.pause_limit(state["office"])
    counters = [{"id": ct["id"], "name": ct["name"], "state": ct["state"], "state_since": since.get(ct["id"]),
                 "clerk": holders.get(ct["id"]) if ct["state"] != "closed" else None,
                 "ticket": None if ct["ticket"] is None else
                 {k: ct["ticket"][k] for k in ("number", "service", "status")}}
                for ct in state["counters"]]
    today = dq.day_figures(conn, state["office_day"])   # one day through its index: cheap enough per event
    return {
        "now": now, "office_day": state["office_day"], "timezone": state["timezone"],
        "today": {"issued": today.issued, "served": today.served,
                  "within_standard_pct": rules.pct(today.within, today.served)},
        "office_name": state["office"].get("name") or "", "last_event_id": state["last_event_id"],
        "services": [{"code": s["code"], "name": s["name"], "name_en": s["name_en"],
                      "standard_minutes": s["standard_minutes"],
                      **per_service.get(s["code"], {"waiting": 0, "longest_wait_s": 0, "over_standard": False})}
                     for s in state["services"]],
        "counters": counters,
        "alerts": {"late": rules.late_citizens(waiting, now),
                   "paused": rules.long_pauses([rules.CounterNow(ct["id"], ct["name"], ct["state"],
                                                                 ct["state_since"]) for ct in counters],
                                               now, limit),
                   "pause_limit_minutes": limit},
    }


def _holidays(conn, today: date) -> set[date]:
    # eight weeks back may reach into last year
    return holiday_set(conn, today.year - 1, today.year)


def _skm(conn, first: date, last: date, number: int) -> dict:
    return {"available": True, "semester": number, "from": first.isoformat(), "to": last.isoformat(),
            **dq.skm_so_far(conn, first.isoformat(), last.isoformat())}


def slow_part(conn, c: AppContext) -> dict:
    """Today against the usual weekday, this month, this semester's SKM, complaints past deadline."""
    now, zone = c.clock(), c.zone
    today = date.fromisoformat(c.today())
    past_days = rules.same_weekdays(today, _holidays(conn, today))
    past = [dq.day_figures(conn, d.isoformat(), rules.same_clock_time(d, now, zone)) for d in past_days]
    first, last = rules.month_range(today)
    month = dq.period_figures(conn, first.isoformat(), last.isoformat())
    s_first, s_last, number = rules.semester_range(today)
    return {
        "computed_at": now,
        "today": {**rules.weekday_comparison(dq.day_figures(conn, today.isoformat()), past),
                  "weekday": today.weekday()},
        "month": {"from": first.isoformat(), "to": last.isoformat(), "served": month.served,
                  "within_standard": month.within,
                  "within_standard_pct": rules.pct(month.within, month.served)},
        "skm": _skm(conn, s_first, s_last, number),
        "complaints": {"overdue_open": dq.overdue_complaints(conn, today.isoformat()), "link": "/pengaduan"},
    }


def _cached_slow(request: Request, c: AppContext) -> dict:
    """The slow part, shared by every screen for ``SLOW_SECONDS`` (and recomputed on a new day)."""
    with _slow_lock:
        hit = getattr(request.app.state, "dashboard_slow", None)
        now, day = c.clock(), c.today()
        if hit is not None and hit[1] == day and 0 <= now - hit[0] < SLOW_SECONDS:
            return hit[2]
        with c.db.read() as conn:
            data = slow_part(conn, c)
        request.app.state.dashboard_slow = (now, day, data)
        return data


@router.get("/api/dashboard", tags=["reports"],
            summary="The head of office's screen: the queue now, today, this month, the semester's SKM")
async def dashboard(request: Request,
                    part: Literal["all", "now"] = Query("all", description="`now`: only the queue as it is"),
                    user: Staff = Depends(require("supervisor")), c: AppContext = Depends(ctx)) -> dict:
    """Supervisor or admin. ``now``: per service the number waiting, the longest wait in seconds and
    whether it is past the service's standard; ``today`` so far (issued, served, share within the
    standard); per counter its state, since when (paused counters),
    the clerk holding it and the number at it; ``alerts.late`` (citizens waiting past the standard)
    and ``alerts.paused`` (counters on a break of ``pause_alert_minutes`` or more, 20 unless the
    office profile says otherwise). With ``part=all`` also ``today`` (issued, served and the share
    served within the standard so far, against the average of the last 8 same weekdays by the same
    hour, holidays left out), ``month`` (the share within the standard), ``skm`` (this semester's
    score, grade and respondents against the sample target) and ``complaints.overdue_open``.
    Names of clerks, never a NIK."""
    def read_now() -> dict:
        with c.db.read() as conn:
            return now_part(conn, c)
    result = {"now": await run_in_threadpool(read_now)}
    if part == "all":
        result.update(await run_in_threadpool(_cached_slow, request, c))
    return result
