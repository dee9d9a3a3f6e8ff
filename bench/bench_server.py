"""Server benchmark: starts ``server_main.py --demo`` on 127.0.0.1 and prints figures.

- durable tickets issued per second with 20 concurrent kiosks, p50/p99 issue latency,
  measured in alternating rounds against the stack's own skeleton (``bench/skeleton.py``)
  and the previous release (a git worktree of ``--baseline``), and printed as ratios: an
  absolute figure from a noisy 2-core machine means little, a ratio from the same minute does
- the same with ``--processes`` server processes on one port and one database file
  ("antre xN"; server/http/processes.py)
- with ``--postgres``, the same on a throwaway PostgreSQL cluster: one process ("antre pg",
  20 kiosks) and N processes ("antre pg xN", 20 kiosks each)
- p50/p99 from "call next" to the event reaching all of N connected SSE clients
- the server's memory with N displays connected: RSS, and PSS (shared pages counted once; all
  processes together for "antre xN")

The load generator runs in this process with asyncio + httpx (one connection per
kiosk, like real kiosks), on the same 2 cores as the server: the figures are a
floor, not a ceiling. Nothing here asserts; it prints.

    python bench/bench_server.py [--rounds 2] [--baseline REF] [--kiosks 20] [--displays 200] [--calls 50]
                                 [--processes 2]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
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

from tests.live import ServerProcess, free_port, release_tree  # noqa: E402
from tests.server.helpers import nik_for  # noqa: E402


def rss_mb(pid: int) -> float:
    """The process's resident memory, with its children's (the server processes of ``--processes``)."""
    return sum(_memory(p, "VmRSS:", "status") for p in _tree(pid))


def pss_mb(pid: int) -> float:
    """The same, each shared page counted once (split between the processes sharing it): what
    the machine really gives a parent and its forked servers."""
    return sum(_memory(p, "Pss:", "smaps_rollup") for p in _tree(pid))


def _tree(pid: int) -> list[int]:
    pids = [pid]
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            pids += _tree(int(child))
    return pids


def _memory(pid: int, key: str, source: str) -> float:
    for line in Path(f"/proc/{pid}/{source}").read_text().splitlines():
        if line.startswith(key):
            return int(line.split()[1]) / 1024
    return float("nan")


def server_args(name: str) -> tuple:
    """"antre x2" is this tree with two server processes."""
    return ("--processes", name.split("x")[1]) if " x" in name else ()


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


PREVIOUS_RELEASE = "a2bd93c"  # the last landed release before the hot-path work (issue 9)


class Skeleton:
    """``bench/skeleton.py`` as its own process, started like a server."""

    def __init__(self, data_dir: Path):
        self.data_dir, self.port = data_dir, free_port()
        self.url = f"http://127.0.0.1:{self.port}"

    def start(self) -> "Skeleton":
        self.proc = subprocess.Popen([sys.executable, str(ROOT / "bench" / "skeleton.py"), str(self.port),
                                      str(self.data_dir)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                httpx.get(self.url + "/docs", timeout=1)
                return self
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("skeleton did not start")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


def issue_round(name: str, tmp: Path, kiosks: int, seconds: int, root: Optional[Path] = None,
                database: Optional[str] = None) -> dict:
    """One wrk run against a fresh server (or the skeleton) after a short warm-up; ``database``:
    a PostgreSQL database's URL instead of the SQLite file."""
    data = tmp / f"{name.replace(' ', '')}-{uuid.uuid4().hex[:6]}"
    if name == "skeleton":
        server, key = Skeleton(data).start(), "none"
    else:
        env = {"ANTRE_DATABASE_URL": database} if database else None
        server = ServerProcess(data, root=root or ROOT, args=server_args(name), env=env).start()
        key = server.creds["kiosk_key"]
        asyncio.run(issue_load(server.url, key, kiosks, 200, first_citizen=9_000_000))
    try:
        return wrk_issue(server.url, key, kiosks, seconds)
    finally:
        server.stop()


def compare_issue(args) -> None:
    """Alternating rounds: skeleton, this tree, the previous release; medians and ratios."""
    pg_many = max(args.processes, 2)
    names = (["skeleton", "antre"] + ([f"antre x{args.processes}"] if args.processes > 1 else [])
             + (["previous"] if args.baseline else []) + (["antre pg", f"antre pg x{pg_many}"] if args.postgres else []))
    runs: dict[str, list[dict]] = {n: [] for n in names}
    with contextlib.ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        previous = stack.enter_context(release_tree(args.baseline)) if args.baseline else None
        cluster = None
        if args.postgres:
            from tests.postgres import Cluster, server_binaries
            cluster = Cluster(server_binaries()).start()
            stack.callback(cluster.stop)
        for r in range(args.rounds):
            for name in names:
                pg = " pg" in name
                # on PostgreSQL, 20 kiosks per server process (issue 14's measure)
                kiosks = args.kiosks * (pg_many if pg and " x" in name else 1)
                result = issue_round(name, tmp, kiosks, args.seconds, previous if name == "previous" else None,
                                     database=cluster.new_database() if pg else None)
                runs[name].append(result)
                print(f"  round {r + 1} {name:11s}: {result['rate']:6.0f} tickets/s, p50 {result['p50']:.1f} ms, "
                      f"p99 {result['p99']:.1f} ms, non-201 {result['refused']}, socket errors {result['errors']}")
    rate = {n: statistics.median(x["rate"] for x in runs[n]) for n in names}
    p99 = {n: statistics.median(x["p99"] for x in runs[n]) for n in names}
    print(f"issue, {args.kiosks} concurrent kiosks, wrk {args.seconds} s x {args.rounds} rounds (medians):")
    for n in names:
        print(f"  {n:11s}: {rate[n]:6.0f} durable tickets/s, p99 {p99[n]:.1f} ms")
    print(f"  antre / skeleton: {rate['antre'] / rate['skeleton']:.2f} (target >= 0.55); "
          f"absolute target >= 3000 tickets/s, p99 <= 25 ms")
    if args.processes > 1:
        many = f"antre x{args.processes}"
        print(f"  {many} / skeleton: {rate[many] / rate['skeleton']:.2f}; {many} / antre: "
              f"{rate[many] / rate['antre']:.2f}")
    if args.baseline:
        print(f"  antre / previous release ({args.baseline}): {rate['antre'] / rate['previous']:.2f}")
    if args.postgres:
        print(f"  PostgreSQL: antre pg x{pg_many} ({args.kiosks * pg_many} kiosks) / antre pg ({args.kiosks} kiosks): "
              f"{rate[f'antre pg x{pg_many}'] / rate['antre pg']:.2f} (target >= 1.6); antre pg / antre (SQLite): "
              f"{rate['antre pg'] / rate['antre']:.2f}")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--tickets", type=int, default=4000, help="tickets for the Python load generator")
    p.add_argument("--kiosks", type=int, default=20)
    p.add_argument("--displays", type=int, default=200)
    p.add_argument("--calls", type=int, default=50)
    p.add_argument("--seconds", type=int, default=10, help="duration of each wrk issue load")
    p.add_argument("--rounds", type=int, default=2, help="alternating rounds of skeleton / antre / previous")
    p.add_argument("--baseline", default=PREVIOUS_RELEASE, help="git ref of the previous release ('' for none)")
    p.add_argument("--python-client", action="store_true", help="use the Python load generator, no comparison")
    p.add_argument("--processes", type=int, default=2, help="also run this tree with N server processes (1: no)")
    p.add_argument("--postgres", action="store_true",
                   help="also on PostgreSQL (a throwaway cluster): one process, and N with 20 kiosks each")
    args = p.parse_args()

    use_wrk = bool(shutil.which("wrk")) and not args.python_client
    if use_wrk:
        compare_issue(args)
    else:
        print("wrk not found (apt-get install wrk): no comparison, the Python load generator only")
    trees = [("antre", ROOT)] + ([(f"antre x{args.processes}", ROOT)] if args.processes > 1 else [])
    with contextlib.ExitStack() as stack:
        if use_wrk and args.baseline:
            trees.append(("previous", stack.enter_context(release_tree(args.baseline))))
        lobby = {name: lobby_round(args, root, use_wrk, server_args(name)) for name, root in trees}
    for name, (delays, missing, (rss, pss)) in lobby.items():
        print(f"{name:9s}: call -> event at all {args.displays} SSE clients ({len(delays)} calls): "
              f"p50 {statistics.median(delays):.1f} ms, p99 {pct(delays, 99):.1f} ms (target p99 <= 50); "
              f"missed deliveries: {missing}; server memory with the displays connected after a busy "
              f"morning: {rss:.1f} MB RSS, {pss:.1f} MB PSS (target <= 80)")
    if "previous" in lobby:
        ours, theirs = lobby["antre"], lobby["previous"]
        print(f"  antre / previous release: call -> event p99 {pct(ours[0], 99) / pct(theirs[0], 99):.2f}, "
              f"memory (RSS) {ours[2][0] / theirs[2][0]:.2f}")


def lobby_round(args, root: Path, use_wrk: bool, extra: tuple = ()) -> tuple[list[float], int, tuple]:
    """A busy morning (wrk, or the Python load generator), then a clerk calling while the lobby's
    displays watch (bench_display's raw SSE clients): (call -> all displays in ms, missed, (RSS, PSS) MB)."""
    with tempfile.TemporaryDirectory() as tmp:
        proc = ServerProcess(Path(tmp) / "data", root=root, args=extra).start()
        try:
            url, key = proc.url, proc.creds["kiosk_key"]
            asyncio.run(issue_load(url, key, args.kiosks, 200, first_citizen=9_000_000))  # warm-up
            if use_wrk:
                wrk_issue(url, key, args.kiosks, args.seconds)
            else:
                elapsed, lat = asyncio.run(issue_load(url, key, args.kiosks, args.tickets, first_citizen=1000))
                print(f"issue (python client): {args.tickets} durable tickets, {args.kiosks} concurrent kiosks: "
                      f"{args.tickets / elapsed:.0f} tickets/s, p50 {statistics.median(lat) * 1000:.1f} ms, "
                      f"p99 {pct(lat, 99) * 1000:.1f} ms")
            asyncio.run(issue_load(url, key, 4, args.calls + 5, first_citizen=8_000_000))  # for the clerk to call
            result = bench_display.run(bench_display.bench(proc.port, proc.creds, args.displays, args.calls))
            return result["all"], result["missing"], (rss_mb(proc.proc.pid), pss_mb(proc.proc.pid))
        finally:
            proc.stop()


if __name__ == "__main__":
    main()
