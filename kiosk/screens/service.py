"""2. Choose service: a big tile per service, with its pictogram, waiting count and estimated wait.

Every tile has the same size, in a grid that fills the room between the heading and the
"Kembali" bar (``pictograms.tile_grid``): one to eight services fit at every supported size
without pushing the heading off the screen. A long name makes its words smaller inside
its own tile, never the tile taller than the others.
"""

from __future__ import annotations

from kivy.clock import Clock
from kivy.lang import Builder
from kivy.properties import StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.widget import Widget

from ..texts import service_name, t
from .pictograms import pictogram_path, tile_grid
from .widgets import BACK, KioskScreen, ui

Builder.load_string("""
#:import ui kiosk.screens.theme.ui
<ServiceTile>:
    padding: ui.u * 0.35
    spacing: ui.u * 0.4
    canvas.before:
        Color:
            rgba: ui.c['disabled'] if self.disabled else ui.c['tile_down' if self.state == 'down' else 'tile']
        Rectangle:
            pos: self.pos
            size: self.size
    Image:
        id: picture
        source: root.picture
        size_hint_x: None
        width: min(self.height, root.width * 0.3)
        fit_mode: 'contain'
        color: ui.c['on_disabled'] if root.disabled else ui.c['on_tile']
    Label:
        id: words
        markup: True
        bold: True
        color: ui.c['on_tile']
        disabled_color: ui.c['on_disabled']
        text_size: self.width, None     # the words' own height, centred: fit() can see when they overflow
        halign: 'left'
        valign: 'middle'

<ServiceScreen>:
    Page:
        spacing: ui.u * 0.5
        Title:
            id: title
            scale: 1.6
        KLabel:
            id: status
            color: ui.c['error']
            bold: True
        Widget:
            id: area
            on_size: root.place_tiles()
            on_pos: root.place_tiles()
            GridLayout:
                id: tiles
                spacing: ui.u * 0.5
        NavBar:
            id: nav
""")


class ServiceTile(ButtonBehavior, BoxLayout):
    """A service to choose: its pictogram, its letter and name, how many wait and how long."""

    picture = StringProperty("")
    text = StringProperty("")     # the words as shown (markup), for tests and screen readers alike
    scale = 1.0                   # of the words, after fit()
    fitted = None                 # called after fit(): the screen evens the tiles out

    def __init__(self, service: dict, **kw):
        super().__init__(**kw)
        self.service_code = service["code"]
        self.picture = pictogram_path(service)
        self.ids.words.bind(size=lambda *_: self.fit())

    def show(self, service: dict, lang: str) -> None:
        self.disabled = not service.get("available", True)
        self._service, self._lang = service, lang
        self.fit()

    def fit(self, limit: float = 1.0) -> None:
        """The largest words (down to half size, at most ``limit``) that fit the tile: a long name
        in a small tile. The screen then gives every tile the smallest of these (one look)."""
        words = self.ids.words
        if not hasattr(self, "_service") or words.width < 2:
            return
        for step in range(11):
            self.scale = min(limit, 1.0 - step * 0.05)
            words.text = self.text = tile_words(self._service, self._lang, ui.u * self.scale)
            words.texture_update()
            if words.texture_size[1] <= words.height and words.texture_size[0] <= words.width:
                break
        if self.fitted is not None:
            self.fitted()


def tile_words(s: dict, lang: str, u: float) -> str:
    name = service_name(s, lang)
    if not s.get("available", True):
        detail = t(s.get("unavailable_reason") or "service_closed", lang)
    else:
        eta = t("eta", lang, m=s["eta_minutes"]) if s.get("eta_minutes") else t("eta_none", lang)
        detail = f"{t('waiting', lang, n=s.get('waiting', 0))}  -  {eta}"
    return (f"[size={int(u * 1.4)}]{s['code']}[/size]  [size={int(u)}]{name}[/size]\n"
            f"[size={int(u * 0.8)}]{detail}[/size]")


class ServiceScreen(KioskScreen):
    texts = {"title": "choose_service"}
    actions = {"nav": (BACK.but(size_hint_x=0.5),)}
    _shown = None

    def on_kv_post(self, base_widget):
        super().on_kv_post(base_widget)
        self.ids.nav.add_widget(Widget())   # "back" takes a third of the bar, on the left
        self._even = Clock.create_trigger(lambda _dt: self.even_out(), 0)

    def show(self, c, lang: str) -> None:
        if c.feed.services is None:
            self.ids.status.text = t("services_offline" if c.feed.services_offline else "services_loading", lang)
        else:
            self.ids.status.text = t("services_offline", lang) if c.feed.services_offline else ""
        services = list(c.feed.services or ())
        codes = [s["code"] for s in services]
        grid = self.ids.tiles
        if [w.service_code for w in reversed(grid.children)] != codes:
            grid.clear_widgets()    # only when the list itself changed: no flicker under a finger
            for s in services:
                tile = ServiceTile(s)
                tile.fitted = self._even
                tile.bind(on_release=lambda tile: self.controller.choose_service(tile.service_code))
                grid.add_widget(tile)
            self.place_tiles()
        key = (lang, ui.u, repr(services))
        if key != self._shown:
            self._shown = key
            for tile, s in zip(reversed(grid.children), services):
                tile.show(s, lang)

    def even_out(self) -> None:
        """Every tile's words at the size of the smallest: a row of tiles reads as one."""
        tiles = list(self.ids.tiles.children)
        smallest = min((t.scale for t in tiles), default=1.0)
        for t in tiles:
            if abs(t.scale - smallest) > 1e-6:
                t.fit(limit=smallest)

    def place_tiles(self) -> None:
        """Equal tiles in the room left between the heading and the bar, from the top."""
        area, grid = self.ids.area, self.ids.tiles
        count = len(grid.children)
        cols, rows = tile_grid(count, ui.landscape)
        gap = grid.spacing[1] if isinstance(grid.spacing, (list, tuple)) else grid.spacing
        width = (area.width - gap * (cols - 1)) / cols
        height = min((area.height - gap * (rows - 1)) / rows, ui.u * 5.5)
        grid.cols = cols
        grid.col_force_default = grid.row_force_default = True
        grid.col_default_width, grid.row_default_height = width, max(height, 1)
        grid.size = (area.width, rows * height + gap * (rows - 1))
        grid.pos = (area.x, area.top - grid.height)

    def tile(self, code: str):
        return next(w for w in self.ids.tiles.children if getattr(w, "service_code", None) == code)
