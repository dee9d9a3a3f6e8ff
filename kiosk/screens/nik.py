"""4. NIK: a large numeric keypad, the digits grouped for reading back, live guidance.

The rules are ``common.nik`` (via the journey), the same code the server runs.
"""

from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder

from common.nik import NIK_LENGTH, group

from ..texts import t
from .widgets import COLORS, KButton, KioskScreen

# Roboto has no backspace glyph; DejaVu (Debian fonts-dejavu-core) has U+232B.
_DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
BACKSPACE = ("\u232b", str(_DEJAVU)) if _DEJAVU.exists() else ("<", "Roboto")

Builder.load_string("""
#:import C kiosk.screens.theme.COLORS
#:import ui kiosk.screens.theme.ui
<NikScreen>:
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
                KLabel:
                    id: title
                    scale: 1.3
                    bold: True
                Label:
                    id: digits
                    font_name: 'RobotoMono-Regular'
                    # 19 monospace cells (16 digits, 3 spaces) must fit the box at any width.
                    font_size: min(ui.u * 2.2, self.width / 12.5)
                    bold: True
                    color: C['text']
                    size_hint_y: None
                    height: ui.u * 3.2
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
                    id: progress
                    color: C['muted']
                KLabel:
                    id: guidance
                    scale: 1.0
                Widget:
            Keypad:
                id: keypad
        NavBar:
            KButton:
                id: back
                kind: 'secondary'
                on_release: root.controller.back()
            KButton:
                id: cancel
                kind: 'secondary'
                on_release: root.controller.cancel()
            KButton:
                id: next
                on_release: root.controller.submit_nik()
""")


class NikScreen(KioskScreen):
    controller = None

    def on_kv_post(self, base_widget):
        pad = self.ids.keypad
        for label in "123456789":
            pad.add_key(label, lambda d=label: self.controller.type_digit(d))
        self.clear_key = pad.add_key("", lambda: self.controller.clear_nik(), kind="secondary")
        pad.add_key("0", lambda: self.controller.type_digit("0"))
        self.backspace_key = pad.add_key(BACKSPACE[0], lambda: self.controller.backspace(), kind="secondary",
                                         font_name=BACKSPACE[1])

    def key(self, label: str) -> KButton:
        return {"clear": self.clear_key, "backspace": self.backspace_key}.get(label) or self.ids.keypad.key(label)

    def refresh(self, c) -> None:
        self.controller = c
        j, lang = c.journey, c.journey.lang
        self.ids.title.text = t("nik_title", lang)
        self.ids.digits.text = group(j.nik + "_" * (NIK_LENGTH - len(j.nik)))
        self.ids.progress.text = t("nik_progress", lang, n=len(j.nik))
        self.clear_key.text = t("clear", lang)
        self.ids.back.text = t("back", lang)
        self.ids.cancel.text = t("cancel", lang)
        self.ids.next.text = t("next", lang)
        self.ids.next.disabled = len(j.nik) < NIK_LENGTH
        problems = j.nik_errors or j.live_guidance().errors     # NikIssue objects, the server's too
        if problems:
            self.ids.guidance.text = "\n".join(p.message(lang) for p in problems)
            self.ids.guidance.color = COLORS["error"]
        elif len(j.nik) == NIK_LENGTH:
            self.ids.guidance.text = t("nik_ok", lang)
            self.ids.guidance.color = COLORS["ok"]
        else:
            self.ids.guidance.text = t("nik_start", lang) if not j.nik else ""
            self.ids.guidance.color = COLORS["muted"]
