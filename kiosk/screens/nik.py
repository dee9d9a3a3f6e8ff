"""4. NIK: a large numeric keypad, the digits grouped for reading back, live guidance.

The rules are ``common.nik`` (via the journey), the same code the server runs.
"""

from __future__ import annotations

from kivy.lang import Builder

from common.nik import NIK_LENGTH, group

from ..texts import t
from .widgets import BACK, CANCEL, Action, KButton, KioskScreen, ui

Builder.load_string("""
#:import ui kiosk.screens.theme.ui
<NikScreen>:
    Page:
        Split:
            spacing: ui.u
            Column:
                spacing: ui.u * 0.5
                Title:
                    id: title
                    scale: 1.3
                Readout:
                    id: digits
                    font_name: 'RobotoMono-Regular'
                    # 19 monospace cells (16 digits, 3 spaces) must fit the box at any width.
                    font_size: min(ui.u * 2.2, self.width / 12.5)
                    height: ui.u * 3.2
                Hint:
                    id: progress
                KLabel:
                    id: guidance
                Widget:
            Keypad:
                id: keypad
        NavBar:
            id: nav
""")


class NikScreen(KioskScreen):
    texts = {"title": "nik_title"}
    actions = {"nav": (BACK, CANCEL, Action("next", "next", "submit_nik"))}

    def on_kv_post(self, base_widget):
        super().on_kv_post(base_widget)
        pad = self.ids.keypad
        pad.add_digits(lambda d: self.controller.type_digit(d))
        self.clear_key = pad.add_key("", lambda: self.controller.clear_nik(), kind="secondary", name="clear")
        pad.add_key("0", lambda: self.controller.type_digit("0"))
        pad.add_backspace(lambda: self.controller.backspace())

    def key(self, name: str) -> KButton:
        return self.ids.keypad.key(name)

    def show(self, c, lang: str) -> None:
        j = c.journey
        self.ids.digits.text = group(j.nik + "_" * (NIK_LENGTH - len(j.nik)))
        self.ids.progress.text = t("nik_progress", lang, n=len(j.nik))
        self.clear_key.text = t("clear", lang)
        self.ids.next.disabled = len(j.nik) < NIK_LENGTH
        problems = j.nik_errors or j.live_guidance().errors     # NikIssue objects, the server's too
        if problems:
            self.ids.guidance.text = "\n".join(p.message(lang) for p in problems)
            self.ids.guidance.color = ui.c["error"]
        elif len(j.nik) == NIK_LENGTH:
            self.ids.guidance.text = t("nik_ok", lang)
            self.ids.guidance.color = ui.c["ok"]
        else:
            self.ids.guidance.text = t("nik_start", lang) if not j.nik else ""
            self.ids.guidance.color = ui.c["muted"]
