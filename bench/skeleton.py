"""The stack's own ceiling: the least a durable ticket server can do on uvicorn, FastAPI,
pydantic and SQLite, to measure Antre against in the same run.

What it does per ticket, and nothing more: FastAPI parses and validates the JSON body
with a pydantic model, the handler hands the job to one writer thread, which runs five
statements in a savepoint (look for a prior request, take the next number, insert the
ticket, its event and an audit row) and group-commits with ``synchronous=FULL``; the
handler answers once the batch is on disk. No authentication, no NIK rules, no office.

    python bench/skeleton.py PORT DATA_DIR     # serves POST /api/tickets on 127.0.0.1:PORT
"""

from __future__ import annotations

import asyncio
import json
import queue
import sqlite3
import sys
import threading
import time
from pathlib import Path
from typing import Optional

import uvicorn
from fastapi import FastAPI
from pydantic import BaseModel, Field

SCHEMA = """
CREATE TABLE IF NOT EXISTS counters (day TEXT, prefix TEXT, last INTEGER, PRIMARY KEY (day, prefix));
CREATE TABLE IF NOT EXISTS tickets (id INTEGER PRIMARY KEY, day TEXT, number TEXT, service TEXT, nik TEXT,
    request_id TEXT, status TEXT, issued_at REAL, UNIQUE (day, number));
CREATE INDEX IF NOT EXISTS tickets_request ON tickets (request_id);
CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, at REAL, type TEXT, ticket_id INTEGER, data TEXT);
CREATE TABLE IF NOT EXISTS audit (id INTEGER PRIMARY KEY, at REAL, action TEXT, ticket_id INTEGER);
"""


class TicketRequest(BaseModel):
    service: str = Field(..., min_length=1, max_length=1)
    nik: str = Field(..., max_length=40)
    request_id: Optional[str] = Field(None, max_length=64)


class Writer(threading.Thread):
    def __init__(self, path: Path, loop: asyncio.AbstractEventLoop):
        super().__init__(daemon=True)
        self.jobs: queue.SimpleQueue = queue.SimpleQueue()
        self.loop = loop
        self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.executescript(SCHEMA)

    def run(self) -> None:
        db = self.db
        while True:
            batch = [self.jobs.get()]
            while len(batch) < 256:
                try:
                    batch.append(self.jobs.get_nowait())
                except queue.Empty:
                    break
            now = time.time()
            day = time.strftime("%Y-%m-%d")
            db.execute("BEGIN IMMEDIATE")
            results = []
            for body, fut in batch:
                db.execute("SAVEPOINT job")
                prior = db.execute("SELECT id, number FROM tickets WHERE request_id = ?", (body.request_id,)).fetchone()
                if prior is None:
                    row = db.execute("UPDATE counters SET last = last + 1 WHERE day = ? AND prefix = ? RETURNING last",
                                     (day, body.service)).fetchone()
                    if row is None:
                        db.execute("INSERT INTO counters VALUES (?, ?, 1)", (day, body.service))
                        row = (1,)
                    number = f"{body.service}-{row[0]:03d}"
                    ticket_id = db.execute(
                        "INSERT INTO tickets (day, number, service, nik, request_id, status, issued_at) "
                        "VALUES (?, ?, ?, ?, ?, 'waiting', ?)",
                        (day, number, body.service, body.nik, body.request_id, now)).lastrowid
                    db.execute("INSERT INTO events (at, type, ticket_id, data) VALUES (?, 'ticket.issued', ?, ?)",
                               (now, ticket_id, json.dumps({"number": number, "service": body.service})))
                    db.execute("INSERT INTO audit (at, action, ticket_id) VALUES (?, 'ticket.issued', ?)",
                               (now, ticket_id))
                    prior = (ticket_id, number)
                db.execute("RELEASE SAVEPOINT job")
                results.append((fut, {"id": prior[0], "number": prior[1]}))
            db.execute("COMMIT")
            self.loop.call_soon_threadsafe(_resolve, results)


def _resolve(results) -> None:
    for fut, value in results:
        if not fut.done():
            fut.set_result(value)


def create_app(data_dir: Path) -> FastAPI:
    app = FastAPI()
    state = {}

    @app.on_event("startup")
    async def start() -> None:
        state["writer"] = Writer(data_dir / "skeleton.db", asyncio.get_running_loop())
        state["writer"].start()

    @app.post("/api/tickets", status_code=201)
    async def issue(body: TicketRequest):
        fut = asyncio.get_running_loop().create_future()
        state["writer"].jobs.put((body, fut))
        return await fut

    return app


if __name__ == "__main__":
    import warnings

    warnings.simplefilter("ignore", DeprecationWarning)  # on_event: the smallest start-up hook
    port, data_dir = int(sys.argv[1]), Path(sys.argv[2])
    data_dir.mkdir(parents=True, exist_ok=True)
    uvicorn.run(create_app(data_dir), host="127.0.0.1", port=port, log_level="warning", access_log=False)
