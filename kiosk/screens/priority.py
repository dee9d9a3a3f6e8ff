"""3. Priority: "Apakah Anda termasuk ..." five categories of UU 25/2009 Pasal 29, or "Tidak"."""

from __future__ import annotations

from kivy.lang import Builder

from common.vocabulary import PRIORITY_NAMES

from ..texts import priority_label
from .widgets import BACK, CANCEL, KButton, KioskScreen

Builder.load_string("""
#:import ui kiosk.screens.theme.ui
<PriorityScreen>:
    Page:
        spacing: ui.u * 0.6
        Title:
            id: title
        Hint:
            id: hint
        Tiles:
            id: choices
            spacing: ui.u * 0.5
        KButton:
            id: none
            scale: 1.1
            on_release: root.controller.choose_priority(None)
        Widget:
        NavBar:
            id: nav
""")


class PriorityScreen(KioskScreen):
    texts = {"title": "priority_q", "hint": "priority_hint", "none": "no_priority"}
    actions = {"nav": (BACK, CANCEL)}

    def on_kv_post(self, base_widget):
        super().on_kv_post(base_widget)
        for p in PRIORITY_NAMES:
            b = KButton(kind="tile")
            b.priority = p
            b.bind(on_release=lambda btn: self.controller.choose_priority(btn.priority))
            self.ids.choices.add_widget(b)

    def button(self, priority):
        if priority is None:
            return self.ids.none
        return next(b for b in self.ids.choices.children if b.priority == priority)

    def show(self, c, lang: str) -> None:
        for b in self.ids.choices.children:
            b.text = priority_label(b.priority, lang)
