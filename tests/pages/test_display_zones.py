"""Two waiting rooms: the technician gives the upstairs TV its room and its language on /admin,
and the TV shows and speaks only that room's calls (real server, Chromium).

Personas: Pak Budi the technician (admin), the front-office clerk downstairs at Loket 1, the
bansos clerk upstairs at Loket 3, the TV upstairs.
"""

from __future__ import annotations

from tests.pages.conftest import DISPLAY_SIZES, issue, open_admin
from tests.pages.layout import layout_problems
from tests.pages.test_admin_browser import device_row
from tests.pages.test_display_lobby import WHAT_THE_LOBBY_READS, call_next


def pair_tv_in_browser(new_context, server, code: str, size=DISPLAY_SIZES[0]):
    page = new_context(viewport={"width": size[0], "height": size[1]}).new_page()
    page.goto(f"{server.url}/pair?code={code}")
    page.click("#submit")
    page.wait_for_url("**/display", timeout=10000)
    page.wait_for_function("window.antreDisplay && window.antreDisplay.device !== null")
    return page


def test_technician_puts_the_upstairs_tv_in_its_room_and_in_english(server, technician, new_context, artifacts):
    loket3, loket4 = server.creds["staff"][2]["counter"], server.creds["staff"][3]["counter"]
    tv = technician.post("/api/admin/devices", json={"kind": "display", "name": "TV Lantai 2"}).json()
    upstairs = pair_tv_in_browser(new_context, server, tv["pairing_code"])
    upstairs.click("#sound")  # keeps the log to what matters below: nothing queued for downstairs

    # Pak Budi defines the upstairs room on /admin: Loket 3 and Loket 4
    admin = open_admin(new_context, server, "devices")
    admin.click("#zone-add")
    admin.click("#zone-save")                       # no name yet: told so, nothing saved
    admin.locator("#zone-form .field-error").get_by_text("Nama zona wajib diisi").wait_for()
    assert layout_problems(admin, "#zone-dialog h2, #zone-dialog label, #zone-dialog .field-error, #zone-dialog button") == []
    admin.screenshot(path=str(artifacts / "admin-zone-dialog-1366x768.png"))
    admin.fill("#zn-name", "Lantai 2")
    admin.locator("#zn-counters label", has_text="Loket 3").locator("input").check()
    admin.locator("#zn-counters label", has_text="Loket 4").locator("input").check()
    admin.click("#zone-save")
    admin.locator("#zone-rows tr", has_text="Lantai 2").get_by_text("B, C").wait_for()

    # and sets the TV to that room, in English
    row = device_row(admin, tv["id"])
    row.locator("select.dev-zone").select_option(label="Lantai 2")
    admin.locator("#toast").get_by_text("TV Lantai 2: Lantai 2").wait_for()
    row = device_row(admin, tv["id"])
    row.locator("select.dev-lang").select_option("en")
    admin.wait_for_function(f"window.antreAdmin.devices.find(d => d.id === {tv['id']}).language === 'en'")
    assert layout_problems(admin, "#zone-panel td, #zone-panel h2, #dev-rows td .strong, .dev-settings select") == []
    admin.screenshot(path=str(artifacts / "admin-devices-zones-1366x768.png"), full_page=True)
    assert admin.js_errors == []

    # The TV takes its settings from its next heartbeat, without a visit
    upstairs.evaluate("window.antreDisplay.heartbeatNow()")
    upstairs.wait_for_function("window.antreDisplay.model.zone && window.antreDisplay.model.zone.name === 'Lantai 2'")
    assert upstairs.evaluate("window.antreDisplay.model.counters.map(c => c.id)") == [loket3, loket4]
    assert upstairs.evaluate("window.antreDisplay.model.services.map(s => s.code)") == ["B", "C"]
    upstairs.locator("h2", has_text="Now serving").wait_for()
    assert upstairs.locator(".hero-note").inner_text() == "Please wait to be called"
    assert "Lantai 2" in upstairs.locator("#office-address").inner_text()

    # When Loket 1 downstairs calls, the upstairs TV stays quiet
    issue(server, "A")
    issue(server, "B")
    downstairs_call = call_next(server, 0)
    # and when Loket 3 upstairs calls, it shows that call
    upstairs_call = call_next(server, 2)
    upstairs.wait_for_function(f"document.getElementById('hero-number').textContent === '{upstairs_call['number']}'")
    assert upstairs.locator("#hero-counter").inner_text() == "Loket 3"
    log = upstairs.evaluate("window.antreDisplay.log")
    assert [e["url"] for e in log if e["kind"] == "silenced"] == [f"/audio/call/{upstairs_call['number']}/{loket3}.wav"]
    assert downstairs_call["number"] not in upstairs.locator("main").inner_text()
    for w, h in DISPLAY_SIZES:
        upstairs.set_viewport_size({"width": w, "height": h})
        upstairs.wait_for_timeout(150)
        assert layout_problems(upstairs, WHAT_THE_LOBBY_READS) == [], (w, h)
        upstairs.screenshot(path=str(artifacts / f"display-zone-en-{w}x{h}.png"))

    # A TV opened with ?zone= in its address (not paired) shows the same room
    by_address = new_context(viewport={"width": 1366, "height": 768}).new_page()
    zone_id = upstairs.evaluate("window.antreDisplay.model.zone.id")
    by_address.goto(f"{server.url}/display?zone={zone_id}")
    by_address.wait_for_function(f"document.getElementById('hero-number').textContent === '{upstairs_call['number']}'")
    assert by_address.evaluate("window.antreDisplay.model.services.map(s => s.code)") == ["B", "C"]
    assert by_address.locator(".hero-label").inner_text() == "NOMOR ANTREAN"
