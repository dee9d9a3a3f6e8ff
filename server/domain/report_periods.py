"""The periods a supervisor reports on, from a kind and an anchor day.

A day, the week (Monday to Sunday), the month, semester I (January-June) or II
(July-December, the SKM's semesters), the year, or a custom range. Both ends are
inclusive office days, as ``GET /api/reports/summary`` takes them. Pure: the page's
picker and the exports ask the same function, so a month is the same month
everywhere.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Optional

from common import vocabulary as vocab
from server.domain.errors import DomainError

# A custom range longer than this is refused: two years read at once is already far
# more than a monthly evaluation needs, and a typo (2205 for 2025) should not make
# the server read a decade.
MAX_DAYS = 732


def resolve(kind: str, anchor: date, end: Optional[date] = None) -> tuple[date, date]:
    """The inclusive (first, last) day of the period of ``kind`` that holds ``anchor``.

    ``custom`` runs from ``anchor`` to ``end`` (``anchor`` alone when ``end`` is None).
    """
    if kind == "day":
        return anchor, anchor
    if kind == "week":
        monday = anchor - timedelta(days=anchor.weekday())
        return monday, monday + timedelta(days=6)
    if kind == "month":
        return anchor.replace(day=1), anchor.replace(day=calendar.monthrange(anchor.year, anchor.month)[1])
    if kind == "semester":
        if anchor.month <= 6:
            return date(anchor.year, 1, 1), date(anchor.year, 6, 30)
        return date(anchor.year, 7, 1), date(anchor.year, 12, 31)
    if kind == "year":
        return date(anchor.year, 1, 1), date(anchor.year, 12, 31)
    if kind == "custom":
        return checked_range(anchor, end or anchor)
    raise DomainError("invalid_request",
                      message="Jenis periode harus salah satu dari: " + ", ".join(vocab.REPORT_PERIODS) + ".",
                      message_en="The period kind must be one of: " + ", ".join(vocab.REPORT_PERIODS) + ".")


def checked_range(first: date, last: date) -> tuple[date, date]:
    """``(first, last)`` if it is a period a report can cover, else a polite refusal."""
    if last < first:
        raise DomainError("invalid_request", message="Tanggal akhir tidak boleh sebelum tanggal awal.",
                          message_en="The end date cannot be before the start date.")
    if (last - first).days + 1 > MAX_DAYS:
        raise DomainError("invalid_request",
                          message=f"Periode laporan paling panjang {MAX_DAYS} hari. Pilih rentang yang lebih pendek.",
                          message_en=f"A report covers at most {MAX_DAYS} days. Pick a shorter range.")
    return first, last


def parse_day(text: Optional[str], field: str) -> date:
    """A YYYY-MM-DD query value as a date, or a refusal naming the field."""
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        raise DomainError("invalid_request",
                          message=f"'{field}' harus tanggal dengan format TTTT-BB-HH (mis. 2025-03-31).",
                          message_en=f"'{field}' must be a date written YYYY-MM-DD (e.g. 2025-03-31).") from None


def label(kind: str, first: date, last: date, lang: str = "id") -> str:
    """The period as a person says it: "Maret 2025", "Semester I 2025", "3-9 Maret 2025"."""
    months = vocab.MONTH_NAMES[lang]
    if kind == "day":
        return vocab.long_date(first, lang)
    if kind == "month":
        return f"{months[first.month - 1]} {first.year}"
    if kind == "semester":
        return f"Semester {'I' if first.month <= 6 else 'II'} {first.year}"
    if kind == "year":
        return f"{'Year' if lang == 'en' else 'Tahun'} {first.year}"
    return span(first, last, lang)


def span(first: date, last: date, lang: str = "id") -> str:
    """Two days as a range, saying the month and year once when they are shared."""
    months = vocab.MONTH_NAMES[lang]
    if first == last:
        return f"{first.day} {months[first.month - 1]} {first.year}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {months[last.month - 1]} {last.year}"
    if first.year == last.year:
        return f"{first.day} {months[first.month - 1]} – {last.day} {months[last.month - 1]} {last.year}"
    return f"{first.day} {months[first.month - 1]} {first.year} – {last.day} {months[last.month - 1]} {last.year}"
