"""Read models the routers share: the office snapshot, the service tiles, the citizen's view.

They read through the office cache and the queries and shape with
``server.domain.payloads``; routers import these instead of each other.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from fastapi import Request

from server.domain import payloads
from server.domain import queue_rules as rules
from server.http.context import AppContext
from server.storage import queries as office
from server.storage.calendar import holiday_name
from server.storage.event_log import last_event_id
from server.storage.schema import AT_COUNTER, CALLED, office_settings, services, tickets


def services_view(conn, c: AppContext, day: str, *, kiosk_only: bool = False) -> list[dict]:
    waiting = office.waiting_counts(conn, day)
    issued = office.issued_counts(conn, day)
    local = dt.datetime.fromtimestamp(c.clock(), c.zone)
    holiday = holiday_name(conn, day) if kiosk_only else None  # kiosks refuse on a holiday, clerks may issue
    result = []
    for s in office.all_services(conn):
        if kiosk_only and not s.kiosk_visible:
            continue
        n = waiting.get(s.id, 0)
        refusal = rules.refusal_for(service_open=s.is_open, quota=s.daily_quota,
                                    issued_today=issued.get(s.id, 0),
                                    hours=rules.OpenHours.parse(s.open_hours), local_now=local, holiday=holiday)
        result.append({
            "code": s.code, "name": s.name_id, "name_en": s.name_en,
            "requirements": s.requirements_id, "requirements_en": s.requirements_en,
            "standard_minutes": s.standard_minutes, "kiosk_visible": s.kiosk_visible,
            "nik_optional": s.nik_optional, "icon": s.icon,
            "waiting": n, "eta_minutes": c.office.eta(conn, s, day, n),
            "available": refusal is None, "unavailable_reason": refusal,
            "quota": s.daily_quota, "issued_today": issued.get(s.id, 0),
        })
    return result


def office_profile(conn) -> dict:
    return {k: v for k, v in conn.execute(sa.select(office_settings.c.key, office_settings.c.value))}


# Built once (every display and staff page asks for the snapshot), and read from
# indexes whatever the day holds: who is at a counter from (office_day, status);
# the latest calls from ix_ticket_day_called, in call order, nothing sorted. The
# conditions are spelled as the partial indexes' (schema.AT_COUNTER, CALLED).
_AT_COUNTERS = sa.select(tickets).where(tickets.c.office_day == sa.bindparam("day"), sa.text(AT_COUNTER))
_RECENT_CALLS = (sa.select(tickets).where(tickets.c.office_day == sa.bindparam("day"), sa.text(CALLED))
                 .order_by(tickets.c.called_at.desc()).limit(10))


def public_state(conn, c: AppContext) -> dict:
    day = c.today()
    code_of = dict(conn.execute(sa.select(services.c.id, services.c.code)).all())
    current = {r.counter_id: r for r in conn.execute(_AT_COUNTERS, {"day": day})}
    counter_rows = office.all_counters(conn)
    counter_views = [payloads.counter_public(ct, current.get(ct.id),
                                             code_of[current[ct.id].service_id] if ct.id in current else None)
                     for ct in counter_rows]
    names = {ct.id: ct.name for ct in counter_rows}
    recent = conn.execute(_RECENT_CALLS, {"day": day})
    return {
        "last_event_id": last_event_id(conn), "office_day": day, "now": c.clock(),
        "timezone": c.zone.key, "office": office_profile(conn), "nik_retention_days": c.retention_days,
        "services": services_view(conn, c, day), "counters": counter_views,
        "recent_calls": [payloads.recent_call(t, code_of[t.service_id], names.get(t.counter_id)) for t in recent],
    }


def citizen_view(facts: payloads.CitizenTicket, c: AppContext, request: Request) -> dict:
    """The citizen's view of their ticket, with the address of its status page."""
    view = payloads.ticket_citizen(facts, c.zone)
    view["status_url"] = f"{c.public_url(request)}/t/{facts.ticket.token}"
    return view
