"""``kiosk_main.py`` as the technician starts it: flags, config errors, a headless start and stop."""

import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.kiosk.helpers import kiosk_health
from tests.live import ROOT, free_port, wait_for_line


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


def test_given_no_screen_when_the_kiosk_starts_then_it_runs_headless_and_stops_on_sigterm(server, tmp_path):
    """And its log has no CRITICAL line nor traceback to scare a newcomer: no xclip/xsel here, so
    Kivy's own clipboard search would log "CRITICAL Cutbuffer" with a traceback."""
    env = {**os.environ, "KIVY_HOME": str(tmp_path / "kivy"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    env.pop("KIVY_LOG_MODE", None)   # Kivy's own log lines on stderr, as in the demo
    env.pop("SDL_AUDIODRIVER", None)  # the kiosk picks its sound output itself, as in the demo
    log_path = tmp_path / "kiosk.log"
    with open(log_path, "w") as log_file:
        proc = subprocess.Popen([sys.executable, str(ROOT / "kiosk_main.py"), "--server", server.url,
                                 "--kiosk-key", server.creds["kiosk_key"], "--printer", f"preview:{tmp_path}/t"],
                                stdout=subprocess.PIPE, stderr=log_file, text=True, cwd=ROOT, env=env)
        try:
            line, _ = wait_for_line(proc.stdout, "kiosk ready: Welcome shown", timeout=90)
            log_file.flush()
            assert line, (proc.poll(), log_path.read_text()[-3000:])
            proc.send_signal(signal.SIGTERM)          # full screen refuses to close, but a service manager can stop it
            assert proc.wait(timeout=20) == 0
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            proc.stdout.close()
    log = log_path.read_text()
    assert "[Clipboard" not in log and "Cutbuffer" not in log, log
    assert "CRITICAL" not in log and "Traceback" not in log, log
    from kiosk_main import sound_card_present
    if not sound_card_present():
        assert "no sound card found (/dev/snd): voice guidance stays silent" in log and "ALSA" not in log


# ---------------------------------------------------------------- the technician over SSH
def write_config(tmp_path, **values) -> str:
    from kiosk.config import save_config
    path = tmp_path / "kiosk.toml"
    save_config(path, values)
    return str(path)


def test_check_says_ok_when_server_key_and_printer_are(server, tmp_path):
    from tests.kiosk.helpers import PrinterListener
    listener = PrinterListener()
    try:
        cfg = write_config(tmp_path, server_url=server.url, kiosk_key=server.creds["kiosk_key"], language="en")
        r = run_main("--config", cfg, "--printer", listener.spec, "--check")
        assert r.returncode == 0, r.stdout + r.stderr
        lines = r.stdout.splitlines()
        assert [line.split()[:2] for line in lines[:3]] == [["server", "OK"], ["key", "OK"], ["printer", "OK"]]
        assert lines[3].startswith("offline") and "0 offline tickets not uploaded" in lines[3]   # kiosk.offline
    finally:
        listener.close()


def test_check_names_each_failure_with_a_non_zero_exit(server, tmp_path):
    from tests.live import free_port
    good = dict(server=server.url, key=server.creds["kiosk_key"], printer=f"preview:{tmp_path}/t")
    # A wrong server URL (nothing listens there).
    r = run_main("--server", f"http://127.0.0.1:{free_port()}", f"--kiosk-key={good['key']}", "--printer",
                 good["printer"], "--language", "en", "--check")
    assert r.returncode == 1 and "wrong server URL" in r.stdout and "printer  OK" in r.stdout
    # A URL that answers but is not Antre.
    r = run_main("--server", server.url + "/static-nothing", f"--kiosk-key={good['key']}", "--printer",
                 good["printer"], "--language", "en", "--check")
    assert r.returncode == 1 and "wrong server URL" in r.stdout
    # A printer that does not answer.
    r = run_main("--server", server.url, f"--kiosk-key={good['key']}", "--printer",
                 f"network:127.0.0.1:{free_port()}", "--language", "en", "--check")
    assert r.returncode == 1 and "Printer unreachable" in r.stdout and "key      OK" in r.stdout
    # A revoked key.
    admin = server.admin()
    device = admin.post("/api/admin/devices", json={"kind": "kiosk", "name": "Kiosk Cadangan"}).json()
    key = server.client().post("/api/devices/pair", json={"code": device["pairing_code"], "kind": "kiosk"}).json()["key"]
    admin.post(f"/api/admin/devices/{device['id']}/revoke")
    r = run_main("--server", server.url, f"--kiosk-key={key}", "--printer", good["printer"], "--language", "en", "--check")
    assert r.returncode == 1 and "revoked" in r.stdout and "server   OK" in r.stdout


def test_given_the_kiosk_reported_paper_out_when_pak_budi_runs_check_over_ssh_then_the_alert_stays(server, tmp_path):
    """``--check`` asks GET /api/devices/me: the printer health the kiosk reported stays on the server."""
    r = server.kiosk().post("/api/devices/heartbeat", json={"printer": {"state": "paper_out", "detail": "tes"}})
    assert r.status_code == 200 and kiosk_health(server) == ("paper_out", "printer_paper_out")
    cfg = write_config(tmp_path, server_url=server.url, kiosk_key=server.creds["kiosk_key"], language="en",
                       printer=f"preview:{tmp_path}/t")
    r = run_main("--config", cfg, "--check")
    assert r.returncode == 0 and "key      OK" in r.stdout, r.stdout + r.stderr
    assert kiosk_health(server) == ("paper_out", "printer_paper_out")


def test_test_print_reaches_a_network_printer_and_fails_clearly_without_one(tmp_path):
    from tests.kiosk.helpers import PrinterListener
    from tests.live import free_port
    listener = PrinterListener()
    try:
        r = run_main("--config", write_config(tmp_path), "--printer", listener.spec, "--test-print")
        assert r.returncode == 0, r.stdout + r.stderr
        listener.job_done.wait(5)
        assert listener.jobs and listener.jobs[0].startswith(b"\x1b@") and b"TES PRINTER" in listener.jobs[0]
    finally:
        listener.close()
    r = run_main("--config", write_config(tmp_path), "--printer", f"network:127.0.0.1:{free_port()}", "--test-print")
    assert r.returncode == 1 and "Printer tidak dapat dihubungi" in r.stdout


def test_list_printers_runs_without_printers():
    r = run_main("--list-printers")
    assert r.returncode == 0 and r.stdout.startswith("USB:") and "serial" in r.stdout


def test_given_a_code_from_admin_when_pak_budi_pairs_over_ssh_then_the_key_is_saved_and_works(server, tmp_path):
    import tomllib
    device = server.admin().post("/api/admin/devices", json={"kind": "kiosk", "name": "Kiosk Lantai 2"}).json()
    cfg = write_config(tmp_path, printer=f"preview:{tmp_path}/t")
    r = run_main("--config", cfg, "--server", server.url, "--pair", device["pairing_code"])
    assert r.returncode == 0, r.stdout + r.stderr
    saved = tomllib.loads(Path(cfg).read_text())["kiosk"]
    assert saved["kiosk_key"] and saved["server_url"] == server.url and saved["printer"] == f"preview:{tmp_path}/t"
    assert run_main("--config", cfg, "--check").returncode == 0
    r = run_main("--config", cfg, "--pair", device["pairing_code"])     # a code works once
    assert r.returncode == 1 and "Kode pasang salah" in r.stdout


def test_a_bad_config_value_names_the_file_and_the_key(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text("[kiosk]\npaper = 57\n")
    r = run_main("--config", str(path), "--check")
    assert r.returncode == 2 and str(path) in r.stderr and "paper" in r.stderr and "58 or 80" in r.stderr


def test_given_pak_budi_resets_the_pin_then_a_random_one_is_printed_once_and_only_its_hash_kept(server, tmp_path):
    import tomllib
    cfg = write_config(tmp_path, server_url=server.url, printer=f"preview:{tmp_path}/t")
    r = run_main("--config", cfg, "--reset-pin")
    assert r.returncode == 0
    pin = r.stdout.split("technician PIN: ")[1].split()[0]
    stored = tomllib.loads(Path(cfg).read_text())["kiosk"]["technician_pin"]
    from kiosk.pin import verify_pin
    assert pin.isdigit() and len(pin) == 6 and pin not in stored and verify_pin(pin, stored)
    assert tomllib.loads(Path(cfg).read_text())["kiosk"]["server_url"] == server.url   # the rest is kept


# ---------------------------------------------------------------- the demo
def test_given_two_demos_then_each_kiosk_keeps_its_settings_in_its_own_data_directory(tmp_path):
    """``scripts/demo.sh`` used to let the kiosk write its PIN hash to ``~/.config/antre/kiosk.toml``,
    shared by every demo on the machine."""
    home = tmp_path / "home"
    env = {**os.environ, "ANTRE_SKIP_INSTALL": "1", "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
           "XDG_STATE_HOME": str(home / ".local" / "state"), "KIVY_HOME": str(tmp_path / "kivy")}
    data_dir = tmp_path / "demo-data"
    log_path = tmp_path / "demo.log"
    with open(log_path, "w") as log_file:
        proc = subprocess.Popen(["bash", str(ROOT / "scripts" / "demo.sh"), "--port", str(free_port()),
                                 "--data-dir", str(data_dir)], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=log_file, text=True, cwd=ROOT, env=env, start_new_session=True)
        try:
            line, seen = wait_for_line(proc.stdout, "kiosk ready", timeout=120)
            log_file.flush()
            assert line, "".join(seen) + log_path.read_text()[-3000:]
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
            proc.stdout.close()
    config = data_dir / "kiosk.toml"
    assert "technician_pin = \"pbkdf2_sha256$" in config.read_text()
    assert config.stat().st_mode & 0o077 == 0
    assert not (home / ".config" / "antre").exists()


def test_sound_goes_to_a_card_only_when_there_is_one(tmp_path):
    """No card (this machine): SDL's dummy audio, so the voice fails silently instead of logging a
    CRITICAL mixer error at every start; with a playback device the voice is heard."""
    from kiosk_main import sound_card_present

    assert not sound_card_present(str(tmp_path))
    (tmp_path / "pcmC0D0c").touch()          # a microphone only
    assert not sound_card_present(str(tmp_path))
    (tmp_path / "pcmC0D0p").touch()
    assert sound_card_present(str(tmp_path))
