"""A kiosk's offline reserve: its leased blocks of numbers, and the upload of what it issued offline."""

from __future__ import annotations

import datetime as dt
from typing import Literal, Optional

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from common import nik as nik_rules
from server.domain import leases, offline_sync
from server.domain.day import current_day
from server.domain.regions import region_name
from server.http.context import ctx
from server.http.deps import current_kiosk

router = APIRouter(tags=["kiosk"])

Priority = Literal["lansia", "disabilitas", "ibu_hamil", "anak", "korban_bencana"]


class LeaseRequest(BaseModel):
    used: dict[str, int] = Field(default_factory=dict,
                                 description="Per service letter, the last leased number this kiosk used "
                                             "(offline tickets not synced yet count); a new block is leased "
                                             "when fewer than 10 are left")


class JournalEntry(BaseModel):
    request_id: str = Field(..., min_length=1, max_length=64, description="The id the kiosk gave the ticket; "
                                                                          "a second upload records nothing new")
    service: str = Field(..., min_length=1, max_length=1, description="Service code letter, e.g. A")
    nik: str = Field(..., pattern=r"^\d{16}$", description="16 digits, as checked by the kiosk")
    priority: Optional[Priority] = None
    number: str = Field(..., pattern=r"^[A-Z]-\d{1,4}$", description="The number printed, e.g. A-503 "
                                                                     "(from a block leased to this kiosk)")
    issued_at: float = Field(..., allow_inf_nan=False,
                             description="When the ticket was printed (Unix seconds, the kiosk's clock)")
    office_day: str = Field(..., pattern=r"^\d{4}-\d{2}-\d{2}$", description="The office day of the lease used")
    token: Optional[str] = Field(None, max_length=40, description="The token the kiosk printed in the QR "
                                                                  "(kept when well-formed and unused)")


class SyncRequest(BaseModel):
    entries: list[JournalEntry] = Field(..., max_length=500, description="The journal, oldest first")


@router.post("/api/kiosk/leases", summary="The kiosk's blocks of numbers for offline issuing (kiosk key)")
async def kiosk_leases(body: LeaseRequest, request: Request, kiosk_id: int = Depends(current_kiosk),
                       c=Depends(ctx)):
    """Today's blocks per kiosk-visible service, leasing any missing. The server's own numbering skips them."""
    zone = c.zone

    def job(tx):
        day = current_day(tx, zone)
        return day, leases.leases_for(tx, kiosk_id, day, body.used)

    day, held = await c.write(job)
    # the QR of a ticket printed offline points here, with the token the kiosk made
    return {"office_day": day, "leases": held, "block": leases.BLOCK,
            "status_base": f"{c.public_url(request)}/t/"}


@router.post("/api/kiosk/sync", summary="Upload tickets the kiosk issued offline (kiosk key)")
async def kiosk_sync(body: SyncRequest, kiosk_id: int = Depends(current_kiosk), c=Depends(ctx)):
    """Idempotent per request_id. Each entry is answered: ``new``, ``repeat``, ``merged`` (same NIK: the
    ticket kept is in ``merged_into``) or ``refused`` (``error``, e.g. ``not_leased``)."""
    today = dt.datetime.fromtimestamp(c.clock(), c.zone).date()
    entries = []
    for e in body.entries:
        nik = nik_rules.check(e.nik, today=today, region_lookup=region_name).digits or e.nik
        entries.append(offline_sync.Entry(request_id=e.request_id, service=e.service, nik=nik, priority=e.priority,
                                          number=e.number, issued_at=e.issued_at, office_day=e.office_day,
                                          token=e.token))
    zone = c.zone
    answers = await c.write(lambda tx: offline_sync.accept_all(tx, kiosk_id, entries, zone, c.office, c.waiting))
    return {"entries": answers}
