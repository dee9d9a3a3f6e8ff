"""The technician's way into the kiosk: a hidden gesture, a PIN, and a settings page.

No Kivy here. The gesture (``CornerGesture``) is two long presses, first on the
top-left corner of the Welcome screen, then on the bottom-right one: nothing a
citizen does by tapping, however often or wherever (a short touch on a corner
starts the journey as any touch does). Then the PIN, checked against a salted
PBKDF2 hash in the config file, with a growing lockout after wrong tries.

``TechnicianSession`` holds the page's state (PIN typed, draft settings, the last
result) and runs its buttons on the controller's workers.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Optional

from .config import ConfigError, KioskConfig, PrinterSpec, save_config
from .diagnostics import Check, check_connection, check_printer, pair, test_print
from .texts import t

log = logging.getLogger("antre.kiosk.technician")

PIN_ITERATIONS = 120_000
PIN_MIN, PIN_MAX = 4, 8


# ------------------------------------------------------------------ PIN
def new_pin() -> str:
    """Six random digits (never a fixed, well-known default)."""
    return f"{secrets.randbelow(10 ** 6):06d}"


def hash_pin(pin: str, *, salt: Optional[str] = None, iterations: int = PIN_ITERATIONS) -> str:
    salt = salt or secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), bytes.fromhex(salt), iterations).hex()
    return f"pbkdf2_sha256${iterations}${salt}${digest}"


def verify_pin(pin: str, stored: str) -> bool:
    try:
        scheme, iterations, salt, digest = stored.split("$")
        if scheme != "pbkdf2_sha256":
            return False
        expected = hash_pin(pin, salt=salt, iterations=int(iterations)).split("$")[3]
    except (ValueError, AttributeError):
        return False
    return hmac.compare_digest(expected, digest)


class PinGate:
    """Wrong PINs: ``tries`` free attempts, then a lockout that doubles each time (up to 15 min)."""

    def __init__(self, clock: Callable[[], float], tries: int = 5, lockout: float = 60.0):
        self.clock, self.tries, self.lockout = clock, tries, lockout
        self.failures = 0
        self.locked_until = 0.0
        self.lockouts = 0

    def wait_seconds(self) -> int:
        return max(0, int(self.locked_until - self.clock() + 0.999))

    def attempts_left(self) -> int:
        return self.tries - self.failures

    def attempt(self, pin: str, stored: str) -> str:
        """"ok", "wrong" (attempts left), "locked" (wait) or "no_pin" (none configured)."""
        if self.wait_seconds() > 0:
            return "locked"
        if not stored:
            return "no_pin"
        if verify_pin(pin, stored):
            self.failures = self.lockouts = 0
            return "ok"
        self.failures += 1
        log.warning("wrong technician PIN (%d)", self.failures)
        if self.failures >= self.tries:
            self.locked_until = self.clock() + min(self.lockout * 2 ** self.lockouts, 900.0)
            self.lockouts += 1
            self.failures = 0
            return "locked"
        return "wrong"


# ------------------------------------------------------------------ hidden gesture
HOLD_SECONDS = 3.0
BETWEEN_SECONDS = 10.0
CORNER_FRACTION = 0.15   # of the short side: a corner square big enough to hit, small enough to avoid


class CornerGesture:
    """Long press (>= 3 s) top-left, then within 10 s a long press bottom-right.

    ``down(corner)``/``up()`` are fed by the Welcome screen for touches in a corner;
    ``up`` answers "tap" (a short touch: start the journey like any touch), "held"
    (first half done, nothing visible happens) or "open" (show the PIN keypad).
    """

    def __init__(self, clock: Callable[[], float]):
        self.clock = clock
        self._down: Optional[tuple[str, float]] = None
        self._first_at: Optional[float] = None

    @staticmethod
    def corner(x: float, y: float, width: float, height: float) -> Optional[str]:
        """Which corner (x, y) is in, relative to a box of ``width``x``height`` (y up, Kivy style)."""
        size = min(width, height) * CORNER_FRACTION
        if x <= size and y >= height - size:
            return "top_left"
        if x >= width - size and y <= size:
            return "bottom_right"
        return None

    def down(self, corner: str) -> None:
        self._down = (corner, self.clock())

    def up(self) -> str:
        if self._down is None:
            return "tap"
        corner, at = self._down
        self._down = None
        now = self.clock()
        if now - at < HOLD_SECONDS:
            self._first_at = None
            return "tap"
        if corner == "top_left":
            self._first_at = now
            return "held"
        if corner == "bottom_right" and self._first_at is not None and now - self._first_at <= BETWEEN_SECONDS + HOLD_SECONDS:
            self._first_at = None
            return "open"
        self._first_at = None
        return "held"


# ------------------------------------------------------------------ settings draft
IDLE_CHOICES = (15, 20, 30, 45, 60, 90, 120, 180, 300, 600)
PRINTER_KINDS = ("preview", "network", "usb", "serial", "file")


def printer_profiles() -> list[str]:
    """"" (chosen from the paper width) and every python-escpos profile name."""
    from escpos.capabilities import CAPABILITIES
    return [""] + sorted(name for name in CAPABILITIES["profiles"] if name not in ("default", "simple"))


@dataclass
class Draft:
    """What the technician page edits, before "Simpan"."""

    server_url: str
    kiosk_name: str
    printer_kind: str
    printer_target: str      # what follows "kind:" in the printer spec
    paper: int
    printer_profile: str
    language: str
    idle_seconds: float

    @classmethod
    def of(cls, cfg: KioskConfig) -> "Draft":
        kind, _, target = cfg.printer.partition(":")
        return cls(cfg.server_url, cfg.kiosk_name, kind, target, cfg.paper, cfg.printer_profile, cfg.language,
                   cfg.idle_seconds)

    @property
    def printer(self) -> str:
        return f"{self.printer_kind}:{self.printer_target.strip()}" if self.printer_target.strip() else self.printer_kind

    def values(self) -> dict:
        return {"server_url": self.server_url.strip().rstrip("/"), "kiosk_name": self.kiosk_name.strip(),
                "printer": self.printer, "paper": self.paper, "printer_profile": self.printer_profile,
                "language": self.language, "idle_seconds": self.idle_seconds}

    def config(self, base: KioskConfig) -> KioskConfig:
        """``base`` with these values; ConfigError (naming the setting) when one is not usable."""
        PrinterSpec.parse(self.printer)
        return replace(base, **self.values()).validate()

    def step_idle(self, direction: int) -> None:
        choices = IDLE_CHOICES
        i = min(range(len(choices)), key=lambda n: abs(choices[n] - self.idle_seconds))
        self.idle_seconds = float(choices[max(0, min(len(choices) - 1, i + direction))])

    def step_profile(self, direction: int) -> None:
        names = printer_profiles()
        i = names.index(self.printer_profile) if self.printer_profile in names else 0
        self.printer_profile = names[(i + direction) % len(names)]


# ------------------------------------------------------------------ the page's state and buttons
@dataclass(frozen=True)
class Outcome:
    """One line on the page: a Check, a config problem (``error``) or "working..." (``busy``)."""

    checks: tuple = ()
    error: str = ""
    busy: str = ""

    @property
    def ok(self) -> bool:
        return not self.error and not self.busy and all(c.ok for c in self.checks)


class TechnicianSession:
    def __init__(self, controller, config_path: Optional[Path] = None):
        self.c = controller
        self.config_path = config_path
        self.gesture = CornerGesture(controller.clock)
        self.gate = PinGate(controller.clock)
        self.pin = ""
        self.pin_result: str = ""            # "", "wrong", "locked", "no_pin"
        self.draft: Optional[Draft] = None
        self.outcome: Optional[Outcome] = None
        self.pair_code = ""
        # Set by the app: what only a window can do.
        self.leave_fullscreen: Callable[[], None] = lambda: None
        self.exit_app: Callable[[], None] = lambda: None

    # ---- the gesture and the PIN
    def corner_down(self, corner: str) -> None:
        self.gesture.down(corner)

    def corner_up(self) -> str:
        result = self.gesture.up()
        if result == "open":
            self.open_pin()
        return result

    def open_pin(self) -> None:
        self.c.reset()
        self.pin, self.pin_result = "", ("locked" if self.gate.wait_seconds() else "")
        self.c.journey.step = "pin"
        self.c.changed()

    def type_pin(self, digit: str) -> None:
        self.c.touched()
        if len(self.pin) < PIN_MAX and digit.isdigit():
            self.pin += digit
        self.c.changed()

    def pin_backspace(self) -> None:
        self.c.touched()
        self.pin = self.pin[:-1]
        self.c.changed()

    def submit_pin(self) -> None:
        self.c.touched()
        if len(self.pin) < PIN_MIN and not self.gate.wait_seconds():
            self.pin_result = "wrong"
            self.pin = ""
            self.c.changed()
            return
        result = self.gate.attempt(self.pin, self.c.cfg.technician_pin)
        self.pin = ""
        if result == "ok":
            self.open_page()
            return
        self.pin_result = result
        self.c.changed()

    def open_page(self) -> None:
        self.draft = Draft.of(self.c.cfg)
        self.outcome = None
        self.pair_code = ""
        self.c.journey.step = "technician"
        self.c.touched()
        self.c.changed()

    def leave(self) -> None:
        """"Kembali" without saving: the Welcome screen, the draft forgotten."""
        self.draft = None
        self.outcome = None
        self.c.reset()

    # ---- editing
    def edit(self, **values) -> None:
        if self.draft is None:   # a late text event after leaving the page
            return
        self.c.touched()
        for name, value in values.items():
            setattr(self.draft, name, value)
        self.c.changed()

    def step_idle(self, direction: int) -> None:
        self.draft.step_idle(direction)
        self.edit()

    def step_profile(self, direction: int) -> None:
        self.draft.step_profile(direction)
        self.edit()

    def _draft_config(self) -> Optional[KioskConfig]:
        try:
            return self.draft.config(self.c.cfg)
        except ConfigError as exc:
            self._show(Outcome(error=str(exc)))
            return None

    def _show(self, outcome: Outcome) -> None:
        self.outcome = outcome
        self.c.touched()
        self.c.changed()

    def _run(self, busy_key: str, work: Callable[[], Outcome], worker=None) -> None:
        self._show(Outcome(busy=busy_key))
        (worker or self.c.net).submit(work, self._done,
                                      lambda exc: self._done(Outcome(error=f"{type(exc).__name__}: {exc}")))

    def _done(self, outcome: Outcome) -> None:
        if self.c.journey.step == "technician":
            self._show(outcome)

    # ---- buttons
    def test_connection(self) -> None:
        cfg = self._draft_config()
        if cfg is not None:
            from .api import ApiClient
            api = ApiClient.for_config(cfg)
            self._run("tech_testing", lambda: Outcome(checks=tuple(check_connection(api))))

    def test_printer(self) -> None:
        cfg = self._draft_config()
        if cfg is not None:
            from .devices import printer_for
            self._run("tech_testing", lambda: Outcome(checks=(check_printer(printer_for(cfg)),)),
                      worker=self.c.printing)

    def test_print(self) -> None:
        cfg = self._draft_config()
        if cfg is not None:
            from .devices import printer_for
            lang = self.c.journey.lang
            info = {"kiosk_name": cfg.kiosk_name or self.c.office.get("name", ""), "server_url": cfg.server_url}
            self._run("tech_printing",
                      lambda: Outcome(checks=(test_print(printer_for(cfg), lang, **info),)), worker=self.c.printing)

    def pair(self, code: Optional[str] = None) -> None:
        """Pair with a code from /admin: the key received is saved to the config file at once."""
        cfg = self._draft_config()
        if cfg is None:
            return
        code = self.pair_code if code is None else code
        from .api import ApiClient
        api = ApiClient.for_config(cfg)

        def work() -> Outcome:
            result = pair(api, code)
            return Outcome(checks=(result.check,)), result

        def done(answer) -> None:
            outcome, result = answer
            if result.check.ok:
                self.draft.kiosk_name = self.draft.kiosk_name or result.name
                self.pair_code = ""
                new = replace(self.c.cfg, **self.draft.values(), kiosk_key=result.key)
                try:
                    self._save(new, {**self.draft.values(), "kiosk_key": result.key})
                except (OSError, ConfigError) as exc:
                    outcome = Outcome(checks=outcome.checks, error=self._error_text("tech_save_failed", exc))
            self._done(outcome)

        self._show(Outcome(busy="tech_pairing"))
        self.c.net.submit(work, done, lambda exc: self._done(Outcome(error=str(exc))))

    def save(self) -> None:
        """"Simpan & kembali": write the config file, apply it now, back to Welcome."""
        cfg = self._draft_config()
        if cfg is None:
            return
        try:
            self._save(cfg, self.draft.values())
        except (OSError, ConfigError) as exc:
            self._show(Outcome(error=self._error_text("tech_save_failed", exc)))
            return
        self.leave()

    def _error_text(self, key: str, exc: BaseException) -> str:
        detail = getattr(exc, "strerror", None) or str(exc)
        return f"{t(key, self.c.journey.lang)}: {detail}"

    def _save(self, cfg: KioskConfig, values: dict) -> None:
        if self.config_path is not None:
            save_config(self.config_path, values)
            log.info("settings saved to %s", self.config_path)
        self.c.reconfigure(cfg)        # forgets any citizen's journey; the technician stays on the page
        self.c.journey.step = "technician"
        self.c.changed()


__all__ = ["Check", "CornerGesture", "Draft", "Outcome", "PinGate", "TechnicianSession", "hash_pin", "new_pin",
           "printer_profiles", "verify_pin"]
