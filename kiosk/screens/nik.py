"""4. NIK: a large numeric keypad, the digits grouped for reading back, live guidance.

The rules are ``common.nik`` (via the journey), the same code the server runs; the words
are plain ones for the kiosk (no "digits 7 and 8"): the wrong digits turn red in the
readout, and a drawn KTP shows where the NIK is. "Lanjut" looks disabled until the NIK
can be right.
"""

from __future__ import annotations

from kivy.lang import Builder
from kivy.utils import get_hex_from_color

from common.nik import NIK_LENGTH

from ..texts import t
from .pictograms import FOLDER
from .widgets import BACK, CANCEL, Action, KButton, KioskScreen, ui

Builder.load_string("""
#:import ui kiosk.screens.theme.ui
#:import FOLDER kiosk.screens.pictograms.FOLDER
<NikScreen>:
    Page:
        Split:
            spacing: ui.u
            Column:
                spacing: ui.u * 0.3
                Title:
                    id: title
                    scale: 1.0 if ui.large else 1.3
                Readout:
                    id: digits
                    markup: True
                    font_name: 'RobotoMono-Regular'
                    # 19 monospace cells (16 digits, 3 spaces) must fit the box at any width.
                    font_size: min(ui.u * 2.2, self.width / 12.5)
                    height: ui.u * (3.2 if ui.landscape else 2.6)
                Hint:
                    id: progress
                KLabel:
                    id: guidance
                    bold: True
                Image:
                    id: ktp
                    source: str(FOLDER / 'ktp_nik.png')
                    fit_mode: 'contain'
                    size_hint_y: 1
                Hint:
                    id: ktp_where
                    scale: 0.8
            Keypad:
                id: keypad
        NavBar:
            id: nav
""")

# Which digits each of common.nik's problems is about, and the plain words for it.
SPANS = {"province": (0, 2), "regency_zero": (2, 4), "district_zero": (4, 6), "birth_day": (6, 8),
         "birth_month": (8, 10), "birth_date": (6, 12), "serial": (12, 16)}
PLAIN = {"province": "nik_plain_start", "regency_zero": "nik_plain_start", "district_zero": "nik_plain_start",
         "birth_day": "nik_plain_birth", "birth_month": "nik_plain_birth", "birth_date": "nik_plain_birth",
         "serial": "nik_plain_end", "too_short": "nik_plain_short"}


def plain_words(issue, typed: int, lang: str) -> str:
    key = PLAIN.get(issue.code)
    if key is None:   # the server's own reasons, for rules the kiosk does not know
        return t("nik_plain_other", lang)
    return t(key, lang, n=typed)


def readout(nik: str, wrong: set[int]) -> str:
    """The 16 places grouped by four, the wrong digits in red (markup)."""
    red = get_hex_from_color(ui.c["error"])
    cells = []
    for i in range(NIK_LENGTH):
        ch = nik[i] if i < len(nik) else "_"
        cells.append(f"[color={red}][b]{ch}[/b][/color]" if i in wrong else ch)
        if i % 4 == 3 and i < NIK_LENGTH - 1:
            cells.append(" ")
    return "".join(cells)


class NikScreen(KioskScreen):
    texts = {"title": "nik_title", "ktp_where": "ktp_where"}
    actions = {"nav": (BACK, CANCEL, Action("next", "next", "submit_nik"))}

    def on_kv_post(self, base_widget):
        super().on_kv_post(base_widget)
        pad = self.ids.keypad
        pad.add_digits(lambda d: self.controller.type_digit(d))
        self.clear_key = pad.add_key("", lambda: self.controller.clear_nik(), kind="secondary", name="clear")
        pad.add_key("0", lambda: self.controller.type_digit("0"))
        pad.add_backspace(lambda: self.controller.backspace())

    def key(self, name: str) -> KButton:
        return self.ids.keypad.key(name)

    def show(self, c, lang: str) -> None:
        j = c.journey
        self.clear_key.text = t("clear", lang)
        self.ids.keypad.label_backspace(lang)
        problems = j.nik_errors or j.live_guidance().errors     # NikIssue objects, the server's too
        wrong = {i for p in problems for i in range(*SPANS.get(p.code, (0, 0)))}
        self.ids.digits.text = readout(j.nik, wrong)
        self.ids.progress.text = t("nik_progress", lang, n=len(j.nik))
        self.ids.next.disabled = not j.nik_ready()
        if problems:
            self.ids.guidance.text = "\n".join(dict.fromkeys(plain_words(p, len(j.nik), lang) for p in problems))
            self.ids.guidance.color = ui.c["error"]
        elif len(j.nik) == NIK_LENGTH:
            self.ids.guidance.text = t("nik_ok", lang)
            self.ids.guidance.color = ui.c["ok"]
        else:
            self.ids.guidance.text = t("nik_start", lang) if not j.nik else ""
            self.ids.guidance.color = ui.c["muted"]
