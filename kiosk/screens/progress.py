"""Issuing and printing under way; after a failed attempt, says it retries by itself."""

from __future__ import annotations

from kivy.lang import Builder

from ..texts import t
from .widgets import KioskScreen

Builder.load_string("""
#:import C kiosk.screens.theme.COLORS
#:import ui kiosk.screens.theme.ui
<ProgressScreen>:
    BoxLayout:
        orientation: 'vertical'
        padding: ui.u * 1.5
        spacing: ui.u
        Widget:
        KLabel:
            id: message
            scale: 1.8
            bold: True
        KLabel:
            id: retry
            scale: 1.1
            color: C['error']
            padding: ui.u * 0.6, ui.u * 0.6
            canvas.before:
                Color:
                    rgba: C['warn_bg'] if self.text else (0, 0, 0, 0)
                Rectangle:
                    pos: self.pos
                    size: self.size
        Widget:
""")


class ProgressScreen(KioskScreen):
    def refresh(self, c) -> None:
        j, lang = c.journey, c.journey.lang
        self.ids.message.text = t("printing" if j.step == "printing" else "issuing", lang)
        retrying = j.step == "issuing" and j.attempt > 1
        self.ids.retry.text = t("server_retry", lang, n=j.attempt) if retrying else ""
