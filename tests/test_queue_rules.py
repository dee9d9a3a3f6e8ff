"""Queue rules: pure functions, no server."""

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from common import vocabulary
from server.domain import queue_rules as rules
from server.domain.queue_rules import Candidate, OpenHours


def test_number_format():
    assert vocabulary.format_number("A", 1) == "A-001"
    assert vocabulary.format_number("B", 999) == "B-999"
    assert vocabulary.format_number("C", 1000) == "C-1000"


def test_transferred_then_priority_then_first_come():
    regular_old = Candidate(1, rules.RANK_REGULAR, 100)
    priority = Candidate(2, rules.RANK_PRIORITY, 200)
    transferred = Candidate(3, rules.RANK_TRANSFERRED, 300)
    assert rules.pick_next([regular_old, priority, transferred], 0, 3) == transferred
    assert rules.pick_next([regular_old, priority], 0, 3) == priority
    assert rules.pick_next([Candidate(5, 2, 50), regular_old], 0, 3).id == 5
    assert rules.pick_next([], 0, 3) is None


def test_guard_stops_priority_from_starving_regulars():
    regular = Candidate(1, rules.RANK_REGULAR, 100)
    priority = Candidate(2, rules.RANK_PRIORITY, 200)
    assert rules.pick_next([regular, priority], 2, 3) == priority
    assert rules.pick_next([regular, priority], 3, 3) == regular
    assert rules.pick_next([priority], 3, 3) == priority  # nobody else: still served
    transferred = Candidate(3, rules.RANK_TRANSFERRED, 300)
    assert rules.pick_next([regular, transferred], 9, 3) == transferred


def test_streak():
    assert rules.streak_after(rules.RANK_PRIORITY, 2) == 3
    assert rules.streak_after(rules.RANK_REGULAR, 2) == 0
    assert rules.streak_after(rules.RANK_TRANSFERRED, 2) == 2


@given(st.lists(st.tuples(st.integers(0, 2), st.floats(0, 1e6)), min_size=1, max_size=30))
def test_property_call_order_and_guard(spec):
    """Calling everyone in turn: the best-ranked goes first, except that a waiting
    regular is never passed over by more than streak_max priority visitors in a row."""
    waiting = [Candidate(i, r, t) for i, (r, t) in enumerate(spec)]
    streak_max, streak, run = 3, 0, 0
    while waiting:
        chosen = rules.pick_next(waiting, streak, streak_max)
        best = min(waiting, key=lambda c: c.order)
        regulars = [c for c in waiting if c.rank == rules.RANK_REGULAR]
        if chosen != best:  # only the guard may overrule the order
            assert best.rank == rules.RANK_PRIORITY and streak >= streak_max
            assert chosen == min(regulars, key=lambda c: c.order)
        run = run + 1 if chosen.rank == rules.RANK_PRIORITY and regulars else 0
        assert run <= streak_max
        waiting.remove(chosen)
        streak = rules.streak_after(chosen.rank, streak)


def test_transitions():
    assert rules.allowed("start", "called") and not rules.allowed("start", "waiting")
    assert rules.allowed("restore", "skipped") and not rules.allowed("restore", "done")
    assert rules.next_status("transfer") == "waiting"


def test_office_day_uses_the_office_zone():
    # 2026-11-23 16:30 UTC is 23:30 in Jakarta but already 00:30 next day in Makassar.
    ts = dt.datetime(2026, 11, 23, 16, 30, tzinfo=dt.timezone.utc).timestamp()
    assert rules.office_day(ts, ZoneInfo("Asia/Jakarta")) == "2026-11-23"
    assert rules.office_day(ts, ZoneInfo("Asia/Makassar")) == "2026-11-24"


def test_estimate_wait():
    assert rules.estimate_wait_minutes(0, 10, 1) == 0
    assert rules.estimate_wait_minutes(3, 10, 1) == 30
    assert rules.estimate_wait_minutes(3, 10, 2) == 15
    assert rules.estimate_wait_minutes(1, 10, 0) == 10


def test_refusals():
    now = dt.datetime(2026, 11, 23, 8, 0)  # a Monday
    hours = OpenHours.parse({"days": [0, 1, 2, 3, 4], "start": "07:30", "end": "15:00"})
    ok = dict(service_open=True, quota=None, issued_today=0, hours=hours, local_now=now)
    assert rules.refusal_for(**ok) is None
    assert rules.refusal_for(**{**ok, "service_open": False}) == "service_closed"
    assert rules.refusal_for(**{**ok, "quota": 5, "issued_today": 5}) == "quota_reached"
    assert rules.refusal_for(**{**ok, "local_now": now.replace(hour=7, minute=29)}) == "outside_hours"
    assert rules.refusal_for(**{**ok, "local_now": dt.datetime(2026, 11, 22, 9, 0)}) == "outside_hours"  # Sunday
    assert rules.refusal_for(**{**ok, "hours": None, "local_now": dt.datetime(2026, 11, 22, 3, 0)}) is None
