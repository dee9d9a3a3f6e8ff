"""The technician PIN: a salted PBKDF2 hash in the config file, and a lockout after wrong tries.

No Kivy here. There is no default PIN: ``new_pin`` makes a random one at the first
start (``kiosk_main.py``), and only its hash is ever stored.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from typing import Callable, Optional

log = logging.getLogger("antre.kiosk.technician")

PIN_ITERATIONS = 120_000
PIN_MIN, PIN_MAX = 4, 8


def new_pin() -> str:
    """Six random digits (never a fixed, well-known default)."""
    return f"{secrets.randbelow(10 ** 6):06d}"


def hash_pin(pin: str, *, salt: Optional[str] = None, iterations: int = PIN_ITERATIONS) -> str:
    salt = salt or secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), bytes.fromhex(salt), iterations).hex()
    return f"pbkdf2_sha256${iterations}${salt}${digest}"


def verify_pin(pin: str, stored: str) -> bool:
    try:
        scheme, iterations, salt, digest = stored.split("$")
        if scheme != "pbkdf2_sha256":
            return False
        expected = hash_pin(pin, salt=salt, iterations=int(iterations)).split("$")[3]
    except (ValueError, AttributeError):
        return False
    return hmac.compare_digest(expected, digest)


class PinGate:
    """Wrong PINs: ``tries`` free attempts, then a lockout that doubles each time (up to 15 min)."""

    def __init__(self, clock: Callable[[], float], tries: int = 5, lockout: float = 60.0):
        self.clock, self.tries, self.lockout = clock, tries, lockout
        self.failures = 0
        self.locked_until = 0.0
        self.lockouts = 0

    def wait_seconds(self) -> int:
        return max(0, int(self.locked_until - self.clock() + 0.999))

    def attempts_left(self) -> int:
        return self.tries - self.failures

    def attempt(self, pin: str, stored: str) -> str:
        """"ok", "wrong" (attempts left), "locked" (wait) or "no_pin" (none configured)."""
        if self.wait_seconds() > 0:
            return "locked"
        if not stored:
            return "no_pin"
        if verify_pin(pin, stored):
            self.failures = self.lockouts = 0
            return "ok"
        self.failures += 1
        log.warning("wrong technician PIN (%d)", self.failures)
        if self.failures >= self.tries:
            self.locked_until = self.clock() + min(self.lockout * 2 ** self.lockouts, 900.0)
            self.lockouts += 1
            self.failures = 0
            return "locked"
        return "wrong"


__all__ = ["PIN_MAX", "PIN_MIN", "PinGate", "hash_pin", "new_pin", "verify_pin"]
