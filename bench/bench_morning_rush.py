"""The morning rush: 10,000 phones ask for a number within a minute of opening while 20 kiosks issue.

Starts ``server_main.py --demo`` on 127.0.0.1 with ``trusted_proxies = 127.0.0.1``, so each phone
comes "from" its own address in ``X-Forwarded-For`` (a mobile operator's pool, 10.x.y.z) as it would
behind the office's reverse proxy: the per-address limit (``server/http/abuse.py``) sees a realistic
pool of senders. Every phone and every kiosk asks for service D, the one sequence both doors share.

The kiosks run in a process of their own (``bench/kiosk_load.py``), so their timings are the server's,
not this load generator's. Printed: phone answer p50/p99, kiosk issue p50/p99 (targets: phone p99 <= 1 s, kiosk p99 <= 25 ms,
met or not), numbers issued, duplicates (must be 0), lost (answered but not in the database; must
be 0), refusals by code, and the load average (the machine may be shared). Nothing asserts; it prints.

    .venv/bin/python bench/bench_morning_rush.py [--phones 10000] [--seconds 60] [--kiosks 20]
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import os
import sqlite3
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.kiosk_load import KioskLoad, tally  # noqa: E402
from bench.raw_http import RawPool  # noqa: E402
from tests.live import ServerProcess  # noqa: E402
from tests.server.helpers import nik_for  # noqa: E402

PHONE_P99_TARGET = 1.0
KIOSK_P99_TARGET = 0.025


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


async def phones(url: str, n: int, seconds: float, answered: dict, outcome: collections.Counter,
                 latencies: list[float]) -> None:
    """Phone ``i`` taps "Ambil nomor" at ``i * seconds / n``; its latency runs from that moment to the
    answer, waiting for a free connection included (a slow server makes the pool wait too)."""
    pool = RawPool(url, size=256)
    start = time.perf_counter()

    async def one(i: int):
        due = start + i * seconds / n
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        t0 = max(due, time.perf_counter()) if i else time.perf_counter()
        body = {"service": "D", "nik": nik_for(1_000 + i), "request_id": str(uuid.uuid4())}
        headers = {"X-Forwarded-For": f"10.{i // 62_500 % 250 + 10}.{i // 250 % 250}.{i % 250 + 1}"}
        try:
            status, answer = await asyncio.wait_for(pool.post_json("/api/remote-tickets", body, headers), 60)
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError) as exc:
            outcome[f"error {type(exc).__name__}"] += 1
            return
        latencies.append(time.perf_counter() - t0)
        tally("phone", status, answer, answered, outcome)

    await asyncio.gather(*(one(i) for i in range(n)))
    await pool.close()


async def main_async(args, server) -> None:
    outcome: collections.Counter = collections.Counter()
    answered: dict[int, str] = {}
    phone_lat: list[float] = []
    load = KioskLoad(server.url, server.creds["kiosk_key"], kiosks=args.kiosks, service="D").start()
    started = time.perf_counter()
    await phones(server.url, args.phones, args.seconds, answered, outcome, phone_lat)
    took = time.perf_counter() - started
    kiosk_lat, kiosk_outcome, kiosk_answered = load.stop()
    outcome.update(kiosk_outcome)
    answered.update(kiosk_answered)
    load = os.getloadavg()

    with sqlite3.connect(server.data_dir / "antre.db") as db:
        rows = dict(db.execute("SELECT id, number FROM tickets WHERE number LIKE 'D-%'").fetchall())
    numbers = list(rows.values())
    duplicates = len(numbers) - len(set(numbers))
    seqs = [int(n.split("-")[1]) for n in numbers]
    lost = [i for i, number in answered.items() if rows.get(i) != number]
    phone_p99, kiosk_p99 = pct(phone_lat, 99), pct(kiosk_lat, 99)
    print(f"phones: {args.phones} in {took:.1f} s; answer p50 {pct(phone_lat, 50) * 1000:.0f} ms, "
          f"p99 {phone_p99 * 1000:.0f} ms (target <= {PHONE_P99_TARGET * 1000:.0f} ms: "
          f"{'met' if phone_p99 <= PHONE_P99_TARGET else 'NOT met'})")
    print(f"kiosks: {len(kiosk_lat)} tickets by {args.kiosks}; issue p50 {pct(kiosk_lat, 50) * 1000:.1f} ms, "
          f"p99 {kiosk_p99 * 1000:.1f} ms (target <= {KIOSK_P99_TARGET * 1000:.0f} ms: "
          f"{'met' if kiosk_p99 <= KIOSK_P99_TARGET else 'NOT met'})")
    for key, n in sorted(outcome.items()):
        print(f"  {key}: {n}")
    print(f"numbers issued: {len(numbers)} (D-{min(seqs, default=0):03d} .. D-{max(seqs, default=0):03d}); "
          f"duplicates: {duplicates}; lost: {len(lost)}")
    print(f"load average (1/5/15 min): {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phones", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--kiosks", type=int, default=20)
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="antre-bench-rush-")) / "data"
    data.mkdir(parents=True)
    server = ServerProcess(data, env={"ANTRE_TRUSTED_PROXIES": "127.0.0.1"}).start()
    try:
        asyncio.run(main_async(args, server))
    finally:
        server.stop()


if __name__ == "__main__":
    main()
