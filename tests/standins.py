"""Local stand-ins for the providers the outbox sends through, for tests of any part.

``SmtpStandIn``: an aiosmtpd server on 127.0.0.1 that keeps every message it accepts.
``WhatsAppStandIn``: speaks the WhatsApp Business Cloud API's ``POST /{version}/{phone_id}/messages``
(Bearer token checked), answers with its success shape, or with the error shapes queued by
``fail_next`` (e.g. 429 / 130429 rate limit, 400 / 131026 undeliverable); records what it received.
``SmsStandIn``: an HTTP SMS gateway for ``?to={to}&text={text}`` templates and JSON posts.
"""

from __future__ import annotations

import email
import email.policy
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from aiosmtpd.controller import Controller

from tests.live import free_port


class SmtpStandIn:
    """An SMTP server in a thread; ``messages`` are parsed ``email.message.EmailMessage`` objects."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.messages: list = []
        self._lock = threading.Lock()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.messages.append(parsed)
        return "250 Message accepted for delivery"

    def start(self) -> "SmtpStandIn":
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def wait_for(self, count: int, timeout: float = 15) -> list:
        _wait(lambda: len(self.messages) >= count, timeout)
        return list(self.messages)


class _Recorder(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int):
        super().__init__(("127.0.0.1", port), _Handler)
        self.requests: list[dict] = []
        self.replies: list[tuple[int, dict, dict]] = []  # queued (status, body, headers)
        self.lock = threading.Lock()
        self.answer = None  # set by the stand-in: (request) -> (status, body, headers)


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *_args):  # quiet
        pass

    def _handle(self):
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        request = {"method": self.command, "path": urlparse(self.path).path,
                   "query": {k: v[0] for k, v in parse_qs(urlparse(self.path).query).items()},
                   "headers": dict(self.headers), "json": body}
        status, payload, headers = self.server.answer(request)
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = _handle


class _HttpStandIn:
    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.http = _Recorder(self.port)
        self.http.answer = self._answer
        self._thread = threading.Thread(target=self.http.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def received(self) -> list[dict]:
        """Requests accepted (answered with success)."""
        with self.http.lock:
            return [r for r in self.http.requests if r["ok"]]

    @property
    def requests(self) -> list[dict]:
        with self.http.lock:
            return list(self.http.requests)

    def fail_next(self, status: int, body: dict, headers: dict | None = None, times: int = 1) -> None:
        with self.http.lock:
            self.http.replies.extend([(status, body, headers or {})] * times)

    def _answer(self, request: dict):
        with self.http.lock:
            reply = self.http.replies.pop(0) if self.http.replies else None
            problem = self.refuse(request)
            if problem is not None:
                reply = problem
            request["ok"] = reply is None
            self.http.requests.append(request)
        return reply if reply is not None else self.success(request)

    def refuse(self, request: dict):
        return None

    def success(self, request: dict):
        return 200, {"ok": True}, {}

    def start(self):
        self._thread.start()
        return self

    def stop(self) -> None:
        self.http.shutdown()
        self.http.server_close()

    def wait_for(self, count: int, timeout: float = 15) -> list[dict]:
        _wait(lambda: len(self.received) >= count, timeout)
        return self.received


class WhatsAppStandIn(_HttpStandIn):
    """The Cloud API: ``POST /{version}/{phone_id}/messages`` with ``Authorization: Bearer {token}``."""

    def __init__(self, token: str = "test-token", phone_id: str = "1234567890", port: int | None = None):
        super().__init__(port)
        self.token, self.phone_id = token, phone_id
        self._n = 0

    def settings(self) -> dict:
        """The server settings (LiveServer overrides) that point at this stand-in."""
        return {"whatsapp_api_url": self.url, "whatsapp_token": self.token, "whatsapp_phone_id": self.phone_id}

    def refuse(self, request: dict):
        if request["headers"].get("Authorization") != f"Bearer {self.token}":
            return 401, error_body(190, "Invalid OAuth access token.", "OAuthException"), {}
        if request["method"] != "POST" or not request["path"].endswith(f"/{self.phone_id}/messages"):
            return 400, error_body(100, "Unsupported post request.", "GraphMethodException"), {}
        body = request["json"] or {}
        if body.get("messaging_product") != "whatsapp" or body.get("type") != "text" or not body.get("to"):
            return 400, error_body(100, "(#100) Invalid parameter"), {}
        return None

    def success(self, request: dict):
        self._n += 1
        to = request["json"]["to"]
        return 200, {"messaging_product": "whatsapp", "contacts": [{"input": to, "wa_id": to}],
                     "messages": [{"id": f"wamid.TEST{self._n:06d}"}]}, {}

    def texts(self) -> list[tuple[str, str]]:
        """(to, body) of every accepted message."""
        return [(r["json"]["to"], r["json"]["text"]["body"]) for r in self.received]

    @staticmethod
    def rate_limited() -> tuple[int, dict]:
        return 429, error_body(130429, "Rate limit hit", details="Cloud API message throughput has been reached.")

    @staticmethod
    def undeliverable() -> tuple[int, dict]:
        return 400, error_body(131026, "Message undeliverable", details="Unable to deliver message.")


class SmsStandIn(_HttpStandIn):
    """An SMS gateway: ``GET /send?to=..&text=..`` or ``POST /send`` with ``{"to","text"}``."""

    def success(self, request: dict):
        return 200, {"id": f"sms-{len(self.http.requests)}"}, {}

    def template(self) -> str:
        return self.url + "/send?to={to}&text={text}"

    def texts(self) -> list[tuple[str, str]]:
        return [((r["json"] or r["query"])["to"], (r["json"] or r["query"])["text"]) for r in self.received]


def error_body(code: int, message: str, type_: str = "OAuthException", details: str = "") -> dict:
    """The Graph API's error shape."""
    return {"error": {"message": message, "type": type_, "code": code,
                      "error_data": {"messaging_product": "whatsapp", "details": details or message},
                      "fbtrace_id": "AbCdEfGhIjK"}}


def _wait(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()
