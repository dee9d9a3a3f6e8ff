"""The central set-up as a technician brings it up (deploy/central/try-here.sh): PostgreSQL,
two Antre servers on it as if on two hosts, nginx with TLS in front, the shipped site file.

Pak Joko brings the regency's central Antre up; a kiosk and a TV of the Dinas Sosial come
in over HTTPS, and so does the clerk. Whichever server nginx hands a request to, the
numbers are one sequence and the TV sees every call.
"""

import json
import signal
import ssl
import subprocess
import time

import httpx
import pytest

from tests.live import ROOT, free_port
from tests.server.helpers import SSEReader, nik_for


@pytest.fixture
def central(tmp_path):
    work = tmp_path / "central"
    port = free_port()
    log = tmp_path / "try-here.log"
    with open(log, "wb") as out:
        script = subprocess.Popen(["bash", str(ROOT / "deploy" / "central" / "try-here.sh"), str(work), str(port), "2"],
                                  stdout=out, stderr=subprocess.STDOUT)
    deadline = time.time() + 120
    while not (work / "ready").exists():
        if script.poll() is not None or time.time() > deadline:
            script.kill()
            script.wait()
            pytest.fail(f"the central set-up did not come up:\n{log.read_text()[-3000:]}")
        time.sleep(0.2)
    yield work, (work / "ready").read_text().strip()
    pg_dir = (work / "pg-dir").read_text().strip()
    script.send_signal(signal.SIGTERM)
    script.wait(60)
    # Then everything it started has stopped with it: servers, nginx, PostgreSQL
    for trace in (str(work), pg_dir):
        left = subprocess.run(["pgrep", "-f", trace], capture_output=True, text=True).stdout.split()
        assert left == [], f"still running: {left}"


def test_kiosks_tvs_and_clerks_reach_two_servers_on_one_postgresql_through_nginx(central):
    work, url = central
    creds = json.loads((work / "server1" / "demo-credentials.json").read_text())
    # the office's devices trust the set-up's certificate, and nothing else
    tls = ssl.create_default_context(cafile=str(work / "nginx" / "cert.pem"))
    with httpx.Client(base_url=url, verify=tls, timeout=10) as web:
        # nginx spreads the requests over both servers
        answered_by = {web.get("/healthz").json()["process"] for _ in range(6)}
        assert len(answered_by) == 2
        tv = SSEReader(url + "/api/events", client=httpx.Client(verify=tls, timeout=httpx.Timeout(10, read=30)))
        assert tv.status == 200
        kiosk = {"Authorization": f"Bearer {creds['kiosk_key']}"}
        numbers = [web.post("/api/tickets", headers=kiosk, json={"service": "A", "nik": nik_for(i),
                                                                 "request_id": f"central-{i}"}).json()["number"]
                   for i in range(1, 9)]
        assert len(set(numbers)) == 8 and numbers[0] == "A-001"  # one sequence whichever server took it
        clerk = creds["staff"][0]
        token = web.post("/api/auth/login", json={"username": clerk["username"],
                                                  "password": clerk["password"]}).json()["token"]
        called = [web.post(f"/api/counters/{clerk['counter']}/call-next",
                           headers={"Authorization": f"Bearer {token}"}).json()["number"] for _ in range(3)]
        assert called == numbers[:3]
        # And the TV, on whichever server nginx gave it, saw every call
        assert tv.wait_for(lambda e: e["type"] == "ticket.called" and e["ticket"]["number"] == called[-1])
        seen = [e["ticket"]["number"] for e in tv.events if e["type"] == "ticket.called"]
        tv.close()
        assert seen == called
