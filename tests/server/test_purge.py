"""After the retention period a NIK is gone from every byte the server keeps; the files are private."""

import os
import sqlite3
import stat
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from server.domain.privacy import mask_niks
from server.storage import maintenance, schema
from server.storage.db import Database
from server.storage.schema import events, tickets
from tests.live import Clock, LiveServer
from tests.server.helpers import counter_id, database_of_release, issue, nik_for


def _files(data: Path, backup: Path) -> dict[str, bytes]:
    found = {p.name: p.read_bytes() for p in (data / "antre.db", data / "antre.db-wal") if p.exists()}
    found[backup.name] = backup.read_bytes()
    return found


@pytest.mark.sqlite_only
def test_after_the_purge_no_nik_is_left_in_the_database_its_wal_or_a_backup(tmp_path):
    clock = Clock()
    server = LiveServer(tmp_path / "data", clock=clock, overrides={"nik_retention_days": 30}).start()
    try:
        kiosk, fo = server.kiosk(), server.staff(0)
        citizens = range(1, 40)
        for i in citizens:
            issue(kiosk, "ABCD"[i % 4], i)
        for i in citizens:   # each ticket is rewritten a few times, as on a real day
            r = fo.post(f"/api/counters/{counter_id(server, 0)}/call-next")
            if r.status_code == 200 and i % 3 == 0:
                # a clerk pastes the NIK into the note, with the spaces people type
                nik = nik_for(i)
                fo.post(f"/api/tickets/{r.json()['id']}/transfer",
                        json={"service": "E", "note": f"cek {nik[:4]} {nik[4:8]} {nik[8:12]} {nik[12:]} ok"})
        with server.ctx.db.read() as conn:
            notes = [n for (ns,) in conn.execute(sa.select(tickets.c.notes)) for n in ns]
        assert notes and all("********" in n["note"] for n in notes)   # masked as written
        clock.advance(31 * 86400)
        issue(kiosk, "A", 999)  # the first write of the new day purges
        backup = tmp_path / "backup.db"
        maintenance.backup(server.ctx.settings.data_dir / "antre.db", backup)
        with server.ctx.db.read() as conn:
            old_events = conn.execute(sa.select(events.c.staff_data).where(events.c.at < clock() - 86400)).all()
            old_notes = [n for (ns,) in conn.execute(sa.select(tickets.c.notes)) for n in ns]
        assert old_events and all(e.staff_data is None for e in old_events)
        assert old_notes and all(n["note"] == "" for n in old_notes)
        for name, content in _files(server.ctx.settings.data_dir, backup).items():
            for i in citizens:
                assert nik_for(i).encode() not in content, (name, i)
        assert nik_for(999).encode() in backup.read_bytes()  # today's citizen is still there (and findable)
    finally:
        server.stop()


def test_notes_mask_anything_that_looks_like_a_nik():
    assert mask_niks("NIK 3276010101900001 cocok") == "NIK 3276********0001 cocok"
    assert mask_niks("3276.0101.9000.0001/3276-0101-9000-0002") == "3276********0001/3276********0002"
    assert mask_niks("telp 081234567890, KK 12345678901234567") == "telp 081234567890, KK 12345678901234567"


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.sqlite_only
def test_the_database_its_wal_backups_and_credentials_are_readable_only_by_the_server(server, tmp_path):
    data = server.ctx.settings.data_dir
    issue(server.kiosk(), "A", 1)
    for name in ("antre.db", "antre.db-wal", "antre.db-shm", "demo-credentials.json"):
        assert _mode(data / name) == 0o600, name
    assert _mode(data) == 0o700
    backup = tmp_path / "copies" / "backup.db"
    maintenance.backup(data / "antre.db", backup)
    assert _mode(backup) == 0o600


@pytest.mark.sqlite_only
def test_a_data_dir_left_world_readable_is_tightened_at_start(tmp_path):
    data = tmp_path / "data"
    server = LiveServer(data).start()
    server.stop()
    for name in ("antre.db", "demo-credentials.json"):
        os.chmod(data / name, 0o644)
    server = LiveServer(data).start()
    try:
        assert _mode(data / "antre.db") == 0o600 and _mode(data / "antre.db-wal") == 0o600
        assert _mode(data / "demo-credentials.json") == 0o600
    finally:
        server.stop()


def test_a_database_from_before_secure_delete_is_rewritten_once_so_no_purged_nik_stays_behind(tmp_path):
    # Given a version-1 database, written without secure_delete, whose tickets (with NIKs)
    # were deleted: their bytes are still in the file's free pages
    path = tmp_path / "antre.db"
    old = sa.create_engine(f"sqlite:///{path}")
    with old.begin() as conn:
        database_of_release(conn, 1)
    old.dispose()
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA secure_delete=OFF")
    raw.executemany(
        "INSERT INTO tickets (office_day, number, seq, origin_service_id, service_id, token, nik, status, rank, "
        "issued_at, queued_at, recalls, transfers, notes) "
        "VALUES ('2025-01-02', ?, ?, 1, 1, ?, ?, 'done', 2, 0, 0, 0, 0, '[]')",
        [(f"A-{i:03d}", i, f"tok{i}", nik_for(i)) for i in range(1, 300)])
    raw.commit()
    raw.execute("DELETE FROM tickets")
    raw.commit()
    raw.close()
    assert nik_for(7).encode() in path.read_bytes()  # (so the test can fail)

    # When the server upgrades it
    db = Database(f"sqlite:///{path}")
    db.upgrade()
    db.upgrade()  # (a second start does not rewrite it again)
    with db.read() as conn:
        scrubbed = conn.execute(sa.select(schema.system_state.c.value)
                                .where(schema.system_state.c.key == "free_pages_scrubbed")).scalar()
    db.close()

    # Then no byte of those NIKs is left, in the file or its WAL
    kept = b"".join(p.read_bytes() for p in (path, tmp_path / "antre.db-wal") if p.exists())
    assert not any(nik_for(i).encode() in kept for i in range(1, 300))
    assert scrubbed == "1"



@pytest.mark.sqlite_only
def test_phone_numbers_and_emails_go_with_the_niks(tmp_path):
    """Pak Joko left his WhatsApp number on his ticket page and was told he was called; a month
    later his number is in no row and no byte of the database (an opt-out would have stayed)."""
    from server.storage.schema import outbox, ticket_contacts

    clock = Clock()
    server = LiveServer(tmp_path / "data", clock=clock, overrides={"nik_retention_days": 30}).start()
    try:
        kiosk, fo = server.kiosk(), server.staff(0)
        token = issue(kiosk, "A", 7).json()["token"]
        assert server.client().post(f"/api/tickets/{token}/contact",
                                    json={"phone": "0812-3456-7890"}).status_code in (200, 201)
        assert fo.post(f"/api/counters/{counter_id(server, 0)}/call-next").status_code == 200
        stop = time.time() + 10
        while time.time() < stop:   # the worker sends it (by the log notifier, the default)
            with server.ctx.db.read() as conn:
                sent = conn.execute(sa.select(outbox.c.status)).scalars().all()
            if sent and all(s not in ("pending", "sending") for s in sent):
                break
            time.sleep(0.1)
        assert sent and all(s not in ("pending", "sending") for s in sent), sent
        clock.advance(31 * 86400)
        issue(kiosk, "A", 999)  # the first write of the new day purges
        with server.ctx.db.read() as conn:
            assert conn.execute(sa.select(ticket_contacts)).all() == []
            recipients = conn.execute(sa.select(outbox.c.recipient)).scalars().all()
        assert recipients and all("*" in r for r in recipients)
        maintenance.backup(server.ctx.settings.data_dir / "antre.db", tmp_path / "after.db")
        content = (tmp_path / "after.db").read_bytes()
        assert b"81234567890" not in content
    finally:
        server.stop()
