"""Bookings over HTTP: Ibu Siti books tomorrow 09:00 for A, is reminded, checks in and queues at her slot's place.

The office's clock is the test's: Monday 7 December 2026, 10:00 in Jakarta; the
demo office takes bookings for A and D, Monday to Friday, 4 per hour for A.
"""

import datetime as dt
import time
import uuid
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from server.storage.schema import outbox
from tests.live import Clock, LiveServer
from tests.server.helpers import nik_for

JAKARTA = ZoneInfo("Asia/Jakarta")
MONDAY = dt.date(2026, 12, 7)
TUESDAY = MONDAY + dt.timedelta(days=1)


def at(clock: Clock, day: dt.date, hour: int, minute: int = 0) -> None:
    clock.offset = 0
    clock.advance(dt.datetime.combine(day, dt.time(hour, minute), JAKARTA).timestamp() - clock())


@pytest.fixture
def office(tmp_path, whatsapp, smtp):
    """The demo office on the test's clock, its messages going to the WhatsApp and SMTP stand-ins."""
    clock = Clock()
    at(clock, MONDAY, 10)
    s = LiveServer(tmp_path / "data", clock=clock, overrides={
        "timezone": "Asia/Jakarta", "housekeeping_seconds": 0.2, "notify_poll_seconds": 0.2, **whatsapp.settings(),
        "smtp_host": "127.0.0.1", "smtp_port": smtp.port, "smtp_from": "antre@dinsos.example"}).start()
    s.clock, s.whatsapp, s.smtp = clock, whatsapp, smtp
    yield s
    s.stop()


def book(server, i, day=TUESDAY, hour=9, service="A", **extra):
    body = {"service": service, "nik": nik_for(i), "date": day.isoformat(), "slot": hour,
            "request_id": str(uuid.uuid4()), **extra}
    return server.client().post("/api/remote-tickets", json=body)


def walk_in(server, i, service="A"):
    r = server.kiosk().post("/api/tickets", json={"service": service, "nik": nik_for(i),
                                                  "request_id": str(uuid.uuid4())})
    assert r.status_code == 201, r.text
    return r.json()


def check_in(server, code):
    return server.kiosk().post("/api/kiosk/check-in", json={"code": code, "request_id": str(uuid.uuid4())})


def messages(server, template):
    with server.ctx.db.read() as conn:
        return conn.execute(sa.select(outbox).where(outbox.c.template == template)).all()


def wait_for(predicate, timeout=10.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def slot(server, day, hour, service="A"):
    r = server.client().get("/api/slots", params={"service": service, "date": day.isoformat()})
    assert r.status_code == 200, r.text
    return next(s for s in r.json()["slots"] if s["hour"] == hour)


def test_siti_books_tomorrow_is_reminded_and_checks_in_at_her_slots_place(office):
    before = slot(office, TUESDAY, 9)
    r = book(office, 1, phone="0812-3456-7890", email="siti@example.org")
    assert r.status_code == 201, r.text
    booking = r.json()
    code = booking["booking_code"]
    assert len(code) == 8 and booking["status"] == "booked" and booking["status_url"].endswith("/b/" + code)
    assert booking["when_words"] == "Selasa, 8 Desember 2026 pukul 09.00"
    assert slot(office, TUESDAY, 9)["remaining"] == before["remaining"] - 1
    made = messages(office, "booking_made")
    assert len(made) == 2  # one per contact
    assert all(nik_for(1) not in str(m.params) for m in made)
    assert wait_for(lambda: len(office.whatsapp.texts()) == 1)
    [(to, text)] = office.whatsapp.texts()
    assert to.endswith("81234567890") and booking["code_shown"] in text and "pukul 09.00" in text
    [mail] = office.smtp.wait_for(1)
    assert mail["To"] == "siti@example.org" and booking["status_url"] in mail.get_content()

    # The eve reminder from 16:00, once; the morning one from 07:00, once.
    at(office.clock, MONDAY, 16, 5)
    assert wait_for(lambda: len(messages(office, "booking_reminder")) == 2)
    at(office.clock, TUESDAY, 7, 5)
    assert wait_for(lambda: len(messages(office, "booking_reminder")) == 4)
    time.sleep(0.5)
    assert len(messages(office, "booking_reminder")) == 4
    assert wait_for(lambda: len(office.whatsapp.texts()) == 3)
    assert all(text.startswith("Pengingat") for _, text in office.whatsapp.texts()[1:])

    # Tuesday: a walk-in at 08:20 and one at 08:40; she checks in at 08:50 for 09:00.
    at(office.clock, TUESDAY, 8, 20)
    early = walk_in(office, 3)
    at(office.clock, TUESDAY, 8, 40)
    later = walk_in(office, 4)
    at(office.clock, TUESDAY, 8, 50)
    r = check_in(office, booking["status_url"])
    assert r.status_code == 200, r.text
    siti = r.json()
    assert siti["checked_in"] is True and siti["late"] is False and siti["status"] == "waiting"
    assert siti["slot"] == 9  # the kiosk prints "Jadwal 09.00"
    assert siti["number"].startswith("A-")
    # Her slot's place: behind the one who came at 08:20, ahead of the one who came at 08:40.
    clerk = office.staff(0)
    counter = office.creds["staff"][0]["counter"]
    clerk.post(f"/api/counters/{counter}/open")
    order = []
    for _ in range(3):
        called = clerk.post(f"/api/counters/{counter}/call-next").json()
        order.append(called["number"])
        clerk.post(f"/api/tickets/{called['id']}/done", json={"counter_id": counter})
    assert order == [early["number"], siti["number"], later["number"]]
    again = check_in(office, code)
    assert again.status_code == 409 and again.json()["code"] == "already_checked_in"


def test_a_late_booking_joins_as_a_walk_in_and_a_no_show_releases_its_slot(office):
    late = book(office, 2).json()
    absent = book(office, 5, hour=10).json()
    at(office.clock, TUESDAY, 8, 0)
    first = walk_in(office, 3)
    at(office.clock, TUESDAY, 9, 10)
    second = walk_in(office, 4)
    at(office.clock, TUESDAY, 9, 20)  # 09:00 + 15 minutes has passed
    r = check_in(office, late["booking_code"])
    assert r.status_code == 200 and r.json()["late"] is True
    assert r.json()["ahead"] == 2  # behind both walk-ins: from the back
    assert {first["number"], second["number"]}.isdisjoint({r.json()["number"]})

    # Wednesday: the 10:00 booking was never checked in.
    at(office.clock, TUESDAY + dt.timedelta(days=1), 8, 0)
    walk_in(office, 6)  # the day rolls over
    seen = office.client().get(f"/api/bookings/{absent['booking_code']}").json()
    assert seen["status"] == "no_show"
    assert slot(office, TUESDAY, 10)["remaining"] == slot(office, TUESDAY, 10)["capacity"]


def test_see_move_and_cancel_a_booking(office):
    booking = book(office, 1).json()
    code = booking["code_shown"]
    seen = office.client().get(f"/api/bookings/{code}").json()
    assert seen["date"] == TUESDAY.isoformat() and seen["slot"] == 9 and "nik" not in seen
    thursday = MONDAY + dt.timedelta(days=3)
    moved = office.client().post(f"/api/bookings/{code}/move", json={"date": thursday.isoformat(), "slot": 13})
    assert moved.status_code == 200, moved.text
    assert moved.json()["date"] == thursday.isoformat() and moved.json()["slot"] == 13
    assert slot(office, TUESDAY, 9)["remaining"] == slot(office, TUESDAY, 9)["capacity"]
    cancelled = office.client().post(f"/api/bookings/{code}/cancel")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert slot(office, thursday, 13)["remaining"] == slot(office, thursday, 13)["capacity"]
    r = check_in(office, booking["booking_code"])
    assert r.status_code == 409 and r.json()["code"] == "booking_cancelled"


def test_a_full_slot_a_weekend_a_holiday_and_today_are_refused(office):
    capacity = slot(office, TUESDAY, 11)["capacity"]
    for i in range(capacity):
        assert book(office, 10 + i, hour=11).status_code == 201
    full = book(office, 30, hour=11)
    assert full.status_code == 409 and full.json()["code"] == "slot_full"
    saturday = MONDAY + dt.timedelta(days=5)
    assert book(office, 31, day=saturday).json()["code"] == "office_holiday"
    admin = office.admin()
    wednesday = MONDAY + dt.timedelta(days=2)
    r = admin.post("/api/admin/holidays", json={"day": wednesday.isoformat(), "name": "Hari Jadi Kota",
                                                   "kind": "lokal"})
    assert r.status_code in (200, 201), r.text
    closed = office.client().get("/api/slots", params={"service": "A", "date": wednesday.isoformat()}).json()
    assert closed["slots"] == [] and closed["holiday"] == "Hari Jadi Kota"
    holiday = book(office, 32, day=wednesday)
    assert holiday.status_code == 409 and holiday.json()["code"] == "office_holiday"
    same_nik = book(office, 10, hour=13)
    assert same_nik.status_code == 409 and same_nik.json()["code"] == "already_has_booking"
    too_far = book(office, 33, day=MONDAY + dt.timedelta(days=21))
    assert too_far.status_code == 422 and too_far.json()["code"] == "invalid_slot"


def test_a_booking_checked_in_on_another_day_is_refused(office):
    booking = book(office, 1).json()
    r = check_in(office, booking["booking_code"])
    assert r.status_code == 409 and r.json()["code"] == "booking_other_day"


def test_a_bookings_nik_and_contacts_go_with_the_retention_period(office):
    from server.storage.schema import bookings
    booking = book(office, 1, phone="0812-3456-7890", email="siti@example.org").json()
    retention = office.client().get("/api/state").json()["nik_retention_days"]
    at(office.clock, MONDAY + dt.timedelta(days=retention + 2), 8)
    walk_in(office, 9)  # the first write of the day runs the day keeper and its purge
    with office.ctx.db.read() as conn:
        row = conn.execute(sa.select(bookings).where(bookings.c.code == booking["booking_code"])).one()
    assert (row.nik, row.phone, row.email) == (None, None, None)
