"""The schema as version 1 released it, frozen: the first migration step creates exactly this.

Step 1 used to call ``create_all`` on the live tables, so every later change to
them would have changed what step 1 creates (and step 2 would then fail on a
fresh database). These definitions are a copy of the released ones and are never
edited; ``server.storage.schema`` holds the newest tables.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

office_settings = sa.Table(
    "office_settings", metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.JSON, nullable=False),
)

services = sa.Table(
    "services", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("code", sa.String(1), nullable=False, unique=True),
    sa.Column("name_id", sa.String(120), nullable=False),
    sa.Column("name_en", sa.String(120), nullable=False),
    sa.Column("requirements_id", sa.Text, nullable=False, default=""),
    sa.Column("requirements_en", sa.Text, nullable=False, default=""),
    sa.Column("standard_minutes", sa.Integer, nullable=False, default=15),
    sa.Column("daily_quota", sa.Integer, nullable=True),
    sa.Column("open_hours", sa.JSON, nullable=True),
    sa.Column("is_open", sa.Boolean, nullable=False, default=True),
    sa.Column("position", sa.Integer, nullable=False, default=0),
    # A service reached only by transfer (e.g. back office) is not offered at the kiosk.
    sa.Column("kiosk_visible", sa.Boolean, nullable=False, default=True),
)

counters = sa.Table(
    "counters", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(60), nullable=False, unique=True),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("state", sa.String(10), nullable=False, default="closed"),
    sa.Column("priority_streak", sa.Integer, nullable=False, default=0),
    sa.Column("position", sa.Integer, nullable=False, default=0),
)

counter_services = sa.Table(
    "counter_services", metadata,
    sa.Column("counter_id", sa.ForeignKey("counters.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("service_id", sa.ForeignKey("services.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("position", sa.Integer, nullable=False, default=0),
)

users = sa.Table(
    "users", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("username", sa.String(60), nullable=False, unique=True),
    sa.Column("display_name", sa.String(120), nullable=False, default=""),
    sa.Column("password_hash", sa.String(200), nullable=False),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("active", sa.Boolean, nullable=False, default=True),
    sa.Column("counter_id", sa.ForeignKey("counters.id", ondelete="SET NULL"), nullable=True),
)

sessions = sa.Table(
    "sessions", metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("expires_at", sa.Float, nullable=False),
)

devices = sa.Table(
    "devices", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("kind", sa.String(20), nullable=False),  # kiosk | display
    sa.Column("name", sa.String(120), nullable=False),
    sa.Column("key_hash", sa.String(64), nullable=True, unique=True),
    # A one-time code the technician types on the device; the device then gets its key.
    sa.Column("pairing_hash", sa.String(64), nullable=True, unique=True),
    sa.Column("pairing_expires", sa.Float, nullable=True),
    sa.Column("revoked", sa.Boolean, nullable=False, default=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("last_seen", sa.Float, nullable=True),
    sa.Column("health", sa.JSON, nullable=True),
)

day_counters = sa.Table(
    "day_counters", metadata,
    sa.Column("service_id", sa.ForeignKey("services.id"), primary_key=True),
    sa.Column("office_day", sa.String(10), primary_key=True),
    sa.Column("last_number", sa.Integer, nullable=False),
)

tickets = sa.Table(
    "tickets", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("office_day", sa.String(10), nullable=False),
    sa.Column("number", sa.String(12), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("origin_service_id", sa.ForeignKey("services.id"), nullable=False),
    sa.Column("service_id", sa.ForeignKey("services.id"), nullable=False),
    sa.Column("token", sa.String(40), nullable=False, unique=True),
    sa.Column("nik", sa.String(16), nullable=True),  # digits only; NULL after the retention purge
    sa.Column("priority", sa.String(20), nullable=True),
    sa.Column("priority_confirmed", sa.Boolean, nullable=True),
    sa.Column("status", sa.String(10), nullable=False),
    sa.Column("rank", sa.Integer, nullable=False),
    sa.Column("issued_at", sa.Float, nullable=False),
    sa.Column("queued_at", sa.Float, nullable=False),
    sa.Column("called_at", sa.Float, nullable=True),
    sa.Column("started_at", sa.Float, nullable=True),
    sa.Column("finished_at", sa.Float, nullable=True),
    sa.Column("counter_id", sa.ForeignKey("counters.id"), nullable=True),
    sa.Column("recalls", sa.Integer, nullable=False, default=0),
    sa.Column("transfers", sa.Integer, nullable=False, default=0),
    sa.Column("notes", sa.JSON, nullable=False, default=list),
    sa.Column("kiosk_id", sa.ForeignKey("devices.id"), nullable=True),
    sa.Column("request_id", sa.String(64), nullable=True),
    sa.Column("print_status", sa.String(20), nullable=True),
    sa.UniqueConstraint("kiosk_id", "request_id", name="uq_ticket_request"),
    sa.UniqueConstraint("office_day", "origin_service_id", "seq", name="uq_ticket_number"),
    # Covers the queue count and call-next without touching the table; three
    # equality columns so SQLite prefers these over the unique indexes.
    sa.Index("ix_ticket_queue", "service_id", "status", "office_day", "rank", "queued_at"),
    sa.Index("ix_ticket_nik_day", "nik", "office_day", "origin_service_id"),
    sa.Index("ix_ticket_day_status", "office_day", "status"),
)

events = sa.Table(
    "events", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.Float, nullable=False),
    sa.Column("type", sa.String(40), nullable=False),
    sa.Column("ticket_id", sa.Integer, nullable=True),
    sa.Column("counter_id", sa.Integer, nullable=True),
    sa.Column("actor", sa.String(80), nullable=True),
    sa.Column("data", sa.JSON, nullable=False),          # public: never a NIK or a name
    sa.Column("staff_data", sa.JSON, nullable=True),     # for the logged-in staff stream only
    sqlite_autoincrement=True,  # ids never reused, so Last-Event-ID stays meaningful
)

audit_log = sa.Table(
    "audit_log", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", sa.Float, nullable=False),
    sa.Column("actor", sa.String(80), nullable=False),
    sa.Column("action", sa.String(60), nullable=False),
    sa.Column("ticket_id", sa.Integer, nullable=True),
    sa.Column("detail", sa.JSON, nullable=True),
    sa.Index("ix_audit_at", "at"),
)

schema_version = sa.Table(
    "schema_version", metadata,
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("applied_at", sa.Float, nullable=False),
)
