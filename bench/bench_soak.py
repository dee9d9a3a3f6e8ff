"""A day in the lobby, compressed: is the server's memory flat over a day of events?

Starts ``server_main.py --demo``, connects N lobby displays (raw SSE clients, as in
``bench_display``) and keeps them connected while a day's traffic runs as fast as
it can: kiosks issue tickets at the four services, four clerks call, start and
finish them, now and then recall, skip or transfer one to the back office. The
server's RSS is sampled every ``--every`` tickets and printed with the growth over
the second half of the day (where a leak shows; the first half includes warming
caches). Nothing here asserts; it prints.

    python bench/bench_soak.py [--tickets 6000] [--displays 200] [--every 500]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_display import Display, rss_mb  # noqa: E402

from tests.live import ServerProcess  # noqa: E402
from tests.server.helpers import nik_for  # noqa: E402


async def clerk_loop(base: str, who: dict, stop: asyncio.Event, served: list[int]) -> None:
    """One clerk all day: call next, serve, finish; every 7th recalled, every 11th skipped,
    every 13th at the front office transferred to the back office (service E)."""
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        (await http.post("/api/auth/login", json={"username": who["username"], "password": who["password"]})
         ).raise_for_status()
        counter = who["counter"]
        await http.post(f"/api/counters/{counter}/open")
        n = 0
        while not stop.is_set():
            r = await http.post(f"/api/counters/{counter}/call-next")
            if r.status_code != 200 or r.json() is None:
                await asyncio.sleep(0.02)
                continue
            ticket = r.json()["id"]
            n += 1
            body = {"counter_id": counter}
            if n % 7 == 0:
                await http.post(f"/api/tickets/{ticket}/recall", json=body)
            if n % 11 == 0:
                await http.post(f"/api/tickets/{ticket}/skip", json=body)
                continue
            await http.post(f"/api/tickets/{ticket}/start", json=body)
            if n % 13 == 0:
                t = await http.post(f"/api/tickets/{ticket}/transfer",
                                    json={**body, "service": "E", "note": "berkas lengkap"})
                if t.status_code == 200:
                    continue
            await http.post(f"/api/tickets/{ticket}/done", json=body)
            served.append(ticket)


async def soak(proc: ServerProcess, tickets: int, displays: int, every: int) -> list[tuple[int, float, float]]:
    arrivals: dict = {}
    screens = [Display(proc.port, arrivals, {}) for _ in range(displays)]
    for i in range(0, displays, 50):
        await asyncio.gather(*(s.connect() for s in screens[i:i + 50]))
    readers = [asyncio.create_task(s.run()) for s in screens]
    stop, served = asyncio.Event(), []
    clerks = [asyncio.create_task(clerk_loop(proc.url, who, stop, served)) for who in proc.creds["staff"][:4]]
    samples = [(0, rss_mb(proc.proc.pid)[0], time.perf_counter())]
    async with httpx.AsyncClient(base_url=proc.url, timeout=30,
                                 headers={"Authorization": f"Bearer {proc.creds['kiosk_key']}"}) as kiosk:
        for i in range(1, tickets + 1):
            r = await kiosk.post("/api/tickets", json={"service": "ABCD"[i % 4], "nik": nik_for(100_000 + i),
                                                       "request_id": str(uuid.uuid4())})
            r.raise_for_status()
            if i % every == 0:
                samples.append((i, rss_mb(proc.proc.pid)[0], time.perf_counter()))
                arrivals.clear()  # (the bench's own bookkeeping, not the server's)
    stop.set()
    await asyncio.gather(*clerks, return_exceptions=True)
    for task in readers:
        task.cancel()
    for s in screens:
        s.writer.close()
    print(f"clerks finished {len(served)} tickets while {displays} displays watched")
    return samples


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--tickets", type=int, default=6000, help="tickets issued over the compressed day")
    p.add_argument("--displays", type=int, default=200)
    p.add_argument("--every", type=int, default=500, help="sample the server's memory every N tickets")
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        proc = ServerProcess(Path(tmp) / "data").start()
        try:
            samples = asyncio.run(soak(proc, args.tickets, args.displays, args.every))
        finally:
            proc.stop()
    start = samples[0][2]
    for issued, rss, at in samples:
        print(f"  {issued:6d} tickets  {at - start:6.1f} s  RSS {rss:5.1f} MB")
    half = samples[len(samples) // 2:]
    growth = half[-1][1] - half[0][1]
    print(f"RSS over the second half of the day ({half[0][0]} -> {half[-1][0]} tickets): "
          f"{half[0][1]:.1f} -> {half[-1][1]:.1f} MB ({growth:+.1f} MB); peak {max(s[1] for s in samples):.1f} MB "
          f"(target: flat, <= 80 MB)")


if __name__ == "__main__":
    main()
