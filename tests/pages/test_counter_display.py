"""The counter display (/counter/{id}): a small screen above Loket 1 with its name and its number,
very large (real server, Chromium at 1366x768, 1024x600 and 800x480).

Personas: the front-office clerk at Loket 1 (petugas1), Ibu Siti who waits for her number.
"""

from __future__ import annotations

from tests.pages.layout import layout_problems

SIZES = [(1366, 768), (1024, 600), (800, 480)]
READ = "#name, #label, #number, #state, #offline"


def open_counter(new_context, server, counter_id: int, size=SIZES[0], query: str = ""):
    ctx = new_context(viewport={"width": size[0], "height": size[1]})
    requests = []
    ctx.on("request", lambda r: requests.append(r.url))
    page = ctx.new_page()
    page.goto(f"{server.url}/counter/{counter_id}{query}")
    page.wait_for_function("window.antreCounter && (window.antreCounter.model.counter || window.antreCounter.model.missing)")
    page.requests = requests
    return page


def shoot(page, artifacts, name: str) -> None:
    for w, h in SIZES:
        page.set_viewport_size({"width": w, "height": h})
        page.wait_for_timeout(100)
        assert layout_problems(page, READ) == [], (name, w, h)
        page.screenshot(path=str(artifacts / f"counter-{name}-{w}x{h}.png"))


def test_the_screen_above_loket_1_follows_its_clerk(server, siti, front_office, new_context, artifacts):
    screen = open_counter(new_context, server, front_office.counter_id)
    # Before the clerk arrives, the counter is closed
    screen.locator("#name").get_by_text("Loket 1").wait_for()
    screen.locator("#state").get_by_text("Tutup").wait_for()
    shoot(screen, artifacts, "closed")

    # The clerk opens the counter: it waits for a call
    front_office.sets_counter("open").raise_for_status()
    screen.locator("#state").get_by_text("Menunggu panggilan").wait_for()

    # Ibu Siti's number is called here: it is the one big thing on the screen
    siti.takes_ticket("A")
    ticket = front_office.calls_next().json()
    screen.locator("#number").get_by_text("A-001").wait_for()
    assert screen.evaluate("document.body.classList.contains('called')")
    shoot(screen, artifacts, "called")
    screen.set_viewport_size({"width": 1366, "height": 768})
    number = screen.locator("#number").bounding_box()
    assert number["height"] > 0.3 * 768, number
    assert siti.nik not in screen.content()

    # A break: the screen says so, and the number is no longer the one to walk to
    front_office.sets_counter("pause").raise_for_status()
    screen.locator("#state").get_by_text("Istirahat").wait_for()
    assert not screen.locator("#number").is_visible()
    shoot(screen, artifacts, "paused")

    # Back from the break, the citizen is served and finished: the screen lets the number go
    front_office.sets_counter("open").raise_for_status()
    front_office.does("start", ticket).raise_for_status()
    front_office.does("done", ticket).raise_for_status()
    screen.locator("#state").get_by_text("Menunggu panggilan").wait_for()
    assert not screen.locator("#number").is_visible()

    # It read only what every lobby display reads
    paths = {u.split(server.url, 1)[1].split("?")[0] for u in screen.requests if u.startswith(server.url + "/api")}
    assert paths <= {"/api/state", "/api/events", "/api/devices/heartbeat"}, paths


def test_another_counters_call_does_not_reach_this_screen(server, front_office, new_context):
    loket3 = server.creds["staff"][2]["counter"]
    screen = open_counter(new_context, server, loket3)
    server.kiosk().post("/api/tickets", json={"service": "A", "nik": "3271014112900101", "request_id": "c1"})
    front_office.calls_next().raise_for_status()
    screen.wait_for_timeout(500)
    assert screen.evaluate("window.antreCounter.log") == []
    assert not screen.locator("#number").is_visible()


def test_an_unknown_counter_is_said_plainly_and_english_is_there(server, front_office, new_context, artifacts):
    missing = open_counter(new_context, server, 999)
    missing.locator("#state").get_by_text("Loket tidak ditemukan").wait_for()
    assert layout_problems(missing, READ) == []

    front_office.sets_counter("pause").raise_for_status()
    english = open_counter(new_context, server, front_office.counter_id, size=(1024, 600), query="?lang=en")
    english.locator("#state").get_by_text("On a break").wait_for()
    assert english.evaluate("document.documentElement.lang") == "en"
    english.screenshot(path=str(artifacts / "counter-paused-en-1024x600.png"))
