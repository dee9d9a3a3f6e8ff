"""How the app runs under uvicorn: one set of options for ``server_main`` and the tests.

- Proxy headers (X-Forwarded-For, -Proto) are believed only from the addresses in
  ``trusted_proxies``; by default nobody, so a client cannot pick its own address
  for the login limit. (uvicorn's default trusts 127.0.0.1, which on an office PC
  is anyone with a browser on it.)
- The protocol has header and body deadlines and a connection budget below the
  file limit (``server.http.protocol``).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import resource
from functools import lru_cache
from typing import Optional

from server.http.protocol import guarded_protocol
from server.settings import Settings

# Descriptors the process needs besides client connections: the database and its
# WAL files per reader, logs, the event loop, worker threads, speech synthesis.
RESERVED_FILES = 128


def raise_open_file_limit() -> int:
    """Raise the soft RLIMIT_NOFILE to the hard limit (1024 is a common soft default) and
    return the soft limit now in force."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = hard if hard != resource.RLIM_INFINITY else max(soft, 65536)
    if soft != resource.RLIM_INFINITY and soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        except (ValueError, OSError):
            pass
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


@lru_cache(maxsize=1)
def _libc_trim():
    """glibc's ``malloc_trim``, or None where the C library has none (musl, macOS)."""
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


def give_back_free_memory() -> bool:
    """Hand memory that Python has freed back to the operating system; True if it could.

    glibc keeps freed blocks inside each thread's heap for reuse, so a start-up's
    one-off work (the region index, the demo office's password hashes) and a busy
    morning's peak stay in the server's resident memory for good: about 2 MB at start,
    more after a rush, of an 80 MB budget. ``malloc_trim`` returns every free page.
    """
    trim = _libc_trim()
    if trim is None:
        return False
    trim(0)
    return True


def connection_budget() -> int:
    soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    if soft == resource.RLIM_INFINITY:
        soft = 65536
    return max(32, soft - RESERVED_FILES)


def uvicorn_options(settings: Settings) -> dict:
    """Keyword arguments for ``uvicorn.run`` / ``uvicorn.Config`` (besides app, logging and shutdown)."""
    protocol = guarded_protocol(header_timeout=settings.header_timeout_seconds,
                                body_timeout=settings.body_timeout_seconds,
                                max_connections=connection_budget())
    options = {"host": settings.host, "port": settings.port, "http": protocol, "ws": "none",
               "timeout_keep_alive": 5, "proxy_headers": settings.trusted_proxies is not None}
    if settings.trusted_proxies is not None:
        options["forwarded_allow_ips"] = settings.trusted_proxies
    return options


def lan_address() -> Optional[str]:
    """This machine's address on the office network, or None when it has none.

    A phone scanning a ticket's QR code and a TV on the wall cannot open
    127.0.0.1: they need the address other machines reach this one at. Asking the
    kernel which source address it would use for an outside destination finds it
    without sending anything (UDP ``connect`` only picks a route).
    """
    import socket
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed anywhere real
            address = s.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") or address == "0.0.0.0" else address
