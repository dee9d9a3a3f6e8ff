"""Two server processes on one port and one database file (``server_main.py --processes 2``).

Personas: twenty kiosks in a busy lobby, Ibu Ani at Loket 1 and Pak Dedi at Loket 3
(both serve B, Bansos information), Pak Budi the technician, and the lobby displays.
The kernel hands each connection to one of the processes; every client here keeps
one connection, so each test knows which process it talks to (``/healthz`` says).
"""

from __future__ import annotations

import os
import signal
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from server.storage.schema import events, tickets
from tests.live import LiveServer, ServerProcess
from tests.server.helpers import SSEReader, issue


@pytest.fixture(scope="module")
def two(tmp_path_factory):
    srv = ServerProcess(tmp_path_factory.mktemp("two") / "data", args=("--processes", "2")).start()
    srv.clients = []
    yield srv
    for c in srv.clients:
        c.close()
    srv.stop()


def pinned(srv, pid: int, headers: dict | None = None, timeout: float = 10) -> httpx.Client:
    """A client whose one connection is served by process ``pid`` (new connections until one is);
    closed with the server."""
    for _ in range(200):
        c = httpx.Client(base_url=srv.url, headers=headers or {}, timeout=httpx.Timeout(timeout, read=30),
                         limits=httpx.Limits(max_connections=1, keepalive_expiry=60))
        if c.get("/healthz").json()["process"] == pid:
            srv.clients.append(c)
            return c
        c.close()
    raise AssertionError(f"no connection reached process {pid}")


def processes(srv) -> list[int]:
    seen = set()
    for _ in range(100):
        with httpx.Client(base_url=srv.url) as c:
            seen.add(c.get("/healthz").json()["process"])
        if len(seen) == 2:
            return sorted(seen)
    raise AssertionError(f"only processes {seen} answered")


def login(srv, pid: int, who: dict) -> httpx.Client:
    c = pinned(srv, pid)
    r = c.post("/api/auth/login", json={"username": who["username"], "password": who["password"]})
    r.raise_for_status()
    c.headers["Authorization"] = f"Bearer {r.json()['token']}"
    return c


def test_twenty_kiosks_on_two_processes_get_every_number_once_and_every_display_sees_every_ticket(two):
    one, other = processes(two)
    kiosk_key = {"Authorization": f"Bearer {two.creds['kiosk_key']}"}
    displays = [SSEReader(two.url + "/api/events", client=pinned(two, pid)) for pid in (one, other)]
    kiosks = [pinned(two, (one, other)[i % 2], kiosk_key) for i in range(20)]

    def lobby(i: int) -> list[dict]:
        return [issue(kiosks[i], "AB"[(i + n) % 2], 1000 * i + n).json() for n in range(15)]

    with ThreadPoolExecutor(20) as pool:
        tickets = [t for batch in pool.map(lobby, range(20)) for t in batch]
    numbers = Counter(t["number"] for t in tickets)
    assert len(tickets) == 300 and max(numbers.values()) == 1           # nobody shares a number
    for service in "AB":                                                 # and none is skipped
        mine = sorted(int(n.split("-")[1]) for n in numbers if n.startswith(service))
        assert mine == list(range(mine[0], mine[0] + 150))

    issued = {t["id"] for t in tickets}
    for display in displays:
        assert display.wait_for(lambda e: issued <= {
            x["ticket"]["id"] for x in display.events if x.get("type") == "ticket.issued"}, timeout=20)
        seen = [e["ticket"]["id"] for e in display.events if e.get("type") == "ticket.issued"]
        assert len(seen) == len(set(seen))                                # each once
        assert display.ids == sorted(display.ids)                        # in the order they happened
        assert not any(e.get("type") == "cache.touched" for e in display.events)
        display.close()


def test_two_clerks_on_two_processes_never_call_the_same_citizen(two):
    one, other = processes(two)
    kiosk = pinned(two, one, {"Authorization": f"Bearer {two.creds['kiosk_key']}"})
    tickets = {issue(kiosk, "B", 5000 + i).json()["id"] for i in range(40)}
    ani, dedi = (login(two, pid, two.creds["staff"][i]) for pid, i in ((one, 0), (other, 2)))
    desks = [(ani, two.creds["staff"][0]["counter"]), (dedi, two.creds["staff"][2]["counter"])]

    def work(desk) -> list[int]:
        clerk, counter = desk
        called = []
        while True:
            r = clerk.post(f"/api/counters/{counter}/call-next")
            if r.status_code == 204:
                return called
            r.raise_for_status()
            called.append(r.json()["id"])
            clerk.post(f"/api/tickets/{called[-1]}/done").raise_for_status()

    with ThreadPoolExecutor(2) as pool:
        by_desk = list(pool.map(work, desks))
    calls = [t for desk in by_desk for t in desk]
    assert len(calls) == len(set(calls)) and set(calls) >= tickets
    assert all(by_desk)  # both desks worked: the race was real


def test_what_one_process_changes_the_other_knows_at_once(two):
    """Caches kept in memory (the office, sessions, waiting counts) follow the other process."""
    one, other = processes(two)
    budi_here = login(two, one, two.creds["admin"])
    key = {"Authorization": f"Bearer {two.creds['kiosk_key']}"}
    k1, k2 = pinned(two, one, key), pinned(two, other, key)
    services = {s["code"]: s for s in budi_here.get("/api/admin/services").json()}

    # Pak Budi closes D on one process: the kiosk on the other refuses it at once, then takes it again.
    budi_here.put(f"/api/admin/services/{services['D']['id']}", json={"is_open": False}).raise_for_status()
    r = issue(k2, "D", 7000)
    assert r.status_code == 409 and r.json()["code"] == "service_closed"
    budi_here.put(f"/api/admin/services/{services['D']['id']}", json={"is_open": True}).raise_for_status()
    assert issue(k2, "D", 7000).status_code == 201

    # Ani logs out on one process: her token is refused on the other at once.
    ani_here = login(two, one, two.creds["staff"][0])
    ani_there = pinned(two, other, {"Authorization": ani_here.headers["Authorization"]})
    assert ani_there.get("/api/staff/state").status_code == 200
    ani_here.post("/api/auth/logout").raise_for_status()
    time.sleep(0.1)  # the other process's watcher looks every 5 ms
    assert ani_there.get("/api/staff/state").status_code == 401

    # Kiosks on both processes: each ticket counts those issued on the other.
    first = issue(k1, "D", 7001).json()
    second = issue(k2, "D", 7002).json()
    third = issue(k1, "D", 7003).json()
    assert (second["ahead"], third["ahead"]) == (first["ahead"] + 1, first["ahead"] + 2)
    assert third["waiting"] == first["waiting"] + 2


def test_a_process_that_dies_is_started_again_and_nothing_is_lost(two):
    one, other = processes(two)
    key = {"Authorization": f"Bearer {two.creds['kiosk_key']}"}
    before = issue(pinned(two, one, key), "A", 8001).json()
    os.kill(one, signal.SIGKILL)
    deadline = time.time() + 15
    while True:
        assert time.time() < deadline, "the killed process was not replaced"
        try:
            pids = set(processes(two))
        except (AssertionError, httpx.HTTPError):
            pids = set()
        if len(pids) == 2 and one not in pids:
            break
        time.sleep(0.2)
    after = issue(pinned(two, other, key), "A", 8002).json()
    assert int(after["number"].split("-")[1]) == int(before["number"].split("-")[1]) + 1
    with httpx.Client(base_url=two.url) as c:
        assert c.get(f"/api/tickets/{before['token']}").json()["status"] == "waiting"


def test_a_watcher_keeps_an_idle_process_up_to_date(two):
    """No write on the display's process: its watcher still brings the other's events."""
    one, other = processes(two)
    display = SSEReader(two.url + "/api/events", client=pinned(two, other))
    t = issue(pinned(two, one, {"Authorization": f"Bearer {two.creds['kiosk_key']}"}), "B", 9001).json()
    assert display.wait_for(lambda e: e.get("type") == "ticket.issued" and e["ticket"]["id"] == t["id"], 5)
    display.close()


def test_two_processes_pass_midnight_once(tmp_path, clock):
    """Both processes in this test process, on one clock: the first write after midnight starts the
    day (yesterday's tickets expire, numbers restart); the other takes the day as it finds it."""
    one = LiveServer(tmp_path / "data", overrides={"processes": 2}, clock=clock).start()
    other = LiveServer(tmp_path / "data", overrides={"processes": 2}, clock=clock).start()
    try:
        k1, k2 = one.kiosk(), other.kiosk()
        yesterday = [issue(k1, "A", 1).json(), issue(k2, "A", 2).json()]
        assert [t["number"] for t in yesterday] == ["A-001", "A-002"]
        clock.advance(24 * 3600)
        today = [issue(k2, "A", 3).json(), issue(k1, "A", 4).json(), issue(k2, "A", 5).json()]
        assert [t["number"] for t in today] == ["A-001", "A-002", "A-003"]
        assert len({t["office_day"] for t in today}) == 1 and today[0]["office_day"] > yesterday[0]["office_day"]
        with one.ctx.db.read() as conn:
            started = conn.execute(sa.select(events.c.data).where(events.c.type == "day.started")).all()
            left = conn.execute(sa.select(sa.func.count()).select_from(tickets)
                                .where(tickets.c.id.in_([t["id"] for t in yesterday]),
                                       tickets.c.status == "expired")).scalar()
        assert len(started) == 1 and started[0].data["expired"] == 2 and left == 2
    finally:
        other.stop()
        one.stop()


def test_a_sibling_change_holds_for_the_very_next_job(tmp_path, clock):
    """The other process has not looked yet (its watcher is stopped): its next batch reads the
    closing first and refuses the ticket in that same batch."""
    one = LiveServer(tmp_path / "data", overrides={"processes": 2}, clock=clock).start()
    other = LiveServer(tmp_path / "data", overrides={"processes": 2}, clock=clock).start()
    try:
        other.ctx.db.writer.siblings.watch.stop()
        budi = one.admin()
        services = {s["code"]: s for s in budi.get("/api/admin/services").json()}
        budi.put(f"/api/admin/services/{services['D']['id']}", json={"is_open": False}).raise_for_status()
        r = issue(other.kiosk(), "D", 1)
        assert r.status_code == 409 and r.json()["code"] == "service_closed"
    finally:
        other.stop()
        one.stop()


def test_when_the_parent_is_killed_its_server_processes_end_too(tmp_path):
    srv = ServerProcess(tmp_path / "data", args=("--processes", "2")).start()
    children = processes(srv)
    srv.kill()
    deadline = time.time() + 10
    while any(Path(f"/proc/{pid}").exists() and "zombie" not in Path(f"/proc/{pid}/status").read_text()
              for pid in children):
        assert time.time() < deadline, "a server process outlived its parent"
        time.sleep(0.1)
    with pytest.raises(httpx.HTTPError):
        httpx.get(srv.url + "/healthz", timeout=1)
