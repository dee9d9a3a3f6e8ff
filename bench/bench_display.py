"""Call → lobby display latency with many displays connected.

Starts the demo server as its own process, connects N Server-Sent Events
clients to /api/events (what each lobby display holds open), then lets the
front-office clerk press "call next" repeatedly. For each call it measures the
time from sending the request until *every* display has received the
``ticket.called`` event, and prints the median and p99 of that, the same for
single deliveries, and the server's memory.

    .venv/bin/python bench/bench_display.py [--displays 200] [--calls 100]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.live import ServerProcess  # noqa: E402


def rss_mb(pid: int) -> tuple[float, float]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


_TICKET_ID = re.compile(rb'"ticket":\{"id":(\d+)')


def run(coro):
    """``asyncio.run`` on uvloop (as the server runs) when installed.

    All 200 displays of this benchmark share one Python thread, where in a lobby each TV has
    its own processor: whatever one display costs here, the last of them waits for all the
    others. So the displays' side is kept as cheap as it can be, and the figure stays the
    server's, not the benchmark's."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coro)
    return uvloop.run(coro)


class Display:
    """One lobby display: a raw HTTP/1.1 SSE connection (cheaper than a full client, so the
    benchmark measures the server, not the benchmark)."""

    def __init__(self, port: int, arrivals: dict, waiters: dict):
        self.port, self.arrivals, self.waiters = port, arrivals, waiters

    async def connect(self) -> None:
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        self.writer.write(b"GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
        await self.writer.drain()
        status = await self.reader.readline()
        assert b" 200 " in status, status
        while (await self.reader.readline()) not in (b"\r\n", b""):
            pass

    async def run(self) -> None:
        while True:
            line = await self.reader.readline()
            if not line:
                return
            # Chunked transfer: size lines and blank lines pass by; data lines carry the event.
            if b'"ticket.called"' in line and b"data: " in line:
                now = time.perf_counter()
                found = _TICKET_ID.search(line)  # the called ticket's id, without decoding the whole event
                ticket_id = int(found.group(1)) if found else json.loads(line[line.index(b"data: ") + 6:])["ticket"]["id"]
                self.arrivals.setdefault(ticket_id, []).append(now)
                waiter = self.waiters.get(ticket_id)
                if waiter and len(self.arrivals[ticket_id]) >= waiter[0] and not waiter[1].done():
                    waiter[1].set_result(None)


async def bench(port: int, creds: dict, displays: int, calls: int) -> dict:
    arrivals: dict[int, list[float]] = {}
    waiters: dict[int, tuple[int, asyncio.Future]] = {}
    clients = [Display(port, arrivals, waiters) for _ in range(displays)]
    for i in range(0, displays, 50):
        await asyncio.gather(*(c.connect() for c in clients[i:i + 50]))
    tasks = [asyncio.create_task(c.run()) for c in clients]
    base = f"http://127.0.0.1:{port}"
    who = creds["staff"][0]
    async with httpx.AsyncClient(base_url=base, timeout=10) as clerk:
        r = await clerk.post("/api/auth/login", json={"username": who["username"], "password": who["password"]})
        r.raise_for_status()
        all_latency, each_latency, answer, missing = [], [], [], 0
        for _ in range(calls):
            t0 = time.perf_counter()
            r = await clerk.post(f"/api/counters/{who['counter']}/call-next")
            answer.append((time.perf_counter() - t0) * 1000)
            if r.status_code != 200:
                break
            ticket_id = r.json()["id"]
            fut = asyncio.get_running_loop().create_future()
            waiters[ticket_id] = (displays, fut)
            if len(arrivals.get(ticket_id, [])) >= displays:
                fut.set_result(None)
            try:
                await asyncio.wait_for(fut, 10)
            except asyncio.TimeoutError:
                missing += displays - len(arrivals.get(ticket_id, []))
            got = arrivals.get(ticket_id, [])
            if got:
                all_latency.append((max(got) - t0) * 1000)
                each_latency.extend((t - t0) * 1000 for t in got)
            await asyncio.sleep(0.05)
    for t in tasks:
        t.cancel()
    for c in clients:
        c.writer.close()
    return {"all": all_latency, "each": each_latency, "answer": answer, "missing": missing}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--displays", type=int, default=200)
    ap.add_argument("--calls", type=int, default=100)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="antre-bench-") as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        srv = ServerProcess(data).start()
        try:
            kiosk = httpx.Client(base_url=srv.url, headers={"Authorization": f"Bearer {srv.creds['kiosk_key']}"})
            for i in range(1, args.calls + 1):
                kiosk.post("/api/tickets", json={"service": "A", "nik": f"327101411290{i:04d}",
                                                 "request_id": f"bench-{i}"}).raise_for_status()
            rss_before, peak_start = rss_mb(srv.proc.pid)
            result = run(bench(srv.port, srv.creds, args.displays, args.calls))
            rss_after, rss_peak = rss_mb(srv.proc.pid)
        finally:
            srv.stop()
    a, e = result["all"], result["each"]
    print(f"{args.displays} displays connected to /api/events, {len(a)} calls (call-next at Loket 1)")
    print(f"call -> event at ALL displays: median {statistics.median(a):.1f} ms, p99 {pct(a, 99):.1f} ms, "
          f"max {max(a):.1f} ms")
    print(f"call -> event at one display:  median {statistics.median(e):.1f} ms, p99 {pct(e, 99):.1f} ms")
    r = result["answer"]
    print(f"call-next HTTP answer (commit on disk): median {statistics.median(r):.1f} ms, p99 {pct(r, 99):.1f} ms")
    print(f"missed deliveries: {result['missing']}")
    print(f"server RSS: {rss_before:.1f} MB before, {rss_after:.1f} MB after with {args.displays} displays; "
          f"peak {rss_peak:.1f} MB (peak before the displays connected: {peak_start:.1f} MB)")
    print("targets: p99 <= 50 ms, RSS <= 80 MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
