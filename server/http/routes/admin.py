"""Administration API (admin role): office profile, services, counters, accounts, devices, logo."""

from __future__ import annotations

from typing import Literal

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from server.domain import devices, logo
from server.domain import office_setup as admin
from server.domain.accounts import Staff
from server.domain.complaints import DEFAULT_RESPONSE_DAYS
from server.domain.errors import DomainError
from server.http.context import AppContext, ctx
from server.http.deps import Id, auth_first, require
from server.storage.files import write_private
from server.storage.remote_queries import all_capacities
from server.storage.schema import counter_services, counters, services, users

router = APIRouter(tags=["admin"], prefix="/api/admin", route_class=auth_first("admin"))
is_admin = require("admin")

LOGO_MAX_BYTES = logo.MAX_BYTES


async def _change(c: AppContext, fn):
    """Run an office change. The writer refreshes the office snapshot, device keys and
    sessions after the commit and before answering (the jobs say what they touched)."""
    result = await c.write(fn)
    c.hub.recheck_staff()  # a deactivated or reset account's event streams end now
    return result


@router.get("/office")
def get_office(user: Staff = Depends(is_admin), c: AppContext = Depends(ctx)) -> dict:
    with c.db.read() as conn:
        profile = admin.read_profile(conn)
    profile.setdefault("timezone", c.settings.timezone)
    profile.setdefault("nik_retention_days", c.settings.nik_retention_days)
    profile.setdefault("complaint_response_days", DEFAULT_RESPONSE_DAYS)
    return profile


@router.put("/office")
async def put_office(body: dict, user: Staff = Depends(is_admin), c: AppContext = Depends(ctx)) -> dict:
    """Change any of: name, address, timezone, data_source, legal_basis, running_text,
    announcement_phrase, ticket_footer, nik_retention_days, voice, complaint_response_days (working days),
    and the printed reports' signature block: city, head_name, head_title, head_nip (18 digits)."""
    return await _change(c, lambda tx: admin.update_profile(tx, body, user.actor))


@router.put("/logo", openapi_extra={"requestBody": {"content": {"image/png": {}, "image/jpeg": {}}}})
async def put_logo(request: Request, user: Staff = Depends(is_admin), c: AppContext = Depends(ctx)) -> dict:
    """Upload the office logo as the raw body (PNG or JPEG, 2 MB at most); stored as a PNG."""
    data = bytearray()
    async for chunk in request.stream():
        data.extend(chunk)
        if len(data) > LOGO_MAX_BYTES:
            raise DomainError("image_too_large")
    png = await run_in_threadpool(logo.normalise, bytes(data))  # decoding and resizing: not on the loop
    await run_in_threadpool(write_private, c.settings.data_dir / "logo.png", png)
    version = await _change(c, lambda tx: admin.logo_changed(tx, user.actor))
    return {"logo_version": version, "bytes": len(png)}


@router.get("/services")
def get_services(user: Staff = Depends(is_admin), c: AppContext = Depends(ctx)) -> list[dict]:
    with c.db.read() as conn:
        return [{**r._mapping, "slots": all_capacities(conn, r.id)}  # booking capacities (issue 13)
                for r in conn.execute(sa.select(services).order_by(services.c.position))]


@router.post("/services", status_code=201)
async def create_service(body: dict, user: Staff = Depends(is_admin), c: AppContext = Depends(ctx)) -> dict:
    return {"id": await _change(c, lambda tx: admin.save_service(tx, None, body, user.actor))}


@router.put("/services/{service_id}")
async def update_service(service_id: Id, body: dict, user: Staff = Depends(is_admin),
                         c: AppContext = Depends(ctx)) -> dict:
    return {"id": await _change(c, lambda tx: admin.save_service(tx, service_id, body, user.actor))}


class Order(BaseModel):
    codes: list[str] = Field(..., min_length=1)


@router.post("/services/order")
async def order_services(body: Order, user: Staff = Depends(is_admin), c: AppContext = Depends(ctx)) -> dict:
    await _change(c, lambda tx: admin.reorder_services(tx, body.codes, user.actor))
    return {"codes": body.codes}


@router.get("/counters")
def get_counters(user: Staff = Depends(is_admin), c: AppContext = Depends(ctx)) -> list[dict]:
    with c.db.read() as conn:
        codes = dict(conn.execute(sa.select(services.c.id, services.c.code)).all())
        served: dict[int, list[str]] = {}
        for cid, sid in conn.execute(sa.select(counter_services.c.counter_id, counter_services.c.service_id)
                                     .order_by(counter_services.c.position)):
            served.setdefault(cid, []).append(codes[sid])
        return [{**dict(r._mapping), "services": served.get(r.id, [])}
                for r in conn.execute(sa.select(counters).order_by(counters.c.position))]


@router.post("/counters", status_code=201)
async def create_counter(body: dict, user: Staff = Depends(is_admin), c: AppContext = Depends(ctx)) -> dict:
    return {"id": await _change(c, lambda tx: admin.save_counter(tx, None, body, user.actor))}


@router.put("/counters/{counter_id}")
async def update_counter(counter_id: Id, body: dict, user: Staff = Depends(is_admin),
                         c: AppContext = Depends(ctx)) -> dict:
    return {"id": await _change(c, lambda tx: admin.save_counter(tx, counter_id, body, user.actor))}


def _user_view(r) -> dict:
    return {"id": r.id, "username": r.username, "display_name": r.display_name, "role": r.role,
            "active": r.active, "counter_id": r.counter_id, "language": r.language or "id",
            "complaint_officer": bool(r.complaint_officer), "letter_signer": bool(r.letter_signer)}


@router.get("/users")
def get_users(user: Staff = Depends(is_admin), c: AppContext = Depends(ctx)) -> list[dict]:
    with c.db.read() as conn:
        return [_user_view(r) for r in conn.execute(sa.select(users).order_by(users.c.id))]


@router.post("/users", status_code=201)
async def create_user(body: dict, user: Staff = Depends(is_admin), c: AppContext = Depends(ctx)) -> dict:
    """Create an account; without a ``password`` one is generated and returned once."""
    uid, password = await _change(c, lambda tx: admin.save_user(tx, None, body, user.actor))
    return {"id": uid, "password": password}


@router.put("/users/{user_id}")
async def update_user(user_id: Id, body: dict, user: Staff = Depends(is_admin), c: AppContext = Depends(ctx)) -> dict:
    """Change an account: display name, role, counter, ``active``, ``language`` (id or en:
    the language of that person's pages), ``password``; only the fields given change."""
    uid, _ = await _change(c, lambda tx: admin.save_user(tx, user_id, body, user.actor))
    return {"id": uid}


@router.post("/users/{user_id}/reset-password")
async def reset_password(user_id: Id, user: Staff = Depends(is_admin), c: AppContext = Depends(ctx)) -> dict:
    """A new generated password, shown once; the account is logged out everywhere."""
    return {"password": await _change(c, lambda tx: admin.reset_password(tx, user_id, user.actor))}


class NewDevice(BaseModel):
    kind: Literal["kiosk", "display", "survey"]
    name: str = Field(..., min_length=1, max_length=120)


@router.get("/devices")
def get_devices(user: Staff = Depends(is_admin), c: AppContext = Depends(ctx)) -> dict:
    with c.db.read() as conn:
        return {"offline_after_seconds": c.settings.device_offline_seconds,
                "devices": devices.list_devices(conn, c.clock(), c.settings.device_offline_seconds)}


def _pairing(c: AppContext, request: Request, device_id: int, code: str) -> dict:
    return {"id": device_id, "pairing_code": code, "expires_in_minutes": c.settings.pairing_minutes,
            "pair_url": f"{c.public_url(request)}/pair?code={code}"}


@router.post("/devices", status_code=201)
async def create_device(body: NewDevice, request: Request, user: Staff = Depends(is_admin),
                        c: AppContext = Depends(ctx)) -> dict:
    """A new kiosk or display entry with a one-time pairing code for the technician."""
    device_id, code = await _change(c, lambda tx: devices.create(tx, body.kind, body.name, c.settings.pairing_minutes,
                                                                 user.actor))
    return _pairing(c, request, device_id, code)


@router.post("/devices/{device_id}/pairing-code")
async def new_pairing_code(device_id: Id, request: Request, user: Staff = Depends(is_admin),
                           c: AppContext = Depends(ctx)) -> dict:
    code = await _change(c, lambda tx: devices.new_code(tx, device_id, c.settings.pairing_minutes, user.actor))
    return _pairing(c, request, device_id, code)


@router.post("/devices/{device_id}/revoke")
async def revoke_device(device_id: Id, user: Staff = Depends(is_admin), c: AppContext = Depends(ctx)) -> dict:
    await _change(c, lambda tx: devices.revoke(tx, device_id, user.actor))
    return {"id": device_id, "revoked": True}
