"""This NIK already holds an active number for the service: show it, offer a reprint."""

from __future__ import annotations

from kivy.lang import Builder

from .done import show_ticket
from .widgets import FINISH, REPRINT, KioskScreen

Builder.load_string("""
#:import ui kiosk.screens.theme.ui
<ExistingScreen>:
    Page:
        Title:
            id: title
        Split:
            # side by side when wide: the number, then the reprint and "Selesai"
            spacing: ui.u
            Column:
                Widget:
                TicketFacts:
                    id: facts
                Widget:
            Column:
                id: side
                spacing: ui.u * 0.6
                size_hint_y: 1 if ui.landscape else None     # when tall: under the number, as high as it needs
                height: self.minimum_height
                Widget:
""")


class ExistingScreen(KioskScreen):
    texts = {"title": "existing_title"}
    actions = {"side": (REPRINT.but(kind="primary", scale=1.3), FINISH)}

    def show(self, c, lang: str) -> None:
        show_ticket(self.ids, c.journey.ticket or {}, lang)
