"""1. Welcome: office name and logo, date and clock, "touch to take a number"."""

from __future__ import annotations

from kivy.lang import Builder

from common.vocabulary import long_date

from ..gesture import CornerGesture
from .widgets import KioskScreen

Builder.load_string("""
#:import C kiosk.screens.theme.COLORS
#:import ui kiosk.screens.theme.ui
<WelcomeScreen>:
    Page:
        spacing: ui.u * 0.8
        Widget:
        Image:
            id: logo
            size_hint_y: None
            height: ui.u * 5 if self.source else 0
            opacity: 1 if self.source else 0
        Title:
            id: office
            scale: 2.0
            color: ui.c['frame']
        Hint:
            id: date
            scale: 1.2
        KLabel:
            id: clock
            scale: 3.0
            bold: True
        Widget:
        KButton:
            id: start
            scale: 1.6
            on_release: root.controller.start_journey()
        KLabel:
            id: free
            scale: 1.2
            bold: True
            color: ui.c['ok']
        Widget:
""")


class WelcomeScreen(KioskScreen):
    texts = {"start": "touch_to_start", "free": "free"}

    def on_touch_down(self, touch):
        # The whole screen is the button: "Sentuh layar" means anywhere. A touch on a corner
        # starts the journey when it ends, unless it was held (the technician's gesture).
        if self.collide_point(*touch.pos) and self.controller is not None:
            corner = CornerGesture.corner(touch.x - self.x, touch.y - self.y, self.width, self.height)
            if corner:
                self.controller.tech.corner_down(corner)
                touch.ud["antre_corner"] = True
                return True
            if not self.ids.start.collide_point(*touch.pos):
                self.controller.start_journey()
                return True
        return super().on_touch_down(touch)

    def on_touch_up(self, touch):
        if touch.ud.pop("antre_corner", False) and self.controller is not None:
            if self.controller.tech.corner_up() == "tap":
                self.controller.start_journey()
            return True
        return super().on_touch_up(touch)

    def show(self, c, lang: str) -> None:
        self.ids.office.text = c.feed.office.get("name", "")
        if c.cfg.logo and self.ids.logo.source != c.cfg.logo:
            self.ids.logo.source = c.cfg.logo
        self.tick_clock(c)

    def tick_clock(self, c) -> None:
        now, lang = c.feed.now(), c.journey.lang
        self.ids.date.text = long_date(now.date(), lang)
        self.ids.clock.text = f"{now:%H.%M}"
