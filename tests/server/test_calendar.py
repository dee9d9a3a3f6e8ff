"""The office's holiday calendar: filled from Indonesia's holidays, kept by the admin, obeyed by the kiosk.

Ibu Siti comes to the kiosk on Independence Day (Tuesday 17 August 2027): no number,
and the kiosk says why and when the office opens again. A clerk on duty may still
give a number at the desk (an office that opens for an emergency decides that).
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from server.storage import calendar, holiday_library
from tests.live import Clock, LiveServer
from tests.personas import citizen, clerk
from tests.server.helpers import nik_for

INDEPENDENCE_2027 = datetime(2027, 8, 17, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))  # a Tuesday


@pytest.fixture
def clock():
    return Clock(INDEPENDENCE_2027.timestamp())



def test_the_kiosk_refuses_politely_on_a_holiday_and_the_desk_may_still_issue(holiday_server):
    s = holiday_server
    siti = citizen(s, 1, "Ibu Siti")
    tiles = s.kiosk().get("/api/services?kiosk=true").json()
    assert tiles and all(t["available"] is False and t["unavailable_reason"] == "office_holiday" for t in tiles)

    r = siti.takes_ticket("A")
    assert r.status_code == 409
    body = r.json()
    assert body["code"] == "office_holiday"
    assert body["message"] == ("Hari ini libur: Hari Kemerdekaan Republik Indonesia. "
                               "Kantor buka kembali Rabu, 18 Agustus 2027.")
    assert body["message_en"].endswith("It opens again on Wednesday, 18 August 2027.")
    assert body["opens"] == "2027-08-18"
    assert s.client().get("/api/state").json()["counters"]  # the lobby still works

    # The clerk on duty: allowed, and the ticket says it came from the desk.
    front = clerk(s, 0)
    r = front.http.post("/api/staff/tickets", json={"service": "A", "nik": nik_for(7)})
    assert r.status_code == 201, r.text
    # The staff page's tiles are not marked closed either.
    assert all(t["unavailable_reason"] != "office_holiday" for t in s.client().get("/api/services").json())


def test_when_the_admin_removes_the_holiday_the_kiosk_gives_numbers_again(holiday_server):
    s = holiday_server
    admin = s.admin()
    assert admin.delete("/api/admin/holidays/2027-08-17").status_code == 200
    assert citizen(s, 1).takes_ticket("A").status_code == 201
    # Removing it again: politely not found.
    r = admin.delete("/api/admin/holidays/2027-08-17")
    assert r.status_code == 404 and r.json()["code"] == "unknown_holiday"


def test_the_calendar_starts_with_this_year_and_next_from_the_library(holiday_server):
    staff = clerk(holiday_server, 0).http
    this = staff.get("/api/holidays?year=2027").json()["holidays"]
    following = staff.get("/api/holidays?year=2028").json()["holidays"]
    assert this and following
    assert {h["source"] for h in this + following} == {"library"}
    kinds = {h["kind"] for h in this}
    assert kinds == {"nasional", "cuti_bersama"}
    names = {h["day"]: h["name"] for h in this}
    assert names["2027-01-01"] == "Tahun Baru Masehi" and "Kemerdekaan" in names["2027-08-17"]
    assert staff.get("/api/holidays?year=2029").json()["holidays"] == []


def test_when_the_library_cannot_answer_the_office_opens_with_an_empty_calendar_and_asks_again(
        tmp_path, clock, monkeypatch, caplog):
    # Given a machine where the child process that asks the holidays library cannot run
    monkeypatch.setattr(holiday_library, "PYTHON", str(tmp_path / "no-such-python"))
    calendar._library_year.cache_clear()  # other tests' years are remembered per process
    s = LiveServer(tmp_path / "data", clock=clock, overrides={"national_holidays": True}).start()
    try:
        # Then the server starts, the calendar is empty and the log says why
        staff = clerk(s, 0).http
        assert staff.get("/api/holidays?year=2027").json()["holidays"] == []
        assert any("national holidays of 2027 not filled" in r.getMessage() for r in caplog.records)
        # And Ibu Siti gets a number on what the library would have called a holiday
        assert citizen(s, 1, "Ibu Siti").takes_ticket("A").status_code == 201
    finally:
        s.stop()
    # When the server starts again where the library answers, the year is filled after all
    monkeypatch.undo()
    again = LiveServer(tmp_path / "data", clock=clock, overrides={"national_holidays": True}).start()
    try:
        days = clerk(again, 0).http.get("/api/holidays?year=2027").json()["holidays"]
        assert any(h["day"] == "2027-08-17" and h["source"] == "library" for h in days)
    finally:
        again.stop()


def test_only_the_admin_keeps_the_calendar(holiday_server):
    staff = clerk(holiday_server, 0).http
    r = staff.post("/api/admin/holidays", json={"day": "2027-09-01", "name": "Hari Jadi Kota", "kind": "lokal"})
    assert r.status_code == 403
    assert staff.post("/api/admin/holidays/import", content=b"2027-09-01,X,lokal",
                      headers={"content-type": "text/csv"}).status_code == 403


def test_a_good_csv_is_imported_whole_and_exported_as_it_reads(holiday_server):
    admin = holiday_server.admin()
    before = {h["day"] for h in admin.get("/api/holidays?year=2027").json()["holidays"]}
    assert "2027-09-01" not in before and "2027-10-04" not in before and "2027-08-17" in before
    csv_text = ("tanggal,nama,jenis\n"
                "2027-09-01,Hari Jadi Kota Demo,lokal\n"
                "2027-10-04,Cuti Bersama Daerah,cuti_bersama\n"
                "2027-08-17,Hari Kemerdekaan RI,nasional\n")      # already there: takes the file's name
    r = admin.post("/api/admin/holidays/import", content=csv_text.encode(), headers={"content-type": "text/csv"})
    assert r.status_code == 200, r.text
    assert r.json() == {"added": 2, "changed": 1}
    days = {h["day"]: h for h in admin.get("/api/holidays?year=2027").json()["holidays"]}
    assert days["2027-09-01"] == {"day": "2027-09-01", "name": "Hari Jadi Kota Demo", "kind": "lokal",
                                  "source": "import"}
    assert days["2027-08-17"]["name"] == "Hari Kemerdekaan RI"
    exported = admin.get("/api/holidays?year=2027&format=csv")
    assert exported.headers["content-type"].startswith("text/csv")
    lines = exported.text.splitlines()
    assert lines[0] == "tanggal,nama,jenis"
    assert "2027-09-01,Hari Jadi Kota Demo,lokal" in lines
    assert len(lines) == 1 + len(days)


@pytest.mark.parametrize("bad,line,words", [
    ("2027-09-01,Hari Jadi,lokal\n2027-13-01,Salah,lokal\n", 2, "tanggal \"2027-13-01\""),
    ("tanggal,nama,jenis\n2027-09-01,Hari Jadi,lokal\n2027-09-02,Libur,liburan\n", 3, "jenis \"liburan\""),
    ("2027-09-01,Hari Jadi\n", 1, "tiga kolom"),
    ("2027-09-01,,lokal\n", 1, "nama"),
    ("2027-09-01,A,lokal\n2027-09-01,B,lokal\n", 2, "sudah ada"),
])
def test_a_bad_line_is_named_and_nothing_is_imported(holiday_server, bad, line, words):
    admin = holiday_server.admin()
    before = admin.get("/api/holidays?year=2027").json()["holidays"]
    r = admin.post("/api/admin/holidays/import", content=bad.encode(), headers={"content-type": "text/csv"})
    assert r.status_code == 422
    body = r.json()
    assert body["code"] == "invalid_csv" and body["line"] == line
    assert body["message"].startswith(f"Baris {line}: ") and words in body["message"]
    assert body["message"].endswith("Tidak ada yang diimpor.")
    assert body["message_en"].startswith(f"Line {line}: ")
    assert admin.get("/api/holidays?year=2027").json()["holidays"] == before


def test_a_file_that_is_not_text_is_refused_politely(holiday_server):
    r = holiday_server.admin().post("/api/admin/holidays/import", content=b"\xff\xfe\x00bad",
                                    headers={"content-type": "text/csv"})
    assert r.status_code == 422 and r.json()["code"] == "invalid_csv"
    assert "UTF-8" in r.json()["message"]
