"""6. Confirm: service, priority and masked NIK; "Cetak Tiket"."""

from __future__ import annotations

from kivy.lang import Builder

from ..texts import priority_label, service_name, t
from .widgets import KioskScreen

Builder.load_string("""
#:import C kiosk.screens.theme.COLORS
#:import ui kiosk.screens.theme.ui
<ConfirmScreen>:
    BoxLayout:
        orientation: 'vertical'
        padding: ui.u
        spacing: ui.u * 0.7
        KLabel:
            id: title
            scale: 1.6
            bold: True
        KLabel:
            id: summary
            markup: True
            scale: 1.15
            halign: 'left'
            padding: ui.u * 0.8, ui.u * 0.8
            canvas.before:
                Color:
                    rgba: 1, 1, 1, 1
                Rectangle:
                    pos: self.pos
                    size: self.size
        Widget:
        KButton:
            id: print
            scale: 1.5
            on_release: root.controller.print_ticket()
        Widget:
            size_hint_y: 0.3
        NavBar:
            KButton:
                id: back
                kind: 'secondary'
                on_release: root.controller.back()
            KButton:
                id: cancel
                kind: 'secondary'
                on_release: root.controller.cancel()
""")


class ConfirmScreen(KioskScreen):
    controller = None

    def refresh(self, c) -> None:
        self.controller = c
        j, lang = c.journey, c.journey.lang
        self.ids.title.text = t("confirm_title", lang)
        svc = service_name(j.service or {}, lang)
        self.ids.summary.text = (f"{t('service', lang)}:\n[b]{svc}[/b]\n\n"
                                 f"{t('priority', lang)}: [b]{priority_label(j.priority, lang)}[/b]\n\n"
                                 f"NIK: [b]{j.nik_masked}[/b]")
        self.ids.print.text = t("print", lang)
        self.ids.print.disabled = j.step != "confirm"
        self.ids.back.text = t("back", lang)
        self.ids.cancel.text = t("cancel", lang)
