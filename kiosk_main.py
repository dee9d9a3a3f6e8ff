"""Start the lobby kiosk: ``python kiosk_main.py [--config FILE] [overrides]``.

Settings come from a TOML file (``--config``, else ``~/.config/antre/kiosk.toml``
when it exists; keys at the top level or under ``[kiosk]``), then these flags.
With no display attached Kivy renders offscreen (EGL), so the kiosk also runs on
a headless machine. For the technician over SSH: ``--check``, ``--test-print``,
``--list-printers``, ``--pair CODE``, ``--reset-pin`` (these never open a window).
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
    t = p.add_argument_group("technician (no window is opened)")
    t.add_argument("--check", action="store_true",
                   help="with the same flags as a normal start: server reachable, key valid, printer ready "
                        "(one line each; exit status 1 if any fails)")
    t.add_argument("--test-print", action="store_true", help="print a test ticket on the configured printer")
    t.add_argument("--list-printers", action="store_true", help="USB printers (vendor:product ids) and serial ports")
    t.add_argument("--pair", metavar="CODE", help="pair with a one-time code from /admin and save the key in the config")
    t.add_argument("--reset-pin", action="store_true", help="make a new technician PIN, save its hash, print it once")
    return p.parse_args(argv)


def config_path(args: argparse.Namespace) -> Path:
    from kiosk.config import default_config_path
    return args.config or default_config_path()


def load(args: argparse.Namespace):
    from kiosk.config import load_config, parse_size

    overrides = {"server_url": args.server_url, "kiosk_key": args.kiosk_key, "printer": args.printer,
                 "paper": args.paper, "language": args.language, "idle_seconds": args.idle_seconds}
    if args.windowed:
        overrides.update(fullscreen=False, window_size=parse_size(args.windowed))
    return load_config(config_path(args), missing_ok=args.config is None, **overrides)


def sound_card_present(dev_dir: str = "/dev/snd") -> bool:
    """Whether this machine has a device that plays sound (an ALSA playback PCM, ``pcmC*D*p``)."""
    return any(Path(dev_dir).glob("pcmC*D*p"))


def configure_kivy(cfg) -> None:
    """Kiosk settings for Kivy; must run before anything imports kivy.core.window."""
    os.environ.setdefault("KIVY_NO_ARGS", "1")        # our flags are ours, not Kivy's
    os.environ.setdefault("KIVY_NO_FILELOG", "1")
    os.environ.setdefault("KIVY_HOME", str(Path(tempfile.gettempdir()) / f"antre-kiosk-kivy-{os.getuid()}"))
    if "SDL_AUDIODRIVER" not in os.environ and not (cfg.voice and sound_card_present()):
        # Nothing to say, or nothing to say it with: SDL's "dummy" audio consumes the sound quietly,
        # where opening a missing card would log a CRITICAL mixer error and ALSA noise at every start.
        os.environ["SDL_AUDIODRIVER"] = "dummy"
        if cfg.voice:
            print("kiosk: no sound card found (/dev/snd): voice guidance stays silent", file=sys.stderr, flush=True)
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
    # The technician screen's text fields: an on-screen keyboard when no keyboard is plugged in.
    Config.set("kivy", "keyboard_mode", "systemanddock")
    # One touch provider only: mtdev and hidinput together report every touch twice.
    for option in list(Config.options("input")):
        Config.remove_option("input", option)
    Config.set("input", "mouse", "mouse,disable_multitouch")


def list_printers() -> int:
    from kiosk.diagnostics import serial_ports, usb_printers

    try:
        found = usb_printers()
    except RuntimeError as exc:
        print(f"USB: cannot list devices: {exc}")
        found = None
    if found is not None and not found:
        print("USB: no printer found (plugged in and switched on? try another cable or port)")
    for dev in found or ():
        kind = "printer" if dev["printer_class"] else "vendor-specific, may be a printer"
        print(f"usb:{dev['vendor']:04x}:{dev['product']:04x}  {dev['name'] or '(no name readable)'}  [{kind}]")
    ports = serial_ports()
    print("serial: " + (", ".join(f"serial:{p}" for p in ports) if ports else "no serial port found"))
    return 0


def show(label: str, check, lang: str) -> None:
    print(f"{label:<8} {'OK' if check.ok else 'FAILED':<7} {check.text(lang)}", flush=True)


def check(cfg) -> int:
    """One line each: server reachable, key valid, printer ready. 0 only when all three are."""
    from kiosk.api import ApiClient
    from kiosk.devices import printer_for
    from kiosk.diagnostics import check_connection, check_printer

    server, key = check_connection(ApiClient.for_config(cfg))
    printer = check_printer(printer_for(cfg))
    for label, result in (("server", server), ("key", key), ("printer", printer)):
        show(label, result, cfg.language)
    from kiosk.offline import OfflineDesk   # from the files on disk: works with the server away
    print(f"{'offline':<8} {'':<7} {OfflineDesk(cfg.state_dir).describe(cfg.language)}", flush=True)
    return 0 if server.ok and key.ok and printer.ok else 1


def test_print(cfg) -> int:
    from kiosk.devices import printer_for
    from kiosk.diagnostics import test_print as print_test

    result = print_test(printer_for(cfg), cfg.language, kiosk_name=cfg.kiosk_name, server_url=cfg.server_url)
    show("printer", result, cfg.language)
    return 0 if result.ok else 1


def pair(cfg, code: str, path: Path) -> int:
    from kiosk.api import ApiClient
    from kiosk.config import save_config
    from kiosk.diagnostics import pair as pair_with

    result = pair_with(ApiClient.for_config(cfg), code)
    show("pair", result.check, cfg.language)
    if not result.check.ok:
        return 1
    save_config(path, {"server_url": cfg.server_url, "kiosk_key": result.key,
                       "kiosk_name": cfg.kiosk_name or result.name})
    print(f"key saved in {path}")
    return 0


def new_technician_pin(path: Path, *, first_start: bool) -> str:
    """A new random PIN: its hash goes into the config file, the PIN itself only to the console."""
    from kiosk.config import ConfigError, save_config
    from kiosk.pin import hash_pin, new_pin

    pin = new_pin()
    hashed = hash_pin(pin)
    try:
        save_config(path, {"technician_pin": hashed})
        where = f"saved (hashed) in {path}"
    except (OSError, ConfigError) as exc:
        where = f"NOT saved ({exc}); valid until the kiosk stops"
    out = sys.stderr if first_start else sys.stdout
    print(f"kiosk: technician PIN: {pin}  ({where}). It is shown only now. Technician screen: on Welcome, "
          "hold the top-left corner 3 s, then the bottom-right corner 3 s, then type the PIN.", file=out, flush=True)
    return hashed


def main(argv=None) -> int:
    args = parse_args(argv)
    from dataclasses import replace

    from kiosk.config import ConfigError

    if args.list_printers:
        return list_printers()
    path = config_path(args)
    try:
        cfg = load(args)
        if args.reset_pin:
            new_technician_pin(path, first_start=False)
            return 0
        if args.pair:
            return pair(cfg, args.pair, path)
        if args.check:
            return check(cfg)
        if args.test_print:
            return test_print(cfg)
    except ConfigError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return 2
    if not cfg.technician_pin:
        cfg = replace(cfg, technician_pin=new_technician_pin(path, first_start=True))
    if not cfg.kiosk_key:
        print("kiosk: no kiosk key (--kiosk-key or kiosk_key in the config file); "
              "tickets cannot be issued until one is set", file=sys.stderr)
    configure_kivy(cfg)
    import logging

    from kivy.clock import Clock

    from kiosk.app import KioskApp
    logging.getLogger("urllib3").setLevel(logging.WARNING)  # one line per poll is noise
    app = KioskApp(cfg, config_path=path)
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: Clock.schedule_once(lambda _dt: app.stop(), 0))
    Clock.schedule_once(lambda _dt: print(f"kiosk ready: Welcome shown after {time.perf_counter() - T0:.2f} s",
                                          flush=True), 0)
    app.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
