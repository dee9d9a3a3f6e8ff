"""The technician's settings page (behind the gesture and the PIN): edit, test, pair, save.

Thin: every button calls ``controller.tech`` (``kiosk.technician.TechnicianSession``; its draft is ``kiosk.settings_draft.Draft``).
Text fields take a USB keyboard or Kivy's on-screen keyboard (``keyboard_mode`` in kiosk_main).
"""

from __future__ import annotations

from kivy.factory import Factory
from kivy.lang import Builder
from kivy.utils import escape_markup

from ..settings_draft import PRINTER_KINDS
from ..texts import t
from ..ticket import PAPERS
from .widgets import COLORS, Action, KioskScreen

PRINTER_HINTS = {"preview": "tickets", "network": "192.168.1.50:9100", "usb": "04b8:0e15",
                 "serial": "/dev/ttyUSB0:9600", "file": "/dev/usb/lp0"}

Builder.load_string("""
#:import C kiosk.screens.theme.COLORS
#:import ui kiosk.screens.theme.ui
<TechLabel@Label>:
    color: ui.c['text']
    font_size: ui.u * 0.72
    size_hint_x: None
    width: ui.u * 5.6
    text_size: self.size
    halign: 'left'
    valign: 'middle'

<TechRow@BoxLayout>:
    size_hint_y: None
    height: ui.u * (1.55 if ui.landscape else 1.9)   # ten rows under the title at 1280x800
    spacing: ui.u * 0.25

<TechInput@TextInput>:
    multiline: False
    write_tab: False
    font_size: ui.u * 0.8
    padding: ui.u * 0.3, (self.height - self.line_height) / 2
    foreground_color: ui.c['text']

<TechButton@KButton>:
    scale: 0.72
    size_hint_y: 1

<TechStep@TechButton>:
    kind: 'secondary'
    size_hint_x: None
    width: ui.u * 2.2

<TechPair@TechButton>:
    kind: 'tile'
    size_hint_x: None
    width: ui.u * 5

<TechValue@Label>:
    color: ui.c['text']
    font_size: ui.u * 0.8
    bold: True
    text_size: self.size
    halign: 'center'
    valign: 'middle'
    shorten: True

<TechBar@NavBar>:
    height: ui.u * 2.2

<TechnicianScreen>:
    Page:
        padding: ui.u * 0.5
        spacing: ui.u * 0.3
        Title:
            id: title
            scale: 1.2
            color: ui.c['header']
        Split:
            spacing: ui.u * 0.6
            Column:
                id: form
                spacing: ui.u * 0.25
                size_hint_x: 0.6 if ui.landscape else 1
                size_hint_y: None
                height: self.minimum_height
                pos_hint: {'top': 1}
            Column:
                size_hint_x: 0.4 if ui.landscape else 1
                spacing: ui.u * 0.3
                GridLayout:
                    id: tests
                    cols: 2
                    spacing: ui.u * 0.25
                    size_hint_y: None
                    height: ui.u * 2.0 * 3 + ui.u * 0.5
                Panel:
                    id: status
                    scale: 0.8
                    markup: True
                    padding: ui.u * 0.4, ui.u * 0.3
                KLabel:
                    id: key_state
                    scale: 0.7
                    halign: 'left'
                    color: ui.c['muted']
                Widget:
                TechBar:
                    id: nav
""")

# The form, row by row: the label of row ``k`` is ``ids.l_k`` with the text ``tech_k``.
ROWS = ("server", "name", "printer", "target", "paper", "profile", "language", "idle", "voice", "pair_code")


def _tech(name: str, words: str, call: str, **look) -> Action:
    return Action(name, words, "tech." + call, "TechButton", **look)


class TechnicianScreen(KioskScreen):
    tech = None
    texts = {"title": "tech_title", **{"l_" + k: "tech_" + k for k in ROWS}}
    actions = {
        "row_pair_code": (Action("pair", "tech_pair", "tech.pair", "TechPair"),),
        "tests": (_tech("test_server", "tech_test_server", "test_connection", kind="tile"),
                  _tech("test_printer", "tech_test_printer", "test_printer", kind="tile"),
                  _tech("test_print", "tech_test_print", "test_print", kind="tile"),
                  _tech("fullscreen", "tech_fullscreen", "leave_fullscreen", kind="secondary"),
                  _tech("exit", "tech_exit", "exit_app", kind="secondary")),
        "nav": (Action("back", "back", "tech.leave", kind="secondary", scale=0.85, size_hint_x=0.4),
                Action("save", "tech_save", "tech.save", scale=0.85, size_hint_x=0.6)),
    }

    def on_kv_post(self, base_widget):
        for key in ROWS:
            self.ids["row_" + key] = row = Factory.TechRow()
            row.add_widget(self._named("l_" + key, Factory.TechLabel()))
            self.ids.form.add_widget(row)
        self._input("server", lambda v: self.tech.edit(server_url=v))
        self._input("name", lambda v: self.tech.edit(kiosk_name=v))
        self.kind_buttons = self._choices("printer", {k: k for k in PRINTER_KINDS}, self._set_kind)
        for b in self.kind_buttons.values():
            b.scale = 0.6   # five technical words in one row
        self._input("target", lambda v: self.tech.edit(printer_target=v))
        self.paper_buttons = self._choices("paper", {mm: f"{mm} mm" for mm in PAPERS},
                                           lambda mm: self.tech.edit(paper=mm))
        self._stepper("profile", "<>", lambda step: self.tech.step_profile(step))
        self.lang_buttons = self._choices("language", {"id": "Indonesia", "en": "English"},
                                          lambda lang: self.tech.edit(language=lang))
        self._stepper("idle", "-+", lambda step: self.tech.step_idle(step))
        # Spoken guidance: on/off and its volume in one row (kiosk.voice; saved as voice, voice_volume)
        self.voice_buttons = self._choices("voice", {True: "", False: ""}, lambda on: self.tech.edit(voice=on))
        self._stepper("voice", "-+", lambda step: self.tech.edit(voice_volume=self.tech.draft.volume_step(step)))
        self._input("pair_code", lambda v: setattr(self.tech, "pair_code", v), hint_text="ABCD-EFGH")
        super().on_kv_post(base_widget)   # the buttons, the pairing one at the end of its row

    def _named(self, name: str, widget):
        self.ids[name] = widget
        return widget

    def _input(self, key: str, edit, **look) -> None:
        field = self._named(key, Factory.TechInput(**look))
        field.bind(text=lambda _w, value: self.tech and edit(value))
        self.ids["row_" + key].add_widget(field)

    def _choices(self, key: str, labels: dict, choose) -> dict:
        buttons = {}
        for value, label in labels.items():
            buttons[value] = b = Factory.TechButton(text=label, kind="secondary")
            b.bind(on_release=lambda _b, value=value: choose(value))
            self.ids["row_" + key].add_widget(b)
        return buttons

    def _stepper(self, key: str, signs: str, step) -> None:
        """``less  value  more`` in row ``key``; ``ids[key]`` shows the value."""
        less = self._named(key + "_less", Factory.TechStep(text=signs[0]))
        more = self._named(key + "_more", Factory.TechStep(text=signs[1]))
        less.bind(on_release=lambda *_: step(-1))
        more.bind(on_release=lambda *_: step(1))
        for widget in (less, self._named(key, Factory.TechValue()), more):
            self.ids["row_" + key].add_widget(widget)

    def _set_kind(self, kind: str) -> None:
        if kind != self.tech.draft.printer_kind:
            saved_kind, _, saved_target = self.controller.cfg.printer.partition(":")
            target = saved_target if kind == saved_kind else ("tickets" if kind == "preview" else "")
            self.tech.edit(printer_kind=kind, printer_target=target)

    @staticmethod
    def _select(buttons: dict, chosen) -> None:
        for value, b in buttons.items():
            b.kind = "tile" if value == chosen else "secondary"

    @staticmethod
    def _text(widget, value: str) -> None:
        if widget.text != value:   # rewriting the same text would move the cursor while typing
            widget.text = value

    def show(self, c, lang: str) -> None:
        self.tech, d, ids = c.tech, c.tech.draft, self.ids
        if d is None:
            return
        self._text(ids.server, d.server_url)
        self._text(ids.name, d.kiosk_name)
        self._text(ids.target, d.printer_target)
        self._text(ids.pair_code, c.tech.pair_code)
        ids.target.hint_text = PRINTER_HINTS.get(d.printer_kind, "")
        self._select(self.kind_buttons, d.printer_kind)
        for kind, b in self.kind_buttons.items():
            b.text = t(f"printer_kind_{kind}", lang)
        self._select(self.paper_buttons, d.paper)
        self._select(self.lang_buttons, d.language)
        ids.profile.text = d.printer_profile or t("tech_profile_auto", lang, p=PAPERS[d.paper].profile)
        ids.idle.text = t("tech_idle_value", lang, s=int(d.idle_seconds))
        for on, b in self.voice_buttons.items():
            b.text = t("tech_voice_on" if on else "tech_voice_off", lang)
        self._select(self.voice_buttons, d.voice)
        ids.voice.text = f"{round(d.voice_volume * 100)}%"
        ids.status.text = self.status_markup(c.tech.outcome, lang)
        key = t("tech_key_set" if c.cfg.kiosk_key else "tech_key_none", lang)
        path = c.tech.config_path
        ids.key_state.text = key + (f"\n{t('tech_file', lang, path=path)}" if path else "")
        ids.key_state.text += "\n" + c.offline.describe(lang, c.feed.timezone)   # kiosk.offline

    @staticmethod
    def status_markup(outcome, lang: str) -> str:
        if outcome is None:
            return ""
        if outcome.busy:
            return escape_markup(t(outcome.busy, lang))
        ok, bad = _hex(COLORS["ok"]), _hex(COLORS["error"])
        lines = [f"[color={ok if c.ok else bad}][b]{'OK' if c.ok else t('fail_mark', lang)}[/b][/color]  "
                 f"{escape_markup(c.text(lang))}" for c in outcome.checks]
        if outcome.error:
            lines.append(f"[color={bad}][b]{t('fail_mark', lang)}[/b]  {escape_markup(outcome.error)}[/color]")
        return "\n".join(lines)


def _hex(rgba) -> str:
    return "#" + "".join(f"{int(v * 255):02x}" for v in rgba[:3])
