"""What a technician does over SSH: back up, restore, create the first admin.

The data-directory lock makes "one server owns the database" a fact rather than
a convention: a second server on the same directory, or a restore while the
server runs, is refused with a plain message.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import sqlite3
import time
from pathlib import Path
from typing import Optional

from server.storage.files import (
    PRIVATE_FILE,
    DataDirProblem,
    StorageNotWritable,
    create_private,
    prepare_data_dir,
    private_file,
)

LOCK_NAME = "antre.lock"


class DataDirBusy(DataDirProblem):
    pass


def lock_data_dir(data_dir: Path):
    """Hold an exclusive lock on the data directory for the life of the process.

    Also refuses, with a message, a data directory or database the server could
    not write (see ``server.storage.files``).
    """
    prepare_data_dir(data_dir)
    try:
        fd = os.open(data_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_APPEND, PRIVATE_FILE)
    except OSError as exc:
        raise StorageNotWritable(f"{data_dir / LOCK_NAME}: cannot open the lock file ({exc.strerror})")
    fh = os.fdopen(fd, "a+")
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        fh.close()
        raise DataDirBusy(f"another Antre server is using {data_dir}")
    return fh


def _is_locked(data_dir: Path) -> bool:
    try:
        lock_data_dir(data_dir).close()
        return False
    except DataDirBusy:
        return True


def backup(db_path: Path, out: Path) -> dict:
    """A consistent copy while the server runs (SQLite online backup API), then checked."""
    if not db_path.exists():
        raise FileNotFoundError(f"no database at {db_path}")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".partial")
    tmp.unlink(missing_ok=True)
    create_private(tmp)  # a backup holds the same NIKs as the database
    src = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(tmp)
    try:
        dst.execute("PRAGMA secure_delete=ON")
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    finally:
        src.close()
        dst.close()
    info = check(tmp)
    os.replace(tmp, out)
    return info


def check(path: Path) -> dict:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        result = db.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            raise ValueError(f"{path} is damaged: {result}")
        tickets = db.execute("select count(*) from tickets").fetchone()[0]
        try:
            version = db.execute("select version_num from alembic_version").fetchone()[0]
        except sqlite3.OperationalError:  # a backup from before Alembic: its version number
            version = "v%02d" % db.execute("select max(version) from schema_version").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise ValueError(f"{path} is not an Antre database: {exc}")
    finally:
        db.close()
    return {"tickets": tickets, "schema_version": version}


def restore(backup_file: Path, data_dir: Path) -> dict:
    """Replace the database with a backup; refused while a server runs. Keeps the old one aside."""
    if _is_locked(data_dir):
        raise DataDirBusy(f"stop the Antre server using {data_dir} before restoring")
    info = check(backup_file)
    db_path = data_dir / "antre.db"
    if db_path.exists():
        aside = data_dir / f"antre.db.before-restore-{time.strftime('%Y%m%d-%H%M%S')}"
        shutil.copy2(db_path, aside)
        private_file(aside)
        info["previous_saved_as"] = str(aside)
    for suffix in ("-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    tmp = data_dir / "antre.db.restoring"
    shutil.copy2(backup_file, tmp)
    private_file(tmp)
    os.replace(tmp, db_path)
    return info


def create_admin(db_url: str, username: str, password: Optional[str]) -> str:
    """Create (or reset) an admin account directly in the database; returns the password."""
    from server.domain import passwords
    from server.domain.office_setup import new_password
    from server.storage.db import Database

    weak = passwords.problem(password, username, "admin") if password is not None else None
    if weak:
        raise ValueError(weak[1])
    db = Database(db_url)
    db.upgrade()
    db.start_writer()
    password = password or new_password()

    def job(tx):
        import sqlalchemy as sa

        from server.domain import accounts as auth
        from server.storage.schema import users
        existing = tx.conn.execute(sa.select(users.c.id).where(users.c.username == username)).scalar()
        if existing is None:
            auth.create_user(tx, username, password, "admin", "Administrator", actor="cli")
        else:
            tx.conn.execute(users.update().where(users.c.id == existing).values(
                password_hash=auth.hash_password(password), role="admin", active=True))
            tx.touched("users")
            tx.audit("cli", "user.changed", detail={"username": username, "password_reset": True})
    try:
        db.writer.call(job)
    finally:
        db.close()
    return password
