"""The citizen at the counter as the front-office clerk sees it on a 1366x768 office PC.

Personas: petugas1 at Loket 1 (front office) and a citizen of 62 who took a
ticket at the kiosk. The office is in Asia/Jakarta (UTC+7); the clock is set to
06:30 on the citizen's birthday there, still the day before in UTC, so an age
computed on the server's UTC date would be a year short.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from server.storage.schema import counters, number_counters, services
from tests.live import Clock, LiveServer
from tests.pages.conftest import open_staff
from tests.pages.layout import assert_laid_out, line_count

# Born 2 December 1964 (a woman: day 42 = 2 + 40), Kota Bogor.
NIK_62 = "3271014212640777"
BIRTHDAY_MORNING = dt.datetime(2026, 12, 2, 6, 30, tzinfo=ZoneInfo("Asia/Jakarta")).timestamp()
LONGEST_SERVICE_NAME = ("Surat Keterangan Terdaftar dalam Data Terpadu Kesejahteraan Sosial untuk "
                        "Keringanan Biaya Rumah Sakit dan Sekol")[:120]
LONGEST_COUNTER_NAME = "Loket Front Office Pelayanan Terpadu Satu Pintu Lantai Satu"[:60]


@pytest.fixture
def birthday_server(tmp_path):
    s = LiveServer(tmp_path / "data", clock=Clock(start=BIRTHDAY_MORNING)).start()
    yield s
    s.stop()


def test_given_the_longest_number_and_names_when_the_clerk_calls_then_the_number_stays_on_one_line_with_the_age(
        birthday_server, new_context, artifacts):
    server = birthday_server
    day = server.ctx.today()
    assert day == "2026-12-02"
    clerk = server.creds["staff"][0]
    # The longest names the admin pages accept, and the last number a letter can reach.
    server.sql(services.update().where(services.c.code == "A").values(name_id=LONGEST_SERVICE_NAME,
                                                                       open_hours=None),
               counters.update().where(counters.c.id == clerk["counter"]).values(name=LONGEST_COUNTER_NAME),
               sa.delete(number_counters).where(number_counters.c.office_day == day),
               number_counters.insert().values(office_day=day, prefix="A", last_number=99_998))
    r = server.kiosk().post("/api/tickets", json={"service": "A", "nik": NIK_62, "request_id": "age-1"})
    assert r.status_code == 201, r.text
    assert r.json()["number"] == "A-99999"
    staff_http = server.staff(0)
    assert staff_http.post(f"/api/counters/{clerk['counter']}/call-next").json()["number"] == "A-99999"

    page = open_staff(new_context, server, clerk)
    page.locator("#current-number").get_by_text("A-99999").wait_for()
    page.locator("#age").get_by_text("62 th").wait_for()   # the office's day, not UTC's (61)
    assert "elderly" in page.locator("#age").get_attribute("class")
    page.screenshot(path=str(artifacts / "staff-longest-number-1366x768.png"))

    assert line_count(page, "#current-number") == 1
    assert_laid_out(page, "#current")
    assert_laid_out(page, "header.top")

    # The age came with the audited look at the full NIK, and only there.
    audit = server.login(server.creds["supervisor"]["username"],
                         server.creds["supervisor"]["password"]).get("/api/audit").json()
    assert any(a["action"] == "nik.viewed" for a in audit)
    assert "age" not in staff_http.get("/api/staff/state").json()["tickets"][0]
