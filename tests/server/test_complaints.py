"""The complaint register, from the counter to the answer (UU 25/2009 Pasal 36-42, 50).

Petugas 1 records Ibu Siti's complaint at Loket 1 on her ticket; Petugas Loket 4
(the complaints desk, the demo's complaint officer) verifies it, acts on it,
answers and closes it; the head of office (a supervisor, not a complaint officer)
reads the register but never the name of a complainant who asked to stay
anonymous. Every look and every change is in the audit log.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from tests.live import Clock
from tests.personas import clerk

ZONE = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def complaint_officer(server):
    """Petugas Loket 4 at the complaints desk: the demo office's complaint officer."""
    return clerk(server, 3)


def walk_working_days(start: date, n: int, holidays: set) -> date:
    """The test's own count: step day by day, counting Monday-Friday that are not holidays."""
    day = start
    while n:
        day += timedelta(days=1)
        if day.isoweekday() <= 5 and day not in holidays:
            n -= 1
    return day


def office_holidays(client, year: int) -> set:
    return {date.fromisoformat(h["day"]) for y in (year, year + 1)
            for h in client.get(f"/api/holidays?year={y}").json()["holidays"]}


def test_a_complaint_from_the_counter_to_the_answer(server, siti, front_office, complaint_officer, supervisor):
    # Ibu Siti is at Loket 1 with her ticket and complains about the wait; she asks to stay anonymous.
    assert siti.takes_ticket("A").status_code == 201
    ticket = front_office.calls_next().json()
    r = front_office.http.post("/api/complaints", json={
        "channel": "counter", "category": "waktu", "ticket_id": ticket["id"],
        "description": "Sudah menunggu lama, nomor saya terlewat.",
        "complainant_name": "Ibu Siti", "complainant_contact": "0812 3456 7890", "confidential": True})
    assert r.status_code == 201, r.text
    case = r.json()
    today = date.fromisoformat(server.client().get("/api/state").json()["office_day"])
    assert case["code"] == f"PGD-{today.year}-0001"
    assert case["status"] == "diterima"

    # The deadline: the office's response days, counted here over weekends and the office's holidays.
    listing = complaint_officer.http.get("/api/complaints").json()
    expected = walk_working_days(today, listing["response_days"], office_holidays(supervisor, today.year))
    assert case["deadline"] == expected.isoformat()
    assert listing["complaint_officer"] is True
    assert [c["code"] for c in listing["complaints"]] == [case["code"]]

    # The clerk may record but not read the register.
    assert front_office.http.get("/api/complaints").status_code == 403
    assert front_office.http.get(f"/api/complaints/{case['id']}").status_code == 403

    # The head of office reads the case, not who complained.
    seen = supervisor.get(f"/api/complaints/{case['id']}").json()
    assert seen["identity_hidden"] is True
    assert seen["complainant_name"] == seen["complainant_contact"] == "Dirahasiakan"
    assert seen["service"] == "A" and seen["ticket"]["number"] == ticket["number"]
    assert "Ibu Siti" not in supervisor.get("/api/complaints").text

    # The complaint officer sees her, takes the case and verifies it.
    officer_view = complaint_officer.http.get(f"/api/complaints/{case['id']}").json()
    assert officer_view["complainant_name"] == "Ibu Siti"
    assert officer_view["complainant_contact"] == "0812 3456 7890"
    # Not verified without writing down what was checked.
    r = complaint_officer.http.patch(f"/api/complaints/{case['id']}", json={"status": "diverifikasi"})
    assert r.status_code == 422 and r.json()["code"] == "complaint_incomplete"
    r = complaint_officer.http.patch(f"/api/complaints/{case['id']}", json={
        "assigned_to": complaint_officer.username, "status": "diverifikasi",
        "verification": "Log antrean dicek: nomor A-001 dilewati saat petugas berganti."})
    assert r.status_code == 200, r.text
    assert r.json()["assigned_to"]["username"] == complaint_officer.username
    r = complaint_officer.http.patch(f"/api/complaints/{case['id']}", json={"status": "ditindaklanjuti"})
    assert r.json()["status"] == "ditindaklanjuti"
    # Back is not a direction a case goes.
    r = complaint_officer.http.patch(f"/api/complaints/{case['id']}", json={"status": "diverifikasi"})
    assert r.status_code == 409 and r.json()["code"] == "complaint_status_backwards"
    assert r.json()["message"].startswith("Status pengaduan hanya bisa maju")
    # Not closed without an answer to the complainant.
    r = complaint_officer.http.patch(f"/api/complaints/{case['id']}", json={"status": "selesai"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "response"
    r = complaint_officer.http.patch(f"/api/complaints/{case['id']}", json={
        "response": "Mohon maaf. Petugas diingatkan untuk memanggil ulang nomor yang terlewat.",
        "status": "selesai"})
    closed = r.json()
    assert closed["status"] == "selesai" and closed["closed_at"] and closed["responded_at"]
    assert closed["overdue"] is False
    # A closed case stays closed.
    assert complaint_officer.http.patch(f"/api/complaints/{case['id']}",
                                        json={"response": "lain"}).status_code == 409

    # The month's summary counts it, closed within its deadline; no names in it.
    month = f"{today:%Y-%m}"
    summary = supervisor.get(f"/api/complaints/summary?from={month}-01&to={today.isoformat()}").json()
    assert summary["received"] == 1 and summary["closed"] == 1 and summary["closed_within_deadline"] == 1
    assert summary["by_channel"]["counter"] == 1 and summary["by_category"]["waktu"] == 1
    assert summary["by_status"]["selesai"] == 1 and summary["overdue_open"] == 0
    assert front_office.http.get(f"/api/complaints/summary?from={month}-01&to={today}").status_code == 403

    # The audit log has every look and every change, with who did it.
    audit = [a for a in supervisor.get("/api/audit?limit=200").json()
             if a["action"].startswith("complaint") and (a["detail"] or {}).get("code") == case["code"]]
    by = [(a["actor"], a["action"]) for a in reversed(audit)]
    officer, clerk1 = f"user:{complaint_officer.username}", f"user:{front_office.username}"
    assert by[0] == (clerk1, "complaint.recorded")
    assert ("user:kepala", "complaint.viewed") in by
    changes = [a["detail"] for a in reversed(audit) if a["action"] == "complaint.changed"]
    # Three changes went through (the refused ones changed nothing and left no row).
    assert [c["status"] for c in changes] == ["diverifikasi", "ditindaklanjuti", "selesai"]
    assert changes[0]["fields"] == ["assigned_to", "status", "verification"]
    assert changes[2]["fields"] == ["response", "status"]
    assert by.count((officer, "complaint.changed")) == 3
    viewed = [a for a in audit if a["action"] == "complaint.viewed"]
    assert {a["detail"]["identity_shown"] for a in viewed if a["actor"] == "user:kepala"} == {False}
    assert {a["detail"]["identity_shown"] for a in viewed if a["actor"] == officer} == {True}
    assert "Ibu Siti" not in str(audit) and "0812" not in str(audit)


def test_a_case_past_its_deadline_is_marked_overdue_and_listed_first(server, complaint_officer, supervisor):
    new = complaint_officer.http.post("/api/complaints", json={
        "channel": "whatsapp", "category": "bansos", "description": "BPNT belum cair tiga bulan."}).json()
    other = complaint_officer.http.post("/api/complaints", json={
        "channel": "letter", "category": "sarana", "description": "Kursi ruang tunggu kurang."}).json()
    # A case whose deadline passed (written behind the use cases' back, as time would do).
    server.sql(sa.text("UPDATE complaints SET deadline = '2020-01-02' WHERE id = :id").bindparams(id=other["id"]))
    listing = supervisor.get("/api/complaints").json()["complaints"]
    assert [c["code"] for c in listing] == [other["code"], new["code"]]
    assert [c["overdue"] for c in listing] == [True, False]
    assert [c["code"] for c in supervisor.get("/api/complaints?overdue=true").json()["complaints"]] == [other["code"]]
    day = server.client().get("/api/state").json()["office_day"]
    summary = supervisor.get(f"/api/complaints/summary?from={day}&to={day}").json()
    assert summary["received"] == 2 and summary["overdue_open"] == 1


def test_a_recorded_complaint_needs_its_channel_category_and_description(server, front_office):
    r = front_office.http.post("/api/complaints", json={"channel": "counter", "category": "nope",
                                                          "description": "  "})
    assert r.status_code == 422
    body = r.json()
    assert body["code"] == "invalid_field"
    assert {e["field"] for e in body["errors"]} == {"category", "description"}
    assert all(e["message"] and e["message_en"] for e in body["errors"])


# -- the deadline over a weekend and a holiday, on a known calendar -------------------------------

FRIDAY = datetime(2027, 8, 13, 9, 0, tzinfo=ZONE)    # Friday 13 August 2027


@pytest.fixture
def clock():
    return Clock(FRIDAY.timestamp())


def test_the_deadline_skips_the_weekend_and_the_holidays(holiday_server):
    s = holiday_server
    admin = s.admin()
    # Tuesday 17 August 2027 comes from the library; the office adds its own Monday 16 August.
    national = {h["day"]: h for h in admin.get("/api/holidays?year=2027").json()["holidays"]}
    assert national["2027-08-17"]["kind"] == "nasional" and national["2027-08-17"]["source"] == "library"
    assert "2027-08-18" not in national and "2027-08-19" not in national
    r = admin.post("/api/admin/holidays", json={"day": "2027-08-16", "name": "Hari Jadi Kota", "kind": "lokal"})
    assert r.status_code == 201, r.text
    assert admin.put("/api/admin/office", json={"complaint_response_days": 2}).status_code == 200
    clerk4 = clerk(s, 3)
    case = clerk4.http.post("/api/complaints", json={"channel": "letter", "category": "data",
                                                     "description": "Nama salah di DTKS."}).json()
    # Friday 13 -> Saturday, Sunday, Monday 16 (office), Tuesday 17 (national): Wednesday 18 is day 1,
    # Thursday 19 day 2.
    assert case["deadline"] == "2027-08-19"
    assert case["code"] == "PGD-2027-0001"


def test_the_register_page_asks_a_stranger_to_log_in_first(server):
    r = server.client().get("/pengaduan?ticket=1", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?next=%2Fpengaduan%3Fticket%3D1"
    assert server.client().get("/api/complaints").status_code == 401
    assert server.client().post("/api/complaints", json={}).status_code == 401
