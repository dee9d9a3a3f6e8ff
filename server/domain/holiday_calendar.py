"""The office's holiday calendar as plain rules: one holiday checked, a CSV read, the kiosk's words.

No I/O: ``server.storage.calendar`` reads and writes the ``holidays`` table and
calls these. A CSV import is all or nothing: the first bad line stops it with a
message that names the line, so an admin fixes the file and imports it again
instead of guessing which half went in.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import AbstractSet, Optional

from common import vocabulary as vocab
from server.domain.errors import DomainError
from server.domain.fields import FieldProblems, name
from server.domain.working_days import next_working_day

CSV_HEADER = ("tanggal", "nama", "jenis")
MAX_CSV_LINES = 1000
# The years an office plans for: a typo such as 2205 is refused rather than kept.
YEARS = range(2000, 2101)


def parse_day(value) -> Optional[date]:
    """A ``YYYY-MM-DD`` day within ``YEARS``, or None."""
    if not isinstance(value, str) or len(value.strip()) != 10:
        return None
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        return None
    return day if day.year in YEARS else None


def checked_holiday(data: dict) -> dict:
    """``{"day", "name", "kind"}`` from what the admin typed, or ``invalid_field`` naming each problem."""
    p = FieldProblems()
    day = parse_day(data.get("day"))
    if day is None:
        p.add("day", "Tanggal harus berbentuk TTTT-BB-HH, misalnya 2026-08-17.",
              "The date must be YYYY-MM-DD, e.g. 2026-08-17.")
    label = name(p, data, "name", required=True, max_len=120)
    kind = data.get("kind") or "lokal"
    if kind not in vocab.HOLIDAY_KINDS:
        p.add("kind", "Jenis libur tidak dikenal.", "Unknown kind of holiday.")
    p.raise_if_any()
    return {"day": day.isoformat(), "name": label, "kind": kind}


def _line_error(line: int, why_id: str, why_en: str) -> DomainError:
    return DomainError("invalid_csv", message=f"Baris {line}: {why_id} Tidak ada yang diimpor.",
                       message_en=f"Line {line}: {why_en} Nothing was imported.", line=line)


def parse_csv(text: str) -> list[dict]:
    """Holidays from ``tanggal,nama,jenis`` lines (a header line is optional, ``;`` also works).

    Any bad line raises ``invalid_csv`` naming it (1-based, as a spreadsheet shows it).
    """
    lines = text.lstrip("\ufeff").splitlines()
    if len(lines) > MAX_CSV_LINES:
        raise DomainError("invalid_csv", message=f"Berkas terlalu panjang (maksimal {MAX_CSV_LINES} baris).",
                          message_en=f"The file is too long ({MAX_CSV_LINES} lines at most).")
    dialect = ";" if lines and lines[0].count(";") > lines[0].count(",") else ","
    found: dict[str, dict] = {}
    for number, row in enumerate(csv.reader(io.StringIO("\n".join(lines)), delimiter=dialect), start=1):
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        if number == 1 and tuple(c.casefold() for c in cells[:3]) == CSV_HEADER:
            continue
        if len(cells) != 3:
            raise _line_error(number, "harus tiga kolom: tanggal,nama,jenis.",
                              "it must have three columns: tanggal,nama,jenis.")
        day, label, kind = cells
        if parse_day(day) is None:
            raise _line_error(number, f"tanggal \"{day[:20]}\" bukan tanggal yang benar (TTTT-BB-HH, "
                                      "misalnya 2026-08-17).",
                              f"the date \"{day[:20]}\" is not a real date (YYYY-MM-DD, e.g. 2026-08-17).")
        try:
            holiday = checked_holiday({"day": day, "name": label, "kind": kind})
        except DomainError as e:
            field = e.extra["errors"][0]
            raise _line_error(number, _describe(field, kind, "id"), _describe(field, kind, "en")) from None
        if holiday["day"] in found:
            raise _line_error(number, f"tanggal {day} sudah ada di baris sebelumnya.",
                              f"the date {day} is on an earlier line already.")
        found[holiday["day"]] = holiday
    if not found:
        raise DomainError("invalid_csv", message="Berkas tidak berisi hari libur. Tidak ada yang diimpor.",
                          message_en="The file holds no holidays. Nothing was imported.")
    return list(found.values())


def _describe(field: dict, kind: str, language: str) -> str:
    if field["field"] == "kind":
        kinds = ", ".join(vocab.HOLIDAY_KINDS)
        return (f"jenis \"{kind[:20]}\" tidak dikenal (pilih {kinds})." if language == "id"
                else f"unknown kind \"{kind[:20]}\" (one of {kinds}).")
    words = field["message"] if language == "id" else field["message_en"]
    return f"nama: {words}" if language == "id" else f"name: {words}"


def to_csv(rows: list[dict]) -> str:
    """The calendar as the import reads it (``tanggal,nama,jenis``)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for r in rows:
        writer.writerow((r["day"], r["name"], r["kind"]))
    return out.getvalue()


def holiday_refusal(today: date, holiday_name: str, holidays: AbstractSet[date]) -> DomainError:
    """The kiosk's polite refusal on a holiday, naming it and the day the office opens again."""
    back = next_working_day(today, holidays)
    if back is None:
        return DomainError("office_holiday", message=f"Hari ini libur: {holiday_name}.",
                           message_en=f"The office is closed today: {holiday_name}.", holiday=holiday_name)
    return DomainError(
        "office_holiday",
        message=f"Hari ini libur: {holiday_name}. Kantor buka kembali {vocab.long_date(back, 'id')}.",
        message_en=f"The office is closed today: {holiday_name}. It opens again on {vocab.long_date(back, 'en')}.",
        holiday=holiday_name, opens=back.isoformat())
