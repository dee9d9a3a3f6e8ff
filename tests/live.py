"""Real servers for tests: the app on 127.0.0.1 with a real SQLite file.

``LiveServer`` runs uvicorn in a thread of the test process (fast, and the test
can move the clock); ``ServerProcess`` runs ``server_main.py`` as its own
process, for tests that kill and restart it.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

import httpx
import uvicorn

from server.demo import seed_demo
from server.http.app import create_app
from server.http.serving import uvicorn_options
from server.settings import load_settings
from tests.postgres import database_env, database_for

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_line(stream, prefix: str, timeout: float) -> tuple[Optional[str], list[str]]:
    """The first line of a child's output that starts with ``prefix``, or None after ``timeout``
    seconds or at the end of the output; and every line read. A plain ``readline()`` would wait
    forever for a child that neither writes nor exits, hanging the whole test run."""
    import queue

    lines: "queue.Queue[str]" = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in iter(stream.readline, "")] + [lines.put("")],
                     daemon=True).start()
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        try:
            line = lines.get(timeout=left)
        except queue.Empty:
            break
        if not line:
            break
        seen.append(line)
        if line.startswith(prefix):
            return line, seen
    return None, seen


def nine_this_morning() -> float:
    """Nine in the morning in Jakarta, today: where a test that moves the server's clock starts.

    On the real clock, a test started late in the evening (WIB) crossed midnight when it moved
    time on: yesterday's tickets expired and what it waited for was gone. Between midnight and
    seven WIB the machine's own date (UTC) is still yesterday's."""
    from datetime import datetime
    from zoneinfo import ZoneInfo
    morning = datetime.now(ZoneInfo("Asia/Jakarta")).replace(hour=9, minute=0, second=0, microsecond=0)
    return morning.timestamp()


class Clock:
    """A clock tests can move; starts at ``start`` (nine this morning, WIB, if None) and runs on."""

    def __init__(self, start: Optional[float] = None):
        self.offset = (nine_this_morning() if start is None else start) - time.time()

    def __call__(self) -> float:
        return time.time() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds


@dataclass
class LiveServer:
    data_dir: Path
    overrides: dict = field(default_factory=dict)
    clock: Optional[Callable[[], float]] = None
    port: int = field(default_factory=free_port)
    _clients: list = field(default_factory=list, repr=False)

    def start(self) -> "LiveServer":
        # Tests run on the real date: a national holiday must not refuse their kiosks, so the
        # calendar starts empty unless a test asks for it (tests/server/test_calendar.py).
        database = {"database_url": url} if (url := database_for(self.data_dir)) else {}
        settings = load_settings(env={}, data_dir=self.data_dir, port=self.port, host="127.0.0.1",
                                 **{"national_holidays": False, **database, **self.overrides})
        self.settings = settings
        self.app = create_app(settings, clock=self.clock, seed=seed_demo)
        config = uvicorn.Config(self.app, **uvicorn_options(settings), log_level="warning",
                                timeout_graceful_shutdown=1, lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.time() + 20
        while not self.server.started:
            if not self.thread.is_alive() or time.time() > deadline:
                raise RuntimeError("server did not start")
            time.sleep(0.02)
        self.creds = json.loads((self.data_dir / "demo-credentials.json").read_text())
        return self

    def stop(self) -> None:
        for client in self._clients:
            client.close()
        self.server.should_exit = True
        self.thread.join(timeout=10)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ctx(self):
        return self.app.state.ctx

    def sql(self, *statements):
        """Run statements through the server's own writer (it holds the only write connection)."""
        result = self.ctx.db.writer.call(lambda tx: [tx.conn.execute(st) for st in statements])
        self.ctx.office.invalidate()
        return result

    def client(self, **kw) -> httpx.Client:
        """An HTTP client for this server, closed when the server stops (no stray sockets)."""
        client = httpx.Client(base_url=self.url, timeout=10, **kw)
        self._clients.append(client)
        return client

    def kiosk(self) -> httpx.Client:
        return self.client(headers={"Authorization": f"Bearer {self.creds['kiosk_key']}"})

    def staff(self, index: int = 0) -> httpx.Client:
        """A logged-in client for demo staff account ``index`` (petugas1 = 0)."""
        return self.login(self.creds["staff"][index]["username"], self.creds["staff"][index]["password"])

    def admin(self) -> httpx.Client:
        return self.login(self.creds["admin"]["username"], self.creds["admin"]["password"])

    def login(self, username: str, password: str) -> httpx.Client:
        c = self.client()
        r = c.post("/api/auth/login", json={"username": username, "password": password})
        r.raise_for_status()
        c.headers["Authorization"] = f"Bearer {r.json()['token']}"
        return c


class ServerProcess:
    """``server_main.py --demo`` as a separate process (for kill and restart)."""

    def __init__(self, data_dir: Path, port: Optional[int] = None, env: Optional[dict] = None,
                 preexec_fn: Optional[Callable[[], None]] = None, root: Path = ROOT, args: tuple = ()):
        """``preexec_fn`` runs in the child before the server starts (e.g. to set resource limits);
        ``root`` is the source tree to run (benchmarks run an earlier release beside this one)."""
        self.data_dir = data_dir
        self.root = root
        self.port = port or free_port()
        self.env = {**os.environ, "ANTRE_NATIONAL_HOLIDAYS": "0", **database_env(data_dir), **(env or {})}  # see LiveServer.start
        self.preexec_fn = preexec_fn
        self.args = tuple(args)
        self.proc: Optional[subprocess.Popen] = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "ServerProcess":
        self.log = open(self.data_dir.parent / f"server-{self.port}.log", "ab")
        self.proc = subprocess.Popen(
            [sys.executable, str(self.root / "server_main.py"), "--demo", "--data-dir", str(self.data_dir),
             "--port", str(self.port), *self.args], cwd=self.root, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
            preexec_fn=self.preexec_fn)
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.proc.poll() is not None:
                self._close_log()
                raise RuntimeError(f"server exited with {self.proc.returncode}")
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    self.creds = json.loads((self.data_dir / "demo-credentials.json").read_text())
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("server did not become healthy")

    def kill(self) -> None:
        """Like a power cut for the process: no shutdown code runs."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)
        self._close_log()

    def _close_log(self) -> None:
        log = getattr(self, "log", None)
        if log is not None and not log.closed:
            log.close()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()
        self._close_log()


@contextlib.contextmanager
def release_tree(ref: str):
    """A checkout of an earlier release (git ``ref``) beside this one, removed afterwards:
    benchmarks measure it side by side, upgrade tests start it to write an old database."""
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "tree"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach", str(tree), ref], check=True)
        try:
            yield tree
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False)
