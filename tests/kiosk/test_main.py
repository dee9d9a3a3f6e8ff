"""``kiosk_main.py`` as the technician starts it: flags, config errors, a headless start and stop."""

import os
import signal
import subprocess
import sys

from tests.live import ROOT


def run_main(*args, timeout=30):
    return subprocess.run([sys.executable, str(ROOT / "kiosk_main.py"), *args], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT)


def test_help_lists_the_flags_of_the_issue():
    r = run_main("--help")
    assert r.returncode == 0
    for flag in ("--server", "--kiosk-key", "--printer", "--paper", "--windowed", "--config",
                 "preview:DIR", "network:HOST[:PORT]", "usb:VID:PID", "serial:DEVICE[:BAUD]", "file:PATH"):
        assert flag in r.stdout


def test_a_bad_printer_spec_stops_the_start_with_a_sentence_not_a_traceback():
    r = run_main("--printer", "laser:1")
    assert r.returncode == 2 and "network:HOST" in r.stderr and "Traceback" not in r.stderr


def test_starts_headless_in_kiosk_mode_and_stops_on_sigterm(server, tmp_path):
    env = {**os.environ, "KIVY_HOME": str(tmp_path / "kivy")}
    proc = subprocess.Popen([sys.executable, str(ROOT / "kiosk_main.py"), "--server", server.url,
                             "--kiosk-key", server.creds["kiosk_key"], "--printer", f"preview:{tmp_path}/t"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT, env=env)
    try:
        line = proc.stdout.readline()
        assert line.startswith("kiosk ready: Welcome shown"), line
        proc.send_signal(signal.SIGTERM)          # full screen refuses to close, but a service manager can stop it
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
