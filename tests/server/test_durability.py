"""A power cut (SIGKILL) mid-write loses no acknowledged ticket; a restart keeps everything."""

import sqlite3
import threading
import uuid

import httpx

from tests.live import ServerProcess
from tests.server.helpers import nik_for


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
