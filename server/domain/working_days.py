"""Working days: Monday to Friday, except the days in the office's holiday calendar.

Pure functions (no I/O): the caller passes the holidays as a set of dates, read
once from ``server.storage.calendar.holiday_set``. A complaint's response
deadline, the reports' count of working days and the kiosk's refusal on a
holiday all ask the same question here, so they never disagree.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import AbstractSet, Optional

# Python's weekday(): Monday is 0, Saturday 5, Sunday 6.
_WEEKEND = (5, 6)
# Beyond this many days without a working one, the calendar is wrong (a typo in an import);
# the loops stop instead of running on.
_MAX_SEARCH_DAYS = 366


def is_working_day(day: date, holidays: AbstractSet[date]) -> bool:
    """Monday to Friday and not in the office's holidays."""
    return day.weekday() not in _WEEKEND and day not in holidays


def next_working_day(after: date, holidays: AbstractSet[date]) -> Optional[date]:
    """The first working day strictly after ``after`` (None if none within a year: a broken calendar)."""
    day = after
    for _ in range(_MAX_SEARCH_DAYS):
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            return day
    return None


def add_working_days(start: date, n: int, holidays: AbstractSet[date]) -> date:
    """The day ``n`` working days after ``start`` (``start`` itself does not count).

    A complaint received on Friday with a 1-working-day deadline is due on Monday
    (or Tuesday when Monday is a holiday). A complaint received on a Saturday
    counts from the next working day in the same way: Monday is day 1.
    ``n == 0`` gives ``start`` itself.
    """
    if n < 0:
        raise ValueError("n must be zero or more")
    day = start
    for _ in range(n):
        following = next_working_day(day, holidays)
        if following is None:
            raise ValueError("no working day within a year: the holiday calendar is wrong")
        day = following
    return day


def working_days_between(a: date, b: date, holidays: AbstractSet[date]) -> int:
    """How many working days lie in the inclusive range ``a`` .. ``b`` (0 when ``b`` is before ``a``).

    Inclusive on both ends, like a report's period ``from`` .. ``to``.
    """
    if b < a:
        return 0
    total_days = (b - a).days + 1
    full_weeks, rest = divmod(total_days, 7)
    count = full_weeks * 5
    first = a.weekday()
    count += sum(1 for i in range(rest) if (first + i) % 7 not in _WEEKEND)
    count -= sum(1 for h in holidays if a <= h <= b and h.weekday() not in _WEEKEND)
    return count
