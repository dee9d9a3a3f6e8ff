"""A power cut (SIGKILL) mid-write loses no acknowledged ticket; a restart keeps everything."""

import logging
import os
import sqlite3
import subprocess
import threading
import time
import uuid

import httpx
import pytest

from tests.live import ServerProcess
from tests.server.helpers import issue, nik_for


@pytest.mark.sqlite_only
def test_every_acknowledged_ticket_survives_a_kill_mid_write(tmp_path):
    proc = ServerProcess(tmp_path / "data").start()
    key = proc.creds["kiosk_key"]
    acknowledged: list[tuple[str, str]] = []
    lock = threading.Lock()
    stop = threading.Event()

    def kiosk(k):
        with httpx.Client(base_url=proc.url, headers={"Authorization": f"Bearer {key}"}, timeout=5) as c:
            i = 0
            while not stop.is_set() and i < 2000:
                i += 1
                try:
                    r = c.post("/api/tickets", json={"service": "ABCD"[k % 4], "nik": nik_for(k * 2000 + i),
                                                     "request_id": str(uuid.uuid4())})
                except httpx.HTTPError:
                    return
                if r.status_code == 201:
                    with lock:
                        acknowledged.append((r.json()["number"], r.json()["token"]))

    threads = [threading.Thread(target=kiosk, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    while len(acknowledged) < 150:
        threads[0].join(0.01)
    proc.kill()  # no shutdown code runs, writes are in flight
    stop.set()
    for t in threads:
        t.join()

    db = sqlite3.connect(tmp_path / "data" / "antre.db")
    assert db.execute("pragma integrity_check").fetchone()[0] == "ok"
    stored = {row[0] for row in db.execute("select token from tickets")}
    db.close()
    missing = [n for n, tok in acknowledged if tok not in stored]
    assert not missing, f"{len(missing)} acknowledged tickets lost"

    proc.start()  # restart on the same data
    try:
        for number, token in acknowledged[-5:]:
            assert httpx.get(f"{proc.url}/api/tickets/{token}").json()["number"] == number
        r = httpx.post(proc.url + "/api/tickets", headers={"Authorization": f"Bearer {key}"},
                       json={"service": "A", "nik": nik_for(99999), "request_id": "after"})
        seqs = sorted(int(n.split("-")[1]) for n, _ in acknowledged if n.startswith("A-"))
        assert int(r.json()["number"].split("-")[1]) > seqs[-1]  # numbering goes on, no duplicate
    finally:
        proc.stop()


def test_restart_keeps_queue_and_sessions(tmp_path):
    proc = ServerProcess(tmp_path / "data").start()
    try:
        key = proc.creds["kiosk_key"]
        staff = proc.creds["staff"][0]
        t = httpx.post(proc.url + "/api/tickets", headers={"Authorization": f"Bearer {key}"},
                       json={"service": "A", "nik": nik_for(1), "request_id": "one"}).json()
        token = httpx.post(proc.url + "/api/auth/login", json={"username": staff["username"],
                                                               "password": staff["password"]}).json()["token"]
        proc.stop()
        proc.start()
        again = httpx.post(proc.url + "/api/tickets", headers={"Authorization": f"Bearer {key}"},
                           json={"service": "A", "nik": nik_for(1), "request_id": "one"})
        assert again.status_code == 200 and again.json()["number"] == t["number"]  # idempotent across restarts
        called = httpx.post(f"{proc.url}/api/counters/{staff['counter']}/call-next",
                            headers={"Authorization": f"Bearer {token}"})
        assert called.status_code == 200 and called.json()["number"] == "A-001"
    finally:
        proc.stop()


@pytest.mark.sqlite_only
def test_a_full_disk_answers_503_storage_full_never_500(server):
    kiosk = server.kiosk()
    issue(kiosk, "A", 1)

    def fill(tx):  # the database may not grow by one more page: what a full disk looks like to SQLite
        pages = tx.conn.exec_driver_sql("PRAGMA page_count").scalar()
        tx.conn.exec_driver_sql(f"PRAGMA max_page_count = {pages}")
    server.ctx.db.writer.call(fill)
    answers = []
    for i in range(2, 400):
        r = issue(kiosk, "ABCD"[i % 4], i)
        answers.append(r.status_code)
        if r.status_code != 201:
            break
    assert answers[-1] == 503, answers[-5:]
    assert r.json()["code"] == "storage_full" and "penuh" in r.json()["message"]
    assert 500 not in answers


def test_healthz_reports_a_stuck_then_a_dead_writer(server):
    gate = threading.Event()
    writer = server.ctx.db.writer
    assert server.client().get("/healthz").json()["writer"] == "ok"
    writer.stuck_after = 0.2
    writer.submit(lambda tx: gate.wait(10))
    try:
        deadline = time.time() + 5
        while (r := server.client().get("/healthz")).status_code == 200 and time.time() < deadline:
            time.sleep(0.05)
        assert r.status_code == 503 and r.json()["writer"] == "stuck"
    finally:
        gate.set()
    writer.stop()  # the thread is gone, as after a crash
    r = server.client().get("/healthz")
    assert r.status_code == 503 and r.json()["writer"] == "dead"
    assert issue(server.kiosk(), "A", 1).json()["code"] == "server_busy"  # refused at once, not hanging


def test_a_failing_housekeeping_tick_is_logged(tmp_path, caplog):
    from tests.live import LiveServer
    caplog.set_level(logging.ERROR, logger="antre")
    server = LiveServer(tmp_path / "data", overrides={"housekeeping_seconds": 0.1}).start()
    try:
        async def broken(fn):
            raise RuntimeError("the writer could not be reached")
        server.ctx.write = broken
        deadline = time.time() + 5
        while "housekeeping failed" not in caplog.text and time.time() < deadline:
            time.sleep(0.05)
        assert "housekeeping failed" in caplog.text and "could not be reached" in caplog.text
    finally:
        server.stop()


def test_an_immutable_database_stops_the_start_with_a_message(tmp_path):
    from tests.server.test_maintenance import run
    data = tmp_path / "data"
    assert run("create-admin", "kepala.it", "--data-dir", str(data)).returncode == 0
    db_file = data / "antre.db"
    if os.geteuid() == 0:
        if subprocess.run(["chattr", "+i", str(db_file)], capture_output=True).returncode != 0:
            pytest.skip("chattr +i is not available here")
    else:
        os.chmod(db_file, 0o400)
    try:
        out = run("--data-dir", str(data), "--port", "1")
        assert out.returncode == 2, out.stderr
        assert "not writable" in out.stderr and "Traceback" not in out.stderr
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(db_file)], capture_output=True)
        os.chmod(db_file, 0o600)
