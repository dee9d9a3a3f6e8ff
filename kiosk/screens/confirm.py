"""6. Confirm: service, priority and masked NIK; "Cetak Tiket"."""

from __future__ import annotations

from kivy.lang import Builder

from ..texts import priority_label, service_name, t
from .widgets import BACK, CANCEL, KioskScreen

Builder.load_string("""
#:import ui kiosk.screens.theme.ui
<ConfirmScreen>:
    Page:
        spacing: ui.u * 0.7
        Title:
            id: title
            scale: 1.4
        Panel:
            id: summary
            markup: True
            scale: 1.1
            line_height: 1.3
        Widget:
        KButton:
            id: print
            scale: 1.4
            on_release: root.controller.print_ticket()
        NavBar:
            id: nav
""")


class ConfirmScreen(KioskScreen):
    texts = {"title": "confirm_title", "print": "print"}
    actions = {"nav": (BACK, CANCEL)}

    def show(self, c, lang: str) -> None:
        j = c.journey
        svc = service_name(j.service or {}, lang)
        # One line each (a long service name wraps): the title must keep its place under the header
        # at 1280x800 and 1366x768, in the large text mode too.
        self.ids.summary.text = (f"{t('service', lang)}: [b]{svc}[/b]\n"
                                 f"{t('priority', lang)}: [b]{priority_label(j.priority, lang)}[/b]\n"
                                 f"NIK: [b]{j.nik_masked}[/b]")
        self.ids.print.disabled = j.step != "confirm"
