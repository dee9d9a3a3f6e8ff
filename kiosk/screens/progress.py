"""Issuing and printing under way; after a failed attempt, says it retries by itself.

When the server keeps the citizen waiting (``controller.stalled``), a "Batal" shows: it stops
the waiting (the server-down screen: "Coba lagi" or ask the staff) and never costs a ticket.
"""

from __future__ import annotations

from kivy.lang import Builder

from ..texts import t
from .widgets import Action, KioskScreen

Builder.load_string("""
#:import ui kiosk.screens.theme.ui
<ProgressScreen>:
    Page:
        id: page
        padding: ui.u * 1.5
        spacing: ui.u
        Widget:
        Title:
            id: message
            scale: 1.8
        Notice:
            id: retry
            scale: 1.1
            color: ui.c['error'] if ui.large else (0.55, 0.05, 0.05, 1)
        Widget:
""")

STOP = Action("stop", "cancel", "stop_waiting", kind="secondary", scale=1.2)


class ProgressScreen(KioskScreen):
    actions = {"page": (STOP,)}

    def show(self, c, lang: str) -> None:
        j = c.journey
        self.ids.message.text = t("printing" if j.step == "printing" else "issuing", lang)
        retrying = j.step == "issuing" and j.attempt > 1
        stalled = c.stalled
        text = t("server_retry", lang, n=j.attempt) if retrying else ""
        if stalled:
            text = "\n".join(filter(None, (text, t("stall_hint", lang))))
        self.ids.retry.text = text
        self.ids.retry.opacity = 1 if text else 0
        stop = self.ids.stop
        stop.opacity, stop.disabled = (1, False) if stalled else (0, True)
