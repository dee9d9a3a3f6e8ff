"""2. Choose service: a big tile per service with waiting count and estimated wait, live."""

from __future__ import annotations

from kivy.lang import Builder

from ..texts import service_name, t
from .widgets import KButton, KioskScreen

Builder.load_string("""
#:import C kiosk.screens.theme.COLORS
#:import ui kiosk.screens.theme.ui
<ServiceScreen>:
    BoxLayout:
        orientation: 'vertical'
        padding: ui.u
        spacing: ui.u * 0.7
        KLabel:
            id: title
            scale: 1.6
            bold: True
        KLabel:
            id: status
            scale: 1.0
            color: C['error']
        GridLayout:
            id: tiles
            cols: 2 if ui.landscape else 1
            spacing: ui.u * 0.6
            size_hint_y: None
            height: self.minimum_height
        Widget:
        NavBar:
            KButton:
                id: back
                kind: 'secondary'
                size_hint_x: 0.5
                on_release: root.controller.back()
            Widget:
""")


def tile_text(s: dict, lang: str, u: float) -> str:
    name = service_name(s, lang)
    if not s.get("available", True):
        detail = t(s.get("unavailable_reason") or "service_closed", lang)
    else:
        eta = t("eta", lang, m=s["eta_minutes"]) if s.get("eta_minutes") else t("eta_none", lang)
        detail = f"{t('waiting', lang, n=s.get('waiting', 0))}  -  {eta}"
    return f"[size={int(u * 1.5)}]{s['code']}[/size]   {name}\n[size={int(u * 0.85)}]{detail}[/size]"


class ServiceScreen(KioskScreen):
    controller = None
    _shown = None

    def refresh(self, c) -> None:
        from .widgets import ui

        self.controller = c
        lang = c.journey.lang
        self.ids.title.text = t("choose_service", lang)
        self.ids.back.text = t("back", lang)
        if c.feed.services is None:
            self.ids.status.text = t("services_offline" if c.feed.services_offline else "services_loading", lang)
        else:
            self.ids.status.text = t("services_offline", lang) if c.feed.services_offline else ""
        key = (lang, ui.u, repr(c.feed.services))
        if key == self._shown:
            return  # nothing changed: keep the tiles (no flicker under a finger)
        self._shown = key
        grid = self.ids.tiles
        grid.clear_widgets()
        for s in c.feed.services or ():
            b = KButton(text=tile_text(s, lang, ui.u), markup=True, kind="tile",
                        disabled=not s.get("available", True), halign="left")
            # Long names wrap to three lines: the tile grows rather than crowd its text.
            b.bind(texture_size=lambda btn, ts: setattr(btn, "height", max(ui.u * 4.2, ts[1] + ui.u)))
            b.height = ui.u * 4.2
            b.service_code = s["code"]
            b.bind(on_release=lambda btn: self.controller.choose_service(btn.service_code))
            grid.add_widget(b)

    def tile(self, code: str):
        return next(w for w in self.ids.tiles.children if getattr(w, "service_code", None) == code)
