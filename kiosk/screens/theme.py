"""Colours and the size unit, free of widgets so kv rules can import them.

``ui.u`` is the unit every size is a multiple of: a 24th of the short side of the
window (45 px at 1080x1920, 32 px at 1366x768), so text stays readable at arm's
length on every supported screen and nothing needs a layout of its own per size.

``ui.c`` is the palette in use. kv rules read colours as ``ui.c['text']`` (not from a
plain dict) so that they follow a change of palette: the large text / high contrast
mode (``ui.set_large``), which a citizen with low vision turns on from Welcome, makes
the unit bigger and swaps the palette for white and yellow on black, on every screen
at once; it is the journey's, so the next citizen starts in the usual look.
"""

from __future__ import annotations

from kivy.event import EventDispatcher
from kivy.properties import BooleanProperty, DictProperty, NumericProperty

COLORS = {
    "bg": (0.97, 0.97, 0.95, 1),
    "card": (1, 1, 1, 1),
    "frame": (0.05, 0.24, 0.42, 1),
    "header": (0.05, 0.24, 0.42, 1),
    "text": (0.08, 0.08, 0.1, 1),
    "muted": (0.3, 0.3, 0.34, 1),
    "primary": (0.07, 0.45, 0.2, 1),
    "primary_down": (0.04, 0.3, 0.13, 1),
    "on_primary": (1, 1, 1, 1),
    "secondary": (0.86, 0.88, 0.9, 1),
    "secondary_down": (0.7, 0.72, 0.75, 1),
    "on_secondary": (0.08, 0.08, 0.1, 1),
    "tile": (0.05, 0.33, 0.58, 1),
    "tile_down": (0.03, 0.22, 0.4, 1),
    "on_tile": (1, 1, 1, 1),
    "disabled": (0.75, 0.75, 0.75, 1),
    "on_disabled": (0.3, 0.3, 0.34, 1),
    "error": (0.72, 0.08, 0.08, 1),
    "ok": (0.07, 0.45, 0.2, 1),
    "warn_bg": (1, 0.95, 0.8, 1),
    "priority": (0.75, 0.1, 0.05, 1),
}

# Low vision: white and yellow on black, bright buttons with black words, every edge framed.
CONTRAST = {
    **COLORS,
    "bg": (0, 0, 0, 1),
    "card": (0, 0, 0, 1),
    "frame": (1, 1, 0, 1),
    "text": (1, 1, 1, 1),
    "muted": (1, 1, 0.55, 1),
    "primary": (0.55, 1, 0.45, 1),
    "primary_down": (0.35, 0.75, 0.3, 1),
    "on_primary": (0, 0, 0, 1),
    "secondary": (1, 1, 1, 1),
    "secondary_down": (0.75, 0.75, 0.75, 1),
    "on_secondary": (0, 0, 0, 1),
    "tile": (1, 0.9, 0, 1),
    "tile_down": (0.8, 0.7, 0, 1),
    "on_tile": (0, 0, 0, 1),
    "disabled": (0.25, 0.25, 0.25, 1),
    "on_disabled": (0.8, 0.8, 0.8, 1),
    "error": (1, 0.55, 0.5, 1),
    "ok": (0.55, 1, 0.45, 1),
    "warn_bg": (0.2, 0.2, 0.2, 1),
    "priority": (1, 0.55, 0.5, 1),
}

# How much the unit grows in the large text mode: less when wide, where the screens' columns
# already use the short side's height (the high contrast does the rest).
LARGE_FACTOR = {"portrait": 1.35, "landscape": 1.15}


class UI(EventDispatcher):
    u = NumericProperty(40)
    landscape = BooleanProperty(False)
    large = BooleanProperty(False)
    c = DictProperty(COLORS)

    def __init__(self, **kw):
        super().__init__(**kw)
        self._size = (960.0, 960.0)

    def follow(self, window) -> None:
        window.bind(size=lambda *_: self.resize(*window.size))
        self.resize(*window.size)

    def resize(self, width: float, height: float) -> None:
        self._size = (width, height)
        self.landscape = width > height
        factor = LARGE_FACTOR["landscape" if self.landscape else "portrait"] if self.large else 1.0
        self.u = max(18.0, min(width, height) / 24.0) * factor

    def set_large(self, on: bool) -> None:
        """The large text / high contrast mode on or off (a citizen's choice, reset with the journey)."""
        if bool(on) == self.large:
            return
        self.large = bool(on)
        self.c = CONTRAST if self.large else COLORS
        self.resize(*self._size)


ui = UI()
