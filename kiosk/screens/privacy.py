"""5. Privacy notice (UU 27/2022 Pasal 16(2), 21): purpose and retention, before the NIK is sent."""

from __future__ import annotations

from kivy.lang import Builder

from ..texts import t
from .widgets import KioskScreen

Builder.load_string("""
#:import C kiosk.screens.theme.COLORS
#:import ui kiosk.screens.theme.ui
<PrivacyScreen>:
    BoxLayout:
        orientation: 'vertical'
        padding: ui.u
        spacing: ui.u * 0.8
        KLabel:
            id: title
            scale: 1.6
            bold: True
        KLabel:
            id: body
            scale: 1.0
            halign: 'left'
            padding: ui.u * 0.8, ui.u * 0.8
            canvas.before:
                Color:
                    rgba: 1, 1, 1, 1
                Rectangle:
                    pos: self.pos
                    size: self.size
        Widget:
        NavBar:
            KButton:
                id: cancel
                kind: 'secondary'
                size_hint_x: 0.4
                on_release: root.controller.cancel()
            KButton:
                id: agree
                size_hint_x: 0.6
                on_release: root.controller.accept_privacy()
""")


class PrivacyScreen(KioskScreen):
    controller = None

    def refresh(self, c) -> None:
        self.controller = c
        lang = c.journey.lang
        self.ids.title.text = t("privacy_title", lang)
        self.ids.body.text = t("privacy_body", lang, source=c.feed.office.get("data_source") or "DTKS",
                               days=c.feed.privacy_days)
        self.ids.cancel.text = t("cancel", lang)
        self.ids.agree.text = t("agree", lang)
