"""Setting up the office: profile, services, counters and staff accounts.

Each function validates everything first (all problems at once, per field),
then writes, audits, and emits ``office.changed`` so kiosks and displays pick up
the change through the event stream without a restart.
"""

from __future__ import annotations

import re
import secrets
from typing import Optional

import sqlalchemy as sa

from common import vocabulary as vocab
from server.domain import accounts as auth
from server.domain import passwords
from server.domain import queue_rules as rules
from server.domain.errors import DomainError
from server.domain.fields import FieldProblems, boolean, integer, is_id, name, name_key, text, timezone
from server.storage.db import Tx
from server.storage.remote_queries import set_capacities
from server.storage.schema import counter_services, counters, office_settings, services, sessions, users

PUBLIC_PROFILE_KEYS = ("name", "address", "data_source", "legal_basis", "running_text",
                       "announcement_phrase", "voice", "ticket_footer", "logo_version", "timezone")


def _changed(tx: Tx, what: str, actor: str, detail: Optional[dict] = None) -> None:
    tx.emit("office.changed", {"what": what}, actor=actor)
    tx.touched("office")  # the writer reloads the office snapshot once this is committed
    tx.audit(actor, f"{what}.changed", detail=detail)


def _name_taken(rows, name_value: Optional[str], own_id: Optional[int]) -> bool:
    """Whether another row already has this name, compared as people read it (case, width, spaces)."""
    if not name_value:
        return False
    key = name_key(name_value)
    return any(row_id != own_id and existing and name_key(existing) == key for row_id, existing in rows)


# -- office profile ---------------------------------------------------------------

def update_profile(tx: Tx, data: dict, actor: str) -> dict:
    p = FieldProblems()
    checked = {
        "name": text(p, data, "name", max_len=120) if "name" in data else None,
        "address": text(p, data, "address", max_len=200),
        "timezone": timezone(p, data, "timezone"),
        "data_source": text(p, data, "data_source", max_len=40),
        "legal_basis": text(p, data, "legal_basis", max_len=600),
        "running_text": text(p, data, "running_text", max_len=500),
        "announcement_phrase": text(p, data, "announcement_phrase", max_len=60),
        "ticket_footer": text(p, data, "ticket_footer", max_len=200),
        "nik_retention_days": integer(p, data, "nik_retention_days", low=1, high=3650),
        # batas waktu tanggapan pengaduan, in working days (server.domain.complaints)
        "complaint_response_days": integer(p, data, "complaint_response_days", low=1, high=60),
        # a counter on a break this long is raised on the head's screen (server.domain.dashboard)
        "pause_alert_minutes": integer(p, data, "pause_alert_minutes", low=1, high=480),
        # The head of office's signature block on printed reports (server/documents/letterhead.py).
        "city": text(p, data, "city", max_len=60),
        "head_name": text(p, data, "head_name", max_len=120),
        "head_title": text(p, data, "head_title", max_len=120),
        "head_nip": text(p, data, "head_nip", max_len=18),
        "voice": boolean(p, data, "voice"),
    }
    if checked["head_nip"] and not re.fullmatch(r"\d{18}", checked["head_nip"]):
        p.add("head_nip", "NIP terdiri dari 18 angka.", "A NIP has 18 digits.")
    if "name" in data and not checked["name"]:
        p.add("name", "Nama kantor wajib diisi.", "The office name is required.")
    unknown = set(data) - set(checked)
    for key in sorted(unknown):
        p.add(key, "Isian tidak dikenal.", "Unknown field.")
    p.raise_if_any()
    changes = {k: v for k, v in checked.items() if k in data}
    for key, value in changes.items():
        set_profile_value(tx, key, value)
    _changed(tx, "office", actor, {"keys": sorted(changes)})
    return read_profile(tx.conn)


def set_profile_value(tx: Tx, key: str, value) -> None:
    done = tx.conn.execute(office_settings.update().where(office_settings.c.key == key).values(value=value))
    if done.rowcount == 0:
        tx.conn.execute(office_settings.insert().values(key=key, value=value))


def read_profile(conn: sa.Connection) -> dict:
    """The profile as the admin API shows it: without the notification settings, which hold
    secrets and have their own masked view (server/notifiers/config.py)."""
    return {k: v for k, v in conn.execute(sa.select(office_settings.c.key, office_settings.c.value))
            if not k.startswith("notify")}


def logo_changed(tx: Tx, actor: str) -> int:
    """A new logo is on disk: bump its version so kiosks and displays fetch it again."""
    version = int(read_profile(tx.conn).get("logo_version") or 0) + 1
    set_profile_value(tx, "logo_version", version)
    _changed(tx, "logo", actor)
    return version


# -- services -------------------------------------------------------------------

def _open_hours(p: FieldProblems, data: dict):
    spec = data.get("open_hours")
    if spec in (None, {}, ""):
        return None
    try:
        rules.OpenHours.parse(spec if isinstance(spec, dict) else None)
        if not isinstance(spec, dict):
            raise ValueError
    except (ValueError, KeyError, TypeError):
        p.add("open_hours", "Jam buka tidak valid (contoh: hari 0-4, 07:30 sampai 15:00).",
              "Opening hours are not valid (e.g. days 0-4, 07:30 to 15:00).")
    return spec


def _existing(conn: sa.Connection, table: sa.Table, row_id: Optional[int], missing: str):
    """The row being edited (None when creating one); a coded refusal when it does not exist."""
    if row_id is None:
        return None
    row = conn.execute(sa.select(table).where(table.c.id == row_id)).first()
    if row is None:
        raise DomainError(missing)
    return row


def _pictogram(p: FieldProblems, data: dict) -> str:
    """The kiosk tile's pictogram: one of vocab.PICTOGRAMS, or "" (the kiosk chooses from the name)."""
    value = data.get("icon") or ""
    if value not in vocab.PICTOGRAMS and value != "":
        p.add("icon", "Gambar tidak dikenal: pilih dari daftar.", "Unknown picture: choose one from the list.")
        return ""
    return value


def save_service(tx: Tx, service_id: Optional[int], data: dict, actor: str) -> int:
    conn = tx.conn
    current = _existing(conn, services, service_id, "unknown_service")
    merged = {**(current._asdict() if current else {}), **data}
    p = FieldProblems()
    code = text(p, merged, "code", required=True, max_len=1)
    if code is not None:
        code = code.upper()
        if not re.fullmatch(r"[A-Z]", code):
            p.add("code", "Kode layanan harus satu huruf A-Z.", "The service code must be one letter A-Z.")
        else:
            clash = conn.execute(sa.select(services.c.id).where(services.c.code == code)).scalar()
            if clash is not None and clash != service_id:
                p.add("code", f"Kode {code} sudah dipakai layanan lain.", f"Code {code} is used by another service.")
    name_id = name(p, merged, "name_id", required=True, max_len=120)
    name_en = name(p, merged, "name_en", required=True, max_len=120)
    for field_name, value, column in (("name_id", name_id, services.c.name_id), ("name_en", name_en, services.c.name_en)):
        if _name_taken(conn.execute(sa.select(services.c.id, column)).all(), value, service_id):
            p.add(field_name, "Nama layanan sudah dipakai layanan lain.", "Another service already has this name.")
    values = {
        "code": code,
        "name_id": name_id,
        "name_en": name_en,
        "requirements_id": text(p, merged, "requirements_id", max_len=1000) or "",
        "requirements_en": text(p, merged, "requirements_en", max_len=1000) or "",
        "standard_minutes": integer(p, merged, "standard_minutes", low=1, high=600, required=True),
        "daily_quota": integer(p, merged, "daily_quota", low=1, high=100000),
        "open_hours": _open_hours(p, merged),
        "is_open": boolean(p, merged, "is_open", default=True),
        "kiosk_visible": boolean(p, merged, "kiosk_visible", default=True),
        # a clerk may issue without a NIK (a complaint without identity, UU 25/2009 Pasal 42)
        "nik_optional": boolean(p, merged, "nik_optional", default=False),
        # the public form (/online) offers it (issue 12)
        "online": boolean(p, merged, "online", default=False),
        # numbers from phones, bookings, and the share of the daily quota kept for walk-ins (issue 13)
        "phone_open": boolean(p, merged, "phone_open", default=False),
        "booking_open": boolean(p, merged, "booking_open", default=False),
        "walk_in_share": integer(p, merged, "walk_in_share", low=0, high=100, default=50),
        "icon": _pictogram(p, merged),
    }
    slots = _slots(p, data["slots"]) if "slots" in data else None
    p.raise_if_any()
    if current is None:
        position = (conn.execute(sa.select(sa.func.max(services.c.position))).scalar() or 0) + 1
        service_id = conn.execute(services.insert().values(position=position, **values)).inserted_primary_key[0]
    else:
        conn.execute(services.update().where(services.c.id == service_id).values(**values))
    if slots is not None:
        set_capacities(conn, service_id, slots)
    _changed(tx, "services", actor, {"service": code})
    return service_id


def _slots(p: FieldProblems, raw) -> list[dict]:
    """Booking capacities: ``[{"weekday": 0-6 (Monday 0), "hour": 0-23, "capacity": 0-500}]``."""
    if not isinstance(raw, list):
        p.add("slots", "Daftar jadwal tidak valid.", "The slot list is not valid.")
        return []
    found = {}
    for item in raw:
        each = FieldProblems()
        if isinstance(item, dict):
            wd = integer(each, item, "weekday", low=0, high=6, required=True)
            hour = integer(each, item, "hour", low=0, high=23, required=True)
            cap = integer(each, item, "capacity", low=0, high=500, required=True)
        if not isinstance(item, dict) or each.items or None in (wd, hour, cap):
            p.add("slots", "Tulis jadwal seperti 8:4 9:4 13:4 (jam 0\u201323, kapasitas 0\u2013500).",
                  "Write the hours like 8:4 9:4 13:4 (hour 0\u201323, capacity 0\u2013500).")
            return []
        found[(wd, hour)] = {"weekday": wd, "hour": hour, "capacity": cap}
    return list(found.values())


def reorder_services(tx: Tx, codes: list[str], actor: str) -> None:
    known = dict(tx.conn.execute(sa.select(services.c.code, services.c.id)).all())
    if sorted(c.upper() for c in codes) != sorted(known):
        raise DomainError("invalid_field", errors=[{"field": "codes", "message": "Urutan harus memuat semua kode layanan.",
                                                    "message_en": "The order must list every service code once."}])
    for pos, code in enumerate(codes):
        tx.conn.execute(services.update().where(services.c.id == known[code.upper()]).values(position=pos))
    _changed(tx, "services", actor, {"order": codes})


# -- counters -------------------------------------------------------------------

def save_counter(tx: Tx, counter_id: Optional[int], data: dict, actor: str) -> int:
    conn = tx.conn
    current = _existing(conn, counters, counter_id, "unknown_counter")
    merged = {**(current._asdict() if current else {}), **data}
    p = FieldProblems()
    counter_name = name(p, merged, "name", required=True, max_len=60)
    if _name_taken(conn.execute(sa.select(counters.c.id, counters.c.name)).all(), counter_name, counter_id):
        p.add("name", "Nama loket sudah dipakai.", "This counter name is already used.")
    role = merged.get("role")
    if not isinstance(role, str) or role not in vocab.COUNTER_ROLES:
        p.add("role", "Peran loket harus: front office, back office, meja bansos, atau pengaduan.",
              "The role must be front office, back office, bansos desk or complaints.")
    codes = data.get("services")
    if codes is None and current is not None:
        codes = None  # unchanged
    elif not isinstance(codes, list) or not codes:
        p.add("services", "Loket harus melayani minimal satu layanan.", "A counter must serve at least one service.")
        codes = None
    else:
        known = dict(conn.execute(sa.select(services.c.code, services.c.id)).all())
        unknown = [c for c in codes if not isinstance(c, str) or c.upper() not in known]
        if unknown:
            p.add("services", f"Layanan tidak dikenal: {', '.join(map(str, unknown))}.",
                  f"Unknown services: {', '.join(map(str, unknown))}.")
        elif len({c.upper() for c in codes}) != len(codes):
            p.add("services", "Setiap layanan cukup sekali.", "List each service once.")
    p.raise_if_any()
    if current is None:
        position = (conn.execute(sa.select(sa.func.max(counters.c.position))).scalar() or 0) + 1
        counter_id = conn.execute(counters.insert().values(name=counter_name, role=role, state="closed",
                                                           priority_streak=0, position=position)).inserted_primary_key[0]
    else:
        conn.execute(counters.update().where(counters.c.id == counter_id).values(name=counter_name, role=role))
    if codes is not None:
        known = dict(conn.execute(sa.select(services.c.code, services.c.id)).all())
        conn.execute(counter_services.delete().where(counter_services.c.counter_id == counter_id))
        for pos, code in enumerate(codes):
            conn.execute(counter_services.insert().values(counter_id=counter_id, service_id=known[code.upper()],
                                                          position=pos))
    _changed(tx, "counters", actor, {"counter": counter_name, "services": codes})
    return counter_id


# -- staff accounts ---------------------------------------------------------------

def new_password() -> str:
    return secrets.token_urlsafe(9)


def save_user(tx: Tx, user_id: Optional[int], data: dict, actor: str) -> tuple[int, Optional[str]]:
    """Create or edit an account; returns (id, generated password or None)."""
    conn = tx.conn
    current = _existing(conn, users, user_id, "unknown_user")
    merged = {**(current._asdict() if current else {}), **data}
    p = FieldProblems()
    username = text(p, merged, "username", required=True, max_len=60)
    if username:
        if not re.fullmatch(r"[a-z0-9._-]{3,60}", username):
            p.add("username", "3-60 huruf kecil, angka, titik, garis bawah atau tanda hubung.",
                  "3-60 lower-case letters, digits, dots, underscores or hyphens.")
        clash = conn.execute(sa.select(users.c.id).where(users.c.username == username)).scalar()
        if clash is not None and clash != user_id:
            p.add("username", "Nama pengguna sudah dipakai.", "This username is taken.")
    if merged.get("role") not in auth.ROLES:
        p.add("role", "Peran harus petugas, supervisor atau admin.", "Role must be staff, supervisor or admin.")
    display_name = text(p, merged, "display_name", max_len=120) or username
    active = boolean(p, merged, "active", default=True)
    # May read confidential complainants (UU 25/2009 Pasal 42): server.domain.complaints.
    complaint_officer = boolean(p, merged, "complaint_officer", default=False)
    # Approves the Surat Keterangan DTKS (server.domain.letters).
    letter_signer = boolean(p, merged, "letter_signer", default=False)
    counter_id = merged.get("counter_id")
    if counter_id is not None and (not is_id(counter_id) or not conn.execute(
            sa.select(counters.c.id).where(counters.c.id == counter_id)).first()):
        p.add("counter_id", "Loket tidak dikenal.", "Unknown counter.")
    language = merged.get("language") or "id"
    if auth.language_problem(language):
        p.add("language", *auth.language_problem(language))
    password = data.get("password")
    weak = passwords.problem(password, username, merged.get("role")) if password is not None else None
    if weak:
        p.add("password", *weak)
    p.raise_if_any()
    if current is not None and current.role == "admin" and current.active and (merged["role"] != "admin" or not active):
        others = conn.execute(sa.select(sa.func.count()).select_from(users).where(
            users.c.role == "admin", users.c.active.is_(True), users.c.id != user_id)).scalar_one()
        if not others:  # nobody could manage the office any more
            raise DomainError("last_admin")
    generated = None
    if current is None:
        if password is None:
            password = generated = new_password()
        user_id = auth.create_user(tx, username, password, merged["role"], display_name, counter_id, actor,
                                   language=language)
        if complaint_officer or letter_signer:
            conn.execute(users.update().where(users.c.id == user_id).values(
                complaint_officer=bool(complaint_officer), letter_signer=bool(letter_signer)))
    else:
        values = dict(username=username, role=merged["role"], display_name=display_name, active=active,
                      counter_id=counter_id, language=language, complaint_officer=bool(complaint_officer),
                      letter_signer=bool(letter_signer))
        if password is not None:
            values["password_hash"] = auth.hash_password(password)
        conn.execute(users.update().where(users.c.id == user_id).values(**values))
        if not active or password is not None:
            conn.execute(sessions.delete().where(sessions.c.user_id == user_id))  # log out everywhere
        tx.touched("users")  # cached sessions are dropped once this is committed
        tx.audit(actor, "user.changed", detail={"username": username, "active": active,
                                                "password_reset": password is not None,
                                                "complaint_officer": bool(complaint_officer),
                                                "letter_signer": bool(letter_signer)})
    return user_id, generated


def reset_password(tx: Tx, user_id: int, actor: str) -> str:
    password = new_password()
    save_user(tx, user_id, {"password": password}, actor)
    return password
