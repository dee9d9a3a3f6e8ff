"""The citizen's journey through the kiosk as a closed state machine: no Kivy, no I/O.

Steps, in order: welcome -> service -> priority -> nik -> privacy -> confirm ->
issuing -> printing -> done. Side branches: existing (this NIK already holds a
number for the service), print_failed, refused (the server said no),
server_down (retries exhausted), and the technician's pin -> technician.
Check-in (a booking or a number taken from home): welcome -> check_in ->
checking_in -> printing -> done; a refusal or an unreachable server goes back to
check_in with the reason (``check_in_error``), the typed code kept.

Every change of step is a method below; the fields are read-only properties, so
nobody outside this module moves the journey. Two kinds of transition, two rules:

* **Touches** (``start``, ``choose_service``, ``type_digit``, ``begin_issue``,
  ``open_pin`` ...) at the wrong step are *ignored* and answer False. A touch that
  lands on a screen being replaced, or the second tap of a double tap, is normal
  on a touchscreen and must do nothing.
* **Outcomes** from the server or the printer (``issued``, ``printed``,
  ``print_failed``, ``refused``, ``server_down`` ...) at the wrong step raise
  ``JourneyError``. The controller drops answers for an old session before they
  get here, so such a call is a bug, and a silent wrong screen would hide it.

``reset()`` forgets everything typed.
"""

from __future__ import annotations

import uuid
from typing import Optional

from common import nik as nik_rules
from common.vocabulary import ELDERLY_AGE, PRIORITY_NAMES

STEPS = ("welcome", "service", "priority", "nik", "privacy", "confirm", "issuing", "printing", "done",
         "existing", "print_failed", "refused", "server_down", "pin", "technician", "check_in", "checking_in")

# Where "Kembali" leads. Confirm goes back to the NIK: the privacy notice was already accepted.
BACK = {"check_in": "welcome", "service": "welcome", "priority": "service", "nik": "priority", "privacy": "nik",
        "confirm": "nik"}

# Steps the idle timeout never interrupts: a request or a print is under way.
BUSY_STEPS = ("issuing", "printing", "checking_in")


class JourneyError(RuntimeError):
    """An outcome arrived at a step where it cannot happen (a bug in the caller, never a citizen's doing)."""

    def __init__(self, transition: str, step: str, allowed: tuple[str, ...]):
        super().__init__(f"journey: {transition}() at step {step!r}; only from {', '.join(allowed)}")
        self.transition, self.step, self.allowed = transition, step, allowed


class Journey:
    """One citizen at a time. Read the fields; change them only through the methods."""

    def __init__(self, default_lang: str = "id"):
        self._default_lang = default_lang
        self._session = 0                 # bumped by reset(): late answers for an old session are ignored
        self._forget()

    def _forget(self) -> None:
        self._step = "welcome"
        self._lang = self._default_lang
        self._large = False
        self._service: Optional[dict] = None
        self._priority: Optional[str] = None
        self._nik = ""
        self._nik_errors: tuple[nik_rules.NikIssue, ...] = ()
        self._request_id: Optional[str] = None
        self._ticket: Optional[dict] = None
        self._refusal: Optional[object] = None     # kiosk.api.ApiRefusal
        self._attempt = 0
        self._reprint = False
        self._print_error: Optional[str] = None
        self._code = ""                             # the booking code typed or scanned (check-in)
        self._check_in_error: Optional[object] = None   # kiosk.api.ApiRefusal, or "server_down"

    def __repr__(self) -> str:  # keeps the typed NIK out of any log line or traceback
        return f"Journey(step={self._step!r}, lang={self._lang!r}, session={self._session})"

    # ---- read-only fields
    step = property(lambda self: self._step, doc="One of STEPS.")
    lang = property(lambda self: self._lang, doc='"id" or "en", for this citizen only.')
    large = property(lambda self: self._large,
                     doc="Large text / high contrast, for this citizen only (low vision).")
    default_lang = property(lambda self: self._default_lang, doc="The language every journey starts in.")
    service = property(lambda self: self._service, doc="The chosen service, as the server listed it.")
    priority = property(lambda self: self._priority, doc="A name of PRIORITY_CATEGORIES, or None.")
    nik = property(lambda self: self._nik, doc="The digits typed so far.")
    nik_errors = property(lambda self: self._nik_errors,
                          doc="NikIssue objects: from common.nik, or the server's (NikIssue.from_dict).")
    request_id = property(lambda self: self._request_id, doc="Sent with every try of one issue: never two tickets.")
    ticket = property(lambda self: self._ticket, doc="The server's answer once issued.")
    refusal = property(lambda self: self._refusal, doc="The ApiRefusal shown on the refused step.")
    attempt = property(lambda self: self._attempt, doc="Which try of the issue request is under way (1, 2, ...).")
    reprint = property(lambda self: self._reprint, doc="The print under way is a reprint.")
    print_error = property(lambda self: self._print_error, doc="The PrinterError code on print_failed.")
    session = property(lambda self: self._session, doc="Changes on every reset().")
    code = property(lambda self: self._code, doc="Check-in: the code typed on the keypad or scanned.")
    check_in_error = property(lambda self: self._check_in_error,
                              doc='Check-in: why the last code did not work (an ApiRefusal, or "server_down").')

    @property
    def nik_masked(self) -> str:
        return nik_rules.mask(self._nik)

    def _outcome(self, transition: str, *allowed: str) -> None:
        if self._step not in allowed:
            raise JourneyError(transition, self._step, allowed)

    # ---- navigation (touches)
    def reset(self) -> None:
        """Back to Welcome in the default language, everything typed forgotten."""
        self._session += 1
        self._forget()

    def reconfigured(self, default_lang: str) -> None:
        """New settings took effect: a citizen's journey is forgotten (reset), but the technician
        who saved them stays on the technician page."""
        stay = self._step == "technician"
        self._default_lang = default_lang
        self.reset()
        if stay:
            self._step = "technician"

    def start(self) -> bool:
        if self._step != "welcome":
            return False
        self._step = "service"
        return True

    def back(self) -> bool:
        if self._step not in BACK:
            return False
        self._step = BACK[self._step]
        if self._step == "welcome":
            self.reset()
        return True

    def toggle_language(self) -> None:
        self._lang = "en" if self._lang == "id" else "id"

    def toggle_large(self) -> None:
        """The large text / high contrast mode: any step of a citizen's journey; forgotten by reset()."""
        self._large = not self._large

    @property
    def pristine(self) -> bool:
        """Welcome as the next citizen finds it: nothing chosen, the default language, the usual look."""
        return self._step == "welcome" and self._lang == self._default_lang and not self._large

    def choose_service(self, service: dict) -> bool:
        if self._step != "service" or not service.get("available", True):
            return False
        self._service = service
        self._step = "priority"
        return True

    def choose_priority(self, priority: Optional[str]) -> bool:
        if self._step != "priority":
            return False
        if priority is not None and priority not in PRIORITY_NAMES:
            raise ValueError(priority)
        self._priority = priority
        self._step = "nik"
        return True

    # ---- NIK keypad (touches)
    def type_digit(self, digit: str) -> bool:
        if self._step != "nik" or not (digit.isdigit() and len(digit) == 1) or len(self._nik) >= nik_rules.NIK_LENGTH:
            return False
        self._nik += digit
        self._nik_errors = ()
        return True

    def backspace(self) -> bool:
        if self._step != "nik":
            return False
        self._nik, self._nik_errors = self._nik[:-1], ()
        return True

    def clear(self) -> bool:
        if self._step != "nik":
            return False
        self._nik, self._nik_errors = "", ()
        return True

    def live_guidance(self) -> nik_rules.NikCheck:
        """What more typing cannot fix, as soon as it is typed (the server's rules, from common.nik)."""
        return nik_rules.check_partial(self._nik)

    def submit_nik(self) -> bool:
        """'Lanjut' on the keypad: the full check, or stay with the exact problems shown."""
        if self._step != "nik":
            return False
        result = nik_rules.check(self._nik)
        if not result.valid:
            self._nik_errors = result.errors
            return False
        self._step = "privacy"
        return True

    def nik_ready(self) -> bool:
        """All 16 digits typed and nothing wrong with them: "Lanjut" may be pressed."""
        return len(self._nik) == nik_rules.NIK_LENGTH and not self._nik_errors and nik_rules.check(self._nik).valid

    def age_hint(self, today) -> Optional[tuple[str, int]]:
        """What the NIK's birth date says about the elderly priority, on the office's ``today``:
        ("suggest", age) for someone 60 or older who did not choose it, ("check", age) for a younger
        one who did, else None. A hint only: the citizen chooses and the staff decide."""
        age = nik_rules.check(self._nik, today=today).age_on(today) if len(self._nik) == nik_rules.NIK_LENGTH else None
        if age is None or age < 0:
            return None
        if age >= ELDERLY_AGE and self._priority is None:
            return "suggest", age
        if age < ELDERLY_AGE and self._priority == "lansia":
            return "check", age
        return None

    def change_priority(self, priority: Optional[str]) -> bool:
        """On the confirm screen, after the age hint: another priority (a touch), nothing else changes."""
        if self._step != "confirm" or (priority is not None and priority not in PRIORITY_NAMES):
            return False
        self._priority = priority
        return True

    def accept_privacy(self) -> bool:
        if self._step != "privacy":
            return False
        self._step = "confirm"
        return True

    # ---- issuing
    def begin_issue(self) -> bool:
        """'Cetak Tiket'. False when already under way: a double tap never sends twice."""
        if self._step != "confirm":
            return False
        # A new id for every confirmed request: only retries of this one (retrying, retry_issue)
        # reuse it, so the server never issues twice, and nothing typed later shares it.
        self._step = "issuing"
        self._attempt = 1
        self._request_id = uuid.uuid4().hex
        return True

    def retry_issue(self) -> bool:
        """'Coba lagi' after the automatic retries gave up: the same request id again."""
        if self._step != "server_down":
            return False
        self._step = "issuing"
        self._attempt = 1
        return True

    def retrying(self) -> None:
        """Outcome: the server did not answer; the same request goes again (attempt + 1)."""
        self._outcome("retrying", "issuing")
        self._attempt += 1

    def stop_waiting(self) -> bool:
        """'Batal' while the server is slow to answer (a touch): stop waiting, keep the request id.
        The request under way may still be answered (``issued`` is taken on server_down too), and
        "Coba lagi" sends the same id: never two tickets, never one issued and lost."""
        if self._step != "issuing":
            return False
        self._step = "server_down"
        return True

    def server_down(self) -> None:
        """Outcome: the automatic retries are used up."""
        self._outcome("server_down", "issuing")
        self._step = "server_down"

    def nik_rejected(self, errors: tuple[nik_rules.NikIssue, ...]) -> None:
        """Outcome: the server's NIK rules said no. Back to the keypad with its reasons; a new
        request id, since the next request will carry another NIK."""
        self._outcome("nik_rejected", "issuing")
        if not errors or not all(isinstance(e, nik_rules.NikIssue) for e in errors):
            raise TypeError("nik_rejected() needs NikIssue objects (NikIssue.from_dict for the server's)")
        self._step, self._request_id, self._nik_errors = "nik", None, tuple(errors)

    def refused(self, refusal) -> None:
        """Outcome: the server said no for another reason (quota, closed, key): the refused screen."""
        self._outcome("refused", "issuing")
        self._step, self._refusal = "refused", refusal

    def issued(self, ticket: dict) -> str:
        """Outcome: the server's ticket. A new (or repeated) one goes to the printer; an active
        ticket this NIK already held for the service is shown instead. Returns the new step."""
        self._outcome("issued", "issuing", "server_down")
        self._ticket = ticket
        if ticket.get("outcome") == "existing":
            self._step = "existing"
        else:
            self._step, self._reprint, self._print_error = "printing", False, None
        return self._step

    # ---- printing
    def reprinting(self) -> bool:
        """'Cetak ulang' (a touch) on the existing or print-failed screen."""
        if self._step not in ("existing", "print_failed") or self._ticket is None:
            return False
        self._step, self._reprint, self._print_error = "printing", True, None
        return True

    def printed(self) -> None:
        """Outcome: the ticket came out."""
        self._outcome("printed", "printing")
        self._step = "done"

    def print_failed(self, code: str) -> None:
        """Outcome: it did not (a PrinterError code). The ticket stays valid and is shown."""
        self._outcome("print_failed", "printing")
        self._step, self._print_error = "print_failed", code

    # ---- check-in: a booking or a number taken from home (touches, then outcomes)
    def open_check_in(self) -> bool:
        """"Sudah ambil nomor / punya jadwal?" on Welcome: the check-in keypad."""
        if self._step != "welcome":
            return False
        self._step = "check_in"
        return True

    def type_code(self, text: str) -> bool:
        """A key of the check-in keypad (one character), upper-cased; 8 at most."""
        from .check_in import CODE_ALPHABET, CODE_LENGTH

        ch = (text or "").upper()
        if self._step != "check_in" or len(ch) != 1 or ch not in CODE_ALPHABET or len(self._code) >= CODE_LENGTH:
            return False
        self._code, self._check_in_error, self._request_id = self._code + ch, None, None
        return True

    def code_backspace(self) -> bool:
        if self._step != "check_in" or not self._code:
            return False
        self._code, self._check_in_error, self._request_id = self._code[:-1], None, None
        return True

    def clear_code(self) -> bool:
        if self._step != "check_in":
            return False
        self._code, self._check_in_error, self._request_id = "", None, None
        return True

    def begin_check_in(self, code: Optional[str] = None) -> bool:
        """"Lanjut", or a scanner's line (``code``, already parsed by kiosk.check_in): ask the
        server. The same code sent again keeps its request id, so a retry never checks in twice."""
        if self._step != "check_in" or not (code or self._code):
            return False
        if code is not None and code != self._code:
            self._code, self._request_id = code, None
        self._step, self._check_in_error = "checking_in", None
        self._request_id = self._request_id or uuid.uuid4().hex
        return True

    def code_not_ours(self, reason) -> bool:
        """What was typed or scanned cannot be a booking code or a number (kiosk.check_in.parse):
        said at once, without asking the server; the typed code stays."""
        if self._step != "check_in":
            return False
        self._check_in_error = reason
        return True

    def check_in_refused(self, reason) -> None:
        """Outcome: the server said no (an ApiRefusal), or could not be reached ("server_down"):
        back to the keypad with the reason; the code stays for the citizen to correct."""
        self._outcome("check_in_refused", "checking_in")
        self._step, self._check_in_error = "check_in", reason

    def checked_in(self, ticket: dict) -> None:
        """Outcome: the server's ticket for this booking or number: to the printer, as a new ticket."""
        self._outcome("checked_in", "checking_in")
        self._ticket, self._step, self._reprint, self._print_error = ticket, "printing", False, None

    # ---- the technician (touches: a stale one must never open anything)
    def open_pin(self) -> bool:
        """The hidden gesture on Welcome: the PIN keypad. Never over a citizen's journey."""
        if self._step != "welcome":
            return False
        self._step = "pin"
        return True

    def open_technician(self) -> bool:
        """The right PIN, typed on the PIN keypad."""
        if self._step != "pin":
            return False
        self._step = "technician"
        return True

    def leave_technician(self) -> bool:
        """'Kembali' or 'Batal' from the PIN keypad or the technician page: Welcome."""
        if self._step not in ("pin", "technician"):
            return False
        self.reset()
        return True


__all__ = ["BACK", "BUSY_STEPS", "Journey", "JourneyError", "STEPS"]
