"""The server said no (quota reached, service closed, kiosk key revoked): the reason in plain words."""

from __future__ import annotations

from kivy.lang import Builder

from ..texts import TEXTS, t
from .widgets import KioskScreen

Builder.load_string("""
#:import C kiosk.screens.theme.COLORS
#:import ui kiosk.screens.theme.ui
<RefusedScreen>:
    BoxLayout:
        orientation: 'vertical'
        padding: ui.u
        spacing: ui.u * 0.8
        Widget:
        KLabel:
            id: title
            scale: 1.6
            bold: True
            color: C['error']
        KLabel:
            id: reason
            scale: 1.4
        KLabel:
            id: staff
            scale: 1.1
            color: C['muted']
        Widget:
        KButton:
            id: finish
            on_release: root.controller.reset()
""")


def reason_text(refusal, lang: str) -> str:
    code = getattr(refusal, "code", "")
    if code == "unauthenticated":
        return t("kiosk_unauthorized", lang)
    if code in TEXTS and code in ("service_closed", "outside_hours", "quota_reached"):
        # The server's full sentence says more than the tile's short label.
        return refusal.text(lang) or t(code, lang)
    return (refusal.text(lang) if refusal is not None else "") or t("ask_staff", lang)


class RefusedScreen(KioskScreen):
    controller = None

    def refresh(self, c) -> None:
        self.controller = c
        lang = c.journey.lang
        self.ids.title.text = t("refused_title", lang)
        self.ids.reason.text = reason_text(c.journey.refusal, lang)
        self.ids.staff.text = t("ask_staff", lang)
        self.ids.finish.text = t("done_back", lang)
