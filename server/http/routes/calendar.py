"""Working days: the office's holiday calendar (read by any staff page, kept by the admin)."""

from __future__ import annotations

from typing import Literal, Optional

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from server.domain import holiday_calendar
from server.domain.accounts import Staff
from server.domain.errors import DomainError
from server.http.context import AppContext, ctx
from server.http.deps import auth_first, current_staff, require
from server.storage import calendar

router = APIRouter(tags=["calendar"], route_class=auth_first("staff"))

CSV_MAX_BYTES = 60_000  # a thousand lines of holidays, with room to spare


class HolidayBody(BaseModel):
    day: str = Field(..., pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD")
    name: str = Field(..., max_length=120, description="As the office says it, e.g. Hari Kemerdekaan RI")
    kind: Literal["nasional", "cuti_bersama", "lokal"] = Field("lokal", description="vocabulary HOLIDAY_KINDS")


@router.get("/api/holidays", summary="The office's holidays of a year (any staff)")
def list_holidays(year: Optional[int] = Query(None, ge=2000, le=2100, description="Default: this year"),
                  format: Literal["json", "csv"] = Query("json", description="csv: tanggal,nama,jenis"),
                  user: Staff = Depends(current_staff), c: AppContext = Depends(ctx)):
    """``{"year", "holidays": [{"day", "name", "kind", "source"}]}``; ``source`` is library, admin or import.
    With ``format=csv`` the same days as the import reads them."""
    year = year or int(c.today()[:4])
    with c.db.read() as conn:
        rows = calendar.list_holidays(conn, year)
    if format == "csv":
        return Response(holiday_calendar.to_csv(rows), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="hari-libur-{year}.csv"'})
    return {"year": year, "holidays": rows}


@router.post("/api/admin/holidays", status_code=201, summary="Add or change a holiday (admin)")
async def save_holiday(body: HolidayBody, user: Staff = Depends(require("admin")),
                       c: AppContext = Depends(ctx)) -> dict:
    data = body.model_dump()
    return await c.write(lambda tx: calendar.save_holiday(tx, data, user.actor))


@router.delete("/api/admin/holidays/{day}", summary="Remove a holiday (admin)")
async def remove_holiday(day: str, user: Staff = Depends(require("admin")), c: AppContext = Depends(ctx)) -> dict:
    if holiday_calendar.parse_day(day) is None:
        raise DomainError("unknown_holiday")
    await c.write(lambda tx: calendar.remove_holiday(tx, day, user.actor))
    return {"removed": day}


@router.post("/api/admin/holidays/import", summary="Import holidays from CSV: tanggal,nama,jenis (admin)",
             openapi_extra={"requestBody": {"content": {"text/csv": {"schema": {"type": "string"}}}}})
async def import_holidays(request: Request, user: Staff = Depends(require("admin")),
                          c: AppContext = Depends(ctx)) -> dict:
    """The body is the CSV file itself (``text/csv``, UTF-8). All lines or none: the first bad line is named
    in the refusal (``invalid_csv``, with ``line``). Days already in the calendar take the file's name and kind."""
    data = bytearray()
    async for chunk in request.stream():
        data.extend(chunk)
        if len(data) > CSV_MAX_BYTES:
            raise DomainError("request_too_large")
    try:
        text = bytes(data).decode("utf-8")
    except UnicodeDecodeError:
        raise DomainError("invalid_csv", message="Berkas harus teks CSV (UTF-8). Tidak ada yang diimpor.",
                          message_en="The file must be CSV text (UTF-8). Nothing was imported.") from None
    return await c.write(lambda tx: calendar.import_csv(tx, text, user.actor))
