"""The citizen's journey through the kiosk as plain state: no Kivy, no I/O.

Steps, in order: welcome -> service -> priority -> nik -> privacy -> confirm ->
issuing -> printing -> done. Side branches: existing (this NIK already holds a
number for the service), print_failed, refused (the server said no),
server_down (retries exhausted). ``reset()`` forgets everything typed.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Optional

from common import nik as nik_rules

PRIORITIES = ("lansia", "disabilitas", "ibu_hamil", "anak", "korban_bencana")

# Where "Kembali" leads. Confirm goes back to the NIK: the privacy notice was already accepted.
BACK = {"service": "welcome", "priority": "service", "nik": "priority", "privacy": "nik", "confirm": "nik"}

# Steps the idle timeout never interrupts: a request or a print is under way.
BUSY_STEPS = ("issuing", "printing")


@dataclass
class Journey:
    default_lang: str = "id"
    step: str = "welcome"
    lang: str = "id"
    service: Optional[dict] = None
    priority: Optional[str] = None
    nik: str = ""
    nik_errors: tuple = ()          # NikIssue from common.nik, or dicts from the server
    request_id: Optional[str] = None
    ticket: Optional[dict] = None
    refusal: Optional[object] = None  # ApiRefusal
    attempt: int = 0
    reprint: bool = False
    print_error: Optional[str] = None
    session: int = 0                 # bumped by reset(): late answers for an old session are ignored

    def __post_init__(self):
        self.lang = self.default_lang

    def __repr__(self) -> str:  # keeps the typed NIK out of any log line or traceback
        return f"Journey(step={self.step!r}, lang={self.lang!r}, session={self.session})"

    # ---- navigation
    def reset(self) -> None:
        session = self.session + 1
        self.__init__(default_lang=self.default_lang)
        self.session = session

    def start(self) -> None:
        if self.step == "welcome":
            self.step = "service"

    def back(self) -> None:
        if self.step in BACK:
            if self.step == "confirm":
                self.request_id = None  # anything may change now: a new request gets a new id
            self.step = BACK[self.step]
            if self.step == "welcome":
                self.reset()

    def toggle_language(self) -> None:
        self.lang = "en" if self.lang == "id" else "id"

    def choose_service(self, service: dict) -> bool:
        if self.step != "service" or not service.get("available", True):
            return False
        self.service = service
        self.step = "priority"
        return True

    def choose_priority(self, priority: Optional[str]) -> None:
        if self.step != "priority":
            return
        if priority is not None and priority not in PRIORITIES:
            raise ValueError(priority)
        self.priority = priority
        self.step = "nik"

    # ---- NIK keypad
    def type_digit(self, digit: str) -> None:
        if self.step == "nik" and digit.isdigit() and len(digit) == 1 and len(self.nik) < nik_rules.NIK_LENGTH:
            self.nik += digit
            self.nik_errors = ()

    def backspace(self) -> None:
        if self.step == "nik":
            self.nik = self.nik[:-1]
            self.nik_errors = ()

    def clear(self) -> None:
        if self.step == "nik":
            self.nik = ""
            self.nik_errors = ()

    def live_guidance(self) -> nik_rules.NikCheck:
        """What more typing cannot fix, as soon as it is typed (the server's rules, from common.nik)."""
        return nik_rules.check_partial(self.nik)

    def submit_nik(self) -> bool:
        """'Lanjut' on the keypad: the full check, or stay with the exact problems shown."""
        if self.step != "nik":
            return False
        result = nik_rules.check(self.nik)
        if not result.valid:
            self.nik_errors = result.errors
            return False
        self.step = "privacy"
        return True

    def accept_privacy(self) -> None:
        if self.step == "privacy":
            self.step = "confirm"

    @property
    def nik_masked(self) -> str:
        return nik_rules.mask(self.nik)

    # ---- issuing
    def begin_issue(self) -> bool:
        """'Cetak Tiket'. False when already under way: a double tap never sends twice."""
        if self.step != "confirm":
            return False
        self.step = "issuing"
        self.attempt = 1
        self.request_id = self.request_id or uuid.uuid4().hex
        return True

    def retry_issue(self) -> bool:
        """'Coba lagi' after the automatic retries gave up: the same request id again."""
        if self.step != "server_down":
            return False
        self.step = "issuing"
        self.attempt = 1
        return True
