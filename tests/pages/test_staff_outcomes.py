"""The front-office clerk finishes a visit with an outcome and prints a referral slip (Chromium).

Personas: petugas1 at Loket 1 and Ibu Siti, who needs KIS and is referred to the
health office (the Pariaman flow ends with a referral); the head of office
reads the day's count per outcome.
"""

from __future__ import annotations

from tests.pages.conftest import STAFF_SIZE, login, open_staff
from tests.pages.layout import assert_laid_out


def test_given_siti_at_the_counter_when_the_clerk_refers_her_to_dinkes_then_a_slip_prints_without_her_nik(
        server, new_context, artifacts, siti, supervisor):
    t = siti.takes_ticket("A").json()
    page = open_staff(new_context, server, server.creds["staff"][0])
    page.keyboard.press("F1")
    page.locator("#current-number").get_by_text(t["number"]).wait_for()
    page.evaluate("window.print = () => {}")
    page.keyboard.press("F4")
    page.locator("#finish-dialog[open]").wait_for()
    page.click("#finish-ok")                      # nothing chosen: told so, nothing sent
    page.locator("#finish-message").get_by_text("Pilih hasil layanan").wait_for()
    assert not page.locator("#finish-refer").is_visible()
    page.check('#finish-outcomes input[value="rujuk_dinkes"]')
    page.fill("#finish-note", "Bawa KK asli")
    page.screenshot(path=str(artifacts / "staff-finish-outcome-1366x768.png"))
    assert_laid_out(page, "#finish-dialog")
    page.click("#finish-refer")
    page.locator("#current.empty").wait_for()
    assert page.evaluate("window.antreStaffPrinted") == 1
    slip = page.locator("#print-area #referral-slip")
    assert slip.locator(".refer-to").inner_text() == "Dinas Kesehatan"
    text = slip.inner_text()
    assert siti.nik not in text and siti.nik[:4] + "********" + siti.nik[-4:] in text
    assert "Bawa KK asli" in text and t["number"] in text
    page.emulate_media(media="print")
    page.screenshot(path=str(artifacts / "staff-referral-slip-print.png"))
    assert_laid_out(page, "#print-area")
    report = supervisor.get("/api/outcomes/summary").json()["outcomes"]
    assert [o["count"] for o in report if o["code"] == "rujuk_dinkes"] == [1]


def test_the_technician_keeps_the_outcome_list_and_marks_a_service_for_issue_without_nik(
        server, new_context, artifacts, front_office):
    ctx = new_context(viewport=STAFF_SIZE, locale="id-ID")
    login(ctx, server, server.creds["admin"])
    page = ctx.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server.url + "/admin/outcomes")
    page.wait_for_function("window.antreAdmin && window.antreAdmin.ready === true")
    page.locator('#out-rows tr[data-code="rujuk_dinkes"]').get_by_text("Dinas Kesehatan").first.wait_for()
    page.click("#out-add")
    page.click("#out-save")                          # no name: said next to the field
    page.locator("#out-form .field-error[data-field='label_id']").wait_for()
    page.fill("#oc-label_id", "Dirujuk ke Dinas Sosial Provinsi")
    page.fill("#oc-referral_to", "Dinas Sosial Provinsi")
    page.click("#out-save")
    row = page.locator('#out-rows tr[data-code="dirujuk_ke_dinas_sosial_provinsi"]')
    row.wait_for()
    page.screenshot(path=str(artifacts / "admin-outcomes-1366x768.png"))
    assert_laid_out(page, "#sec-outcomes")
    offered = [o["code"] for o in front_office.http.get("/api/outcomes").json()]
    assert "dirujuk_ke_dinas_sosial_provinsi" in offered
    page.locator('#out-rows tr[data-code="rujuk_sekolah"]').get_by_role("button", name="Matikan").click()
    page.locator('#out-rows tr[data-code="rujuk_sekolah"]').get_by_text("Tidak dipakai").wait_for()
    assert "rujuk_sekolah" not in [o["code"] for o in front_office.http.get("/api/outcomes").json()]

    # The services tab: "NIK boleh kosong" is one tick, and shown in the list.
    page.click('.tabs a[data-tab="services"]')
    page.locator('#svc-rows tr[data-code="C"]').get_by_text("NIK boleh kosong").wait_for()
    page.locator('#svc-rows tr[data-code="D"]').get_by_role("button", name="Ubah").click()
    page.check("#sv-nik_optional")
    page.click("#svc-save")
    page.locator('#svc-rows tr[data-code="D"]').get_by_text("NIK boleh kosong").wait_for()
    page.screenshot(path=str(artifacts / "admin-services-nik-optional-1366x768.png"))
    assert front_office.http.post("/api/staff/tickets", json={"service": "D"}).status_code == 201
    assert errors == []


def test_the_head_of_office_sees_today_s_outcomes_in_the_overview(server, new_context, artifacts, siti,
                                                                   front_office):
    page = open_staff(new_context, server, server.creds["supervisor"])
    page.locator("#ov-outcomes").get_by_text("Belum ada.").wait_for()
    t = siti.takes_ticket("A").json()
    front_office.calls_next()
    front_office.http.post(f"/api/tickets/{t['id']}/finish", json={
        "counter_id": front_office.counter_id, "outcome": "rujuk_bpjs"}).raise_for_status()
    page.locator('#ov-outcomes .chip[data-code="rujuk_bpjs"]').get_by_text("1").wait_for()
    page.screenshot(path=str(artifacts / "staff-supervisor-outcomes-1366x768.png"))
    assert_laid_out(page, "#overview")
