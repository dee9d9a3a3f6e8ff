"""Tables (SQLAlchemy Core): the newest schema. A new database is created from these;
an older one is brought here by the steps in ``schema_steps`` (``schema_upgrade``).

Core rather than raw sqlite3 so that PostgreSQL can be added without touching
the queue rules. Times are UTC epoch seconds (float) everywhere: portable, and
the office day is computed by the queue rules in the office's zone.
"""

from __future__ import annotations

import sqlalchemy as sa

from common import vocabulary as vocab

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
    # A clerk may issue a number without a NIK (v8): a complaint may be made without
    # identity (UU 25/2009 Pasal 42). The kiosk always asks for one.
    sa.Column("nik_optional", sa.Boolean, nullable=False, default=False, server_default="0"),
    # The kiosk tile's pictogram (v10): a name of common.vocabulary.PICTOGRAMS, "" = from the name.
    sa.Column("icon", sa.String(20), nullable=False, default="", server_default=""),
    # Open to online applications (v12): the public form offers it.
    sa.Column("online", sa.Boolean, nullable=False, default=False, server_default="0"),
    # Open to numbers from phones and to bookings (v13); the share of the daily quota kept for walk-ins.
    sa.Column("phone_open", sa.Boolean, nullable=False, default=False, server_default="0"),
    sa.Column("booking_open", sa.Boolean, nullable=False, default=False, server_default="0"),
    sa.Column("walk_in_share", sa.Integer, nullable=False, default=50, server_default="50"),
)

counters = sa.Table(
    "counters", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(60), nullable=False, unique=True),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("state", sa.String(10), nullable=False, default="closed"),
    sa.Column("priority_streak", sa.Integer, nullable=False, default=0),
    sa.Column("position", sa.Integer, nullable=False, default=0),
    # The clerk who opened the counter or called on it (v4): only they act on the
    # citizen in front of it, until somebody takes the counter over explicitly.
    # (users also point at counters: PostgreSQL adds this key once both tables exist)
    sa.Column("holder_user_id", sa.ForeignKey("users.id", ondelete="SET NULL", use_alter=True, name="fk_counter_holder"),
              nullable=True),
    sa.Column("held_since", sa.Float, nullable=True),
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
    # The language the account's pages speak (v9): vocabulary.LANGUAGES, Indonesian by default.
    sa.Column("language", sa.String(2), nullable=False, default="id", server_default="id"),
    # May see complaint cases with a confidential complainant (UU 25/2009 Pasal 42), v11.
    sa.Column("complaint_officer", sa.Boolean, nullable=False, default=False, server_default="0"),
    # The authorised official who approves letters before they are released (v12).
    sa.Column("letter_signer", sa.Boolean, nullable=False, default=False, server_default="0"),
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
    # The waiting room a display shows (v7; NULL: the whole office) and its language.
    sa.Column("zone_id", sa.ForeignKey("zones.id", ondelete="SET NULL"), nullable=True),
    sa.Column("language", sa.String(2), nullable=False, default="id", server_default="id"),
)

# Waiting rooms (v7): a zone names its counters; its services are what they serve.
zones = sa.Table(
    "zones", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(60), nullable=False, unique=True),
    sa.Column("position", sa.Integer, nullable=False, default=0, server_default="0"),
)

zone_counters = sa.Table(
    "zone_counters", metadata,
    sa.Column("zone_id", sa.ForeignKey("zones.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("counter_id", sa.ForeignKey("counters.id", ondelete="CASCADE"), primary_key=True),
)

# How a visit ended (v8): the office's list, configured by the supervisor; an
# outcome with ``referral_to`` may print a referral slip (the Pariaman flow ends
# with a referral to Disdik, Dinkes, BPJS, Disdukcapil, the desa or the school).
outcomes = sa.Table(
    "outcomes", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("code", sa.String(40), nullable=False, unique=True),
    sa.Column("label_id", sa.String(120), nullable=False),
    sa.Column("label_en", sa.String(120), nullable=False),
    sa.Column("referral_to", sa.String(120), nullable=True),
    sa.Column("position", sa.Integer, nullable=False, default=0, server_default="0"),
    sa.Column("active", sa.Boolean, nullable=False, default=True, server_default="1"),
)

# The outcome a ticket was finished with (v8): kept beside the ticket, not in it,
# so that issuing (the hot path) writes nothing more.
ticket_outcomes = sa.Table(
    "ticket_outcomes", metadata,
    sa.Column("ticket_id", sa.ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("outcome_id", sa.ForeignKey("outcomes.id"), nullable=False),
    sa.Column("note", sa.String(300), nullable=False, default="", server_default=""),
    sa.Column("actor", sa.String(80), nullable=False),
    sa.Column("at", sa.Float, nullable=False),
)

# A check the front office asked of the back office while it keeps serving the
# citizen (v8; the Pariaman procedure's steps 4-5): one per ticket, its state
# (vocabulary.BACK_OFFICE_STATES) and its result.
back_office_checks = sa.Table(
    "back_office_checks", metadata,
    sa.Column("ticket_id", sa.ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("state", sa.String(12), nullable=False),
    sa.Column("what", sa.String(200), nullable=False, default="", server_default=""),
    sa.Column("requested_by", sa.String(80), nullable=False),
    sa.Column("requested_at", sa.Float, nullable=False),
    sa.Column("taken_by", sa.String(80), nullable=True),
    sa.Column("result", sa.String(300), nullable=True),
    sa.Column("updated_at", sa.Float, nullable=False),
)

# The last number given per office day and prefix letter (v2). Keyed by the
# letter, not the service: a renamed service and a new one under its old letter
# share this counter, so a number is never given twice in a day.
number_counters = sa.Table(
    "number_counters", metadata,
    sa.Column("office_day", sa.String(10), primary_key=True),
    sa.Column("prefix", sa.String(1), primary_key=True),
    sa.Column("last_number", sa.Integer, nullable=False),
)

# Named counters that only go up (v3): "queue" orders the queue by issue and transfer.
sequences = sa.Table(
    "sequences", metadata,
    sa.Column("name", sa.String(40), primary_key=True),
    sa.Column("value", sa.Integer, nullable=False),
)

# What the server must remember across restarts (v3), e.g. the last office day
# seen, so a clock set back never takes the office back to yesterday.
system_state = sa.Table(
    "system_state", metadata,
    sa.Column("key", sa.String(40), primary_key=True),
    sa.Column("value", sa.String(200), nullable=False),
)

# The conditions of the partial indexes on tickets, as queries must spell them:
# SQLite uses a partial index only when the query's WHERE contains its condition
# with literal values (a bound parameter does not count; ``.in_()`` binds).
AT_COUNTER = f"status IN ({', '.join(repr(s) for s in vocab.AT_COUNTER_STATUSES)})"  # ('called', 'serving')
CALLED = "called_at IS NOT NULL"
DONE = "status = 'done'"

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
    # Issue order (v3): set from the "queue" sequence when issued and when
    # transferred, so the queue never follows a clock that was set back.
    # A ticket printed offline lands between two places (a fraction, offline_sync._queue_seq_at):
    # SQLite keeps it in the INTEGER column as it is; PostgreSQL needs a floating column for it.
    sa.Column("queue_seq", sa.Integer().with_variant(sa.Float(), "postgresql"), nullable=False, default=0,
              server_default="0"),
    # Report facts (v11), kept as the ticket lives so reports read one table: see
    # migrations.v11_reports_survey_complaints_holidays.
    sa.Column("channel", sa.String(10), nullable=False, default="kiosk", server_default="kiosk"),
    sa.Column("first_called_at", sa.Float, nullable=True),
    sa.Column("service_seconds", sa.Float, nullable=False, default=0, server_default="0"),
    sa.Column("served_by", sa.String(80), nullable=True),
    sa.Column("no_show", sa.Boolean, nullable=False, default=False, server_default="0"),
    # Numbers from everywhere (v13): see migrations.v13_phones_bookings_offline_kiosks.
    sa.Column("offline", sa.Boolean, nullable=False, default=False, server_default="0"),
    sa.Column("checked_in_at", sa.Float, nullable=True),
    sa.Column("booking_id", sa.Integer, nullable=True),
    sa.Column("merged_into", sa.Integer, nullable=True),
    sa.UniqueConstraint("kiosk_id", "request_id", name="uq_ticket_request"),
    sa.UniqueConstraint("office_day", "number", name="uq_ticket_day_number"),  # v2
    # Covers the queue count and call-next without touching the table; three
    # equality columns so SQLite prefers these over the unique indexes.
    sa.Index("ix_ticket_queue_seq", "service_id", "status", "office_day", "rank", "queue_seq"),
    sa.Index("ix_ticket_nik_day", "nik", "office_day", "origin_service_id"),
    sa.Index("ix_ticket_day_status", "office_day", "status"),
    sa.Index("ix_ticket_origin_day", "office_day", "origin_service_id"),  # the daily quota
    # Partial indexes (v5): a ticket just issued is in neither, so issuing writes
    # neither. Who is at a counter (call-next): the few called or served tickets,
    # not the day, not the year. A query uses one only if it spells its condition.
    # (PostgreSQL gets the same as postgresql_where: see postgresql_metadata.)
    sa.Index("ix_ticket_at_counter", "counter_id",
             sqlite_where=sa.text(AT_COUNTER)),
    # The lobby's latest calls: the day's called tickets in call order, no sort.
    sa.Index("ix_ticket_day_called", "office_day", "called_at",
             sqlite_where=sa.text(CALLED)),
    # Each service's finished visits of the day in finishing order (v6): the wait estimate.
    sa.Index("ix_ticket_done", "service_id", "office_day", "finished_at",
             sqlite_where=sa.text(DONE)),
    sa.Index("ix_ticket_report", "office_day", "origin_service_id"),  # v11: a period's report
)

# One answer to the SKM questionnaire (PermenPAN-RB 14/2017), one per ticket at most.
# The ticket link only enforces that; reports read the service and day kept here.
survey_responses = sa.Table(
    "survey_responses", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("ticket_id", sa.ForeignKey("tickets.id", ondelete="SET NULL"), nullable=True, unique=True),
    sa.Column("service_id", sa.ForeignKey("services.id"), nullable=False),
    sa.Column("office_day", sa.String(10), nullable=False),
    sa.Column("at", sa.Float, nullable=False),
    sa.Column("channel", sa.String(10), nullable=False),  # common.vocabulary.SURVEY_CHANNELS
    *[sa.Column(f"q{i}", sa.Integer, nullable=False) for i in range(1, 10)],
    sa.Column("sex", sa.String(1), nullable=True),
    sa.Column("age", sa.Integer, nullable=True),
    sa.Column("education", sa.String(20), nullable=True),
    sa.Column("occupation", sa.String(20), nullable=True),
    sa.Column("suggestion", sa.String(1000), nullable=False, default="", server_default=""),
    sa.Index("ix_survey_day", "office_day", "service_id"),
)

# The counters a survey tablet serves: it offers the questionnaire for the ticket just finished there.
survey_device_counters = sa.Table(
    "survey_device_counters", metadata,
    sa.Column("device_id", sa.ForeignKey("devices.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("counter_id", sa.ForeignKey("counters.id", ondelete="CASCADE"), primary_key=True),
)

# A complaint case (UU 25/2009 Pasal 36-42), whatever its channel.
complaints = sa.Table(
    "complaints", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("code", sa.String(20), nullable=False, unique=True),
    sa.Column("channel", sa.String(12), nullable=False),      # COMPLAINT_CHANNELS
    sa.Column("received_at", sa.Float, nullable=False),
    sa.Column("office_day", sa.String(10), nullable=False),
    sa.Column("category", sa.String(30), nullable=False),     # COMPLAINT_CATEGORIES
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("complainant_name", sa.String(120), nullable=False, default="", server_default=""),
    sa.Column("complainant_contact", sa.String(200), nullable=False, default="", server_default=""),
    sa.Column("confidential", sa.Boolean, nullable=False, default=False, server_default="0"),
    sa.Column("ticket_id", sa.ForeignKey("tickets.id", ondelete="SET NULL"), nullable=True),
    sa.Column("service_id", sa.ForeignKey("services.id"), nullable=True),
    sa.Column("status", sa.String(20), nullable=False),       # COMPLAINT_STATUSES
    sa.Column("assigned_to", sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
    sa.Column("verification", sa.Text, nullable=False, default="", server_default=""),
    sa.Column("response", sa.Text, nullable=False, default="", server_default=""),
    sa.Column("deadline", sa.String(10), nullable=False),     # an office day, counted in working days
    sa.Column("responded_at", sa.Float, nullable=True),
    sa.Column("closed_at", sa.Float, nullable=True),
    sa.Column("created_by", sa.String(80), nullable=False),
    sa.Column("updated_at", sa.Float, nullable=False),
    sa.Index("ix_complaint_day", "office_day"),
    sa.Index("ix_complaint_open", "status", "deadline"),
)

# -- the second channel (v12): see migrations.v12_online_channel_notifications_letters ------
applications = sa.Table(
    "applications", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("code", sa.String(40), nullable=False, unique=True),   # the unguessable tracking code
    sa.Column("service_id", sa.ForeignKey("services.id"), nullable=False),
    sa.Column("channel", sa.String(12), nullable=False),             # APPLICATION_CHANNELS
    sa.Column("nik", sa.String(16), nullable=True),                  # NULL after the retention purge
    sa.Column("name", sa.String(120), nullable=True),
    sa.Column("address", sa.String(300), nullable=True),
    sa.Column("phone", sa.String(20), nullable=True),
    sa.Column("email", sa.String(200), nullable=True),
    sa.Column("need", sa.String(1000), nullable=False, default="", server_default=""),
    sa.Column("language", sa.String(2), nullable=False, default="id", server_default="id"),
    sa.Column("status", sa.String(20), nullable=False),              # APPLICATION_STATUSES
    sa.Column("received_at", sa.Float, nullable=False),
    sa.Column("office_day", sa.String(10), nullable=False),
    sa.Column("deadline", sa.String(10), nullable=False),            # an office day, in working days
    sa.Column("consent_at", sa.Float, nullable=False),
    sa.Column("siks_result", sa.String(20), nullable=True),          # SIKS_RESULTS
    sa.Column("checked_at", sa.Float, nullable=True),
    sa.Column("checked_by", sa.String(80), nullable=True),
    sa.Column("reply", sa.String(2000), nullable=False, default="", server_default=""),
    sa.Column("answered_at", sa.Float, nullable=True),
    sa.Column("answered_by", sa.String(80), nullable=True),
    sa.Column("closed_at", sa.Float, nullable=True),
    sa.Column("letter_id", sa.Integer, nullable=True),
    sa.Column("source_address", sa.String(64), nullable=True),       # for rate limits; purged with the NIK
    sa.Column("updated_at", sa.Float, nullable=False),
    sa.Index("ix_application_open", "status", "deadline"),
    sa.Index("ix_application_day", "office_day"),
    sa.Index("ix_application_nik", "nik", "office_day"),
)

application_files = sa.Table(
    "application_files", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("application_id", sa.ForeignKey("applications.id", ondelete="CASCADE"), nullable=False),
    sa.Column("kind", sa.String(10), nullable=False),                # "ktp" | "kk"
    sa.Column("path", sa.String(300), nullable=True),                # under the data directory; NULL once purged
    sa.Column("content_type", sa.String(40), nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("uploaded_at", sa.Float, nullable=False),
)

# Messages to citizens, written with the change that causes them, sent by a worker outside the writer.
outbox = sa.Table(
    "outbox", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("channel", sa.String(12), nullable=False),             # NOTIFY_CHANNELS
    sa.Column("recipient", sa.String(200), nullable=False),
    sa.Column("template", sa.String(40), nullable=False),
    sa.Column("params", sa.JSON, nullable=False),                    # never a NIK
    sa.Column("language", sa.String(2), nullable=False, default="id", server_default="id"),
    sa.Column("dedupe_key", sa.String(200), nullable=False, unique=True),
    sa.Column("status", sa.String(12), nullable=False),              # OUTBOX_STATUSES
    sa.Column("attempts", sa.Integer, nullable=False, default=0, server_default="0"),
    sa.Column("next_attempt_at", sa.Float, nullable=False),
    sa.Column("last_error", sa.String(500), nullable=True),
    sa.Column("sent_at", sa.Float, nullable=True),
    sa.Column("provider_id", sa.String(200), nullable=True),
    sa.Column("application_id", sa.Integer, nullable=True),
    sa.Column("ticket_id", sa.Integer, nullable=True),
    sa.Index("ix_outbox_due", "status", "next_attempt_at"),
    sa.Index("ix_outbox_recipient", "recipient", "sent_at"),
)

notify_opt_outs = sa.Table(
    "notify_opt_outs", metadata,
    sa.Column("recipient", sa.String(200), primary_key=True),
    sa.Column("at", sa.Float, nullable=False),
    sa.Column("source", sa.String(20), nullable=False),
)

# A lobby ticket's contacts, only when the citizen asks for messages (near your turn, called).
ticket_contacts = sa.Table(
    "ticket_contacts", metadata,
    sa.Column("ticket_id", sa.ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("phone", sa.String(20), nullable=True),
    sa.Column("email", sa.String(200), nullable=True),
    sa.Column("channel", sa.String(12), nullable=False),
    sa.Column("language", sa.String(2), nullable=False, default="id", server_default="id"),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("near_sent", sa.Boolean, nullable=False, default=False, server_default="0"),
    sa.Column("called_sent", sa.Boolean, nullable=False, default=False, server_default="0"),
)

inbound_messages = sa.Table(
    "inbound_messages", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("provider_id", sa.String(200), nullable=False, unique=True),
    sa.Column("sender", sa.String(200), nullable=True),
    sa.Column("at", sa.Float, nullable=False),
    sa.Column("text", sa.String(2000), nullable=False, default="", server_default=""),
    sa.Column("handled", sa.Boolean, nullable=False, default=False, server_default="0"),
)

# The Surat Keterangan DTKS: drafted by a clerk, released when the authorised official approves it.
letters = sa.Table(
    "letters", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("number", sa.String(80), nullable=True),               # given at approval, e.g. 460/123/Dinsos/XII/2026
    sa.Column("year", sa.Integer, nullable=True),
    sa.Column("seq", sa.Integer, nullable=True),
    sa.Column("verify_code", sa.String(40), nullable=False, unique=True),
    sa.Column("ticket_id", sa.ForeignKey("tickets.id", ondelete="SET NULL"), nullable=True),
    sa.Column("application_id", sa.ForeignKey("applications.id", ondelete="SET NULL"), nullable=True),
    sa.Column("holder_name", sa.String(120), nullable=False),
    sa.Column("holder_nik", sa.String(16), nullable=True),           # NULL after the retention purge
    sa.Column("nik_masked", sa.String(20), nullable=False),
    sa.Column("holder_address", sa.String(300), nullable=False, default="", server_default=""),
    sa.Column("result", sa.String(20), nullable=False),              # SIKS_RESULTS
    sa.Column("checked_on", sa.String(10), nullable=False),
    sa.Column("status", sa.String(12), nullable=False),              # LETTER_STATUSES
    sa.Column("content", sa.JSON, nullable=False),                   # the template's texts as approved
    sa.Column("drafted_by", sa.String(80), nullable=False),
    sa.Column("drafted_at", sa.Float, nullable=False),
    sa.Column("approved_by", sa.String(80), nullable=True),
    sa.Column("approved_at", sa.Float, nullable=True),
    sa.Column("issued_on", sa.String(10), nullable=True),
    sa.Column("revoked_by", sa.String(80), nullable=True),
    sa.Column("revoked_at", sa.Float, nullable=True),
    sa.Column("revoke_reason", sa.String(300), nullable=True),
    sa.UniqueConstraint("year", "seq", name="uq_letter_number"),
    sa.Index("ix_letter_status", "status", "drafted_at"),
)

# -- numbers from everywhere (v13) ----------------------------------------------------
# A phone's request id, so its retry never makes a second ticket or booking.
remote_requests = sa.Table(
    "remote_requests", metadata,
    sa.Column("request_id", sa.String(64), primary_key=True),
    sa.Column("ticket_id", sa.ForeignKey("tickets.id", ondelete="SET NULL"), nullable=True),
    sa.Column("booking_id", sa.Integer, nullable=True),
    sa.Column("created_at", sa.Float, nullable=False),
)

# How many bookings a service takes per weekday (0 = Monday) and hour.
service_slots = sa.Table(
    "service_slots", metadata,
    sa.Column("service_id", sa.ForeignKey("services.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("weekday", sa.Integer, primary_key=True),
    sa.Column("hour", sa.Integer, primary_key=True),
    sa.Column("capacity", sa.Integer, nullable=False),
)

bookings = sa.Table(
    "bookings", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("code", sa.String(40), nullable=False, unique=True),   # on the phone's QR; typed at the kiosk
    sa.Column("service_id", sa.ForeignKey("services.id"), nullable=False),
    sa.Column("day", sa.String(10), nullable=False),
    sa.Column("hour", sa.Integer, nullable=False),
    sa.Column("nik", sa.String(16), nullable=True),                  # NULL after the retention purge
    sa.Column("phone", sa.String(20), nullable=True),
    sa.Column("email", sa.String(200), nullable=True),
    sa.Column("language", sa.String(2), nullable=False, default="id", server_default="id"),
    sa.Column("status", sa.String(12), nullable=False),              # BOOKING_STATUSES
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("updated_at", sa.Float, nullable=False),
    sa.Column("ticket_id", sa.ForeignKey("tickets.id", ondelete="SET NULL"), nullable=True),
    sa.Column("reminded_eve", sa.Boolean, nullable=False, default=False, server_default="0"),
    sa.Column("reminded_morning", sa.Boolean, nullable=False, default=False, server_default="0"),
    sa.Index("ix_booking_slot", "service_id", "day", "hour", "status"),
    sa.Index("ix_booking_nik", "nik", "day"),
)

# A block of numbers a kiosk may print while it cannot reach the server; the server's own
# numbering skips every block leased for the day, and no two kiosks hold the same one.
number_leases = sa.Table(
    "number_leases", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("kiosk_id", sa.ForeignKey("devices.id", ondelete="CASCADE"), nullable=False),
    sa.Column("office_day", sa.String(10), nullable=False),
    sa.Column("prefix", sa.String(1), nullable=False),
    sa.Column("first_seq", sa.Integer, nullable=False),
    sa.Column("last_seq", sa.Integer, nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.UniqueConstraint("office_day", "prefix", "first_seq", name="uq_lease_block"),
    sa.Index("ix_lease_kiosk", "kiosk_id", "office_day"),
)

# Days the office does not serve (national holidays, cuti bersama, local ones).
holidays = sa.Table(
    "holidays", metadata,
    sa.Column("day", sa.String(10), primary_key=True),
    sa.Column("name", sa.String(120), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),         # HOLIDAY_KINDS
    sa.Column("source", sa.String(20), nullable=False, default="admin", server_default="admin"),
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


def postgresql_metadata() -> sa.MetaData:
    """The tables as PostgreSQL gets them: a copy, with the partial indexes SQLite has
    (``sqlite_where``) as ``postgresql_where``. A copy, because creating tables on
    PostgreSQL marks the keys it adds afterwards (``use_alter``) as created, and SQLite
    would then make ``counters`` without its key; and because naming a dialect's
    option loads that dialect (2 MB a SQLite office never uses)."""
    copy = sa.MetaData()
    for table in metadata.sorted_tables:
        table.to_metadata(copy)
    for table in copy.tables.values():
        for index in table.indexes:
            where = index.dialect_kwargs.get("sqlite_where")
            if where is not None:
                index.dialect_kwargs["postgresql_where"] = where
    return copy
