"""What kiosks and displays call themselves: pairing and heartbeats."""

from __future__ import annotations

from typing import Literal, Optional

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from server.domain import devices
from server.domain.errors import DomainError
from server.http.context import AppContext, ctx
from server.http.deps import bearer

router = APIRouter(tags=["devices"], prefix="/api/devices")


class PairBody(BaseModel):
    code: str = Field(..., min_length=4, max_length=20)
    kind: Optional[Literal["kiosk", "display"]] = Field(
        None, description="The kind of device asking: a code for another kind is refused and stays valid")


@router.post("/pair")
async def pair(body: PairBody, request: Request, c: AppContext = Depends(ctx)) -> dict:
    """Trade the one-time pairing code shown on the admin page for this device's own key."""
    address = f"pair:{request.client.host if request.client else '?'}"
    wait = c.limiter.retry_after(address)
    if wait > 0:
        raise DomainError("too_many_attempts", retry_after=int(wait) + 1)
    try:
        result = await c.write(lambda tx: devices.pair(tx, body.code, body.kind))
    except DomainError:
        c.limiter.failed(address)
        raise
    with c.db.read() as conn:
        c.device_keys.reload(conn)
    return {**result, "server": c.public_url(request)}


class PrinterReport(BaseModel):
    state: Literal["ok", "paper_low", "paper_out", "offline", "error", "unknown", "none"] = "unknown"
    detail: Optional[str] = Field(None, max_length=300)


class Heartbeat(BaseModel):
    version: Optional[str] = Field(None, max_length=40)
    printer: Optional[PrinterReport] = None
    last_error: Optional[str] = Field(None, max_length=500, description="e.g. the last print failure, no NIK")
    last_error_at: Optional[float] = None
    info: Optional[dict] = None


async def current_device(request: Request, c: AppContext = Depends(ctx)) -> int:
    key = bearer(request)
    device_id = c.device_keys.lookup(key) if key else None
    if device_id is None:
        raise DomainError("unauthenticated", message="Kunci perangkat tidak valid atau sudah dicabut.",
                          message_en="The device key is missing, invalid or revoked.")
    return device_id


@router.post("/heartbeat")
async def heartbeat(body: Heartbeat, device_id: int = Depends(current_device), c: AppContext = Depends(ctx)) -> dict:
    """A kiosk or display says it is alive, with its printer state; changes reach admin and staff pages."""
    report = body.model_dump(exclude_none=True)

    def job(tx):
        devices.heartbeat(tx, device_id, report)
        c.health.check(tx)
    await c.write(job)
    return {"ok": True, "device_id": device_id, "server_time": c.clock(),
            "interval_seconds": max(5.0, c.settings.device_offline_seconds / 3)}
