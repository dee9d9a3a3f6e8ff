"""Moving an office from its SQLite file into the central database (``server_main.py import``).

Every table is copied as it is, in the order its keys need, in one transaction on the
central database: an import that fails leaves it as it was. The office file is first
brought to the newest schema (what starting the new release on it would do), so both
sides have the same tables. Keys that go round in a circle (a counter's holder is a user,
a user's counter is a counter) are filled in once both rows exist, and PostgreSQL's id
sequences continue after the highest imported id: the next ticket, event and account
get new ids, and a display's ``Last-Event-ID`` stays meaningful.

One office per central database until offices are records of their own: a central
database that already holds an office refuses another.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from server.storage import schema, schema_upgrade
from server.storage.db import Database

CHUNK = 1000  # rows per INSERT: a year of tickets goes in a few hundred statements


class ImportRefused(ValueError):
    """The import cannot be done; the message says why (and nothing was changed)."""


def import_office(source: Path, target_url: str) -> dict[str, int]:
    """Copy the office in the SQLite file ``source`` into the database at ``target_url``;
    returns the rows copied per table."""
    if not source.is_file():
        raise ImportRefused(f"no database at {source}")
    office, central = Database(f"sqlite:///{source.resolve()}"), Database(target_url)
    try:
        office.upgrade()
        central.upgrade()
        with office.read() as read, central.write_engine.connect() as write, write.begin():
            schema_upgrade.one_at_a_time(write)
            if write.execute(sa.select(sa.func.count()).select_from(schema.users)).scalar():
                raise ImportRefused("the central database already holds an office (one office per database "
                                    "until offices are records of their own)")
            return _copy(read, write)
    finally:
        office.close()
        central.close()


def _copy(read: sa.Connection, write: sa.Connection) -> dict[str, int]:
    tables = schema.metadata.sorted_tables
    for table in reversed(tables):  # what a new database starts with (the first outcomes, ...)
        write.execute(table.delete())
    later: list[tuple[sa.Table, list[str], list[dict]]] = []
    copied = {}
    for table in tables:
        circular = [fk.parent.name for fk in table.foreign_keys if fk.use_alter]
        rows = [dict(r._mapping) for r in read.execute(sa.select(table))]
        for start in range(0, len(rows), CHUNK):
            chunk = [{**r, **{c: None for c in circular}} for r in rows[start:start + CHUNK]]
            write.execute(table.insert(), chunk)
        if circular and rows:
            later.append((table, circular, rows))
        copied[table.name] = len(rows)
    for table, circular, rows in later:  # both ends of every circular key exist now
        key = list(table.primary_key.columns)
        for row in rows:
            if any(row[c] is not None for c in circular):
                write.execute(table.update().where(*(k == row[k.name] for k in key))
                              .values({c: row[c] for c in circular}))
    if write.dialect.name == "postgresql":
        _continue_sequences(write, tables)
    return copied


def _continue_sequences(write: sa.Connection, tables: list[sa.Table]) -> None:
    """Each SERIAL id's sequence goes on after the highest id imported."""
    for table in tables:
        for column in table.primary_key.columns:
            sequence = write.execute(sa.text("SELECT pg_get_serial_sequence(:t, :c)"),
                                     {"t": table.name, "c": column.name}).scalar()
            if sequence:
                write.execute(sa.text(f"SELECT setval('{sequence}', (SELECT COALESCE(max({column.name}), 0) + 1 "
                                      f"FROM {table.name}), false)"))
