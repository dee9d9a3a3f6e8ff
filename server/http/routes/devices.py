"""What kiosks and displays call themselves: pairing and heartbeats."""

from __future__ import annotations

import json
import math
from typing import Literal, Optional

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field, field_validator

from server.domain import devices
from server.domain.errors import DomainError
from server.http.context import AppContext, ctx
from server.http.deps import bearer
from server.storage.schema import devices as devices_table

router = APIRouter(tags=["devices"], prefix="/api/devices")


class PairBody(BaseModel):
    code: str = Field(..., min_length=4, max_length=20)
    kind: Optional[Literal["kiosk", "display"]] = Field(
        None, description="The kind of device asking: a code for another kind is refused and stays valid")


@router.post("/pair")
async def pair(body: PairBody, request: Request, c: AppContext = Depends(ctx)) -> dict:
    """Trade the one-time pairing code shown on the admin page for this device's own key."""
    address = f"pair:{request.client.host if request.client else '?'}"
    wait = c.limiter.reserve({address: c.settings.login_max_failures})
    if wait > 0:
        raise DomainError("too_many_attempts", retry_after=int(wait) + 1)
    try:
        result = await c.write(lambda tx: devices.pair(tx, body.code, body.kind))
    except DomainError:
        c.limiter.failed(address)
        raise
    except BaseException:
        c.limiter.settled(address)
        raise
    c.limiter.settled(address)  # the writer has reloaded the device keys after the commit
    return {**result, "server": c.public_url(request)}


class PrinterReport(BaseModel):
    state: Literal["ok", "paper_low", "paper_out", "offline", "error", "unknown", "none"] = "unknown"
    detail: Optional[str] = Field(None, max_length=300)


INFO_MAX_BYTES = 4096
INFO_MAX_DEPTH = 4


def check_info(value: Optional[dict]) -> Optional[dict]:
    """A device's free-form ``info``: at most 4 levels of objects and lists, plain values as
    leaves, 4 KiB as JSON. It is stored and shown on /admin; a bigger one broke that page."""
    if value is None:
        return None

    def walk(v, depth: int) -> None:
        if isinstance(v, (dict, list)):
            if depth > INFO_MAX_DEPTH:
                raise ValueError(f"nested deeper than {INFO_MAX_DEPTH} levels")
            for item in (v.values() if isinstance(v, dict) else v):
                walk(item, depth + 1)
        elif isinstance(v, float) and not math.isfinite(v):
            raise ValueError("numbers must be finite")
        elif v is not None and not isinstance(v, (str, int, float, bool)):
            raise ValueError("values must be text, numbers, true/false or null")
    walk(value, 1)
    if len(json.dumps(value, ensure_ascii=False).encode()) > INFO_MAX_BYTES:
        raise ValueError(f"more than {INFO_MAX_BYTES} bytes as JSON")
    return value


class Heartbeat(BaseModel):
    version: Optional[str] = Field(None, max_length=40)
    printer: Optional[PrinterReport] = None
    last_error: Optional[str] = Field(None, max_length=500, description="e.g. the last print failure, no NIK")
    last_error_at: Optional[float] = Field(None, allow_inf_nan=False)
    info: Optional[dict] = Field(None, description=f"free-form: depth <= {INFO_MAX_DEPTH}, <= {INFO_MAX_BYTES} "
                                                   "bytes as JSON, leaves text/number/boolean/null")

    @field_validator("info")
    @classmethod
    def _bounded_info(cls, value: Optional[dict]) -> Optional[dict]:
        return check_info(value)


async def current_device(request: Request, c: AppContext = Depends(ctx)) -> int:
    key = bearer(request)
    device_id = c.device_keys.lookup(key) if key else None
    if device_id is None:
        raise DomainError("unauthenticated", message="Kunci perangkat tidak valid atau sudah dicabut.",
                          message_en="The device key is missing, invalid or revoked.")
    return device_id


class DeviceIdentity(BaseModel):
    device_id: int
    kind: Literal["kiosk", "display"]
    name: str
    server_time: float


@router.get("/me", response_model=DeviceIdentity,
            responses={401: {"description": "The key is missing, invalid or revoked (unauthenticated)"}})
def me(device_id: int = Depends(current_device), c: AppContext = Depends(ctx)) -> dict:
    """Which device this key belongs to, and the server's clock. Changes nothing: no
    heartbeat, no last_seen (the kiosk's "Tes server" and ``--check``)."""
    with c.db.read() as conn:
        row = conn.execute(sa.select(devices_table.c.kind, devices_table.c.name)
                           .where(devices_table.c.id == device_id)).first()
    if row is None:  # removed since the key cache was loaded
        raise DomainError("unauthenticated")
    return {"device_id": device_id, "kind": row.kind, "name": row.name, "server_time": c.clock()}


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
