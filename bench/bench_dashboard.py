"""The head of office's screen on a busy office's history: how long do its reads take?

Fills a data directory with ``server_main.py demo-history`` (or reuses ``--keep``), starts the
real server on it, adds a morning of waiting citizens, and times over HTTP, as the page asks:
``GET /api/dashboard?part=now`` (read after each queue event) and ``GET /api/dashboard`` with the
slow part computed afresh (today against 8 same weekdays, the month, the semester's SKM, overdue
complaints; the server computes it at most every 30 s whatever the number of screens) and from its
cache. Prints the median of ``--runs`` and the first run, in milliseconds; nothing here asserts.

    python bench/bench_dashboard.py                          # 200 days at ~1,050 visitors a working day
    python bench/bench_dashboard.py --keep /tmp/antre-dash   # keep (and reuse) the data directory
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.live import LiveServer  # noqa: E402
from tests.server.helpers import nik_for  # noqa: E402


def timed(fn, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs + 1):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times[0], statistics.median(times[1:])


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--days", type=int, default=200)
    p.add_argument("--per-day", type=int, default=1050)
    p.add_argument("--runs", type=int, default=10)
    p.add_argument("--waiting", type=int, default=150, help="citizens issued this morning before timing")
    p.add_argument("--keep", type=Path, help="data directory to keep and reuse")
    args = p.parse_args()
    data_dir = args.keep or Path(tempfile.mkdtemp(prefix="antre-bench-dashboard-"))
    try:
        if not (data_dir / "antre.db").exists():
            from server.demo_history import run
            from server.settings import load_settings
            made = run(load_settings(env={}, data_dir=data_dir), args.days, args.per_day, 1)
            print(f"history: {made.days} working days, {made.tickets} tickets, {made.surveys} survey answers")
        server = LiveServer(data_dir).start()
        try:
            kiosk = server.kiosk()
            for i in range(args.waiting):
                kiosk.post("/api/tickets", json={"service": "ABCD"[i % 4], "nik": nik_for(10_000 + i),
                                                 "request_id": f"bench-{time.time()}-{i}"})
            head = server.login(server.creds["supervisor"]["username"], server.creds["supervisor"]["password"])

            def now_part():
                head.get("/api/dashboard", params={"part": "now"}).raise_for_status()

            def fresh():
                server.app.state.dashboard_slow = None
                head.get("/api/dashboard").raise_for_status()

            def cached():
                head.get("/api/dashboard").raise_for_status()
            for name, fn in (("now (after each event)", now_part), ("all, slow part computed", fresh),
                             ("all, slow part cached", cached)):
                first, median = timed(fn, args.runs)
                print(f"GET /api/dashboard {name:<26} first {first:7.1f} ms   median {median:7.1f} ms")
        finally:
            server.stop()
    finally:
        if args.keep is None:
            shutil.rmtree(data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
