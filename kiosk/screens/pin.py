"""The technician PIN: reached only by the hidden gesture on Welcome (see ``kiosk.gesture`` and ``kiosk.pin``)."""

from __future__ import annotations

from kivy.lang import Builder

from ..texts import t
from .nik import BACKSPACE
from .widgets import COLORS, KButton, KioskScreen

Builder.load_string("""
#:import C kiosk.screens.theme.COLORS
#:import ui kiosk.screens.theme.ui
<PinScreen>:
    BoxLayout:
        orientation: 'vertical'
        padding: ui.u
        spacing: ui.u * 0.5
        BoxLayout:
            orientation: 'horizontal' if ui.landscape else 'vertical'
            spacing: ui.u
            BoxLayout:
                orientation: 'vertical'
                spacing: ui.u * 0.5
                Widget:
                KLabel:
                    id: title
                    scale: 1.5
                    bold: True
                KLabel:
                    id: hint
                    color: C['muted']
                Label:
                    id: dots
                    font_size: ui.u * 2
                    bold: True
                    color: C['text']
                    size_hint_y: None
                    height: ui.u * 3
                    canvas.before:
                        Color:
                            rgba: 1, 1, 1, 1
                        Rectangle:
                            pos: self.pos
                            size: self.size
                        Color:
                            rgba: C['header']
                        Line:
                            rectangle: self.x, self.y, self.width, self.height
                            width: 2
                KLabel:
                    id: message
                    bold: True
                    color: C['error']
                Widget:
            Keypad:
                id: keypad
                word_scale: 1.1
        NavBar:
            KButton:
                id: cancel
                kind: 'secondary'
                on_release: root.controller.cancel()
""")


class PinScreen(KioskScreen):
    controller = None

    def on_kv_post(self, base_widget):
        pad, tech = self.ids.keypad, lambda: self.controller.tech
        for label in "123456789":
            pad.add_key(label, lambda d=label: tech().type_pin(d))
        self.backspace_key = pad.add_key(BACKSPACE[0], lambda: tech().pin_backspace(), kind="secondary",
                                         font_name=BACKSPACE[1])
        pad.add_key("0", lambda: tech().type_pin("0"))
        self.ok_key = pad.add_key("OK", lambda: tech().submit_pin(), kind="primary")

    def key(self, label: str) -> KButton:
        return {"backspace": self.backspace_key, "ok": self.ok_key}.get(label) or self.ids.keypad.key(label)

    def refresh(self, c) -> None:
        self.controller = c
        tech, lang = c.tech, c.journey.lang
        self.ids.title.text = t("pin_title", lang)
        self.ids.hint.text = t("pin_hint", lang)
        self.ids.dots.text = " ".join("\u2022" for _ in tech.pin) or " "
        self.ids.cancel.text = t("cancel", lang)
        wait = tech.gate.wait_seconds()
        if tech.pin_result == "locked" and wait:
            self.ids.message.text = t("pin_locked", lang, s=wait)
        elif tech.pin_result == "wrong":
            self.ids.message.text = t("pin_wrong", lang, n=tech.gate.attempts_left())
        elif tech.pin_result == "no_pin":
            self.ids.message.text = t("pin_none", lang)
        else:
            self.ids.message.text = ""
        self.ids.message.color = COLORS["error"]
        self.ok_key.disabled = bool(wait)
