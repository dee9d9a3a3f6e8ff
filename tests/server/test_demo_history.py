"""``server_main.py demo-history``: an office's past, realistic enough to demo and to benchmark on.

The command is run as a technician runs it; the database it leaves is read with
plain SQL and judged by what a lobby looks like (working days only, a morning
peak, a mix of services, priority visitors, the back office, no-shows, survey
answers, complaints), then the real server opens it and the head of office reads
a report with something in it.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

import server_main
from tests.live import LiveServer

JAKARTA = ZoneInfo("Asia/Jakarta")
# (the history is read back from the SQLite file; on PostgreSQL the evaluation PDF's tests
# make their history with the same command)
pytestmark = pytest.mark.sqlite_only


def make_history(data_dir, capsys, days=42, seed=5) -> str:
    assert server_main.main(["demo-history", "--days", str(days), "--per-day", "60", "--seed", str(seed),
                             "--data-dir", str(data_dir)]) == 0
    return capsys.readouterr().out


def rows(data_dir, sql, *params):
    with sqlite3.connect(data_dir / "antre.db") as db:
        return db.execute(sql, params).fetchall()


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    """Six weeks of history in a fresh data directory (the demo office is seeded first)."""
    data_dir = tmp_path_factory.mktemp("history")
    assert server_main.main(["demo-history", "--days", "42", "--per-day", "60", "--seed", "5",
                             "--data-dir", str(data_dir)]) == 0
    return data_dir


def test_history_lies_on_past_working_days_only_and_every_visit_is_over(history):
    days = [date.fromisoformat(d) for (d,) in rows(history, "SELECT DISTINCT office_day FROM tickets")]
    holidays = {d for (d,) in rows(history, "SELECT day FROM holidays")}
    today = datetime.now(JAKARTA).date()
    assert 25 <= len(days) <= 30                       # six weeks hold 30 weekdays, minus holidays
    assert all(d.weekday() < 5 and d.isoformat() not in holidays and d < today for d in days)
    statuses = {s for (s,) in rows(history, "SELECT DISTINCT status FROM tickets")}
    assert statuses <= {"done", "expired", "cancelled"}
    assert rows(history, "SELECT count(*) FROM tickets WHERE nik IS NOT NULL") == [(0,)]


def test_the_morning_is_busiest_and_services_priority_transfers_and_no_shows_are_mixed_as_in_a_lobby(history):
    tickets = rows(history, "SELECT t.issued_at, s.code, t.priority, t.transfers, t.no_show, t.status, "
                            "t.first_called_at, t.service_seconds, t.served_by FROM tickets t "
                            "JOIN services s ON s.id = t.origin_service_id")
    n = len(tickets)
    hours = Counter(datetime.fromtimestamp(t[0], JAKARTA).hour for t in tickets)
    assert hours[8] + hours[9] > n / 2 and hours[8] == max(hours.values())
    codes = Counter(t[1] for t in tickets)
    assert set(codes) == set("ABCD") and codes["A"] > codes["C"]
    assert 0.04 < sum(t[2] is not None for t in tickets) / n < 0.13               # about 8 % priority
    moved = [t for t in tickets if t[3]]
    assert moved and {t[1] for t in moved} == {"A"}                                # A goes on to the back office
    assert 0.02 < sum(t[4] for t in tickets) / n < 0.09                           # about 5 % no-shows
    served = [t for t in tickets if t[5] == "done"]
    assert all(t[6] is not None and t[7] > 0 and t[8] for t in served)            # the report's facts are there
    assert rows(history, "SELECT count(*) FROM tickets t JOIN services s ON s.id = t.service_id "
                         "WHERE t.transfers > 0 AND s.code = 'E'") == [(len(moved),)]


def test_about_a_third_of_served_citizens_answered_the_survey_mostly_well(history):
    served = rows(history, "SELECT count(*) FROM tickets WHERE status = 'done'")[0][0]
    answers = rows(history, "SELECT q1, q2, q3, q4, q5, q6, q7, q8, q9 FROM survey_responses")
    assert 0.2 < len(answers) / served < 0.4
    flat = Counter(a for row in answers for a in row)
    assert set(flat) <= {1, 2, 3, 4} and (flat[3] + flat[4]) / sum(flat.values()) > 0.8 and flat[2] > 0
    orphans = rows(history, "SELECT count(*) FROM survey_responses r JOIN tickets t ON t.id = r.ticket_id "
                            "WHERE t.status != 'done'")
    assert orphans == [(0,)]


def test_complaints_are_at_every_stage_with_a_deadline_after_they_came(history):
    cases = rows(history, "SELECT code, status, office_day, deadline, closed_at FROM complaints")
    assert cases
    assert all(deadline > day for _, _, day, deadline, _ in cases)
    assert all((closed is not None) == (status == "selesai") for _, status, _, _, closed in cases)
    assert len({code for code, *_ in cases}) == len(cases)


def test_the_same_seed_gives_the_same_history_and_a_second_run_adds_no_day_twice(tmp_path, capsys):
    first, second = tmp_path / "one", tmp_path / "two"
    said = make_history(first, capsys, days=10, seed=9)
    make_history(second, capsys, days=10, seed=9)
    sql = "SELECT office_day, number, status, issued_at, service_seconds FROM tickets ORDER BY id"
    assert rows(first, sql) == rows(second, sql)
    count = rows(first, "SELECT count(*) FROM tickets")[0][0]
    assert f"{count} tickets" in said

    again = make_history(first, capsys, days=10, seed=9)

    assert rows(first, "SELECT count(*) FROM tickets")[0][0] == count and "0 tickets" in again


def test_a_bad_number_of_days_is_refused_with_a_message(tmp_path, capsys):
    assert server_main.main(["demo-history", "--days", "0", "--data-dir", str(tmp_path)]) == 2
    assert "--days" in capsys.readouterr().err


def test_the_head_of_office_reads_the_history_on_the_real_server(history):
    server = LiveServer(history).start()
    try:
        head = server.login(server.creds["supervisor"]["username"], server.creds["supervisor"]["password"])
        today = datetime.now(JAKARTA).date()
        report = head.get("/api/reports/summary", params={"from": (today - timedelta(days=42)).isoformat(),
                                                          "to": today.isoformat()}).json()
        stored = rows(history, "SELECT count(*) FROM tickets")[0][0]
        assert report["total"]["issued"] == stored
        assert 0 < report["total"]["within_standard_pct"] < 100
        assert report["outcomes"] and report["by_clerk"] and len(report["by_channel"]) == 2
    finally:
        server.stop()
