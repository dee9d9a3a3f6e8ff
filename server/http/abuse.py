"""Abuse protection for the public application form, with no third party (no CAPTCHA service, no CDN).

Per source address: the first few applications in a window go straight in; past
that the address must send a proof of work with each one (the server hands out a
signed puzzle, find ``nonce`` so that sha256(challenge + nonce) starts with
``bits`` zero bits; the page's JavaScript solves it in about a second, a script
sending thousands pays thousands of seconds); past a hard ceiling the address gets
429 with Retry-After. Per NIK: a handful of applications an hour, whoever sends
them. The address is the one uvicorn reports: the client's own, or the
``X-Forwarded-For`` of a configured trusted proxy (``trusted_proxies``), never a
header the client picks.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import os
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Callable, Optional

from server.domain.errors import DomainError


@dataclass(frozen=True)
class AbuseLimits:
    window: float = 600.0        # seconds an address's count covers
    free: int = 5                # applications per window before a proof of work is asked
    ceiling: int = 40            # applications per window with proofs before 429
    flood: int = 120             # attempts per window, answered or not, before 429 (a script that never solves)
    nik_window: float = 3600.0
    nik_max: int = 5             # applications per NIK per hour (all services)
    bits: int = 16               # proof-of-work difficulty: 65,536 hashes on average
    challenge_ttl: float = 300.0


def leading_zero_bits(digest: bytes) -> int:
    value = int.from_bytes(digest, "big")
    return len(digest) * 8 - value.bit_length()


def solve(challenge: str, bits: int) -> str:
    """What the page's JavaScript does (used by tests and the bench)."""
    n = 0
    while True:
        if leading_zero_bits(hashlib.sha256(f"{challenge}{n}".encode()).digest()) >= bits:
            return str(n)
        n += 1


@dataclass
class AbuseGuard:
    limits: AbuseLimits = AbuseLimits()
    clock: Callable[[], float] = time.monotonic
    secret: bytes = field(default_factory=lambda: os.urandom(32))
    _by_address: dict = field(default_factory=dict)
    _by_nik: dict = field(default_factory=dict)
    _attempts: dict = field(default_factory=dict)
    _spent: dict = field(default_factory=dict)  # challenge -> expiry: each puzzle pays for one application

    def _recent(self, table: dict, key: str, window: float, now: float) -> deque:
        times = table.setdefault(key, deque())
        while times and times[0] <= now - window:
            times.popleft()
        if len(table) > 50_000:  # a flood of fresh addresses: forget the idle ones
            for k in [k for k, v in table.items() if not v or v[-1] <= now - window][:25_000]:
                table.pop(k, None)
        return times

    def challenge(self) -> dict:
        """A signed puzzle: ``{"challenge", "bits"}``; valid for ``challenge_ttl`` seconds, once."""
        expires = int(self.clock() + self.limits.challenge_ttl)
        body = f"{expires}.{os.urandom(9).hex()}.{self.limits.bits}"
        sig = hmac.new(self.secret, body.encode(), hashlib.sha256).hexdigest()[:24]
        return {"challenge": f"{body}.{sig}", "bits": self.limits.bits}

    def _proof_ok(self, challenge: Optional[str], nonce: Optional[str], now: float) -> bool:
        if not challenge or not nonce or len(challenge) > 120 or len(nonce) > 24:
            return False
        try:
            expires, _, bits, sig = challenge.split(".")
            expires_at, bits_n = int(expires), int(bits)
        except ValueError:
            return False
        body = challenge.rsplit(".", 1)[0]
        good = hmac.new(self.secret, body.encode(), hashlib.sha256).hexdigest()[:24]
        if not hmac.compare_digest(sig, good) or expires_at < now or bits_n < self.limits.bits:
            return False
        if challenge in self._spent:
            return False
        if leading_zero_bits(hashlib.sha256(f"{challenge}{nonce}".encode()).digest()) < bits_n:
            return False
        self._spent = {c: e for c, e in self._spent.items() if e >= now} if len(self._spent) > 10_000 else self._spent
        self._spent[challenge] = expires_at
        return True

    def admit(self, address: str, challenge: Optional[str] = None, nonce: Optional[str] = None) -> None:
        """Count one application from ``address``; refuse with 428 (a puzzle attached) or 429."""
        now = self.clock()
        times = self._recent(self._by_address, address, self.limits.window, now)
        tries = self._recent(self._attempts, address, self.limits.window, now)
        tries.append(now)
        for counted, limit in ((times, self.limits.ceiling), (tries, self.limits.flood)):
            if len(counted) >= limit:
                retry = max(1, math.ceil(counted[0] + self.limits.window - now))
                raise DomainError("too_many_applications", retry_after=retry)
        if len(times) >= self.limits.free and not self._proof_ok(challenge, nonce, now):
            raise DomainError("proof_required", **self.challenge())
        times.append(now)

    def admit_nik(self, nik: str) -> None:
        now = self.clock()
        key = hashlib.sha256(self.secret + nik.encode()).hexdigest()  # no NIK kept in memory
        times = self._recent(self._by_nik, key, self.limits.nik_window, now)
        if len(times) >= self.limits.nik_max:
            retry = max(1, math.ceil(times[0] + self.limits.nik_window - now))
            raise DomainError("too_many_applications", retry_after=retry)
        times.append(now)
