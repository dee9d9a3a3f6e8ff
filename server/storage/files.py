"""The data directory's files: readable only by the server's user, and writable.

The database holds NIKs, so it, its WAL and shared-memory files, backups and the
demo credentials are 0600 and the directory we create 0700. SQLite gives the
-wal and -shm files the mode of the database file, so creating that one 0600
before SQLite opens it covers all three.

A database SQLite can read but not write fails late, and an immutable -shm file
(``chattr +i``) kills the process with SIGBUS on its first write: both are
refused at start with a message instead.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
_SIDE_FILES = ("-wal", "-shm", "-journal")


class DataDirProblem(Exception):
    """The data directory cannot be used; the message says why, for people."""


class StorageNotWritable(DataDirProblem):
    pass


def private_file(path: Path) -> None:
    """Make an existing file readable and writable by its owner only."""
    try:
        os.chmod(path, PRIVATE_FILE)
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise StorageNotWritable(f"{path}: the server cannot change this file ({exc.strerror}); it is not "
                                 "writable or immutable. Fix its owner and mode or run 'chattr -i' on it.")


def create_private(path: Path) -> None:
    """Create ``path`` empty with mode 0600 if it does not exist (before anything else opens it)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE)
    os.close(fd)
    private_file(path)


def prepare_data_dir(data_dir: Path) -> None:
    """Create the data directory (0700) and tighten the files a previous version left 0644."""
    data_dir = Path(data_dir)
    if not data_dir.exists():
        data_dir.mkdir(parents=True, mode=PRIVATE_DIR)
        os.chmod(data_dir, PRIVATE_DIR)
    check_writable_dir(data_dir)
    db_path = data_dir / "antre.db"
    if db_path.exists():
        prepare_database_file(db_path)  # the clearest message first
    for entry in data_dir.iterdir():
        if entry.is_file() and (entry.name.startswith("antre") or entry.suffix in (".json", ".png", ".db")):
            private_file(entry)


def check_writable_dir(directory: Path) -> None:
    try:
        fd, probe = tempfile.mkstemp(dir=directory, prefix=".antre-write-test-")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise StorageNotWritable(f"{directory}: the server cannot create files there ({exc.strerror}). "
                                 "Give the server's user write access (and remove any 'chattr +i').")


def prepare_database_file(path: Path) -> None:
    """The SQLite file and its side files: present, 0600, and writable (checked, not assumed)."""
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=PRIVATE_DIR)
    check_writable_dir(path.parent)
    existing = [p for p in [path] + [Path(f"{path}{s}") for s in _SIDE_FILES] if p.exists()]
    for p in existing:
        try:
            with open(p, "r+b"):
                pass
        except OSError as exc:
            raise StorageNotWritable(f"{p}: the database file is not writable ({exc.strerror}). "
                                     "Antre will not start on a read-only or immutable database: "
                                     "fix its owner and mode (chmod 600) or run 'chattr -i' on it.")
    if path not in existing:
        create_private(path)
    for p in existing:
        private_file(p)


def write_private(path: Path, data: bytes) -> None:
    """Write a file whole (a reader never sees half of it), readable only by us."""
    tmp = Path(f"{path}.partial")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    private_file(tmp)
    os.replace(tmp, path)
