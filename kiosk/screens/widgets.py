"""Shared widgets: wrapping labels, big buttons, the base screen (sizes in ``theme.ui.u``)."""

from __future__ import annotations

from kivy.core.window import Window
from kivy.lang import Builder
from kivy.properties import NumericProperty, StringProperty
from kivy.uix.button import Button
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

<NavBar@BoxLayout>:
    size_hint_y: None
    height: ui.u * 2.6
    spacing: ui.u * 0.6
""")

def window_size() -> tuple[int, int]:
    return tuple(Window.size)
