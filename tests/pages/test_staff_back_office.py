"""The back office checks DTKS while the front office keeps talking, each seeing the other live (Chromium).

Personas: petugas1 at Loket 1 (front office) serving Ibu Siti, petugas2 at
Loket 2 (back office). Two staff pages on two PCs, one server.
"""

from __future__ import annotations

from tests.pages.conftest import open_staff
from tests.pages.layout import assert_laid_out


def test_given_siti_at_the_front_office_when_the_back_office_checks_dtks_then_both_pages_follow_each_step(
        server, new_context, artifacts, siti):
    t = siti.takes_ticket("A").json()
    front = open_staff(new_context, server, server.creds["staff"][0])
    back = open_staff(new_context, server, server.creds["staff"][1])
    front.keyboard.press("F1")
    front.locator("#current-number").get_by_text(t["number"]).wait_for()
    front.click("#bo-request")
    front.locator("#bo-state").get_by_text("Diminta").wait_for()

    item = back.locator(f'#bo-list .bo-item[data-number="{t["number"]}"]')
    item.get_by_text("Cek DTKS").wait_for()
    back.screenshot(path=str(artifacts / "staff-back-office-requested-1366x768.png"))
    assert_laid_out(back, "#bo-panel")
    item.locator(".bo-take").click()
    front.locator("#bo-state").get_by_text("Sedang dicek").wait_for()
    front.locator("#bo-line").get_by_text("oleh petugas2").wait_for()

    # The front office goes on serving meanwhile.
    front.keyboard.press("F3")
    front.locator("#current .cur-status.serving").wait_for()

    item.locator(".bo-answer").click()
    back.click("#bo-ok")                                  # no result yet: told so
    back.locator("#bo-message").get_by_text("Tuliskan hasil pengecekan.").wait_for()
    back.fill("#bo-result", "Terdaftar DTKS, desil 2")
    back.click("#bo-ok")
    front.locator("#bo-result-text").get_by_text("Terdaftar DTKS, desil 2").wait_for()
    back.locator("#bo-panel").wait_for(state="hidden")
    front.screenshot(path=str(artifacts / "staff-back-office-result-1366x768.png"))
    assert_laid_out(front, "#current")
