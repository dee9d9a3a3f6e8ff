"""This NIK already holds an active number for the service: show it, offer a reprint."""

from __future__ import annotations

from kivy.lang import Builder

from ..texts import service_name, t
from .done import ahead_text
from .widgets import KioskScreen

Builder.load_string("""
#:import C kiosk.screens.theme.COLORS
#:import ui kiosk.screens.theme.ui
<ExistingScreen>:
    BoxLayout:
        orientation: 'vertical'
        padding: ui.u
        spacing: ui.u * 0.6
        Widget:
        KLabel:
            id: title
            scale: 1.5
            bold: True
        KLabel:
            id: number
            scale: 5.0
            bold: True
        KLabel:
            id: service
        KLabel:
            id: ahead
            scale: 1.2
            bold: True
        Widget:
        KButton:
            id: reprint
            scale: 1.3
            on_release: root.controller.reprint()
        KButton:
            id: finish
            kind: 'secondary'
            on_release: root.controller.reset()
""")


class ExistingScreen(KioskScreen):
    controller = None

    def refresh(self, c) -> None:
        self.controller = c
        ticket, lang = c.journey.ticket or {}, c.journey.lang
        self.ids.title.text = t("existing_title", lang)
        self.ids.number.text = ticket.get("number", "")
        self.ids.service.text = service_name(ticket.get("service") or {}, lang)
        self.ids.ahead.text = ahead_text(ticket, lang)
        self.ids.reprint.text = t("reprint", lang)
        self.ids.finish.text = t("done_back", lang)
