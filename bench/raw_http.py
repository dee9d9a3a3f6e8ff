"""A lean HTTP/1.1 client for the load generators: keep-alive connections, JSON bodies, nothing else.

httpx spends several milliseconds of CPU per request: at 10,000 phones a minute the bench's own
process saturated a core and its latencies measured itself, not the server. This client writes the
request in one ``write`` and reads a ``Content-Length`` answer (the server's only kind for JSON).
"""

from __future__ import annotations

import asyncio
import json
from urllib.parse import urlsplit


class RawPool:
    def __init__(self, url: str, size: int = 64):
        parts = urlsplit(url)
        self.host, self.port = parts.hostname, parts.port or 80
        self._idle: asyncio.Queue = asyncio.Queue()
        self._made = 0
        self._size = size

    async def _connection(self):
        if self._idle.empty() and self._made < self._size:
            self._made += 1
            return await asyncio.open_connection(self.host, self.port)
        return await self._idle.get()

    async def post_json(self, path: str, body: dict, headers: dict | None = None) -> tuple[int, dict]:
        """(status, the JSON answer). A connection the server closed is opened again, once."""
        payload = json.dumps(body).encode()
        head = (f"POST {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(payload)}\r\n"
                + "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items()) + "\r\n").encode()
        for attempt in (1, 2):
            reader, writer = await self._connection()
            try:
                writer.write(head + payload)
                status_line = await reader.readline()
                if not status_line:
                    raise ConnectionResetError("closed by the server")
                status = int(status_line.split()[1])
                length, close = 0, False
                while (line := await reader.readline()) not in (b"\r\n", b""):
                    name, _, value = line.decode("latin-1").partition(":")
                    name = name.strip().lower()
                    if name == "content-length":
                        length = int(value)
                    elif name == "connection" and value.strip().lower() == "close":
                        close = True
                data = await reader.readexactly(length) if length else b""
            except (ConnectionError, asyncio.IncompleteReadError):
                writer.close()
                self._made -= 1
                if attempt == 2:
                    raise
                continue
            if close:
                writer.close()
                self._made -= 1
            else:
                self._idle.put_nowait((reader, writer))
            return status, json.loads(data) if data else {}
        raise AssertionError("unreachable")

    async def close(self) -> None:
        while not self._idle.empty():
            _, writer = self._idle.get_nowait()
            writer.close()
