"""The report's charts, drawn once with reportlab.graphics from the report dicts.

Each chart is a ``Drawing``: the PDFs place it as a flowable, the Laporan page shows the same
drawing as SVG (``svg(drawing)``), so the page and the paper cannot disagree. Every function takes
the agreed report dict (``report_queries.summary`` / ``survey_queries.skm_report``) and a language;
a period with no data still gives a drawing, with a sentence saying so instead of empty axes."""

from __future__ import annotations

import html
import re
from collections import OrderedDict
from datetime import date
from typing import Callable

from reportlab.graphics import renderSVG
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from common import vocabulary as vocab
from server.documents.words import t

WIDTH, HEIGHT = 480, 190  # points: 17 cm across an A4 page's text column
GREEN = colors.HexColor("#0b5d3b")
AMBER = colors.HexColor("#d9a21b")
DARK_AMBER = colors.HexColor("#8a5a00")
RED = colors.HexColor("#b3261e")
GREY = colors.HexColor("#5f6f7b")
GRID = colors.HexColor("#d8dde2")
FONT = "Helvetica"
GOOD_PCT = 80.0  # the within-standard share drawn green from here, amber from half of it, red below


def svg(drawing: Drawing) -> str:
    """The drawing as an SVG document for an ``<img>`` on the page.

    reportlab places each label with Helvetica's widths, but a browser draws "Helvetica" with
    whatever sans font it has (often wider), so right-aligned labels would run into the bars.
    Each text therefore carries its measured width (``textLength``) and the browser fits it."""
    return _TEXT.sub(_fitted, renderSVG.drawToString(drawing))


_TEXT = re.compile(r'<text ([^>]*?)style="font-family: ([\w-]+); font-size: ([\d.]+)px;([^"]*)"([^>]*)>([^<]*)</text>')


def _fitted(m: re.Match) -> str:
    before, font, size, rest, after, content = m.groups()
    width = stringWidth(html.unescape(content), font, float(size))
    family = "Helvetica, Arial, sans-serif" + ("; font-weight: bold" if font.endswith("-Bold") else "")
    return (f'<text {before}textLength="{width:.2f}" lengthAdjust="spacingAndGlyphs" '
            f'style="font-family: {family}; font-size: {size}px;{rest}"{after}>{content}</text>')


def _frame(title: str, height: int = HEIGHT, width: float = WIDTH) -> Drawing:
    d = Drawing(width, height)
    d.add(String(0, height - 13, title, fontName=FONT + "-Bold", fontSize=11, fillColor=colors.black))
    return d


def _empty(d: Drawing, lang: str) -> Drawing:
    d.add(String(d.width / 2, d.height / 2, t("no_data", lang), fontName=FONT, fontSize=10,
                 fillColor=GREY, textAnchor="middle"))
    return d


def _bars(d: Drawing, labels: list[str], values: list[float], *, value_max: float | None = None,
          fill: Callable[[float], colors.Color] | None = None, label_angle: int = 0, value_format: str = "%d",
          show_values: bool = True, lang: str = "id") -> Drawing:
    chart = VerticalBarChart()
    chart.x, chart.y = 34, 30 if label_angle == 0 else 42
    chart.width, chart.height = d.width - 44, d.height - chart.y - 26
    chart.data = [values]
    chart.categoryAxis.categoryNames = labels
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.angle = label_angle
    if label_angle:
        chart.categoryAxis.labels.boxAnchor = "ne"
        chart.categoryAxis.labels.dx, chart.categoryAxis.labels.dy = 4, -2
    chart.valueAxis.valueMin = 0
    top = value_max if value_max is not None else max(max(values, default=0) * 1.15, 1)
    chart.valueAxis.valueMax = top
    chart.valueAxis.valueStep = _step(top)
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = GRID
    chart.bars[0].fillColor = GREEN
    chart.bars[0].strokeColor = None
    chart.barSpacing = 1
    if fill is not None:
        for i, v in enumerate(values):
            chart.bars[(0, i)].fillColor = fill(v)
    if show_values and len(values) <= 16:
        chart.barLabelFormat = _formatter(value_format, lang)
        chart.barLabels.fontName = FONT
        chart.barLabels.fontSize = 7
        chart.barLabels.nudge = 6
    d.add(chart)
    return d


def _step(top: float) -> float:
    """A round grid step giving four to eight lines."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 20000, 50000):
        if top / step <= 8:
            return step
    return top / 5


def share_colour(value: float) -> colors.Color:
    return GREEN if value >= GOOD_PCT else AMBER if value >= GOOD_PCT / 2 else RED


def share_text_colour(value: float) -> colors.Color:
    """The same judgement for a figure printed as text: amber is too pale on white paper."""
    return GREEN if value >= GOOD_PCT else DARK_AMBER if value >= GOOD_PCT / 2 else RED


def arrivals_by_hour(summary: dict, lang: str = "id", width: float = WIDTH, height: float = HEIGHT) -> Drawing:
    d = _frame(t("chart_hours", lang), height, width)
    rows = [r for r in summary.get("arrivals_by_hour") or [] if r["count"]]
    if not rows:
        return _empty(d, lang)
    hours = range(min(r["hour"] for r in rows), max(r["hour"] for r in rows) + 1)
    count = {r["hour"]: r["count"] for r in rows}
    return _bars(d, [f"{h:02d}" for h in hours], [count.get(h, 0) for h in hours])


def arrivals_by_weekday(summary: dict, lang: str = "id", width: float = WIDTH, height: float = HEIGHT) -> Drawing:
    d = _frame(t("chart_weekdays", lang), height, width)
    count = {r["weekday"]: r["count"] for r in summary.get("arrivals_by_weekday") or []}
    if not any(count.values()):
        return _empty(d, lang)
    # Saturday and Sunday only when someone came (an office open on a weekend event).
    days = [w for w in range(7) if w < 5 or count.get(w)]
    names = vocab.DAY_NAMES[lang]
    # Half a page (or a phone) has no room for "Wednesday Thursday": three letters there.
    labels = [names[w] if width >= 400 else names[w][:3] for w in days]
    return _bars(d, labels, [count.get(w, 0) for w in days])


def within_standard_by_day(summary: dict, lang: str = "id", width: float = WIDTH) -> Drawing:
    """One bar a day for up to a month; a longer period is summed by month (weighted by the
    citizens served), since 250 bars a year cannot be read."""
    rows = [r for r in summary.get("by_day") or [] if r.get("within_standard_pct") is not None]
    long_period = len({r["day"][:7] for r in rows}) > 1 and len(rows) > 31
    d = _frame(t("chart_months" if long_period else "chart_days", lang), width=width)
    if not rows:
        return _empty(d, lang)
    if long_period:
        months: OrderedDict[str, list[float]] = OrderedDict()
        for r in rows:
            m = months.setdefault(r["day"][:7], [0.0, 0.0])
            m[0] += r["within_standard_pct"] * r["served"] / 100
            m[1] += r["served"]
        labels = [vocab.MONTH_NAMES[lang][int(k[5:7]) - 1][:3] for k in months]
        values = [round(100 * w / s, 1) if s else 0.0 for w, s in months.values()]
    else:
        labels = [str(date.fromisoformat(r["day"]).day) for r in rows]
        values = [r["within_standard_pct"] for r in rows]
    d = _bars(d, labels, values, value_max=100, fill=share_colour, show_values=len(values) <= 12,
              value_format="%.0f", lang=lang)
    return d


def outcomes(summary: dict, lang: str = "id", width: float = WIDTH) -> Drawing:
    rows = [r for r in summary.get("outcomes") or [] if r["count"]][:10]
    height = max(120, 54 + 22 * len(rows))
    d = _frame(t("chart_outcomes", lang), height, width)
    if not rows:
        return _empty(d, lang)
    return _hbars(d, [_clip(r["label"], 44) for r in rows], [r["count"] for r in rows], left=min(210, d.width * 0.45), lang=lang)


def skm_elements(skm: dict, lang: str = "id", width: float = WIDTH) -> Drawing:
    """NRR per element on the 1-4 scale; the three improvement priorities in amber."""
    d = _frame(t("chart_skm", lang), 230, width)
    elements = skm.get("elements") or []
    if not skm.get("respondents") or not elements:
        return _empty(d, lang)
    names = {e["code"]: e["name"][1 if lang == "en" else 0] for e in vocab.SKM_ELEMENTS}
    labels = [f"{e['code']} {_clip(names.get(e['code'], e['name']), 40)}" for e in elements]
    values = [e["nrr"] or 0 for e in elements]
    lows = set(skm.get("priorities") or [])
    fills = [AMBER if e["code"] in lows else GREEN for e in elements]
    return _hbars(d, labels, values, left=min(215, d.width * 0.45), value_max=4, fills=fills, value_format="%.2f", step=1, lang=lang)


def _hbars(d: Drawing, labels: list[str], values: list[float], *, left: int, value_max: float | None = None,
           fills: list | None = None, value_format: str = "%d", step: float | None = None,
           lang: str = "id") -> Drawing:
    chart = HorizontalBarChart()
    chart.x, chart.y = left, 18
    chart.width, chart.height = d.width - left - 34, d.height - 44
    # First row at the top, as a table reads.
    chart.data = [list(reversed(values))]
    chart.categoryAxis.categoryNames = [_fit(label, left - 8, 8) for label in reversed(labels)]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.valueMin = 0
    top = value_max if value_max is not None else max(max(values, default=0) * 1.15, 1)
    chart.valueAxis.valueMax = top
    chart.valueAxis.valueStep = step or _step(top)
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = GRID
    chart.bars[0].fillColor = GREEN
    chart.bars[0].strokeColor = None
    if fills:
        for i, colour in enumerate(reversed(fills)):
            chart.bars[(0, i)].fillColor = colour
    chart.barLabelFormat = _formatter(value_format, lang)
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 8
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    d.add(chart)
    d.add(Line(left, chart.y, left, chart.y + chart.height, strokeColor=GREY, strokeWidth=0.5))
    return d


def _formatter(spec: str, lang: str) -> Callable[[float], str]:
    """Bar labels with the language's decimal mark (Indonesian "3,20")."""
    def label(value: float) -> str:
        text = spec % value
        return text if lang == "en" else text.replace(".", ",")
    return label


def _fit(text: str, width: float, size: float) -> str:
    """``text`` cut with an ellipsis so that it is at most ``width`` points wide."""
    if stringWidth(text, FONT, size) <= width:
        return text
    while text and stringWidth(text + "\u2026", FONT, size) > width:
        text = text[:-1]
    return text.rstrip() + "\u2026"


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "\u2026"


# The charts by the name the page asks for (GET /api/reports/charts/{name}.svg).
SUMMARY_CHARTS: dict[str, Callable[[dict, str], Drawing]] = {
    "hours": arrivals_by_hour, "weekdays": arrivals_by_weekday, "days": within_standard_by_day,
    "outcomes": outcomes,
}
