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
    "remote": ("diambil dari rumah", "taken from home"),
}
# "remote": a number taken from a phone, not yet checked in at the kiosk; it holds the citizen's
# place in the same-NIK guard but is not in the queue (call-next reads "waiting" only).
ACTIVE_STATUSES: tuple[str, ...] = ("waiting", "called", "serving", "skipped", "remote")
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

DEVICE_KINDS: dict[str, Label] = {"kiosk": ("Kiosk", "Kiosk"), "display": ("Layar TV", "TV display"),
                                   "survey": ("Tablet survei", "Survey tablet")}

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

# Where a citizen got the number: the reports count each channel.
TICKET_CHANNELS: dict[str, Label] = {"kiosk": ("Kiosk", "Kiosk"), "staff": ("Meja petugas", "Staff desk"),
                                     "online": ("Daring", "Online")}

# Report periods a supervisor picks ("semester" I is January-June, II July-December).
REPORT_PERIODS: dict[str, Label] = {
    "day": ("Hari", "Day"), "week": ("Minggu", "Week"), "month": ("Bulan", "Month"),
    "semester": ("Semester", "Semester"), "year": ("Tahun", "Year"), "custom": ("Rentang lain", "Custom range"),
}

# -- the citizens' satisfaction survey (SKM, PermenPAN-RB 14/2017) ---------------
# Nine elements in the regulation's order, each answered 1-4; the answers are the
# regulation's sample questionnaire's, worst first (for cost: the dearest first).
SKM_ELEMENTS: tuple[dict, ...] = (
    {"code": "U1", "name": ("Persyaratan", "Requirements"),
     "question": ("Bagaimana kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
                  "Did the requirements fit the service?"),
     "answers": (("Tidak sesuai", "Not suitable"), ("Kurang sesuai", "Somewhat unsuitable"),
                 ("Sesuai", "Suitable"), ("Sangat sesuai", "Very suitable"))},
    {"code": "U2", "name": ("Sistem, mekanisme, dan prosedur", "System, mechanism and procedure"),
     "question": ("Bagaimana kemudahan prosedur pelayanan di unit ini?", "How easy was the procedure here?"),
     "answers": (("Tidak mudah", "Not easy"), ("Kurang mudah", "Somewhat difficult"),
                 ("Mudah", "Easy"), ("Sangat mudah", "Very easy"))},
    {"code": "U3", "name": ("Waktu penyelesaian", "Completion time"),
     "question": ("Bagaimana kecepatan waktu dalam memberikan pelayanan?", "How fast was the service?"),
     "answers": (("Tidak cepat", "Not fast"), ("Kurang cepat", "Somewhat slow"),
                 ("Cepat", "Fast"), ("Sangat cepat", "Very fast"))},
    {"code": "U4", "name": ("Biaya/tarif", "Cost/fee"),
     "question": ("Bagaimana kewajaran biaya/tarif dalam pelayanan?", "How fair was the cost of the service?"),
     "answers": (("Sangat mahal", "Very expensive"), ("Cukup mahal", "Rather expensive"),
                 ("Murah", "Cheap"), ("Gratis", "Free"))},
    {"code": "U5", "name": ("Produk spesifikasi jenis pelayanan", "Service product"),
     "question": ("Bagaimana kesesuaian hasil pelayanan dengan yang tercantum dalam standar pelayanan?",
                  "Did what you received match the published service standard?"),
     "answers": (("Tidak sesuai", "Not suitable"), ("Kurang sesuai", "Somewhat unsuitable"),
                 ("Sesuai", "Suitable"), ("Sangat sesuai", "Very suitable"))},
    {"code": "U6", "name": ("Kompetensi pelaksana", "Staff competence"),
     "question": ("Bagaimana kemampuan petugas dalam pelayanan?", "How competent was the staff?"),
     "answers": (("Tidak kompeten", "Not competent"), ("Kurang kompeten", "Somewhat incompetent"),
                 ("Kompeten", "Competent"), ("Sangat kompeten", "Very competent"))},
    {"code": "U7", "name": ("Perilaku pelaksana", "Staff behaviour"),
     "question": ("Bagaimana kesopanan dan keramahan petugas?", "How polite and friendly was the staff?"),
     "answers": (("Tidak sopan dan ramah", "Not polite or friendly"), ("Kurang sopan dan ramah", "Somewhat impolite"),
                 ("Sopan dan ramah", "Polite and friendly"), ("Sangat sopan dan ramah", "Very polite and friendly"))},
    {"code": "U8", "name": ("Penanganan pengaduan, saran dan masukan", "Handling of complaints and suggestions"),
     "question": ("Bagaimana penanganan pengaduan pengguna layanan?", "How are complaints handled?"),
     "answers": (("Tidak ada", "None"), ("Ada tetapi tidak berfungsi", "Exists but does not work"),
                 ("Berfungsi kurang maksimal", "Works, not fully"), ("Dikelola dengan baik", "Well managed"))},
    {"code": "U9", "name": ("Sarana dan prasarana", "Facilities"),
     "question": ("Bagaimana kualitas sarana dan prasarana?", "How good are the facilities?"),
     "answers": (("Buruk", "Poor"), ("Cukup", "Fair"), ("Baik", "Good"), ("Sangat baik", "Very good"))},
)
# The regulation's grades of the converted score (index x 25), highest first: (lowest score, grade, words).
SKM_GRADES: tuple[tuple[str, str, Label], ...] = (
    ("88.31", "A", ("Sangat Baik", "Very good")),
    ("76.61", "B", ("Baik", "Good")),
    ("65.00", "C", ("Kurang Baik", "Fair")),
    ("25.00", "D", ("Tidak Baik", "Poor")),
)
# The respondent profile the regulation's form asks for; every item optional.
SEXES: dict[str, Label] = {"L": ("Laki-laki", "Male"), "P": ("Perempuan", "Female")}
EDUCATION_LEVELS: dict[str, Label] = {
    "sd": ("SD ke bawah", "Primary or less"), "smp": ("SMP", "Junior high"), "sma": ("SMA/SMK", "Senior high"),
    "d1_d3": ("D1-D3", "Diploma"), "d4_s1": ("D4/S1", "Bachelor"), "s2_s3": ("S2/S3", "Master/Doctorate"),
}
OCCUPATIONS: dict[str, Label] = {
    "pns": ("PNS", "Civil servant"), "tni_polri": ("TNI/Polri", "Military/Police"),
    "swasta": ("Pegawai swasta", "Private employee"), "wirausaha": ("Wirausaha", "Self-employed"),
    "petani_nelayan": ("Petani/nelayan", "Farmer/fisher"), "pelajar": ("Pelajar/mahasiswa", "Student"),
    "irt": ("Ibu rumah tangga", "Homemaker"), "tidak_bekerja": ("Tidak bekerja", "Not working"),
    "lainnya": ("Lainnya", "Other"),
}
SURVEY_CHANNELS: dict[str, Label] = {"phone": ("Ponsel", "Phone"), "tablet": ("Tablet survei", "Survey tablet")}

# -- complaints (UU 25/2009 Pasal 36-42) ------------------------------------------
COMPLAINT_CHANNELS: dict[str, Label] = {
    "counter": ("Loket", "Counter"), "letter": ("Surat", "Letter"),
    "whatsapp": ("WhatsApp call center", "WhatsApp call centre"), "online": ("Daring", "Online"),
}
# A case's life, in order; each step may only move forward.
COMPLAINT_STATUSES: dict[str, Label] = {
    "diterima": ("Diterima", "Received"), "diverifikasi": ("Diverifikasi", "Verified"),
    "ditindaklanjuti": ("Ditindaklanjuti", "Being acted on"), "selesai": ("Selesai", "Closed"),
}
COMPLAINT_CATEGORIES: dict[str, Label] = {
    "pelayanan": ("Pelayanan petugas", "Staff service"), "waktu": ("Waktu tunggu/layanan", "Waiting/service time"),
    "bansos": ("Penyaluran bansos", "Social assistance delivery"), "data": ("Data DTKS", "DTKS data"),
    "sarana": ("Sarana dan prasarana", "Facilities"), "pungli": ("Pungutan liar", "Illegal levy"),
    "lainnya": ("Lainnya", "Other"),
}

# -- the second channel: online applications, messages, letters -------------------
APPLICATION_CHANNELS: dict[str, Label] = {"web": ("Formulir web", "Web form"), "whatsapp": ("WhatsApp", "WhatsApp")}
# An application's life, in order.
APPLICATION_STATUSES: dict[str, Label] = {
    "received": ("Diterima", "Received"), "checked": ("Sudah dicek", "Checked"),
    "answered": ("Sudah dijawab", "Answered"), "closed": ("Selesai", "Closed"),
}
# The back office's check in SIKS-NG (the DTKS application).
SIKS_RESULTS: dict[str, Label] = {
    "registered": ("Terdaftar di DTKS", "Registered in DTKS"),
    "not_registered": ("Tidak terdaftar di DTKS", "Not registered in DTKS"),
    "home_visit": ("Perlu kunjungan rumah", "Needs a home visit"),
}
NOTIFY_CHANNELS: dict[str, Label] = {"email": ("Email", "Email"), "whatsapp": ("WhatsApp", "WhatsApp"),
                                     "sms": ("SMS", "SMS"), "log": ("Catatan server", "Server log")}
OUTBOX_STATUSES: dict[str, Label] = {
    "pending": ("Menunggu", "Pending"), "sending": ("Sedang dikirim", "Sending"), "sent": ("Terkirim", "Sent"),
    "failed": ("Gagal", "Failed"), "skipped": ("Tidak dikirim", "Not sent"),
}
LETTER_STATUSES: dict[str, Label] = {
    "draft": ("Konsep", "Draft"), "approved": ("Disetujui", "Approved"), "revoked": ("Dicabut", "Revoked"),
}

# -- numbers from phones and bookings ---------------------------------------------------
BOOKING_STATUSES: dict[str, Label] = {
    "booked": ("Dipesan", "Booked"), "checked_in": ("Sudah hadir", "Checked in"),
    "cancelled": ("Dibatalkan", "Cancelled"), "no_show": ("Tidak datang", "Did not come"),
}

# -- working days -------------------------------------------------------------------
HOLIDAY_KINDS: dict[str, Label] = {
    "nasional": ("Libur nasional", "National holiday"), "cuti_bersama": ("Cuti bersama", "Collective leave"),
    "lokal": ("Libur daerah/kantor", "Local holiday"),
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
        "ticket_channels": TICKET_CHANNELS,
        "report_periods": REPORT_PERIODS,
        "skm_elements": SKM_ELEMENTS,
        "skm_grades": SKM_GRADES,
        "sexes": SEXES,
        "education_levels": EDUCATION_LEVELS,
        "occupations": OCCUPATIONS,
        "survey_channels": SURVEY_CHANNELS,
        "complaint_channels": COMPLAINT_CHANNELS,
        "complaint_statuses": COMPLAINT_STATUSES,
        "complaint_categories": COMPLAINT_CATEGORIES,
        "holiday_kinds": HOLIDAY_KINDS,
        "application_channels": APPLICATION_CHANNELS,
        "application_statuses": APPLICATION_STATUSES,
        "siks_results": SIKS_RESULTS,
        "notify_channels": NOTIFY_CHANNELS,
        "outbox_statuses": OUTBOX_STATUSES,
        "letter_statuses": LETTER_STATUSES,
        "booking_statuses": BOOKING_STATUSES,
    }
