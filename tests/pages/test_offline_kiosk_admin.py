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


def test_the_clerk_who_calls_the_ticket_kept_reads_the_merge_and_the_display_shows_the_synced_one(
        server, new_context, artifacts):
    from tests.pages.conftest import open_staff
    from tests.server.helpers import issue, nik_for

    kiosk = server.kiosk()
    lease = kiosk.post("/api/kiosk/leases", json={}).json()
    first = next(b for s in lease["leases"] if s["service"] == "A" for b in s["blocks"])["first"]
    held = issue(kiosk, "A", 5).json()
    now = server.ctx.clock()
    entries = [{"request_id": f"off-{i}", "service": "A", "nik": nik_for(n), "number": f"A-{first + i}",
                "issued_at": now, "office_day": lease["office_day"]} for i, n in ((0, 5), (1, 6))]
    answers = kiosk.post("/api/kiosk/sync", json={"entries": entries}).json()["entries"]
    assert [a["outcome"] for a in answers] == ["merged", "new"]
    staff = open_staff(new_context, server, server.creds["staff"][0])
    staff.locator(f"text=A-{first + 1}").first.wait_for()       # the synced ticket is in the clerk's queue
    server.staff(0).post(f"/api/counters/{server.creds['staff'][0]['counter']}/call-next").raise_for_status()
    staff.locator("#current-number").get_by_text(held["number"]).wait_for()
    staff.get_by_text(f"A-{first} digabung dengan {held['number']}: NIK yang sama").wait_for()
    assert_laid_out(staff, "#current")
    staff.screenshot(path=str(artifacts / "staff-merged-offline-ticket-1366x768.png"))
