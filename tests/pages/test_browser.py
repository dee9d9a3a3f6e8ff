"""The three pages in Debian's Chromium against a real server on 127.0.0.1.

Personas: the front-office clerk (petugas1, Loket 1), the back-office clerk
(petugas2, Loket 2), the bansos clerk (petugas3, Loket 3), the head of office
(kepala), the lobby display and a citizen's phone.
"""

from __future__ import annotations

import re
import threading

import httpx

from tests.live import ServerProcess
from tests.pages.conftest import DISPLAY_SIZES, PHONE_SIZE, STAFF_SIZE, issue, login, open_staff

NIK = "3271014112900777"


def open_display(new_context, url, size=DISPLAY_SIZES[0], rate=None):
    ctx = new_context(viewport={"width": size[0], "height": size[1]})
    page = ctx.new_page()
    page.goto(url + "/display")
    page.wait_for_function("window.antreDisplay && window.antreDisplay.model.counters.length > 0")
    if rate:
        page.evaluate(f"window.antreDisplay.rate = {rate}")
    return page


def played(page, kind="playing"):
    return [e["url"] for e in page.evaluate("window.antreDisplay.log") if e["kind"] == kind]


def test_clerk_calls_and_display_status_page_and_voice_follow(server, new_context, artifacts):
    ticket = issue(server, "A", nik=NIK)
    issue(server, "D")
    display = open_display(new_context, server.url)
    phone = new_context(viewport=PHONE_SIZE, is_mobile=True, has_touch=True, locale="id-ID").new_page()
    phone.goto(f"{server.url}/t/{ticket['token']}")
    phone.get_by_text("Anda berikutnya").wait_for()
    phone.screenshot(path=str(artifacts / "status-waiting-390x844.png"))

    # The clerk opens /staff, is sent to the login page, logs in and lands back on /staff.
    # Her PC's browser is set to Indonesian (the login page follows it until she logs in).
    ctx = new_context(viewport=STAFF_SIZE, locale="id-ID")
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url)
    staff = ctx.new_page()
    staff.goto(server.url + "/staff")
    assert "/login" in staff.url
    staff.screenshot(path=str(artifacts / "login-1366x768.png"))
    who = server.creds["staff"][0]
    staff.fill("#username", who["username"])
    staff.fill("#password", "wrong")
    staff.click("#submit")
    staff.get_by_text("Nama pengguna atau kata sandi salah").wait_for()
    staff.fill("#password", who["password"])
    staff.click("#submit")
    staff.wait_for_url("**/staff")
    staff.locator('#queue tr[data-number="A-001"]').wait_for()
    assert "F1" in staff.locator("#btn-next").inner_text()

    staff.click("#btn-next")

    display.wait_for_function("document.getElementById('hero-number').textContent === 'A-001'")
    assert display.locator("#hero-counter").inner_text() == "Loket 1"
    assert display.locator("#hero").get_attribute("class").count("flash") == 1
    # The announcement (chime + "Nomor antrean, A, satu, silakan menuju loket satu") starts playing.
    display.wait_for_function("window.antreDisplay.log.some(e => e.kind === 'playing')", timeout=5000)
    assert played(display) == ["/audio/call/A-001/1.wav"]
    log = display.evaluate("window.antreDisplay.log")
    queued = next(e["at"] for e in log if e["kind"] == "queued")
    started = next(e["at"] for e in log if e["kind"] == "playing")
    print(f"announcement started {started - queued} ms after the call event reached the display")

    phone.locator("#callout-text").get_by_text("Silakan menuju Loket 1").wait_for()
    assert phone.locator("#callout").is_visible()

    # The clerk sees the full NIK and copies it with one click.
    staff.locator("#current-number").get_by_text("A-001").wait_for()
    staff.locator("#nik").get_by_text("3271 0141 1290 0777").wait_for()
    staff.click("#copy-nik")
    staff.get_by_text("Tersalin").wait_for()
    assert staff.evaluate("navigator.clipboard.readText()") == NIK

    for page in (display, phone):
        assert NIK not in page.content()
    display.wait_for_timeout(300)
    for w, h in DISPLAY_SIZES:
        display.set_viewport_size({"width": w, "height": h})
        display.screenshot(path=str(artifacts / f"display-{w}x{h}.png"))
    staff.screenshot(path=str(artifacts / "staff-1366x768.png"))
    phone.screenshot(path=str(artifacts / "status-called-390x844.png"))


def test_calls_at_the_same_moment_are_announced_in_turn_and_a_recall_again(server, new_context):
    issue(server, "A")
    issue(server, "B")
    display = open_display(new_context, server.url, rate=8)
    clerks = [server.staff(0), server.staff(2)]
    counters = [server.creds["staff"][0]["counter"], server.creds["staff"][2]["counter"]]
    barrier = threading.Barrier(2)
    results = {}

    def call(i):
        barrier.wait()
        results[i] = clerks[i].post(f"/api/counters/{counters[i]}/call-next").json()["number"]
    threads = [threading.Thread(target=call, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    first_id = clerks[0].get("/api/staff/state").json()["counters"][0]["ticket"]["id"]
    clerks[0].post(f"/api/tickets/{first_id}/recall").raise_for_status()

    display.wait_for_function("window.antreDisplay.log.filter(e => e.kind === 'ended').length >= 3", timeout=20000)
    log = [(e["kind"], e["url"]) for e in display.evaluate("window.antreDisplay.log")
           if e["kind"] in ("start", "ended", "error", "timeout")]
    a = f"/audio/call/{results[0]}/{counters[0]}.wav"
    b = f"/audio/call/{results[1]}/{counters[1]}.wav"
    assert {results[0], results[1]} == {"A-001", "B-001"}
    # One after another, each heard to its end; then the recall once more.
    starts = [u for k, u in log if k == "start"]
    assert sorted(starts[:2]) == sorted([a, b]) and starts[2] == a
    assert [k for k, _ in log] == ["start", "ended"] * 3
    assert [u for k, u in log if k == "ended"] == starts


def test_busy_lobby_screenshots(server, new_context, artifacts):
    for code in "AABCDA":
        issue(server, code)
    clerks = {i: server.staff(i) for i in (0, 2, 3)}
    display = open_display(new_context, server.url)
    display.click("#sound")  # quiet: this test only looks
    for i in (0, 2, 3, 0, 0):
        clerks[i].post(f"/api/counters/{server.creds['staff'][i]['counter']}/call-next").raise_for_status()
    clerks[2].post(f"/api/counters/{server.creds['staff'][2]['counter']}/pause").raise_for_status()
    display.wait_for_function("document.querySelectorAll('.recent-item').length >= 4")
    display.locator(".counter-row.paused").wait_for()
    assert display.locator("#hero-number").inner_text() == "D-001"
    for w, h in DISPLAY_SIZES:
        display.set_viewport_size({"width": w, "height": h})
        display.wait_for_timeout(100)
        display.screenshot(path=str(artifacts / f"display-busy-{w}x{h}.png"))
    staff = open_staff(new_context, server, server.creds["staff"][0])
    staff.locator("#current-number").get_by_text("D-001").wait_for()
    staff.screenshot(path=str(artifacts / "staff-busy-1366x768.png"))


def test_sound_can_be_turned_off(server, new_context):
    issue(server, "A")
    ctx = new_context(viewport={"width": DISPLAY_SIZES[0][0], "height": DISPLAY_SIZES[0][1]})
    ctx.add_init_script("""
      window.__plays = 0;
      const play = HTMLMediaElement.prototype.play;
      HTMLMediaElement.prototype.play = function () { window.__plays += 1; return play.call(this); };""")
    audio_requests = []
    ctx.on("request", lambda r: audio_requests.append(r.url) if "/audio/" in r.url else None)
    display = ctx.new_page()
    display.goto(server.url + "/display")
    display.wait_for_function("window.antreDisplay && window.antreDisplay.model.counters.length > 0")
    display.click("#sound")
    assert display.locator("#sound").inner_text() == "Suara: mati"

    server.staff(0).post(f"/api/counters/{server.creds['staff'][0]['counter']}/call-next").raise_for_status()

    # The call reaches the display, which shows it and deliberately keeps it silent.
    display.wait_for_function("window.antreDisplay.log.some(e => e.kind === 'silenced')")
    assert display.locator("#hero-number").inner_text() == "A-001"
    log = [(e["kind"], e["url"]) for e in display.evaluate("window.antreDisplay.log")]
    assert log == [("silenced", "/audio/call/A-001/1.wav")]
    assert display.evaluate("window.antreDisplay.queued()") == 0
    assert display.evaluate("window.__plays") == 0
    assert audio_requests == []


# Counts the staff page's reads of /api/staff/state, and how many were under way at once.
COUNT_SNAPSHOTS = """
  window.__snapshots = { total: 0, now: 0, most: 0 };
  const realFetch = window.fetch;
  window.fetch = function (input, init) {
    const url = typeof input === "string" ? input : input.url;
    if (!url.includes("/api/staff/state")) return realFetch.apply(this, arguments);
    const s = window.__snapshots;
    s.total += 1; s.now += 1; s.most = Math.max(s.most, s.now);
    return realFetch.apply(this, arguments).finally(() => { s.now -= 1; });
  };"""


def test_staff_page_follows_events_without_reading_the_snapshot_again(server, new_context):
    ctx = new_context(viewport=STAFF_SIZE)
    ctx.add_init_script(COUNT_SNAPSHOTS)
    login(ctx, server, server.creds["staff"][0])
    staff = ctx.new_page()
    staff.goto(server.url + "/staff")
    staff.wait_for_function("window.antreStaff && window.antreStaff.state !== null")
    staff.wait_for_function("window.__snapshots.now === 0")
    first = staff.evaluate("window.__snapshots.total")

    # Tickets issued at the kiosk, called, served and finished here: events and answers only.
    issue(server, "A")
    issue(server, "A")
    staff.locator('#queue tr[data-number="A-002"]').wait_for()
    staff.keyboard.press("F1")
    staff.locator("#current-number").get_by_text("A-001").wait_for()
    staff.keyboard.press("F3")
    staff.locator("#current .cur-status.serving").wait_for()
    staff.keyboard.press("F1")  # finishes A-001 on the server, calls A-002
    staff.locator("#current-number").get_by_text("A-002").wait_for()
    staff.keyboard.press("F4")  # Selesai: the office's outcomes are asked for
    staff.check('#finish-outcomes input[value="informasi_diberikan"]')
    staff.click("#finish-ok")
    staff.locator("#current.empty").wait_for()
    assert staff.locator("#queue tr[data-number]").count() == 0
    # A colleague pauses this counter from another PC.
    server.staff(0).post(f"/api/counters/{server.creds['staff'][0]['counter']}/pause").raise_for_status()
    staff.locator("#counter-state.paused").wait_for()
    assert staff.evaluate("window.__snapshots.total") == first

    # An office change says nothing the page can apply: it reads the snapshot again, one at a time.
    admin = server.admin()
    for name in ("Dinas Sosial Satu", "Dinas Sosial Dua", "Dinas Sosial Tiga"):
        admin.put("/api/admin/office", json={"name": name}).raise_for_status()
    staff.locator("#office").get_by_text("Dinas Sosial Tiga").wait_for()
    staff.wait_for_function("window.__snapshots.now === 0")
    counts = staff.evaluate("window.__snapshots")
    assert 1 <= counts["total"] - first <= 3 and counts["most"] == 1


def test_a_key_pressed_as_soon_as_the_call_shows_is_not_lost(server, new_context):
    """The call's event reaches the page before the call's own answer. Ibu Ani sees A-001 on her
    screen and presses F3 at once, while F1 is still running: F3 is kept and done when F1 ends.
    Pressing F1 again in that moment is a double press: still one call."""
    issue(server, "A")
    issue(server, "A")
    staff = open_staff(new_context, server, server.creds["staff"][0])
    held = []
    staff.route("**/call-next", lambda route: held.append((route, route.fetch())))
    staff.locator('#queue tr[data-number="A-002"]').wait_for()

    staff.keyboard.press("F1")
    staff.locator("#current-number").get_by_text("A-001").wait_for()   # from the event
    assert len(held) == 1 and staff.evaluate("window.antreStaff.busy") is True
    staff.keyboard.press("F3")
    staff.keyboard.press("F1")
    route, answer = held.pop()
    route.fulfill(response=answer)

    staff.locator("#current .cur-status.serving").wait_for()
    assert staff.locator("#current-number").inner_text() == "A-001" and held == []
    status = {t["number"]: t["status"] for t in server.staff(0).get("/api/staff/state").json()["tickets"]}
    assert status == {"A-001": "serving", "A-002": "waiting"}
    assert staff.js_errors == []


def test_kill_and_restart_keeps_display_and_staff_page_consistent_without_reload(tmp_path, new_context, artifacts):
    srv = ServerProcess(tmp_path / "data").start()
    clients = []
    try:
        kiosk = httpx.Client(base_url=srv.url, headers={"Authorization": f"Bearer {srv.creds['kiosk_key']}"})
        clients.append(kiosk)
        for i in range(1, 5):
            kiosk.post("/api/tickets", json={"service": "A", "nik": f"32710141129{i:05d}", "request_id": f"k{i}"}
                       ).raise_for_status()
        display = open_display(new_context, srv.url)
        staff = open_staff(new_context, srv, srv.creds["staff"][0], base=srv.url)
        for page in (display, staff):
            page.evaluate("window.__sameDocument = true")
        staff.click("#btn-next")
        display.wait_for_function("document.getElementById('hero-number').textContent === 'A-001'")
        staff.locator("#current-number").get_by_text("A-001").wait_for()

        srv.kill()
        display.locator("#offline").wait_for(state="visible")
        staff.locator("#offline").wait_for(state="visible")
        staff.click("#btn-next")
        staff.locator("#message").get_by_text("Tidak dapat terhubung ke server").wait_for()
        staff.locator("#current-number").get_by_text("A-001").wait_for()  # still shown
        staff.screenshot(path=str(artifacts / "staff-offline-1366x768.png"))

        srv.start()
        # A call made at another PC before the pages reconnect is caught up via Last-Event-ID.
        clerk = httpx.Client(base_url=srv.url)
        clients.append(clerk)
        who = srv.creds["staff"][0]
        clerk.post("/api/auth/login", json={"username": who["username"], "password": who["password"]}).raise_for_status()
        assert clerk.post(f"/api/counters/{who['counter']}/call-next").json()["number"] == "A-002"

        # The pages retry with a growing pause (at most 15 s), so allow two of them.
        display.locator("#offline").wait_for(state="hidden", timeout=35000)
        staff.locator("#offline").wait_for(state="hidden", timeout=35000)
        display.wait_for_function("document.getElementById('hero-number').textContent === 'A-002'")
        staff.locator("#current-number").get_by_text("A-002").wait_for()

        staff.click("#btn-next")
        display.wait_for_function("document.getElementById('hero-number').textContent === 'A-003'")
        staff.locator("#current-number").get_by_text("A-003").wait_for()
        assert display.locator(".counter-row .counter-ticket").first.inner_text() == "A-003"
        assert [r.inner_text() for r in staff.locator("#queue tr").all()] and \
            staff.locator('#queue tr[data-number="A-004"]').count() == 1
        for page in (display, staff):
            assert page.evaluate("window.__sameDocument") is True
        # Both calls are announced (the second waits for the first to finish).
        queued = played(display, "queued")
        assert queued[-2:] == ["/audio/call/A-002/1.wav", "/audio/call/A-003/1.wav"]
    finally:
        for client in clients:
            client.close()
        srv.stop()


def test_keyboard_scanner_transfer_and_supervisor_view(clocked_server, clock, new_context, artifacts):
    server = clocked_server
    a1 = issue(server, "A")
    issue(server, "A")
    a3 = issue(server, "A")
    issue(server, "B")
    staff = open_staff(new_context, server, server.creds["staff"][0])

    staff.keyboard.press("F1")
    staff.locator("#current-number").get_by_text("A-001").wait_for()
    # A double click on "Panggil berikutnya" is one call, not two.
    staff.locator("#btn-next").dblclick()
    staff.locator("#current-number").get_by_text("A-002").wait_for()
    staff.wait_for_timeout(500)
    state = server.staff(0).get("/api/staff/state").json()
    status = {t["number"]: t["status"] for t in state["tickets"]}
    assert status["A-002"] == "called" and status["A-003"] == "waiting"

    # F8: transfer to the back office with a note.
    staff.keyboard.press("F8")
    staff.locator("#transfer-dialog").wait_for()
    staff.check('#transfer-services input[value="E"]')
    staff.fill("#transfer-note", "KTP dan KK lengkap")
    staff.click("#transfer-ok")
    staff.get_by_text("A-002 dialihkan ke layanan E").wait_for()

    # A scanner types the QR's status URL and Enter: the ticket opens.
    staff.locator("body").click(position={"x": 5, "y": 300})
    staff.keyboard.type(a3["status_url"], delay=4)
    staff.keyboard.press("Enter")
    staff.locator("#ticket-dialog").get_by_text("A-003").wait_for()
    assert NIK not in staff.locator("#ticket-dialog").inner_text()
    staff.click("#td-close")

    # The back office sees who comes, from where, and the note.
    back = open_staff(new_context, server, server.creds["staff"][1])
    back.locator('#queue tr[data-number="A-002"]').get_by_text("KTP dan KK lengkap").wait_for()
    back.keyboard.press("F1")
    back.locator("#current").get_by_text("KTP dan KK lengkap").wait_for()
    back.locator("#nik").wait_for()

    # F7 skip, then F9 brings the citizen back.
    back.keyboard.press("F7")
    back.locator("#skipped").get_by_text("A-002").wait_for()
    back.keyboard.press("F9")
    back.locator("#restore-list").get_by_text("A-002").click()
    back.locator('#queue tr[data-number="A-002"]').wait_for()

    # Twenty minutes later, the head of office sees who waits longer than the standard (15 min).
    clock.advance(20 * 60)
    boss = open_staff(new_context, server, server.creds["supervisor"])
    assert boss.locator("#overview").is_visible()
    boss.locator("#ov-late").get_by_text("A-003").wait_for()
    assert "late" in boss.locator("#ov-services tr").first.get_attribute("class")
    boss.screenshot(path=str(artifacts / "staff-supervisor-1366x768.png"), full_page=True)
    assert a1["number"] == "A-001"


def test_unknown_ticket_on_the_status_page(server, new_context):
    phone = new_context(viewport=PHONE_SIZE, locale="id-ID").new_page()
    phone.goto(server.url + "/t/not-a-token")
    phone.get_by_text("Tiket tidak ditemukan").wait_for()
    assert re.search(r"Status Antrean", phone.title())


def test_a_tv_browser_without_autoplay_asks_for_one_click_and_keeps_the_call(server, new_context):
    # Chromium's own policy is not deterministic headless, so the refusal is simulated the way a
    # browser without --autoplay-policy answers: play() rejects with NotAllowedError until a click.
    ctx = new_context()
    ctx.add_init_script("""
      const play = HTMLMediaElement.prototype.play;
      let allowed = false;
      document.addEventListener('click', () => { allowed = true; }, true);
      HTMLMediaElement.prototype.play = function () {
        return allowed ? play.call(this) : Promise.reject(new DOMException('no gesture', 'NotAllowedError'));
      };""")
    display = ctx.new_page()
    display.goto(server.url + "/display")
    display.wait_for_function("window.antreDisplay.model.counters.length > 0")
    issue(server, "A")
    server.staff(0).post(f"/api/counters/{server.creds['staff'][0]['counter']}/call-next").raise_for_status()
    display.locator("#unlock").wait_for(state="visible")
    assert played(display) == []
    display.click("#unlock")
    display.wait_for_function("window.antreDisplay.log.some(e => e.kind === 'playing')")
    assert played(display) == ["/audio/call/A-001/1.wav"]


def test_a_colleague_takes_over_the_counter_and_the_clerk_is_told(server, new_context, artifacts):
    # Given petugas1 serves at Loket 1 from the staff page
    ctx = new_context(viewport=STAFF_SIZE)
    login(ctx, server, server.creds["staff"][0])
    staff = ctx.new_page()
    staff.goto(server.url + "/staff")
    staff.wait_for_function("window.antreStaff && window.antreStaff.state !== null")
    issue(server, "A")
    staff.keyboard.press("F1")
    staff.locator("#current-number").get_by_text("A-001").wait_for()
    loket1 = server.creds["staff"][0]["counter"]

    # When petugas2 tries to call on Loket 1, the server refuses: the counter is held
    colleague = server.staff(1)
    refused = colleague.post(f"/api/counters/{loket1}/call-next")
    assert refused.status_code == 409 and refused.json()["code"] == "counter_held"
    assert refused.json()["held_by"]["username"] == server.creds["staff"][0]["username"]

    # And takes it over explicitly
    assert colleague.post(f"/api/counters/{loket1}/take-over").status_code == 200

    # Then petugas1's page says who took the counter
    banner = staff.locator("#takeover-banner")
    banner.wait_for(state="visible")
    assert "diambil alih" in banner.inner_text()
    staff.screenshot(path=str(artifacts / "staff-taken-over-1366x768.png"))
    # and petugas1 can no longer finish the citizen there
    r = server.staff(0).post(f"/api/counters/{loket1}/call-next")
    assert r.status_code == 409 and r.json()["code"] == "counter_held"
