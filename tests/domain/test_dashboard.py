"""The head of office's screen, as rules: who is raised, what today is compared with, which periods."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from server.domain.dashboard import (PAUSE_ALERT_MINUTES, CounterNow, DayFigures, Waiting, late_citizens,
                                     long_pauses, longest_wait, month_range, pause_limit, pct, same_clock_time,
                                     same_weekdays, semester_range, weekday_comparison)

NOW = 1_000_000.0


def test_a_citizen_is_late_only_once_past_the_standard_of_the_service_waited_for():
    siti = Waiting("A-001", "A", NOW - 16 * 60, 15)
    joko = Waiting("A-002", "A", NOW - 15 * 60, 15)          # exactly at the standard: not yet
    rina = Waiting("C-001", "C", NOW - 40 * 60, 30)
    late = late_citizens([joko, siti, rina], NOW)
    assert [x["number"] for x in late] == ["C-001", "A-001"]  # the longest wait first
    assert late[1] == {"number": "A-001", "service": "A", "waited_s": 960, "standard_minutes": 15}


def test_longest_wait_per_service_and_whether_it_is_past_the_standard():
    rows = [Waiting("A-001", "A", NOW - 600, 15), Waiting("A-002", "A", NOW - 60, 15),
            Waiting("B-001", "B", NOW - 31 * 60, 30)]
    per = longest_wait(rows, NOW)
    assert per["A"] == {"waiting": 2, "longest_wait_s": 600, "over_standard": False}
    assert per["B"] == {"waiting": 1, "longest_wait_s": 31 * 60, "over_standard": True}
    assert "C" not in per


def test_a_break_is_raised_from_the_limit_on_closed_and_open_counters_never():
    counters = [CounterNow(1, "Loket 1", "paused", NOW - 20 * 60), CounterNow(2, "Loket 2", "paused", NOW - 19 * 60),
                CounterNow(3, "Loket 3", "closed", NOW - 90 * 60), CounterNow(4, "Loket 4", "open", NOW - 90 * 60),
                CounterNow(5, "Loket 5", "paused", None), CounterNow(6, "Loket 6", "paused", NOW - 45 * 60)]
    found = long_pauses(counters, NOW, 20)
    assert [(p["counter_id"], p["paused_s"]) for p in found] == [(6, 45 * 60), (1, 20 * 60)]


def test_the_pause_limit_is_the_offices_when_sensible():
    assert pause_limit({}) == PAUSE_ALERT_MINUTES == 20
    assert pause_limit({"pause_alert_minutes": 30}) == 30
    for bad in (0, -5, 10_000, "30", True, 12.5, None):
        assert pause_limit({"pause_alert_minutes": bad}) == 20


def test_percent_rounds_half_up_and_says_nothing_without_a_whole():
    assert pct(1, 8) == 12.5
    assert pct(2, 3) == 66.7
    assert pct(1, 6) == 16.7                 # 16.666..
    assert pct(1, 16) == 6.3                 # 6.25 half up, not to even
    assert pct(0, 0) is None


def test_the_same_weekdays_are_the_last_eight_less_the_holidays():
    wednesday = date(2026, 11, 25)
    days = same_weekdays(wednesday, {date(2026, 11, 11)})
    assert len(days) == 7 and date(2026, 11, 11) not in days
    assert days[0] == date(2026, 11, 18) and days[-1] == date(2026, 9, 30)
    assert all(d.weekday() == 2 for d in days)


def test_the_same_clock_time_on_an_earlier_day_in_the_office_zone():
    zone = ZoneInfo("Asia/Makassar")
    now = datetime(2026, 11, 25, 10, 30, 15, tzinfo=zone).timestamp()
    assert same_clock_time(date(2026, 11, 18), now, zone) == datetime(2026, 11, 18, 10, 30, 15, tzinfo=zone).timestamp()


def test_today_against_the_pooled_average_of_the_days_that_had_tickets():
    today = DayFigures(issued=30, served=20, within=15)
    past = [DayFigures(40, 30, 27), DayFigures(20, 10, 3), DayFigures(0, 0, 0)]   # the last: before Antre
    result = weekday_comparison(today, past)
    assert result["days"] == 2
    assert result["today"] == {"issued": 30, "served": 20, "within_standard_pct": 75.0}
    assert result["average"] == {"issued": 30.0, "served": 20.0, "within_standard_pct": 75.0}  # 30 of 40
    assert weekday_comparison(today, [DayFigures(0, 0, 0)]) == {
        "today": result["today"], "average": None, "days": 0}


def test_this_month_and_this_semester_so_far():
    assert month_range(date(2026, 11, 25)) == (date(2026, 11, 1), date(2026, 11, 25))
    assert semester_range(date(2026, 6, 30)) == (date(2026, 1, 1), date(2026, 6, 30), 1)
    assert semester_range(date(2026, 7, 1)) == (date(2026, 7, 1), date(2026, 7, 1), 2)
