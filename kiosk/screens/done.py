"""7. Done: "Silakan ambil tiket Anda", the number large, people ahead, what to prepare.

``TicketFacts`` (number, service, people ahead) is Existing's too.
"""

from __future__ import annotations

from kivy.lang import Builder

from ..check_in import check_in_line
from ..texts import requirements, service_name, t
from .widgets import FINISH, KioskScreen

Builder.load_string("""
#:import C kiosk.screens.theme.COLORS
#:import ui kiosk.screens.theme.ui
<TicketFacts@Column>:
    size_hint_y: None
    height: self.minimum_height
    spacing: ui.u * (0.25 if ui.large else 0.5)
    KLabel:
        id: priority_mark     # "PRIORITAS" over the number of a priority ticket (the paper says it too)
        scale: 1.5
        bold: True
        color: ui.c['priority']
        opacity: 1 if self.text else 0
        height: self.texture_size[1] if self.text else 0
    BigNumber:
        id: number
        scale: 4.0 if ui.large else 5.0
    KLabel:
        id: service
    KLabel:
        id: ahead
        scale: 1.2
        bold: True

<DoneScreen>:
    Page:
        Title:
            id: title
            scale: 1.6
            color: ui.c['ok']
        Split:
            # side by side when wide: the number, then what to bring and "Selesai"
            spacing: ui.u
            Column:
                Widget:
                Hint:
                    id: caption
                TicketFacts:
                    id: facts
                Widget:
            Column:
                id: side
                spacing: ui.u * 0.6
                size_hint_y: 1 if ui.landscape else None     # when tall: under the number, as high as it needs
                height: self.minimum_height
                Widget:
                Notice:
                    id: prepare
                    scale: 1.1
                    opacity: 1 if self.text else 0
                Widget:
""")


def ahead_text(ticket: dict, lang: str) -> str:
    if ticket.get("offline"):   # issued from the kiosk's reserve: who is ahead is not known here
        return t("t_offline", lang)
    n = ticket.get("ahead", 0)
    return t("ahead", lang, n=n) if n else t("ahead_none", lang)


def show_ticket(ids, ticket: dict, lang: str) -> None:
    """The number, its service (where shown) and the people ahead: Done, Existing and Print failed."""
    ids.number.text = ticket.get("number", "")
    ids.priority_mark.text = t("priority_mark", lang) if ticket.get("priority") else ""
    ids.ahead.text = ahead_text(ticket, lang)
    if "service" in ids:
        ids.service.text = service_name(ticket.get("service") or {}, lang)


class DoneScreen(KioskScreen):
    texts = {"title": "take_ticket", "caption": "your_number"}
    actions = {"side": (FINISH,)}

    def show(self, c, lang: str) -> None:
        ticket = c.journey.ticket or {}
        show_ticket(self.ids, ticket, lang)
        if ticket.get("checked_in"):   # a booking or a number from home: how it came, as the paper says
            self.ids.caption.text = f"{t('your_number', lang)}\n{check_in_line(ticket, lang)}"
        req = requirements(ticket.get("origin_service") or {}, lang)
        self.ids.prepare.text = t("prepare", lang, req=req) if req else ""
