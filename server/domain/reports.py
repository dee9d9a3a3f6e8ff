"""The head of office's report: a period's tickets folded into counts and times.

Pure (no I/O): ``server.storage.report_queries`` reads the rows, this decides
what they mean, so the API, the exports and the PDF say the same thing.
Definitions (also in the README and ``GET /api/reports/summary``'s description):

- **issued**: tickets whose *origin* service is S, issued in the period (their office day).
- **served**: issued tickets now ``done``.
- **no_show**: tickets still skipped (called, never brought back) when their day closed.
- **cancelled**: cancelled tickets.
- **expired**: every ticket the day keeper closed unfinished, *no-shows included*.
- **transferred**: tickets sent on to another service at least once.
- **wait**: first call minus issue (a later call after a transfer or restore does not
  end it again), over the tickets that were called.
- **service**: start (or call, when never started) to finish, summed over every counter
  the ticket passed through, over served tickets.
- **total**: finish minus issue, the whole visit across transfers, over served tickets.
- **within_standard_pct**: the share of served tickets whose total is at most their
  origin service's ``standard_minutes`` x 60, in percent with one decimal (half up).

Figures are the median (the middle value, or the mean of the two middle ones), p90
(nearest rank: the smallest value at least 90 % of the values do not exceed) and
max, in seconds with one decimal; null when nothing was measured. Per counter and
per clerk only served tickets are grouped, by the counter that finished them and
the clerk who did (``served_by``): their other counts are null, since a waiting
citizen belongs to no counter yet. Per channel (kiosk, staff desk, online) and per
priority category (null: none) every count applies.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable, Optional
from zoneinfo import ZoneInfo

COUNTS = ("issued", "served", "no_show", "cancelled", "expired", "transferred")
FIGURES = tuple(f"{what}_{stat}_s" for what in ("wait", "service", "total") for stat in ("median", "p90", "max"))
# A counter's or clerk's group holds only the tickets it finished.
_SERVED_ONLY = ("issued", "no_show", "cancelled", "expired", "transferred")


def median(values: list[float]) -> Optional[float]:
    """The middle of sorted ``values`` (mean of the two middle ones when even); None if empty."""
    n = len(values)
    if not n:
        return None
    return values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2


def p90(values: list[float]) -> Optional[float]:
    """Nearest-rank 90th percentile of sorted ``values``: the smallest value with 90 % at or below it."""
    return values[math.ceil(0.9 * len(values)) - 1] if values else None


def percent(part: int, whole: int) -> Optional[float]:
    """``part`` of ``whole`` in percent, one decimal rounded half up; None when ``whole`` is 0."""
    if not whole:
        return None
    return float((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _seconds(value: Optional[float]) -> Optional[float]:
    return None if value is None else round(value, 1)


class Group:
    """Counts and time samples of one row of the report (a service, a counter, a channel ...)."""

    __slots__ = ("issued", "served", "no_show", "cancelled", "expired", "transferred", "within",
                 "waits", "services", "totals")

    def __init__(self):
        self.issued = self.served = self.no_show = self.cancelled = self.expired = self.transferred = 0
        self.within = 0
        self.waits: list[float] = []
        self.services: list[float] = []
        self.totals: list[float] = []

    def add(self, status: str, no_show: bool, transfers: int, wait: Optional[float], total: Optional[float],
            service: float, within: bool) -> None:
        self.issued += 1
        if wait is not None:
            self.waits.append(wait)
        if status == "done":
            self.add_served(total, service, within)
        elif status == "expired":
            self.expired += 1
            self.no_show += bool(no_show)
        elif status == "cancelled":
            self.cancelled += 1
        if transfers:
            self.transferred += 1

    def add_served(self, total: Optional[float], service: float, within: bool) -> None:
        self.served += 1
        self.within += within
        self.services.append(service)
        if total is not None:
            self.totals.append(total)

    def view(self, served_only: bool = False) -> dict:
        out: dict = {name: getattr(self, name) for name in COUNTS}
        if served_only:
            out.update(dict.fromkeys(_SERVED_ONLY))
        for what, values in (("wait", self.waits), ("service", self.services), ("total", self.totals)):
            values.sort()
            out[f"{what}_median_s"] = _seconds(median(values))
            out[f"{what}_p90_s"] = _seconds(p90(values))
            out[f"{what}_max_s"] = _seconds(values[-1] if values else None)
        out["within_standard_pct"] = percent(self.within, self.served)
        return out


@dataclass(frozen=True)
class Office:
    """What a report names: services (id -> code, name, standard minutes) in the office's order,
    counters (id -> name), clerks (username -> display name), the zone, and the working days."""
    services: dict[int, tuple[str, str, int]]
    counters: dict[int, str]
    clerks: dict[str, str]
    zone: ZoneInfo
    working_days: int
    transfer_only: frozenset[int] = frozenset()  # services not at the kiosk: listed only with tickets


def summarize(first: date, last: date, rows: Iterable[tuple], office: Office, outcomes: list[dict]) -> dict:
    """The summary of ``GET /api/reports/summary`` from the period's ticket rows.

    Each row is (office_day, origin_service_id, status, no_show, transfers, issued_at,
    first_called_at, finished_at, service_seconds, counter_id, served_by, channel,
    priority): plain tuples, since a year is a quarter of a million of them.
    """
    total, by_service, by_counter, by_clerk = Group(), {}, {}, {}
    by_channel: dict[str, Group] = {}
    by_priority: dict[Optional[str], Group] = {}
    by_day: dict[str, list[int]] = {}          # day -> [issued, served, within]
    hours = [0] * 24
    weekdays = [0] * 7
    standard = {sid: minutes * 60 for sid, (_, _, minutes) in office.services.items()}
    day_facts: dict[str, tuple[float, int]] = {}  # day -> (the zone's offset that day, weekday)
    for (day, sid, status, no_show, transfers, issued_at, first_call, finished, service, counter, clerk,
         channel, priority) in rows:
        wait = None if first_call is None else first_call - issued_at
        done = status == "done"
        total_s = finished - issued_at if done and finished is not None else None
        within = total_s is not None and total_s <= standard.get(sid, 0)
        for group in (total, _get(by_service, sid), _get(by_channel, channel), _get(by_priority, priority)):
            group.add(status, no_show, transfers, wait, total_s, service, within)
        tally = by_day.get(day) or by_day.setdefault(day, [0, 0, 0])
        tally[0] += 1
        if done:
            tally[1] += 1
            tally[2] += within
            _get(by_counter, counter).add_served(total_s, service, within)
            _get(by_clerk, clerk).add_served(total_s, service, within)
        facts = day_facts.get(day) or day_facts.setdefault(day, _day_facts(day, office.zone))
        hours[int((issued_at + facts[0]) // 3600) % 24] += 1
        weekdays[facts[1]] += 1
    return {
        "from": first.isoformat(), "to": last.isoformat(), "working_days": office.working_days,
        "services": [{"code": code, "name": name, "standard_minutes": minutes, **_get(by_service, sid).view()}
                     for sid, (code, name, minutes) in office.services.items()
                     if sid in by_service or sid not in office.transfer_only],
        "total": total.view(),
        "by_counter": [{"counter_id": cid, "name": office.counters.get(cid), **g.view(served_only=True)}
                       for cid, g in sorted(by_counter.items(), key=lambda kv: _order(office.counters, kv[0]))],
        "by_clerk": [{"username": user, "name": office.clerks.get(user, user), **g.view(served_only=True)}
                     for user, g in sorted(by_clerk.items(), key=lambda kv: (kv[0] is None, kv[0] or ""))],
        "by_channel": [{"channel": ch, **g.view()} for ch, g in sorted(by_channel.items())],
        "by_priority": [{"priority": p, **g.view()}
                        for p, g in sorted(by_priority.items(), key=lambda kv: (kv[0] is not None, kv[0] or ""))],
        "arrivals_by_hour": _hours(hours),
        "arrivals_by_weekday": [{"weekday": d, "count": n} for d, n in enumerate(weekdays)],
        "by_day": [{"day": d, "issued": i, "served": s, "within_standard_pct": percent(w, s)}
                   for d, (i, s, w) in sorted(by_day.items())],
        "outcomes": outcomes,
    }


def _get(groups: dict, key) -> Group:
    group = groups.get(key)
    if group is None:
        group = groups[key] = Group()
    return group


def _order(known: dict, key) -> tuple:
    """Counters in the office's order (``known`` is ordered), unknown ones last."""
    keys = list(known)
    return (keys.index(key), 0) if key in known else (len(keys), key or 0)


def _day_facts(day: str, zone: ZoneInfo) -> tuple[float, int]:
    """The zone's UTC offset on ``day`` (at noon: Indonesia keeps no summer time) and its weekday."""
    d = date.fromisoformat(day)
    offset = datetime(d.year, d.month, d.day, 12, tzinfo=zone).utcoffset() or timedelta(0)
    return offset.total_seconds(), d.weekday()


def _hours(hours: list[int]) -> list[dict]:
    """Arrivals per hour of the day, from the first hour anyone came to the last (zeros between)."""
    used = [h for h, n in enumerate(hours) if n]
    if not used:
        return []
    return [{"hour": h, "count": hours[h]} for h in range(used[0], used[-1] + 1)]
