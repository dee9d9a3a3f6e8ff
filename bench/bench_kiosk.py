"""Kiosk figures: cold start to the Welcome screen, and touch on "Cetak Tiket" to the last
byte at a network printer (a TCP listener on 127.0.0.1), against a real demo server.

    .venv/bin/python bench/bench_kiosk.py [--runs 7]

Targets: cold start <= 2 s; touch -> last printer byte <= 250 ms (median).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.mkdtemp(prefix="antre-bench-kiosk-"))
for var, value in (("KIVY_HOME", str(TMP / "kivy")), ("XDG_CACHE_HOME", str(TMP / "cache")),
                   ("XDG_CONFIG_HOME", str(TMP / "config")),   # the kiosk's first-start PIN hash goes there
                   ("KIVY_NO_ARGS", "1"), ("KIVY_NO_FILELOG", "1"), ("SDL_AUDIODRIVER", "dummy"),
                   ("KIVY_LOG_MODE", "PYTHON")):
    os.environ.setdefault(var, value)


def cold_start(server, runs: int) -> list[float]:
    """Process start (python kiosk_main.py) until the Welcome screen's first frame."""
    times = []
    for i in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, str(ROOT / "kiosk_main.py"), "--server", server.url,
                                 "--kiosk-key", server.creds["kiosk_key"], "--printer", f"preview:{TMP}/t"],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
        line = proc.stdout.readline()
        times.append(time.perf_counter() - t0)
        proc.terminate()
        proc.wait(20)
        if not line.startswith("kiosk ready"):
            raise SystemExit(f"kiosk did not start: {line!r}")
    return times


def touch_to_print(server, runs: int, paper: int, offset: int = 0, qr: str = "image") -> list[float]:
    from kivy.config import Config  # the window is made once, by the first call
    Config.set("graphics", "width", "1366")
    Config.set("graphics", "height", "768")
    from kivy.base import EventLoop
    from kivy.core.window import Window

    from kiosk.app import KioskRoot, build_controller
    from kiosk.config import KioskConfig
    from kiosk.screens.theme import ui
    from tests.kiosk.conftest import KioskDriver
    from tests.kiosk.helpers import NIK, PrinterListener

    EventLoop.ensure_window()
    ui.follow(Window)
    listener = PrinterListener()
    times = []
    for i in range(runs):
        cfg = KioskConfig(server_url=server.url, kiosk_key=server.creds["kiosk_key"], printer=listener.spec,
                          paper=paper, qr=qr, fullscreen=False, state_dir=str(TMP / "state")).validate()
        c = build_controller(cfg)
        root = KioskRoot(c)
        Window.add_widget(root)
        c.start()
        k = KioskDriver(root, c, Window, TMP)
        k.wait(lambda: c.feed.services)
        k.tap(k.ids("welcome").start)
        k.wait(lambda: k.ids("service").tiles.children)
        k.tap(root.screen("service").tile("ABCD"[i % 4]))
        k.tap(root.screen("priority").button(None))
        k.type_nik(NIK[:12] + f"{offset + i + 1:04d}")
        k.tap(k.ids("nik").next)
        k.tap(k.ids("privacy").agree)
        k.pump(2)
        listener.job_done.clear()
        t0 = time.perf_counter()
        k.tap(k.ids("confirm").print, frames=0)
        while not listener.job_done.is_set():
            EventLoop.idle()
        times.append(listener.last_byte_at - t0)
        k.wait_screen("done")
        root.detach()
        c.shutdown()
    listener.close()
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    from tests.live import LiveServer

    server = LiveServer(TMP / "data").start()
    try:
        starts = cold_start(server, max(3, args.runs // 2))
        print(f"cold start to Welcome: median {statistics.median(starts):.2f} s "
              f"(min {min(starts):.2f}, max {max(starts):.2f}, {len(starts)} runs; target <= 2 s)")
        for n, (paper, qr) in enumerate(((80, "image"), (58, "image"), (80, "native"))):
            lat = touch_to_print(server, args.runs, paper, offset=n * args.runs, qr=qr)
            print(f"touch on 'Cetak Tiket' -> last byte at printer ({paper} mm, {qr} QR): median "
                  f"{statistics.median(lat) * 1000:.0f} ms (min {min(lat) * 1000:.0f}, max "
                  f"{max(lat) * 1000:.0f}, {len(lat)} runs; target <= 250 ms)")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
