"""The kiosk on a holiday: the tiles say the office is closed, and a citizen who already stood at
the confirm step when the admin marked the day gets the server's sentence, no ticket and no print."""

from datetime import date, timedelta

import pytest

from kiosk.texts import t
from tests.kiosk.helpers import ticket_count
from tests.kiosk.test_controller import make, walk_to_confirm

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember")


@pytest.fixture
def kiosk(server, tmp_path):
    """The kiosk's controller (no screen) with a memory printer, against the demo office."""
    c, sched, printer, clock = make(server.url, server.creds["kiosk_key"], tmp_path)
    yield c, sched, printer, clock
    c.shutdown()


def test_a_kiosk_on_a_holiday_shows_why_and_prints_nothing(server, kiosk):
    c, sched, printer, clock = kiosk
    walk_to_confirm(c, sched)
    today = date.fromisoformat(server.client().get("/api/state").json()["office_day"])
    r = server.admin().post("/api/admin/holidays", json={"day": today.isoformat(), "name": "Hari Jadi Kota Demo",
                                                         "kind": "lokal"})
    assert r.status_code == 201, r.text
    c.print_ticket()
    sched.run_until(lambda: c.journey.step == "refused")
    refusal = c.journey.refusal
    assert refusal.code == "office_holiday"
    # The day the office opens again, counted here: the next weekday that is not a holiday.
    holidays = {h["day"] for y in (today.year, today.year + 1)
                for h in server.admin().get(f"/api/holidays?year={y}").json()["holidays"]}
    back = today + timedelta(days=1)
    while back.isoweekday() > 5 or back.isoformat() in holidays:
        back += timedelta(days=1)
    assert refusal.text("id").startswith("Hari ini libur: Hari Jadi Kota Demo. Kantor buka kembali ")
    assert refusal.text("id").endswith(f" {back.day} {MONTHS[back.month - 1]} {back.year}.")
    assert refusal.text("en").startswith("The office is closed today: Hari Jadi Kota Demo.")
    assert printer.output == [] and ticket_count(server) == 0

    # The tiles follow: every service closed for the holiday, in the kiosk's words.
    c.feed.poll()
    sched.run_until(lambda: c.feed.services and all(not s["available"] for s in c.feed.services))
    assert {s["unavailable_reason"] for s in c.feed.services} == {"office_holiday"}
    assert t("office_holiday", "id") == "Kantor libur hari ini"


@pytest.mark.parametrize("size_name", ["portrait", "landscape"])
def test_the_kiosk_screens_on_a_holiday_are_photographed_and_fit(server, open_kiosk, size_name):
    """Tiles marked "Kantor libur hari ini" (not choosable), and the refusal screen with the server's sentence."""
    from kiosk.devices.memory import MemoryPrinter
    from kiosk.ticket import PAPERS
    from tests.kiosk.conftest import SIZES
    from tests.kiosk.test_gui import assert_everything_fits, walk_to_confirm as walk_on_screen

    size = SIZES[size_name]
    prefix = f"kiosk-holiday-{size_name}-{size[0]}x{size[1]}"
    k = open_kiosk(server.url, server.creds["kiosk_key"], printer=MemoryPrinter(PAPERS[80]), size=size)
    walk_on_screen(k)                                         # a citizen already at the confirm step
    today = server.client().get("/api/state").json()["office_day"]
    assert server.admin().post("/api/admin/holidays", json={"day": today, "name": "Hari Jadi Kota Demo",
                                                            "kind": "lokal"}).status_code == 201
    k.tap(k.ids("confirm").print)
    k.wait_screen("refused")
    assert k.c.journey.refusal.code == "office_holiday"
    k.pump(3)
    k.shot(f"{prefix}-refused")
    assert_everything_fits(k)
    assert k.ids("refused").reason.text.startswith("Hari ini libur: Hari Jadi Kota Demo. Kantor buka kembali ")
    # Back at the start, the tiles say it before anyone types a NIK.
    j = k.c.journey
    j.reset()
    k.c.feed.poll()
    k.wait(lambda: k.c.feed.services and all(not s["available"] for s in k.c.feed.services))
    j.start()
    k.c.changed()
    k.wait(lambda: k.screen == "service" and k.ids("service").tiles.children)
    k.pump(3)
    tile = k.root.screen("service").tile("A")
    assert tile.disabled and "Kantor libur hari ini" in tile.text
    k.shot(f"{prefix}-tiles")
    assert_everything_fits(k)
