"""The schema: the newest one at once on a new database, on SQLite and on PostgreSQL; an
office's database from an older release brought up to it in place, tickets and all.

Pak Joko, the regency's technician, installs the new release on the Dinas Sosial's PC
on a Monday morning. Last week's tickets, the accounts and the kiosk's key are in the
database the old release wrote; the office opens at eight.
"""

import sqlite3
import threading

import httpx
import pytest
import sqlalchemy as sa

from server.storage import migrations, schema, schema_upgrade
from server.storage.db import Database
from tests.live import ServerProcess, release_tree
from tests.server.helpers import database_of_release, nik_for

PREVIOUS_RELEASE = "e2dc10f"  # the last release before Alembic: schema version 13


def test_a_new_database_gets_the_newest_schema_at_once(database_url):
    db = Database(database_url)
    try:
        assert db.upgrade() == schema_upgrade.HEAD
        assert db.upgrade() == schema_upgrade.HEAD  # a second start changes nothing
        with db.read() as conn:
            assert schema_upgrade.revision(conn) == schema_upgrade.HEAD
            assert set(schema.metadata.tables) <= set(sa.inspect(conn).get_table_names())
            # the queue's partial indexes are partial on both engines (call-next reads only the few at a counter)
            definition = {"sqlite": "SELECT sql FROM sqlite_master WHERE name = 'ix_ticket_at_counter'",
                          "postgresql": "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_ticket_at_counter'"}
            assert "WHERE" in conn.exec_driver_sql(definition[conn.dialect.name]).scalar()
    finally:
        db.close()


def test_two_servers_starting_at_once_on_an_empty_postgresql_database_create_it_once(postgres_cluster):
    # Given two server processes started the same moment on one empty central database
    # (SQLite cannot see this: one server holds the data directory's lock)
    url = postgres_cluster.new_database()
    first, second = Database(url), Database(url)
    results, errors = [], []

    def start(db):
        try:
            results.append(db.upgrade())
        except Exception as exc:  # reported below, with the other's result
            errors.append(exc)
    threads = [threading.Thread(target=start, args=(db,)) for db in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    try:
        # Then one created it, the other found it: both are on the newest schema, nothing twice
        assert errors == [] and results == [schema_upgrade.HEAD] * 2
        with first.read() as conn:
            assert conn.execute(sa.select(sa.func.count()).select_from(schema.outcomes)).scalar() == \
                len(migrations.FIRST_OUTCOMES)
    finally:
        first.close()
        second.close()


def test_the_database_and_the_tables_declared_in_code_agree_on_postgresql(postgres_cluster):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    db = Database(postgres_cluster.new_database())
    try:
        db.upgrade()
        with db.read() as conn:
            differences = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}),
                                           schema.metadata)
        assert differences == []
    finally:
        db.close()


@pytest.mark.sqlite_only  # (an office's SQLite file, whichever engine the run tests)
def test_the_steps_from_the_first_release_build_the_schema_a_new_database_gets(tmp_path):
    # Given one database built step by step from the first release, and one new
    new, stepped = Database(f"sqlite:///{tmp_path / 'new.db'}"), Database(f"sqlite:///{tmp_path / 'stepped.db'}")
    try:
        new.upgrade()
        with stepped.write_engine.connect() as conn, conn.begin():
            assert schema_upgrade.run_steps(conn) == schema_upgrade.HEAD
        assert stepped.upgrade() == schema_upgrade.HEAD  # (nothing left to do but the start's own checks)
        # Then every table has the same columns, keys and indexes (with the same conditions)
        with new.read() as a, stepped.read() as b:
            assert _described(a) == _described(b)
            # And the same rows to start with (the issue-order sequence, the first outcomes)
            assert _rows(a) == _rows(b) and _rows(a)["outcomes"]
    finally:
        new.close()
        stepped.close()


def test_the_newest_revision_named_in_code_is_the_last_step():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(schema_upgrade.STEPS))
    assert ScriptDirectory.from_config(config).get_heads() == [schema_upgrade.HEAD]


@pytest.mark.sqlite_only  # (an office's SQLite file, whichever engine the run tests)
def test_an_offices_database_from_the_previous_release_is_upgraded_in_place(tmp_path):
    data = tmp_path / "data"
    # Given the previous release ran the office: three citizens took numbers, one was called
    with release_tree(PREVIOUS_RELEASE) as tree:
        old = ServerProcess(data, root=tree).start()
        try:
            kiosk = {"Authorization": f"Bearer {old.creds['kiosk_key']}"}
            tickets = [httpx.post(old.url + "/api/tickets", headers=kiosk, timeout=10,
                                  json={"service": "A", "nik": nik_for(i), "request_id": f"monday-{i}"}).json()
                       for i in range(1, 4)]
            clerk = _login(old)
            first = httpx.post(f"{old.url}/api/counters/{old.creds['staff'][0]['counter']}/call-next",
                               headers=clerk, timeout=10)
            assert first.json()["number"] == tickets[0]["number"]
        finally:
            old.stop()
    assert _version_table(data) == ("schema_version", 13)

    # When Pak Joko starts the new release on the same data directory
    new = ServerProcess(data).start()
    try:
        # Then the schema is the newest and Alembic keeps its version
        assert _version_table(data) == ("alembic_version", schema_upgrade.HEAD)
        # And the office goes on where it was: the same accounts, keys and queue
        clerk = _login(new)
        second = httpx.post(f"{new.url}/api/counters/{new.creds['staff'][0]['counter']}/call-next",
                            headers=clerk, timeout=10)
        assert second.status_code == 200 and second.json()["number"] == tickets[1]["number"]
        again = httpx.post(new.url + "/api/tickets", headers={"Authorization": f"Bearer {new.creds['kiosk_key']}"},
                           json={"service": "A", "nik": nik_for(3), "request_id": "monday-3"}, timeout=10)
        assert again.status_code == 200 and again.json()["number"] == tickets[2]["number"]  # the retry, recognised
        status = httpx.get(f"{new.url}/api/tickets/{tickets[0]['token']}", timeout=10)
        assert status.status_code == 200 and status.json()["number"] == tickets[0]["number"]
    finally:
        new.stop()


@pytest.mark.sqlite_only  # (an office's SQLite file, whichever engine the run tests)
def test_an_upgrade_that_fails_leaves_the_database_as_the_old_release_left_it(tmp_path):
    # Given a version-12 database where version 13's bookings table already exists (hand-made)
    path = tmp_path / "antre.db"
    db = Database(f"sqlite:///{path}")
    with db.write_engine.connect() as conn, conn.begin():
        database_of_release(conn, 12)
        conn.exec_driver_sql("CREATE TABLE bookings (id INTEGER PRIMARY KEY)")
    # When the server tries to upgrade it
    with pytest.raises(RuntimeError, match="bookings"):
        db.upgrade()
    db.close()
    # Then nothing of version 13 was kept: no half-upgraded database
    assert _version_table(path.parent) == ("schema_version", 12)
    with sqlite3.connect(path) as raw:
        columns = [r[1] for r in raw.execute("PRAGMA table_info(tickets)")]
    assert "offline" not in columns


def _login(proc: ServerProcess) -> dict:
    staff = proc.creds["staff"][0]
    token = httpx.post(proc.url + "/api/auth/login", json={"username": staff["username"],
                                                           "password": staff["password"]}, timeout=10).json()["token"]
    return {"Authorization": f"Bearer {token}"}


def _version_table(data) -> tuple:
    with sqlite3.connect(data / "antre.db") as raw:
        names = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "alembic_version" in names:
            return "alembic_version", raw.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        return "schema_version", raw.execute("SELECT max(version) FROM schema_version").fetchone()[0]


def _rows(conn) -> dict:
    raw = conn.connection.driver_connection
    return {table: sorted(raw.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
            for table in schema.metadata.tables}


def _described(conn) -> dict:
    """Every table's columns, foreign keys and indexes as SQLite reports them."""
    raw = conn.connection.driver_connection
    out = {}
    tables = [r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                        "AND name NOT LIKE 'sqlite_%'")]
    for table in tables:
        # (a default of '0' and of 0 store the same 0 in an INTEGER or BOOLEAN column)
        columns = sorted((r[1], r[2].upper(), r[3], r[4].strip("'") if r[4] else r[4], r[5])
                         for r in raw.execute(f'PRAGMA table_info("{table}")'))
        keys = sorted((r[2], r[3], r[4], r[6]) for r in raw.execute(f'PRAGMA foreign_key_list("{table}")'))
        indexes = []
        for _, name, unique, origin, _partial in raw.execute(f'PRAGMA index_list("{table}")'):
            columns_of = tuple(r[2] for r in raw.execute(f'PRAGMA index_info("{name}")'))
            sql = raw.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchone()
            where = " ".join(sql[0].split(" WHERE ", 1)[1].split()) if sql and sql[0] and " WHERE " in sql[0] else None
            indexes.append((columns_of, unique, origin, where, name if origin == "c" else ""))
        out[table] = (columns, keys, sorted(indexes, key=str))
    return out
