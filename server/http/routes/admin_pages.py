"""The technician's pages: ``/admin`` (office setup and device watch) and ``/pair`` (a display TV
pairs itself), plus the pairing QR code the admin page shows.

The pages are static files in ``server/pages`` like the others; everything they change goes
through ``/api/admin/*``. This module only decides who may see ``/admin`` and draws the QR.
"""

from __future__ import annotations

import io
import re

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from server.domain import accounts as auth
from server.domain import devices
from server.domain.accounts import Staff
from server.domain.errors import DomainError
from server.http.context import AppContext, ctx
from server.http.deps import Id, authenticate, require
from server.http.static import page
from server.storage.schema import devices as devices_table

router = APIRouter(include_in_schema=False)

SECTIONS = ("office", "services", "counters", "outcomes", "users", "holidays", "letters", "notifications", "devices")
_CODE = re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}$")


def _adminpage(request: Request, c: AppContext, section: str) -> Response:
    try:
        user = authenticate(request, c)
    except DomainError:
        return RedirectResponse(f"/login?next=/admin/{section}", status_code=303)
    if not user.has("admin"):
        # A clerk who followed a link: say why, politely, and where to go instead.
        response = page("admin-only.html", private=True)
        response.status_code = 403
        return response
    return page("admin.html", private=True)


@router.get("/admin")
def admin_home(request: Request, c: AppContext = Depends(ctx)) -> Response:
    return _adminpage(request, c, "office")


@router.get("/admin/{section}")
def admin_section(section: str, request: Request, c: AppContext = Depends(ctx)) -> Response:
    if section not in SECTIONS:
        raise DomainError("not_found")
    return _adminpage(request, c, section)


@router.get("/pair")
def pairpage() -> Response:
    # Public on purpose: the TV has nobody logged in; the one-time code is the credential.
    return page("pair.html", private=True)


def pair_url(request: Request, c: AppContext, code: str) -> str:
    """Where a device opens to pair. The configured public URL wins; otherwise the address the
    admin's browser used, which (unlike a bind address such as 0.0.0.0) the LAN can reach."""
    base = c.public_url(request)
    return f"{base}/pair?code={code}"


@router.get("/api/admin/devices/{device_id}/pairing-qr.png")
async def pairing_qr(device_id: Id, request: Request, code: str = Query(..., max_length=20),
                     user: Staff = Depends(require("admin")), c: AppContext = Depends(ctx)) -> Response:
    """The device's pair URL as a QR code (PNG). Only for the code that is currently valid,
    so this endpoint cannot be used to draw arbitrary QR codes."""
    code = devices.normalize_code(code)
    if not _CODE.match(code):
        raise DomainError("invalid_pairing_code")
    with c.db.read() as conn:
        row = conn.execute(sa.select(devices_table.c.pairing_hash, devices_table.c.pairing_expires)
                           .where(devices_table.c.id == device_id)).first()
    if row is None:
        raise DomainError("unknown_device")
    if row.pairing_hash != auth.digest(code) or (row.pairing_expires or 0) < c.clock():
        raise DomainError("invalid_pairing_code")
    png = await run_in_threadpool(_qr_png, pair_url(request, c, code))
    return Response(png, media_type="image/png", headers={"Cache-Control": "no-store"})


def _qr_png(text: str) -> bytes:
    import qrcode
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=3)
    qr.add_data(text)
    qr.make(fit=True)
    out = io.BytesIO()
    qr.make_image(fill_color="black", back_color="white").save(out)
    return out.getvalue()
