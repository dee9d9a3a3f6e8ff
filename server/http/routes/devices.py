"""What kiosks and displays call themselves (pairing, heartbeats, their settings), and the
technician's side of displays: zones (waiting rooms) and each display's zone and language."""

from __future__ import annotations

import json
import math
from typing import Annotated, Literal, Optional

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field, field_validator

from server.domain import devices, survey, zones
from server.domain.accounts import Staff
from server.domain.errors import DomainError
from server.http.context import AppContext, ctx
from server.http.deps import MAX_ID, Id, auth_first, bearer, require
from server.storage.schema import devices as devices_table

# Both routers are served through ``router`` (included at the end of this module).
device_router = APIRouter(tags=["devices"], prefix="/api/devices")
zone_router = APIRouter(tags=["admin"], prefix="/api/admin", route_class=auth_first("admin"))
is_admin = require("admin")


class PairBody(BaseModel):
    code: str = Field(..., min_length=4, max_length=20)
    kind: Optional[Literal["kiosk", "display", "survey"]] = Field(
        None, description="The kind of device asking: a code for another kind is refused and stays valid")


@device_router.post("/pair")
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


class OfflineReport(BaseModel):
    """A kiosk's offline reserve (kiosk.offline): no personal data."""
    offline: bool = Field(False, description="The server did not answer the kiosk's last try")
    pending: int = Field(0, ge=0, description="Tickets issued offline, not yet uploaded")
    issued_offline: int = Field(0, ge=0, description="Tickets this kiosk ever issued offline")
    last_sync: Optional[float] = Field(None, allow_inf_nan=False, description="Last upload (Unix seconds)")


class Heartbeat(BaseModel):
    version: Optional[str] = Field(None, max_length=40)
    offline: Optional[OfflineReport] = None
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
    kind: Literal["kiosk", "display", "survey"]
    name: str
    server_time: float
    zone_id: Optional[int] = Field(None, description="The display's zone (waiting room); null: the whole office")
    language: Literal["id", "en"] = Field("id", description="The language its pages speak")


@device_router.get("/me", response_model=DeviceIdentity,
            responses={401: {"description": "The key is missing, invalid or revoked (unauthenticated)"}})
def me(device_id: int = Depends(current_device), c: AppContext = Depends(ctx)) -> dict:
    """Which device this key belongs to, and the server's clock. Changes nothing: no
    heartbeat, no last_seen (the kiosk's "Tes server" and ``--check``)."""
    with c.db.read() as conn:
        row = conn.execute(sa.select(devices_table.c.kind, devices_table.c.name, devices_table.c.zone_id,
                                     devices_table.c.language).where(devices_table.c.id == device_id)).first()
    if row is None:  # removed since the key cache was loaded
        raise DomainError("unauthenticated")
    return {"device_id": device_id, "kind": row.kind, "name": row.name, "server_time": c.clock(),
            "zone_id": row.zone_id, "language": row.language or "id"}


@device_router.post("/heartbeat")
async def heartbeat(body: Heartbeat, device_id: int = Depends(current_device), c: AppContext = Depends(ctx)) -> dict:
    """A kiosk or display says it is alive, with its printer state; changes reach admin and staff pages.

    The answer carries the device's ``zone_id`` and ``language``, so a display follows a change
    made on /admin within one heartbeat, without being visited."""
    report = body.model_dump(exclude_none=True)

    def job(tx):
        devices.heartbeat(tx, device_id, report)
        c.health.check(tx)
        return zones.device_settings(tx.conn, device_id)
    settings = await c.write(job)
    return {"ok": True, "device_id": device_id, "server_time": c.clock(),
            "interval_seconds": max(5.0, c.settings.device_offline_seconds / 3), **settings}


# -- zones and display settings (the technician, on /admin) ---------------------------

BodyId = Annotated[int, Field(ge=1, le=MAX_ID)]


class ZoneBody(BaseModel):
    name: str = Field(..., max_length=200, description="e.g. \"Ruang tunggu lantai 2\"")
    counters: list[BodyId] = Field(default_factory=list, max_length=200,
                               description="the counters in this room; its services are what they serve")


class Zone(BaseModel):
    id: int
    name: str
    counters: list[int] = Field(description="counter ids, in the counters' order")
    services: list[str] = Field(description="codes of the services these counters serve")


@zone_router.get("/zones", response_model=list[Zone], summary="List the zones (waiting rooms)")
def list_zones(user: Staff = Depends(is_admin), c: AppContext = Depends(ctx)) -> list[dict]:
    with c.db.read() as conn:
        return zones.list_zones(conn)


@zone_router.post("/zones", status_code=201, response_model=Zone, summary="Create a zone")
async def create_zone(body: ZoneBody, user: Staff = Depends(is_admin), c: AppContext = Depends(ctx)) -> dict:
    """A waiting room and its counters. Displays read zones with their snapshot, so every
    display is told (``office.changed``) and the ones in this zone narrow at once."""
    def job(tx):
        return zones.zone(tx.conn, zones.save(tx, None, body.name, body.counters, user.actor))
    return await c.write(job)


@zone_router.put("/zones/{zone_id}", response_model=Zone, summary="Rename a zone or change its counters")
async def update_zone(zone_id: Id, body: ZoneBody, user: Staff = Depends(is_admin),
                      c: AppContext = Depends(ctx)) -> dict:
    def job(tx):
        return zones.zone(tx.conn, zones.save(tx, zone_id, body.name, body.counters, user.actor))
    return await c.write(job)


@zone_router.delete("/zones/{zone_id}", summary="Remove a zone (its displays show the whole office)")
async def delete_zone(zone_id: Id, user: Staff = Depends(is_admin), c: AppContext = Depends(ctx)) -> dict:
    await c.write(lambda tx: zones.delete(tx, zone_id, user.actor))
    return {"id": zone_id, "deleted": True}


class DisplaySettings(BaseModel):
    zone_id: Optional[BodyId] = Field(None, description="null: the whole office")
    language: Literal["id", "en"] = "id"
    counters: Optional[list[BodyId]] = Field(None, max_length=100,
                                             description="A survey tablet's counters (null: unchanged)")


@zone_router.put("/devices/{device_id}/settings", summary="Set a display's zone and language, a survey tablet's counters")
async def configure_device(device_id: Id, body: DisplaySettings, user: Staff = Depends(is_admin),
                           c: AppContext = Depends(ctx)) -> dict:
    """The display learns it from its next heartbeat's answer (or at once when it reloads)."""
    def job(tx):
        done = zones.configure_device(tx, device_id, body.zone_id, body.language, user.actor)
        if body.counters is not None:
            done["counters"] = survey.link_counters(tx, device_id, body.counters, user.actor)
        return done
    return await c.write(job)


router = APIRouter()
router.include_router(device_router)
router.include_router(zone_router)
