"""Brings a database to the newest schema at start: at once when it is new, by Alembic's
steps (``schema_steps``) when it was written by an older release.

A new database, SQLite or PostgreSQL, is created from ``schema.metadata`` and stamped
with the newest revision (Alembic's own recipe for "an up to date database from
scratch"); replaying every step since the first release would build the same thing
slower, and PostgreSQL never had those releases. tests/server/test_schema_upgrade.py
checks that both ways arrive at the same schema.

Alembic itself (about 10 MB of modules) is imported only where steps run: in a child
process the server starts when its database is behind, so the server that then runs
for weeks never carries it (tests/server/test_footprint.py).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Optional

import sqlalchemy as sa

from server.storage import migrations, schema

HEAD = "v14"  # the newest revision in schema_steps/versions (a test keeps the two in step)
STEPS = Path(__file__).resolve().parent / "schema_steps"
_SCHEMA_LOCK = 0x616E747265  # "antre": the advisory lock key of schema changes on PostgreSQL

# Alembic's bookkeeping table, as Alembic creates it.
_versions = sa.MetaData()
alembic_version = sa.Table(
    "alembic_version", _versions,
    sa.Column("version_num", sa.String(32), nullable=False),
    sa.PrimaryKeyConstraint("version_num", name="alembic_version_pkc"),
)


def one_at_a_time(conn: sa.Connection) -> None:
    """Hold the schema for this transaction: two server processes starting at once on one
    PostgreSQL database would otherwise both find it empty and both create it. (SQLite:
    the write transaction already excludes every other writer.)"""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(%s)" % _SCHEMA_LOCK)


def revision(conn: sa.Connection) -> Optional[str]:
    """The schema revision of the database: None when it is empty. A database from
    before Alembic kept a version number in ``schema_version``: version 13 is "v13"."""
    tables = sa.inspect(conn)
    if tables.has_table("alembic_version"):
        return conn.execute(sa.select(alembic_version.c.version_num)).scalar()
    if tables.has_table("schema_version"):
        number = conn.exec_driver_sql("SELECT max(version) FROM schema_version").scalar()
        return f"v{number:02d}" if number else None
    return None


def create(conn: sa.Connection) -> None:
    """A new database: the newest schema, stamped with ``HEAD``, and the rows the steps
    would have left in an empty one (the issue-order sequence, the first outcomes)."""
    tables = schema.postgresql_metadata() if conn.dialect.name == "postgresql" else schema.metadata
    tables.create_all(conn)
    _versions.create_all(conn)
    conn.execute(alembic_version.insert().values(version_num=HEAD))
    conn.execute(schema.sequences.insert().values(name="queue", value=0))
    conn.execute(schema.outcomes.insert(), [
        {"code": code, "label_id": label_id, "label_en": label_en, "referral_to": referral_to,
         "position": position, "active": True}
        for position, (code, label_id, label_en, referral_to) in enumerate(migrations.FIRST_OUTCOMES)])


def run_steps(conn: sa.Connection, target: str = "head") -> str:
    """Alembic's steps from the database's revision to ``target``, on ``conn`` and in the
    transaction it is in (all of them or none). Returns the revision reached."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(STEPS))
    config.attributes["connection"] = conn
    before_alembic = not sa.inspect(conn).has_table("alembic_version")
    current = revision(conn)
    if before_alembic and current is not None:
        command.stamp(config, current)  # where the old version number says it is
    command.upgrade(config, target)
    return revision(conn)


def in_child_process(url: str) -> str:
    """``run_steps`` to the newest revision in a child process (see the module's docstring)."""
    # (the address on stdin: a PostgreSQL one may hold a password, and arguments are public)
    done = subprocess.run([sys.executable, "-m", "server.storage.schema_upgrade"], input=url,
                          cwd=Path(__file__).resolve().parents[2], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"the database's schema upgrade failed:\n{done.stderr[-4000:]}")
    return done.stdout.strip().splitlines()[-1]


def _main(url: str) -> None:
    from server.storage.db import make_engine

    engine = make_engine(url, writer=True)
    try:
        with engine.connect() as conn, conn.begin():
            one_at_a_time(conn)
            reached = run_steps(conn)
    finally:
        engine.dispose()
    print(reached)


if __name__ == "__main__":
    _main(sys.stdin.read().strip())
