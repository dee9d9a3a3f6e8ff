"""Working days: Monday to Friday that are not in the office's holiday calendar.

Expectations are counted here by walking the calendar day by day, never with the
module's own arithmetic; the named days are checked against a wall calendar
(17 August 2026 is a Monday, 14 August 2026 a Friday).
"""

from datetime import date, timedelta

import pytest

from server.domain import complaints
from server.domain.holiday_calendar import holiday_refusal
from server.domain.working_days import add_working_days, is_working_day, next_working_day, working_days_between

INDEPENDENCE = date(2026, 8, 17)          # Monday
FRIDAY_BEFORE = date(2026, 8, 14)


def walk_count(a: date, b: date, holidays: set) -> int:
    n, day = 0, a
    while day <= b:
        n += day.isoweekday() <= 5 and day not in holidays
        day += timedelta(days=1)
    return n


def test_weekdays_work_weekends_and_holidays_do_not():
    assert INDEPENDENCE.strftime("%A") == "Monday"
    assert is_working_day(FRIDAY_BEFORE, set())
    assert not is_working_day(date(2026, 8, 15), set())      # Saturday
    assert not is_working_day(date(2026, 8, 16), set())      # Sunday
    assert is_working_day(INDEPENDENCE, set())
    assert not is_working_day(INDEPENDENCE, {INDEPENDENCE})


def test_a_deadline_counts_over_a_weekend_and_a_holiday():
    # Received Friday 14 Aug; one working day later is Tuesday 18 Aug when Monday 17 is a holiday.
    assert add_working_days(FRIDAY_BEFORE, 1, {INDEPENDENCE}) == date(2026, 8, 18)
    assert add_working_days(FRIDAY_BEFORE, 1, set()) == INDEPENDENCE
    # Ten working days from Friday 14 Aug with the holiday: 18,19,20,21,24,25,26,27,28,31 -> Monday 31 Aug.
    assert add_working_days(FRIDAY_BEFORE, 10, {INDEPENDENCE}) == date(2026, 8, 31)
    # Received on a Saturday: Monday is the first working day after it.
    assert add_working_days(date(2026, 8, 15), 1, set()) == INDEPENDENCE
    assert add_working_days(FRIDAY_BEFORE, 0, {INDEPENDENCE}) == FRIDAY_BEFORE


def test_the_complaint_deadline_is_the_office_days_in_working_days():
    assert complaints.deadline(FRIDAY_BEFORE, 10, {INDEPENDENCE}) == date(2026, 8, 31)


@pytest.mark.parametrize("start,end", [
    (date(2026, 8, 1), date(2026, 8, 31)), (date(2026, 8, 14), date(2026, 8, 17)),
    (date(2026, 1, 1), date(2026, 12, 31)), (date(2026, 8, 15), date(2026, 8, 16)),
    (date(2026, 8, 19), date(2026, 8, 19)), (date(2025, 12, 27), date(2026, 1, 9)),
])
def test_working_days_between_matches_a_day_by_day_count(start, end):
    holidays = {INDEPENDENCE, date(2026, 8, 15), date(2026, 1, 1), date(2026, 12, 25)}  # one on a Saturday
    assert working_days_between(start, end, holidays) == walk_count(start, end, holidays)


def test_august_2026_has_twenty_working_days_with_independence_day():
    # 31 days: 21 weekdays (Aug 1 is a Saturday), minus Monday 17 August.
    assert working_days_between(date(2026, 8, 1), date(2026, 8, 31), {INDEPENDENCE}) == 20
    assert working_days_between(date(2026, 8, 31), date(2026, 8, 1), set()) == 0


def test_a_calendar_without_any_working_day_stops_instead_of_looping():
    every_day = {date(2026, 1, 1) + timedelta(days=i) for i in range(800)}
    assert next_working_day(date(2025, 12, 31), every_day) is None
    with pytest.raises(ValueError):
        add_working_days(date(2025, 12, 31), 1, every_day)


def test_the_kiosk_refusal_names_the_holiday_and_the_day_the_office_opens():
    refusal = holiday_refusal(date(2025, 8, 17), "Hari Kemerdekaan RI", {date(2025, 8, 17)})
    assert refusal.code == "office_holiday"
    assert refusal.message == ("Hari ini libur: Hari Kemerdekaan RI. "
                               "Kantor buka kembali Senin, 18 Agustus 2025.")
    assert "Monday, 18 August 2025" in refusal.message_en
    # With cuti bersama on Monday 18 Aug the office opens on Tuesday.
    later = holiday_refusal(date(2025, 8, 17), "Hari Kemerdekaan RI", {date(2025, 8, 17), date(2025, 8, 18)})
    assert "Selasa, 19 Agustus 2025" in later.message
