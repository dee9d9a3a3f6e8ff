"""3. Priority: "Apakah Anda termasuk ..." five categories of UU 25/2009 Pasal 29, or "Tidak".

The six choices share the room under the question equally (two columns when wide), and a long
label makes its words smaller inside its own button: nothing leaves the screen, in the large
text mode either.
"""

from __future__ import annotations

from kivy.lang import Builder

from common.vocabulary import PRIORITY_NAMES

from ..texts import priority_label, t
from .widgets import BACK, CANCEL, KButton, KioskScreen, ui

Builder.load_string("""
#:import ui kiosk.screens.theme.ui
<PriorityScreen>:
    Page:
        spacing: ui.u * 0.5
        Title:
            id: title
        Hint:
            id: hint
        Widget:
            id: area
            on_size: root.place_choices()
            on_pos: root.place_choices()
            GridLayout:
                id: choices
                spacing: ui.u * 0.5
        NavBar:
            id: nav
""")


class PriorityScreen(KioskScreen):
    texts = {"title": "priority_q", "hint": "priority_hint"}
    actions = {"nav": (BACK, CANCEL)}

    def on_kv_post(self, base_widget):
        super().on_kv_post(base_widget)
        for p in PRIORITY_NAMES:
            b = KButton(kind="tile")
            b.priority = p
            b.bind(on_release=lambda btn: self.controller.choose_priority(btn.priority))
            self.ids.choices.add_widget(b)
        self.ids.none = none = KButton(kind="secondary")
        none.priority = None
        none.bind(on_release=lambda _b: self.controller.choose_priority(None))
        self.ids.choices.add_widget(none)

    def button(self, priority):
        return next(b for b in self.ids.choices.children if b.priority == priority)

    def show(self, c, lang: str) -> None:
        for b in self.ids.choices.children:
            b.text = priority_label(b.priority, lang) if b.priority else t("no_priority", lang)
        self.place_choices()

    def place_choices(self) -> None:
        area, grid = self.ids.area, self.ids.choices
        buttons = list(grid.children)
        cols = 2 if ui.landscape else 1
        rows = -(-len(buttons) // cols)
        gap = ui.u * 0.5
        height = min((area.height - gap * (rows - 1)) / rows, ui.u * 2.8)
        grid.cols, grid.spacing = cols, gap
        grid.col_force_default = grid.row_force_default = True
        grid.col_default_width = (area.width - gap * (cols - 1)) / cols
        grid.row_default_height = max(height, 1)
        grid.size = (area.width, rows * height + gap * (rows - 1))
        grid.pos = (area.x, area.top - grid.height)
        for b in buttons:
            b.size_hint_y = None
            b.height = max(height, 1)
            b.font_size = ui.u * 1.05
            b.texture_update()
            while b.texture_size[1] > b.height - 4 and b.font_size > ui.u * 0.55:
                b.font_size *= 0.9
                b.texture_update()
