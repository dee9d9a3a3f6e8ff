"""The online application's rules, with no I/O: what a valid application is, its deadline, its words.

The Pariaman standard promises an answer within one working day of receipt, so
the deadline is the next working day after the office day the form arrived on
(a form sent on Friday evening or on Saturday is due on Monday). The NIK follows the kiosk's
rules exactly (``common.nik``), so the
citizen reads the same plain message whichever door they use.
"""

from __future__ import annotations

import re
import secrets
from datetime import date
from typing import AbstractSet, Optional

from common import nik as nik_rules
from common.vocabulary import APPLICATION_STATUSES, SIKS_RESULTS, long_date
from server.domain.errors import DomainError
from server.domain.fields import FieldProblems, name as name_field, text
from server.domain.notify import normalise_email, normalise_phone
from server.domain.working_days import next_working_day

STATUSES = tuple(APPLICATION_STATUSES)  # received, checked, answered, closed
RECEIVED, CHECKED, ANSWERED, CLOSED = STATUSES
# Unambiguous capitals and digits (no 0/O, 1/I/L): read aloud over the phone without a mistake.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_PATTERN = re.compile(r"^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$")
MAX_NEED = 1000
MAX_REPLY = 2000

# The office's answer per SIKS-NG result: a default the clerk may edit before sending. Never a NIK, and no
# name either: the public status page (reached by the code alone) shows the answer.
REPLY_TEMPLATES: dict[str, tuple[str, str]] = {
    "registered": (
        "Yth. Bapak/Ibu, hasil pengecekan SIKS-NG: Anda TERDAFTAR di DTKS. Surat Keterangan DTKS sedang "
        "disiapkan; setelah ditandatangani, surat dapat diunduh dari halaman status permohonan Anda.",
        "Dear Sir/Madam, the SIKS-NG check shows you are REGISTERED in the DTKS. Your DTKS certificate is "
        "being prepared; once signed you can download it from your application's status page."),
    "not_registered": (
        "Yth. Bapak/Ibu, hasil pengecekan SIKS-NG: Anda belum terdaftar di DTKS. Untuk diusulkan, silakan "
        "mendaftar ke kantor desa/kelurahan tempat Anda tinggal (musyawarah desa/kelurahan).",
        "Dear Sir/Madam, the SIKS-NG check shows you are not registered in the DTKS. To be proposed, please "
        "register at your village/kelurahan office (village deliberation)."),
    "home_visit": (
        "Yth. Bapak/Ibu, data Anda perlu dipastikan melalui kunjungan rumah oleh pendamping sosial. "
        "Petugas akan menghubungi Anda untuk menentukan waktunya.",
        "Dear Sir/Madam, your data must be confirmed by a home visit from a social worker. "
        "We will contact you to agree on a time."),
}


def new_code() -> str:
    """The tracking code: 60 random bits, so holding it is the only way to a status page."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def deadline(received_day: date, holidays: AbstractSet[date]) -> date:
    """One working day: the first working day after the day of receipt."""
    due = next_working_day(received_day, holidays)
    if due is None:  # a calendar with no working day for a year: never in practice
        raise DomainError("office_holiday")
    return due


def deadline_words(due: date, lang: str = "id") -> str:
    """"dijawab paling lambat Kamis, 3 Desember 2026": what the citizen reads after sending."""
    if lang == "en":
        return f"answered by {long_date(due, 'en')} at the latest"
    return f"dijawab paling lambat {long_date(due, 'id')}"


def is_overdue(status: str, deadline_day: str, today: str) -> bool:
    """Late when still unanswered after its deadline day has passed."""
    return status in (RECEIVED, CHECKED) and today > deadline_day


def answered_within(answered_day: Optional[str], deadline_day: str) -> bool:
    return answered_day is not None and answered_day <= deadline_day


def checked_application(data: dict, today: date, region_lookup=None) -> dict:
    """The form's fields, cleaned; every problem at once, each next to its field (NIK as the kiosk says it)."""
    p = FieldProblems()
    check = nik_rules.check(str(data.get("nik") or ""), today=today, region_lookup=region_lookup)
    for issue in check.errors[:1]:
        p.add("nik", issue.message("id"), issue.message("en"))
    full_name = name_field(p, data, "name", required=True, max_len=120)
    address = text(p, data, "address", required=True, max_len=300)
    need = text(p, data, "need", required=True, max_len=MAX_NEED)
    raw_phone = phone = text(p, data, "phone", max_len=30) or None
    email = text(p, data, "email", max_len=200) or None
    if phone is not None:
        phone = normalise_phone(phone)
        if phone is None:
            p.add("phone", "Nomor WhatsApp tidak valid. Contoh: 0812 3456 7890.",
                  "The WhatsApp number is not valid. Example: 0812 3456 7890.")
    raw_email, email = email, normalise_email(email)
    if raw_email and email is None:
        p.add("email", "Alamat email tidak valid. Contoh: nama@contoh.id.",
              "The email address is not valid. Example: name@example.id.")
    if not raw_phone and not raw_email:
        p.add("contact", "Isi nomor WhatsApp atau email (salah satu) agar kami dapat mengabari Anda.",
              "Give a WhatsApp number or an email (at least one) so we can tell you the answer.")
    if data.get("consent") not in (True, "true", "on", "1", 1):
        p.add("consent", "Centang persetujuan pengolahan data pribadi untuk melanjutkan.",
              "Tick the consent to the processing of personal data to continue.")
    if str(data.get("language") or "id") not in ("id", "en"):
        p.add("language", "Bahasa harus id atau en.", "The language must be id or en.")
    p.raise_if_any()
    return {"nik": check.digits, "name": full_name, "address": address, "need": need, "phone": phone,
            "email": email, "language": str(data.get("language") or "id"),
            "nik_warnings": [w.as_dict() for w in check.warnings]}


def default_reply(result: str, name: str, lang: str = "id") -> str:
    if result not in SIKS_RESULTS:
        raise DomainError("invalid_field", errors=[{"field": "result", "message": "Hasil SIKS-NG tidak dikenal.",
                                                    "message_en": "Unknown SIKS-NG result."}])
    id_text, en_text = REPLY_TEMPLATES[result]
    return (en_text if lang == "en" else id_text).format(name=name)


def result_words(result: Optional[str], lang: str = "id") -> str:
    if result is None:
        return ""
    id_text, en_text = SIKS_RESULTS[result]
    return en_text if lang == "en" else id_text


def has_nik_run(value: str) -> bool:
    """A 16-digit run (spaces, dots and hyphens between digits ignored): a NIK must never leave in a reply."""
    return re.search(r"\d{16}", re.sub(r"(?<=\d)[\s.\-](?=\d)", "", value)) is not None
