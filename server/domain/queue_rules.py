"""Queue rules as plain functions: no I/O, no database, no HTTP.

Everything that decides *who is next*, *what a number looks like*, *which office
day it is* and *how long the wait is* lives here so it can be tested in
microseconds and reused unchanged when the storage changes.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Iterable, Optional, Sequence
from zoneinfo import ZoneInfo

# Rank decides the order of call-next: transferred-in citizens already queued
# once (the service standard promises they do not queue from the back again),
# then priority visitors (UU 25/2009 Pasal 29), then everybody else.
RANK_TRANSFERRED = 0
RANK_PRIORITY = 1
RANK_REGULAR = 2

# action -> statuses it may start from, and the status it leads to.
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "recall": (("called",), "called"),
    "start": (("called",), "serving"),
    "done": (("called", "serving"), "done"),
    "skip": (("called",), "skipped"),
    "restore": (("skipped",), "waiting"),
    "transfer": (("called", "serving"), "waiting"),
    "cancel": (("waiting", "called", "serving", "skipped"), "cancelled"),
}


def rank_for(transferred: bool, priority: Optional[str]) -> int:
    if transferred:
        return RANK_TRANSFERRED
    return RANK_PRIORITY if priority else RANK_REGULAR


def allowed(action: str, status: str) -> bool:
    return status in TRANSITIONS[action][0]


def next_status(action: str) -> str:
    return TRANSITIONS[action][1]


@dataclass(frozen=True)
class Candidate:
    """A waiting ticket as call-next sees it."""

    id: int
    rank: int
    queue_seq: float  # issue order (never the clock, which can be set back)
    service_position: int = 0

    @property
    def order(self) -> tuple:
        return (self.rank, self.queue_seq, self.service_position, self.id)


def pick_next(candidates: Iterable[Candidate], priority_streak: int, streak_max: int) -> Optional[Candidate]:
    """Choose the ticket a counter calls next.

    Transferred-in first, then priority visitors, then first come first served.
    The guard: once a counter has called ``streak_max`` priority visitors in a
    row, the longest-waiting regular visitor goes first, so a busy morning of
    priority visitors never starves everyone else.
    """
    ordered = sorted(candidates, key=lambda c: c.order)
    if not ordered:
        return None
    best = ordered[0]
    if regular_due(best.rank, priority_streak, streak_max):
        regular = next((c for c in ordered if c.rank == RANK_REGULAR), None)
        if regular is not None:
            return regular
    return best


def regular_due(head_rank: int, priority_streak: int, streak_max: int) -> bool:
    """Whether the starvation guard applies: the head is a priority visitor and the
    counter has called ``streak_max`` of them in a row (call-next then needs the
    longest-waiting regular visitor among its candidates, and only then)."""
    return head_rank == RANK_PRIORITY and priority_streak >= streak_max


def streak_after(called_rank: int, streak: int) -> int:
    """The counter's priority streak after a call (transfers leave it as it is)."""
    if called_rank == RANK_PRIORITY:
        return streak + 1
    if called_rank == RANK_REGULAR:
        return 0
    return streak


def office_day(ts: float, tz: ZoneInfo) -> str:
    """The office day (ISO date in the office's zone) a moment belongs to."""
    return dt.datetime.fromtimestamp(ts, tz).date().isoformat()


def estimate_wait_minutes(ahead: int, minutes_per_citizen: float, open_counters: int) -> int:
    """Minutes until the citizen is called: who is ahead, shared among open counters."""
    if ahead <= 0:
        return 0
    return math.ceil(ahead * minutes_per_citizen / max(1, open_counters))


@dataclass(frozen=True)
class OpenHours:
    """Weekly opening hours: weekday numbers (Mon=0) and a local time window."""

    days: tuple[int, ...]
    start: dt.time
    end: dt.time

    @classmethod
    def parse(cls, spec: Optional[dict]) -> Optional["OpenHours"]:
        """``{"days": [0,1,2,3,4], "start": "07:30", "end": "15:00"}`` or None for always open."""
        if not spec:
            return None
        days = tuple(int(d) for d in spec.get("days", range(7)))
        if any(d < 0 or d > 6 for d in days):
            raise ValueError("open_hours.days must be weekday numbers 0 (Monday) to 6 (Sunday)")
        start = dt.time.fromisoformat(spec["start"])
        end = dt.time.fromisoformat(spec["end"])
        if end <= start:
            raise ValueError("open_hours.end must be after open_hours.start")
        return cls(days, start, end)

    def is_open(self, local: dt.datetime) -> bool:
        return local.weekday() in self.days and self.start <= local.time() < self.end


def refusal_for(*, service_open: bool, quota: Optional[int], issued_today: int,
                hours: Optional[OpenHours], local_now: dt.datetime, holiday: Optional[str] = None) -> Optional[str]:
    """Why a new ticket cannot be issued now, as a reason code, or None.

    ``holiday`` is the name of today's holiday when a kiosk asks (a clerk on duty
    may still issue at the desk on a holiday, so the caller passes it for kiosks only).
    """
    if holiday:
        return "office_holiday"
    if not service_open:
        return "service_closed"
    if hours is not None and not hours.is_open(local_now):
        return "outside_hours"
    if quota is not None and issued_today >= quota:
        return "quota_reached"
    return None


def average(values: Sequence[float], fallback: float) -> float:
    return sum(values) / len(values) if values else fallback
