"""A citizen waiting past the service's standard is raised to the clerk by name and minutes (Chromium).

Personas: petugas1 at Loket 1 (services A, D, B; A's standard is 15 minutes),
Ibu Siti and Pak Joko at the kiosk. The server's clock is moved forward; the
page's clock follows it (Playwright's clock), as a real PC's would.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from tests.pages.conftest import STAFF_SIZE, login
from tests.pages.layout import assert_laid_out
from tests.personas import citizen


def test_given_a_citizen_past_the_standard_then_a_notice_names_number_and_minutes_until_dismissed(
        clocked_server, clock, new_context, artifacts):
    server = clocked_server
    siti, joko = citizen(server, 1, "Ibu Siti"), citizen(server, 2, "Pak Joko")
    first = siti.takes_ticket("A").json()
    clock.advance(17 * 60)
    second = joko.takes_ticket("A").json()

    ctx = new_context(viewport=STAFF_SIZE)
    login(ctx, server, server.creds["staff"][0])
    page = ctx.new_page()
    page.clock.install(time=datetime.fromtimestamp(clock(), timezone.utc))  # the server's time
    page.goto(server.url + "/staff")
    page.wait_for_function("window.antreStaff && window.antreStaff.state !== null")
    notice = page.locator("#late-alerts")
    notice.locator(f'.late-item[data-number="{first["number"]}"]').get_by_text(
        "menunggu 17 mnt (standar 15 mnt)").wait_for()
    assert notice.locator(".late-item").count() == 1          # Pak Joko has only just come
    page.screenshot(path=str(artifacts / "staff-late-alert-1366x768.png"))
    assert_laid_out(page, "#late-alerts")

    # Sound is off until the clerk switches it on (kept on this PC).
    assert page.locator("#late-sound").get_attribute("aria-pressed") == "false"
    page.click("#late-sound")
    assert page.locator("#late-sound").get_attribute("aria-pressed") == "true"

    # Time passes for the server and the PC alike: Pak Joko is late too, with a chime.
    clock.advance(16 * 60)
    page.clock.run_for(16 * 60 * 1000)
    notice.locator(f'.late-item[data-number="{second["number"]}"]').wait_for()
    assert {"kind": "chime", "number": second["number"]} in [
        {k: e[k] for k in ("kind", "number")} for e in page.evaluate("window.antreStaffLate")]

    # Dismissed one by one; the banner goes when none is left.
    notice.locator(f'.late-item[data-number="{first["number"]}"] .late-dismiss').click()
    assert notice.locator(".late-item").count() == 1
    notice.locator(f'.late-item[data-number="{second["number"]}"] .late-dismiss').click()
    notice.wait_for(state="hidden")
