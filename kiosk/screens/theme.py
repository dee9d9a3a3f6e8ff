"""Colours and the size unit, free of widgets so kv rules can import them.

``ui.u`` is the unit every size is a multiple of: a 24th of the short side of the
window (45 px at 1080x1920, 32 px at 1366x768), so text stays readable at arm's
length on every supported screen and nothing needs a layout of its own per size.
"""

from __future__ import annotations

from kivy.event import EventDispatcher
from kivy.properties import BooleanProperty, NumericProperty

COLORS = {
    "bg": (0.97, 0.97, 0.95, 1),
    "header": (0.05, 0.24, 0.42, 1),
    "text": (0.08, 0.08, 0.1, 1),
    "muted": (0.3, 0.3, 0.34, 1),
    "primary": (0.07, 0.45, 0.2, 1),
    "primary_down": (0.04, 0.3, 0.13, 1),
    "secondary": (0.86, 0.88, 0.9, 1),
    "secondary_down": (0.7, 0.72, 0.75, 1),
    "tile": (0.05, 0.33, 0.58, 1),
    "tile_down": (0.03, 0.22, 0.4, 1),
    "disabled": (0.75, 0.75, 0.75, 1),
    "error": (0.72, 0.08, 0.08, 1),
    "ok": (0.07, 0.45, 0.2, 1),
    "warn_bg": (1, 0.95, 0.8, 1),
}


class UI(EventDispatcher):
    u = NumericProperty(40)
    landscape = BooleanProperty(False)

    def follow(self, window) -> None:
        window.bind(size=lambda *_: self.resize(*window.size))
        self.resize(*window.size)

    def resize(self, width: float, height: float) -> None:
        self.u = max(18.0, min(width, height) / 24.0)
        self.landscape = width > height


ui = UI()
