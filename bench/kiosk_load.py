"""Lobby kiosks issuing tickets, in a process of their own, for the benches that load the server.

A kiosk's issue latency is measured by the kiosk's own event loop. Run in the same process as
a load generator (10,000 phones, 2,000 applications, puzzles solved in Python), the kiosks'
timings would include the generator's own pauses: a p99 of the bench, not of the server. So
the kiosks run here, in a separate process, as kiosks in a lobby are separate machines.

    load = KioskLoad(url, key, kiosks=20, service="D", first=500_000).start()
    ...   # the load under which the kiosks are measured
    latencies, outcome, answered = load.stop()
"""

from __future__ import annotations

import asyncio
import collections
import multiprocessing as mp
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def tally(who: str, status: int, answer: dict, answered: dict, outcome: collections.Counter) -> None:
    """Count one answer: a number (kept, to look for it in the database afterwards) or a refusal by code."""
    if status == 201:
        answered[answer["id"]] = answer["number"]
        outcome[f"{who} numbers"] += 1
    else:
        outcome[f"{who} refused {status} {answer.get('code')}"] += 1


def _run(url: str, key: str, kiosks: int, service: str, first: int, pace: float, stop, ready, out) -> None:
    sys.path.insert(0, str(ROOT))
    from bench.raw_http import RawPool
    from tests.server.helpers import nik_for

    latencies: list[float] = []
    outcome: collections.Counter = collections.Counter()
    answered: dict[int, str] = {}

    async def kiosk(k: int) -> None:
        conn = RawPool(url, size=1)  # a kiosk: one keep-alive connection
        auth = {"Authorization": f"Bearer {key}"}
        # Kiosks in a lobby are not in step: each starts at its own moment within the pace.
        await asyncio.sleep(k * pace / kiosks)
        i = 0
        while not stop.is_set():
            i += 1
            t0 = time.perf_counter()
            status, answer = await conn.post_json("/api/tickets", {
                "service": service, "nik": nik_for(first + k * 10_000 + i), "request_id": f"kiosk-{k}-{i}"}, auth)
            if i > 1:  # the first is the kiosk's start (connection, key check), not the morning's work
                latencies.append(time.perf_counter() - t0)
            tally("kiosk", status, answer, answered, outcome)
            await asyncio.sleep(pace)  # a person at the screen: a ticket a second at most
        await conn.close()

    async def main() -> None:
        ready.set()
        await asyncio.gather(*(kiosk(k) for k in range(kiosks)))

    asyncio.run(main())
    out.send((latencies, dict(outcome), answered))


class KioskLoad:
    def __init__(self, url: str, key: str, *, kiosks: int = 20, service: str = "D", first: int = 500_000,
                 pace: float = 1.0):
        ctx = mp.get_context("spawn")  # no copy of the bench's threads and sockets
        self._stop, self._ready = ctx.Event(), ctx.Event()
        self._recv, send = ctx.Pipe(duplex=False)
        self._proc = ctx.Process(target=_run, args=(url, key, kiosks, service, first, pace, self._stop,
                                                    self._ready, send), daemon=True)

    def start(self) -> "KioskLoad":
        self._proc.start()
        self._ready.wait(60)
        return self

    def stop(self) -> tuple[list[float], collections.Counter, dict[int, str]]:
        """(issue latencies in seconds, outcomes by kind, ticket id -> number)."""
        self._stop.set()
        latencies, outcome, answered = self._recv.recv()
        self._proc.join(30)
        return latencies, collections.Counter(outcome), answered
