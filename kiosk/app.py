"""The Kivy side: a header, one screen per journey step, and the glue to the controller.

Import this only after Kivy's Config is set (``kiosk_main.configure_kivy``):
importing widgets creates the window.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from functools import partial
from typing import Optional

from kivy.app import App
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.lang import Builder
from kivy.uix import textinput as _textinput
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import NoTransition, ScreenManager

from common.vocabulary import long_date

from .api import ApiClient
from .config import KioskConfig
from .controller import KioskController
from .devices import Printer, printer_for
from .devices.speaker import EspeakSpeaker, Speaker
from .journey import Journey
from .screens.check_in import CheckInScreen
from .screens.confirm import ConfirmScreen
from .screens.done import DoneScreen
from .screens.existing import ExistingScreen
from .screens.nik import NikScreen
from .screens.pin import PinScreen
from .screens.print_failed import PrintFailedScreen
from .screens.priority import PriorityScreen
from .screens.privacy import PrivacyScreen
from .screens.progress import ProgressScreen
from .screens.refused import RefusedScreen
from .screens.server_down import ServerDownScreen
from .screens.service import ServiceScreen
from .screens.technician import TechnicianScreen
from .screens.welcome import WelcomeScreen
from .screens.widgets import COLORS, ui
from .texts import t
from .ticket import PAPERS, warm_up
from .voice import VoiceGuide

log = logging.getLogger("antre.kiosk")


class KioskClipboard:
    """The clipboard of the technician screen's text fields, kept inside the kiosk.

    On Linux every Kivy ``TextInput`` loads ``kivy.core.clipboard``, which also
    looks for an X cut buffer through the ``xclip``/``xsel`` programs and logs a
    CRITICAL traceback when neither is installed (a kiosk PC has no reason to have
    them). The kiosk is an appliance: there is no other program to paste from and
    no middle mouse button, so copy and paste between its own fields is all it
    needs. Giving the text fields this provider before the first one is made means
    Kivy's provider search (and its cut buffer) never runs.
    """

    def __init__(self):
        self._data = ""

    def copy(self, data: str = "") -> None:
        self._data = str(data)

    def paste(self) -> str:
        return self._data

    def get(self, mimetype: str = "text/plain") -> str:
        return self._data

    def put(self, data, mimetype: str = "text/plain") -> None:
        self._data = str(data)

    def get_types(self) -> list[str]:
        return ["text/plain"]


if _textinput.Clipboard is None:
    _textinput.Clipboard = KioskClipboard()

SCREENS = {
    "welcome": WelcomeScreen, "service": ServiceScreen, "priority": PriorityScreen, "nik": NikScreen,
    "privacy": PrivacyScreen, "confirm": ConfirmScreen, "progress": ProgressScreen, "done": DoneScreen,
    "print_failed": PrintFailedScreen, "existing": ExistingScreen, "refused": RefusedScreen,
    "server_down": ServerDownScreen, "pin": PinScreen, "technician": TechnicianScreen,
    "check_in": CheckInScreen,
}
STEP_SCREEN = {"issuing": "progress", "printing": "progress", "checking_in": "check_in"}

Builder.load_string("""
#:import C kiosk.screens.theme.COLORS
#:import ui kiosk.screens.theme.ui
<KioskRoot>:
    orientation: 'vertical'
    canvas.before:
        Color:
            rgba: C['bg']
        Rectangle:
            pos: self.pos
            size: self.size
    BoxLayout:
        id: header
        size_hint_y: None
        height: ui.u * 2.6
        padding: ui.u * 0.5, ui.u * 0.3
        spacing: ui.u * 0.5
        canvas.before:
            Color:
                rgba: C['header']
            Rectangle:
                pos: self.pos
                size: self.size
        Label:
            id: office
            font_size: ui.u * 0.85
            bold: True
            text_size: self.size
            halign: 'left'
            valign: 'middle'
            shorten: True
            shorten_from: 'right'
        Label:
            id: clock
            font_size: ui.u * 0.8
            size_hint_x: None
            width: self.texture_size[0]    # one line in every language ("Wednesday, 30 September ...")
            halign: 'right'
            valign: 'middle'
        KButton:
            id: lang
            kind: 'secondary'
            size_hint: None, 1
            width: ui.u * 7.5
            font_size: ui.u * 0.8
            on_release: root.controller.toggle_language()
    ScreenManager:
        id: sm
""")


class KivyScheduler:
    """The controller's scheduler on Kivy's Clock (``schedule_once`` is safe from any thread)."""

    def call_soon(self, fn) -> None:
        Clock.schedule_once(lambda _dt: fn(), 0)

    def call_later(self, delay: float, fn):
        return Clock.schedule_once(lambda _dt: fn(), delay)


class KivyPlayer:
    """Plays a WAV file through Kivy's audio provider (SDL2), one sound at a time.

    Called from the speaker's thread; the sound is loaded and started on Kivy's."""

    KEEP = 16    # sounds kept loaded (the guidance's sentences); the rest are unloaded

    def __init__(self):
        self.sound = None
        self._loaded: OrderedDict = OrderedDict()

    def __call__(self, path, volume: float) -> None:
        Clock.schedule_once(lambda _dt: self.play(str(path), volume), 0)

    def play(self, path: str, volume: float):
        from kivy.core.audio import SoundLoader

        if self.sound is not None:
            self.sound.stop()
        sound = self._loaded.pop(path, None) or SoundLoader.load(path)
        if sound is None:
            log.warning("voice guidance: no audio provider can play %s", path)
            return None
        self._loaded[path] = sound              # the most recent last
        while len(self._loaded) > self.KEEP:
            self._loaded.popitem(last=False)[1].unload()
        sound.volume = volume
        sound.play()
        self.sound = sound
        return sound


def speaker_for(cfg: KioskConfig) -> Speaker:
    """espeak-ng to WAV files cached in the kiosk's state folder (else a temporary one), played by Kivy."""
    import os
    import tempfile
    from pathlib import Path

    base = Path(cfg.state_dir) if cfg.state_dir else Path(tempfile.gettempdir()) / f"antre-kiosk-{os.getuid()}"
    return EspeakSpeaker(base / "voice", KivyPlayer())


class KioskRoot(BoxLayout):
    """The whole kiosk UI for one controller. Redraws (batched per frame) when the journey changes.

    ``speaker``: where spoken guidance goes (``speaker_for`` the settings when not given)."""

    def __init__(self, controller: KioskController, speaker: Optional[Speaker] = None, **kw):
        self.controller = controller
        super().__init__(**kw)
        self.voice = VoiceGuide(speaker or speaker_for(controller.cfg), lambda: self.controller.cfg)
        sm: ScreenManager = self.ids.sm
        sm.transition = NoTransition()
        for name, cls in SCREENS.items():
            sm.add_widget(cls(name=name))
        self._redraw = Clock.create_trigger(lambda _dt: self.redraw(), 0)
        controller.subscribe(lambda _j: self._redraw())
        controller.tech.leave_fullscreen = self.leave_fullscreen
        controller.tech.exit_app = self.exit_app
        self._events = [Clock.schedule_interval(lambda _dt: self.second(), 1.0)]
        self.redraw()

    def screen(self, name: Optional[str] = None):
        return self.ids.sm.get_screen(name or self.ids.sm.current)

    def redraw(self) -> None:
        c = self.controller
        j: Journey = c.journey
        name = STEP_SCREEN.get(j.step, j.step)
        self.ids.sm.current = name
        self.screen(name).refresh(c)
        self.voice.follow(j)
        self.ids.office.text = c.feed.office.get("name", "") if j.step != "welcome" else ""
        self.ids.lang.text = t("lang_switch", j.lang)
        self._clock_text()

    def _clock_text(self) -> None:
        now = self.controller.feed.now()
        lang = self.controller.journey.lang
        self.ids.clock.text = f"{long_date(now.date(), lang) if ui.landscape else ''}  {now:%H.%M}".strip()

    def second(self) -> None:
        self.controller.tick()
        self._clock_text()
        if self.ids.sm.current == "welcome":
            self.screen("welcome").tick_clock(self.controller)

    @staticmethod
    def leave_fullscreen() -> None:
        """Technician only (behind the PIN): a normal window with a cursor."""
        Window.fullscreen = False
        Window.show_cursor = True

    @staticmethod
    def exit_app() -> None:
        app = App.get_running_app()
        if app is not None:
            app.stop()

    def on_touch_down(self, touch):
        self.controller.touched()
        return super().on_touch_down(touch)

    def detach(self) -> None:
        for ev in self._events:
            ev.cancel()
        self.voice.speaker.stop()
        self.controller.listeners.clear()
        if self.parent is not None:
            self.parent.remove_widget(self)


def build_controller(cfg: KioskConfig, printer: Optional[Printer] = None, *, config_path=None,
                     **kw) -> KioskController:
    """The controller for ``cfg``; ``config_path`` is the file the technician screen saves to."""
    api = ApiClient.for_config(cfg)
    if printer is None:
        printer = printer_for(cfg)
    logo = None
    if cfg.logo:
        from PIL import Image
        try:
            logo = Image.open(cfg.logo)
            logo.load()
        except OSError as exc:
            log.warning("logo %s not usable: %s", cfg.logo, exc)
    controller = KioskController(cfg, api, printer, KivyScheduler(), logo=logo, **kw)
    controller.tech.config_path = config_path
    return controller


class KioskApp(App):
    title = "Antre Kiosk"

    def __init__(self, cfg: KioskConfig, printer: Optional[Printer] = None, *, config_path=None, **kw):
        super().__init__(**kw)
        self.cfg = cfg
        self.controller = build_controller(cfg, printer, config_path=config_path)

    def build(self):
        Window.clearcolor = COLORS["bg"]
        ui.follow(Window)
        if self.cfg.fullscreen:
            # A kiosk nobody can close by accident (Escape is off in the Config too).
            Window.bind(on_request_close=lambda *a, **k: True)
        root = KioskRoot(self.controller)
        self.controller.start()
        # Once Welcome is up, get the first ticket's one-time costs out of the way on the print thread.
        cfg = self.cfg
        warm = partial(warm_up, PAPERS[cfg.paper], cfg.printer_profile, cfg.qr == "native")
        Clock.schedule_once(lambda _dt: self.controller.printing.submit(warm, lambda _n: None, lambda _e: None), 2.0)
        return root

    def on_stop(self):
        self.controller.shutdown()
