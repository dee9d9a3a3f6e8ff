"""The head of office's screen over HTTP: what the head sees now, today against a usual weekday,
the month, and who may look.

Personas: Kepala (the supervisor), petugas1 at Loket 1, Ibu Siti and Pak Joko at the kiosk. The
server's clock is moved forward the way tests/server/test_day.py does; history on earlier days is
written straight into the database, and the expected figures are counted here from that history.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import sqlalchemy as sa

from server.storage import report_queries, survey_queries
from server.storage.schema import complaints, holidays, services, survey_responses, tickets
from tests.live import Clock, LiveServer
from tests.personas import citizen, clerk

JAKARTA = dt.timezone(dt.timedelta(hours=7))
TODAY = dt.date(2026, 11, 25)   # a Wednesday


def _at(clock: Clock, local: dt.datetime) -> None:
    clock.offset = 0
    clock.advance(local.timestamp() - clock())


@pytest.fixture
def office(tmp_path):
    """The demo office on Wednesday 25 November 2026 at 10:00 in Jakarta."""
    clock = Clock()
    _at(clock, dt.datetime(2026, 11, 25, 10, 0, tzinfo=JAKARTA))
    server = LiveServer(tmp_path / "data", clock=clock, overrides={"timezone": "Asia/Jakarta"}).start()
    server.clock_ = clock
    yield server
    server.stop()


def kepala(server):
    return server.login(server.creds["supervisor"]["username"], server.creds["supervisor"]["password"])


def standard_of(server, code: str) -> int:
    return next(s for s in server.client().get("/api/services").json() if s["code"] == code)["standard_minutes"]


def now_part(server) -> dict:
    r = kepala(server).get("/api/dashboard", params={"part": "now"})
    assert r.status_code == 200, r.text
    return r.json()["now"]


def test_kepala_sees_who_waits_per_service_and_who_is_past_the_standard(office):
    siti, joko = citizen(office, 1, "Ibu Siti"), citizen(office, 2, "Pak Joko")
    standard = standard_of(office, "A")
    first = siti.takes_ticket("A").json()
    office.clock_.advance((standard + 2) * 60)
    joko.takes_ticket("A")

    now = now_part(office)
    a = next(s for s in now["services"] if s["code"] == "A")
    assert a["waiting"] == 2 and a["standard_minutes"] == standard
    assert (standard + 2) * 60 <= a["longest_wait_s"] < (standard + 3) * 60
    assert a["over_standard"] is True
    assert [(x["number"], x["service"]) for x in now["alerts"]["late"]] == [(first["number"], "A")]
    assert all(s["waiting"] == 0 and not s["over_standard"] for s in now["services"] if s["code"] != "A")


def test_a_counter_shows_its_clerk_and_the_number_at_it(office):
    siti = citizen(office, 1, "Ibu Siti")
    ticket = siti.takes_ticket("A").json()
    petugas = clerk(office, 0)
    assert petugas.calls_next().status_code == 200
    loket = next(c for c in now_part(office)["counters"] if c["id"] == petugas.counter_id)
    assert loket["state"] == "open"
    assert loket["clerk"]["username"] == petugas.username
    assert loket["ticket"] == {"number": ticket["number"], "service": "A", "status": "called"}
    assert "nik" not in str(now_part(office)).lower()


def test_a_counter_on_a_break_past_the_limit_is_raised(office):
    petugas = clerk(office, 0)
    assert petugas.sets_counter("open").status_code == 200
    assert petugas.sets_counter("pause").status_code == 200
    office.clock_.advance(19 * 60)
    now = now_part(office)
    assert now["alerts"]["pause_limit_minutes"] == 20
    assert now["alerts"]["paused"] == []                  # a short break is nobody's business
    office.clock_.advance(2 * 60)
    paused = now_part(office)["alerts"]["paused"]
    assert [(p["counter_id"], p["limit_minutes"]) for p in paused] == [(petugas.counter_id, 20)]
    assert 21 * 60 <= paused[0]["paused_s"] < 22 * 60
    assert petugas.sets_counter("open").status_code == 200
    assert now_part(office)["alerts"]["paused"] == []


def test_the_office_may_set_its_own_pause_limit(office):
    technician = office.admin()
    refused = technician.put("/api/admin/office", json={"pause_alert_minutes": 0})
    assert refused.status_code == 422 and "antara 1 dan 480" in refused.text
    assert technician.put("/api/admin/office", json={"pause_alert_minutes": 5}).status_code == 200
    petugas = clerk(office, 0)
    petugas.sets_counter("open")
    petugas.sets_counter("pause")
    office.clock_.advance(6 * 60)
    assert [p["counter_id"] for p in now_part(office)["alerts"]["paused"]] == [petugas.counter_id]


def test_only_the_head_and_the_technician_see_it(office):
    assert office.staff(0).get("/api/dashboard").status_code == 403
    assert office.client().get("/api/dashboard").status_code == 401
    assert office.admin().get("/api/dashboard").status_code == 200
    page = office.client(follow_redirects=False).get("/kepala")
    assert page.status_code == 303 and page.headers["location"] == "/login?next=/kepala"
    assert office.staff(0).get("/kepala").status_code == 403
    assert kepala(office).get("/kepala").status_code == 200


def _local(day: dt.date, hh: int, mm: int) -> float:
    return dt.datetime(day.year, day.month, day.day, hh, mm, tzinfo=JAKARTA).timestamp()


def history(server, rows):
    """Tickets of earlier days: (day, issued hh:mm, finished hh:mm or None)."""
    with server.ctx.db.read() as conn:
        a = conn.execute(sa.select(services.c.id).where(services.c.code == "A")).scalar_one()
    values = []
    for n, (day, issued, finished) in enumerate(rows, start=1):
        at = _local(day, *issued)
        values.append({"office_day": day.isoformat(), "number": f"A-{n:03d}", "seq": n,
                       "origin_service_id": a, "service_id": a, "token": uuid.uuid4().hex,
                       "status": "done" if finished else "expired", "rank": 1, "issued_at": at,
                       "queued_at": at, "finished_at": _local(day, *finished) if finished else None,
                       "notes": [], "queue_seq": n})
    server.sql(*[tickets.insert().values(**v) for v in values])


def test_today_is_set_against_the_same_weekdays_by_the_same_hour_holidays_left_out(office):
    standard = standard_of(office, "A")
    assert standard < 60                                    # the history below relies on it
    week1, week2, week3, holiday = (TODAY - dt.timedelta(weeks=k) for k in (1, 2, 3, 4))
    rows = [
        (week1, (8, 0), (9, 10)),      # served by 10:00, 70 minutes: past the standard
        (week1, (9, 0), (9, 10)),      # served by 10:00 within the standard
        (week1, (9, 50), (10, 30)),    # issued by 10:00, served only after
        (week1, (11, 0), None),        # after 10:00: not counted
        (week2, (8, 30), (8, 40)),     # served within the standard
        (holiday, (8, 0), (8, 5)),     # a holiday: left out of the usual Wednesday
    ]
    history(office, rows)
    office.sql(holidays.insert().values(day=holiday.isoformat(), name="Libur uji", kind="nasional"))
    citizen(office, 1, "Ibu Siti").takes_ticket("A")

    body = kepala(office).get("/api/dashboard").json()
    cutoff = (10, 0)
    past = [d for d in (week1, week2, week3) if any(r[0] == d for r in rows)]   # week 3 had no ticket
    issued = [sum(1 for r in rows if r[0] == d and r[1] <= cutoff) for d in past]
    served = [sum(1 for r in rows if r[0] == d and r[2] and r[2] <= cutoff) for d in past]
    within = sum(1 for r in rows if r[0] in past and r[2] and r[2] <= cutoff
                 and (r[2][0] * 60 + r[2][1]) - (r[1][0] * 60 + r[1][1]) <= standard)
    assert body["today"]["days"] == len(past) == 2
    assert body["today"]["today"] == {"issued": 1, "served": 0, "within_standard_pct": None}
    assert body["now"]["today"] == body["today"]["today"]
    assert body["today"]["average"]["issued"] == pytest.approx(sum(issued) / 2, abs=0.05)
    assert body["today"]["average"]["served"] == pytest.approx(sum(served) / 2, abs=0.05)
    assert body["today"]["average"]["within_standard_pct"] == pytest.approx(100 * within / sum(served), abs=0.05)

    # The month: every served ticket of November so far, by the same rule.
    november = [r for r in rows if r[0].month == 11 and r[2]]
    month_within = sum(1 for r in november if (r[2][0] * 60 + r[2][1]) - (r[1][0] * 60 + r[1][1]) <= standard)
    assert body["month"]["served"] == len(november) == 4
    assert body["month"]["within_standard_pct"] == pytest.approx(100 * month_within / len(november), abs=0.05)
    # ... and the same figure as the month's report (GET /api/reports/summary) gives.
    with office.ctx.db.read() as conn:
        report = report_queries.summary(conn, office.ctx.zone, dt.date(2026, 11, 1), TODAY)
    assert body["month"]["within_standard_pct"] == report["total"]["within_standard_pct"]


def test_open_complaints_past_their_deadline_are_counted(office):
    def case(code, status, deadline):
        return complaints.insert().values(code=code, channel="counter", received_at=office.clock_(),
                                          office_day="2026-11-10", category="lainnya", description="uji",
                                          status=status, deadline=deadline, created_by="kepala",
                                          updated_at=office.clock_())
    office.sql(case("P-1", "diterima", "2026-11-20"), case("P-2", "ditindaklanjuti", "2026-11-24"),
               case("P-3", "selesai", "2026-11-20"), case("P-4", "diterima", "2026-11-25"))
    body = kepala(office).get("/api/dashboard").json()
    assert body["complaints"] == {"overdue_open": 2, "link": "/pengaduan"}


def test_the_semester_skm_so_far_with_its_grade(office):
    with office.ctx.db.read() as conn:
        a = conn.execute(sa.select(services.c.id).where(services.c.code == "A")).scalar_one()
    answers = [[4, 3, 4, 3, 4, 3, 4, 3, 4], [3, 3, 3, 3, 3, 3, 3, 3, 3]]      # semester II: July onwards
    office.sql(*[survey_responses.insert().values(service_id=a, office_day=day, at=office.clock_(), channel="phone",
                                                  **{f"q{i + 1}": v for i, v in enumerate(q)})
                 for q, day in zip(answers, ("2026-07-01", "2026-11-24"))],
               survey_responses.insert().values(service_id=a, office_day="2026-06-30", at=office.clock_(),
                                                channel="phone", **{f"q{i}": 1 for i in range(1, 10)}))
    skm = kepala(office).get("/api/dashboard").json()["skm"]
    # by hand: NRR per element is the mean of two answers; the index their mean; score x 25
    nrr = [(x + y) / 2 for x, y in zip(*answers)]
    score = round(sum(nrr) / 9 * 25 + 1e-9, 2)
    assert skm["available"] is True and skm["semester"] == 2
    assert (skm["from"], skm["to"]) == ("2026-07-01", "2026-11-25")
    assert skm["respondents"] == 2
    assert skm["score"] == pytest.approx(score)              # 81.94: B, Baik (76.61 - 88.30)
    assert skm["grade"] == "B"
    # ... the same figures as the semester's SKM report (GET /api/reports/skm) gives
    with office.ctx.db.read() as conn:
        report = survey_queries.skm_report(conn, "2026-07-01", "2026-11-25")
    for key in ("respondents", "index", "score", "grade", "grade_label", "population", "sample_target"):
        assert skm[key] == report[key], key
