"""2. Choose service: a big tile per service with waiting count and estimated wait, live."""

from __future__ import annotations

from kivy.lang import Builder
from kivy.uix.widget import Widget

from ..texts import service_name, t
from .widgets import BACK, KButton, KioskScreen, ui

Builder.load_string("""
#:import C kiosk.screens.theme.COLORS
#:import ui kiosk.screens.theme.ui
<ServiceScreen>:
    Page:
        spacing: ui.u * 0.7
        Title:
            id: title
            scale: 1.6
        KLabel:
            id: status
            color: C['error']
        Tiles:
            id: tiles
            spacing: ui.u * 0.6
        Widget:
        NavBar:
            id: nav
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
    texts = {"title": "choose_service"}
    actions = {"nav": (BACK.but(size_hint_x=0.5),)}
    _shown = None

    def on_kv_post(self, base_widget):
        super().on_kv_post(base_widget)
        self.ids.nav.add_widget(Widget())   # "back" takes a third of the bar, on the left

    def show(self, c, lang: str) -> None:
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
