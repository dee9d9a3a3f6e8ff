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
            scale: 1.6
        Panel:
            id: summary
            markup: True
            scale: 1.15
        Widget:
        KButton:
            id: print
            scale: 1.5
            on_release: root.controller.print_ticket()
        Widget:
            size_hint_y: 0.3
        NavBar:
            id: nav
""")


class ConfirmScreen(KioskScreen):
    texts = {"title": "confirm_title", "print": "print"}
    actions = {"nav": (BACK, CANCEL)}

    def show(self, c, lang: str) -> None:
        j = c.journey
        svc = service_name(j.service or {}, lang)
        self.ids.summary.text = (f"{t('service', lang)}:\n[b]{svc}[/b]\n\n"
                                 f"{t('priority', lang)}: [b]{priority_label(j.priority, lang)}[/b]\n\n"
                                 f"NIK: [b]{j.nik_masked}[/b]")
        self.ids.print.disabled = j.step != "confirm"
