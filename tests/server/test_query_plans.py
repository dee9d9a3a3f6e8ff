"""The lobby display and the clerks' screens read the day through indexes (real server, personas).

Every display and staff page reads the office's snapshot when it connects: who
is at each counter and the latest calls. Whatever the day and the years before
it hold, those come from indexes (tests/plans.py explains why plans, not timings).
"""

import pytest

from tests.plans import recording, scans, sorts, ticket_plans

pytestmark = pytest.mark.sqlite_only  # (SQLite's query plans)


def test_the_lobby_and_the_front_office_screen_find_the_counters_and_latest_calls_through_indexes(
        server, siti, joko, front_office, lobby_display):
    # Given Ibu Siti at Loket 1 and Pak Joko waiting
    assert siti.takes_ticket("A").status_code == 201
    assert joko.takes_ticket("B").status_code == 201
    assert front_office.calls_next().json()["number"] == "A-001"

    # When the lobby display and the front office's screen read the snapshot
    with recording(server.ctx.db.read_engine) as seen:
        snapshot = lobby_display.snapshot()
        queue = front_office.queue()

    # Then they show her at Loket 1 and among the latest calls
    loket1 = next(ct for ct in snapshot["counters"] if ct["name"] == "Loket 1")
    assert loket1["ticket"]["number"] == "A-001"
    assert [call["number"] for call in snapshot["recent_calls"]] == ["A-001"]
    assert {t["number"] for t in queue} == {"A-001", "B-001"}
    # And no statement went through the tickets table row by row; the latest calls
    # came in call order from their index, nothing sorted
    with server.ctx.db.read() as conn:
        plans = ticket_plans(conn.connection.driver_connection, seen)
    assert plans
    for sql, plan in plans:
        assert not scans(plan), f"reads the whole tickets table:\n{sql}\n{plan}"
    latest = [plan for _, plan in plans if any("ix_ticket_day_called" in step for step in plan)]
    assert latest and not any(sorts(plan) for plan in latest), plans
