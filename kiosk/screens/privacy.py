"""5. Privacy notice (UU 27/2022 Pasal 16(2), 21): purpose and retention, before the NIK is sent."""

from __future__ import annotations

from kivy.lang import Builder

from ..texts import t
from .widgets import CANCEL, Action, KioskScreen

Builder.load_string("""
#:import ui kiosk.screens.theme.ui
<PrivacyScreen>:
    Page:
        spacing: ui.u * 0.8
        Title:
            id: title
            scale: 1.6
        Panel:
            id: body
        Widget:
        NavBar:
            id: nav
""")


class PrivacyScreen(KioskScreen):
    texts = {"title": "privacy_title"}
    actions = {"nav": (CANCEL.but(size_hint_x=0.4), Action("agree", "agree", "accept_privacy", size_hint_x=0.6))}

    def show(self, c, lang: str) -> None:
        self.ids.body.text = t("privacy_body", lang, source=c.feed.office.get("data_source") or "DTKS",
                               days=c.feed.privacy_days)
