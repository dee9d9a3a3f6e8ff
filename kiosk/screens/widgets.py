"""Shared widgets and the blocks every screen is built from (sizes in ``theme.ui.u``).

Python: wrapping labels, big buttons, the keypad, ``Action`` (a button that calls the controller)
and the base screen. kv: ``Page`` (a screen's column), ``Split`` (side by side when wide, stacked
when tall), ``Title``, ``Hint``, ``Panel`` (words on a white card), ``Notice`` (on a warm card),
``Readout`` (what the keypad typed, framed), ``Tiles`` (a grid of big choices), ``BigNumber``,
``NavBar`` (the row of buttons at the bottom). A block with ids of its own lends them to its screen.
"""

from __future__ import annotations

from operator import attrgetter
from pathlib import Path

from kivy.factory import Factory
from kivy.lang import Builder
from kivy.properties import NumericProperty, StringProperty
from kivy.uix.button import Button
from kivy.uix.gridlayout import GridLayout
from kivy.uix.label import Label
from kivy.uix.screenmanager import Screen

from ..texts import t
from .theme import COLORS, ui  # noqa: F401 (re-exported for the screens)

# Roboto has no backspace glyph; DejaVu (Debian fonts-dejavu-core) has U+232B.
_DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
BACKSPACE = ("\u232b", str(_DEJAVU)) if _DEJAVU.exists() else ("<", "Roboto")


class KLabel(Label):
    """Wrapping text that takes the height it needs."""

    scale = NumericProperty(1.0)


class KButton(Button):
    """A big button. ``kind``: primary (green), secondary (grey), tile (blue)."""

    scale = NumericProperty(1.0)
    kind = StringProperty("primary")


class Keypad(GridLayout):
    """A big numeric keypad (NIK, PIN): keys sized from ``ui.u`` for the orientation."""

    word_scale = NumericProperty(0.9)  # font size of keys with words ("Hapus semua", "OK")

    def __init__(self, **kw):
        super().__init__(**kw)
        # Bound methods, not lambdas: Kivy holds a bound method weakly, a lambda for ever, and the
        # global ``ui`` would then keep every keypad (and its kiosk's whole screen tree) alive.
        ui.bind(landscape=self._on_ui, u=self._on_ui)

    def _on_ui(self, *_):
        self._size_keys()

    def add_key(self, label: str, action, kind: str = "tile", name: str | None = None) -> KButton:
        """A key showing ``label``, found again by ``key(name or label)``."""
        b = KButton(text=label, kind=kind)
        b.key = name or label
        b.bind(on_release=lambda *_: action())
        self.add_widget(b)
        self._size_keys()
        return b

    def add_digits(self, action) -> None:
        """The keys 1 to 9; each calls ``action(digit)``."""
        for d in "123456789":
            self.add_key(d, lambda d=d: action(d))

    def add_backspace(self, action) -> KButton:
        """Delete one digit: always the bottom-right key, named in words too ("⌫ Hapus")."""
        b = self.add_key(BACKSPACE[0], action, kind="secondary", name="backspace")
        b.font_name = BACKSPACE[1]
        return b

    def label_backspace(self, lang: str) -> None:
        self.key("backspace").text = f"{BACKSPACE[0]} {t('backspace', lang)}"

    def key(self, name: str) -> KButton:
        return next(b for b in self.children if b.key == name)

    def _size_keys(self) -> None:
        for b in self.children:
            b.height = ui.u * (2.3 if ui.landscape else 2.4)
            b.font_size = ui.u * (1.5 if b.key.isdigit() else self.word_scale)
        self.size_hint_x = 0.9 if ui.landscape else 1

    def on_word_scale(self, *_):
        self._size_keys()


class Action:
    """A button that calls ``controller.<call>()`` (a dotted path such as ``"tech.save"``), labelled
    with the text ``words`` in the journey's language; ``look`` sets the button's other properties."""

    def __init__(self, id: str, words: str, call: str, widget: str = "KButton", **look):
        self.id, self.words, self.call, self.widget, self.look = id, words, call, widget, look

    def but(self, **look) -> Action:
        """The same action in another look (a wider button, a primary one, ...)."""
        return Action(self.id, self.words, self.call, self.widget, **{**self.look, **look})

    def button(self, screen: KioskScreen):
        b = Factory.get(self.widget)(**self.look)
        b.bind(on_release=lambda *_: attrgetter(self.call)(screen.controller)())
        return b


BACK = Action("back", "back", "back", kind="secondary")
CANCEL = Action("cancel", "cancel", "cancel", kind="secondary")
FINISH = Action("finish", "done_back", "reset", kind="secondary")
REPRINT = Action("reprint", "reprint", "reprint", kind="secondary")


class KioskScreen(Screen):
    """Base of every screen: ``refresh(controller)`` redraws it from the journey.

    A screen states only what is its own: ``texts`` (widget id -> key in ``kiosk.texts``) for the
    words that change only with the language, ``actions`` (id of a box -> its ``Action``s, added at
    the end of the box in order, each under its own id) and ``show(c, lang)`` for the rest.
    """

    controller = None
    texts: dict[str, str] = {}
    actions: dict[str, tuple[Action, ...]] = {}

    def on_kv_post(self, base_widget):
        for part in list(self.ids.values()):
            self.ids.update(part.ids)   # the widgets of a shared block answer to the screen's ids too
        for box, row in self.actions.items():
            for action in row:
                self.ids[action.id] = action.button(self)
                self.ids[box].add_widget(self.ids[action.id])

    def refresh(self, c) -> None:
        self.controller = c
        ui.set_large(c.journey.large)
        lang = c.journey.lang
        for wid, key in self.texts.items():
            self.ids[wid].text = t(key, lang)
        for row in self.actions.values():
            for action in row:
                self.ids[action.id].text = t(action.words, lang)
        self.show(c, lang)

    def show(self, c, lang: str) -> None:
        """Draw what the journey decides (numbers, choices, messages)."""


Builder.load_string("""
#:import C kiosk.screens.theme.COLORS
#:import ui kiosk.screens.theme.ui

<KLabel>:
    color: ui.c['text']
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
    color: ui.c['on_' + self.kind]
    disabled_color: ui.c['on_disabled']     # dark on grey: readable, yet clearly not available
    background_color: (ui.c['disabled'] if self.disabled else ui.c[self.kind + ('_down' if self.state == 'down' else '')])
    font_size: ui.u * 1.05 * self.scale
    bold: True
    text_size: self.width - ui.u * 0.6, None
    halign: 'center'
    size_hint_y: None
    # never shorter than its words (a long label wraps in the large text mode)
    height: max(ui.u * 2.6 * self.scale, self.texture_size[1] + ui.u * 0.5)

<Keypad>:
    cols: 3
    spacing: ui.u * 0.35
    size_hint_y: None
    height: self.minimum_height
    pos_hint: {'center_y': 0.5}

<Column@BoxLayout>:
    orientation: 'vertical'

<Page@Column>:
    padding: ui.u
    spacing: ui.u * 0.5
    canvas.before:
        Color:
            rgba: ui.c['bg']
        Rectangle:
            pos: self.pos
            size: self.size

<Split@BoxLayout>:
    orientation: 'horizontal' if ui.landscape else 'vertical'

<Title@KLabel>:
    scale: 1.5
    bold: True

<Hint@KLabel>:
    color: ui.c['muted']

<Card@Widget>:
    card: ui.c['card']
    canvas.before:
        Color:
            rgba: self.card or ui.c['card']
        Rectangle:
            pos: self.pos
            size: self.size
        Color:
            rgba: ui.c['frame'] if ui.large else (0, 0, 0, 0)
        Line:
            rectangle: self.x, self.y, self.width, self.height
            width: 2

<Panel@Card+KLabel>:
    halign: 'left'
    padding: ui.u * 0.8, ui.u * 0.8

<Notice@Card+KLabel>:
    card: ui.c['warn_bg']
    padding: ui.u * 0.6, ui.u * 0.6

<Readout@Card+Label>:
    bold: True
    color: ui.c['text']
    size_hint_y: None
    canvas.before:
        Color:
            rgba: ui.c['frame']
        Line:
            rectangle: self.x, self.y, self.width, self.height
            width: 2

<Tiles@GridLayout>:
    cols: 2 if ui.landscape else 1
    size_hint_y: None
    height: self.minimum_height

<BigNumber@KLabel>:
    scale: 5.0
    bold: True

<NavBar@BoxLayout>:
    size_hint_y: None
    height: ui.u * 2.6
    spacing: ui.u * 0.6
""")

