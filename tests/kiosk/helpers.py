"""Stand-ins for the kiosk's surroundings: a network printer, a slow server, QR decoding."""

from __future__ import annotations

import http.server
import socket
import socketserver
import threading
import time
from typing import Optional

import sqlalchemy as sa
import zxingcpp
from PIL import Image

from server.storage.schema import tickets

NIK = "3277014112900003"       # valid demo NIK (Kota Cimahi, female, born 1 Dec 1990)
NIK_2 = "3277010112900004"


class PrinterListener:
    """A TCP listener on 127.0.0.1 standing in for a network ESC/POS printer.

    Each connection is one job; ``jobs`` holds the bytes received. With ``status``
    set it answers DLE EOT status queries like an Epson (``"ok"`` or ``"no_paper"``);
    without, it reads everything and answers no query. With ``silent`` it accepts the
    connection but never reads nor answers (a hung printer), with a small receive buffer.
    """

    def __init__(self, status: Optional[str] = None, silent: bool = False):
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if silent:   # before listen(): accepted connections inherit it
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.status = status
        self.silent = silent
        self.jobs: list[bytes] = []
        self.last_byte_at: Optional[float] = None
        self.job_done = threading.Event()
        self._stop = False
        self._held: list[socket.socket] = []
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def spec(self) -> str:
        return f"network:127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            if self.silent:
                self._held.append(conn)
                continue
            threading.Thread(target=self._job, args=(conn,), daemon=True).start()

    def _job(self, conn: socket.socket) -> None:
        data = bytearray()
        with conn:
            while True:
                try:
                    chunk = conn.recv(65536)
                except OSError:
                    break
                if not chunk:
                    break
                data += chunk
                self.last_byte_at = time.perf_counter()
                if self.status and data.endswith(b"\x10\x04\x01"):
                    conn.sendall(b"\x12")                                  # online
                elif self.status and data.endswith(b"\x10\x04\x04"):
                    conn.sendall(b"\x72" if self.status == "no_paper" else b"\x12")
        self.jobs.append(bytes(data))
        self.job_done.set()

    def close(self) -> None:
        self._stop = True
        self.sock.close()
        for c in self._held:
            c.close()


def raster_images(data: bytes) -> list[Image.Image]:
    """The images in ESC/POS bytes sent with GS v 0 (raster bit image), as Pillow images."""
    images, i = [], 0
    while (i := data.find(b"\x1dv0", i)) != -1:
        x_bytes = data[i + 4] + 256 * data[i + 5]
        rows = data[i + 6] + 256 * data[i + 7]
        bits = data[i + 8:i + 8 + x_bytes * rows]
        # ESC/POS: 1 = black; Pillow "1" mode: 1 = white.
        img = Image.frombytes("1", (x_bytes * 8, rows), bytes(b ^ 0xFF for b in bits))
        images.append(img)
        i += 8 + x_bytes * rows
    return images


def prints_number(data: bytes, number: str) -> bool:
    """Whether ESC/POS ``data`` prints the queue ``number`` (drawn as an image, so not in the text)."""
    from kiosk.ticket import PAPERS, number_banner

    drawn = {number_banner(number, paper).image.tobytes() for paper in PAPERS.values()}
    return any(img.tobytes() in drawn for img in raster_images(data))


def qr_codes(data: bytes) -> list[str]:
    """The QR codes printed as raster images in ESC/POS ``data``."""
    return [code for img in raster_images(data) for code in decode_qr(img)]


def decode_qr(img: Image.Image) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(img.convert("L"))]


def ticket_count(server, nik: Optional[str] = None) -> int:
    q = sa.select(sa.func.count()).select_from(tickets)
    if nik:
        q = q.where(tickets.c.nik == nik)
    with server.ctx.db.read() as conn:
        return conn.execute(q).scalar_one()


def kiosk_health(server) -> tuple[str, Optional[str]]:
    """What the server keeps for the demo kiosk, as the admin page reads it: (printer state, alert)."""
    devices = server.admin().get("/api/admin/devices").json()["devices"]
    kiosk = next(d for d in devices if d["kind"] == "kiosk")
    return ((kiosk.get("health") or {}).get("printer") or {}).get("state", ""), kiosk.get("alert")


def set_service(server, code: str, **values) -> None:
    from server.storage.schema import services

    server.sql(services.update().where(services.c.code == code).values(**values))


class SlowProxy:
    """An HTTP proxy to ``target`` that holds the first ``slow_posts`` ticket POSTs for ``delay`` seconds
    before forwarding them (a server that is slow to answer, not one that is down)."""

    def __init__(self, target: str, delay: float, slow_posts: int = 1):
        import requests

        proxy = self
        self.slow_left = slow_posts
        self.posts = 0
        self.lock = threading.Lock()

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def _forward(self, method: str):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)) if method == "POST" else None
                if method == "POST" and self.path.startswith("/api/tickets"):
                    with proxy.lock:
                        proxy.posts += 1
                        slow = proxy.slow_left > 0
                        proxy.slow_left -= 1
                    if slow:
                        time.sleep(delay)
                headers = {k: v for k, v in self.headers.items() if k.lower() in ("authorization", "content-type")}
                r = requests.request(method, target + self.path, data=body, headers=headers, timeout=10)
                try:
                    self.send_response(r.status_code)
                    self.send_header("Content-Type", r.headers.get("Content-Type", "application/json"))
                    self.send_header("Content-Length", str(len(r.content)))
                    self.end_headers()
                    self.wfile.write(r.content)
                except OSError:
                    pass  # the kiosk gave up waiting: exactly the case under test

            def do_GET(self):
                self._forward("GET")

            def do_POST(self):
                self._forward("POST")

        class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
            daemon_threads = True

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
