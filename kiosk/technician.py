"""The technician's session on the kiosk: the PIN keypad, then the settings page and its buttons.

No Kivy here. The way in is ``kiosk.gesture`` (two long presses on Welcome), then
the PIN (``kiosk.pin``: a salted hash, a growing lockout). The page edits a
``kiosk.settings_draft.Draft``; its buttons (test server, test printer, test print,
pair, save) run on the controller's workers and come back as an ``Outcome``.
Moving between Welcome, the PIN keypad and the page is the journey's business
(``Journey.open_pin`` / ``open_technician`` / ``leave_technician``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Optional

from .config import ConfigError, KioskConfig, save_config
from .diagnostics import check_connection, check_printer, pair, test_print
from .gesture import CornerGesture
from .pin import PIN_MAX, PIN_MIN, PinGate
from .settings_draft import Draft
from .texts import t

log = logging.getLogger("antre.kiosk.technician")


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
        """The gesture was made on Welcome: whatever was on screen is forgotten, the PIN keypad shows."""
        self.c.reset()
        self.pin, self.pin_result = "", ("locked" if self.gate.wait_seconds() else "")
        self.c.journey.open_pin()
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
        if not self.c.journey.open_technician():   # a stale OK after the keypad was left: nothing opens
            return
        self.draft = Draft.of(self.c.cfg)
        self.outcome = None
        self.pair_code = ""
        self.c.touched()
        self.c.changed()

    def leave(self) -> None:
        """"Kembali" without saving: the Welcome screen, the draft forgotten."""
        self.draft = None
        self.outcome = None
        if self.c.journey.leave_technician():
            self.c.touched()
            self.c.changed()

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
            info = {"kiosk_name": cfg.kiosk_name or self.c.feed.office.get("name", ""), "server_url": cfg.server_url}
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


__all__ = ["Outcome", "TechnicianSession"]
