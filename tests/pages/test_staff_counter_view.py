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


def test_the_clerk_sees_which_numbers_came_from_phones_and_who_is_not_here_yet(server, new_context, artifacts):
    """Where the office calls phone numbers from home, Bu Rina's number is in the queue before she is in
    the lobby: the clerk sees "dari HP" and "belum hadir" on her row and, when called, on her ticket."""
    import uuid

    from tests.pages.conftest import issue, valid_nik
    admin = server.admin()
    assert admin.put("/api/admin/notifications", json={"notify_call_from_home": True}).status_code == 200
    walk_in = issue(server, "A")
    rina = server.client().post("/api/remote-tickets", json={"service": "A", "nik": valid_nik(77),
                                                             "request_id": str(uuid.uuid4())}).json()
    assert rina["status"] == "waiting"
    page = open_staff(new_context, server, server.creds["staff"][0])
    row = page.locator(f"#queue tr[data-number='{rina['number']}']")
    row.wait_for()
    assert row.locator(".badge.origin").inner_text().lower() == "dari hp"
    assert row.locator(".badge.away").inner_text().lower() == "belum hadir"
    assert "belum check-in" in row.locator(".badge.away").get_attribute("title")
    assert page.locator(f"#queue tr[data-number='{walk_in['number']}'] .badge").count() == 0
    page.screenshot(path=str(artifacts / "staff-phone-numbers-1366x768.png"))
    assert_laid_out(page, "#queue")
    assert page.js_errors == []
