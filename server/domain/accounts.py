"""Staff sessions, kiosk keys and the login rate limit.

Passwords are argon2 hashes. Session tokens and device keys are long random
strings, so a SHA-256 of them is enough at rest (a stolen database does not
yield usable tokens) and lookups stay one indexed query or a dict hit.
"""

from __future__ import annotations

import ctypes
import hashlib
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Callable, Optional

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from common import vocabulary as vocab
from server.storage.db import Tx
from server.storage.schema import devices, sessions, users

ROLES = tuple(vocab.STAFF_ROLES)  # weakest first

try:
    # A fixed mmap threshold: blocks of 1 MiB and more (argon2's working memory)
    # are mapped and unmapped on free in any thread. Left to itself glibc raises
    # the threshold after the first hash and keeps 19 MiB resident for good,
    # a quarter of the server's memory budget.
    ctypes.CDLL("libc.so.6").mallopt(-3, 1024 * 1024)  # M_MMAP_THRESHOLD
except (OSError, AttributeError):  # not glibc: nothing to tune
    pass


# OWASP's minimum argon2id profile (19 MiB, 2 passes): argon2-cffi's default takes
# 64 MiB per hash, which on a small office PC is most of the server's memory budget.
_hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
# Verifying against this keeps a login for an unknown user as slow as a wrong password.
_DUMMY_HASH = _hasher.hash("antre-dummy-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> str:
    return secrets.token_urlsafe(32)


@dataclass(frozen=True)
class Staff:
    id: int
    username: str
    display_name: str
    role: str
    counter_id: Optional[int]

    @property
    def actor(self) -> str:
        return f"user:{self.username}"

    def has(self, role: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)


def check_login(conn: sa.Connection, username: str, password: str) -> Optional[Staff]:
    row = conn.execute(sa.select(users).where(users.c.username == username)).first()
    if row is None or not row.active:
        verify_password(_DUMMY_HASH, password)
        return None
    if not verify_password(row.password_hash, password):
        return None
    return Staff(row.id, row.username, row.display_name, row.role, row.counter_id)


def create_session(tx: Tx, user: Staff, hours: float) -> str:
    token = new_secret()
    tx.conn.execute(sessions.insert().values(token_hash=digest(token), user_id=user.id,
                                             created_at=tx.now, expires_at=tx.now + hours * 3600))
    tx.conn.execute(sessions.delete().where(sessions.c.expires_at < tx.now))
    tx.audit(user.actor, "auth.login")
    return token


def session_user(conn: sa.Connection, token: str, now: float) -> Optional[Staff]:
    row = conn.execute(
        sa.select(users).select_from(sessions.join(users))
        .where(sessions.c.token_hash == digest(token), sessions.c.expires_at > now, users.c.active)).first()
    if row is None:
        return None
    return Staff(row.id, row.username, row.display_name, row.role, row.counter_id)


def end_session(tx: Tx, token: str, actor: str) -> None:
    tx.conn.execute(sessions.delete().where(sessions.c.token_hash == digest(token)))
    tx.touched("sessions")
    tx.audit(actor, "auth.logout")


def create_user(tx: Tx, username: str, password: str, role: str, display_name: str = "",
                counter_id: Optional[int] = None, actor: str = "system") -> int:
    if role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}")
    uid = tx.conn.execute(users.insert().values(
        username=username, password_hash=hash_password(password), role=role,
        display_name=display_name or username, active=True, counter_id=counter_id)).inserted_primary_key[0]
    tx.touched("users")
    tx.audit(actor, "user.created", detail={"username": username, "role": role})
    return uid


def create_device(tx: Tx, kind: str, name: str, actor: str = "system") -> tuple[int, str]:
    """A kiosk or display with its own key; the key is returned once and stored hashed."""
    key = new_secret()
    did = tx.conn.execute(devices.insert().values(kind=kind, name=name, key_hash=digest(key),
                                                  revoked=False, created_at=tx.now)).inserted_primary_key[0]
    tx.touched("devices")
    tx.audit(actor, "device.created", detail={"kind": kind, "name": name})
    return did, key


class DeviceKeys:
    """Valid device keys in memory: kiosks issue tickets without a lookup per request.

    This process owns the database, so reloading after every device change keeps
    the cache exact (a revoked key stops working at once). The writer reloads it
    after committing a job that ``touched("devices")``, on its own thread: never
    from uncommitted data, never on the event loop. Readers see one dict, swapped whole.
    """

    def __init__(self, read: Optional[Callable[[], sa.Connection]] = None):
        self._read = read
        self._by_hash: dict[str, tuple[int, str]] = {}

    def reload(self, conn: sa.Connection) -> None:
        rows = conn.execute(sa.select(devices.c.id, devices.c.kind, devices.c.key_hash)
                            .where(devices.c.revoked.is_(False), devices.c.key_hash.is_not(None)))
        self._by_hash = {r.key_hash: (r.id, r.kind) for r in rows}

    def after_commit(self, events: list[dict], tags: frozenset) -> None:
        if "devices" in tags and self._read is not None:
            with self._read() as conn:
                self.reload(conn)

    def lookup(self, key: str, kind: Optional[str] = None) -> Optional[int]:
        """The device id for a key (of the given kind, if one is given), or None."""
        found = self._by_hash.get(digest(key))
        if found is None or (kind is not None and found[1] != kind):
            return None
        return found[0]


class LoginLimiter:
    """At most ``max_failures`` failed logins per username and per address in a window."""

    def __init__(self, max_failures: int, window: float, clock: Callable[[], float] = time.time):
        self.max_failures = max_failures
        self.window = window
        self.clock = clock
        self._failures: dict[str, deque] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque:
        q = self._failures.setdefault(key, deque())
        while q and q[0] <= now - self.window:
            q.popleft()
        return q

    def retry_after(self, *keys: str) -> float:
        """Seconds until another attempt is allowed (0 when allowed now)."""
        now = self.clock()
        with self._lock:
            waits = [q[0] + self.window - now for k in keys
                     if len(q := self._recent(k, now)) >= self.max_failures]
        return max(waits, default=0.0)

    def failed(self, *keys: str) -> None:
        now = self.clock()
        with self._lock:
            for k in keys:
                self._recent(k, now).append(now)

    def succeeded(self, *keys: str) -> None:
        with self._lock:
            for k in keys:
                self._failures.pop(k, None)
