"""The online channel under load: 2,000 applications in a minute while 20 kiosks issue tickets.

Starts ``server_main.py --demo`` on 127.0.0.1 with email pointed at a local SMTP server (aiosmtpd,
``tests/standins.SmtpStandIn``) and ``trusted_proxies = 127.0.0.1``, so each application can come
"from" its own address in ``X-Forwarded-For`` as it would behind the office's reverse proxy: the
per-address limit (``server/http/abuse.py``) then sees a realistic pool of senders instead of one.

The senders:
- citizens: ``--citizens`` addresses (10.1.x.y) sending 5 applications each, the free allowance;
- a school's shared address sending ``--school`` applications, solving the proof-of-work puzzle for
  each one past the allowance (as the page's JavaScript does);
- flooders: ``--flooders`` addresses sending 40 each without ever solving a puzzle (428, then 429).

Meanwhile 20 kiosks issue tickets (one connection each), in a process of their own
(``bench/kiosk_load.py``): their timings are the server's, not this load generator's. Printed: kiosk issue p50/p99 under the load,
applications accepted and refused by reason, whether every accepted application is in the database
(nothing lost), and whether each accepted application's receipt reached the SMTP server exactly once.
Nothing here asserts; it prints.

    .venv/bin/python bench/bench_online.py [--seconds 60] [--citizens 380] [--school 20] [--flooders 5]
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import random
import re
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from server.http.abuse import solve  # noqa: E402
from bench.kiosk_load import KioskLoad  # noqa: E402
from tests.live import ServerProcess  # noqa: E402
from tests.server.helpers import nik_for  # noqa: E402
from tests.standins import SmtpStandIn  # noqa: E402


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def plan(args) -> list[tuple[str, int, bool]]:
    """(address, citizen number, solves puzzles), spread so each address's sends are apart in time."""
    sends = []
    n = 0
    for round_ in range(5):
        for a in range(args.citizens):
            n += 1
            sends.append((f"10.1.{a // 250}.{a % 250 + 1}", n, True))
    for _ in range(args.school):
        n += 1
        sends.append(("10.2.0.1", n, True))
    for f in range(args.flooders):
        for _ in range(40):
            n += 1
            sends.append((f"10.3.0.{f + 1}", n, False))
    random.Random(12).shuffle(sends)  # the flooders and the school spread over the minute, not at its end
    return sends


async def applications(url: str, sends, seconds: float, outcome: collections.Counter, accepted: dict,
                       latencies: list[float]) -> None:
    gate = asyncio.Semaphore(64)
    start = time.perf_counter()
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=httpx.Limits(max_connections=64)) as client:

        async def one(i: int, address: str, citizen: int, solves: bool):
            await asyncio.sleep(max(0.0, start + i * seconds / len(sends) - time.perf_counter()))
            body = {"service": "A", "nik": nik_for(citizen), "name": f"Warga {citizen}",
                    "address": f"Jl. Uji No. {citizen}", "email": f"warga{citizen}@example.org",
                    "need": "Surat keterangan DTKS", "consent": True}
            headers = {"X-Forwarded-For": address}
            async with gate:
                t0 = time.perf_counter()
                r = await client.post("/api/online/applications", json=body, headers=headers)
                if r.status_code == 428 and solves:
                    puzzle = r.json()
                    nonce = await asyncio.to_thread(solve, puzzle["challenge"], puzzle["bits"])
                    headers.update({"X-Proof-Challenge": puzzle["challenge"], "X-Proof-Nonce": nonce})
                    r = await client.post("/api/online/applications", json=body, headers=headers)
                    outcome["puzzles solved"] += 1
                latencies.append(time.perf_counter() - t0)
            if r.status_code == 201:
                accepted[r.json()["code"]] = citizen
                outcome["accepted"] += 1
            else:
                outcome[f"refused {r.status_code} {r.json().get('code')}"] += 1

        await asyncio.gather(*(one(i, *s) for i, s in enumerate(sends)))


async def main_async(args, server, smtp) -> None:
    sends = plan(args)
    outcome: collections.Counter = collections.Counter()
    accepted: dict[str, int] = {}
    app_lat: list[float] = []
    load = KioskLoad(server.url, server.creds["kiosk_key"], kiosks=args.kiosks, service="B").start()
    started = time.perf_counter()
    await applications(server.url, sends, args.seconds, outcome, accepted, app_lat)
    took = time.perf_counter() - started
    kiosk_lat, kiosk_outcome, _ = load.stop()
    outcome.update(kiosk_outcome)

    print(f"applications sent: {len(sends)} in {took:.1f} s from {args.citizens + 1 + args.flooders} addresses")
    for key, n in sorted(outcome.items()):
        print(f"  {key}: {n}")
    print(f"  application answer p50 {pct(app_lat, 50) * 1000:.0f} ms, p99 {pct(app_lat, 99) * 1000:.0f} ms")
    print(f"kiosk tickets: {len(kiosk_lat)} by {args.kiosks} kiosks; issue p50 {pct(kiosk_lat, 50) * 1000:.0f} ms, "
          f"p99 {pct(kiosk_lat, 99) * 1000:.0f} ms")

    with sqlite3.connect(server.data_dir / "antre.db") as db:
        stored = {code for (code,) in db.execute("SELECT code FROM applications")}
    lost = set(accepted) - stored
    print(f"nothing lost: {not lost and len(stored) == len(accepted)} "
          f"({len(accepted)} accepted, {len(stored)} in the database, {len(lost)} missing)")

    deadline = time.time() + args.drain
    while len(smtp.messages) < len(accepted) and time.time() < deadline:
        await asyncio.sleep(0.5)
    await asyncio.sleep(2)  # any duplicate would arrive by now
    seen = collections.Counter()
    for message in list(smtp.messages):
        found = re.search(r"[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}", message.get_content())
        seen[found.group(0) if found else "?"] += 1
    once = sum(1 for code in accepted if seen[code] == 1)
    twice = sum(1 for n in seen.values() if n > 1)
    print(f"receipts by email: {len(smtp.messages)} messages for {len(accepted)} applications; exactly once: "
          f"{once}, more than once: {twice}, missing: {len(accepted) - once - twice}; "
          f"drained {time.perf_counter() - started - took:.1f} s after the last application")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--citizens", type=int, default=380, help="addresses sending 5 each")
    parser.add_argument("--school", type=int, default=20, help="applications from one shared address")
    parser.add_argument("--flooders", type=int, default=5)
    parser.add_argument("--kiosks", type=int, default=20)
    parser.add_argument("--drain", type=float, default=180, help="seconds to wait for the outbox to drain")
    args = parser.parse_args()
    smtp = SmtpStandIn().start()
    data = Path(tempfile.mkdtemp(prefix="antre-bench-online-")) / "data"
    data.mkdir(parents=True)
    server = ServerProcess(data, env={"ANTRE_TRUSTED_PROXIES": "127.0.0.1", "ANTRE_SMTP_HOST": "127.0.0.1",
                                      "ANTRE_SMTP_PORT": str(smtp.port), "ANTRE_NOTIFY_POLL_SECONDS": "0.5",
                                      "ANTRE_SMTP_FROM": "antre@dinsos.example"}).start()
    try:
        asyncio.run(main_async(args, server, smtp))
    finally:
        server.stop()
        smtp.stop()


if __name__ == "__main__":
    main()
