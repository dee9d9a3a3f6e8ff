"""The monthly evaluation PDF ("Laporan Evaluasi Pelayanan") for the head of office's evaluation
meeting (the Tapin standard: "rapat evaluasi setiap bulannya").

Built from the dicts the API serves (``report_queries.summary``, ``survey_queries.skm_report``,
``complaint_queries.summary``): the paper shows the figures the Laporan page and the JSON show,
formatted the same way. A section whose data is missing (``None``) says so in a sentence
instead of disappearing, so a reader knows it was not forgotten."""

from __future__ import annotations

from datetime import date
from typing import Optional
from xml.sax.saxutils import escape

from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from common import vocabulary as vocab
from server.documents import charts
from server.documents.letterhead import STYLES, TEXT_WIDTH, build, fitted_widths, grid, letterhead, para, signature
from server.documents.words import DASH, decimal, minutes, pct, period_words, t


def evaluation_pdf(summary: dict, *, profile: dict, logo_png: Optional[bytes], today: date,
                   skm: Optional[dict] = None, complaints: Optional[dict] = None, lang: str = "id") -> bytes:
    """The whole document as PDF bytes. ``today`` is the office's day, printed by the signature."""
    date_from, date_to = date.fromisoformat(summary["from"]), date.fromisoformat(summary["to"])
    period = period_words(date_from, date_to, lang)
    story = letterhead(profile, logo_png)
    story += [para(t("evaluation_title", lang), "title"),
              para(f"{t('period', lang)}: {period}", "subtitle")]
    if summary.get("working_days") is not None:
        story.append(para(f"{t('working_days', lang)}: {summary['working_days']}", "body"))
    story += _services(summary, lang)
    story += _charts(summary, lang)
    # Each section on one page: a table split over two pages is hard to read in a meeting.
    story += [KeepTogether(skm_section(skm, lang)), KeepTogether(complaints_section(complaints, lang))]
    story.append(signature(profile, today, lang))
    footer = f"{profile.get('name') or 'Antre'} \u00b7 {t('evaluation_title', lang)} \u00b7 {period}"
    return build(story, f"{t('evaluation_title', lang)} {period}", footer, lang)


HEADERS = ("service", "standard", "issued", "served", "no_show", "wait_median", "wait_p90", "total_median", "within")


def _services(summary: dict, lang: str) -> list:
    body, extra = [], []
    for s in summary.get("services") or []:
        body.append([Paragraph(f"<b>{_esc(s['code'])}</b> {_esc(s.get('name') or '')}", STYLES["cell"]),
                     t("minutes", lang, n=s.get("standard_minutes") or DASH), *_figures(s, lang)])
        if s.get("within_standard_pct") is not None:
            extra.append(("TEXTCOLOR", (8, len(body)), (8, len(body)), charts.share_text_colour(s["within_standard_pct"])))
    total = summary.get("total") or {}
    body.append([t("total", lang), "", *_figures(total, lang)])
    if total.get("within_standard_pct") is not None:
        extra.append(("TEXTCOLOR", (8, len(body)), (8, len(body)), charts.share_text_colour(total["within_standard_pct"])))
    header = [t(k, lang) for k in HEADERS]
    widths = fitted_widths(header, body)
    rows = [[Paragraph(h, STYLES["cellb"]) for h in header]] + body
    return [para(t("per_service", lang), "h2"),
            grid(rows, widths, total_row=True, extra=extra + [("FONT", (8, 1), (8, -1), "Helvetica-Bold", 8.5)]),
            Spacer(1, 4), para(t("notes", lang), "small")]


def _figures(s: dict, lang: str) -> list[str]:
    return [str(s.get("issued", 0)), str(s.get("served", 0)), str(s.get("no_show", 0)),
            minutes(s.get("wait_median_s"), lang), minutes(s.get("wait_p90_s"), lang),
            minutes(s.get("total_median_s"), lang), pct(s.get("within_standard_pct"), lang)]


def _esc(text: str) -> str:
    return escape(str(text))


def _charts(summary: dict, lang: str) -> list:
    if not (summary.get("total") or {}).get("issued"):
        return [para(t("charts", lang), "h2"), para(t("no_data", lang))]
    half = (TEXT_WIDTH - 0.6 * cm) / 2
    pair = Table([[charts.arrivals_by_hour(summary, lang, half, 170), charts.arrivals_by_weekday(summary, lang, half, 170)]],
                 colWidths=[half + 0.3 * cm] * 2)
    pair.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return [para(t("charts", lang), "h2"), KeepTogether([charts.within_standard_by_day(summary, lang)]),
            Spacer(1, 8), pair, Spacer(1, 8), KeepTogether([charts.outcomes(summary, lang)])]


def skm_section(skm: Optional[dict], lang: str) -> list:
    """The period's SKM in brief: score, grade, sample progress, NRR per element."""
    out = [para(t("skm", lang), "h2")]
    if skm is None:
        return out + [para(t("skm_missing", lang))]
    if not skm.get("respondents"):
        return out + [para(t("skm_none", lang)), para(_sample(skm, lang), "small")]
    grade_words = skm.get("grade_label") if lang == "id" and skm.get("grade_label") else _grade_words(skm.get("grade"), lang)
    grade = f"{skm.get('grade') or DASH} ({grade_words})"
    facts = [[t("score", lang), decimal(skm.get("score"), 2, lang)],
             [t("grade", lang), grade],
             [t("index", lang), decimal(skm.get("index"), 3, lang)],
             [t("sample", lang), _sample(skm, lang)]]
    out.append(grid(facts, [6 * cm, TEXT_WIDTH - 6 * cm], header_rows=0, align_right_from=9,
                    extra=[("FONT", (0, 0), (0, -1), "Helvetica-Bold", 8.5)]))
    out += [Spacer(1, 6), KeepTogether([charts.skm_elements(skm, lang)])]
    return out


def _sample(skm: dict, lang: str) -> str:
    return t("sample_of", lang, n=skm.get("respondents") or 0, target=skm.get("sample_target") or 0,
             population=skm.get("population") or 0)


def _grade_words(grade: Optional[str], lang: str) -> str:
    for _low, code, words in vocab.SKM_GRADES:
        if code == grade:
            return words[1 if lang == "en" else 0]
    return "\u2013"


def complaints_section(c: Optional[dict], lang: str) -> list:
    out = [para(t("complaints", lang), "h2")]
    if c is None:
        return out + [para(t("complaints_missing", lang))]
    rows = [[t("received", lang), str(c.get("received", 0))],
            [t("closed", lang), str(c.get("closed", 0))],
            [t("closed_in_time", lang), str(c.get("closed_within_deadline", 0))],
            [t("overdue_open", lang), str(c.get("overdue_open", 0))]]
    for key, table in (("by_channel", vocab.COMPLAINT_CHANNELS), ("by_category", vocab.COMPLAINT_CATEGORIES),
                       ("by_status", vocab.COMPLAINT_STATUSES)):
        counts = c.get(key) or {}
        words = ", ".join(f"{vocab.label(table, code, lang)} {n}" for code, n in counts.items() if n) or DASH
        rows.append([t(key, lang), Paragraph(_esc(words), STYLES["cell"])])
    return out + [grid(rows, [6 * cm, TEXT_WIDTH - 6 * cm], header_rows=0, align_right_from=9,
                       extra=[("FONT", (0, 0), (0, -1), "Helvetica-Bold", 8.5)])]
