"""Every page at every size it is used at, in a lobby in the middle of its morning.

Each page is opened at each of its sizes (TV 1920x1080 and 1366x768, staff PC 1366x768,
phone 390x844, counter screens 1024x600 and 800x480), saved as a screenshot for a person to
look at (``tour-<page>-<size>.png`` in the artifacts), and measured in Chromium: every text
on it (the elements that hold words, except moving ones such as the running text) lies inside
the window, is not cut off or covered, and overlaps no other; the page throws no script error. The page-specific tests check what each page must say; this
one makes sure no page, in either language, was forgotten at some size.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.pages.conftest import issue, login, open_staff
from tests.pages.layout import layout_problems

TV = [(1920, 1080), (1366, 768)]
STAFF = [(1366, 768)]
PHONE = [(390, 844)]
COUNTER = [(1366, 768), (1024, 600), (800, 480)]
ADMIN_TABS = ("office", "services", "counters", "outcomes", "users", "devices")


# Every visible element that holds words of its own, marked data-words for the layout check.
_MARK_WORDS = """() => {
  for (const e of document.querySelectorAll("[data-words]")) delete e.dataset.words;
  for (const e of document.body.querySelectorAll("*")) {
    if (["SCRIPT", "STYLE", "OPTION"].includes(e.tagName)) continue;
    const words = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!words) continue;
    if (e.getBoundingClientRect().right < -1000) continue;  // for screen readers only (.offscreen)
    let moving = false;
    for (let a = e; a; a = a.parentElement) if (getComputedStyle(a).animationName !== "none") moving = true;
    if (!moving) e.dataset.words = "";
  }
}"""


@pytest.fixture
def morning(server, front_office):
    """Three citizens waiting, one called to Loket 1: every panel has something to show."""
    tickets = [issue(server, code) for code in ("A", "A", "B", "C")]
    assert front_office.calls_next().status_code == 200
    return tickets


def _look(page, name: str, size, artifacts) -> None:
    w, h = size
    page.set_viewport_size({"width": w, "height": h})
    page.wait_for_timeout(150)  # one layout after the resize (fonts are local)
    page.screenshot(path=str(artifacts / f"tour-{name}-{w}x{h}.png"))
    page.evaluate(_MARK_WORDS)
    problems = layout_problems(page, "[data-words]")
    assert problems == [], (name, size, problems)
    assert page.js_errors == [], (name, page.js_errors)


def _open(new_context, url: str, size, lang: str, ready: str, who=None, server=None):
    ctx = new_context(viewport={"width": size[0], "height": size[1]}, locale=f"{lang}-{lang.upper()}"
                      if lang == "id" else "en-GB")
    if who:
        login(ctx, server, who)
    page = ctx.new_page()
    page.js_errors = []
    page.on("pageerror", lambda e: page.js_errors.append(str(e)))
    page.goto(url)
    page.wait_for_function(ready)
    return page


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_public_pages_fit_every_screen_they_are_shown_on(server, morning, new_context, artifacts, lang):
    token = morning[1]["status_url"].rsplit("/", 1)[1]
    q = "?lang=en" if lang == "en" else ""
    code = server.client().post("/api/online/applications", json={  # the online channel's pages (issue 12)
        "service": "A", "nik": "3271014112900099", "name": "Siti Aminah", "address": "Jl. Melati 5",
        "email": "siti@example.org", "need": "DTKS", "consent": True}).json()["code"]
    day = date.fromisoformat(server.client().get("/api/state").json()["office_day"]) + timedelta(days=1)
    day += timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)  # a weekday (issue 13: bookings)
    booking = server.client().post("/api/remote-tickets", json={"service": "A", "nik": "3271014112900099",
                                   "date": day.isoformat(), "slot": 9, "request_id": f"tour-page-{lang}"}).json()
    assert "booking_code" in booking, booking
    pages = [
        ("display", f"/display{q}", TV, "document.querySelector('#hero-number').textContent.includes('A-')"),
        ("counter", f"/counter/1{q}", COUNTER, "document.querySelector('#number').textContent.includes('A-')"),
        ("status", f"/t/{token}", PHONE, "document.querySelector('#number').textContent.includes('A-')"),
        ("pair", "/pair", TV + PHONE, "document.querySelector('#code') !== null"),
        ("login", "/login", STAFF + PHONE, "document.querySelector('#username') !== null"),
        ("online", f"/online{q}", PHONE + STAFF, "document.body.classList.contains('ready')"),
        ("application", f"/a/{code}{q}", PHONE, "document.querySelector('#facts dd') !== null"),
        ("ambil", f"/ambil{q}", PHONE + STAFF, "document.body.classList.contains('ready')"),
        ("booking", f"/b/{booking['booking_code']}{q}", PHONE, "document.body.classList.contains('ready')"),
    ]
    for name, path, sizes, ready in pages:
        page = _open(new_context, server.url + path, sizes[0], lang, ready)
        for size in sizes:
            _look(page, f"{name}-{lang}", size, artifacts)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_staff_and_admin_pages_fit_the_office_pc(server, morning, new_context, artifacts, lang):
    # The staff and admin pages speak the account's language, whatever the browser's.
    for who in (server.staff(0), server.login(server.creds["supervisor"]["username"], server.creds["supervisor"]["password"]),
                server.admin()):
        assert who.put("/api/auth/me/language", json={"language": lang}).status_code == 200
    clerk = open_staff(new_context, server, server.creds["staff"][0])
    clerk.js_errors = []
    clerk.on("pageerror", lambda e: clerk.js_errors.append(str(e)))
    assert clerk.evaluate("document.documentElement.lang") == lang
    _look(clerk, f"staff-{lang}", STAFF[0], artifacts)
    inbox = _open(new_context, f"{server.url}/inbox", STAFF[0], "id", "window.antreInbox && window.antreInbox.ready",
                  server.creds["staff"][0], server)
    _look(inbox, f"inbox-{lang}", STAFF[0], artifacts)
    boss = open_staff(new_context, server, server.creds["supervisor"])
    boss.js_errors = []
    _look(boss, f"staff-supervisor-{lang}", STAFF[0], artifacts)
    for tab in ADMIN_TABS:
        admin = _open(new_context, f"{server.url}/admin/{tab}", STAFF[0], "id",
                      "window.antreAdmin && window.antreAdmin.ready === true", server.creds["admin"], server)
        assert admin.evaluate("document.documentElement.lang") == lang
        _look(admin, f"admin-{tab}-{lang}", STAFF[0], artifacts)
