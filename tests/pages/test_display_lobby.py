"""The lobby display as the waiting room sees it, in Debian's Chromium against a real server.

Personas: the front-office clerk at Loket 1 (petugas1), the bansos clerk at Loket 3 (petugas3),
the technician (admin), and the TV on the wall, which has no mouse and nobody to click it.
"""

from __future__ import annotations

import pytest

from tests.pages.conftest import DISPLAY_SIZES, issue
from tests.pages.layout import layout_problems
from tests.pages.test_browser import open_display, played

# Chromium's own autoplay refusal is not deterministic headless: a browser started without
# --autoplay-policy answers like this until someone presses a key or clicks.
NO_AUTOPLAY = """
  const play = HTMLMediaElement.prototype.play;
  let allowed = false;
  for (const kind of ['click', 'keydown']) document.addEventListener(kind, () => { allowed = true; }, true);
  HTMLMediaElement.prototype.play = function () {
    return allowed ? play.call(this) : Promise.reject(new DOMException('no gesture', 'NotAllowedError'));
  };"""

THE_CALL = "#hero-number, #hero-counter, .hero-label"
WHAT_THE_LOBBY_READS = ("#hero-number, #hero-counter, .hero-label, .hero-note, .counter-name, .counter-ticket, "
                        ".recent-number, .recent-counter, .service-code, .service-name, .service-count, h2, "
                        "#office-name, #date, #time, #unlock, #offline, #sound")


def call_next(server, clerk: int) -> dict:
    r = server.staff(clerk).post(f"/api/counters/{server.creds['staff'][clerk]['counter']}/call-next")
    r.raise_for_status()
    return r.json()


def hero(display) -> str:
    return display.locator("#hero-number").inner_text()


def test_a_tv_without_autoplay_keeps_every_call_readable_and_tries_every_call(server, new_context, artifacts):
    # Given a TV whose browser was started without the kiosk flags
    ctx = new_context(viewport={"width": 1920, "height": 1080})
    ctx.add_init_script(NO_AUTOPLAY)
    display = ctx.new_page()
    display.goto(server.url + "/display")
    display.wait_for_function("window.antreDisplay.model.counters.length > 0")
    issue(server, "A")
    issue(server, "B")

    # When Loket 1 calls, then Loket 3 calls
    call_next(server, 0)
    display.wait_for_function("window.antreDisplay.log.some(e => e.kind === 'blocked')")
    call_next(server, 2)
    display.wait_for_function("window.antreDisplay.log.filter(e => e.kind === 'blocked').length === 2")

    # Then both calls were tried, none waits behind the refused one
    blocked = [e["url"] for e in display.evaluate("window.antreDisplay.log") if e["kind"] == "blocked"]
    assert blocked == ["/audio/call/A-001/1.wav", "/audio/call/B-001/3.wav"]
    assert display.evaluate("window.antreDisplay.queued()") == 0
    # and the call is on screen, uncovered, with a small notice in the header for the technician
    assert hero(display) == "B-001" and display.locator("#hero-counter").inner_text() == "Loket 3"
    notice = display.locator("#unlock")
    assert notice.is_visible() and "/pair" in notice.inner_text()
    box = notice.bounding_box()
    assert box["height"] < 1080 * 0.05 and box["y"] + box["height"] <= display.locator("header").bounding_box()["height"]
    for w, h in DISPLAY_SIZES:
        display.set_viewport_size({"width": w, "height": h})
        display.wait_for_timeout(100)
        assert layout_problems(display, WHAT_THE_LOBBY_READS) == [], (w, h)
        display.screenshot(path=str(artifacts / f"display-sound-blocked-{w}x{h}.png"))

    # When the technician presses a key on the remote, the call refused a moment ago is heard
    display.keyboard.press("Shift")
    display.wait_for_function("window.antreDisplay.log.some(e => e.kind === 'playing')")
    assert played(display) == ["/audio/call/B-001/3.wav"]
    notice.wait_for(state="hidden")


def add_services(server, codes: str) -> None:
    admin = server.admin()
    for code in codes:
        admin.post("/api/admin/services", json={
            "code": code, "name_id": f"Layanan Tambahan {code} untuk Warga", "name_en": f"Extra service {code}",
            "standard_minutes": 10}).raise_for_status()


def test_eight_services_fit_the_waiting_panel_and_a_closed_one_says_tutup(server, new_context, artifacts):
    # Given an office with eight kiosk services, its back-office step E and one service closed
    add_services(server, "FGHI")
    admin = server.admin()
    services = {s["code"]: s for s in server.client().get("/api/services").json()}
    assert len(services) == 9
    service_ids = {r["code"]: r["id"] for r in admin.get("/api/admin/services").json()}
    admin.put(f"/api/admin/services/{service_ids['C']}", json={"is_open": False}).raise_for_status()
    for code in "AABDF":
        issue(server, code)
    # and a citizen moved to the back office's step E, which the kiosk does not offer
    ticket = call_next(server, 0)
    server.staff(0).post(f"/api/tickets/{ticket['id']}/transfer",
                         json={"counter_id": server.creds["staff"][0]["counter"], "service": "E"}).raise_for_status()

    display = open_display(new_context, server.url, size=(1366, 768))
    display.click("#sound")
    display.wait_for_function("document.querySelectorAll('.service-row').length === 8")

    # Then E is not in the lobby's list, and C says Tutup instead of "0 orang"
    codes = [c.inner_text() for c in display.locator(".service-code").all()]
    assert codes == list("ABCDFGHI")
    assert display.locator('.service-row[data-service="C"] .service-count').inner_text() == "Tutup"
    assert display.locator('.service-row[data-service="A"] .service-count b').inner_text() == "1"
    # and every row is whole at every size
    for w, h in [(1366, 768), (1920, 1080)]:
        display.set_viewport_size({"width": w, "height": h})
        display.wait_for_timeout(150)
        assert layout_problems(display, ".service-row, .service-code, .service-count, h2") == [], (w, h)
        assert layout_problems(display, WHAT_THE_LOBBY_READS) == [], (w, h)
        display.screenshot(path=str(artifacts / f"display-eight-services-{w}x{h}.png"))


def test_five_services_fit_in_one_column_at_full_hd(server, new_context, artifacts):
    add_services(server, "F")
    display = open_display(new_context, server.url, size=(1920, 1080))
    display.wait_for_function("document.querySelectorAll('.service-row').length === 5")
    for w, h in DISPLAY_SIZES:
        display.set_viewport_size({"width": w, "height": h})
        display.wait_for_timeout(150)
        assert layout_problems(display, WHAT_THE_LOBBY_READS) == [], (w, h)
        display.screenshot(path=str(artifacts / f"display-five-services-{w}x{h}.png"))


@pytest.mark.parametrize("then", ["skip", "done"])
def test_the_big_panel_lets_a_call_go_once_it_is_over(server, new_context, artifacts, then):
    issue(server, "A")
    issue(server, "B")
    display = open_display(new_context, server.url)
    display.click("#sound")
    loket1, loket3 = server.creds["staff"][0]["counter"], server.creds["staff"][2]["counter"]

    # Loket 1 calls A-001, then Loket 3 calls B-001: the big panel shows the latest call
    a = call_next(server, 0)
    b = call_next(server, 2)
    display.wait_for_function("document.getElementById('hero-number').textContent === 'B-001'")

    # When Loket 3 is over with B-001 (skipped, or served and finished)
    if then == "done":
        server.staff(2).post(f"/api/tickets/{b['id']}/start", json={"counter_id": loket3}).raise_for_status()
    server.staff(2).post(f"/api/tickets/{b['id']}/{then}", json={"counter_id": loket3}).raise_for_status()
    # Then the panel shows the call that is still true: A-001 at Loket 1
    display.wait_for_function("document.getElementById('hero-number').textContent === 'A-001'")
    assert display.locator("#hero-counter").inner_text() == "Loket 1"

    # When Loket 1 goes on a break, no call is true any more: the panel says to wait
    server.staff(0).post(f"/api/counters/{loket1}/pause").raise_for_status()
    display.locator("#hero.idle").wait_for()
    assert not display.locator("#hero-number").is_visible()
    assert display.locator("#hero-note").inner_text() == "Silakan menunggu panggilan"
    # and the earlier calls are still listed below
    assert [r.inner_text() for r in display.locator(".recent-number").all()] == ["B-001", "A-001"]
    assert a["number"] == "A-001"
    # A display opened now (from the snapshot) agrees
    fresh = open_display(new_context, server.url)
    fresh.locator("#hero.idle").wait_for()
    display.screenshot(path=str(artifacts / f"display-after-{then}-1920x1080.png"))
