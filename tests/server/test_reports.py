"""The head of office reads a month of the lobby: counts, times, the service standard, exports.

A month of visits is written into the real server's database (as a year of
history would be there), with figures this test draws itself; the expected
report is computed here from the test's own list, by the definitions in
``server.domain.reports`` written out again, never from the server's code. The
supervisor reads it through the API and the exports; a clerk is refused; the
NIK purge changes nothing.
"""

from __future__ import annotations

import csv
import io
import math
import random
import re
import uuid
from collections import defaultdict
from datetime import date, datetime, timedelta
from statistics import median
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import sqlalchemy as sa

from server.domain import day as office_day
from server.storage.schema import counters, holidays, services, tickets
from tests.server.helpers import nik_for

JAKARTA = ZoneInfo("Asia/Jakarta")
MONTH = (date(2026, 10, 1), date(2026, 10, 31))
COUNTS = ("issued", "served", "no_show", "cancelled", "expired", "transferred")


def nearest_rank_p90(values):
    """The smallest value that at least 90 % of the values do not exceed."""
    for v in sorted(values):
        if sum(1 for w in values if w <= v) * 10 >= 9 * len(values):
            return v
    return None


def share(part, whole):
    """Percent with one decimal, half up (as a person rounds)."""
    return None if not whole else math.floor(part * 1000 / whole + 0.5) / 10


def a_month_of_visits(server, seed=11):
    """October 2026's weekdays, 4-9 visitors a day: the rows to insert, and the visits as the test sees them."""
    rng = random.Random(seed)
    with server.ctx.db.read() as conn:
        svc = {r.code: r for r in conn.execute(sa.select(services))}
        desks = [r.id for r in conn.execute(sa.select(counters.c.id).order_by(counters.c.position))]
    clerks = [s["username"] for s in server.creds["staff"]]
    rows, visits, n = [], [], 0
    day = MONTH[0]
    while day <= MONTH[1]:
        if day.weekday() < 5:
            opening = datetime(day.year, day.month, day.day, 8, tzinfo=JAKARTA).timestamp()
            for seq in range(1, rng.randint(4, 9) + 1):
                n += 1
                code = rng.choice("ABCD")
                issued = opening + rng.randint(0, 6 * 3600)
                fate = rng.choices(["done", "no_show", "expired", "cancelled"], [80, 8, 6, 6])[0]
                wait = rng.randint(0, 3600) if fate in ("done", "no_show") else None
                service = float(rng.randint(60, 1800)) if fate == "done" else 0.0
                moved = fate == "done" and code == "A" and rng.random() < 0.3
                gap = rng.randint(0, 900) if moved else 0      # waiting again after the transfer
                finished = issued + wait + service + gap if fate == "done" else issued + 12 * 3600
                desk = rng.randrange(len(desks))
                visit = dict(day=day.isoformat(), code=code, fate=fate, issued=issued, wait=wait, service=service,
                             total=finished - issued if fate == "done" else None, moved=moved,
                             channel=rng.choice(["kiosk", "kiosk", "staff"]),
                             priority=rng.choice([None] * 9 + ["lansia"]), desk=desks[desk], clerk=clerks[desk],
                             standard=svc[code].standard_minutes * 60)
                visits.append(visit)
                rows.append(dict(
                    office_day=visit["day"], number=f"{code}-{seq:03d}", seq=seq, origin_service_id=svc[code].id,
                    service_id=svc["E" if moved else code].id, token=uuid.uuid4().hex, nik=nik_for(n),
                    priority=visit["priority"], priority_confirmed=None,
                    status="expired" if fate in ("no_show", "expired") else fate, rank=2, issued_at=issued,
                    queued_at=issued, called_at=None if wait is None else issued + wait, started_at=None,
                    finished_at=finished, counter_id=visit["desk"] if fate in ("done", "no_show") else None,
                    recalls=0, transfers=int(moved), notes=[], kiosk_id=None, request_id=None, print_status=None,
                    queue_seq=n, channel=visit["channel"], first_called_at=None if wait is None else issued + wait,
                    service_seconds=service, served_by=visit["clerk"] if fate == "done" else None,
                    no_show=fate == "no_show"))
        day += timedelta(days=1)
    server.ctx.db.writer.call(lambda tx: tx.conn.execute(tickets.insert(), rows))
    return visits


def expected(visits):
    """The figures of one group of visits, by the report's definitions."""
    waits = [v["wait"] for v in visits if v["wait"] is not None]
    served = [v for v in visits if v["fate"] == "done"]
    totals = [v["total"] for v in served]
    services_s = [v["service"] for v in served]
    out = {"issued": len(visits), "served": len(served),
           "no_show": sum(v["fate"] == "no_show" for v in visits),
           "cancelled": sum(v["fate"] == "cancelled" for v in visits),
           "expired": sum(v["fate"] in ("no_show", "expired") for v in visits),
           "transferred": sum(v["moved"] for v in visits),
           "within_standard_pct": share(sum(v["total"] <= v["standard"] for v in served), len(served))}
    for name, values in (("wait", waits), ("service", services_s), ("total", totals)):
        out[f"{name}_median_s"] = median(values) if values else None
        out[f"{name}_p90_s"] = nearest_rank_p90(values)
        out[f"{name}_max_s"] = max(values) if values else None
    return out


def assert_figures(got: dict, want: dict, where: str):
    for key, value in want.items():
        if value is None or isinstance(value, int) and key in COUNTS:
            assert got[key] == value, (where, key)
        else:
            assert got[key] == pytest.approx(value, abs=0.051), (where, key)


def month_query():
    return {"from": MONTH[0].isoformat(), "to": MONTH[1].isoformat()}


def test_the_head_of_office_reads_a_month_per_service_counter_clerk_and_channel(server, supervisor):
    visits = a_month_of_visits(server)

    r = supervisor.get("/api/reports/summary", params=month_query())

    assert r.status_code == 200, r.text
    report = r.json()
    with server.ctx.db.read() as conn:
        days_off = {date.fromisoformat(d) for (d,) in conn.execute(sa.select(holidays.c.day))}
    weekdays = [MONTH[0] + timedelta(days=i) for i in range(31)]
    assert report["working_days"] == sum(d.weekday() < 5 and d not in days_off for d in weekdays)
    by_code = {s["code"]: s for s in report["services"]}
    for code in "ABCD":
        assert_figures(by_code[code], expected([v for v in visits if v["code"] == code]), code)
        assert by_code[code]["standard_minutes"] * 60 == next(v["standard"] for v in visits if v["code"] == code)
    assert_figures(report["total"], expected(visits), "total")
    for group in report["by_counter"]:
        mine = [v for v in visits if v["fate"] == "done" and v["desk"] == group["counter_id"]]
        assert group["served"] == len(mine) and group["issued"] is None
        assert group["service_median_s"] == pytest.approx(median(v["service"] for v in mine), abs=0.051)
    assert sum(g["served"] for g in report["by_clerk"]) == sum(v["fate"] == "done" for v in visits)
    for group in report["by_channel"]:
        assert_figures(group, expected([v for v in visits if v["channel"] == group["channel"]]), group["channel"])
    lansia = next(g for g in report["by_priority"] if g["priority"] == "lansia")
    assert_figures(lansia, expected([v for v in visits if v["priority"] == "lansia"]), "lansia")
    hours = defaultdict(int)
    for v in visits:
        hours[datetime.fromtimestamp(v["issued"], JAKARTA).hour] += 1
    assert {h["hour"]: h["count"] for h in report["arrivals_by_hour"] if h["count"]} == dict(hours)
    assert [d["count"] for d in report["arrivals_by_weekday"]][5:] == [0, 0]
    october_3 = [v for v in visits if v["day"] == "2026-10-05"]
    assert next(d for d in report["by_day"] if d["day"] == "2026-10-05")["issued"] == len(october_3)


def test_a_clerk_is_refused_the_reports_politely_and_the_technician_may_read_them(server, front_office, technician):
    for path in ("/api/reports/summary", "/api/reports/export.csv", "/api/reports/export.xlsx"):
        r = front_office.http.get(path, params=month_query())
        assert r.status_code == 403, path
        assert r.json()["message"] == "Anda tidak berhak melakukan ini." and r.json()["message_en"]
        assert technician.get(path, params=month_query()).status_code == 200, path
    assert server.client().get("/api/reports/summary", params=month_query()).status_code == 401


@pytest.mark.parametrize("query, says", [
    ({"from": "2026-10-31", "to": "2026-10-01"}, "sebelum"),
    ({"from": "2026-13-01", "to": "2026-10-01"}, "TTTT-BB-HH"),
    ({"from": "2020-01-01", "to": "2026-10-01"}, "paling panjang"),
])
def test_a_period_that_cannot_be_reported_is_refused_with_a_reason(supervisor, query, says):
    r = supervisor.get("/api/reports/summary", params=query)
    assert r.status_code == 422
    assert says in r.json()["message"] and r.json()["message_en"]


def test_the_period_picker_names_the_month_the_semester_and_the_week(supervisor):
    assert supervisor.get("/api/reports/period", params={"kind": "month", "date": "2026-10-17"}).json() == \
        {"from": "2026-10-01", "to": "2026-10-31", "label": "Oktober 2026"}
    assert supervisor.get("/api/reports/period", params={"kind": "semester", "date": "2026-10-17"}).json()["from"] \
        == "2026-07-01"
    assert supervisor.get("/api/reports/period", params={"kind": "fortnight", "date": "2026-10-17"}).status_code \
        == 422


def test_the_csv_and_xlsx_exports_hold_the_same_figures_and_no_nik(server, supervisor):
    a_month_of_visits(server, seed=7)
    report = supervisor.get("/api/reports/summary", params=month_query()).json()

    csv_r = supervisor.get("/api/reports/export.csv", params=month_query())
    xlsx_r = supervisor.get("/api/reports/export.xlsx", params=month_query())

    assert csv_r.status_code == 200 and csv_r.headers["content-type"].startswith("text/csv")
    assert "attachment" in csv_r.headers["content-disposition"]
    lines = list(csv.DictReader(io.StringIO(csv_r.content.decode("utf-8-sig"))))
    services_csv = {line["key"]: line for line in lines if line["section"] == "service"}
    for s in report["services"]:
        line = services_csv[s["code"]]
        assert int(line["issued"]) == s["issued"] and int(line["served"]) == s["served"]
        assert float(line["wait_p90_s"] or "nan") == pytest.approx(s["wait_p90_s"] or float("nan"), nan_ok=True)
        assert (float(line["within_standard_pct"]) if line["within_standard_pct"] else None) == \
            s["within_standard_pct"]
    total = next(line for line in lines if line["section"] == "total")
    assert int(total["issued"]) == report["total"]["issued"]

    book = openpyxl.load_workbook(io.BytesIO(xlsx_r.content))
    sheet = book["Layanan"]
    heads = [c.value for c in sheet[3]]
    rows = {row[0]: dict(zip(heads, row)) for row in sheet.iter_rows(min_row=4, values_only=True)}
    for s in report["services"]:
        row = rows[s["code"]]
        assert row["Diambil"] == s["issued"] and row["Dilayani"] == s["served"]
        assert row["Sesuai standar (%)"] == s["within_standard_pct"]
        assert row["Total median (menit)"] == pytest.approx(round(s["total_median_s"] / 60, 1))
    counters_heads = [c.value for c in book["Loket"][3]]
    assert "Dilayani" in counters_heads and "Diambil" not in counters_heads   # no column that is always empty
    assert book["Layanan"]["A1"].value.startswith("Laporan layanan 1–31 Oktober 2026")
    for content in (csv_r.content, xlsx_r.content):
        assert not re.search(rb"\d{16}", content)
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            assert not any(re.search(r"\d{16}", str(v)) for v in row if v is not None)


def test_the_report_is_the_same_after_the_nik_purge(server, supervisor):
    a_month_of_visits(server, seed=3)
    before = supervisor.get("/api/reports/summary", params=month_query()).json()

    purged = server.ctx.db.writer.call(lambda tx: office_day.purge_niks(tx, 30))

    assert purged > 0
    with server.ctx.db.read() as conn:
        assert conn.execute(sa.select(sa.func.count()).where(tickets.c.nik.is_not(None),
                                                             tickets.c.office_day <= "2026-10-31")).scalar() == 0
    assert supervisor.get("/api/reports/summary", params=month_query()).json() == before


def test_a_day_at_the_counters_gives_its_waits_service_times_and_clerks(clocked_server, clock):
    """Through the real API: the desk keeps the facts the report reads."""
    from tests.personas import clerk, citizen
    server = clocked_server
    head = server.login(server.creds["supervisor"]["username"], server.creds["supervisor"]["password"])
    front, back = clerk(server, 0), clerk(server, 1)
    siti, joko = citizen(server, 1, "Ibu Siti"), citizen(server, 2, "Pak Joko")
    siti.takes_ticket("A")
    joko.takes_ticket("D")
    clock.advance(600)                         # ten minutes' wait for Ibu Siti
    siti_ticket = front.calls_next().json()
    front.does("start", siti_ticket)
    clock.advance(300)
    front.transfers(siti_ticket, "E", "cek DTKS")
    joko_ticket = front.calls_next().json()    # Pak Joko waited fifteen minutes
    clock.advance(120)
    front.does("done", joko_ticket)
    back.calls_next()
    clock.advance(240)
    back.does("done", siti_ticket)
    today = server.ctx.today()

    report = head.get("/api/reports/summary", params={"from": today, "to": today}).json()

    a = next(s for s in report["services"] if s["code"] == "A")
    d = next(s for s in report["services"] if s["code"] == "D")
    assert (a["issued"], a["served"], a["transferred"], d["served"]) == (1, 1, 1, 1)
    assert a["wait_max_s"] == pytest.approx(600, abs=3)
    assert a["service_max_s"] == pytest.approx(300 + 240, abs=3)        # both counters
    assert a["total_max_s"] == pytest.approx(600 + 300 + 120 + 240, abs=3)
    assert a["within_standard_pct"] == 0.0                               # 21 minutes > 15
    assert d["wait_max_s"] == pytest.approx(900, abs=3) and d["within_standard_pct"] == 0.0  # 17 > 10
    assert {c["username"]: c["served"] for c in report["by_clerk"]} == {front.username: 1, back.username: 1}
    assert {c["channel"] for c in report["by_channel"]} == {"kiosk"}
