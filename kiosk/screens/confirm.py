"""6. Confirm: service, priority and masked NIK; "Cetak Tiket".

The NIK's birth date may *suggest* the elderly priority (60 or older) or say that the staff
will check it (younger): a hint with one button to take it, never a decision.
"""

from __future__ import annotations

from kivy.lang import Builder

from ..texts import priority_label, service_name, t
from .widgets import BACK, CANCEL, KioskScreen

Builder.load_string("""
#:import ui kiosk.screens.theme.ui
<ConfirmScreen>:
    Page:
        spacing: ui.u * 0.4
        Title:
            id: title
            scale: 1.4
        Split:
            # side by side when wide: what will be printed (and the age hint), then "Cetak Tiket"
            spacing: ui.u * 0.8
            Column:
                size_hint_x: 0.62 if ui.landscape else 1
                spacing: ui.u * 0.4
                Panel:
                    id: summary
                    markup: True
                    scale: 0.95 if ui.large else 1.1
                    line_height: 1.1 if ui.large else 1.2
                    padding: ui.u * 0.5, ui.u * 0.4
                BoxLayout:
                    id: hint_row
                    size_hint_y: None
                    height: max(age_hint.height, take_hint.height) if age_hint.text else 0
                    opacity: 1 if age_hint.text else 0
                    spacing: ui.u * 0.5
                    Notice:
                        id: age_hint
                        halign: 'left'
                        scale: 0.8 if ui.large else 0.9
                        padding: ui.u * 0.4, ui.u * 0.3
                        pos_hint: {'center_y': 0.5}
                    KButton:
                        id: take_hint
                        kind: 'tile'
                        scale: 0.85
                        size_hint_x: 0.42
                        pos_hint: {'center_y': 0.5}
                        on_release: root.controller.take_age_hint()
                Widget:
            Column:
                size_hint_x: 0.38 if ui.landscape else 1
                size_hint_y: 1 if ui.landscape else None     # when tall: just the button, under the summary
                height: print.height + ui.u
                Widget:
                KButton:
                    id: print
                    scale: 1.4
                    on_release: root.controller.print_ticket()
                Widget:
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
        hint = c.age_hint()
        self.ids.age_hint.text = t(f"age_{hint[0]}", lang, age=hint[1]) if hint else ""
        self.ids.take_hint.text = t(f"age_{hint[0]}_button", lang) if hint else ""
        self.ids.take_hint.disabled = hint is None
        self.ids.print.disabled = j.step != "confirm"
