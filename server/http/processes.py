"""Several server processes on one port and one SQLite file (``processes = N``).

One Python process runs HTTP parsing, the event streams and the writer on one
core, under one lock (the GIL). On a machine with more cores, N processes serve
the same port and write to the same database file:

- each process listens on its own socket (``SO_REUSEPORT``), and the kernel spreads
  new connections evenly over them;
- numbers and claims stay atomic because each process's writer holds the
  database's write lock for its whole batch (``server.storage.writer``);
- every process learns what the others did from the events table and streams
  it to its own displays, phones and staff pages, in id order
  (``server.storage.sibling_events``);
- the parent process only prepares: it holds the data-directory lock, upgrades
  the schema and seeds the demo office once, then forks the servers, restarts
  one that dies, and stops them all on SIGTERM or Ctrl+C.

What stays per process: the login limiter and other flood limits (a client
spread over N processes gets up to N times the attempts), and the public
stream cap (``max_public_streams`` per process).
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import time
from typing import Callable

log = logging.getLogger("antre")

RESTART_PAUSE = 1.0  # seconds before a process that died is started again


def listening_socket(host: str, port: int) -> socket.socket:
    """This process's own socket on the shared port. With ``SO_REUSEPORT`` the kernel spreads
    new connections evenly over the processes; one accept queue shared by all hands most of a
    burst to whichever process wakes first (measured here: 15 of 20 kiosks on one process)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(2048)
    return sock


def check_port_free(host: str, port: int) -> None:
    """Fail at once, in the parent, when another program holds the port."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))


def prepare(settings, seed: Callable | None) -> None:
    """Schema upgrade and the demo seed, once, before any server process starts."""
    from server.http.context import AppContext
    from server.storage.db import Database
    from server.storage.files import prepare_data_dir

    prepare_data_dir(settings.data_dir)
    db = Database(settings.db_url, batch_max=settings.commit_batch_max)
    try:
        db.upgrade()
        c = AppContext(settings=settings.model_copy(update={"processes": 1}), db=db)
        c.db.start_writer(before_batch=c.days)
        if seed is not None:
            seed(c)
    finally:
        db.close()


def serve(settings, run_one: Callable[[socket.socket], None]) -> int:
    """Fork ``settings.processes`` servers, each running ``run_one(sock)`` on its own socket on
    the shared port; keep them running."""
    check_port_free(settings.host, settings.port)
    children: dict[int, int] = {}  # pid -> slot
    stopping = False

    def start(slot: int) -> None:
        pid = os.fork()
        if pid == 0:  # the child: a server of its own on the shared socket
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            _end_with_parent()
            code = 0
            try:
                run_one(listening_socket(settings.host, settings.port))
            except BaseException:  # noqa: BLE001 - the parent logs the exit and starts another
                log.exception("server process %d failed", slot)
                code = 1
            finally:
                os._exit(code)
        children[pid] = slot
        log.info("server process %d started (pid %d)", slot, pid)

    def stop(_signum, _frame) -> None:
        nonlocal stopping
        stopping = True
        for pid in list(children):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for slot in range(settings.processes):
        start(slot)
    while children:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            break
        except InterruptedError:
            continue
        slot = children.pop(pid, None)
        if slot is None or stopping:
            continue
        log.error("server process %d (pid %d) ended with status %d; starting it again", slot, pid,
                  os.waitstatus_to_exitcode(status))
        time.sleep(RESTART_PAUSE)
        if not stopping:
            start(slot)
    return 0


def _end_with_parent() -> None:
    """Ask Linux to stop this child when the parent dies (even by SIGKILL): no orphan
    server keeps the port and the database after the one that started it is gone."""
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the parent's SIGTERM still stops it
        pass
    if os.getppid() == 1:  # the parent died before we asked
        os._exit(0)


def run_uvicorn(app, options: dict) -> Callable[[socket.socket], None]:
    """``run_one`` for ``serve``: uvicorn with ``options`` on the inherited socket."""
    def run_one(sock: socket.socket) -> None:
        import sys
        import uvicorn
        sys.setswitchinterval(float(os.environ.get("ANTRE_SWITCH", "0.005")))
        uvicorn.Server(uvicorn.Config(app, **options)).run(sockets=[sock])
    return run_one
