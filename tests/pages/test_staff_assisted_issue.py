"""The front-desk clerk gives a number to a citizen who cannot use the kiosk (real server, Chromium).

Personas: petugas1 at Loket 1, Pak Joko who comes to complain and gives no
name, Bu Rina who cannot use the touch screen. The number and its QR are shown
large for the citizen, and print as a slip through the browser.
"""

from __future__ import annotations

import subprocess

from tests.pages.conftest import open_staff
from tests.pages.layout import assert_laid_out, line_count
from tests.server.helpers import nik_for


def decode_qr(path) -> str:
    out = subprocess.run(["zbarimg", "--raw", "-q", str(path)], capture_output=True, text=True, timeout=30)
    return out.stdout.strip()


def test_given_a_complaint_without_identity_when_the_clerk_issues_then_number_and_qr_are_shown_and_print(
        server, new_context, artifacts, tmp_path):
    page = open_staff(new_context, server, server.creds["staff"][0])
    page.click("#btn-assist")
    page.locator("#assist-dialog[open]").wait_for()
    page.screenshot(path=str(artifacts / "staff-assist-form-1366x768.png"))
    assert_laid_out(page, "#assist-dialog")

    # Bu Rina's service needs her NIK: leaving it out is refused in plain words, nothing lost.
    page.check('#assist-services input[value="A"]')
    assert "wajib" in page.locator("#assist-nik-hint").inner_text()
    page.click("#assist-ok")
    page.locator("#assist-message").get_by_text("NIK wajib diisi untuk layanan ini.").wait_for()
    assert page.locator("#assist-dialog").is_visible()

    # Pak Joko's complaint may be made without identity.
    page.check('#assist-services input[value="C"]')
    assert "boleh kosong" in page.locator("#assist-nik-hint").inner_text()
    page.click("#assist-ok")
    page.locator("#slip-number").get_by_text("C-001").wait_for()
    page.wait_for_function("document.getElementById('slip-qr').complete && "
                           "document.getElementById('slip-qr').naturalWidth > 0")
    page.screenshot(path=str(artifacts / "staff-assist-slip-1366x768.png"))
    assert_laid_out(page, "#slip-dialog")
    assert line_count(page, "#slip-number") == 1
    qr_png = tmp_path / "qr.png"
    page.locator("#slip-qr").screenshot(path=str(qr_png))
    token = server.staff(0).get("/api/staff/state").json()["tickets"][0]
    assert decode_qr(qr_png).startswith(server.url + "/t/")
    assert server.client().get("/api/tickets/" + decode_qr(qr_png).rsplit("/", 1)[1]).json()["number"] == "C-001"
    assert token["number"] == "C-001"

    # The slip prints alone (the browser's print dialog is replaced in the test: it is modal).
    page.evaluate("window.print = () => {}")
    page.click("#slip-print")
    assert page.evaluate("window.antreStaffPrinted") == 1
    page.emulate_media(media="print")
    page.screenshot(path=str(artifacts / "staff-assist-slip-print.png"))
    assert page.locator("#print-area .slip-number").inner_text() == "C-001"
    assert not page.locator("header.top").is_visible()
    page.emulate_media(media="screen")
    page.click("#slip-close")

    # Bu Rina, with her NIK typed by the clerk: the next number of her letter, in the shared sequence.
    server.kiosk().post("/api/tickets", json={"service": "A", "nik": nik_for(5), "request_id": "k1"})
    page.click("#btn-assist")
    page.check('#assist-services input[value="A"]')
    page.fill("#assist-nik", nik_for(6))
    page.select_option("#assist-priority", "disabilitas")
    page.click("#assist-ok")
    page.locator("#slip-number").get_by_text("A-002").wait_for()
    page.click("#slip-close")
    page.locator('#queue tr[data-number="A-002"]').get_by_text("Disabilitas").wait_for()
