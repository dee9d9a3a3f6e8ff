"""The complaint register page (/pengaduan) in Chromium, on a staff PC and on a phone.

Petugas Loket 1 records Ibu Siti's complaint from the ticket at the counter (the staff
desk's link prefills it); Petugas Loket 4, the complaint officer, finds it in the
register, verifies it and moves it on; the head of office sees the case without the
name of a complainant who asked to stay anonymous.
"""

import pytest

from tests.pages.conftest import PHONE_SIZE, STAFF_SIZE, issue, login
from tests.pages.layout import layout_problems
from tests.pages.leftovers import indonesian_left, untranslated_html

TEXT = ".top h1, .top .user, .top .link, .lang-btn, #btn-new, .inline, .case-head > *, .case-what, .case-when span, " \
       ".detail-head > *, .kv .k, .kv .v > *, .description, .case-form label > span, .case-form button, .message, " \
       ".note, .from-ticket"


def open_register(new_context, server, who, size=STAFF_SIZE, path="/pengaduan"):
    ctx = new_context(viewport=size, locale="id-ID")
    login(ctx, server, who)
    page = ctx.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server.url + path)
    page.js_errors = errors
    return page


@pytest.fixture
def creds(server):
    c = server.creds
    return {"clerk": c["staff"][0], "officer": c["staff"][3], "head": c["supervisor"]}


def test_a_clerk_records_a_complaint_from_the_ticket_at_the_counter(server, new_context, creds, artifacts):
    ticket = issue(server, "A")
    page = open_register(new_context, server, creds["clerk"],
                         path=f"/pengaduan?ticket={ticket['id']}&number={ticket['number']}&service=A")
    page.wait_for_selector("#new-case")
    page.wait_for_selector("#clerk-only:not([hidden])")   # a clerk records, but does not read the register
    assert page.locator(".from-ticket").inner_text() == f"Dari tiket {ticket['number']} di loket (layanan A)"
    assert page.locator("#n-channel").input_value() == "counter"
    page.select_option("#n-category", "waktu")
    page.fill("#n-description", "Nomor saya terlewat saat petugas berganti.")
    page.fill("#n-name", "Ibu Siti")
    page.fill("#n-contact", "0812 3456 7890")
    page.check("#n-confidential")
    page.screenshot(path=str(artifacts / "complaints-clerk-form-1366.png"))
    assert layout_problems(page, TEXT) == []
    page.click("#btn-record")
    page.wait_for_selector(".message:not(.error)")
    assert page.locator(".message").inner_text().startswith("Pengaduan PGD-")
    assert page.js_errors == []

    # The head of office: the case from the counter, the complainant's identity kept from him.
    head = open_register(new_context, server, creds["head"])
    head.click("button.case")
    head.wait_for_selector(".detail-head h2")
    assert head.locator(".kv .v strong").first.inner_text() != ""
    detail = head.locator("#detail").inner_text()
    assert "Dirahasiakan" in detail and "Ibu Siti" not in detail and "0812" not in detail
    assert ticket["number"] in detail
    head.screenshot(path=str(artifacts / "complaints-head-1366.png"))
    assert layout_problems(head, TEXT) == []


def test_the_complaint_officer_verifies_and_moves_a_case_on(server, new_context, creds, artifacts):
    officer_api = server.staff(3)
    first = officer_api.post("/api/complaints", json={"channel": "whatsapp", "category": "bansos", "confidential": True,
                                                      "description": "BPNT belum cair tiga bulan, sudah lapor ke desa.",
                                                      "complainant_name": "Pak Joko", "complainant_contact": "0813 1111 2222"}).json()
    late = officer_api.post("/api/complaints", json={"channel": "letter", "category": "sarana",
                                                     "description": "Kursi ruang tunggu kurang untuk lansia."}).json()
    import sqlalchemy as sa
    server.sql(sa.text("UPDATE complaints SET deadline = '2020-01-02' WHERE id = :id").bindparams(id=late["id"]))

    page = open_register(new_context, server, creds["officer"])
    page.wait_for_selector("button.case")
    codes = page.locator("button.case .code").all_inner_texts()
    assert codes == [late["code"], first["code"]]          # past its deadline first, marked
    assert page.locator("button.case").first.get_attribute("class").split() == ["case", "overdue"]
    assert page.locator("button.case .badge.late").count() == 1
    page.screenshot(path=str(artifacts / "complaints-officer-list-1366.png"))
    assert layout_problems(page, TEXT) == []

    page.locator(f"button.case[data-id='{first['id']}']").click()
    page.wait_for_selector("#f-verification")
    assert "Pak Joko" in page.locator("#detail").inner_text()   # the officer sees who complained
    assert page.locator(".badge.secret").inner_text() == "Identitas dirahasiakan untuk selain petugas pengaduan"
    page.click("#btn-advance")                                   # verified without a verification: refused
    page.wait_for_selector(".message.error")
    assert "Tuliskan hasil verifikasi" in page.locator(".message").inner_text()
    page.select_option("#f-assigned", "petugas4")
    page.fill("#f-verification", "Data KPM dicek di SIKS-NG: status aktif, penyaluran tertunda di bank.")
    page.click("#btn-advance")
    page.wait_for_selector(".detail-head .pill.st-diverifikasi")
    assert page.locator("#btn-advance").inner_text() == "Simpan & tindak lanjuti"
    page.screenshot(path=str(artifacts / "complaints-officer-case-1366.png"), full_page=True)
    assert layout_problems(page, TEXT) == []
    assert page.js_errors == []

    # The same on the officer's phone.
    phone = open_register(new_context, server, creds["officer"], size=PHONE_SIZE)
    phone.wait_for_selector("button.case")
    phone.screenshot(path=str(artifacts / "complaints-officer-list-390.png"), full_page=True)
    assert layout_problems(phone, TEXT) == []
    phone.locator(f"button.case[data-id='{first['id']}']").click()
    phone.wait_for_selector("#f-verification")
    assert phone.evaluate("scrollY") > 0            # the case, drawn below the list, is brought into view
    phone.screenshot(path=str(artifacts / "complaints-officer-case-390.png"))
    phone.evaluate("scrollTo(0, 0)")                 # the check measures from the top of the page
    assert layout_problems(phone, TEXT) == []
    phone.click("#btn-new")
    phone.wait_for_selector("#new-case")
    assert phone.locator("#detail h2").inner_text() == "Catat pengaduan"
    assert "null" not in phone.locator("#detail").inner_text()
    phone.screenshot(path=str(artifacts / "complaints-form-390.png"))
    phone.evaluate("scrollTo(0, 0)")
    assert layout_problems(phone, TEXT) == []
    assert phone.js_errors == []


def test_the_register_speaks_english_to_an_english_account(server, new_context, creds, artifacts):
    server.staff(3).post("/api/complaints", json={"channel": "counter", "category": "pelayanan",
                                                  "description": "Petugas kurang ramah."})
    ctx = new_context(viewport=STAFF_SIZE)
    login(ctx, server, creds["officer"])
    assert ctx.request.put(server.url + "/api/auth/me/language", data={"language": "en"}).ok
    page = ctx.new_page()
    page.goto(server.url + "/pengaduan")
    page.wait_for_selector("button.case")
    page.click("button.case")
    page.wait_for_selector("#f-verification")
    assert page.locator("#btn-advance").inner_text() == "Save & mark verified"
    left = indonesian_left(page, ["/pages/complaints-texts.js"])
    assert left == []
    page.screenshot(path=str(artifacts / "complaints-english-1366.png"))
    from pathlib import Path
    html = Path(__file__).resolve().parents[2] / "server/pages/complaints.html"
    assert untranslated_html(html, {"Antre"}) == []


def test_the_staff_desk_links_the_citizen_at_the_counter_to_a_new_complaint(server, new_context, creds, artifacts):
    from tests.pages.conftest import open_staff
    from tests.pages.layout import assert_laid_out
    ticket = issue(server, "A")
    page = open_staff(new_context, server, creds["clerk"])
    page.click("#btn-next")
    page.wait_for_selector("#complaint-link")
    link = page.locator("#complaint-link")
    assert link.inner_text() == "Catat pengaduan warga ini\u2026"
    assert link.get_attribute("target") == "_blank"      # the counter stays open in its own tab
    href = link.get_attribute("href")
    assert href == f"/pengaduan?ticket={ticket['id']}&number={ticket['number']}&service=A"
    page.screenshot(path=str(artifacts / "staff-complaint-link-1366.png"))
    assert_laid_out(page, "#current")
    with page.context.expect_page() as opened:
        link.click()
    form = opened.value
    form.wait_for_selector("#new-case")
    assert form.locator("#n-channel").input_value() == "counter"
