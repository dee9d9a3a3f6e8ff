"""The people of the demo office, as tests meet them.

Each persona speaks the HTTP API the way its real device or page does, so a test
reads like the office: ``siti.takes_ticket("A")``, ``front_office.calls_next()``,
``lobby.sees(lambda e: ...)``. The demo office (``server.demo``) gives them their
accounts: petugas1 at Loket 1 (front office), petugas2 at Loket 2 (back office),
kepala (supervisor), admin (the technician's account), the lobby kiosk's key.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Optional

import httpx

from tests.server.helpers import SSEReader, nik_for


@dataclass
class Citizen:
    """Someone at the kiosk, with a structurally valid NIK of their own."""

    name: str
    nik: str
    kiosk: httpx.Client
    public: httpx.Client
    tickets: list = field(default_factory=list)

    def takes_ticket(self, service: str = "A", *, priority: Optional[str] = None,
                     request_id: Optional[str] = None) -> httpx.Response:
        body = {"service": service, "nik": self.nik, "request_id": request_id or str(uuid.uuid4())}
        if priority:
            body["priority"] = priority
        r = self.kiosk.post("/api/tickets", json=body)
        if r.status_code in (200, 201):
            self.tickets.append(r.json())
        return r

    @property
    def ticket(self) -> dict:
        """The ticket last handed to this citizen."""
        return self.tickets[-1]

    def looks_at_phone(self, ticket: Optional[dict] = None) -> dict:
        """The status page's data behind the ticket's QR code."""
        token = (ticket or self.ticket)["token"]
        return self.public.get(f"/api/tickets/{token}").json()


@dataclass
class Clerk:
    """A logged-in clerk at a counter (front office, back office, bansos desk, complaints)."""

    username: str
    counter_id: int
    http: httpx.Client

    def calls_next(self) -> httpx.Response:
        return self.http.post(f"/api/counters/{self.counter_id}/call-next")

    def does(self, action: str, ticket: dict, **body) -> httpx.Response:
        """recall, start, done, skip, restore, cancel or transfer on ``ticket``."""
        return self.http.post(f"/api/tickets/{ticket['id']}/{action}",
                              json={"counter_id": self.counter_id, **body})

    def transfers(self, ticket: dict, to_service: str, note: str = "") -> httpx.Response:
        return self.does("transfer", ticket, service=to_service, note=note)

    def sets_counter(self, verb: str) -> httpx.Response:
        """open, pause or close this clerk's counter."""
        return self.http.post(f"/api/counters/{self.counter_id}/{verb}")

    def queue(self) -> list[dict]:
        return self.http.get("/api/staff/state").json()["tickets"]


@dataclass
class LobbyDisplay:
    """The TV in the waiting room: the public snapshot, then the public event stream."""

    public: httpx.Client
    stream: SSEReader

    def sees(self, predicate, timeout: float = 10) -> bool:
        return self.stream.wait_for(predicate, timeout)

    def snapshot(self) -> dict:
        return self.public.get("/api/state").json()


CITIZEN_NAMES = ("Ibu Siti", "Pak Joko", "Bu Rina", "Pak Made", "Nenek Sumarni")


def citizen(server, i: int = 1, name: Optional[str] = None) -> Citizen:
    return Citizen(name or CITIZEN_NAMES[i % len(CITIZEN_NAMES)], nik_for(i), server.kiosk(), server.client())


def clerk(server, index: int) -> Clerk:
    entry = server.creds["staff"][index]
    return Clerk(entry["username"], entry["counter"], server.staff(index))
