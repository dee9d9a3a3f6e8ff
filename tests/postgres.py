"""A real, throwaway PostgreSQL for the tests: Debian's server binaries, a cluster made
with ``initdb`` in a temporary directory, on a free port of 127.0.0.1, stopped and
deleted at the end of the run. Each test gets a database of its own.

``ANTRE_TEST_DATABASE=postgresql`` runs the server tests' live servers on it
(``LiveServer``, ``ServerProcess``): the second pass of ``.ci/run``.

``scripts/install.sh --test`` installs the ``postgresql`` package; a run without it
skips these tests on a developer's machine and fails in CI (``CI`` set), where a
skipped engine would pass for a tested one.
"""

from __future__ import annotations

import atexit
import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path
from typing import Optional


def server_binaries() -> Optional[Path]:
    """The newest installed PostgreSQL's bin directory (Debian keeps it off PATH)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
    return Path(found[-1]).parent if found else None


class Cluster:
    def __init__(self, bin_dir: Path):
        from tests.live import free_port  # (tests.live asks this module for its servers' databases)

        self.bin = bin_dir
        self.dir = Path(tempfile.mkdtemp(prefix="antre-pg-"))
        self.data = self.dir / "data"
        self.port = free_port()
        # initdb refuses to run as root: as root, the cluster belongs to the postgres user.
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, *args: str) -> None:
        subprocess.run([*self.as_user, *args], check=True, capture_output=True, timeout=120)

    def start(self) -> "Cluster":
        if self.as_user:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
                  "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")
        # fsync stays on: the durability the tests see is the durability offices get.
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-w", "-l", str(self.dir / "log"), "-o",
                  f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections=200",
                  "start")
        return self

    def stop(self) -> None:
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh, empty database; its SQLAlchemy URL."""
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(f"postgresql://postgres@127.0.0.1:{self.port}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


_shared: Optional[Cluster] = None


def engine_under_test() -> str:
    """"sqlite" (the default) or "postgresql": the engine live servers use in this run."""
    return os.environ.get("ANTRE_TEST_DATABASE", "sqlite")


def shared_cluster() -> Cluster:
    """The run's one cluster, started on first use and stopped when the run ends."""
    global _shared
    if _shared is None:
        binaries = server_binaries()
        if binaries is None:
            raise RuntimeError("PostgreSQL is not installed (scripts/install.sh --test installs it)")
        _shared = Cluster(binaries).start()
        atexit.register(_shared.stop)
    return _shared


_databases: dict[str, str] = {}


def database_env(data_dir: Path) -> dict:
    """What a command-line run on ``data_dir`` needs besides: ``ANTRE_DATABASE_URL`` when
    this run tests PostgreSQL (``server_main.py demo-history``, ``create-admin``, ...)."""
    url = database_for(data_dir)
    return {"ANTRE_DATABASE_URL": url} if url else {}


def database_for(data_dir: Path) -> Optional[str]:
    """When this run tests PostgreSQL, the database of the server whose data directory is
    ``data_dir`` (a new one the first time, the same one when that server starts again);
    else None: the SQLite file in the data directory."""
    if engine_under_test() != "postgresql":
        return None
    key = str(Path(data_dir).resolve())
    if key not in _databases:
        _databases[key] = shared_cluster().new_database()
    return _databases[key]
