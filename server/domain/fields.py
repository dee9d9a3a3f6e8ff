"""Field validation for the admin pages: every problem names its field, in both languages."""

from __future__ import annotations

import unicodedata
from typing import Any, Optional
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from server.domain.errors import DomainError


class FieldProblems:
    """Collects problems so a form shows all of them at once, next to each field."""

    def __init__(self) -> None:
        self.items: list[dict] = []

    def add(self, field: str, message: str, message_en: str) -> None:
        self.items.append({"field": field, "message": message, "message_en": message_en})

    def raise_if_any(self) -> None:
        if self.items:
            raise DomainError("invalid_field", errors=self.items)


def text(p: FieldProblems, data: dict, field: str, *, required: bool = False, max_len: int = 200,
         default: Any = None) -> Optional[str]:
    value = data.get(field, default)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            p.add(field, "Wajib diisi.", "Required.")
        return None if value is None else ""
    if not isinstance(value, str):
        p.add(field, "Harus berupa teks.", "Must be text.")
        return None
    value = value.strip()
    if len(value) > max_len:
        p.add(field, f"Terlalu panjang (maksimal {max_len} karakter).", f"Too long ({max_len} characters at most).")
    return value


# Ids are SQLite integers: anything past 2^53 (what JavaScript keeps exact) is refused
# before it reaches a query, where 2^63 would overflow into a 500.
MAX_ID = 2**53


def is_id(value: Any) -> bool:
    """A row id as a client may send one: a whole number from 1 to ``MAX_ID`` (not a boolean)."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ID


def integer(p: FieldProblems, data: dict, field: str, *, low: int, high: int, required: bool = False,
            default: Any = None) -> Optional[int]:
    value = data.get(field, default)
    if value is None or value == "":
        if required:
            p.add(field, "Wajib diisi.", "Required.")
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).strip().isdigit():
        p.add(field, "Harus bilangan bulat.", "Must be a whole number.")
        return None
    value = int(value)
    if not low <= value <= high:
        p.add(field, f"Harus antara {low} dan {high}.", f"Must be between {low} and {high}.")
    return value


def boolean(p: FieldProblems, data: dict, field: str, default: Any = None) -> Optional[bool]:
    value = data.get(field, default)
    if value is None or isinstance(value, bool):
        return value
    p.add(field, "Harus ya atau tidak.", "Must be yes or no.")
    return None


def timezone(p: FieldProblems, data: dict, field: str) -> Optional[str]:
    value = text(p, data, field, max_len=60)
    if value:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            p.add(field, "Zona waktu tidak dikenal (contoh: Asia/Jakarta, Asia/Makassar, Asia/Jayapura).",
                  "Unknown time zone (e.g. Asia/Jakarta, Asia/Makassar, Asia/Jayapura).")
    return value


def normalise_name(value: str) -> str:
    """NFKC (full-width and other compatibility forms become plain letters), runs of
    white space become one space: what a name is compared and stored as."""
    return " ".join(unicodedata.normalize("NFKC", value).split())


def name_key(value: str) -> str:
    """What two names must not share: "Loket 1", "LOKET 1" and "Loket １" are one name."""
    return normalise_name(value).casefold()


def name(p: FieldProblems, data: dict, field: str, *, required: bool = False, max_len: int = 120) -> Optional[str]:
    """A name shown on the display and in lists: normalised, and no invisible or control
    characters (a bidi override or a zero-width space makes two names look alike)."""
    value = text(p, data, field, required=required, max_len=max_len)
    if not value:
        return value
    if any(unicodedata.category(ch).startswith("C") for ch in value):
        p.add(field, "Nama tidak boleh memuat karakter kontrol atau tak terlihat.",
              "Names may not contain control or invisible characters.")
        return None
    return normalise_name(value)
