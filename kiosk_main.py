"""Start the lobby kiosk: ``python kiosk_main.py [--config FILE] [overrides]``.

Settings come from a TOML file (``--config``; keys at the top level or under
``[kiosk]``), then these flags. With no display attached Kivy renders offscreen
(EGL), so the kiosk also runs on a headless machine.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

T0 = time.perf_counter()


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="kiosk_main.py", description="Antre lobby kiosk: take a queue number, print the ticket.",
        epilog="Printer SPEC: preview:DIR | network:HOST[:PORT] | usb:VID:PID (hex) | serial:DEVICE[:BAUD] | "
               "file:PATH.  Example: python kiosk_main.py --server http://127.0.0.1:8000 --kiosk-key KEY "
               "--printer network:192.168.1.50 --paper 80")
    p.add_argument("--config", type=Path, help="kiosk config file (TOML)")
    p.add_argument("--server", dest="server_url", metavar="URL", help="queue server, e.g. http://127.0.0.1:8000")
    p.add_argument("--kiosk-key", metavar="KEY", help="this kiosk's device key (from the server)")
    p.add_argument("--printer", metavar="SPEC", help="where tickets go (see below); default preview:tickets")
    p.add_argument("--paper", type=int, choices=(58, 80), help="paper width in mm")
    p.add_argument("--language", choices=("id", "en"), help="default language (citizens can switch)")
    p.add_argument("--windowed", metavar="WxH", help="a window of this size instead of full screen, e.g. 1080x1920")
    p.add_argument("--idle-seconds", type=float, help="back to Welcome after this long untouched")
    return p.parse_args(argv)


def load(args: argparse.Namespace):
    from kiosk.config import load_config, parse_size

    overrides = {"server_url": args.server_url, "kiosk_key": args.kiosk_key, "printer": args.printer,
                 "paper": args.paper, "language": args.language, "idle_seconds": args.idle_seconds}
    if args.windowed:
        overrides.update(fullscreen=False, window_size=parse_size(args.windowed))
    return load_config(args.config, **overrides)


def configure_kivy(cfg) -> None:
    """Kiosk settings for Kivy; must run before anything imports kivy.core.window."""
    os.environ.setdefault("KIVY_NO_ARGS", "1")        # our flags are ours, not Kivy's
    os.environ.setdefault("KIVY_NO_FILELOG", "1")
    os.environ.setdefault("KIVY_HOME", str(Path(tempfile.gettempdir()) / f"antre-kiosk-kivy-{os.getuid()}"))
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")  # no sound card needed
    # SDL turns SIGTERM into a window-close request, which kiosk mode refuses: a service
    # manager could never stop us. Let Python handle the signals instead (see main()).
    os.environ.setdefault("SDL_NO_SIGNAL_HANDLERS", "1")
    from kivy.config import Config

    w, h = cfg.window_size
    Config.set("graphics", "width", str(w))
    Config.set("graphics", "height", str(h))
    Config.set("graphics", "fullscreen", "auto" if cfg.fullscreen else "0")
    Config.set("graphics", "show_cursor", "0" if cfg.fullscreen else "1")
    Config.set("kivy", "exit_on_escape", "0")
    Config.set("kivy", "window_icon", "")
    # One touch provider only: mtdev and hidinput together report every touch twice.
    for option in list(Config.options("input")):
        Config.remove_option("input", option)
    Config.set("input", "mouse", "mouse,disable_multitouch")


def main(argv=None) -> int:
    args = parse_args(argv)
    from kiosk.config import ConfigError

    try:
        cfg = load(args)
    except ConfigError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return 2
    if not cfg.kiosk_key:
        print("kiosk: no kiosk key (--kiosk-key or kiosk_key in the config file); "
              "tickets cannot be issued until one is set", file=sys.stderr)
    configure_kivy(cfg)
    from kivy.clock import Clock

    from kiosk.app import KioskApp

    import logging
    logging.getLogger("urllib3").setLevel(logging.WARNING)  # one line per poll is noise
    app = KioskApp(cfg)
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: Clock.schedule_once(lambda _dt: app.stop(), 0))
    Clock.schedule_once(lambda _dt: print(f"kiosk ready: Welcome shown after {time.perf_counter() - T0:.2f} s",
                                          flush=True), 0)
    app.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
