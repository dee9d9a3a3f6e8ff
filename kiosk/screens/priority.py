"""3. Priority: "Apakah Anda termasuk ..." five categories of UU 25/2009 Pasal 29, or "Tidak"."""

from __future__ import annotations

from kivy.lang import Builder

from common.vocabulary import PRIORITY_NAMES

from ..texts import priority_label, t
from .widgets import KioskScreen

Builder.load_string("""
#:import C kiosk.screens.theme.COLORS
#:import ui kiosk.screens.theme.ui
<PriorityScreen>:
    BoxLayout:
        orientation: 'vertical'
        padding: ui.u
        spacing: ui.u * 0.6
        KLabel:
            id: title
            scale: 1.5
            bold: True
        KLabel:
            id: hint
            color: C['muted']
        GridLayout:
            id: choices
            cols: 2 if ui.landscape else 1
            spacing: ui.u * 0.5
            size_hint_y: None
            height: self.minimum_height
        KButton:
            id: none
            scale: 1.1
            on_release: root.controller.choose_priority(None)
        Widget:
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


class PriorityScreen(KioskScreen):
    controller = None

    def on_kv_post(self, base_widget):
        from .widgets import KButton
        for p in PRIORITY_NAMES:
            b = KButton(kind="tile")
            b.priority = p
            b.bind(on_release=lambda btn: self.controller.choose_priority(btn.priority))
            self.ids.choices.add_widget(b)

    def button(self, priority):
        if priority is None:
            return self.ids.none
        return next(b for b in self.ids.choices.children if b.priority == priority)

    def refresh(self, c) -> None:
        self.controller = c
        lang = c.journey.lang
        self.ids.title.text = t("priority_q", lang)
        self.ids.hint.text = t("priority_hint", lang)
        self.ids.none.text = t("no_priority", lang)
        for b in self.ids.choices.children:
            b.text = priority_label(b.priority, lang)
        self.ids.back.text = t("back", lang)
        self.ids.cancel.text = t("cancel", lang)
