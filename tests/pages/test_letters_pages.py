"""The letter's pages in Chromium against a real server: the public verification page on a phone
(390x844), the letters register at a PC (1366x768), the template editor on /admin.

Personas: Ibu Siti, whose letter it is; Petugas 1, who drafted it; Kepala Dinas, who approves it;
someone at a bank who scans the QR code on the paper.
"""

from __future__ import annotations

from tests.pages.conftest import PHONE_SIZE
from tests.pages.layout import layout_problems

ON_THE_VERIFY_CARD = "#verdict, #meaning, .facts dt, .facts dd, #lang, #copy h2, #copy .hint, #copy-btn"


def approved_letter_for_siti(server, siti, front_office, supervisor) -> dict:
    assert siti.takes_ticket("A").status_code == 201
    ticket = front_office.calls_next().json()
    draft = front_office.http.post("/api/letters", json={
        "ticket_id": ticket["id"], "holder_name": "Siti Aminah", "address": "Jl. Melati No. 3, Kota Demo",
        "result": "registered", "checked_on": "2026-12-01"}).json()
    return supervisor.post(f"/api/letters/{draft['id']}/approve").json()


def open_phone(new_context, url: str, locale: str = "id-ID"):
    phone = new_context(viewport=PHONE_SIZE, is_mobile=True, has_touch=True, locale=locale,
                        accept_downloads=True).new_page()
    phone.goto(url)
    phone.wait_for_selector("#card:not(.loading)")
    return phone


def test_the_bank_clerk_scans_siti_s_letter_and_sees_it_valid_then_revoked(
        server, siti, front_office, supervisor, new_context, artifacts):
    letter = approved_letter_for_siti(server, siti, front_office, supervisor)
    phone = open_phone(new_context, f"{server.url}/v/{letter['verify_code']}")
    assert phone.locator("#verdict").inner_text() == "SAH"
    facts = phone.locator("#facts").inner_text()
    assert letter["number"] in facts and "Si** Am****" in facts and letter["nik_masked"] in facts
    assert siti.nik not in phone.content() and "Aminah" not in phone.content()
    assert phone.locator("#card").evaluate("e => getComputedStyle(e.querySelector('#verdict')).color") \
        == "rgb(27, 122, 62)"
    assert layout_problems(phone, ON_THE_VERIFY_CARD) == []
    phone.screenshot(path=str(artifacts / "verify-valid-390x844.png"), full_page=True)

    # A wrong NIK is refused politely; her own NIK downloads her copy.
    phone.fill("#nik", "3276010101900099")
    phone.click("#copy-btn")
    phone.locator("#copy-error").get_by_text("NIK tidak cocok", exact=False).wait_for()
    assert layout_problems(phone, "#copy-error, #copy-btn, #nik") == []
    phone.screenshot(path=str(artifacts / "verify-wrong-nik-390x844.png"), full_page=True)
    phone.fill("#nik", siti.nik)
    with phone.expect_download() as download:
        phone.click("#copy-btn")
    assert download.value.path().read_bytes().startswith(b"%PDF")
    assert phone.locator("#copy-error").is_hidden() and phone.input_value("#nik") == ""

    # Revoked: the same address now says so, in red, and offers no copy.
    supervisor.post(f"/api/letters/{letter['id']}/revoke", json={"reason": "Alamat tertulis salah"}).raise_for_status()
    phone.reload()
    phone.wait_for_selector("#card.state-revoked")
    assert phone.locator("#verdict").inner_text() == "DICABUT" and phone.locator("#copy").is_hidden()
    assert layout_problems(phone, ON_THE_VERIFY_CARD.replace(", #copy h2, #copy .hint, #copy-btn", "")) == []
    phone.screenshot(path=str(artifacts / "verify-revoked-390x844.png"), full_page=True)


def test_an_unknown_code_says_not_found_and_an_english_phone_reads_english(server, new_context, artifacts):
    phone = open_phone(new_context, f"{server.url}/v/NOSUCHCODE23", locale="en-US")
    assert phone.locator("#verdict").inner_text() == "NOT FOUND"
    assert "not on the office's register" in phone.locator("#meaning").inner_text()
    assert layout_problems(phone, "#verdict, #meaning, #lang, .about") == []
    phone.screenshot(path=str(artifacts / "verify-not-found-en-390x844.png"), full_page=True)
    phone.click("#lang")
    assert phone.locator("#verdict").inner_text() == "TIDAK DITEMUKAN"


def open_register(new_context, server, who: dict, size=None):
    from tests.pages.conftest import STAFF_SIZE, login
    ctx = new_context(viewport=size or STAFF_SIZE, locale="id-ID")
    login(ctx, server, who)
    page = ctx.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{server.url}/surat")
    page.wait_for_function("window.antreLetters && window.antreLetters.ready")
    page.js_errors = errors
    return page


REGISTER_TEXT = ".top h1, #user, .list-tools h2, #scope, .letter .number, .letter .pill, .letter .holder, .letter .when"
DETAIL_TEXT = ".detail-head h2, .detail-head .pill, .kv .k, .kv .v, .actions a, .actions button"


def test_kepala_approves_siti_s_draft_in_the_register_and_revokes_a_wrong_one(
        server, siti, front_office, supervisor, new_context, artifacts):
    assert siti.takes_ticket("A").status_code == 201
    ticket = front_office.calls_next().json()
    for name in ("Siti Aminah", "Siti Aminah Binti Abdullah Rahman Hakim"):
        front_office.http.post("/api/letters", json={
            "ticket_id": ticket["id"], "holder_name": name, "address": "Jl. Melati No. 3, RT 02 / RW 05, Kota Demo",
            "result": "registered", "checked_on": "2026-12-01"}).raise_for_status()
    page = open_register(new_context, server, server.creds["supervisor"])
    assert page.locator(".letter").count() == 2 and page.locator(".letter.st-draft").count() == 2
    assert siti.nik not in page.content()                      # the list: masked NIKs only
    assert layout_problems(page, REGISTER_TEXT) == []

    page.locator(".letter").first.click()
    page.wait_for_selector("#btn-approve")
    assert siti.nik in page.locator("#detail").inner_text()   # opened: the full NIK (audited)
    page.click("#btn-approve")
    page.locator("#message").get_by_text("disetujui dengan nomor", exact=False).wait_for()
    number = page.locator(".detail-head h2").inner_text()
    assert number.startswith("460/1/Dinsos/")
    assert layout_problems(page, REGISTER_TEXT + ", " + DETAIL_TEXT + ", #message, .revoke label") == []
    page.screenshot(path=str(artifacts / "letters-register-approved-1366x768.png"), full_page=True)

    # The second draft gets the next number; then Kepala revokes it with a reason.
    page.locator(".letter.st-draft").first.click()
    page.wait_for_selector("#btn-approve")
    page.click("#btn-approve")
    page.locator(".detail-head h2").get_by_text("460/2/Dinsos/", exact=False).wait_for()
    page.fill("#revoke-reason", "Nama tertulis terlalu panjang, salah ketik")
    page.click("#btn-revoke")
    page.locator("#message").get_by_text("DICABUT", exact=False).wait_for()
    assert page.locator(".letter.st-revoked").count() == 1
    page.screenshot(path=str(artifacts / "letters-register-revoked-1366x768.png"), full_page=True)
    assert page.js_errors == []
    with server.ctx.db.read() as conn:
        import sqlalchemy as sa
        from server.storage.schema import audit_log
        looks = conn.execute(sa.select(sa.func.count()).select_from(audit_log)
                             .where(audit_log.c.action == "letter.viewed")).scalar()
    assert looks == 2


def test_a_clerk_sees_their_drafts_and_no_approve_button(server, siti, front_office, new_context, artifacts):
    assert siti.takes_ticket("A").status_code == 201
    ticket = front_office.calls_next().json()
    front_office.http.post("/api/letters", json={
        "ticket_id": ticket["id"], "holder_name": "Siti Aminah", "address": "Jl. Melati No. 3",
        "result": "not_registered", "checked_on": "2026-12-01"}).raise_for_status()
    page = open_register(new_context, server, server.creds["staff"][0])
    assert "Surat yang Anda buat" in page.locator("#scope").inner_text()
    page.locator(".letter").first.click()
    page.wait_for_selector("#btn-discard")
    assert page.locator("#btn-approve").count() == 0
    assert layout_problems(page, REGISTER_TEXT + ", " + DETAIL_TEXT) == []
    page.screenshot(path=str(artifacts / "letters-register-clerk-1366x768.png"), full_page=True)


def test_the_technician_edits_the_letter_template_on_admin(server, new_context, artifacts):
    from tests.pages.conftest import open_admin
    page = open_admin(new_context, server, "letters")
    page.wait_for_selector("#let-form")
    assert page.input_value("#let-number_pattern") == "460/{seq}/Dinsos/{month_roman}/{year}"
    assert page.input_value("#let-signer_title") == "Kepala Dinas Sosial Kota Demo"
    assert layout_problems(page, ".section-head h1, .let-field > span, .let-hint, .let-check span, .let-actions button") == []
    page.screenshot(path=str(artifacts / "admin-letter-template-1366x768.png"), full_page=True)

    # A pattern without the running number is refused next to the field; nothing is saved.
    page.fill("#let-number_pattern", "460/Dinsos/{year}")
    page.click("#let-save")
    page.locator("#let-err-number_pattern").get_by_text("{seq}", exact=False).wait_for()
    assert server.admin().get("/api/admin/letter-template").json()["number_pattern"].startswith("460/{seq}")
    page.screenshot(path=str(artifacts / "admin-letter-template-error-1366x768.png"), full_page=True)

    # The preview opens a sample PDF of what is typed; saving keeps it.
    page.fill("#let-number_pattern", "474/{seq}/Dinsos/{year}")
    with page.context.expect_page() as popup:
        page.click("#let-preview")
    assert popup.value.url.startswith("blob:")
    page.click("#let-save")
    page.locator("#toast").get_by_text("Templat surat disimpan").wait_for()
    assert server.admin().get("/api/admin/letter-template").json()["number_pattern"] == "474/{seq}/Dinsos/{year}"
    assert page.js_errors == []


def test_the_front_office_drafts_siti_s_letter_after_the_back_office_found_her_registered(
        server, siti, new_context, artifacts):
    from tests.pages.conftest import open_staff
    from tests.pages.layout import assert_laid_out
    t = siti.takes_ticket("A").json()
    front = open_staff(new_context, server, server.creds["staff"][0])
    back = server.staff(1)
    front.keyboard.press("F1")
    front.locator("#current-number").get_by_text(t["number"]).wait_for()
    front.click("#bo-request")
    front.locator("#bo-state").get_by_text("Diminta").wait_for()
    base = f"/api/tickets/{t['id']}/back-office"
    back.post(base + "/take").raise_for_status()
    back.post(base + "/answer", json={"text": "Terdaftar DTKS, desil 2"}).raise_for_status()
    front.locator("#letter-make").click()
    front.locator("#letter-dialog[open]").wait_for()
    assert front.input_value("#letter-result") == "registered"   # read from the back office's words
    front.click("#letter-save")                                  # no name yet: told so, nothing lost
    front.locator("#letter-message").get_by_text("nama pemegang", exact=False).wait_for()
    front.fill("#letter-name", "Siti Aminah")
    front.fill("#letter-address", "Jl. Melati No. 3, Kota Demo")
    assert_laid_out(front, "#letter-dialog")
    front.screenshot(path=str(artifacts / "staff-letter-dialog-1366x768.png"))
    front.click("#letter-save")
    front.locator("#letter-made").get_by_text(t["number"]).wait_for()
    drafts = server.login(server.creds["supervisor"]["username"],
                          server.creds["supervisor"]["password"]).get("/api/letters?status=draft").json()["letters"]
    assert [(d["holder_name"], d["ticket_id"], d["result"], d["nik_masked"]) for d in drafts] == \
        [("Siti Aminah", t["id"], "registered", siti.nik[:4] + "********" + siti.nik[-4:])]


def test_the_register_and_the_check_page_in_english(server, siti, front_office, supervisor, new_context, artifacts):
    from pathlib import Path

    from tests.pages.leftovers import indonesian_left, untranslated_html
    letter = approved_letter_for_siti(server, siti, front_office, supervisor)
    supervisor.put("/api/auth/me/language", json={"language": "en"}).raise_for_status()
    page = open_register(new_context, server, server.creds["supervisor"])
    page.locator(".letter").first.click()
    page.wait_for_selector("#revoke-reason")
    assert page.locator("#btn-revoke").inner_text() == "Revoke letter"
    assert indonesian_left(page, ["/pages/letters-texts.js"]) == []
    assert layout_problems(page, REGISTER_TEXT + ", " + DETAIL_TEXT) == []
    page.screenshot(path=str(artifacts / "letters-register-en-1366x768.png"), full_page=True)

    phone = open_phone(new_context, f"{server.url}/v/{letter['verify_code']}", locale="en-GB")
    assert phone.locator("#verdict").inner_text() == "VALID"
    # The switch names the other language in that language ("Bahasa Indonesia"), as on the status page.
    assert indonesian_left(phone, ["/pages/verify-texts.js"], ("Dinas Sosial Kota Demo", "Bahasa Indonesia")) == []
    pages = Path(__file__).resolve().parents[2] / "server" / "pages"
    for html in ("letters.html", "verify.html"):
        assert untranslated_html(pages / html, {"NIK", "Antre", "English", "ID", "EN"}) == [], html


def test_the_staff_desk_leads_to_the_letters_register(server, new_context, artifacts):
    from tests.pages.conftest import open_staff
    page = open_staff(new_context, server, server.creds["staff"][0])
    assert layout_problems(page, ".inbox-row a") == []
    page.screenshot(path=str(artifacts / "staff-letters-link-1366x768.png"))
    page.click("#to-letters")
    page.wait_for_function("window.antreLetters && window.antreLetters.ready")
    assert page.url.endswith("/surat")
