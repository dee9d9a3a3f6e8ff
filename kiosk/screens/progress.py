"""Issuing and printing under way; after a failed attempt, says it retries by itself."""

from __future__ import annotations

from kivy.lang import Builder

from ..texts import t
from .widgets import KioskScreen

Builder.load_string("""
#:import C kiosk.screens.theme.COLORS
#:import ui kiosk.screens.theme.ui
<ProgressScreen>:
    Page:
        padding: ui.u * 1.5
        spacing: ui.u
        Widget:
        Title:
            id: message
            scale: 1.8
        Notice:
            id: retry
            scale: 1.1
            color: ui.c['error']
        Widget:
""")


class ProgressScreen(KioskScreen):
    def show(self, c, lang: str) -> None:
        j = c.journey
        self.ids.message.text = t("printing" if j.step == "printing" else "issuing", lang)
        retrying = j.step == "issuing" and j.attempt > 1
        self.ids.retry.text = t("server_retry", lang, n=j.attempt) if retrying else ""
