"""Kiosks and displays: pairing, heartbeats, and whether each one is healthy.

A device is created by the admin with a one-time pairing code; typing it on
the device once gives the device its own key (stored hashed). Devices send a
heartbeat; one silent for longer than ``device_offline_seconds``, or a kiosk
whose printer is out of paper or offline, raises an alert to admin and staff
pages (``device.health`` events, which never go to the public stream).
"""

from __future__ import annotations

import secrets
from typing import Optional

import sqlalchemy as sa

from common import vocabulary as vocab
from server.domain import accounts as auth
from server.domain.errors import DomainError
from server.storage.db import Tx
from server.storage.schema import devices

# No 0/O, 1/I/L: the code is read off a screen and typed on a touchscreen.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_pairing_code() -> str:
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def normalize_code(code: str) -> str:
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    return f"{cleaned[:4]}-{cleaned[4:]}"


def health_of(kind: str, last_seen: Optional[float], health: Optional[dict], now: float,
              offline_after: float) -> dict:
    """Online or not, and the one alert worth raising (pure: tested without a server)."""
    online = last_seen is not None and now - last_seen <= offline_after
    printer = ((health or {}).get("printer") or {}).get("state") if kind == "kiosk" else None
    alert = None
    if last_seen is None:
        alert = "never_seen"
    elif not online:
        alert = "offline"
    elif printer in vocab.PRINTER_ALERTS:
        alert = vocab.PRINTER_ALERTS[printer]
    return {"online": online, "printer": printer, "alert": alert}


def create(tx: Tx, kind: str, name: str, pairing_minutes: float, actor: str) -> tuple[int, str]:
    if kind not in vocab.DEVICE_KINDS:
        raise DomainError("invalid_field", errors=[{"field": "kind", "message": "Jenis harus kiosk, display atau survey.",
                                                    "message_en": "Kind must be kiosk, display or survey."}])
    name = (name or "").strip()
    if not name or len(name) > 120:
        raise DomainError("invalid_field", errors=[{"field": "name", "message": "Nama perangkat wajib diisi.",
                                                    "message_en": "The device name is required."}])
    device_id = tx.conn.execute(devices.insert().values(kind=kind, name=name, key_hash=None, revoked=False,
                                                        created_at=tx.now)).inserted_primary_key[0]
    tx.touched("devices")
    tx.audit(actor, "device.created", detail={"kind": kind, "name": name})
    return device_id, new_code(tx, device_id, pairing_minutes, actor)


def new_code(tx: Tx, device_id: int, pairing_minutes: float, actor: str) -> str:
    _device(tx.conn, device_id)
    code = new_pairing_code()
    tx.conn.execute(devices.update().where(devices.c.id == device_id).values(
        pairing_hash=auth.digest(code), pairing_expires=tx.now + pairing_minutes * 60))
    tx.audit(actor, "device.pairing_code", detail={"device": device_id})
    return code


def pair(tx: Tx, code: str, kind: Optional[str] = None) -> dict:
    """Exchange a pairing code for the device's own key (once). An old key stops working."""
    row = tx.conn.execute(sa.select(devices).where(devices.c.pairing_hash == auth.digest(normalize_code(code)))).first()
    if row is None or row.revoked or (row.pairing_expires or 0) < tx.now:
        raise DomainError("invalid_pairing_code")
    if kind is not None and kind != row.kind:
        names = {"kiosk": ("kiosk", "a kiosk"), "display": ("layar TV", "a TV display")}
        raise DomainError(
            "wrong_device_kind", expected=row.kind,
            message=f"Kode ini untuk {names[row.kind][0]} \u201c{row.name}\u201d, bukan untuk {names[kind][0]}. "
                    f"Kode tetap berlaku: ketik di {names[row.kind][0]} tersebut.",
            message_en=f"This code is for {names[row.kind][1]} ('{row.name}'), not {names[kind][1]}. "
                       "It is still valid there.")
    key = auth.new_secret()
    tx.conn.execute(devices.update().where(devices.c.id == row.id).values(
        key_hash=auth.digest(key), pairing_hash=None, pairing_expires=None, last_seen=tx.now))
    tx.touched("devices")
    tx.audit(f"device:{row.id}", "device.paired", detail={"name": row.name})
    return {"device_id": row.id, "kind": row.kind, "name": row.name, "key": key}


def revoke(tx: Tx, device_id: int, actor: str) -> None:
    row = _device(tx.conn, device_id)
    tx.conn.execute(devices.update().where(devices.c.id == device_id).values(
        revoked=True, key_hash=None, pairing_hash=None))
    tx.touched("devices")
    tx.audit(actor, "device.revoked", detail={"name": row.name})
    tx.emit("device.health", {}, actor=actor, staff_data={"device": {"id": row.id, "name": row.name,
                                                                     "kind": row.kind, "alert": "revoked"}})


def heartbeat(tx: Tx, device_id: int, report: dict) -> None:
    tx.conn.execute(devices.update().where(devices.c.id == device_id).values(last_seen=tx.now, health=report))


def _device(conn: sa.Connection, device_id: int):
    row = conn.execute(sa.select(devices).where(devices.c.id == device_id)).first()
    if row is None:
        raise DomainError("unknown_device")
    return row


def list_devices(conn: sa.Connection, now: float, offline_after: float) -> list[dict]:
    result = []
    for r in conn.execute(sa.select(devices).order_by(devices.c.kind, devices.c.id)):
        state = health_of(r.kind, r.last_seen, r.health, now, offline_after)
        result.append({
            "id": r.id, "kind": r.kind, "name": r.name, "revoked": r.revoked, "paired": r.key_hash is not None,
            "pairing_pending": r.pairing_hash is not None and (r.pairing_expires or 0) >= now,
            "last_seen": r.last_seen, "seconds_since_seen": None if r.last_seen is None else round(now - r.last_seen),
            "health": r.health or {}, "zone_id": r.zone_id, "language": r.language or "id", **state,
        })
    return result


class HealthWatch:
    """Remembers each device's alert and emits ``device.health`` when it changes.

    Runs from the periodic housekeeping write and after every heartbeat, so a
    silent device is reported within one housekeeping interval of its threshold.
    What it remembers is what was *told*: it learns an alert only once the event
    announcing it is committed, so an event that rolled back is emitted again.
    """

    def __init__(self, offline_after: float):
        self.offline_after = offline_after
        self.known: dict[int, Optional[str]] = {}

    def check(self, tx: Tx) -> None:
        learned: dict[int, Optional[str]] = {}
        for d in list_devices(tx.conn, tx.now, self.offline_after):
            if d["revoked"]:
                continue
            alert = d["alert"] if d["paired"] or d["last_seen"] else None
            if self.known.get(d["id"], "unset") != alert:
                if d["id"] in self.known or alert is not None:
                    tx.emit("device.health", {}, actor="system", staff_data={"device": {
                        "id": d["id"], "name": d["name"], "kind": d["kind"], "alert": alert,
                        "online": d["online"], "printer": d["printer"]}})
                learned[d["id"]] = alert
        if learned:
            tx.after_commit(lambda: self.known.update(learned))

    def after_commit(self, events: list[dict], _tags: frozenset) -> None:
        """The writer's hook: what a sibling server process told is told (no second event)."""
        for e in events:
            if e["type"] == "device.health" and e.get("staff_data"):
                device = e["staff_data"]["device"]
                self.known[device["id"]] = device["alert"]

    def alerts(self, conn: sa.Connection, now: float) -> list[dict]:
        return [{"id": d["id"], "name": d["name"], "kind": d["kind"], "alert": d["alert"]}
                for d in list_devices(conn, now, self.offline_after)
                if d["alert"] and not d["revoked"] and (d["paired"] or d["last_seen"])]
