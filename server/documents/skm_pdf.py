"""The SKM semester report as a PDF (PermenPAN-RB 14/2017): per element NRR, index, converted score
and grade, respondents against the Krejcie & Morgan sample target, the respondents' profile, the
three weakest elements as improvement priorities, and the suggestions (already masked by
``survey_queries.skm_report``), for the office as a whole and per service.

Built from ``skm_report`` dicts only: the whole office's and one per service (``parts``)."""

from __future__ import annotations

from datetime import date
from typing import Optional
from xml.sax.saxutils import escape

from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import KeepTogether, Paragraph, Spacer

from common import vocabulary as vocab
from server.documents import charts
from server.documents.letterhead import STYLES, TEXT_WIDTH, build, grid, letterhead, para, signature
from server.documents.words import DASH, decimal, period_words, t

AGE_GROUPS = ("<20", "20-29", "30-39", "40-49", "50-59", "60+")
MAX_SUGGESTIONS = 60  # distinct suggestions printed; the SKM workbook has every one
MAX_SERVICE_COLUMNS = 8  # more services than this: the matrix keeps the first eight, the table lists all


def skm_pdf(whole: dict, parts: list[dict], *, profile: dict, logo_png: Optional[bytes], today: date,
            service_names: dict[str, str], lang: str = "id") -> bytes:
    date_from, date_to = date.fromisoformat(whole["from"]), date.fromisoformat(whole["to"])
    period = period_words(date_from, date_to, lang)
    story = letterhead(profile, logo_png)
    story += [para(t("skm_title", lang), "title"), para(f"{t('period', lang)}: {period}", "subtitle")]
    story += _overall(whole, lang)
    if whole.get("respondents"):
        story += _elements(whole, parts, lang)
        story += _priorities(whole, lang)
        story += _per_service(whole, service_names, lang)
        story += _profile(whole, lang)
        story += _suggestions(whole, service_names, lang)
    story.append(signature(profile, today, lang))
    footer = f"{profile.get('name') or 'Antre'} \u00b7 SKM \u00b7 {period}"
    return build(story, f"{t('skm_title', lang)} {period}", footer, lang)


def grade_text(skm: dict, lang: str) -> str:
    if not skm.get("grade"):
        return DASH
    words = skm.get("grade_label_en" if lang == "en" else "grade_label")
    if not words:
        words = next((w[1 if lang == "en" else 0] for _low, g, w in vocab.SKM_GRADES if g == skm["grade"]), "")
    return f"{skm['grade']} ({words})"


def _overall(skm: dict, lang: str) -> list:
    sample = t("sample_of", lang, n=skm.get("respondents") or 0, target=skm.get("sample_target") or 0,
               population=skm.get("population") or 0)
    rows = [[t("sample", lang), sample]]
    if skm.get("respondents"):
        rows += [[t("index", lang), decimal(skm.get("index"), 3, lang)],
                 [t("score", lang), decimal(skm.get("score"), 2, lang)],
                 [t("grade", lang), grade_text(skm, lang)]]
    out = [para(t("overall", lang), "h2"),
           grid(rows, [6 * cm, TEXT_WIDTH - 6 * cm], header_rows=0, align_right_from=9,
                extra=[("FONT", (0, 0), (0, -1), "Helvetica-Bold", 9.5), ("FONT", (1, 0), (1, -1), "Helvetica", 9.5)])]
    if not skm.get("respondents"):
        out += [Spacer(1, 6), para(t("skm_none", lang))]
    return out


def _elements(whole: dict, parts: list[dict], lang: str) -> list:
    """One row per element: its NRR for the whole office, then per service (the columns)."""
    shown = parts[:MAX_SERVICE_COLUMNS]
    header = [Paragraph(t("element", lang), STYLES["cellb"]), Paragraph(t("overall", lang), STYLES["cellb"])]
    header += [Paragraph(escape(p.get("service") or "?"), STYLES["cellb"]) for p in shown]
    rows = [header]
    names = {e["code"]: e["name"][1 if lang == "en" else 0] for e in vocab.SKM_ELEMENTS}
    lows = set(whole.get("priorities") or [])
    extra = []
    for i, e in enumerate(whole.get("elements") or []):
        rows.append([Paragraph(f"<b>{e['code']}</b> {escape(names.get(e['code'], e.get('name', '')))}", STYLES["cell"]),
                     decimal(e.get("nrr"), 2, lang),
                     *[decimal((p.get("nrr") or [None] * 9)[i], 2, lang) for p in shown]])
        if e["code"] in lows:
            extra.append(("BACKGROUND", (1, i + 1), (1, i + 1), charts.AMBER.clone(alpha=0.35)))
    rows.append([t("index", lang), decimal(whole.get("index"), 3, lang),
                 *[decimal(p.get("index"), 3, lang) for p in shown]])
    rows.append([t("score", lang), decimal(whole.get("score"), 2, lang),
                 *[decimal(p.get("score"), 2, lang) for p in shown]])
    rows.append([t("grade", lang), whole.get("grade") or DASH, *[p.get("grade") or DASH for p in shown]])
    rows.append([t("respondents", lang), str(whole.get("respondents") or 0),
                 *[str(p.get("respondents") or 0) for p in shown]])
    number_w = max(1.6 * cm, stringWidth(t("overall", lang), "Helvetica-Bold", 8.5) + 14)
    widths = [TEXT_WIDTH - number_w * (1 + len(shown))] + [number_w] * (1 + len(shown))
    bold_tail = [("FONT", (0, -4), (-1, -1), "Helvetica-Bold", 8.5), ("LINEABOVE", (0, -4), (-1, -4), 1, charts.GREY)]
    return [para(f"{t('nrr', lang)} \u2013 {t('element', lang)}", "h2"), grid(rows, widths, extra=extra + bold_tail),
            Spacer(1, 8), KeepTogether([charts.skm_elements(whole, lang)])]


def _priorities(whole: dict, lang: str) -> list:
    by_code = {e["code"]: e for e in whole.get("elements") or []}
    names = {e["code"]: e["name"][1 if lang == "en" else 0] for e in vocab.SKM_ELEMENTS}
    lines = [f"{n}. {code} {names.get(code, '')} \u2013 {t('nrr', lang)} {decimal(by_code.get(code, {}).get('nrr'), 2, lang)}"
             for n, code in enumerate(whole.get("priorities") or [], 1)]
    return [para(t("priorities", lang), "h2")] + [para(line) for line in lines]


def _per_service(whole: dict, service_names: dict[str, str], lang: str) -> list:
    rows = [[Paragraph(t(k, lang), STYLES["cellb"]) for k in ("service", "respondents", "index", "score", "grade")]]
    for p in whole.get("per_service") or []:
        rows.append([Paragraph(f"<b>{escape(p['code'])}</b> {escape(service_names.get(p['code'], ''))}", STYLES["cell"]),
                     str(p.get("respondents") or 0), decimal(p.get("index"), 3, lang), decimal(p.get("score"), 2, lang),
                     grade_text(p, lang)])
    widths = [TEXT_WIDTH - 10 * cm, 2.2 * cm, 2 * cm, 2 * cm, 3.8 * cm]
    return [para(t("per_service_skm", lang), "h2"), grid(rows, widths)]


def _profile(whole: dict, lang: str) -> list:
    profile = whole.get("profile") or {}
    total = whole.get("respondents") or 0
    blocks = []
    for key, table, order in (("sex", vocab.SEXES, list(vocab.SEXES)), ("age", None, list(AGE_GROUPS)),
                              ("education", vocab.EDUCATION_LEVELS, list(vocab.EDUCATION_LEVELS)),
                              ("occupation", vocab.OCCUPATIONS, list(vocab.OCCUPATIONS))):
        counts = profile.get(key) or {}
        rows = [[Paragraph(t(key, lang), STYLES["cellb"]), Paragraph(t("count", lang), STYLES["cellb"]), "%"]]
        codes = order + [c for c in counts if c not in order]
        for code in codes:
            n = counts.get(code, 0)
            if not n:
                continue
            rows.append([vocab.label(table, code, lang) if table else code, str(n),
                         decimal(100 * n / total if total else None, 1, lang)])
        answered = sum(counts.values())
        if answered < total:
            rows.append([Paragraph(f"<i>{t('not_answered', lang)}</i>", STYLES["cell"]),
                         str(total - answered), decimal(100 * (total - answered) / total, 1, lang)])
        blocks.append(KeepTogether([grid(rows, [TEXT_WIDTH - 4 * cm, 2 * cm, 2 * cm]), Spacer(1, 6)]))
    return [para(t("profile", lang), "h2")] + blocks


def _suggestions(whole: dict, service_names: dict[str, str], lang: str) -> list:
    """The same words from many citizens are one line with how many wrote them and for which
    services (most often first); past ``MAX_SUGGESTIONS`` lines the rest is in the SKM workbook."""
    items = whole.get("suggestions") or []
    out = [para(t("suggestions", lang), "h2")]
    if not items:
        return out + [para(t("no_suggestions", lang))]
    grouped: dict[str, list] = {}
    for s in items:
        text = " ".join((s.get("text") or "").split())
        entry = grouped.setdefault(text.casefold(), [text, 0, set()])
        entry[1] += 1
        entry[2].add(s.get("service") or "")
    ranked = sorted(grouped.values(), key=lambda e: -e[1])  # stable: first written first among equals
    rows = [[Paragraph(h, STYLES["cellb"]) for h in ("#", t("suggestions", lang), t("service", lang), t("count", lang))]]
    for n, (text, times, codes) in enumerate(ranked[:MAX_SUGGESTIONS], 1):
        rows.append([str(n), Paragraph(escape(text), STYLES["cell"]), ", ".join(sorted(c for c in codes if c)), str(times)])
    out.append(grid(rows, [1 * cm, TEXT_WIDTH - 5.4 * cm, 2.6 * cm, 1.8 * cm], align_right_from=3))
    if len(ranked) > MAX_SUGGESTIONS:
        out.append(para(t("more_suggestions", lang, n=len(ranked) - MAX_SUGGESTIONS), "small"))
    return out
