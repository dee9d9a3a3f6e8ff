"""Citizens with valid NIKs, and small helpers shared by the server tests."""

import asyncio
import json
import threading
import uuid

import httpx


def run_in_own_loop(coroutine_fn):
    """``asyncio.run`` on a thread of its own (Playwright's sync API may hold this thread's
    loop); returns the scenario's result, or raises its exception here."""
    outcome: dict = {}

    def target():
        try:
            outcome["result"] = asyncio.run(coroutine_fn())
        except BaseException as exc:  # re-raised in the test's thread
            outcome["error"] = exc
    worker = threading.Thread(target=target)
    worker.start()
    worker.join(30)
    assert not worker.is_alive(), "the scenario did not finish"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


def nik_for(i: int) -> str:
    """A distinct structurally valid NIK per citizen i (Kota Depok, born 1 Jan 1990)."""
    return f"327601010190{i % 9999 + 1:04d}" if i < 9999 else f"3276{(i // 9999) % 90 + 10:02d}010190{i % 9999 + 1:04d}"


def issue(kiosk: httpx.Client, service: str = "A", i: int = 1, **extra) -> httpx.Response:
    body = {"service": service, "nik": nik_for(i), "request_id": str(uuid.uuid4()), **extra}
    return kiosk.post("/api/tickets", json=body)


def counter_id(server, index: int) -> int:
    return server.creds["staff"][index]["counter"]


class SSEReader:
    """Reads an SSE stream on a thread and keeps the parsed events."""

    def __init__(self, url: str, headers: dict | None = None, client: httpx.Client | None = None):
        """``client``: read the stream on this client's connection (one pinned to a server process)."""
        self.events: list[dict] = []
        self.ids: list[int] = []
        self.status = None
        self._stop = threading.Event()
        self._client = client or httpx.Client(timeout=httpx.Timeout(10, read=30))
        self._url, self._headers = url, headers or {}
        self._ready = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        self._ready.wait(10)

    def _run(self):
        try:
            with self._client.stream("GET", self._url, headers=self._headers) as r:
                self.status = r.status_code
                self._ready.set()
                if r.status_code != 200:
                    return
                event_id, data = None, []
                for line in r.iter_lines():
                    if self._stop.is_set():
                        return
                    if line.startswith("id: "):
                        event_id = int(line[4:])
                    elif line.startswith("data: "):
                        data.append(line[6:])
                    elif line == "" and data:
                        self.events.append(json.loads("\n".join(data)))
                        self.ids.append(event_id)
                        event_id, data = None, []
        except httpx.HTTPError:
            pass
        finally:
            self._ready.set()

    def wait_for(self, predicate, timeout: float = 10) -> bool:
        import time
        deadline = time.time() + timeout
        while time.time() < deadline:
            if any(predicate(e) for e in self.events):
                return True
            time.sleep(0.02)
        return False

    def close(self):
        self._stop.set()
        self._client.close()


def database_of_release(conn, version: int) -> None:
    """Make an empty database what a release from before Alembic, at schema ``version``,
    left behind: that release's steps, and the version number in ``schema_version``."""
    from server.storage import schema_upgrade

    schema_upgrade.run_steps(conn, f"v{version:02d}")
    conn.exec_driver_sql("DROP TABLE alembic_version")
    conn.exec_driver_sql("CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at FLOAT NOT NULL)")
    for number in range(1, version + 1):
        conn.exec_driver_sql(f"INSERT INTO schema_version (version, applied_at) VALUES ({number}, 0)")
