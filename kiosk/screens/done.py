"""7. Done: "Silakan ambil tiket Anda", the number large, people ahead, what to prepare."""

from __future__ import annotations

from kivy.lang import Builder

from ..texts import requirements, service_name, t
from .widgets import KioskScreen

Builder.load_string("""
#:import C kiosk.screens.theme.COLORS
#:import ui kiosk.screens.theme.ui
<DoneScreen>:
    BoxLayout:
        orientation: 'vertical'
        padding: ui.u
        spacing: ui.u * 0.5
        Widget:
        KLabel:
            id: title
            scale: 1.8
            bold: True
            color: C['ok']
        KLabel:
            id: caption
            scale: 1.0
            color: C['muted']
        KLabel:
            id: number
            scale: 5.0
            bold: True
        KLabel:
            id: service
            scale: 1.0
        KLabel:
            id: ahead
            scale: 1.2
            bold: True
        KLabel:
            id: prepare
            scale: 1.1
            padding: ui.u * 0.6, ui.u * 0.6
            canvas.before:
                Color:
                    rgba: C['warn_bg']
                Rectangle:
                    pos: self.pos
                    size: self.size
        Widget:
        KButton:
            id: finish
            kind: 'secondary'
            on_release: root.controller.reset()
""")


def ahead_text(ticket: dict, lang: str) -> str:
    n = ticket.get("ahead", 0)
    return t("ahead", lang, n=n) if n else t("ahead_none", lang)


class DoneScreen(KioskScreen):
    controller = None

    def refresh(self, c) -> None:
        self.controller = c
        ticket, lang = c.journey.ticket or {}, c.journey.lang
        self.ids.title.text = t("take_ticket", lang)
        self.ids.caption.text = t("your_number", lang)
        self.ids.number.text = ticket.get("number", "")
        self.ids.service.text = service_name(ticket.get("service") or {}, lang)
        self.ids.ahead.text = ahead_text(ticket, lang)
        req = requirements(ticket.get("origin_service") or {}, lang)
        self.ids.prepare.text = t("prepare", lang, req=req) if req else ""
        self.ids.finish.text = t("done_back", lang)
