"""Automatic retries gave up: say so plainly; "Coba lagi" sends the same request id again."""

from __future__ import annotations

from kivy.lang import Builder

from ..texts import t
from .widgets import KioskScreen

Builder.load_string("""
#:import C kiosk.screens.theme.COLORS
#:import ui kiosk.screens.theme.ui
<ServerDownScreen>:
    BoxLayout:
        orientation: 'vertical'
        padding: ui.u
        spacing: ui.u * 0.8
        Widget:
        KLabel:
            id: message
            scale: 1.4
            bold: True
            color: C['error']
        Widget:
        KButton:
            id: retry
            scale: 1.3
            on_release: root.controller.retry()
        KButton:
            id: cancel
            kind: 'secondary'
            on_release: root.controller.cancel()
""")


class ServerDownScreen(KioskScreen):
    controller = None

    def refresh(self, c) -> None:
        self.controller = c
        lang = c.journey.lang
        self.ids.message.text = t("server_down", lang)
        self.ids.retry.text = t("retry", lang)
        self.ids.cancel.text = t("cancel", lang)
