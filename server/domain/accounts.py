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
from collections import OrderedDict, deque
from dataclasses import dataclass
from typing import Callable, Optional

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from common import vocabulary as vocab
from server.domain.errors import DomainError
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
    language: str = "id"  # the language the account's pages speak (vocab.LANGUAGES)

    @property
    def actor(self) -> str:
        return f"user:{self.username}"

    def has(self, role: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)


def _staff(row) -> Staff:
    return Staff(row.id, row.username, row.display_name, row.role, row.counter_id, row.language or "id")


def language_problem(language) -> Optional[tuple[str, str]]:
    """Why ``language`` cannot be an account's language (Indonesian, English), or None."""
    if language in vocab.LANGUAGES:
        return None
    return ("Bahasa harus salah satu dari: " + ", ".join(vocab.LANGUAGES) + ".",
            "The language must be one of: " + ", ".join(vocab.LANGUAGES) + ".")


def set_language(tx: Tx, user: Staff, language: str) -> dict:
    """The logged-in user chooses the language of her own pages; it follows her to any PC.

    Not audited: it changes nothing anyone else sees. Cached sessions are dropped
    (``touched("users")``) so her next request already carries the new language."""
    problem = language_problem(language)
    if problem:
        raise DomainError("invalid_field", errors=[{"field": "language", "message": problem[0],
                                                     "message_en": problem[1]}])
    tx.conn.execute(users.update().where(users.c.id == user.id).values(language=language))
    tx.touched("users")
    return {"language": language}


def check_login(conn: sa.Connection, username: str, password: str) -> Optional[Staff]:
    row = conn.execute(sa.select(users).where(users.c.username == username)).first()
    if row is None or not row.active:
        verify_password(_DUMMY_HASH, password)
        return None
    if not verify_password(row.password_hash, password):
        return None
    return _staff(row)


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
    return _staff(row)


def end_session(tx: Tx, token: str, actor: str) -> None:
    tx.conn.execute(sessions.delete().where(sessions.c.token_hash == digest(token)))
    tx.touched("sessions")
    tx.audit(actor, "auth.logout")


def create_user(tx: Tx, username: str, password: str, role: str, display_name: str = "",
                counter_id: Optional[int] = None, actor: str = "system", language: str = "id") -> int:
    if role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}")
    if language_problem(language):
        raise ValueError(f"language must be one of {tuple(vocab.LANGUAGES)}")
    uid = tx.conn.execute(users.insert().values(
        username=username, password_hash=hash_password(password), role=role,
        display_name=display_name or username, active=True, counter_id=counter_id,
        language=language)).inserted_primary_key[0]
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


class _Attempts:
    __slots__ = ("failures", "pending")

    def __init__(self) -> None:
        self.failures: deque = deque()
        self.pending = 0


class LoginLimiter:
    """Failed attempts per key in a sliding window of ``window`` seconds.

    Callers choose the keys and their limits (a login uses username@address and
    the address alone, so guessing from the lobby locks the lobby, not the clerk
    at her desk). An attempt is *reserved* before the password is checked and
    counts against the limit until it is settled: fifty parallel guesses check
    at most the limit, not however many passed the check before the first
    failure was recorded. At most ``max_keys`` keys are kept (least recently
    used dropped first), so inventing usernames cannot grow the process.
    """

    def __init__(self, max_failures: int, window: float, clock: Callable[[], float] = time.time,
                 max_keys: int = 10_000):
        self.max_failures = max_failures
        self.window = window
        self.clock = clock
        self.max_keys = max_keys
        self._keys: OrderedDict[str, _Attempts] = OrderedDict()
        self._lock = threading.Lock()

    def _prune(self, key: str, now: float) -> Optional[_Attempts]:
        entry = self._keys.get(key)
        if entry is None:
            return None
        q = entry.failures
        while q and q[0] <= now - self.window:
            q.popleft()
        if not q and not entry.pending:
            del self._keys[key]
            return None
        return entry

    def reserve(self, limits: dict[str, int]) -> float:
        """Reserve one attempt on every key (key -> its limit): 0 when reserved, else the
        seconds to wait. A reservation must end with ``failed`` or ``settled``."""
        now = self.clock()
        with self._lock:
            waits = []
            for key, limit in limits.items():
                entry = self._prune(key, now)
                if entry is None or len(entry.failures) + entry.pending < limit:
                    continue
                # Full of failures: wait for the oldest to leave the window. Full only
                # because of attempts still being checked: ask again in a moment.
                waits.append(entry.failures[0] + self.window - now if len(entry.failures) >= limit else 1.0)
            if waits:
                return max(waits)
            for key in limits:
                entry = self._keys.get(key)
                if entry is None:
                    entry = self._keys[key] = _Attempts()
                entry.pending += 1
                self._keys.move_to_end(key)
            while len(self._keys) > self.max_keys:
                self._keys.popitem(last=False)
            return 0.0

    def failed(self, *keys: str) -> None:
        """The reserved attempt failed: it now counts for the window."""
        now = self.clock()
        with self._lock:
            for key in keys:
                entry = self._keys.get(key)
                if entry is None:  # evicted meanwhile
                    entry = self._keys[key] = _Attempts()
                    entry.pending = 1
                entry.pending = max(0, entry.pending - 1)
                entry.failures.append(now)
                self._keys.move_to_end(key)
            while len(self._keys) > self.max_keys:
                self._keys.popitem(last=False)

    def settled(self, *keys: str, forget: tuple[str, ...] = ()) -> None:
        """The reserved attempt did not fail (or was never checked); ``forget`` clears those keys."""
        now = self.clock()
        with self._lock:
            for key in keys:
                entry = self._keys.get(key)
                if entry is not None:
                    entry.pending = max(0, entry.pending - 1)
                    self._prune(key, now)
            for key in forget:
                self._keys.pop(key, None)

    def __len__(self) -> int:
        return len(self._keys)
