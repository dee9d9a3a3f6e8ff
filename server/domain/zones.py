"""Display zones: the waiting rooms of an office, and what a display in one may show.

An office with two waiting rooms hangs a TV in each; the TV in the first room must
call only the first room's counters, or citizens walk to the wrong room. A zone
names its counters; its services are the ones those counters serve (so moving a
service to another counter never leaves a zone out of date). A display with no
zone shows the whole office.

``narrow`` is the rule, pure; the rest reads and writes zones in a transaction.
"""

from __future__ import annotations

from typing import Iterable, Optional

import sqlalchemy as sa

from common import vocabulary as vocab
from server.domain.errors import DomainError
from server.storage.db import Tx
from server.storage.schema import counter_services, counters, devices, services, zone_counters, zones

NAME_MAX = 60
LANGUAGES = tuple(vocab.LANGUAGES)


def _problem(field: str, message: str, message_en: str) -> DomainError:
    return DomainError("invalid_field", errors=[{"field": field, "message": message, "message_en": message_en}])


def unknown_zone() -> DomainError:
    return DomainError("not_found", message="Zona tidak ditemukan.", message_en="Zone not found.")


def narrow(snapshot: dict, counter_ids: Iterable[int], service_codes: Iterable[str]) -> dict:
    """The public snapshot as a display in one zone sees it: its counters, its services,
    the calls to its counters. Pure: the same rule the page applies to each event."""
    ids, codes = set(counter_ids), set(service_codes)
    return {**snapshot,
            "counters": [c for c in snapshot["counters"] if c["id"] in ids],
            "services": [s for s in snapshot["services"] if s["code"] in codes],
            "recent_calls": [r for r in snapshot["recent_calls"] if r.get("counter_id") in ids]}


def list_zones(conn: sa.Connection) -> list[dict]:
    """Every zone with its counters (ids, in the counters' order) and the codes of the
    services they serve (in the services' order)."""
    members: dict[int, list[int]] = {}
    for zone_id, counter_id in conn.execute(
            sa.select(zone_counters.c.zone_id, zone_counters.c.counter_id)
            .join(counters, counters.c.id == zone_counters.c.counter_id)
            .order_by(counters.c.position, counters.c.id)):
        members.setdefault(zone_id, []).append(counter_id)
    served: dict[int, set[str]] = {}
    order: dict[str, int] = {}
    for counter_id, code, position in conn.execute(
            sa.select(counter_services.c.counter_id, services.c.code, services.c.position)
            .join(services, services.c.id == counter_services.c.service_id)):
        served.setdefault(counter_id, set()).add(code)
        order[code] = position
    result = []
    for z in conn.execute(sa.select(zones).order_by(zones.c.position, zones.c.id)):
        ids = members.get(z.id, [])
        codes = set().union(*(served.get(i, set()) for i in ids)) if ids else set()
        result.append({"id": z.id, "name": z.name, "counters": ids,
                       "services": sorted(codes, key=lambda c: (order.get(c, 0), c))})
    return result


def zone(conn: sa.Connection, zone_id: int) -> dict:
    for z in list_zones(conn):
        if z["id"] == zone_id:
            return z
    raise unknown_zone()


def save(tx: Tx, zone_id: Optional[int], name: str, counter_ids: list[int], actor: str) -> int:
    """Create (``zone_id`` None) or change a zone: its name and its counters."""
    name = (name or "").strip()
    if not name or len(name) > NAME_MAX:
        raise _problem("name", f"Nama zona wajib diisi (paling banyak {NAME_MAX} huruf).",
                       f"The zone needs a name (at most {NAME_MAX} characters).")
    taken = tx.conn.execute(sa.select(zones.c.id).where(zones.c.name == name)).scalar()
    if taken is not None and taken != zone_id:
        raise _problem("name", "Nama zona sudah dipakai.", "Another zone already has this name.")
    known = set(tx.conn.execute(sa.select(counters.c.id)).scalars())
    wanted = list(dict.fromkeys(counter_ids))
    if any(i not in known for i in wanted):
        raise _problem("counters", "Ada loket yang tidak dikenal.", "Some counters do not exist.")
    if zone_id is None:
        position = tx.conn.execute(sa.select(sa.func.coalesce(sa.func.max(zones.c.position), 0))).scalar() + 1
        zone_id = tx.conn.execute(zones.insert().values(name=name, position=position)).inserted_primary_key[0]
        tx.audit(actor, "zone.created", detail={"zone": zone_id, "name": name, "counters": wanted})
    else:
        if tx.conn.execute(zones.update().where(zones.c.id == zone_id).values(name=name)).rowcount == 0:
            raise unknown_zone()
        tx.conn.execute(zone_counters.delete().where(zone_counters.c.zone_id == zone_id))
        tx.audit(actor, "zone.changed", detail={"zone": zone_id, "name": name, "counters": wanted})
    if wanted:
        tx.conn.execute(zone_counters.insert(), [{"zone_id": zone_id, "counter_id": i} for i in wanted])
    # Displays read their zone with the snapshot: an office change makes every one read it again.
    tx.emit("office.changed", {"what": "zones"}, actor=actor)
    return zone_id


def delete(tx: Tx, zone_id: int, actor: str) -> None:
    """Remove a zone; its displays show the whole office again."""
    row = tx.conn.execute(sa.select(zones).where(zones.c.id == zone_id)).first()
    if row is None:
        raise unknown_zone()
    tx.conn.execute(devices.update().where(devices.c.zone_id == zone_id).values(zone_id=None))
    tx.conn.execute(zone_counters.delete().where(zone_counters.c.zone_id == zone_id))
    tx.conn.execute(zones.delete().where(zones.c.id == zone_id))
    tx.audit(actor, "zone.deleted", detail={"zone": zone_id, "name": row.name})
    tx.emit("office.changed", {"what": "zones"}, actor=actor)


def configure_device(tx: Tx, device_id: int, zone_id: Optional[int], language: str, actor: str) -> dict:
    """Put a display in a zone (None: the whole office) and choose its language."""
    if language not in LANGUAGES:
        raise _problem("language", "Bahasa harus id atau en.", "The language must be id or en.")
    row = tx.conn.execute(sa.select(devices.c.id, devices.c.name).where(devices.c.id == device_id)).first()
    if row is None:
        raise DomainError("unknown_device")
    if zone_id is not None and tx.conn.execute(sa.select(zones.c.id).where(zones.c.id == zone_id)).first() is None:
        raise _problem("zone_id", "Zona tidak ditemukan.", "Zone not found.")
    tx.conn.execute(devices.update().where(devices.c.id == device_id).values(zone_id=zone_id, language=language))
    tx.touched("devices")
    tx.audit(actor, "device.configured", detail={"device": device_id, "zone": zone_id, "language": language})
    return {"id": device_id, "zone_id": zone_id, "language": language}


def device_settings(conn: sa.Connection, device_id: int) -> dict:
    row = conn.execute(sa.select(devices.c.zone_id, devices.c.language).where(devices.c.id == device_id)).first()
    return {"zone_id": row.zone_id if row else None, "language": (row.language if row else None) or "id"}
