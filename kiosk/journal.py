"""The kiosk's journal of tickets issued while the server could not be reached.

Why a file of JSON lines, fsync'd before the ticket is printed: a ticket on
paper whose record the server never gets would be a number nobody calls. So an
entry is on disk (file and directory synced) before the printer sees it, and
survives a power cut right after. A power cut *during* the write leaves at most
a torn last line: it is skipped and reported (its ticket was never printed,
since printing comes after the sync to disk).

The file holds NIKs: it is created 0600 and entries leave it once the server
has them (``remove``: a compacted copy replaces the file atomically).
"""

from __future__ import annotations

import json
import logging
import os
import threading
from pathlib import Path

log = logging.getLogger("antre.kiosk.journal")


def _sync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Journal:
    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self.torn = 0   # torn lines seen by the last read (a power cut mid-write)

    def append(self, entry: dict) -> None:
        """Write one entry and make it durable before returning."""
        line = (json.dumps(entry, separators=(",", ":"), sort_keys=True) + "\n").encode()
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            new = not self.path.exists()
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                if self._ends_torn(fd):
                    os.write(fd, b"\n")     # a torn line stays torn; this entry starts on its own line
                os.write(fd, line)
                os.fsync(fd)
            finally:
                os.close(fd)
            if new:
                _sync_dir(self.path.parent)

    def _ends_torn(self, fd: int) -> bool:
        size = os.fstat(fd).st_size
        if size == 0:
            return False
        with open(self.path, "rb") as f:
            f.seek(size - 1)
            return f.read(1) != b"\n"

    def entries(self) -> list[dict]:
        """The entries in the order they were written; a torn line is skipped (and counted in ``torn``)."""
        with self._lock:
            return self._read()

    def _read(self) -> list[dict]:
        out, torn = [], 0
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            self.torn = 0
            return []
        for raw in data.split(b"\n"):
            if not raw.strip():
                continue
            try:
                entry = json.loads(raw)
            except ValueError:
                torn += 1
                continue
            if isinstance(entry, dict) and "request_id" in entry:
                out.append(entry)
            else:
                torn += 1
        if torn:
            log.warning("journal: %d torn line(s) skipped (a power cut while writing)", torn)
        self.torn = torn
        return out

    def pending(self) -> int:
        return len(self.entries())

    def remove(self, request_ids: set[str]) -> None:
        """Drop the entries the server has: a compacted copy replaces the file (atomic rename)."""
        with self._lock:
            keep = [e for e in self._read() if e["request_id"] not in request_ids]
            tmp = self.path.with_suffix(".tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                os.write(fd, b"".join((json.dumps(e, separators=(",", ":"), sort_keys=True) + "\n").encode()
                                      for e in keep))
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(tmp, self.path)
            _sync_dir(self.path.parent)
