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
the clerk who did (``served_by``): their other counts and their wait figures are
null, since a waiting citizen belongs to no counter yet. Service time per counter
is the ticket's whole service time (every counter it passed through). Per channel
(kiosk, staff desk, online) and per priority category (null: none) every count
applies. ``working_days``: Monday to Friday minus the office's holidays.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Iterable, Optional
from zoneinfo import ZoneInfo

if TYPE_CHECKING:  # numpy is imported where a report is computed: a lobby server may never need it
    import numpy as np

COUNTS = ("issued", "served", "no_show", "cancelled", "expired", "transferred")
FIGURES = tuple(f"{what}_{stat}_s" for what in ("wait", "service", "total") for stat in ("median", "p90", "max"))
# A counter's or clerk's group holds only the tickets it finished.
_SERVED_ONLY = ("issued", "no_show", "cancelled", "expired", "transferred")


def median(values) -> Optional[float]:
    """The middle of sorted ``values`` (mean of the two middle ones when even); None if empty."""
    n = len(values)
    if not n:
        return None
    return values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2


def p90(values) -> Optional[float]:
    """Nearest-rank 90th percentile of sorted ``values``: the smallest value with 90 % at or below it."""
    return values[_p90_rank(len(values))] if len(values) else None


def _p90_rank(n: int) -> int:
    return (9 * n + 9) // 10 - 1      # ceil(0.9 n) - 1, in integers


def percent(part: int, whole: int) -> Optional[float]:
    """``part`` of ``whole`` in percent, one decimal rounded half up; None when ``whole`` is 0."""
    if not whole:
        return None
    return float((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _seconds(value: Optional[float]) -> Optional[float]:
    return None if value is None else round(value, 1)


@dataclass
class Cell:
    """The period's tickets alike in everything a report groups by, with their times.

    A year is a quarter of a million tickets but only a few hundred kinds of ticket
    (service x status x channel x priority x finishing counter and clerk): the
    reader folds rows into cells, and a report line is the union of its cells.
    ``served_by`` and ``counter_id`` are those of a served ticket only (None otherwise).
    """
    service_id: int
    status: str
    no_show: bool
    transferred: bool
    channel: str
    priority: Optional[str]
    counter_id: Optional[int]
    served_by: Optional[str]
    count: int = 0
    waits: list = field(default_factory=list)      # first call - issue, of the called ones
    services: list = field(default_factory=list)   # service seconds, of the served ones
    totals: list = field(default_factory=list)     # finish - issue, of the served ones


class Group:
    """Counts and time samples of one line of the report (a service, a counter, a channel ...).

    The samples stay in their cells' arrays until the figures are asked for; then
    numpy's partial sort (``partition``) finds the few ranks a median and a p90 need
    without sorting a year's worth of times for each line of the report.
    """

    __slots__ = ("issued", "served", "no_show", "cancelled", "expired", "transferred", "within",
                 "waits", "services", "totals")

    def __init__(self):
        self.issued = self.served = self.no_show = self.cancelled = self.expired = self.transferred = 0
        self.within = 0
        self.waits: list[np.ndarray] = []
        self.services: list[np.ndarray] = []
        self.totals: list[np.ndarray] = []

    def absorb(self, cell: Cell, times: tuple, within: int, served_only: bool = False) -> None:
        """Add a cell; ``times`` = its (waits, services, totals) arrays; ``within`` = totals meeting the standard."""
        n = cell.count
        if cell.status == "done":
            self.served += n
            self.within += within
            self.services.append(times[1])
            self.totals.append(times[2])
        if served_only:
            return
        self.issued += n
        self.waits.append(times[0])
        if cell.status == "expired":
            self.expired += n
            if cell.no_show:
                self.no_show += n
        elif cell.status == "cancelled":
            self.cancelled += n
        if cell.transferred:
            self.transferred += n

    def view(self, served_only: bool = False) -> dict:
        out: dict = {name: getattr(self, name) for name in COUNTS}
        if served_only:
            out.update(dict.fromkeys(_SERVED_ONLY))
        for what, parts in (("wait", self.waits), ("service", self.services), ("total", self.totals)):
            mid, p90_, top = _figures(parts)
            out[f"{what}_median_s"], out[f"{what}_p90_s"], out[f"{what}_max_s"] = mid, p90_, top
        if served_only:
            out.update(wait_median_s=None, wait_p90_s=None, wait_max_s=None)
        out["within_standard_pct"] = percent(self.within, self.served)
        return out


def _figures(parts: list) -> tuple[Optional[float], Optional[float], Optional[float]]:
    """Median, p90 and max of the samples in ``parts`` (as ``median`` and ``p90`` define them)."""
    import numpy as np
    values = np.concatenate(parts) if parts else np.empty(0)
    n = len(values)
    if not n:
        return None, None, None
    # Only the ranks median() and p90() read are put in their sorted places.
    values = np.partition(values, sorted({(n - 1) // 2, n // 2, _p90_rank(n), n - 1}))
    return _seconds(float(median(values))), _seconds(float(p90(values))), _seconds(float(values[n - 1]))


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


def summarize(first: date, last: date, cells: Iterable[Cell], quarters: Iterable[tuple], office: Office,
              outcomes: list[dict]) -> dict:
    """The summary of ``GET /api/reports/summary``.

    ``cells``: the period's tickets folded by kind (``Cell``). ``quarters``: per office
    day and quarter of an hour (UTC epoch seconds // 900), (day, quarter, issued,
    served, served within the standard): arrivals by hour and weekday, and the days.
    """
    import numpy as np

    total, by_service, by_counter, by_clerk = Group(), {}, {}, {}
    by_channel: dict[str, Group] = {}
    by_priority: dict[Optional[str], Group] = {}
    standard = {sid: minutes * 60 for sid, (_, _, minutes) in office.services.items()}
    for cell in cells:
        times = tuple(np.array(values, dtype=float) for values in (cell.waits, cell.services, cell.totals))
        within = int(np.count_nonzero(times[2] <= standard.get(cell.service_id, 0)))
        for group in (total, _get(by_service, cell.service_id), _get(by_channel, cell.channel),
                      _get(by_priority, cell.priority)):
            group.absorb(cell, times, within)
        if cell.status == "done":
            _get(by_counter, cell.counter_id).absorb(cell, times, within, served_only=True)
            _get(by_clerk, cell.served_by).absorb(cell, times, within, served_only=True)
    hours, weekdays, by_day = [0] * 24, [0] * 7, {}
    day_facts: dict[str, tuple[float, int]] = {}  # day -> (the zone's offset that day, weekday)
    for day, quarter, issued, served, within in quarters:
        facts = day_facts.get(day) or day_facts.setdefault(day, _day_facts(day, office.zone))
        hours[int((quarter * 900 + facts[0]) // 3600) % 24] += issued
        weekdays[facts[1]] += issued
        tally = by_day.setdefault(day, [0, 0, 0])
        tally[0] += issued
        tally[1] += served
        tally[2] += within
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
