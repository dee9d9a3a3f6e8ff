"""/admin › Perangkat shows a kiosk that issued numbers without the server (issue 13, part F)."""

from tests.pages.conftest import open_admin
from tests.pages.layout import assert_laid_out


def test_the_technician_sees_on_perangkat_a_kiosk_that_issued_offline(server, new_context, artifacts):
    kiosk = server.kiosk()
    report = {"offline": False, "pending": 2, "issued_offline": 7, "last_sync": server.ctx.clock() - 600}
    assert kiosk.post("/api/devices/heartbeat", json={"version": "0.1.0", "printer": {"state": "ok"},
                                                      "offline": report}).status_code == 200
    page = open_admin(new_context, server, "devices")
    row = page.locator("#dev-rows tr", has_text="Kiosk Lobi")
    row.locator(".offline-report").wait_for()
    text = row.locator(".offline-report").inner_text()
    assert "Pernah mencetak saat offline: 7 tiket" in text and "2 tiket offline belum terkirim" in text
    assert "Sinkron terakhir" in text
    assert_laid_out(page, "#dev-rows")
    page.screenshot(path=str(artifacts / "admin-devices-offline-kiosk-1366x768.png"))
    assert page.js_errors == []
