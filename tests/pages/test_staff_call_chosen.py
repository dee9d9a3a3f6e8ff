"""The front-office clerk calls a chosen number out of turn from the staff page (real Chromium).

Personas: petugas1 at Loket 1, Ibu Siti and Pak Joko at the kiosk, the lobby display.
"""

from __future__ import annotations

from tests.pages.conftest import open_staff
from tests.pages.layout import assert_laid_out


def test_given_two_waiting_when_the_clerk_calls_the_second_with_a_reason_then_it_is_at_the_counter(
        server, new_context, artifacts, siti, joko, lobby_display, supervisor):
    siti.takes_ticket("A")
    second = joko.takes_ticket("A").json()
    page = open_staff(new_context, server, server.creds["staff"][0])
    row = page.locator(f'#queue tr[data-number="{second["number"]}"]')
    row.wait_for()
    row.locator(".call-chosen").click()
    page.locator("#call-dialog[open]").wait_for()
    page.click("#call-ok")                      # no reason yet: told so, nothing sent
    page.locator("#call-message").get_by_text("Tuliskan alasan").wait_for()
    page.screenshot(path=str(artifacts / "staff-call-chosen-1366x768.png"))
    assert_laid_out(page, "#call-dialog")
    page.fill("#call-reason", "Dipanggil kembali setelah fotokopi KK")
    page.click("#call-ok")
    page.locator("#current-number").get_by_text(second["number"]).wait_for()
    assert not page.locator("#call-dialog").is_visible()
    assert lobby_display.sees(lambda e: e["type"] == "ticket.called" and e["ticket"]["id"] == second["id"])
    audit = supervisor.get("/api/audit").json()
    assert any(a["action"] == "ticket.called_chosen" and a["detail"]["reason"].startswith("Dipanggil kembali")
               for a in audit)
