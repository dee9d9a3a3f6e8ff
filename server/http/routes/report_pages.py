"""The Laporan page, its charts and the printable PDFs: the monthly evaluation and the SKM report.

Supervisor or admin. Everything here is drawn from the same dicts the JSON API serves
(``report_queries.summary``, ``survey_queries.skm_report``, ``complaint_queries.summary``), so
the page, its charts, the paper and a spreadsheet show one set of figures. The charts are
reportlab drawings (``server.documents.charts``): SVG for the page, vector graphics in the PDF.
No NIK is read by any of them.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from concurrent.futures import Future
from datetime import date
from typing import Literal, Optional

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from server.domain import report_periods
from server.domain.accounts import Staff
from server.domain.errors import DomainError
from server.http.context import AppContext, ctx
from server.http.deps import auth_first, authenticate, require
from server.http.static import page
from server.http.views import office_profile
from server.storage import complaint_queries, report_queries, survey_queries
from server.storage.schema import services

router = APIRouter(include_in_schema=False)
api = APIRouter(tags=["reports"], route_class=auth_first("supervisor"))

_FROM = Query(..., alias="from", description="First office day, YYYY-MM-DD (inclusive)")
_TO = Query(..., alias="to", description="Last office day, YYYY-MM-DD (inclusive)")
PDF = "application/pdf"
ChartName = Literal["hours", "weekdays", "days", "outcomes", "skm"]


@router.get("/laporan")
def reports_page(request: Request, c: AppContext = Depends(ctx)) -> Response:
    """The page for the head of office. Logged out: to the login page and back; a clerk: a polite
    403 page saying who may read reports and where to go instead."""
    try:
        user = authenticate(request, c)
    except DomainError:
        return RedirectResponse("/login?next=/laporan", status_code=303)
    if not user.has("supervisor"):
        response = page("reports-only.html", private=True)
        response.status_code = 403
        return response
    return page("reports.html", private=True)


def _period(first: str, last: str) -> tuple[date, date]:
    # The report engine's own checks, so a bad date reads the same here as on /api/reports/summary.
    return report_periods.checked_range(report_periods.parse_day(first, "from"),
                                        report_periods.parse_day(last, "to"))


# The page asks for four charts of one period at once, each drawn from the period's summary (a
# year of a busy office takes over a second to add up). The first request computes it, the others
# wait for it; a later one reuses it while nothing has happened since (the same last event id).
_SUMMARIES: "OrderedDict[tuple, Future]" = OrderedDict()
_SUMMARIES_LOCK = threading.Lock()


def _summary(c: AppContext, first: date, last: date) -> dict:
    key = (str(c.settings.data_dir), c.zone.key, first, last, c.hub.last_id)
    with _SUMMARIES_LOCK:
        future = _SUMMARIES.get(key)
        mine = future is None
        if mine:
            future = _SUMMARIES[key] = Future()
            while len(_SUMMARIES) > 8:
                _SUMMARIES.popitem(last=False)
    if mine:
        try:
            with c.db.read() as conn:
                future.set_result(report_queries.summary(conn, c.zone, first, last))
        except BaseException as exc:
            with _SUMMARIES_LOCK:
                _SUMMARIES.pop(key, None)
            future.set_exception(exc)
    return future.result()


def _logo(c: AppContext) -> Optional[bytes]:
    path = c.settings.data_dir / "logo.png"
    return path.read_bytes() if path.is_file() else None


def _download(body: bytes, media_type: str, filename: str) -> Response:
    # inline: a browser opens the PDF in its viewer, "Simpan" keeps it under this name.
    return Response(body, media_type=media_type, headers={
        "Content-Disposition": f'inline; filename="{filename}"', "Cache-Control": "no-store"})


@api.get("/api/reports/export.pdf", summary="The monthly evaluation as a printable PDF (supervisor)",
         response_class=Response, responses={200: {"content": {PDF: {}}}})
async def evaluation(date_from: str = _FROM, date_to: str = _TO, user: Staff = Depends(require("supervisor")),
                     c: AppContext = Depends(ctx)) -> Response:
    """"Laporan Evaluasi Pelayanan" on A4 for the monthly evaluation meeting: the office's letterhead
    and logo, the period in words, per service the standard, the counts, median and p90 waiting
    and total times and the share served within the standard, the charts, the period's SKM (score,
    grade, NRR per element, respondents against the sample target), the complaint summary, and
    the head of office's signature block (``head_name``, ``head_title``, ``head_nip``, ``city``
    from the office profile; dotted lines where they are not set). In the account's language."""
    first, last = _period(date_from, date_to)

    def build() -> bytes:
        summary = _summary(c, first, last)
        with c.db.read() as conn:
            skm = survey_queries.skm_report(conn, first.isoformat(), last.isoformat())
            complaints = complaint_queries.summary(conn, first.isoformat(), last.isoformat(), c.today(), c.zone)
            profile = office_profile(conn)
        from server.documents.evaluation_pdf import evaluation_pdf  # reportlab: loaded when first asked for
        return evaluation_pdf(summary, profile=profile, logo_png=_logo(c), today=date.fromisoformat(c.today()),
                              skm=skm, complaints=complaints, lang=user.language)
    body = await run_in_threadpool(build)
    return _download(body, PDF, f"evaluasi-{first}-{last}.pdf")


@api.get("/api/reports/skm/export.pdf", summary="The SKM report of a period (a semester) as a PDF (supervisor)",
         response_class=Response, responses={200: {"content": {PDF: {}}}})
async def skm_report_pdf(date_from: str = _FROM, date_to: str = _TO, user: Staff = Depends(require("supervisor")),
                         c: AppContext = Depends(ctx)) -> Response:
    """PermenPAN-RB 14/2017: per element NRR (overall and per service), index, score, grade,
    respondents against the Krejcie & Morgan sample target, the respondents' profile, the three
    weakest elements as improvement priorities, and the suggestions with NIK- and phone-like
    numbers masked; the signature block as on the evaluation."""
    first, last = _period(date_from, date_to)

    def build() -> bytes:
        with c.db.read() as conn:
            whole = survey_queries.skm_report(conn, first.isoformat(), last.isoformat())
            parts = [survey_queries.skm_report(conn, first.isoformat(), last.isoformat(), s["code"])
                     for s in whole["per_service"]]
            name = services.c.name_en if user.language == "en" else services.c.name_id
            names = dict(conn.execute(sa.select(services.c.code, name)).all())
            profile = office_profile(conn)
        from server.documents.skm_pdf import skm_pdf
        return skm_pdf(whole, parts, profile=profile, logo_png=_logo(c), today=date.fromisoformat(c.today()),
                       service_names=names, lang=user.language)
    body = await run_in_threadpool(build)
    return _download(body, PDF, f"skm-{first}-{last}.pdf")


@api.get("/api/reports/charts/{name}.svg", summary="One of the report's charts as SVG (supervisor)",
         response_class=Response, responses={200: {"content": {"image/svg+xml": {}}}})
async def chart(name: ChartName, date_from: str = _FROM, date_to: str = _TO,
                width: int = Query(480, ge=240, le=960, description="Drawing width in points (a phone asks for less)"),
                user: Staff = Depends(require("supervisor")), c: AppContext = Depends(ctx)) -> Response:
    """The same drawing the evaluation PDF prints: ``hours`` (arrivals by hour), ``weekdays``,
    ``days`` (the within-standard share per day, per month beyond a month), ``outcomes``, ``skm``
    (NRR per element, the three improvement priorities in amber). Labels in the account's language."""
    first, last = _period(date_from, date_to)

    def build() -> str:
        from server.documents import charts  # reportlab: loaded when first asked for

        if name == "skm":
            with c.db.read() as conn:
                data = survey_queries.skm_report(conn, first.isoformat(), last.isoformat())
            return charts.svg(charts.skm_elements(data, user.language, width))
        return charts.svg(charts.SUMMARY_CHARTS[name](_summary(c, first, last), user.language, width))
    body = await run_in_threadpool(build)
    return Response(body, media_type="image/svg+xml",
                    headers={"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"})


router.include_router(api)
