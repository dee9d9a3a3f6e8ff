"""Server benchmark: starts ``server_main.py --demo`` on 127.0.0.1 and prints figures.

- durable tickets issued per second with 20 concurrent kiosks, p50/p99 issue latency
- p50/p99 from "call next" to the event reaching all of N connected SSE clients
- the server's memory (RSS) with N displays connected

The load generator runs in this process with asyncio + httpx (one connection per
kiosk, like real kiosks), on the same 2 cores as the server: the figures are a
floor, not a ceiling. Nothing here asserts; it prints.

    python bench/bench_server.py [--tickets 4000] [--kiosks 20] [--displays 200] [--calls 50]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import subprocess
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Optional

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.live import ServerProcess  # noqa: E402
from tests.server.helpers import nik_for  # noqa: E402


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def issue_load(url: str, key: str, kiosks: int, total: int, first_citizen: int = 0) -> tuple[float, list[float]]:
    latencies: list[float] = []
    counter = iter(range(total))

    async def kiosk(k: int):
        async with httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {key}"},
                                     timeout=30, limits=httpx.Limits(max_connections=1)) as c:
            for i in counter:
                body = {"service": "ABCD"[i % 4], "nik": nik_for(first_citizen + i), "request_id": str(uuid.uuid4())}
                t0 = time.perf_counter()
                r = await c.post("/api/tickets", json=body)
                latencies.append(time.perf_counter() - t0)
                if r.status_code != 201:
                    raise RuntimeError(f"issue failed: {r.status_code} {r.text}")

    t0 = time.perf_counter()
    await asyncio.gather(*(kiosk(k) for k in range(kiosks)))
    return time.perf_counter() - t0, latencies


async def call_to_display(url: str, creds: dict, displays: int, calls: int, pid: int) -> tuple[list[float], float]:
    staff = creds["staff"][0]
    loop = asyncio.get_running_loop()
    arrivals: dict[int, list[float]] = {}
    connected = 0
    ready = asyncio.Event()

    async def display(client: httpx.AsyncClient):
        nonlocal connected
        async with client.stream("GET", url + "/api/events") as r:
            connected += 1
            if connected == displays:
                ready.set()
            async for line in r.aiter_lines():
                if line.startswith("data: "):
                    event = json.loads(line[6:])
                    if event["type"] == "ticket.called":
                        arrivals.setdefault(event["ticket"]["id"], []).append(loop.time())

    limits = httpx.Limits(max_connections=displays + 10, max_keepalive_connections=0)
    async with httpx.AsyncClient(timeout=httpx.Timeout(30, read=None), limits=limits) as sse, \
            httpx.AsyncClient(base_url=url, timeout=30) as clerk:
        tasks = [asyncio.create_task(display(sse)) for _ in range(displays)]
        await asyncio.wait_for(ready.wait(), 60)
        await asyncio.sleep(1)
        memory = rss_mb(pid)
        token = (await clerk.post("/api/auth/login", json={"username": staff["username"],
                                                           "password": staff["password"]})).json()["token"]
        clerk.headers["Authorization"] = f"Bearer {token}"
        delays = []
        for _ in range(calls):
            t0 = loop.time()
            r = await clerk.post(f"/api/counters/{staff['counter']}/call-next")
            if r.status_code != 200:
                break
            tid = r.json()["id"]
            while len(arrivals.get(tid, [])) < displays:
                await asyncio.sleep(0.001)
            delays.append(max(arrivals[tid]) - t0)
            await asyncio.sleep(0.05)
        memory = max(memory, rss_mb(pid))
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return delays, memory


def wrk_issue(url: str, key: str, kiosks: int, seconds: int) -> Optional[dict]:
    """Issue load from wrk (C, Debian package) when present: it leaves the CPU to the server."""
    if not shutil.which("wrk"):
        return None
    out = subprocess.run(
        ["wrk", "-t2", f"-c{kiosks}", f"-d{seconds}s", "--latency", "-s", str(ROOT / "bench" / "issue.lua"),
         url], env={**os.environ, "ANTRE_KIOSK_KEY": key}, capture_output=True, text=True, check=True).stdout
    unit = {"us": 1e-3, "ms": 1.0, "s": 1000.0}

    def ms(text: str) -> float:
        m = re.match(r"([\d.]+)(us|ms|s)", text)
        return float(m.group(1)) * unit[m.group(2)]

    lat = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.M))
    return {"rate": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "requests": int(re.search(r"(\d+) requests in", out).group(1)),
            "refused": int(re.search(r"NOT_201 (\d+)", out).group(1)),
            "errors": re.search(r"Socket errors:.*", out).group(0) if "Socket errors" in out else "none",
            "p50": ms(lat["50"]), "p99": ms(lat["99"])}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--tickets", type=int, default=4000)
    p.add_argument("--kiosks", type=int, default=20)
    p.add_argument("--displays", type=int, default=200)
    p.add_argument("--calls", type=int, default=50)
    p.add_argument("--seconds", type=int, default=10, help="duration of the wrk issue load")
    p.add_argument("--python-client", action="store_true", help="use the Python load generator even if wrk exists")
    args = p.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        proc = ServerProcess(Path(tmp) / "data").start()
        try:
            url, key = proc.url, proc.creds["kiosk_key"]
            print(f"server pid {proc.proc.pid}, idle RSS {rss_mb(proc.proc.pid):.1f} MB")
            asyncio.run(issue_load(url, key, args.kiosks, 200, first_citizen=9_000_000))  # warm-up
            result = None if args.python_client else wrk_issue(url, key, args.kiosks, args.seconds)
            if result:
                print(f"issue (wrk, {args.seconds} s): {result['requests']} requests, {args.kiosks} concurrent "
                      f"kiosks: {result['rate']:.0f} durable tickets/s (target >= 2000); "
                      f"non-201: {result['refused']}; socket errors: {result['errors']}")
                print(f"issue latency: p50 {result['p50']:.1f} ms, p99 {result['p99']:.1f} ms (target p99 <= 25)")
            else:
                elapsed, lat = asyncio.run(issue_load(url, key, args.kiosks, args.tickets, first_citizen=1000))
                print(f"issue (python client): {args.tickets} durable tickets, {args.kiosks} concurrent kiosks: "
                      f"{args.tickets / elapsed:.0f} tickets/s (target >= 2000)")
                print(f"issue latency: p50 {statistics.median(lat) * 1000:.1f} ms, "
                      f"p99 {pct(lat, 99) * 1000:.1f} ms (target p99 <= 25)")
            delays, memory = asyncio.run(call_to_display(url, proc.creds, args.displays, args.calls,
                                                         proc.proc.pid))
            print(f"call -> event at all {args.displays} SSE clients ({len(delays)} calls): "
                  f"p50 {statistics.median(delays) * 1000:.1f} ms, p99 {pct(delays, 99) * 1000:.1f} ms "
                  f"(target p99 <= 50)")
            print(f"server memory with {args.displays} displays connected: {memory:.1f} MB RSS (target <= 80)")
        finally:
            proc.stop()


if __name__ == "__main__":
    main()
