"""Reports for the head of office: a period's summary, its period picker, and exports (CSV, XLSX).

Supervisor or admin login. The figures are read from the tickets' report facts
(``server.storage.report_queries``) and defined once in ``server.domain.reports``;
the exports carry the same dict, so a spreadsheet and the page never disagree.
No NIK is read, so none can leave in a report.
"""

from __future__ import annotations

from datetime import date
from typing import Optional

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from server.documents import report_exports
from server.domain import report_periods
from server.domain.accounts import Staff
from server.http.context import AppContext, ctx
from server.http.deps import auth_first, require
from server.http.report_models import ReportSummary
from server.storage import report_queries

router = APIRouter(tags=["reports"], route_class=auth_first("supervisor"))

_DAY = r"^\d{4}-\d{2}-\d{2}$"
_FROM = Query(..., alias="from", description="First office day, YYYY-MM-DD (inclusive)")
_TO = Query(..., alias="to", description="Last office day, YYYY-MM-DD (inclusive)")

SUMMARY_DESCRIPTION = """The period's figures per service (by the ticket's **origin** service), in total, per
counter, per clerk, per channel and per priority category; arrivals by hour (office's zone) and weekday
(0 = Monday); per day; outcomes at finish.

Definitions: **issued** = tickets issued in the period (their office day); **served** = now done;
**no_show** = still skipped (called, never brought back) when their day closed; **cancelled**;
**expired** = closed unfinished by the day keeper, *no-shows included*; **transferred** = sent on to
another service at least once. **wait** = first call − issue (over called tickets); **service** = start
(or call) to finish summed over every counter (served tickets); **total** = finish − issue, across
transfers (served tickets). Figures in seconds, one decimal: median, p90 (nearest rank), max; null
without data. **within_standard_pct** = share of served tickets whose total is at most the origin
service's `standard_minutes` × 60, percent with one decimal. Per counter / clerk only served tickets
are grouped (by the finishing counter and `served_by`); their other counts and wait figures are null.
`working_days` = Monday-Friday minus the office's holidays. No NIK is read; the figures survive the
NIK purge."""


def _period(first: str, last: str) -> tuple[date, date]:
    return report_periods.checked_range(report_periods.parse_day(first, "from"),
                                        report_periods.parse_day(last, "to"))


async def _summary(c: AppContext, first: date, last: date) -> dict:
    def read() -> dict:
        with c.db.read() as conn:
            return report_queries.summary(conn, c.zone, first, last)
    return await run_in_threadpool(read)


@router.get("/api/reports/summary", summary="The period's report: counts, waiting/service/total times, "
            "the share served within the service standard (supervisor)", description=SUMMARY_DESCRIPTION,
            response_model=ReportSummary)
async def summary(date_from: str = _FROM, date_to: str = _TO, user: Staff = Depends(require("supervisor")),
                  c: AppContext = Depends(ctx)) -> dict:
    return await _summary(c, *_period(date_from, date_to))


@router.get("/api/reports/period", summary="The first and last day of a report period, and how to say it")
def period(kind: str = Query(..., description="day, week, month, semester (I: Jan-Jun, II: Jul-Dec), "
                                              "year or custom"),
           day: str = Query(..., alias="date", description="A day in the period, YYYY-MM-DD"),
           to: Optional[str] = Query(None, description="custom only: the last day, YYYY-MM-DD"),
           user: Staff = Depends(require("supervisor"))) -> dict:
    """``{"from", "to", "label"}``: the label in the account's language ("Maret 2025")."""
    anchor = report_periods.parse_day(day, "date")
    end = report_periods.parse_day(to, "to") if to else None
    first, last = report_periods.resolve(kind, anchor, end)
    return {"from": first.isoformat(), "to": last.isoformat(),
            "label": report_periods.label(kind, first, last, user.language)}


@router.get("/api/reports/export.csv", summary="The period's report as CSV (supervisor)",
            response_class=Response, responses={200: {"content": {"text/csv": {}}}})
async def export_csv(date_from: str = _FROM, date_to: str = _TO, user: Staff = Depends(require("supervisor")),
                     c: AppContext = Depends(ctx)) -> Response:
    """One table, one line per service, the total, each counter, clerk, channel and priority category
    (column ``section``); the columns are the summary's keys, times in seconds."""
    first, last = _period(date_from, date_to)
    body = report_exports.csv_bytes(await _summary(c, first, last))
    return _download(body, "text/csv; charset=utf-8", f"laporan-{first}-{last}.csv")


@router.get("/api/reports/export.xlsx", summary="The period's report as an Excel workbook (supervisor)",
            response_class=Response, responses={200: {"content": {report_exports.XLSX_TYPE: {}}}})
async def export_xlsx(date_from: str = _FROM, date_to: str = _TO, user: Staff = Depends(require("supervisor")),
                      c: AppContext = Depends(ctx)) -> Response:
    """A sheet per table (services and total, counters, clerks, channels, priority, days, arrivals,
    outcomes), headings in the account's language, times in minutes."""
    first, last = _period(date_from, date_to)
    report = await _summary(c, first, last)
    body = await run_in_threadpool(report_exports.xlsx_bytes, report, user.language)
    return _download(body, report_exports.XLSX_TYPE, f"laporan-{first}-{last}.xlsx")


def _download(body: bytes, media_type: str, filename: str) -> Response:
    return Response(body, media_type=media_type, headers={
        "Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"})
