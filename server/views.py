"""Turning rows into what each audience may see.

Public views (display, ticket status page, public event stream) never contain a
NIK, a name, a priority category or a note. Staff views add those, except the
full NIK, which only the audited ticket-detail view returns.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional
from zoneinfo import ZoneInfo

from common.nik import mask


def iso(ts: Optional[float], zone: ZoneInfo) -> Optional[str]:
    if ts is None:
        return None
    return dt.datetime.fromtimestamp(ts, zone).isoformat(timespec="seconds")


def service_public(s) -> dict:
    return {"id": s.id, "code": s.code, "name": s.name_id, "name_en": s.name_en}


def ticket_public(t, service_code: str, counter_name: Optional[str] = None) -> dict:
    return {
        "id": t.id, "number": t.number, "service": service_code, "status": t.status,
        "counter_id": t.counter_id, "counter": counter_name, "recalls": t.recalls,
    }


def ticket_staff(t, service_code: str, counter_name: Optional[str], zone: ZoneInfo, now: float) -> dict:
    view = ticket_public(t, service_code, counter_name)
    view.update({
        "priority": t.priority, "priority_confirmed": t.priority_confirmed,
        "transferred": t.transfers > 0, "notes": t.notes or [],
        "nik_masked": mask(t.nik) if t.nik else None,
        "issued_at": iso(t.issued_at, zone), "queued_at": iso(t.queued_at, zone),
        "called_at": iso(t.called_at, zone),
        "waited_seconds": int((t.called_at or now) - t.issued_at),
    })
    return view
