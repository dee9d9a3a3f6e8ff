"""The queue server as the kiosk sees it: a small blocking client over ``requests``.

Called only from worker threads (never the Kivy main thread). Two failure kinds
matter to the citizen and are kept apart:

* ``ApiRefusal``: the server answered and said no (quota, closed, bad NIK, bad
  key). Retrying will not help; the screen explains the ``code``.
* ``ServerUnavailable``: no usable answer (refused connection, timeout, 5xx).
  Retrying with the same ``request_id`` is safe: the server never issues twice.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Optional

import requests

log = logging.getLogger("antre.kiosk.api")


@dataclass
class ApiRefusal(Exception):
    status: int
    code: str
    message: str
    message_en: str
    details: dict = field(default_factory=dict)

    def text(self, lang: str) -> str:
        return self.message_en if lang == "en" else self.message

    def __str__(self) -> str:
        return f"{self.status} {self.code}"


class ServerUnavailable(Exception):
    """No usable answer from the server (the reason is for logs, not for the citizen)."""


@dataclass(frozen=True)
class IssueRequest:
    service: str
    nik: str
    priority: Optional[str]
    request_id: str

    def __repr__(self) -> str:  # never let a full NIK reach a log line through repr()
        return f"IssueRequest(service={self.service!r}, priority={self.priority!r}, request_id={self.request_id!r})"


class ApiClient:
    def __init__(self, base_url: str, kiosk_key: str, *, connect_timeout: float = 2.0,
                 read_timeout: float = 5.0):
        self.base_url = base_url.rstrip("/")
        self.kiosk_key = kiosk_key
        self.timeout = (connect_timeout, read_timeout)
        self._local = threading.local()

    @property
    def _session(self) -> requests.Session:
        # requests.Session is not documented as thread-safe: one per worker thread.
        s = getattr(self._local, "session", None)
        if s is None:
            s = self._local.session = requests.Session()
            s.headers["User-Agent"] = "antre-kiosk"
        return s

    def _call(self, method: str, path: str, *, auth: bool = False, json: Optional[dict] = None):
        headers = {"Authorization": f"Bearer {self.kiosk_key}"} if auth else {}
        try:
            r = self._session.request(method, self.base_url + path, json=json, headers=headers,
                                      timeout=self.timeout)
        except requests.Timeout as exc:
            raise ServerUnavailable(f"timeout on {path}") from exc
        except requests.RequestException as exc:
            raise ServerUnavailable(f"{type(exc).__name__} on {path}") from exc
        if r.status_code >= 500:
            raise ServerUnavailable(f"HTTP {r.status_code} on {path}")
        try:
            body = r.json()
        except ValueError:
            raise ServerUnavailable(f"HTTP {r.status_code} without JSON on {path}") from None
        if r.status_code >= 400:
            body = body if isinstance(body, dict) else {}
            extra = {k: v for k, v in body.items() if k not in ("code", "message", "message_en")}
            raise ApiRefusal(r.status_code, body.get("code", "http_error"), body.get("message", ""),
                             body.get("message_en", ""), extra)
        return body

    @classmethod
    def for_config(cls, cfg) -> "ApiClient":
        return cls(cfg.server_url, cfg.kiosk_key, connect_timeout=cfg.connect_timeout,
                   read_timeout=cfg.request_timeout)

    def services(self) -> list[dict]:
        """The kiosk's tiles: waiting counts, estimated waits, and why a service is unavailable."""
        return self._call("GET", "/api/services?kiosk=true")

    def office(self) -> dict:
        """The office profile (name, address, ticket footer, data source)."""
        return self._call("GET", "/api/state").get("office", {})

    def state(self) -> dict:
        """The public snapshot: office profile, its time zone, the NIK retention days, ..."""
        return self._call("GET", "/api/state")

    def health(self) -> dict:
        """GET /healthz: is an Antre server answering at this URL?"""
        return self._call("GET", "/healthz")

    def whoami(self) -> dict:
        """GET /api/devices/me: which device this key belongs to (``device_id``, ``kind``, ``name``,
        ``server_time``); ApiRefusal (401) for an invalid or revoked key.

        Changes nothing on the server, unlike a heartbeat, which would overwrite the
        printer health this kiosk last reported: a check must leave an alert standing.
        """
        return self._call("GET", "/api/devices/me", auth=True)

    def pair(self, code: str) -> dict:
        """POST /api/devices/pair: a one-time code from /admin for this kiosk's own key."""
        return self._call("POST", "/api/devices/pair", json={"code": code, "kind": "kiosk"})

    def issue_ticket(self, req: IssueRequest) -> dict:
        """POST /api/tickets. Same ``request_id`` again returns the same ticket (outcome "repeat")."""
        body = {"service": req.service, "nik": req.nik, "priority": req.priority, "request_id": req.request_id}
        return self._call("POST", "/api/tickets", auth=True, json=body)

    def check_in(self, code: str, request_id: str) -> dict:
        """POST /api/kiosk/check-in: a booking code, or a number taken from home (its token or number),
        checked in at this kiosk. Answers the same ticket shape as ``issue_ticket`` plus ``checked_in``
        and ``late``; the same ``request_id`` again returns the same ticket."""
        return self._call("POST", "/api/kiosk/check-in", auth=True, json={"code": code, "request_id": request_id})

    def leases(self, used: dict) -> dict:
        """POST /api/kiosk/leases: this kiosk's blocks of numbers for today (kiosk.offline)."""
        return self._call("POST", "/api/kiosk/leases", auth=True, json={"used": used})

    def sync_offline(self, entries: list[dict]) -> list[dict]:
        """POST /api/kiosk/sync: the journal of tickets issued offline; one answer per entry."""
        return self._call("POST", "/api/kiosk/sync", auth=True, json={"entries": entries})["entries"]

    def heartbeat(self, body: dict) -> Optional[dict]:
        """POST /api/devices/heartbeat: alive, with the printer's state (no personal data in ``body``).

        Tolerant of a server without the endpoint (404/405: older server): the kiosk
        keeps its local note either way. Returns the server's answer, or None.
        """
        try:
            return self._call("POST", "/api/devices/heartbeat", auth=True, json=body)
        except ApiRefusal as exc:
            if exc.status not in (404, 405):
                log.warning("heartbeat refused: %s", exc.code)
            return None
