"""How the app runs under uvicorn: one set of options for ``server_main`` and the tests.

- Proxy headers (X-Forwarded-For, -Proto) are believed only from the addresses in
  ``trusted_proxies``; by default nobody, so a client cannot pick its own address
  for the login limit. (uvicorn's default trusts 127.0.0.1, which on an office PC
  is anyone with a browser on it.)
- The protocol has header and body deadlines and a connection budget below the
  file limit (``server.http.protocol``).
"""

from __future__ import annotations

import resource
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
