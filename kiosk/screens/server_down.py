"""Automatic retries gave up: say so plainly; "Coba lagi" sends the same request id again."""

from __future__ import annotations

from kivy.lang import Builder

from .widgets import CANCEL, Action, KioskScreen

Builder.load_string("""
#:import C kiosk.screens.theme.COLORS
#:import ui kiosk.screens.theme.ui
<ServerDownScreen>:
    Page:
        id: page
        spacing: ui.u * 0.8
        Widget:
        Title:
            id: message
            scale: 1.4
            color: ui.c['error']
        Widget:
""")


class ServerDownScreen(KioskScreen):
    texts = {"message": "server_down"}
    actions = {"page": (Action("retry", "retry", "retry", scale=1.3), CANCEL)}
