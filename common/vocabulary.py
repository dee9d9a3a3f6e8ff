"""Antre's vocabulary: every named concept defined once, with its words.

The server validates against these names, the kiosk shows their labels, and the
pages receive the same table as ``/pages/vocabulary.js`` (built from ``as_dict``)
instead of keeping a copy. Adding a priority category or a printer state is one
edit here. Pure data and two pure functions: no I/O.

Labels are ``(Indonesian, English)`` pairs, Indonesian first because it is the
default everywhere.
"""

from __future__ import annotations

import re
from typing import NamedTuple

Label = tuple[str, str]

# Priority visitors (UU 25/2009 Pasal 29 and its Penjelasan). Order is the
# kiosk's order of buttons. "short" is what a busy clerk reads in a list.
PRIORITY_CATEGORIES: dict[str, dict[str, Label]] = {
    "lansia": {"long": ("Lanjut usia (60 tahun ke atas)", "Elderly (60 years or older)"),
               "short": ("Lansia", "Elderly")},
    "disabilitas": {"long": ("Penyandang disabilitas", "Person with a disability"),
                    "short": ("Disabilitas", "Disability")},
    "ibu_hamil": {"long": ("Ibu hamil", "Pregnant"), "short": ("Ibu hamil", "Pregnant")},
    "anak": {"long": ("Membawa anak kecil", "With a small child"), "short": ("Anak-anak", "Child")},
    "korban_bencana": {"long": ("Korban bencana", "Disaster victim"),
                       "short": ("Korban bencana", "Disaster victim")},
}
PRIORITY_NAMES: tuple[str, ...] = tuple(PRIORITY_CATEGORIES)

# Lanjut usia from this age (UU 13/1998): the age the NIK encodes is a hint for the
# "lansia" category (kiosk and staff page), never a decision.
ELDERLY_AGE = 60

# A check the front office asks of the back office while it keeps serving the
# citizen (the Pariaman procedure, steps 4-5: the DTKS check): its states in order.
# The pictograms a service tile can show at the kiosk (assets/pictograms/<name>.png): many citizens
# read little. A service without one gets a picture chosen from its name (kiosk.screens.pictograms).
PICTOGRAMS: dict[str, Label] = {
    "document": ("Surat / dokumen", "Letter / document"),
    "aid": ("Bantuan sosial", "Social assistance"),
    "complaint": ("Pengaduan", "Complaint"),
    "info": ("Informasi", "Information"),
    "people": ("Orang / umum", "People / general"),
    "card": ("Kartu identitas", "Identity card"),
    "health": ("Kesehatan", "Health"),
}

BACK_OFFICE_STATES: dict[str, Label] = {
    "requested": ("Diminta", "Requested"),
    "in_progress": ("Sedang dicek", "In progress"),
    "done": ("Ada hasil", "Result ready"),
}

# A ticket's life. Active tickets belong to today's queue; final ones never change again.
TICKET_STATUSES: dict[str, Label] = {
    "waiting": ("menunggu", "waiting"),
    "called": ("dipanggil", "called"),
    "serving": ("sedang dilayani", "being served"),
    "skipped": ("dilewati", "skipped"),
    "done": ("selesai", "done"),
    "cancelled": ("dibatalkan", "cancelled"),
    "expired": ("kedaluwarsa", "expired"),
}
ACTIVE_STATUSES: tuple[str, ...] = ("waiting", "called", "serving", "skipped")
AT_COUNTER_STATUSES: tuple[str, ...] = ("called", "serving")
FINAL_STATUSES: tuple[str, ...] = ("done", "cancelled", "expired")

COUNTER_STATES: dict[str, Label] = {"open": ("Buka", "Open"), "paused": ("Istirahat", "On a break"),
                                    "closed": ("Tutup", "Closed")}
COUNTER_ROLES: dict[str, Label] = {
    "front_office": ("Front office", "Front office"),
    "back_office": ("Back office", "Back office"),
    "bansos_desk": ("Meja bansos", "Bansos desk"),
    "complaints": ("Pengaduan", "Complaints"),
}

# Staff roles, weakest first: a role includes every role before it.
STAFF_ROLES: dict[str, Label] = {"staff": ("Petugas", "Clerk"), "supervisor": ("Supervisor", "Supervisor"),
                                 "admin": ("Admin", "Admin")}

DEVICE_KINDS: dict[str, Label] = {"kiosk": ("Kiosk", "Kiosk"), "display": ("Layar TV", "TV display")}

# The languages the pages speak: a staff account's setting and a display's. Indonesian is the default.
LANGUAGES: dict[str, Label] = {"id": ("Bahasa Indonesia", "Indonesian"), "en": ("Bahasa Inggris", "English")}

PRINTER_STATES: dict[str, Label] = {
    "ok": ("Siap", "Ready"),
    "paper_low": ("Kertas hampir habis", "Paper low"),
    "paper_out": ("Kertas habis", "Out of paper"),
    "offline": ("Tidak terhubung", "Offline"),
    "error": ("Galat", "Error"),
    "unknown": ("Belum diketahui", "Unknown"),
    "none": ("Tanpa printer", "No printer"),
}
# The printer states that raise an alert, and the alert's name.
PRINTER_ALERTS: dict[str, str] = {"paper_out": "printer_paper_out", "offline": "printer_offline",
                                  "error": "printer_error"}
DEVICE_ALERTS: dict[str, Label] = {
    "never_seen": ("Belum pernah terhubung", "Never connected"),
    "offline": ("Tidak aktif", "Offline"),
    "printer_paper_out": ("Kertas printer habis", "Printer out of paper"),
    "printer_offline": ("Printer tidak terhubung", "Printer offline"),
    "printer_error": ("Printer bermasalah", "Printer error"),
    "revoked": ("Dicabut", "Revoked"),
}

# Calendar words, Monday first (Python's ``weekday()``; JavaScript's getDay() is
# Sunday first, so the pages index with ``(getDay() + 6) % 7``).
DAY_NAMES: dict[str, tuple[str, ...]] = {
    "id": ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
MONTH_NAMES: dict[str, tuple[str, ...]] = {
    "id": ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
           "Oktober", "November", "Desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
}


def label(table: dict[str, Label], name: str, lang: str = "id") -> str:
    """The word for ``name`` in ``lang`` ("id" or "en"); the name itself when unknown."""
    pair = table.get(name)
    if pair is None:
        return name
    return pair[1] if lang == "en" else pair[0]


def long_date(day, lang: str = "id") -> str:
    """"Senin, 3 Maret 2025": written out, easier to read than 03/03/2025."""
    return f"{DAY_NAMES[lang][day.weekday()]}, {day.day} {MONTH_NAMES[lang][day.month - 1]} {day.year}"


# -- the ticket number -----------------------------------------------------------
# "A-001": the service's letter, a hyphen, three digits at least. Formatted by
# one function and read back by its inverse right below it; nothing else parses it.

class TicketNumber(NamedTuple):
    prefix: str
    seq: int


NUMBER_PATTERN = r"^([A-Z])-(\d{3,5})$"
_NUMBER = re.compile(NUMBER_PATTERN)
# What a person types or a scanner sends: "a12", "A 012", "A-012".
_LOOSE = re.compile(r"^\s*([A-Za-z])[\s-]*0*(\d{1,5})\s*$")
MAX_SEQ = 99_999


def format_number(prefix: str, seq: int) -> str:
    """``format_number("A", 12)`` → ``"A-012"``: zero-padded so the lobby reads it at a glance."""
    if not (len(prefix) == 1 and "A" <= prefix <= "Z") or not 1 <= seq <= MAX_SEQ:
        raise ValueError(f"not a ticket number: {prefix!r} {seq!r}")
    return f"{prefix}-{seq:03d}"


def parse_number(text: str, *, loose: bool = False) -> TicketNumber | None:
    """The inverse of ``format_number``; None for anything else.

    ``loose`` also accepts what staff type or scan ("a12", "A 012").
    """
    if not isinstance(text, str):
        return None
    m = (_LOOSE if loose else _NUMBER).match(text)
    if m is None:
        return None
    seq = int(m.group(2))
    if not 1 <= seq <= MAX_SEQ:
        return None
    return TicketNumber(m.group(1).upper(), seq)


def as_dict() -> dict:
    """The whole vocabulary as JSON-ready data, for the pages."""
    return {
        "priority_categories": PRIORITY_CATEGORIES,
        "ticket_statuses": TICKET_STATUSES,
        "active_statuses": ACTIVE_STATUSES,
        "at_counter_statuses": AT_COUNTER_STATUSES,
        "final_statuses": FINAL_STATUSES,
        "counter_states": COUNTER_STATES,
        "counter_roles": COUNTER_ROLES,
        "staff_roles": STAFF_ROLES,
        "device_kinds": DEVICE_KINDS,
        "languages": LANGUAGES,
        "printer_states": PRINTER_STATES,
        "printer_alerts": PRINTER_ALERTS,
        "device_alerts": DEVICE_ALERTS,
        "day_names": DAY_NAMES,
        "month_names": MONTH_NAMES,
        "number_pattern": NUMBER_PATTERN,
        "elderly_age": ELDERLY_AGE,
        "back_office_states": BACK_OFFICE_STATES,
        "pictograms": PICTOGRAMS,
    }
