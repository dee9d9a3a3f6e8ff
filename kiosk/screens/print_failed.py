"""Printing failed: the ticket is still valid. Number and QR large enough to photograph."""

from __future__ import annotations

import io

import qrcode
from kivy.core.image import Image as CoreImage
from kivy.lang import Builder

from ..texts import t
from .done import ahead_text
from .widgets import KioskScreen

Builder.load_string("""
#:import C kiosk.screens.theme.COLORS
#:import ui kiosk.screens.theme.ui
<PrintFailedScreen>:
    BoxLayout:
        orientation: 'vertical'
        padding: ui.u
        spacing: ui.u * 0.5
        KLabel:
            id: title
            scale: 1.5
            bold: True
            color: C['error']
        BoxLayout:
            orientation: 'horizontal' if ui.landscape else 'vertical'
            spacing: ui.u * 0.5
            BoxLayout:
                orientation: 'vertical'
                Widget:
                KLabel:
                    id: caption
                    color: C['muted']
                KLabel:
                    id: number
                    scale: 4.5
                    bold: True
                KLabel:
                    id: ahead
                    scale: 1.1
                Widget:
            Image:
                id: qr
                fit_mode: 'contain'
                size_hint_y: None if not ui.landscape else 1
                height: ui.u * 11
        KLabel:
            id: body
            scale: 1.05
            padding: ui.u * 0.6, ui.u * 0.6
            canvas.before:
                Color:
                    rgba: C['warn_bg']
                Rectangle:
                    pos: self.pos
                    size: self.size
        NavBar:
            KButton:
                id: reprint
                kind: 'secondary'
                on_release: root.controller.reprint()
            KButton:
                id: finish
                on_release: root.controller.reset()
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
    controller = None
    _qr_for = None

    def refresh(self, c) -> None:
        self.controller = c
        ticket, lang = c.journey.ticket or {}, c.journey.lang
        self.ids.title.text = t("print_failed_title", lang)
        self.ids.caption.text = t("your_number", lang)
        self.ids.number.text = ticket.get("number", "")
        self.ids.ahead.text = ahead_text(ticket, lang)
        self.ids.body.text = t("print_failed_body", lang)
        self.ids.reprint.text = t("reprint", lang)
        self.ids.finish.text = t("done_back", lang)
        url = ticket.get("status_url")
        if url and url != self._qr_for:
            self._qr_for = url
            self.ids.qr.texture = qr_texture(url)
