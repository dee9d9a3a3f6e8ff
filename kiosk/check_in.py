"""Checking in at the kiosk: what a scanned or typed code means. No Kivy, no I/O.

A citizen who booked a slot, or took a number from home, shows the phone's QR code
to the kiosk's scanner or types the booking code on the screen's keypad. Three
kinds of text arrive, and each is reduced to what the server's
``POST /api/kiosk/check-in`` takes as ``code``:

* a URL from the phone's QR code: ``…/b/<booking code>`` or ``…/t/<ticket token>``
  (the path's last part is sent: the server knows both);
* a booking code as printed on the phone, typed or scanned: 8 characters of
  ``CODE_ALPHABET``, in any case, with spaces or hyphens a person adds while reading
  it out (``abcd-2345`` is ``ABCD2345``);
* a ticket number taken from home (``A-037``, ``a37``).

A USB scanner is a keyboard: it types the QR code's text and presses Enter.
``ScannerBuffer`` collects those key presses into one line; nothing a scanner
sends is trusted beyond that line being parsed here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional
from urllib.parse import unquote, urlsplit

from common.vocabulary import format_number, parse_number

from .texts import t

# The booking code's alphabet: the same unambiguous one as the server's other codes to be typed
# (server.domain.online_rules.CODE_ALPHABET): no 0/O, 1/I/L to confuse on a small phone screen.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
# A scanned line longer than this is not ours (a long URL of another site, a scanner left on repeat).
MAX_LINE = 300

_SEPARATORS = re.compile(r"[\s\-–·.]+")
_TOKEN = re.compile(r"^[A-Za-z0-9_\-]{8,64}$")


@dataclass(frozen=True)
class CheckInCode:
    """What the kiosk will send: ``kind`` is "booking", "token" or "number"; ``value`` the code."""

    kind: str
    value: str

    def __repr__(self) -> str:   # a token is a bearer secret of the citizen's status page: never in a log
        shown = self.value if self.kind != "token" else self.value[:3] + "…"
        return f"CheckInCode({self.kind}, {shown})"


def booking_code(text: str) -> Optional[str]:
    """``text`` as a booking code (upper case, separators dropped), or None."""
    code = _SEPARATORS.sub("", text or "").upper()
    if len(code) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in code):
        return code
    return None


def parse(text: str) -> Optional[CheckInCode]:
    """What a scanned or typed line means, or None (the screen then says the code is not one of ours)."""
    if not isinstance(text, str):
        return None
    text = text.strip()
    if not text or len(text) > MAX_LINE:
        return None
    if "/" in text:
        return _from_url(text)
    code = booking_code(text)
    if code is not None:
        return CheckInCode("booking", code)
    number = parse_number(text, loose=True)
    if number is not None:
        return CheckInCode("number", format_number(*number))
    return None


def _from_url(text: str) -> Optional[CheckInCode]:
    parts = [unquote(p) for p in urlsplit(text).path.split("/") if p]
    if len(parts) < 2 or parts[-2] not in ("b", "t"):
        return None
    last = parts[-1]
    if parts[-2] == "b":
        code = booking_code(last)
        return CheckInCode("booking", code) if code else None
    return CheckInCode("token", last) if _TOKEN.match(last) else None


class ScannerBuffer:
    """Key presses from a USB scanner (a keyboard) into lines: ``key(ch)`` for each character typed,
    ``enter()`` when the scanner presses Enter, which returns the line and starts the next."""

    def __init__(self):
        self._chars: list[str] = []

    def key(self, text: str) -> None:
        if len(self._chars) < MAX_LINE + 1:       # a runaway scanner fills nothing beyond one line
            self._chars.extend(ch for ch in text if ch.isprintable())

    def enter(self) -> str:
        line, self._chars = "".join(self._chars), []
        return line

    def clear(self) -> None:
        self._chars = []

    @property
    def pending(self) -> str:
        return "".join(self._chars)


def slot_time(ticket: dict) -> Optional[str]:
    """The booked slot's start as the ticket prints it ("09.00", Indonesian time style), or None.

    Read from what the server sends with a checked-in booking: the slot's hour (``booking.hour``,
    ``booking.slot`` or ``slot``, as 9 or "09:00"); a ticket taken from home has none."""
    booking = ticket.get("booking") if isinstance(ticket.get("booking"), dict) else {}
    for value in (booking.get("hour"), booking.get("slot"), ticket.get("slot_hour"), ticket.get("slot")):
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 23:
            return f"{value:02d}.00"
        m = re.match(r"^(\d{1,2})[:.](\d{2})$", str(value or ""))
        if m and int(m.group(1)) <= 23:
            return f"{int(m.group(1)):02d}.{m.group(2)}"
    return None


def check_in_line(ticket: dict, lang: str) -> str:
    """The ticket's and the Done screen's line for a checked-in ticket: "Jadwal 09.00 · sudah hadir",
    "... terlambat, masuk antrean biasa" when late (it joined as a walk-in), or "Diambil dari rumah ·
    sudah hadir" for a number taken from home."""
    time = slot_time(ticket)
    if time is None:
        return t("t_remote_here", lang)
    return t("t_booked_late" if ticket.get("late") else "t_booked_here", lang, time=time)


# The server's refusals (POST /api/kiosk/check-in) in the kiosk's own words.
REFUSAL_TEXTS = {"unknown_code": "check_in_unknown_code", "booking_other_day": "check_in_booking_other_day",
                 "already_checked_in": "check_in_already_checked_in", "booking_cancelled": "check_in_booking_cancelled"}


def refusal_text(reason, lang: str) -> str:
    """Why the code did not work (an ApiRefusal, or "server_down"), in plain words; the server's
    own sentence for a refusal the kiosk has no words of its own for."""
    if reason == "server_down":
        return t("check_in_server_down", lang)
    code = getattr(reason, "code", "")
    if code in REFUSAL_TEXTS:
        return t(REFUSAL_TEXTS[code], lang)
    return (reason.text(lang) if hasattr(reason, "text") else "") or t("check_in_other", lang)


__all__ = ["CODE_ALPHABET", "CODE_LENGTH", "CheckInCode", "ScannerBuffer", "booking_code", "check_in_line", "parse",
           "refusal_text", "slot_time"]
