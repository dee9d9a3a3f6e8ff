"""The period's report as files: CSV for anyone's spreadsheet or BI tool, XLSX for people.

Both are made from the summary dict (``report_queries.summary``), so they hold the
same figures as the page and the API: the CSV with the API's keys and times in
seconds (a machine reads it), the workbook with headings in the reader's language,
times in minutes, a sheet per table. Bytes in memory: a year's summary is a few
dozen rows, whatever the number of tickets.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Optional

from common import vocabulary as vocab
from server.domain.report_periods import span
from server.domain.reports import COUNTS, FIGURES

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_COLUMNS = ("section", "key", "name", "standard_minutes", *COUNTS, *FIGURES, "within_standard_pct")


def sections(report: dict) -> list[tuple[str, str, Optional[str], Optional[int], dict]]:
    """Every grouped line of the report: (section, key, name, standard minutes, the group's figures)."""
    out = [("service", s["code"], s["name"], s["standard_minutes"], s) for s in report["services"]]
    out.append(("total", "", "", None, report["total"]))
    out += [("counter", str(g["counter_id"]), g["name"], None, g) for g in report["by_counter"]]
    out += [("clerk", g["username"] or "", g["name"], None, g) for g in report["by_clerk"]]
    out += [("channel", g["channel"], vocab.label(vocab.TICKET_CHANNELS, g["channel"]), None, g)
            for g in report["by_channel"]]
    out += [("priority", g["priority"] or "", _priority(g["priority"], "id"), None, g) for g in report["by_priority"]]
    return out


def csv_bytes(report: dict) -> bytes:
    """One table (UTF-8 with a byte-order mark, so a spreadsheet opens it as UTF-8)."""
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\r\n")
    out.writerow(CSV_COLUMNS)
    for section, key, name, standard, g in sections(report):
        out.writerow([section, key, name or "", _blank(standard), *(_blank(g[k]) for k in CSV_COLUMNS[4:])])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


_WORDS = {  # heading: (Indonesian, English)
    "service": ("Layanan", "Service"), "counter": ("Loket", "Counter"), "clerk": ("Petugas", "Clerk"),
    "channel": ("Kanal", "Channel"), "priority": ("Prioritas", "Priority"), "code": ("Kode", "Code"),
    "standard_minutes": ("Standar (menit)", "Standard (minutes)"), "issued": ("Diambil", "Issued"),
    "served": ("Dilayani", "Served"), "no_show": ("Tidak hadir", "No-show"), "cancelled": ("Batal", "Cancelled"),
    "expired": ("Kedaluwarsa", "Expired"), "transferred": ("Dialihkan", "Transferred"),
    "wait": ("Tunggu", "Wait"), "total": ("Total", "Total"), "median": ("median", "median"),
    "p90": ("p90", "p90"), "max": ("maks", "max"), "minutes": ("menit", "min"),
    "within_standard_pct": ("Sesuai standar (%)", "Within standard (%)"), "all": ("Semua", "All"),
    "none": ("Tanpa prioritas", "No priority"), "day": ("Tanggal", "Day"), "hour": ("Jam", "Hour"),
    "weekday": ("Hari", "Weekday"), "count": ("Jumlah", "Count"), "outcome": ("Hasil layanan", "Outcome"),
    "days": ("Per hari", "Per day"), "arrivals": ("Kedatangan", "Arrivals"),
    "report": ("Laporan layanan", "Service report"),
    "working_days": ("Hari kerja", "Working days"), "time_service": ("Layanan", "Service"),
}


def _w(key: str, lang: str) -> str:
    pair = _WORDS[key]
    return pair[1] if lang == "en" else pair[0]


def xlsx_bytes(report: dict, lang: str = "id") -> bytes:
    """A workbook: services with the total, counters, clerks, channels, priority, days, arrivals, outcomes."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    period = span(date.fromisoformat(report["from"]), date.fromisoformat(report["to"]), lang)
    title = f"{_w('report', lang)} {period} · {_w('working_days', lang)}: {report['working_days']}"
    lines = sections(report)
    for section in ("service", "counter", "clerk", "channel", "priority"):
        # A counter's and a clerk's lines hold only the tickets they finished: no empty columns for them.
        served_only = section in ("counter", "clerk")
        counts = ["served"] if served_only else list(COUNTS)
        figures = [f for f in FIGURES if not (served_only and f.startswith("wait_"))]
        standard_head = [_w("standard_minutes", lang)] if section == "service" else []
        heads = ([_w("code", lang), _w(section, lang)] + standard_head
                 + [_w(k, lang) for k in counts] + [_figure_head(f, lang) for f in figures]
                 + [_w("within_standard_pct", lang)])
        rows = []
        for sec, key, name, standard, g in lines:
            if sec == section or (section == "service" and sec == "total"):
                label = _w("all", lang) if sec == "total" else (_priority(g.get("priority"), lang)
                                                                if sec == "priority" else name)
                rows.append([key, label] + ([standard] if section == "service" else [])
                            + [g[k] for k in counts] + [_minutes(g[k]) for k in figures] + [g["within_standard_pct"]])
        _sheet(book, _w(section, lang), title, heads, rows)
    _sheet(book, _w("days", lang), title, [_w("day", lang), _w("issued", lang), _w("served", lang),
                                           _w("within_standard_pct", lang)],
           [[d["day"], d["issued"], d["served"], d["within_standard_pct"]] for d in report["by_day"]])
    arrivals = [[f"{h['hour']:02d}:00", h["count"]] for h in report["arrivals_by_hour"]]
    arrivals += [[]] + [[vocab.DAY_NAMES[lang][d["weekday"]], d["count"]] for d in report["arrivals_by_weekday"]]
    _sheet(book, _w("arrivals", lang), title, [f"{_w('hour', lang)} / {_w('weekday', lang)}", _w("count", lang)],
           arrivals)
    _sheet(book, _w("outcome", lang), title, [_w("code", lang), _w("outcome", lang), _w("count", lang)],
           [[o["code"], o["label"], o["count"]] for o in report["outcomes"]])
    for sheet in book.worksheets:
        sheet["A1"].font = Font(bold=True, size=12)
        for cell in sheet[3]:
            cell.font = Font(bold=True)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _sheet(book, name: str, title: str, heads: list[str], rows: list[list]) -> None:
    """A sheet with the report's title on row 1 and the table's headings on row 3."""
    sheet = book.create_sheet(name[:31])
    sheet.append([title])
    sheet.append([])
    sheet.append(heads)
    for row in rows:
        sheet.append(row)
    for i, head in enumerate(heads, start=1):
        width = max([len(str(head))] + [len(str(r[i - 1])) for r in rows if len(r) >= i and r[i - 1] is not None])
        sheet.column_dimensions[sheet.cell(row=3, column=i).column_letter].width = min(40, width + 2)
    sheet.freeze_panes = "A4"


def _figure_head(key: str, lang: str) -> str:
    """"wait_p90_s" -> "Tunggu p90 (menit)"."""
    what, stat, _ = key.split("_")
    return f"{_w('time_service' if what == 'service' else what, lang)} {_w(stat, lang)} ({_w('minutes', lang)})"


def _priority(name: Optional[str], lang: str) -> str:
    if name is None:
        return _w("none", lang)
    pair = vocab.PRIORITY_CATEGORIES.get(name, {}).get("short")
    return (pair[1] if lang == "en" else pair[0]) if pair else name


def _minutes(seconds: Optional[float]) -> Optional[float]:
    return None if seconds is None else round(seconds / 60, 1)


def _blank(value) -> object:
    return "" if value is None else value
