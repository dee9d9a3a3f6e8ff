"""The report's facts as the counter keeps them, its periods, and how rows become the summary.

The desk keeps on each ticket what a year's report needs (first call, service
seconds over every counter, who finished it, no-show at day close), so the
report reads one table. Times here come from a clock the test holds still, so
every expected second is written down, not measured.
"""

from __future__ import annotations

import shutil
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from server.domain import day as office_day
from server.domain import report_periods, reports
from server.domain.errors import DomainError
from server.storage.db import Database
from tests.domain.conftest import Desk, Office

FRONT_OFFICE, BACK_OFFICE = 0, 1   # petugas1 at Loket 1 (A, D, B), petugas2 at Loket 2 (E)
JAKARTA = ZoneInfo("Asia/Jakarta")


class StillClock:
    """Time stands still until the test moves it."""

    def __init__(self, at: float):
        self.at = at

    def __call__(self) -> float:
        return self.at

    def advance(self, seconds: float) -> None:
        self.at += seconds


@pytest.fixture
def still(tmp_path, seeded_office_file):
    template, creds = seeded_office_file
    for suffix in ("", "-wal"):
        if (template.parent / (template.name + suffix)).exists():
            shutil.copyfile(template.parent / (template.name + suffix), tmp_path / ("antre.db" + suffix))
    clock = StillClock(datetime.now(JAKARTA).replace(hour=8, minute=0, second=0, microsecond=0).timestamp()
                       + 86400)
    db = Database(f"sqlite:///{tmp_path / 'antre.db'}", clock=clock)
    db.upgrade()
    db.start_writer()
    office = Office(db, clock, creds)
    yield Desk(office)
    db.close()


# -- the facts the counter keeps -----------------------------------------------------

def test_a_transferred_visit_keeps_its_first_call_and_sums_service_time_over_both_counters(still):
    clock = still.office.clock
    siti = still.issue("A", "3276014101600001").ticket
    clock.advance(600)                                   # Ibu Siti waits 10 minutes
    still.call_next(FRONT_OFFICE)
    first_call = clock()
    clock.advance(60)
    still.act(FRONT_OFFICE, siti.id, "start")
    clock.advance(240)                                   # 4 minutes at Loket 1, then to the back office
    still.act(FRONT_OFFICE, siti.id, "transfer", to_service="E", note="Cek DTKS")
    clock.advance(300)
    still.call_next(BACK_OFFICE)                         # 5 more minutes waiting, then 3 minutes there
    clock.advance(180)
    still.act(BACK_OFFICE, siti.id, "done")

    t = still.ticket(siti.id)
    assert t.first_called_at == first_call               # not moved by the second call
    assert t.service_seconds == 240 + 180                # started at Loket 1; never started at Loket 2
    assert t.served_by == still.office.creds["staff"][BACK_OFFICE]["username"]
    assert t.counter_id == still.office.counter(BACK_OFFICE)
    assert t.finished_at - t.issued_at == 600 + 60 + 240 + 300 + 180


def test_calling_the_next_citizen_finishes_the_one_before_with_their_service_time_and_clerk(still):
    clock = still.office.clock
    joko = still.issue("A", "3276010101900002").ticket
    rina = still.issue("D", "3276015101850003").ticket
    still.call_next(FRONT_OFFICE)
    clock.advance(420)
    assert still.call_next(FRONT_OFFICE) == rina.id      # Pak Joko is done without a "done" click

    t = still.ticket(joko.id)
    assert t.status == "done" and t.service_seconds == 420
    assert t.served_by == still.office.creds["staff"][FRONT_OFFICE]["username"]
    assert still.ticket(rina.id).first_called_at == clock()


def test_a_citizen_still_skipped_when_the_day_closes_is_a_no_show_and_a_waiting_one_is_not(still):
    away = still.issue("A", "3276010101900001").ticket
    waiting = still.issue("A", "3276010101900002").ticket
    still.call_next(FRONT_OFFICE)
    still.act(FRONT_OFFICE, away.id, "skip")
    today = still.ticket(away.id).office_day
    tomorrow = (date.fromisoformat(today) + timedelta(days=1)).isoformat()

    still.office.run(lambda tx: office_day.expire_before(tx, tomorrow))

    assert (still.ticket(away.id).status, still.ticket(away.id).no_show) == ("expired", True)
    assert (still.ticket(waiting.id).status, still.ticket(waiting.id).no_show) == ("expired", False)


def test_a_skipped_citizen_brought_back_keeps_the_first_call_as_the_end_of_the_wait(still):
    clock = still.office.clock
    made = still.issue("A", "3276010101700004").ticket
    clock.advance(120)
    still.call_next(FRONT_OFFICE)
    first_call = clock()
    still.act(FRONT_OFFICE, made.id, "skip")
    still.act(FRONT_OFFICE, made.id, "restore")
    clock.advance(300)
    still.call_next(FRONT_OFFICE)
    assert still.ticket(made.id).first_called_at == first_call


# -- periods --------------------------------------------------------------------------

@pytest.mark.parametrize("kind, anchor, first, last", [
    ("day", date(2025, 3, 12), date(2025, 3, 12), date(2025, 3, 12)),
    ("week", date(2025, 3, 12), date(2025, 3, 10), date(2025, 3, 16)),      # Monday to Sunday
    ("month", date(2024, 2, 10), date(2024, 2, 1), date(2024, 2, 29)),      # a leap February
    ("semester", date(2025, 6, 30), date(2025, 1, 1), date(2025, 6, 30)),
    ("semester", date(2025, 7, 1), date(2025, 7, 1), date(2025, 12, 31)),
    ("year", date(2025, 8, 17), date(2025, 1, 1), date(2025, 12, 31)),
])
def test_a_period_is_found_from_its_kind_and_any_day_in_it(kind, anchor, first, last):
    assert report_periods.resolve(kind, anchor) == (first, last)


def test_periods_are_said_the_way_people_say_them():
    assert report_periods.label("month", date(2025, 3, 1), date(2025, 3, 31)) == "Maret 2025"
    assert report_periods.label("semester", date(2025, 7, 1), date(2025, 12, 31), "en") == "Semester II 2025"
    assert report_periods.label("week", date(2025, 3, 10), date(2025, 3, 16)) == "10–16 Maret 2025"
    assert report_periods.label("custom", date(2024, 12, 30), date(2025, 1, 2)) == \
        "30 Desember 2024 – 2 Januari 2025"


@pytest.mark.parametrize("call", [
    lambda: report_periods.resolve("custom", date(2025, 3, 10), date(2025, 3, 1)),   # backwards
    lambda: report_periods.resolve("custom", date(2020, 1, 1), date(2025, 1, 1)),    # five years
    lambda: report_periods.resolve("fortnight", date(2025, 3, 1)),
    lambda: report_periods.parse_day("2025-02-30", "from"),
])
def test_a_period_a_report_cannot_cover_is_refused_politely_in_indonesian_and_english(call):
    with pytest.raises(DomainError) as refused:
        call()
    assert refused.value.code == "invalid_request"
    assert refused.value.message and refused.value.message_en and refused.value.message != refused.value.message_en


# -- the statistics ---------------------------------------------------------------------

def test_median_p90_and_the_within_standard_share_follow_their_written_definitions():
    assert reports.median([]) is None and reports.p90([]) is None
    assert reports.median([1, 2, 3, 10]) == 2.5
    ten = [float(v) for v in range(1, 11)]
    assert reports.p90(ten) == 9                         # 9 of 10 values are at or below 9
    assert reports.p90(ten + [11.0]) == 10               # ceil(0.9 x 11) = 10th value
    assert reports.percent(1, 8) == 12.5
    assert reports.percent(1, 3) == 33.3 and reports.percent(2, 3) == 66.7
    assert reports.percent(1, 16) == 6.3                 # 6.25 rounds half up, not to even
    assert reports.percent(0, 0) is None


def test_cells_fold_into_counts_and_times_per_service_counter_clerk_channel_and_priority():
    monday = datetime(2025, 3, 10, 8, 0, tzinfo=JAKARTA).timestamp()       # 08:00 in Jakarta
    office = reports.Office(services={1: ("A", "Surat DTKS", 15), 2: ("B", "Informasi", 10), 5: ("E", "Back", 30)},
                            counters={11: "Loket 1", 12: "Loket 2"}, clerks={"petugas1": "Budi"}, zone=JAKARTA,
                            working_days=5, transfer_only=frozenset({5}))
    Cell = reports.Cell
    # service, status, no-show, transferred, channel, priority, counter, clerk, count, waits, services, totals
    cells = [
        Cell(1, "done", False, False, "kiosk", None, 11, "petugas1", 1, [300], [600], [900]),    # 15 min: within
        Cell(1, "done", False, True, "kiosk", "lansia", 12, "petugas2", 1, [900], [240], [1140]),  # 19 min: beyond
        Cell(1, "expired", True, False, "kiosk", None, None, None, 1, [300], [], []),            # called, gone
        Cell(2, "cancelled", False, False, "staff", None, None, None, 1, [], [], []),
        Cell(2, "expired", False, False, "staff", None, None, None, 1, [], [], []),
    ]
    quarter = int(monday // 900)
    quarters = [("2025-03-10", quarter, 2, 2, 1), ("2025-03-10", quarter + 4, 1, 0, 0),
                ("2025-03-11", quarter + 96 + 8, 2, 0, 0)]                     # the next day at 10:00
    out = reports.summarize(date(2025, 3, 10), date(2025, 3, 16), cells, quarters, office, [])

    a, b = out["services"]                                # E, reached only by transfer, has no tickets
    assert (a["code"], a["issued"], a["served"], a["no_show"], a["expired"], a["transferred"]) == ("A", 3, 2, 1, 1, 1)
    assert a["wait_median_s"] == 300                      # waits 300, 900, 300: the middle one
    assert (a["wait_p90_s"], a["wait_max_s"]) == (900, 900)
    assert (a["service_median_s"], a["total_median_s"], a["total_max_s"]) == (420, (900 + 1140) / 2, 1140)
    assert a["within_standard_pct"] == 50.0
    assert (b["code"], b["issued"], b["cancelled"], b["expired"], b["no_show"], b["served"]) == ("B", 2, 1, 1, 0, 0)
    assert b["within_standard_pct"] is None and b["wait_median_s"] is None
    assert out["total"]["issued"] == 5 and out["total"]["within_standard_pct"] == 50.0
    assert [(c["name"], c["served"], c["issued"]) for c in out["by_counter"]] == [("Loket 1", 1, None),
                                                                                  ("Loket 2", 1, None)]
    assert [(c["username"], c["name"]) for c in out["by_clerk"]] == [("petugas1", "Budi"), ("petugas2", "petugas2")]
    assert [(c["channel"], c["issued"]) for c in out["by_channel"]] == [("kiosk", 3), ("staff", 2)]
    assert [(p["priority"], p["issued"]) for p in out["by_priority"]] == [(None, 4), ("lansia", 1)]
    assert out["arrivals_by_hour"] == [{"hour": 8, "count": 2}, {"hour": 9, "count": 1},
                                       {"hour": 10, "count": 2}]
    assert out["by_counter"][0]["wait_median_s"] is None     # the wait ends before a counter is chosen
    assert [d["count"] for d in out["arrivals_by_weekday"]] == [3, 2, 0, 0, 0, 0, 0]
    assert out["by_day"] == [{"day": "2025-03-10", "issued": 3, "served": 2, "within_standard_pct": 50.0},
                             {"day": "2025-03-11", "issued": 2, "served": 0, "within_standard_pct": None}]
    assert out["working_days"] == 5
