"""The real Kivy kiosk in the test process: one offscreen window for the whole session.

Kivy allows one window per process and exits the process (code 102) when it
cannot open one, which would end the whole pytest run. So the window is probed
in a child process first and only then opened here, once, lazily: runs that
select no GUI test never load Kivy.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import pytest

for var, value in (("KIVY_NO_ARGS", "1"), ("KIVY_NO_FILELOG", "1"), ("SDL_AUDIODRIVER", "dummy"),
                   ("KIVY_LOG_MODE", "PYTHON")):
    os.environ.setdefault(var, value)
# A kiosk without a state_dir remembers its office in the XDG state folder: never the real one in tests.
os.environ.setdefault("XDG_STATE_HOME", tempfile.mkdtemp(prefix="antre-test-state-"))

SIZES = {"portrait": (1080, 1920), "landscape": (1920, 1080), "laptop": (1366, 768), "tablet": (1280, 800)}


@pytest.fixture(scope="session")
def window():
    probe = subprocess.run([sys.executable, "-c", "from kivy.core.window import Window; print(Window.size)"],
                           capture_output=True, text=True, timeout=60, env=os.environ.copy())
    if probe.returncode != 0:
        pytest.fail(f"Kivy cannot open an offscreen window (exit {probe.returncode}); install the Debian "
                    f"packages libegl1 libegl-mesa0 libgl1-mesa-dri libmtdev1.\n{probe.stderr[-2000:]}")
    from kivy.config import Config

    Config.set("graphics", "width", "1920")  # the offscreen surface never grows:
    Config.set("graphics", "height", "1920")  # make it as large as every size tested
    Config.set("kivy", "exit_on_escape", "0")
    for option in list(Config.options("input")):
        Config.remove_option("input", option)
    from kivy.base import EventLoop
    from kivy.core.window import Window

    from kiosk.screens.theme import COLORS, ui

    EventLoop.ensure_window()
    Window.clearcolor = COLORS["bg"]
    ui.follow(Window)
    return Window


class KioskDriver:
    """Drives a KioskRoot like a citizen: taps on widgets, then lets frames run."""

    def __init__(self, root, controller, window, artifacts: Path):
        self.root, self.c, self.window, self.artifacts = root, controller, window, artifacts

    @property
    def screen(self) -> str:
        return self.root.ids.sm.current

    def ids(self, screen: str | None = None):
        return self.root.screen(screen).ids

    def pump(self, frames: int = 3) -> None:
        from kivy.base import EventLoop
        for _ in range(frames):
            EventLoop.idle()

    def wait(self, predicate, limit: float = 15.0) -> None:
        """Run frames until ``predicate()``; the limit only turns a hang into a failure."""
        deadline = time.monotonic() + limit
        self.pump(1)
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"condition not reached; screen={self.screen} step={self.c.journey.step}")
            self.pump(1)
        self.pump(1)

    def wait_screen(self, name: str, limit: float = 15.0) -> None:
        self.wait(lambda: self.screen == name, limit)

    def tap(self, widget, frames: int = 2) -> None:  # a new screen needs a frame to lay out
        from kivy.tests.common import UnitTestTouch
        assert widget.get_root_window() is not None, f"{widget} is not on screen"
        assert not widget.disabled, f"{getattr(widget, 'text', widget)!r} is disabled"
        x, y = widget.to_window(*widget.center)
        touch = UnitTestTouch(x, y)
        touch.touch_down()
        touch.touch_up()
        self.pump(frames)

    def type_nik(self, digits: str) -> None:
        nik_screen = self.root.screen("nik")
        for d in digits:
            self.tap(nik_screen.key(d), frames=0)   # the keys stay put: no frame needed between digits
        self.pump(1)

    def resize(self, size) -> None:
        self.window.size = size
        self.pump(4)

    def shot(self, name: str) -> Path:
        """Save the window as ``name``.png. Read as RGBA: Kivy's own screenshot reads RGB and
        shears images whose width*3 is not a multiple of 4 (1366 px)."""
        from kivy.graphics.opengl import GL_RGBA, GL_UNSIGNED_BYTE, glReadPixels
        from PIL import Image

        self.pump(2)
        width, height = self.window.size
        pixels = glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE)
        img = Image.frombytes("RGBA", (width, height), pixels).transpose(Image.FLIP_TOP_BOTTOM)
        path = self.artifacts / f"{name}.png"
        img.convert("RGB").save(path)
        return path


@pytest.fixture
def open_kiosk(window, artifacts, tmp_path):
    """``open_kiosk(url, key, printer=..., size=..., **config)`` -> KioskDriver on the session window."""
    from kiosk.app import KioskRoot, build_controller
    from kiosk.config import KioskConfig

    opened = []

    def open_(url: str, key: str, printer=None, size=SIZES["laptop"], clock=None, config_path=None, **over):
        cfg = replace(KioskConfig(server_url=url, kiosk_key=key, printer=over.pop("printer_spec", "memory"),
                                  connect_timeout=0.5, request_timeout=2.0, retry_delays=(0.2, 0.2, 0.2),
                                  refresh_seconds=0.5, stream_refresh_seconds=0.5,   # tests change rows by SQL too
                                  state_dir=str(tmp_path / "kiosk-state"),
                                  printer_timeout=1.0), **over).validate()
        kw = {"clock": clock} if clock else {}
        controller = build_controller(cfg, printer, config_path=config_path, **kw)
        window.size = size
        root = KioskRoot(controller)
        window.add_widget(root)
        controller.start()
        driver = KioskDriver(root, controller, window, artifacts)
        opened.append(driver)
        driver.pump(3)
        return driver

    yield open_
    for d in opened:
        d.root.detach()
        d.c.shutdown()
    for d in opened:
        d.pump(1)
