"""Check-in: a booking, or a number taken from home, becomes a printed ticket.

"Pindai QR di ponsel Anda ke pemindai, atau ketik kode pemesanan": the code's 8 cells
framed like the NIK's, a keypad with only the characters a booking code can hold
(``kiosk.check_in.CODE_ALPHABET``: nothing to confuse, no 0/O or 1/I/L), and below the
code the reason when it did not work. The same screen shows "Memeriksa kode..." while
the server answers (step ``checking_in``), so the code stays in view.

A USB scanner is a keyboard: while this screen (or Welcome) is up, the window's key
presses are collected (``ScannerBuffer``) and its Enter sends the line, whatever was
typed; on Welcome a line that is a code opens this screen and checks in at once. The
kiosk has no other keyboard, so no citizen's typing is taken for a scan. A camera is
not used here (a USB scanner reads phone screens better and costs less).
"""

from __future__ import annotations

from kivy.lang import Builder

from ..check_in import CODE_ALPHABET, CODE_LENGTH, ScannerBuffer, booking_code, parse, refusal_text
from ..texts import t
from .widgets import BACK, Action, Keypad, KioskScreen, ui

Builder.load_string("""
#:import ui kiosk.screens.theme.ui
<CheckInScreen>:
    Page:
        Split:
            spacing: ui.u
            Column:
                spacing: ui.u * (0.25 if ui.large else 0.4)
                Widget:
                Title:
                    id: title
                    scale: 0.85 if ui.large else 1.2
                Readout:
                    id: code
                    markup: True
                    font_name: 'RobotoMono-Regular'
                    # 9 monospace cells (8 characters and a space) must fit the box at any width.
                    font_size: min(ui.u * 2.4, self.width / 7)
                    height: ui.u * (2.6 if ui.large else 3.2 if ui.landscape else 2.8)
                BoxLayout:
                    # how far, and "Hapus semua" beside it (the keypad's own key deletes one)
                    size_hint_y: None
                    height: ui.u * (1.9 if ui.large else 2.2)
                    spacing: ui.u * 0.5
                    Hint:
                        id: progress
                        size_hint_y: 1
                    KButton:
                        id: clear_code
                        kind: 'secondary'
                        scale: 0.8
                        size_hint_x: None
                        width: ui.u * 8
                        pos_hint: {'center_y': 0.5}
                        on_release: root.controller.clear_code()
                KLabel:
                    id: message
                    bold: True
                Hint:
                    # left out in the large text mode: the title says it, and the keypad needs the room
                    id: hint
                    scale: 0.85
                    opacity: 0 if ui.large else 1
                    height: 0 if ui.large else self.texture_size[1]
                Widget:
            CodeKeypad:
                id: keypad
        NavBar:
            id: nav
""")

# Scanners end their line with Enter (13) or the keypad's Enter (271).
ENTER_KEYS = (13, 271)


class CodeKeypad(Keypad):
    """The booking code's characters, 8 a row, and a backspace: 32 keys, four rows."""

    def _size_keys(self) -> None:
        self.cols = 8
        for b in self.children:
            b.height = ui.u * (2.0 if ui.large else 2.2 if ui.landscape else 2.4)
            b.font_size = ui.u * 1.3      # the backspace key shows its glyph only: 8 keys a row leave no room for words
        self.size_hint_x = 1


def code_cells(code: str) -> str:
    """The 8 places as two groups of four ("ABCD 23__"); a scanned ticket link shows as such."""
    if len(code) > CODE_LENGTH or (code and any(ch not in CODE_ALPHABET for ch in code)):
        return code if len(code) <= CODE_LENGTH + 1 else ""
    cells = (code + "_" * CODE_LENGTH)[:CODE_LENGTH]
    return f"{cells[:4]} {cells[4:]}"


class CheckInScreen(KioskScreen):
    texts = {"title": "check_in_title", "hint": "check_in_hint", "clear_code": "clear"}
    actions = {"nav": (BACK, Action("next", "check_in_go", "submit_code"))}

    def on_kv_post(self, base_widget):
        super().on_kv_post(base_widget)
        pad = self.ids.keypad
        for ch in CODE_ALPHABET:
            pad.add_key(ch, lambda ch=ch: self.controller.type_code(ch))
        pad.add_backspace(lambda: self.controller.code_backspace())
        from kivy.core.window import Window   # here, not on import: importing it opens the window

        self.scanner = ScannerBuffer()
        Window.bind(on_textinput=self._scanner_text, on_key_down=self._scanner_key)

    def key(self, name: str):
        return self.ids.keypad.key(name)

    def _kiosk(self):
        """The controller, also before this screen was first shown (the root's, around the screen manager)."""
        return self.controller or getattr(getattr(self.manager, "parent", None), "controller", None)

    def _listening(self) -> bool:
        """On this screen, and on Welcome: a citizen who holds the phone to the scanner without touching
        "Sudah ambil nomor / punya jadwal?" is checked in all the same."""
        c = self._kiosk()
        return (c is not None and self.manager is not None and self.manager.current in (self.name, "welcome")
                and c.journey.step in ("check_in", "welcome"))

    def _scanner_text(self, _window, text: str) -> None:
        if self._listening():
            self.scanner.key(text)

    def _scanner_key(self, _window, key: int, *_rest) -> None:
        if key in ENTER_KEYS and self._listening():
            line = self.scanner.enter()
            if line.strip():
                self._kiosk().scanned(line)
        elif key in ENTER_KEYS:
            self.scanner.clear()

    def on_leave(self, *_):
        self.scanner.clear()

    def show(self, c, lang: str) -> None:
        j = c.journey
        busy = j.step == "checking_in"
        code = j.code
        scanned = bool(code) and booking_code(code) is None and len(code) > CODE_LENGTH
        self.ids.code.text = t("check_in_scanned", lang) if scanned else code_cells(code)
        self.ids.progress.text = "" if scanned else t("check_in_progress", lang, n=len(code))
        for b in self.ids.keypad.children:
            b.disabled = busy
        self.ids.clear_code.disabled = busy or not code
        self.ids.back.disabled = busy
        self.ids.next.disabled = busy or parse(code) is None     # 8 characters, or a number ("A037")
        if busy:
            self.ids.message.text, self.ids.message.color = t("checking_in", lang), ui.c["muted"]
        elif j.check_in_error is not None:
            self.ids.message.text, self.ids.message.color = refusal_text(j.check_in_error, lang), ui.c["error"]
        else:
            self.ids.message.text = ""
