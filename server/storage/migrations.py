"""The schema steps of the releases before Alembic (versions 1 to 13), in order. Each
is frozen: it spells out its own DDL instead of reading the live tables, which keep
changing. Alembic runs them (``server/storage/schema_steps/versions``), only ever on
an SQLite database from one of those releases: a new database, on any engine, gets
the newest schema at once.
"""

from __future__ import annotations

import logging
import time

import sqlalchemy as sa

from common import vocabulary as vocab
from server.storage import schema_v1

log = logging.getLogger("antre.schema")

_TICKET_COLUMNS = ("id, office_day, number, seq, origin_service_id, service_id, token, nik, priority, "
                   "priority_confirmed, status, rank, issued_at, queued_at, called_at, started_at, finished_at, "
                   "counter_id, recalls, transfers, notes, kiosk_id, request_id, print_status")

_TICKETS_V2 = """CREATE TABLE tickets_v2 (
    id INTEGER NOT NULL PRIMARY KEY,
    office_day VARCHAR(10) NOT NULL,
    number VARCHAR(12) NOT NULL,
    seq INTEGER NOT NULL,
    origin_service_id INTEGER NOT NULL REFERENCES services (id),
    service_id INTEGER NOT NULL REFERENCES services (id),
    token VARCHAR(40) NOT NULL UNIQUE,
    nik VARCHAR(16),
    priority VARCHAR(20),
    priority_confirmed BOOLEAN,
    status VARCHAR(10) NOT NULL,
    rank INTEGER NOT NULL,
    issued_at FLOAT NOT NULL,
    queued_at FLOAT NOT NULL,
    called_at FLOAT,
    started_at FLOAT,
    finished_at FLOAT,
    counter_id INTEGER REFERENCES counters (id),
    recalls INTEGER NOT NULL,
    transfers INTEGER NOT NULL,
    notes JSON NOT NULL,
    kiosk_id INTEGER REFERENCES devices (id),
    request_id VARCHAR(64),
    print_status VARCHAR(20),
    CONSTRAINT uq_ticket_request UNIQUE (kiosk_id, request_id),
    CONSTRAINT uq_ticket_day_number UNIQUE (office_day, number)
)"""


def _sql(conn: sa.Connection, statement: str, params=()) -> sa.CursorResult:
    return conn.exec_driver_sql(statement, params)


def v1_first_release(conn: sa.Connection) -> None:
    """The released version 1, frozen in ``schema_v1`` (it once read the live tables)."""
    schema_v1.metadata.create_all(conn, tables=[t for t in schema_v1.metadata.sorted_tables
                                                if t.name != "schema_version"])


def v2_numbers_per_prefix(conn: sa.Connection) -> None:
    """Number counters per office day and prefix letter; a number unique per office day.

    Counters were kept per service id, so renaming service D and creating a new
    D started a second D-001 the same day. Existing duplicates are renumbered
    after the highest number of their prefix that day (the later ticket gets the
    new number) so that the unique constraint can be created.
    """
    _sql(conn, "CREATE TABLE number_counters (office_day VARCHAR(10) NOT NULL, prefix VARCHAR(1) NOT NULL, "
               "last_number INTEGER NOT NULL, PRIMARY KEY (office_day, prefix))")
    last: dict[tuple[str, str], int] = {}
    for day, code, n in _sql(conn, "SELECT d.office_day, s.code, d.last_number FROM day_counters d "
                                   "JOIN services s ON s.id = d.service_id"):
        last[(day, code)] = max(last.get((day, code), 0), n)
    rows = list(_sql(conn, "SELECT id, office_day, number, seq FROM tickets ORDER BY id"))
    for _id, day, number, seq in rows:
        last[(day, number[:1])] = max(last.get((day, number[:1]), 0), seq)
    seen: set[tuple[str, str]] = set()
    renumbered = 0
    for ticket_id, day, number, _seq in rows:
        if (day, number) in seen:
            key = (day, number[:1])
            last[key] += 1
            number = vocab.format_number(key[1], last[key])
            _sql(conn, "UPDATE tickets SET number = ?, seq = ? WHERE id = ?", (number, last[key], ticket_id))
            renumbered += 1
        seen.add((day, number))
    for (day, prefix), n in last.items():
        _sql(conn, "INSERT INTO number_counters (office_day, prefix, last_number) VALUES (?, ?, ?)", (day, prefix, n))
    if renumbered:
        log.warning("%d tickets had a number already given that day and were renumbered", renumbered)
        _sql(conn, "INSERT INTO audit_log (at, actor, action, detail) VALUES (?, 'system', 'tickets.renumbered', ?)",
             (time.time(), f'{{"count": {renumbered}}}'))
    _sql(conn, "DROP TABLE day_counters")
    if conn.dialect.name != "sqlite":
        _sql(conn, "ALTER TABLE tickets DROP CONSTRAINT uq_ticket_number")
        _sql(conn, "ALTER TABLE tickets ADD CONSTRAINT uq_ticket_day_number UNIQUE (office_day, number)")
    else:  # SQLite cannot drop a constraint: rebuild the table (its documented procedure)
        _sql(conn, _TICKETS_V2)
        _sql(conn, f"INSERT INTO tickets_v2 ({_TICKET_COLUMNS}) SELECT {_TICKET_COLUMNS} FROM tickets")
        _sql(conn, "DROP TABLE tickets")
        _sql(conn, "ALTER TABLE tickets_v2 RENAME TO tickets")
        _sql(conn, "CREATE INDEX ix_ticket_queue ON tickets (service_id, status, office_day, rank, queued_at)")
        _sql(conn, "CREATE INDEX ix_ticket_nik_day ON tickets (nik, office_day, origin_service_id)")
        _sql(conn, "CREATE INDEX ix_ticket_day_status ON tickets (office_day, status)")
    _sql(conn, "CREATE INDEX ix_ticket_origin_day ON tickets (office_day, origin_service_id)")


def v3_issue_order_and_office_day(conn: sa.Connection) -> None:
    """The queue follows a sequence instead of the clock; the last office day is remembered.

    Existing tickets get their sequence in the order the clock gave them.
    """
    _sql(conn, "CREATE TABLE sequences (name VARCHAR(40) NOT NULL PRIMARY KEY, value INTEGER NOT NULL)")
    _sql(conn, "CREATE TABLE system_state (key VARCHAR(40) NOT NULL PRIMARY KEY, value VARCHAR(200) NOT NULL)")
    _sql(conn, "ALTER TABLE tickets ADD COLUMN queue_seq INTEGER NOT NULL DEFAULT 0")
    ids = [r[0] for r in _sql(conn, "SELECT id FROM tickets ORDER BY queued_at, id")]
    if ids:
        conn.connection.driver_connection.executemany(
            "UPDATE tickets SET queue_seq = ? WHERE id = ?", [(n, i) for n, i in enumerate(ids, start=1)])
    _sql(conn, "INSERT INTO sequences (name, value) VALUES ('queue', ?)", (len(ids),))
    last_day = _sql(conn, "SELECT max(office_day) FROM tickets").scalar()
    if last_day:
        _sql(conn, "INSERT INTO system_state (key, value) VALUES ('office_day', ?)", (last_day,))
    _sql(conn, "DROP INDEX ix_ticket_queue")
    _sql(conn, "CREATE INDEX ix_ticket_queue_seq ON tickets (service_id, status, office_day, rank, queue_seq)")


def v4_counter_holders(conn: sa.Connection) -> None:
    """Who holds each counter: the clerk who opened it or called on it."""
    _sql(conn, "ALTER TABLE counters ADD COLUMN holder_user_id INTEGER REFERENCES users (id) ON DELETE SET NULL")
    _sql(conn, "ALTER TABLE counters ADD COLUMN held_since FLOAT")


def v5_at_counter_and_called_indexes(conn: sa.Connection) -> None:
    """Partial indexes: who is at each counter, and the day's calls in call order.

    Call-next looked for the counter's current citizen with ``counter_id`` and an
    at-counter status, which no index served: it read every ticket ever issued
    (150 ms with a year of history). The lobby's latest calls read and sorted the
    whole day. Both are partial: a ticket just issued (not called yet) is in
    neither, so issuing writes neither.
    """
    _sql(conn, "CREATE INDEX ix_ticket_at_counter ON tickets (counter_id) WHERE status IN ('called', 'serving')")
    _sql(conn, "CREATE INDEX ix_ticket_day_called ON tickets (office_day, called_at) WHERE called_at IS NOT NULL")


def v6_finished_index(conn: sa.Connection) -> None:
    """Partial index: each service's finished visits of the day, in finishing order.

    The wait estimate averages a service's last twenty visits; without this it
    sorted the day's finished tickets on the writer thread (75 ms on a 30,000-ticket
    day). Only finished tickets are in it, so issuing and calling write nothing here.
    """
    _sql(conn, "CREATE INDEX ix_ticket_done ON tickets (service_id, office_day, finished_at) WHERE status = 'done'")


def v7_display_zones(conn: sa.Connection) -> None:
    """Waiting rooms (zones) of counters, and each device's zone and language.

    An office with two waiting rooms pairs each TV to the room it hangs in; the TV
    then shows that room's counters and the services they serve. A zone names its
    counters only: its services follow from what those counters serve, so moving
    a service between counters never leaves a zone out of date. A device that
    belongs to no zone (NULL) shows the whole office, as before.
    """
    _sql(conn, "CREATE TABLE zones (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(60) NOT NULL UNIQUE, "
               "position INTEGER NOT NULL DEFAULT 0)")
    _sql(conn, "CREATE TABLE zone_counters (zone_id INTEGER NOT NULL REFERENCES zones (id) ON DELETE CASCADE, "
               "counter_id INTEGER NOT NULL REFERENCES counters (id) ON DELETE CASCADE, "
               "PRIMARY KEY (zone_id, counter_id))")
    _sql(conn, "ALTER TABLE devices ADD COLUMN zone_id INTEGER REFERENCES zones (id) ON DELETE SET NULL")
    _sql(conn, "ALTER TABLE devices ADD COLUMN language VARCHAR(2) NOT NULL DEFAULT 'id'")


# The office's first list of outcomes (v8), editable afterwards by the supervisor; a new
# database starts with it too (schema_upgrade.create).
FIRST_OUTCOMES = [
    ("surat_diterbitkan", "Surat keterangan diterbitkan", "Letter issued", None),
    ("informasi_diberikan", "Informasi diberikan", "Information given", None),
    ("berkas_belum_lengkap", "Berkas belum lengkap", "Documents incomplete", None),
    ("rujuk_disdik", "Dirujuk ke Dinas Pendidikan", "Referred to the education office", "Dinas Pendidikan"),
    ("rujuk_dinkes", "Dirujuk ke Dinas Kesehatan", "Referred to the health office", "Dinas Kesehatan"),
    ("rujuk_bpjs", "Dirujuk ke BPJS Kesehatan", "Referred to BPJS Kesehatan", "BPJS Kesehatan"),
    ("rujuk_disdukcapil", "Dirujuk ke Disdukcapil", "Referred to the civil registry", "Disdukcapil"),
    ("rujuk_desa", "Dirujuk ke desa/kelurahan", "Referred to the village office", "Kantor desa/kelurahan"),
    ("rujuk_sekolah", "Dirujuk ke sekolah", "Referred to the school", "Sekolah"),
    ("pengaduan_dicatat", "Pengaduan dicatat", "Complaint recorded", None),
]


def v8_outcomes_back_office_and_optional_nik(conn: sa.Connection) -> None:
    """What the staff workstation keeps: outcomes, back-office checks, services without a NIK.

    Outcomes and back-office checks are tables beside ``tickets`` (one row per
    ticket that has one), so issuing, the hot path, writes nothing more. A service
    may let a clerk issue a number without a NIK (a complaint without identity,
    UU 25/2009 Pasal 42); none does until the office says so.
    """
    _sql(conn, "ALTER TABLE services ADD COLUMN nik_optional BOOLEAN NOT NULL DEFAULT 0")
    _sql(conn, "CREATE TABLE outcomes (id INTEGER NOT NULL PRIMARY KEY, code VARCHAR(40) NOT NULL UNIQUE, "
               "label_id VARCHAR(120) NOT NULL, label_en VARCHAR(120) NOT NULL, referral_to VARCHAR(120), "
               "position INTEGER NOT NULL DEFAULT 0, active BOOLEAN NOT NULL DEFAULT 1)")
    _sql(conn, "CREATE TABLE ticket_outcomes (ticket_id INTEGER NOT NULL PRIMARY KEY "
               "REFERENCES tickets (id) ON DELETE CASCADE, outcome_id INTEGER NOT NULL REFERENCES outcomes (id), "
               "note VARCHAR(300) NOT NULL DEFAULT '', actor VARCHAR(80) NOT NULL, at FLOAT NOT NULL)")
    _sql(conn, "CREATE TABLE back_office_checks (ticket_id INTEGER NOT NULL PRIMARY KEY "
               "REFERENCES tickets (id) ON DELETE CASCADE, state VARCHAR(12) NOT NULL, "
               "what VARCHAR(200) NOT NULL DEFAULT '', requested_by VARCHAR(80) NOT NULL, "
               "requested_at FLOAT NOT NULL, taken_by VARCHAR(80), result VARCHAR(300), updated_at FLOAT NOT NULL)")
    for position, (code, label_id, label_en, referral_to) in enumerate(FIRST_OUTCOMES):
        _sql(conn, "INSERT INTO outcomes (code, label_id, label_en, referral_to, position, active) "
                   "VALUES (?, ?, ?, ?, ?, 1)", (code, label_id, label_en, referral_to, position))


def v9_user_language(conn: sa.Connection) -> None:
    """Each staff account's language: a clerk who reads English sees the staff and admin pages
    in English on every PC she logs in at, so it is kept with the account, not in a browser."""
    _sql(conn, "ALTER TABLE users ADD COLUMN language VARCHAR(2) NOT NULL DEFAULT 'id'")


def v10_service_pictograms(conn: sa.Connection) -> None:
    """Each service's pictogram on the kiosk's tile (a name of common.vocabulary.PICTOGRAMS, or
    empty: the kiosk picks one from the service's name). Many citizens read little."""
    _sql(conn, "ALTER TABLE services ADD COLUMN icon VARCHAR(20) NOT NULL DEFAULT ''")


def v11_reports_survey_complaints_holidays(conn: sa.Connection) -> None:
    """What the head of office answers for: report facts, the SKM survey, complaints, holidays.

    Report facts are kept on the ticket as it lives, so a year's report reads one
    table (no event replay) and survives the NIK purge, which only blanks ``nik``:
    ``channel`` (kiosk, staff desk, later online), ``first_called_at`` (the wait
    ends at the first call, not at a call after a transfer), ``service_seconds``
    (start to finish, summed over transfers), ``served_by`` (the clerk who
    finished it) and ``no_show`` (skipped and never brought back when the day
    closed). Survey responses keep the service and day, never the NIK; one per
    ticket. Complaints are cases with a life of their own. Holidays are the
    office's calendar of days it does not serve.
    """
    _sql(conn, "ALTER TABLE tickets ADD COLUMN channel VARCHAR(10) NOT NULL DEFAULT 'kiosk'")
    _sql(conn, "ALTER TABLE tickets ADD COLUMN first_called_at FLOAT")
    _sql(conn, "ALTER TABLE tickets ADD COLUMN service_seconds FLOAT NOT NULL DEFAULT 0")
    _sql(conn, "ALTER TABLE tickets ADD COLUMN served_by VARCHAR(80)")
    _sql(conn, "ALTER TABLE tickets ADD COLUMN no_show BOOLEAN NOT NULL DEFAULT 0")
    # What history there is: tickets without a kiosk were issued at a staff desk; the last
    # call and start are the best the old columns know.
    _sql(conn, "UPDATE tickets SET channel = 'staff' WHERE kiosk_id IS NULL")
    _sql(conn, "UPDATE tickets SET first_called_at = called_at")
    _sql(conn, "UPDATE tickets SET service_seconds = finished_at - COALESCE(started_at, called_at) "
               "WHERE status = 'done' AND COALESCE(started_at, called_at) IS NOT NULL")
    _sql(conn, "CREATE INDEX ix_ticket_report ON tickets (office_day, origin_service_id)")
    _sql(conn, "CREATE TABLE survey_responses (id INTEGER NOT NULL PRIMARY KEY, "
               "ticket_id INTEGER UNIQUE REFERENCES tickets (id) ON DELETE SET NULL, "
               "service_id INTEGER NOT NULL REFERENCES services (id), office_day VARCHAR(10) NOT NULL, "
               "at FLOAT NOT NULL, channel VARCHAR(10) NOT NULL, "
               "q1 INTEGER NOT NULL, q2 INTEGER NOT NULL, q3 INTEGER NOT NULL, q4 INTEGER NOT NULL, "
               "q5 INTEGER NOT NULL, q6 INTEGER NOT NULL, q7 INTEGER NOT NULL, q8 INTEGER NOT NULL, "
               "q9 INTEGER NOT NULL, sex VARCHAR(1), age INTEGER, education VARCHAR(20), "
               "occupation VARCHAR(20), suggestion VARCHAR(1000) NOT NULL DEFAULT '')")
    _sql(conn, "CREATE INDEX ix_survey_day ON survey_responses (office_day, service_id)")
    _sql(conn, "CREATE TABLE survey_device_counters (device_id INTEGER NOT NULL REFERENCES devices (id) "
               "ON DELETE CASCADE, counter_id INTEGER NOT NULL REFERENCES counters (id) ON DELETE CASCADE, "
               "PRIMARY KEY (device_id, counter_id))")
    _sql(conn, "CREATE TABLE complaints (id INTEGER NOT NULL PRIMARY KEY, code VARCHAR(20) NOT NULL UNIQUE, "
               "channel VARCHAR(12) NOT NULL, received_at FLOAT NOT NULL, office_day VARCHAR(10) NOT NULL, "
               "category VARCHAR(30) NOT NULL, description TEXT NOT NULL, "
               "complainant_name VARCHAR(120) NOT NULL DEFAULT '', "
               "complainant_contact VARCHAR(200) NOT NULL DEFAULT '', confidential BOOLEAN NOT NULL DEFAULT 0, "
               "ticket_id INTEGER REFERENCES tickets (id) ON DELETE SET NULL, "
               "service_id INTEGER REFERENCES services (id), status VARCHAR(20) NOT NULL, "
               "assigned_to INTEGER REFERENCES users (id) ON DELETE SET NULL, "
               "verification TEXT NOT NULL DEFAULT '', response TEXT NOT NULL DEFAULT '', "
               "deadline VARCHAR(10) NOT NULL, responded_at FLOAT, closed_at FLOAT, "
               "created_by VARCHAR(80) NOT NULL, updated_at FLOAT NOT NULL)")
    _sql(conn, "CREATE INDEX ix_complaint_day ON complaints (office_day)")
    _sql(conn, "CREATE INDEX ix_complaint_open ON complaints (status, deadline)")
    _sql(conn, "ALTER TABLE users ADD COLUMN complaint_officer BOOLEAN NOT NULL DEFAULT 0")
    _sql(conn, "CREATE TABLE holidays (day VARCHAR(10) NOT NULL PRIMARY KEY, name VARCHAR(120) NOT NULL, "
               "kind VARCHAR(20) NOT NULL, source VARCHAR(20) NOT NULL DEFAULT 'admin')")


def v12_online_channel_notifications_letters(conn: sa.Connection) -> None:
    """The second channel: online applications, the notification outbox, letters.

    An application holds the citizen's personal data (NIK, name, address,
    contacts) until the NIK retention purge blanks them; its files (photos of KTP
    and KK) are rows pointing at 0600 files in the data directory, deleted by the
    same purge. The outbox is durable: a message is written in the same
    transaction as the change that causes it, and a worker outside the writer
    sends it (``dedupe_key`` makes a second enqueue of the same message a no-op).
    A lobby ticket gets contacts only when the citizen asks for messages.
    Letters keep a masked NIK for the public verification page, so the purge may
    blank the full one. Inbound WhatsApp messages are kept by provider id so a
    webhook delivered twice is handled once.
    """
    _sql(conn, "CREATE TABLE applications (id INTEGER NOT NULL PRIMARY KEY, code VARCHAR(40) NOT NULL UNIQUE, "
               "service_id INTEGER NOT NULL REFERENCES services (id), channel VARCHAR(12) NOT NULL, "
               "nik VARCHAR(16), name VARCHAR(120), address VARCHAR(300), phone VARCHAR(20), email VARCHAR(200), "
               "need VARCHAR(1000) NOT NULL DEFAULT '', language VARCHAR(2) NOT NULL DEFAULT 'id', "
               "status VARCHAR(20) NOT NULL, received_at FLOAT NOT NULL, office_day VARCHAR(10) NOT NULL, "
               "deadline VARCHAR(10) NOT NULL, consent_at FLOAT NOT NULL, "
               "siks_result VARCHAR(20), checked_at FLOAT, checked_by VARCHAR(80), "
               "reply VARCHAR(2000) NOT NULL DEFAULT '', answered_at FLOAT, answered_by VARCHAR(80), "
               "closed_at FLOAT, letter_id INTEGER, source_address VARCHAR(64), updated_at FLOAT NOT NULL)")
    _sql(conn, "CREATE INDEX ix_application_open ON applications (status, deadline)")
    _sql(conn, "CREATE INDEX ix_application_day ON applications (office_day)")
    _sql(conn, "CREATE INDEX ix_application_nik ON applications (nik, office_day)")
    _sql(conn, "CREATE TABLE application_files (id INTEGER NOT NULL PRIMARY KEY, "
               "application_id INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE, "
               "kind VARCHAR(10) NOT NULL, path VARCHAR(300), content_type VARCHAR(40) NOT NULL, "
               "size INTEGER NOT NULL, sha256 VARCHAR(64) NOT NULL, uploaded_at FLOAT NOT NULL)")
    _sql(conn, "CREATE TABLE outbox (id INTEGER NOT NULL PRIMARY KEY, created_at FLOAT NOT NULL, "
               "channel VARCHAR(12) NOT NULL, recipient VARCHAR(200) NOT NULL, template VARCHAR(40) NOT NULL, "
               "params JSON NOT NULL, language VARCHAR(2) NOT NULL DEFAULT 'id', "
               "dedupe_key VARCHAR(200) NOT NULL UNIQUE, status VARCHAR(12) NOT NULL, "
               "attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at FLOAT NOT NULL, last_error VARCHAR(500), "
               "sent_at FLOAT, provider_id VARCHAR(200), application_id INTEGER, ticket_id INTEGER)")
    _sql(conn, "CREATE INDEX ix_outbox_due ON outbox (status, next_attempt_at)")
    _sql(conn, "CREATE INDEX ix_outbox_recipient ON outbox (recipient, sent_at)")
    _sql(conn, "CREATE TABLE notify_opt_outs (recipient VARCHAR(200) NOT NULL PRIMARY KEY, at FLOAT NOT NULL, "
               "source VARCHAR(20) NOT NULL)")
    _sql(conn, "CREATE TABLE ticket_contacts (ticket_id INTEGER NOT NULL PRIMARY KEY "
               "REFERENCES tickets (id) ON DELETE CASCADE, phone VARCHAR(20), email VARCHAR(200), "
               "channel VARCHAR(12) NOT NULL, language VARCHAR(2) NOT NULL DEFAULT 'id', created_at FLOAT NOT NULL, "
               "near_sent BOOLEAN NOT NULL DEFAULT 0, called_sent BOOLEAN NOT NULL DEFAULT 0)")
    _sql(conn, "CREATE TABLE inbound_messages (id INTEGER NOT NULL PRIMARY KEY, "
               "provider_id VARCHAR(200) NOT NULL UNIQUE, sender VARCHAR(200), at FLOAT NOT NULL, "
               "text VARCHAR(2000) NOT NULL DEFAULT '', handled BOOLEAN NOT NULL DEFAULT 0)")
    _sql(conn, "CREATE TABLE letters (id INTEGER NOT NULL PRIMARY KEY, number VARCHAR(80), year INTEGER, "
               "seq INTEGER, verify_code VARCHAR(40) NOT NULL UNIQUE, "
               "ticket_id INTEGER REFERENCES tickets (id) ON DELETE SET NULL, "
               "application_id INTEGER REFERENCES applications (id) ON DELETE SET NULL, "
               "holder_name VARCHAR(120) NOT NULL, holder_nik VARCHAR(16), nik_masked VARCHAR(20) NOT NULL, "
               "holder_address VARCHAR(300) NOT NULL DEFAULT '', result VARCHAR(20) NOT NULL, "
               "checked_on VARCHAR(10) NOT NULL, status VARCHAR(12) NOT NULL, content JSON NOT NULL, "
               "drafted_by VARCHAR(80) NOT NULL, drafted_at FLOAT NOT NULL, approved_by VARCHAR(80), "
               "approved_at FLOAT, issued_on VARCHAR(10), revoked_by VARCHAR(80), revoked_at FLOAT, "
               "revoke_reason VARCHAR(300), CONSTRAINT uq_letter_number UNIQUE (year, seq))")
    _sql(conn, "CREATE INDEX ix_letter_status ON letters (status, drafted_at)")
    _sql(conn, "ALTER TABLE users ADD COLUMN letter_signer BOOLEAN NOT NULL DEFAULT 0")
    _sql(conn, "ALTER TABLE services ADD COLUMN online BOOLEAN NOT NULL DEFAULT 0")


def v13_phones_bookings_offline_kiosks(conn: sa.Connection) -> None:
    """Numbers from everywhere: from a phone, by appointment, from a kiosk cut off from the server.

    A number taken from home is a ticket in status ``remote`` until the citizen
    checks in at the kiosk (then ``waiting``, queued from that moment);
    ``remote_requests`` makes a phone's retry with the same request id return the
    same ticket or booking (tickets' own (kiosk_id, request_id) key cannot: a
    phone has no kiosk). Bookings are a slot on a working day, from the office's
    capacities per service, weekday and hour. An offline kiosk numbers from a
    block the server leased to it (``number_leases``), a range the server's own
    numbering skips; its tickets arrive later with ``offline`` set and their
    original issue time.
    """
    _sql(conn, "ALTER TABLE tickets ADD COLUMN offline BOOLEAN NOT NULL DEFAULT 0")
    _sql(conn, "ALTER TABLE tickets ADD COLUMN checked_in_at FLOAT")
    _sql(conn, "ALTER TABLE tickets ADD COLUMN booking_id INTEGER")
    _sql(conn, "ALTER TABLE tickets ADD COLUMN merged_into INTEGER")
    _sql(conn, "ALTER TABLE services ADD COLUMN phone_open BOOLEAN NOT NULL DEFAULT 0")
    _sql(conn, "ALTER TABLE services ADD COLUMN booking_open BOOLEAN NOT NULL DEFAULT 0")
    _sql(conn, "ALTER TABLE services ADD COLUMN walk_in_share INTEGER NOT NULL DEFAULT 50")
    _sql(conn, "CREATE TABLE remote_requests (request_id VARCHAR(64) NOT NULL PRIMARY KEY, "
               "ticket_id INTEGER REFERENCES tickets (id) ON DELETE SET NULL, booking_id INTEGER, "
               "created_at FLOAT NOT NULL)")
    _sql(conn, "CREATE TABLE service_slots (service_id INTEGER NOT NULL REFERENCES services (id) ON DELETE CASCADE, "
               "weekday INTEGER NOT NULL, hour INTEGER NOT NULL, capacity INTEGER NOT NULL, "
               "PRIMARY KEY (service_id, weekday, hour))")
    _sql(conn, "CREATE TABLE bookings (id INTEGER NOT NULL PRIMARY KEY, code VARCHAR(40) NOT NULL UNIQUE, "
               "service_id INTEGER NOT NULL REFERENCES services (id), day VARCHAR(10) NOT NULL, "
               "hour INTEGER NOT NULL, nik VARCHAR(16), phone VARCHAR(20), email VARCHAR(200), "
               "language VARCHAR(2) NOT NULL DEFAULT 'id', status VARCHAR(12) NOT NULL, created_at FLOAT NOT NULL, "
               "updated_at FLOAT NOT NULL, ticket_id INTEGER REFERENCES tickets (id) ON DELETE SET NULL, "
               "reminded_eve BOOLEAN NOT NULL DEFAULT 0, reminded_morning BOOLEAN NOT NULL DEFAULT 0)")
    _sql(conn, "CREATE INDEX ix_booking_slot ON bookings (service_id, day, hour, status)")
    _sql(conn, "CREATE INDEX ix_booking_nik ON bookings (nik, day)")
    _sql(conn, "CREATE TABLE number_leases (id INTEGER NOT NULL PRIMARY KEY, "
               "kiosk_id INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE, office_day VARCHAR(10) NOT NULL, "
               "prefix VARCHAR(1) NOT NULL, first_seq INTEGER NOT NULL, last_seq INTEGER NOT NULL, "
               "created_at FLOAT NOT NULL, CONSTRAINT uq_lease_block UNIQUE (office_day, prefix, first_seq))")
    _sql(conn, "CREATE INDEX ix_lease_kiosk ON number_leases (kiosk_id, office_day)")
