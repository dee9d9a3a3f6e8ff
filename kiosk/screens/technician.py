"""The technician's settings page (behind the gesture and the PIN): edit, test, pair, save.

Thin: every button calls ``controller.tech`` (``kiosk.technician.TechnicianSession``; its draft is ``kiosk.settings_draft.Draft``).
Text fields take a USB keyboard or Kivy's on-screen keyboard (``keyboard_mode`` in kiosk_main).
"""

from __future__ import annotations

from kivy.lang import Builder
from kivy.utils import escape_markup

from ..settings_draft import PRINTER_KINDS
from ..texts import t
from ..ticket import PAPERS
from .widgets import COLORS, KButton, KioskScreen

PRINTER_HINTS = {"preview": "tickets", "network": "192.168.1.50:9100", "usb": "04b8:0e15",
                 "serial": "/dev/ttyUSB0:9600", "file": "/dev/usb/lp0"}

Builder.load_string("""
#:import C kiosk.screens.theme.COLORS
#:import ui kiosk.screens.theme.ui
<TechLabel@Label>:
    color: C['text']
    font_size: ui.u * 0.72
    size_hint_x: None
    width: ui.u * 5.6
    text_size: self.size
    halign: 'left'
    valign: 'middle'

<TechRow@BoxLayout>:
    size_hint_y: None
    height: ui.u * (1.75 if ui.landscape else 1.9)
    spacing: ui.u * 0.25

<TechInput@TextInput>:
    multiline: False
    write_tab: False
    font_size: ui.u * 0.8
    padding: ui.u * 0.3, (self.height - self.line_height) / 2
    foreground_color: C['text']

<TechButton@KButton>:
    scale: 0.72
    size_hint_y: 1

<TechnicianScreen>:
    BoxLayout:
        orientation: 'vertical'
        padding: ui.u * 0.5
        spacing: ui.u * 0.3
        KLabel:
            id: title
            scale: 1.2
            bold: True
            color: C['header']
        BoxLayout:
            orientation: 'horizontal' if ui.landscape else 'vertical'
            spacing: ui.u * 0.6
            BoxLayout:
                id: form
                orientation: 'vertical'
                spacing: ui.u * 0.25
                size_hint_x: 0.6 if ui.landscape else 1
                size_hint_y: None
                height: self.minimum_height
                pos_hint: {'top': 1}
                TechRow:
                    TechLabel:
                        id: l_server
                    TechInput:
                        id: server
                        on_text: root.tech and root.tech.edit(server_url=self.text)
                TechRow:
                    TechLabel:
                        id: l_name
                    TechInput:
                        id: name
                        on_text: root.tech and root.tech.edit(kiosk_name=self.text)
                TechRow:
                    id: kinds
                    TechLabel:
                        id: l_printer
                TechRow:
                    TechLabel:
                        id: l_target
                    TechInput:
                        id: target
                        on_text: root.tech and root.tech.edit(printer_target=self.text)
                TechRow:
                    id: papers
                    TechLabel:
                        id: l_paper
                TechRow:
                    TechLabel:
                        id: l_profile
                    TechButton:
                        id: profile_prev
                        text: '<'
                        kind: 'secondary'
                        size_hint_x: None
                        width: ui.u * 2.2
                        on_release: root.tech.step_profile(-1)
                    Label:
                        id: profile
                        color: C['text']
                        font_size: ui.u * 0.8
                        bold: True
                        text_size: self.size
                        halign: 'center'
                        valign: 'middle'
                        shorten: True
                    TechButton:
                        id: profile_next
                        text: '>'
                        kind: 'secondary'
                        size_hint_x: None
                        width: ui.u * 2.2
                        on_release: root.tech.step_profile(1)
                TechRow:
                    id: langs
                    TechLabel:
                        id: l_language
                TechRow:
                    TechLabel:
                        id: l_idle
                    TechButton:
                        id: idle_less
                        text: '-'
                        kind: 'secondary'
                        size_hint_x: None
                        width: ui.u * 2.2
                        on_release: root.tech.step_idle(-1)
                    Label:
                        id: idle
                        color: C['text']
                        font_size: ui.u * 0.8
                        bold: True
                        text_size: self.size
                        halign: 'center'
                        valign: 'middle'
                        shorten: True
                    TechButton:
                        id: idle_more
                        text: '+'
                        kind: 'secondary'
                        size_hint_x: None
                        width: ui.u * 2.2
                        on_release: root.tech.step_idle(1)
                TechRow:
                    TechLabel:
                        id: l_pair
                    TechInput:
                        id: pair_code
                        hint_text: 'ABCD-EFGH'
                        on_text: root.tech and setattr(root.tech, 'pair_code', self.text)
                    TechButton:
                        id: pair
                        kind: 'tile'
                        size_hint_x: None
                        width: ui.u * 5
                        on_release: root.tech.pair()
            BoxLayout:
                orientation: 'vertical'
                size_hint_x: 0.4 if ui.landscape else 1
                spacing: ui.u * 0.3
                GridLayout:
                    cols: 2
                    spacing: ui.u * 0.25
                    size_hint_y: None
                    height: ui.u * 2.0 * 3 + ui.u * 0.5
                    TechButton:
                        id: test_server
                        kind: 'tile'
                        on_release: root.tech.test_connection()
                    TechButton:
                        id: test_printer
                        kind: 'tile'
                        on_release: root.tech.test_printer()
                    TechButton:
                        id: test_print
                        kind: 'tile'
                        on_release: root.tech.test_print()
                    TechButton:
                        id: fullscreen
                        kind: 'secondary'
                        on_release: root.tech.leave_fullscreen()
                    TechButton:
                        id: exit
                        kind: 'secondary'
                        on_release: root.tech.exit_app()
                    Widget:
                KLabel:
                    id: status
                    scale: 0.8
                    markup: True
                    halign: 'left'
                    padding: ui.u * 0.4, ui.u * 0.3
                    canvas.before:
                        Color:
                            rgba: 1, 1, 1, 1
                        Rectangle:
                            pos: self.pos
                            size: self.size
                KLabel:
                    id: key_state
                    scale: 0.7
                    halign: 'left'
                    color: C['muted']
                Widget:
                NavBar:
                    height: ui.u * 2.2
                    KButton:
                        id: back
                        kind: 'secondary'
                        scale: 0.85
                        size_hint_x: 0.4
                        on_release: root.tech.leave()
                    KButton:
                        id: save
                        scale: 0.85
                        size_hint_x: 0.6
                        on_release: root.tech.save()
""")


class TechnicianScreen(KioskScreen):
    controller = None
    tech = None

    def on_kv_post(self, base_widget):
        self.kind_buttons = {k: self._choice(self.ids.kinds, k, lambda k=k: self._set_kind(k)) for k in PRINTER_KINDS}
        for b in self.kind_buttons.values():
            b.scale = 0.6   # five technical words in one row
        self.paper_buttons = {mm: self._choice(self.ids.papers, f"{mm} mm", lambda mm=mm: self.tech.edit(paper=mm))
                              for mm in PAPERS}
        self.lang_buttons = {lang: self._choice(self.ids.langs, label, lambda lang=lang: self.tech.edit(language=lang))
                             for lang, label in (("id", "Indonesia"), ("en", "English"))}

    def _choice(self, row, label: str, action) -> KButton:
        from kivy.factory import Factory
        b = Factory.TechButton(text=label, kind="secondary")
        b.bind(on_release=lambda *_: action())
        row.add_widget(b)
        return b

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

    def refresh(self, c) -> None:
        self.controller, self.tech = c, c.tech
        d, lang = c.tech.draft, c.journey.lang
        if d is None:
            return
        ids = self.ids
        for key in ("server", "name", "printer", "target", "paper", "profile", "language", "idle"):
            ids["l_" + key].text = t("tech_" + key, lang)
        ids.l_pair.text = t("tech_pair_code", lang)
        ids.title.text = t("tech_title", lang)
        self._text(ids.server, d.server_url)
        self._text(ids.name, d.kiosk_name)
        self._text(ids.target, d.printer_target)
        self._text(ids.pair_code, c.tech.pair_code)
        ids.target.hint_text = PRINTER_HINTS.get(d.printer_kind, "")
        self._select(self.kind_buttons, d.printer_kind)
        self._select(self.paper_buttons, d.paper)
        self._select(self.lang_buttons, d.language)
        ids.profile.text = d.printer_profile or t("tech_profile_auto", lang, p=PAPERS[d.paper].profile)
        ids.idle.text = t("tech_idle_value", lang, s=int(d.idle_seconds))
        for key, text_key in (("pair", "tech_pair"), ("test_server", "tech_test_server"),
                              ("test_printer", "tech_test_printer"), ("test_print", "tech_test_print"),
                              ("fullscreen", "tech_fullscreen"), ("exit", "tech_exit"), ("back", "back"),
                              ("save", "tech_save")):
            ids[key].text = t(text_key, lang)
        ids.status.text = self.status_markup(c.tech.outcome, lang)
        key = t("tech_key_set" if c.cfg.kiosk_key else "tech_key_none", lang)
        path = c.tech.config_path
        ids.key_state.text = key + (f"\n{t('tech_file', lang, path=path)}" if path else "")

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
