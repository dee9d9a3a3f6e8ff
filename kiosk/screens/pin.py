"""The technician PIN: reached only by the hidden gesture on Welcome (see ``kiosk.gesture`` and ``kiosk.pin``)."""

from __future__ import annotations

from kivy.lang import Builder

from ..texts import t
from .widgets import CANCEL, KButton, KioskScreen

Builder.load_string("""
#:import C kiosk.screens.theme.COLORS
#:import ui kiosk.screens.theme.ui
<PinScreen>:
    Page:
        Split:
            spacing: ui.u
            Column:
                spacing: ui.u * 0.5
                Widget:
                Title:
                    id: title
                Hint:
                    id: hint
                Readout:
                    id: dots
                    font_size: ui.u * 2
                    height: ui.u * 3
                KLabel:
                    id: message
                    bold: True
                    color: ui.c['error']
                Widget:
            Keypad:
                id: keypad
                word_scale: 1.1
        NavBar:
            id: nav
""")


class PinScreen(KioskScreen):
    texts = {"title": "pin_title", "hint": "pin_hint"}
    actions = {"nav": (CANCEL,)}

    def on_kv_post(self, base_widget):
        super().on_kv_post(base_widget)
        pad, tech = self.ids.keypad, lambda: self.controller.tech
        pad.add_digits(lambda d: tech().type_pin(d))
        # the same places as the NIK keypad: "⌫ Hapus" bottom right, 0 in the middle
        self.ok_key = pad.add_key("OK", lambda: tech().submit_pin(), kind="primary", name="ok")
        pad.add_key("0", lambda: tech().type_pin("0"))
        pad.add_backspace(lambda: tech().pin_backspace())

    def key(self, name: str) -> KButton:
        return self.ids.keypad.key(name)

    def show(self, c, lang: str) -> None:
        tech = c.tech
        self.ids.keypad.label_backspace(lang)
        self.ids.dots.text = " ".join("\u2022" for _ in tech.pin) or " "
        wait = tech.gate.wait_seconds()
        if tech.pin_result == "locked" and wait:
            self.ids.message.text = t("pin_locked", lang, s=wait)
        elif tech.pin_result == "wrong":
            self.ids.message.text = t("pin_wrong", lang, n=tech.gate.attempts_left())
        elif tech.pin_result == "no_pin":
            self.ids.message.text = t("pin_none", lang)
        else:
            self.ids.message.text = ""
        self.ok_key.disabled = bool(wait)
