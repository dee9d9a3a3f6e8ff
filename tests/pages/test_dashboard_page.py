"""The head of office's screen (/kepala) in Chromium: live, raising what needs the head, readable on
a wall screen from across the room and on a phone, in Indonesian and English.

Personas: Kepala (the supervisor) with the screen on the wall of her room and on her phone;
petugas1 at Loket 1 and petugas3 at Loket 3; Ibu Siti, Pak Joko and others at the kiosk. The
office is on Wednesday 25 November 2026 at 10:00 in Jakarta; the server's clock is moved forward
and the page's clock follows it (Playwright's clock), as a real PC's would.
"""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from server.storage.schema import complaints, services, survey_responses
from tests.live import Clock, LiveServer
from tests.pages.conftest import PHONE_SIZE, login
from tests.pages.layout import layout_problems
from tests.pages.leftovers import indonesian_left, untranslated_html
from tests.pages.test_staff_english import set_language
from tests.personas import citizen, clerk
from tests.server.test_dashboard import JAKARTA, TODAY, history

WALL = [{"width": 1920, "height": 1080}, {"width": 1366, "height": 768}]
TABLET = [{"width": 800, "height": 1280}, {"width": 1280, "height": 800}]
TEXTS = ["/pages/dashboard-texts.js"]
READ = ("header.top *, .alert-title, .alert-item, .alert-more, .panel h2, .svc-code, .svc-name, .svc-waiting, "
        ".svc-wait, .ct-name, .pill, .ct-clerk, .ct-ticket, .fig-label, .fig-value, .fig-usual, .fig-note, "
        ".big-value, .big-label, .grade, .fig-link, .progress")


@pytest.fixture
def office(tmp_path):
    clock = Clock()
    clock.advance(dt.datetime(2026, 11, 25, 10, 0, tzinfo=JAKARTA).timestamp() - clock())
    server = LiveServer(tmp_path / "data", clock=clock, overrides={"timezone": "Asia/Jakarta"}).start()
    server.clock_ = clock
    yield server
    server.stop()


def open_dashboard(new_context, server, who: dict, size: dict, *, clock: bool = False):
    ctx = new_context(viewport=size)
    login(ctx, server, who)
    page = ctx.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    if clock:
        page.clock.install()
    page.goto(server.url + "/kepala")
    page.js_errors = errors
    return page


def ready(page) -> None:
    page.wait_for_function("window.antreDashboard && window.antreDashboard.ready && window.antreDashboard.slow !== null")


def waiting_of(page, code: str) -> str:
    return page.locator(f'.service[data-code="{code}"] .svc-waiting').inner_text()


def test_kepala_sees_the_queue_move_live_and_is_raised_about_late_citizens_and_long_breaks(
        office, new_context, artifacts):
    head = office.creds["supervisor"]
    standard = next(s for s in office.client().get("/api/services").json() if s["code"] == "A")["standard_minutes"]
    page = open_dashboard(new_context, office, head, WALL[0], clock=True)
    ready(page)
    assert waiting_of(page, "A") == "0"
    assert page.locator("#alerts").is_hidden()

    # Ibu Siti takes a number at the kiosk: it is on the wall without a reload.
    reads = page.evaluate("window.antreDashboard.reads")
    siti = citizen(office, 1, "Ibu Siti").takes_ticket("A").json()
    page.wait_for_function("document.querySelector('.service[data-code=\"A\"] .svc-waiting').textContent === '1'")
    assert page.evaluate("window.antreDashboard.reads") > reads
    assert page.locator("#today .issued .fig-value").inner_text() == "1"     # today's count moves with it

    # Petugas 1 opens Loket 1 and calls her; petugas 3 opens Loket 3 and goes on a break.
    petugas1, petugas3 = clerk(office, 0), clerk(office, 2)
    assert petugas1.calls_next().status_code == 200
    loket1 = page.locator(f'.counter-row[data-counter="{petugas1.counter_id}"]')
    loket1.locator(".ct-ticket").get_by_text(siti["number"]).wait_for()
    assert loket1.locator(".pill").inner_text() == "Buka"
    assert petugas3.sets_counter("open").status_code == 200
    assert petugas3.sets_counter("pause").status_code == 200
    page.locator(f'.counter-row[data-counter="{petugas3.counter_id}"] .pill').get_by_text("Istirahat").wait_for()

    # Pak Joko comes; time passes past A's standard and past the 20-minute break, with no event.
    joko = citizen(office, 2, "Pak Joko").takes_ticket("A").json()
    page.wait_for_function("document.querySelector('.service[data-code=\"A\"] .svc-waiting').textContent === '1'")
    office.clock_.advance(max(standard + 1, 21) * 60)
    page.clock.run_for(21_000)
    late = page.locator(f'#alerts-late .alert-item[data-number="{joko["number"]}"]')
    late.wait_for()
    waited = max(standard + 1, 21)
    assert late.inner_text() == f"{joko['number']} \u00b7 {waited} mnt"
    assert late.get_attribute("title") == f"standar {standard} mnt"
    page.locator(f'#alerts-paused .alert-item[data-counter="{petugas3.counter_id}"]').wait_for()
    assert page.locator('.service[data-code="A"]').get_attribute("class").split().count("over") == 1
    page.screenshot(path=str(artifacts / "dashboard-alerts-1920x1080.png"))
    assert layout_problems(page, READ) == []
    assert not page.js_errors


def _busy_office(server) -> None:
    """A morning worth showing: people waiting, counters at work, history, survey answers, complaints."""
    history(server, [(TODAY - dt.timedelta(weeks=k), (8, m), (8, m + 9 + k)) for k in (1, 2, 3) for m in range(0, 45, 7)])
    for i in range(1, 9):
        citizen(server, i).takes_ticket("ABCD"[i % 4])
    first, third = clerk(server, 0), clerk(server, 2)
    first.calls_next()
    third.sets_counter("open")
    third.sets_counter("pause")
    with server.ctx.db.read() as conn:
        a = conn.execute(sa.select(services.c.id).where(services.c.code == "A")).scalar_one()
    server.sql(*[survey_responses.insert().values(service_id=a, office_day="2026-11-1" + str(d), at=server.clock_(),
                                                  channel="phone", **{f"q{i}": 3 + (i + d) % 2 for i in range(1, 10)})
                 for d in range(8)],
               complaints.insert().values(code="P-1", channel="counter", received_at=server.clock_(),
                                          office_day="2026-11-10", category="waktu", description="uji",
                                          status="diterima", deadline="2026-11-20", created_by="kepala",
                                          updated_at=server.clock_()))
    server.clock_.advance(25 * 60)   # some are past the standard now, and the break is long


def _looks_right(page, artifacts, name: str, size: dict, *, scrolls: bool) -> None:
    ready(page)
    page.wait_for_function("document.querySelectorAll('.alert-item').length > 0")
    page.screenshot(path=str(artifacts / f"dashboard-{name}-{size['width']}x{size['height']}.png"), full_page=scrolls)
    assert layout_problems(page, READ) == [], name
    high = page.evaluate("document.documentElement.scrollHeight")
    if not scrolls:
        assert high <= size["height"], f"the wall screen scrolls ({high} > {size['height']})"
    assert not page.js_errors


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_screen_reads_on_the_wall_on_a_tablet_and_on_a_phone(office, new_context, artifacts, language):
    head = office.creds["supervisor"]
    set_language(office, head["username"], language)
    _busy_office(office)
    office_data = tuple(s["name"] for s in office.client().get("/api/services").json())
    for size in WALL + TABLET + [PHONE_SIZE]:
        page = open_dashboard(new_context, office, head, size)
        wall = size in WALL or size == TABLET[1]
        _looks_right(page, artifacts, f"{language}", size, scrolls=not wall)
        if language == "en":
            assert indonesian_left(page, TEXTS, office_data) == []
            assert page.locator("#skm .grade").inner_text().endswith(("Very good", "Good", "Fair", "Poor"))
        else:
            assert page.locator("#complaints .big-value").inner_text() == "1"
            # Every element answered 3 by half and 4 by half: NRR 3.5, score 3.5 x 25 with the
            # regulation's two decimals.
            assert page.locator("#skm .big-value").inner_text() == "87,50"
        page.context.close()


def test_a_clerk_meets_a_polite_refusal_and_the_logged_out_the_login(office, new_context):
    page = open_dashboard(new_context, office, office.creds["staff"][0], PHONE_SIZE)
    page.locator("#refused").get_by_text("Khusus kepala kantor").wait_for()
    assert page.locator("#board").is_hidden()
    stranger = new_context(viewport=PHONE_SIZE).new_page()
    stranger.goto(office.url + "/kepala")
    assert "/login?next=/kepala" in stranger.url


def test_every_sentence_written_in_the_dashboard_html_is_replaced_in_english():
    from pathlib import Path
    html = Path(__file__).resolve().parents[2] / "server" / "pages" / "dashboard.html"
    assert untranslated_html(html, {"Antre"}) == []


def test_the_head_reaches_her_screen_from_the_staff_page_and_a_clerk_sees_no_link(office, new_context, artifacts):
    from tests.pages.conftest import STAFF_SIZE, open_staff
    page = open_staff(new_context, office, office.creds["supervisor"])
    link = page.locator("#to-kepala")
    link.wait_for()
    page.screenshot(path=str(artifacts / "staff-overview-kepala-link-1366x768.png"))
    assert layout_problems(page, "#overview h2 span, #to-kepala") == []
    link.click()
    page.wait_for_url("**/kepala")
    ready(page)
    clerk_page = open_staff(new_context, office, office.creds["staff"][0], size=STAFF_SIZE)
    assert clerk_page.locator("#to-kepala").is_hidden()


def test_left_on_the_wall_it_comes_back_by_itself_after_the_server_was_away(tmp_path, new_context):
    clock = Clock()
    first = LiveServer(tmp_path / "data", clock=clock).start()
    page = open_dashboard(new_context, first, first.creds["supervisor"], WALL[1])
    ready(page)
    page.locator("#live").get_by_text("Langsung").wait_for()
    first.stop()                                           # a power cut in the server room
    page.locator("#live").get_by_text("Terputus, menyambung lagi\u2026").wait_for(timeout=15000)
    again = LiveServer(tmp_path / "data", clock=clock, port=first.port).start()
    try:
        citizen(again, 1, "Ibu Siti").takes_ticket("A")
        page.locator("#live").get_by_text("Langsung").wait_for(timeout=30000)
        page.wait_for_function("document.querySelector('.service[data-code=\"A\"] .svc-waiting').textContent === '1'",
                               timeout=30000)
        assert not page.js_errors
    finally:
        again.stop()


def test_a_big_office_still_fits_the_wall_screen(office, new_context, artifacts):
    """Eight services and ten counters, every one busy, on the smaller wall screen."""
    from server.storage.schema import counters
    office.sql(*[services.insert().values(code=code, name_id=f"Layanan {code} dengan nama yang cukup panjang",
                                          name_en=f"Service {code}", standard_minutes=15, position=10 + i,
                                          is_open=True, kiosk_visible=True)
                 for i, code in enumerate("FGH")],
               *[counters.insert().values(name=f"Loket {n}", role="front_office", state="paused", position=n,
                                          priority_streak=0) for n in range(5, 11)])
    for i in range(1, 17):
        citizen(office, i).takes_ticket("ABCD"[i % 4])
    size = WALL[1]
    page = open_dashboard(new_context, office, office.creds["supervisor"], size)
    ready(page)
    assert page.locator(".service").count() == 8 and page.locator(".counter-row").count() == 10
    page.screenshot(path=str(artifacts / "dashboard-big-office-1366x768.png"))
    assert layout_problems(page, READ) == []
    assert page.evaluate("document.documentElement.scrollHeight") <= size["height"]
