"""The server said no (quota reached, service closed, kiosk key revoked): the reason in plain words."""

from __future__ import annotations

from kivy.lang import Builder

from ..texts import TEXTS, t
from .widgets import FINISH, KioskScreen

Builder.load_string("""
#:import C kiosk.screens.theme.COLORS
#:import ui kiosk.screens.theme.ui
<RefusedScreen>:
    Page:
        id: page
        spacing: ui.u * 0.8
        Widget:
        Title:
            id: title
            scale: 1.6
            color: ui.c['error']
        KLabel:
            id: reason
            scale: 1.4
        Hint:
            id: staff
            scale: 1.1
        Widget:
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
    texts = {"title": "refused_title", "staff": "ask_staff"}
    actions = {"page": (FINISH.but(kind="primary"),)}

    def show(self, c, lang: str) -> None:
        self.ids.reason.text = reason_text(c.journey.refusal, lang)
