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
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Optional

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import bench_display  # noqa: E402
from bench_display import pct  # noqa: E402

from tests.live import ServerProcess  # noqa: E402
from tests.server.helpers import nik_for  # noqa: E402


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
            # Tickets for the clerk to call, then the lobby displays (bench_display's raw SSE clients).
            asyncio.run(issue_load(url, key, 4, args.calls + 5, first_citizen=8_000_000))
            result = asyncio.run(bench_display.bench(proc.port, proc.creds, args.displays, args.calls))
            memory = rss_mb(proc.proc.pid)
            delays = result["all"]
            print(f"call -> event at all {args.displays} SSE clients ({len(delays)} calls): "
                  f"p50 {statistics.median(delays):.1f} ms, p99 {pct(delays, 99):.1f} ms (target p99 <= 50); "
                  f"missed deliveries: {result['missing']}")
            print(f"server memory with {args.displays} displays connected: {memory:.1f} MB RSS (target <= 80)")
        finally:
            proc.stop()


if __name__ == "__main__":
    main()
