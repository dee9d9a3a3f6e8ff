"""1. Welcome: office name and logo, date and clock, "touch to take a number", "Huruf besar".

While the server cannot be reached, it does not invite a touch that cannot work: it says
plainly that the kiosk cannot give numbers now and to ask the staff. The technician's
corners are the window's own (the top-left one is on the header bar).
"""

from __future__ import annotations

from kivy.lang import Builder

from common.vocabulary import long_date

from ..gesture import CornerGesture
from ..texts import t
from .widgets import KioskScreen

Builder.load_string("""
#:import ui kiosk.screens.theme.ui
<WelcomeScreen>:
    Page:
        Split:
            # side by side when wide: the office and its clock, then the invitation
            spacing: ui.u
            Column:
                spacing: ui.u * 0.4
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
            Column:
                spacing: ui.u * 0.6
                Widget:
                FloatLayout:
                    # one place for the invitation, or for the plain word that there is none today
                    size_hint_y: None
                    height: max(start.height, closed.height) if closed.opacity else start.height
                    KButton:
                        id: start
                        scale: 1.6
                        pos_hint: {'x': 0, 'center_y': 0.5}
                        on_release: root.controller.start_journey()
                    Notice:
                        id: closed
                        scale: 1.2
                        bold: True
                        pos_hint: {'x': 0, 'center_y': 0.5}
                        color: ui.c['error'] if ui.large else (0.55, 0.05, 0.05, 1)
                KButton:
                    # a booking or a number taken from home: check in (kiosk/screens/check_in.py)
                    id: check_in
                    kind: 'tile'
                    scale: 0.75 if ui.large else 1.0     # the large mode's clock and invitation need the room
                    on_release: root.controller.open_check_in()
                KLabel:
                    id: free
                    scale: 1.2
                    bold: True
                    color: ui.c['ok']
                AnchorLayout:
                    size_hint_y: None
                    height: large.height
                    KButton:
                        id: large
                        kind: 'secondary'
                        size_hint_x: None
                        width: ui.u * 11
                        on_release: root.controller.toggle_large()
                Widget:
""")


class WelcomeScreen(KioskScreen):
    texts = {"start": "touch_to_start", "free": "free"}

    def on_touch_down(self, touch):
        # The whole screen is the button: "Sentuh layar" means anywhere. A touch on a corner of
        # the window starts the journey when it ends, unless it was held (the technician's gesture).
        if self.controller is None:
            return super().on_touch_down(touch)
        window = self.get_root_window()
        if window is not None:
            corner = CornerGesture.corner(touch.sx * window.width, touch.sy * window.height,
                                          window.width, window.height)
            if corner:
                self.controller.tech.corner_down(corner)
                touch.ud["antre_corner"] = True
                return True
        if self.collide_point(*touch.pos) and not any(
                self.ids[b].collide_point(*self.ids[b].to_widget(*touch.pos, relative=False))
                for b in ("start", "large", "check_in")):
            self._start()
            return True
        return super().on_touch_down(touch)

    def _start(self) -> None:
        # A touch that cannot lead to a ticket (no server) starts nothing: the screen says why.
        if self.controller.can_serve:
            self.controller.start_journey()

    def on_touch_up(self, touch):
        if touch.ud.pop("antre_corner", False) and self.controller is not None:
            if self.controller.tech.corner_up() == "tap":
                self._start()
            return True
        return super().on_touch_up(touch)

    def show(self, c, lang: str) -> None:
        self.ids.office.text = c.feed.office.get("name", "")
        if c.cfg.logo and self.ids.logo.source != c.cfg.logo:
            self.ids.logo.source = c.cfg.logo
        serving = c.can_serve
        loading = c.feed.services is None and not c.feed.services_offline
        start = self.ids.start
        start.opacity, start.disabled = (1, False) if serving else (0, True)
        self.ids.closed.text = "" if serving or loading else t("cannot_serve", lang)
        self.ids.closed.opacity = 0 if serving or loading else 1
        self.ids.free.text = t("free", lang) if serving else ""
        entry = self.ids.check_in
        entry.text = t("check_in_entry", lang)
        entry.opacity, entry.disabled = (1, False) if serving else (0, True)
        self.ids.large.text = t("large_off" if c.journey.large else "large_on", lang)
        self.tick_clock(c)

    def tick_clock(self, c) -> None:
        now, lang = c.feed.now(), c.journey.lang
        self.ids.date.text = long_date(now.date(), lang)
        self.ids.clock.text = f"{now:%H.%M}"
