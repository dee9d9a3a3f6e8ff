"""``server_main.py import``: an office's SQLite file moves into the central PostgreSQL database.

The Dinas Sosial ran Antre on its own PC for a year; the regency now runs the central
set-up. Pak Joko stops the office's server, imports its file, and the office opens the
next morning on the central servers with its accounts, its queue and its numbering.
"""

import json
import shutil

import pytest
import sqlalchemy as sa

import server_main
from server.storage import schema
from server.storage.db import Database
from tests.live import LiveServer
from tests.server.helpers import SSEReader, issue

pytestmark = pytest.mark.sqlite_only  # (an office's SQLite file, into PostgreSQL, in either pass)


def test_an_office_moves_into_the_central_database_with_its_accounts_queue_and_numbers(
        tmp_path, postgres_cluster, monkeypatch, capsys):
    # Given the office on its own SQLite file: three citizens took numbers, the first was called
    office = LiveServer(tmp_path / "office", overrides={"database_url": None}).start()
    try:
        kiosk, clerk = office.kiosk(), office.staff(0)
        numbers = [issue(kiosk, "A", i).json()["number"] for i in (1, 2, 3)]
        counter = office.creds["staff"][0]["counter"]
        assert clerk.post(f"/api/counters/{counter}/call-next").json()["number"] == numbers[0]
        with office.ctx.db.read() as conn:
            last_event = conn.execute(sa.select(sa.func.max(schema.events.c.id))).scalar()
    finally:
        office.stop()

    # When Pak Joko imports the file into the central database
    central = postgres_cluster.new_database()
    monkeypatch.setenv("ANTRE_DATABASE_URL", central)
    assert server_main.main(["import", str(tmp_path / "office" / "antre.db")]) == 0
    assert "3 tickets" in capsys.readouterr().out

    # Then a central server opens with the office's accounts, queue and numbering
    (tmp_path / "central").mkdir(mode=0o700)
    shutil.copy(tmp_path / "office" / "demo-credentials.json", tmp_path / "central")
    server = LiveServer(tmp_path / "central", overrides={"database_url": central}).start()
    try:
        clerk = server.staff(0)  # the same password
        assert clerk.post(f"/api/counters/{counter}/call-next").json()["number"] == numbers[1]
        assert issue(server.kiosk(), "A", 4).json()["number"] == "A-004"  # the day's numbering goes on
        with server.ctx.db.read() as conn:
            assert conn.execute(sa.select(sa.func.min(schema.events.c.id))
                                .where(schema.events.c.id > last_event)).scalar() == last_event + 1
        # And a display that saw the office's events before the move resumes where it was
        tv = SSEReader(server.url + "/api/events", headers={"Last-Event-ID": str(last_event - 1)})
        assert tv.wait_for(lambda e: len(tv.ids) >= 2)
        tv.close()
        assert tv.ids[0] == last_event and tv.ids[1] > last_event  # the office's last event, then the central's
    finally:
        server.stop()


def test_a_central_database_that_holds_an_office_refuses_a_second_and_changes_nothing(
        tmp_path, postgres_cluster, monkeypatch, capsys):
    office = LiveServer(tmp_path / "office", overrides={"database_url": None}).start()
    office.stop()
    central = postgres_cluster.new_database()
    monkeypatch.setenv("ANTRE_DATABASE_URL", central)
    assert server_main.main(["import", str(tmp_path / "office" / "antre.db")]) == 0
    before = _counts(central)

    assert server_main.main(["import", str(tmp_path / "office" / "antre.db")]) == 2
    assert "already holds an office" in capsys.readouterr().err
    assert _counts(central) == before


def test_an_import_needs_the_central_database_named(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("ANTRE_DATABASE_URL", raising=False)
    assert server_main.main(["import", str(tmp_path / "antre.db")]) == 2
    assert "ANTRE_DATABASE_URL" in capsys.readouterr().err


def _counts(url: str) -> dict:
    db = Database(url)
    try:
        with db.read() as conn:
            return {t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar()
                    for t in schema.metadata.sorted_tables}
    finally:
        db.close()
