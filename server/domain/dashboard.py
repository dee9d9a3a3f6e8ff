"""The head of office's screen, as rules: who waits past the standard, which counter has paused
too long, how today compares with the same weekdays, and which days "this month" and "this
semester" are.

Pure functions (no I/O): ``server.http.routes.dashboard`` reads the facts and hands them here, so
what raises an alert is tested in microseconds and reads the same on every screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import AbstractSet, Iterable, Optional
from zoneinfo import ZoneInfo

# A counter on a break longer than this is raised to the head (a prayer break or a meal fits well
# inside it; a counter forgotten on "Istirahat" while people wait does not). The office may set
# ``pause_alert_minutes`` in its profile.
PAUSE_ALERT_MINUTES = 20
# The same weekdays looked back on for "today against a usual <weekday>" (two months of them).
COMPARISON_WEEKS = 8


@dataclass(frozen=True)
class Waiting:
    """A citizen in the queue: number, the service they wait for and since when (epoch seconds)."""

    number: str
    service: str
    issued_at: float
    standard_minutes: int


def late_citizens(waiting: Iterable[Waiting], now: float) -> list[dict]:
    """Citizens waiting longer than their service's standard, longest first.

    Counted from issue (the time the citizen has been in the office, across transfers) against the
    standard of the service they now wait for: the same rule as the clerk's late notice
    (``server/pages/staff/model.js``), so the head and the clerk are raised about the same people.
    """
    late = [w for w in waiting if now - w.issued_at > w.standard_minutes * 60]
    late.sort(key=lambda w: w.issued_at)
    return [{"number": w.number, "service": w.service, "waited_s": round(now - w.issued_at),
             "standard_minutes": w.standard_minutes} for w in late]


def longest_wait(waiting: Iterable[Waiting], now: float) -> dict[str, dict]:
    """Per service code: how many wait, the longest wait in seconds and whether it is past the standard."""
    result: dict[str, dict] = {}
    for w in waiting:
        waited = max(0.0, now - w.issued_at)
        entry = result.setdefault(w.service, {"waiting": 0, "longest_wait_s": 0, "over_standard": False})
        entry["waiting"] += 1
        if waited >= entry["longest_wait_s"]:
            entry["longest_wait_s"] = round(waited)
        entry["over_standard"] = entry["over_standard"] or waited > w.standard_minutes * 60
    return result


@dataclass(frozen=True)
class CounterNow:
    id: int
    name: str
    state: str
    state_since: Optional[float]  # when it took its present state (None: not known)


def long_pauses(counters: Iterable[CounterNow], now: float, limit_minutes: int) -> list[dict]:
    """Counters paused for ``limit_minutes`` or more, the longest first."""
    found = [(now - c.state_since, c) for c in counters
             if c.state == "paused" and c.state_since is not None and now - c.state_since >= limit_minutes * 60]
    found.sort(key=lambda pair: -pair[0])
    return [{"counter_id": c.id, "name": c.name, "paused_s": round(seconds), "limit_minutes": limit_minutes}
            for seconds, c in found]


def pause_limit(profile: dict) -> int:
    """The office's ``pause_alert_minutes`` when it is a sensible whole number of minutes, else the default."""
    value = profile.get("pause_alert_minutes")
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 480:
        return value
    return PAUSE_ALERT_MINUTES


def pct(part: int, whole: int) -> Optional[float]:
    """``part`` of ``whole`` in percent, one decimal rounded half up; None when there is no whole."""
    if not whole:
        return None
    return float((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


# -- today against the same weekdays ---------------------------------------------------------------

@dataclass(frozen=True)
class DayFigures:
    """One office day up to a clock time: tickets issued, served, and served within the standard."""

    issued: int
    served: int
    within: int


def same_weekdays(today: date, holidays: AbstractSet[date], weeks: int = COMPARISON_WEEKS) -> list[date]:
    """The same weekday in each of the last ``weeks`` weeks, newest first, less the holidays
    (a Monday that was Idul Fitri says nothing about a usual Monday)."""
    days = (today - timedelta(weeks=k) for k in range(1, weeks + 1))
    return [d for d in days if d not in holidays]


def same_clock_time(day: date, now: float, zone: ZoneInfo) -> float:
    """The epoch seconds of ``now``'s clock time in the office's zone, on ``day``."""
    clock = datetime.fromtimestamp(now, zone).time()
    return datetime.combine(day, time(clock.hour, clock.minute, clock.second), tzinfo=zone).timestamp()


def weekday_comparison(today: DayFigures, past: list[DayFigures]) -> dict:
    """Today so far against the average of the same weekdays by the same hour.

    Days with no ticket at all are left out: they are days before the office used Antre, or days it
    was closed without the calendar saying so, and would make a usual day look quiet. The average
    share within the standard is pooled (all the days' served citizens together), so a quiet day's
    one visit does not weigh as much as a busy day's hundred.
    """
    used = [d for d in past if d.issued > 0]
    n = len(used)
    average = None
    if n:
        served = sum(d.served for d in used)
        average = {"issued": round(sum(d.issued for d in used) / n, 1),
                   "served": round(served / n, 1),
                   "within_standard_pct": pct(sum(d.within for d in used), served)}
    return {"today": {"issued": today.issued, "served": today.served,
                      "within_standard_pct": pct(today.within, today.served)},
            "average": average, "days": n}


# -- the periods of the slower tiles --------------------------------------------------------------

def month_range(today: date) -> tuple[date, date]:
    """This month so far: its first day .. today."""
    return today.replace(day=1), today


def semester_range(today: date) -> tuple[date, date, int]:
    """This semester so far (I: January-June, II: July-December, as the SKM is held): first day,
    today, and the semester's number."""
    number = 1 if today.month <= 6 else 2
    return date(today.year, 1 if number == 1 else 7, 1), today, number
