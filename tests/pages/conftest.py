"""Playwright with Debian's Chromium (shared/TESTING.md): one browser per test session."""

from __future__ import annotations

import itertools
import shutil

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
        "--autoplay-policy=no-user-gesture-required"]

DISPLAY_SIZES = [(1920, 1080), (1366, 768)]
STAFF_SIZE = {"width": 1366, "height": 768}
PHONE_SIZE = {"width": 390, "height": 844}

_serial = itertools.count(1)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.skip("Debian chromium is not installed")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def new_context(browser):
    """Contexts are closed after the test. The pages' CSP forbids eval, which Playwright's
    wait_for_function needs, so tests bypass it (the header itself is tested over HTTP)."""
    made = []

    def make(**kw):
        ctx = browser.new_context(bypass_csp=True, **kw)
        ctx.set_default_timeout(10000)
        made.append(ctx)
        return ctx
    yield make
    for ctx in made:
        ctx.close()


def valid_nik(serial: int) -> str:
    """A structurally valid NIK (Kota Bogor, woman born 1 Dec 1990) with the given serial."""
    return f"327101411290{serial:04d}"


def issue(server, service: str = "A", nik: str | None = None) -> dict:
    n = next(_serial)
    r = server.kiosk().post("/api/tickets", json={"service": service, "nik": nik or valid_nik(n),
                                                  "request_id": f"test-{n}-{service}"})
    assert r.status_code in (200, 201), r.text
    return r.json()


def login(context, server, who: dict) -> None:
    """Log a browser context in the way the login page does (the cookie is HttpOnly)."""
    r = context.request.post(server.url + "/api/auth/login",
                             data={"username": who["username"], "password": who["password"]})
    assert r.ok, r.text()


def open_staff(new_context, server, who: dict, size=STAFF_SIZE, base: str | None = None):
    """The staff page of ``who`` on a PC of its own, once its first snapshot is drawn;
    ``page.js_errors`` collects the page's script errors."""
    ctx = new_context(viewport=size)
    login(ctx, server, who)
    page = ctx.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((base or server.url) + "/staff")
    page.wait_for_function("window.antreStaff && window.antreStaff.state !== null")
    page.js_errors = errors
    return page


def open_admin(new_context, server, section: str = "office", who: dict | None = None, size=STAFF_SIZE):
    """/admin/<section> for ``who`` (the technician by default) in an Indonesian browser, once
    drawn; ``page.js_errors`` collects the page's script errors."""
    ctx = new_context(viewport=size, locale="id-ID")
    login(ctx, server, who or server.creds["admin"])
    page = ctx.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{server.url}/admin/{section}")
    page.wait_for_function("window.antreAdmin && window.antreAdmin.ready === true")
    page.js_errors = errors
    return page
