"""Pak Budi, the technician, runs the demo and tries it from his phone and the TV.

Addresses on 127.0.0.1 open only on the server's own computer: the demo says so and
offers ``--lan``, which listens on the office network and puts the machine's LAN
address in the tickets' QR codes.
"""

from __future__ import annotations

import uuid

import httpx
import pytest

from server.http.serving import lan_address
from tests.live import ServerProcess
from tests.server.helpers import nik_for


def _printed(proc: ServerProcess) -> str:
    proc.log.flush()
    return (proc.data_dir.parent / f"server-{proc.port}.log").read_text()


def test_the_demo_on_127_0_0_1_says_phones_and_tvs_cannot_open_it(tmp_path):
    proc = ServerProcess(tmp_path / "data").start()
    try:
        printed = _printed(proc)
        assert f"http://127.0.0.1:{proc.port}/pair" in printed
        assert "phones (the ticket's QR code) and TVs cannot" in printed
        assert ("--lan" in printed) == (lan_address() is not None)
    finally:
        proc.stop()


def test_with_lan_the_qr_code_points_at_the_office_network_address(tmp_path):
    address = lan_address()
    if address is None:
        pytest.skip("this machine has no network address")
    proc = ServerProcess(tmp_path / "data", args=("--lan",)).start()
    try:
        base = f"http://{address}:{proc.port}"
        assert httpx.get(base + "/healthz", timeout=5).status_code == 200  # reachable on the LAN address
        assert "cannot" not in _printed(proc) and f"{base}/display" in _printed(proc)
        r = httpx.post(proc.url + "/api/tickets", timeout=10,
                       headers={"Authorization": f"Bearer {proc.creds['kiosk_key']}"},
                       json={"service": "A", "nik": nik_for(7), "request_id": str(uuid.uuid4())})
        assert r.status_code == 201, r.text
        assert r.json()["status_url"].startswith(base + "/t/")
    finally:
        proc.stop()
