"""Backup while running, restore with tickets intact, create-admin, and the data-dir lock."""

import subprocess
import sys

import httpx
import pytest

from tests.live import ROOT, ServerProcess
from tests.server.helpers import nik_for


def run(*args, stdin: str | None = None):
    return subprocess.run([sys.executable, str(ROOT / "server_main.py"), *args], cwd=ROOT, input=stdin,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.sqlite_only
def test_backup_while_running_then_restore_round_trip(tmp_path):
    data = tmp_path / "data"
    proc = ServerProcess(data).start()
    key = {"Authorization": f"Bearer {proc.creds['kiosk_key']}"}
    try:
        tokens = [httpx.post(proc.url + "/api/tickets", headers=key,
                             json={"service": "A", "nik": nik_for(i), "request_id": f"r{i}"}).json()["token"]
                  for i in range(5)]
        out = run("backup", str(tmp_path / "backup.db"), "--data-dir", str(data))
        assert out.returncode == 0, out.stderr
        assert "5 tickets" in out.stdout
        # a ticket after the backup, which the restore will take away
        later = httpx.post(proc.url + "/api/tickets", headers=key,
                           json={"service": "A", "nik": nik_for(99), "request_id": "later"}).json()["token"]
        refused = run("restore", str(tmp_path / "backup.db"), "--data-dir", str(data))
        assert refused.returncode == 2 and "stop the Antre server" in refused.stderr
    finally:
        proc.stop()
    out = run("restore", str(tmp_path / "backup.db"), "--data-dir", str(data))
    assert out.returncode == 0, out.stderr
    proc.start()
    try:
        for token in tokens:
            assert httpx.get(f"{proc.url}/api/tickets/{token}").status_code == 200
        assert httpx.get(f"{proc.url}/api/tickets/{later}").status_code == 404
    finally:
        proc.stop()


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"hello")
    out = run("restore", str(junk), "--data-dir", str(tmp_path / "data"))
    assert out.returncode == 2 and "not an Antre database" in out.stderr


def test_second_server_on_the_same_data_is_refused(tmp_path):
    proc = ServerProcess(tmp_path / "data").start()
    try:
        second = subprocess.run([sys.executable, str(ROOT / "server_main.py"), "--data-dir", str(tmp_path / "data"),
                                 "--port", "1"], cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert second.returncode == 2 and "another Antre server" in second.stderr
    finally:
        proc.stop()


@pytest.mark.sqlite_only
def test_create_admin_then_log_in(tmp_path):
    data = tmp_path / "data"
    out = run("create-admin", "kepala.it", "--data-dir", str(data))
    assert out.returncode == 0, out.stderr
    password = out.stdout.strip().rsplit(" ", 1)[-1]
    proc = ServerProcess(data)
    proc.start()
    try:
        r = httpx.post(proc.url + "/api/auth/login", json={"username": "kepala.it", "password": password})
        assert r.status_code == 200 and r.json()["user"]["role"] == "admin"
    finally:
        proc.stop()
    short = run("create-admin", "x.admin", "--data-dir", str(data), "--password-stdin", stdin="short\n")
    assert short.returncode == 2


def test_bad_settings_stop_with_a_clear_message(tmp_path):
    cfg = tmp_path / "antre.toml"
    cfg.write_text('timezone = "Asia/Bandung"\n')
    out = run("--config", str(cfg), "--data-dir", str(tmp_path / "d"))
    assert out.returncode == 2
    assert "antre.toml: key 'timezone'" in out.stderr and "Traceback" not in out.stderr
