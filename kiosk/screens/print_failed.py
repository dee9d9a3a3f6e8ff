"""Printing failed: the ticket is still valid. Number and QR large enough to photograph."""

from __future__ import annotations

import io

import qrcode
from kivy.core.image import Image as CoreImage
from kivy.lang import Builder

from .done import show_ticket
from .widgets import FINISH, REPRINT, KioskScreen

Builder.load_string("""
#:import C kiosk.screens.theme.COLORS
#:import ui kiosk.screens.theme.ui
<PrintFailedScreen>:
    Page:
        Title:
            id: title
            color: ui.c['error']
        Split:
            spacing: ui.u * 0.5
            Column:
                Widget:
                Hint:
                    id: caption
                KLabel:
                    id: priority_mark
                    scale: 1.3
                    bold: True
                    height: self.texture_size[1] if self.text else 0
                    color: ui.c['priority']
                BigNumber:
                    id: number
                    scale: 3.0 if ui.large else 4.5
                KLabel:
                    id: ahead
                    scale: 1.1
                Widget:
            Image:
                id: qr
                fit_mode: 'contain'
                size_hint_x: 0.6 if ui.landscape else 1     # the number's column gets the width for one line
                size_hint_y: None if not ui.landscape else 1
                height: ui.u * (7 if ui.large else 11)
        Notice:
            id: body
            scale: 0.9 if ui.large else 1.05
        NavBar:
            id: nav
""")


def qr_texture(data: str):
    code = qrcode.QRCode(border=2, box_size=10)
    code.add_data(data)
    code.make(fit=True)
    buf = io.BytesIO()
    code.make_image().save(buf, format="PNG")
    buf.seek(0)
    texture = CoreImage(buf, ext="png").texture
    texture.mag_filter = "nearest"  # sharp modules, easy for a phone camera
    return texture


class PrintFailedScreen(KioskScreen):
    texts = {"title": "print_failed_title", "caption": "your_number", "body": "print_failed_body"}
    actions = {"nav": (REPRINT, FINISH.but(kind="primary"))}
    _qr_for = None

    def show(self, c, lang: str) -> None:
        ticket = c.journey.ticket or {}
        show_ticket(self.ids, ticket, lang)
        url = ticket.get("status_url")
        if url and url != self._qr_for:
            self._qr_for = url
            self.ids.qr.texture = qr_texture(url)
