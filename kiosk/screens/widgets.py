"""Shared widgets: wrapping labels, big buttons, the base screen (sizes in ``theme.ui.u``)."""

from __future__ import annotations

from kivy.core.window import Window
from kivy.lang import Builder
from kivy.properties import NumericProperty, StringProperty
from kivy.uix.button import Button
from kivy.uix.gridlayout import GridLayout
from kivy.uix.label import Label
from kivy.uix.screenmanager import Screen

from .theme import COLORS, ui  # noqa: F401 (re-exported for the screens)


class KLabel(Label):
    """Wrapping text that takes the height it needs."""

    scale = NumericProperty(1.0)


class KButton(Button):
    """A big button. ``kind``: primary (green), secondary (grey), tile (blue)."""

    scale = NumericProperty(1.0)
    kind = StringProperty("primary")


class Keypad(GridLayout):
    """A big numeric keypad (NIK, PIN): keys sized from ``ui.u`` for the orientation."""

    def __init__(self, **kw):
        super().__init__(**kw)
        ui.bind(landscape=lambda *_: self._size_keys(), u=lambda *_: self._size_keys())

    def add_key(self, label: str, action, kind: str = "tile", font_name: str | None = None) -> KButton:
        b = KButton(text=label, kind=kind)
        b.key = label
        if font_name:
            b.font_name = font_name
        b.bind(on_release=lambda *_: action())
        self.add_widget(b)
        self._size_keys()
        return b

    def key(self, label: str) -> KButton:
        return next(b for b in self.children if b.key == label)

    def _size_keys(self) -> None:
        for b in self.children:
            b.height = ui.u * (2.3 if ui.landscape else 2.7)
            b.font_size = ui.u * (1.5 if b.key.isdigit() else self.word_scale)
        self.size_hint_x = 0.9 if ui.landscape else 1

    word_scale = NumericProperty(0.9)  # font size of keys with words ("Hapus semua", "OK")

    def on_word_scale(self, *_):
        self._size_keys()


class KioskScreen(Screen):
    """Base of every screen: ``refresh(controller)`` redraws it from the journey."""

    def refresh(self, c) -> None:  # pragma: no cover - overridden
        pass


Builder.load_string("""
#:import C kiosk.screens.theme.COLORS
#:import ui kiosk.screens.theme.ui

<KLabel>:
    color: C['text']
    font_size: ui.u * self.scale
    text_size: self.width, None
    size_hint_y: None
    height: self.texture_size[1]
    halign: 'center'
    valign: 'middle'

<KButton>:
    background_normal: ''
    background_down: ''
    background_disabled_normal: ''
    color: (1, 1, 1, 1) if self.kind != 'secondary' else C['text']
    disabled_color: C['muted']     # dark on grey: readable, yet clearly not available
    background_color: (C['disabled'] if self.disabled else C[self.kind + ('_down' if self.state == 'down' else '')])
    font_size: ui.u * 1.05 * self.scale
    bold: True
    text_size: self.width - ui.u * 0.6, None
    halign: 'center'
    size_hint_y: None
    height: ui.u * 2.6 * self.scale

<Keypad>:
    cols: 3
    spacing: ui.u * 0.35
    size_hint_y: None
    height: self.minimum_height
    pos_hint: {'center_y': 0.5}

<NavBar@BoxLayout>:
    size_hint_y: None
    height: ui.u * 2.6
    spacing: ui.u * 0.6
""")

def window_size() -> tuple[int, int]:
    return tuple(Window.size)
