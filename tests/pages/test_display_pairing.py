"""/pair, where Pak Budi the technician sets up a TV or a counter screen (real server, Chromium)."""

from __future__ import annotations

from tests.pages.layout import layout_problems

READ = ".pair-card h1, .pair-card h2, .steps li, .flags li, .command, #code, #submit, #lang, #counter-links a, #error"


def open_pair(new_context, server, query: str = "", size=(1366, 768)):
    page = new_context(viewport={"width": size[0], "height": size[1]}).new_page()
    page.goto(f"{server.url}/pair{query}")
    page.locator("#counter-links a").first.wait_for()
    return page


def test_the_pair_page_tells_the_technician_how_to_start_chromium_on_a_wall_tv(server, new_context, artifacts):
    page = open_pair(new_context, server)
    command = page.locator("#chromium-command").inner_text()
    # Sound without a click, full screen, no restore prompt, and this server's own address
    for flag in ("--autoplay-policy=no-user-gesture-required", "--kiosk", "--noerrdialogs"):
        assert flag in command
    assert command.endswith(f"{server.url}/display")
    assert "xset -dpms" in page.locator(".chromium").inner_text()       # the screen never sleeps
    # and where each counter's small screen is
    assert page.locator("#counter-links a").first.inner_text() == f"Loket 1: /counter/{server.creds['staff'][0]['counter']}"
    for w, h in [(1366, 768), (1920, 1080)]:
        page.set_viewport_size({"width": w, "height": h})
        assert layout_problems(page, READ) == [], (w, h)
        page.screenshot(path=str(artifacts / f"pair-chromium-{w}x{h}.png"), full_page=True)


def test_the_pair_page_in_english_and_pairing_a_counter_screen(server, technician, new_context, artifacts):
    loket1 = server.creds["staff"][0]["counter"]
    page = open_pair(new_context, server, f"?next=/counter/{loket1}")
    assert page.locator("h1").inner_text() == "Pasang layar TV"
    page.click("#lang")
    page.locator("h1").get_by_text("Pair a TV display").wait_for()
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("#chromium-command").inner_text().endswith(f"/counter/{loket1}")
    # A mistyped code is refused in English, politely, and nothing is stored
    page.fill("#code", "ABCD-EFGH")
    page.click("#submit")
    page.locator("#error").get_by_text("The pairing code is wrong or has expired").wait_for()
    page.fill("#code", "ABC")
    page.click("#submit")
    page.locator("#error").get_by_text("A pairing code has 8 letters/digits").wait_for()
    assert page.evaluate("localStorage.getItem('antre.device')") is None
    assert layout_problems(page, READ) == []
    page.screenshot(path=str(artifacts / "pair-en-1366x768.png"), full_page=True)

    # The right code pairs the screen above Loket 1 and opens its page
    screen = technician.post("/api/admin/devices", json={"kind": "display", "name": "Layar Loket 1"}).json()
    page.fill("#code", screen["pairing_code"])
    page.click("#submit")
    page.locator("#done").get_by_text("Layar Loket 1").wait_for()
    page.wait_for_url(f"**/counter/{loket1}", timeout=10000)
    page.locator("#name").get_by_text("Loket 1").wait_for()
    devices = {d["id"]: d for d in technician.get("/api/admin/devices").json()["devices"]}
    assert devices[screen["id"]]["paired"]

    # Set to English on /admin, the counter screen speaks English from its next load
    technician.put(f"/api/admin/devices/{screen['id']}/settings", json={"language": "en"}).raise_for_status()
    page.reload()
    page.locator("#state").get_by_text("Closed").wait_for()
    assert page.evaluate("document.documentElement.lang") == "en"
