"""The online form (/online) and the application's status page (/a/{code}) on a phone, in Chromium.

Ibu Siti applies from her phone (390x844) in Indonesian with her KTP photo; Pak Joko's phone speaks
English; a busy address gets the proof-of-work puzzle, which the page solves without her noticing.
"""

from __future__ import annotations

import sqlalchemy as sa
from PIL import Image

from server.http.abuse import AbuseGuard, AbuseLimits
from server.storage.schema import application_files, applications
from tests.pages.conftest import PHONE_SIZE
from tests.pages.layout import assert_laid_out, layout_problems
from tests.server.helpers import nik_for

FORM_TEXTS = ".card label span, .card .hint, .privacy li, .privacy h2, .consent span, #send, .intro, #lang"


def phone(new_context, url: str, locale: str = "id-ID"):
    page = new_context(viewport=PHONE_SIZE, is_mobile=True, has_touch=True, locale=locale).new_page()
    page.goto(url)
    page.wait_for_function("document.body.classList.contains('ready')")
    return page


def fill(page, nik: str, ktp_path=None) -> None:
    page.fill("#nik", nik)
    page.fill("#name", "Siti Aminah")
    page.fill("#address", "Jl. Melati No. 5, Kelurahan Kampung Baru, Pariaman Tengah")
    page.fill("#phone", "0812 3456 7890")
    page.fill("#email", "siti@example.org")
    page.fill("#need", "Surat keterangan DTKS untuk beasiswa sekolah anak")
    if ktp_path:
        page.set_input_files("#ktp", str(ktp_path))


def test_siti_applies_from_her_phone_and_reads_her_code_and_deadline(server, new_context, artifacts, tmp_path):
    ktp = tmp_path / "ktp.jpg"
    Image.new("RGB", (800, 500), (210, 190, 160)).save(ktp, "JPEG")
    page = phone(new_context, server.url + "/online")
    assert page.locator("#service option").all_inner_texts() == ["Surat Keterangan DTKS"]  # only A is online
    assert "30 hari" in page.locator("#privacy-how-long").inner_text()
    assert page.locator("#problems").is_hidden()
    assert "UU No. 27 Tahun 2022" in page.locator(".privacy").inner_text()
    assert layout_problems(page, FORM_TEXTS) == []
    page.screenshot(path=str(artifacts / "online-form-390x844.png"), full_page=True)

    # Sent without consent and with a NIK one digit short: every problem in plain words, nothing lost.
    fill(page, nik_for(1)[:15], ktp)
    page.click("#send")
    page.locator("#problems li").first.wait_for()
    problems = page.locator("#problems").inner_text()
    assert "terlalu pendek" in problems and "persetujuan" in problems
    assert page.input_value("#name") == "Siti Aminah"
    assert layout_problems(page, "#problems li, #problems p") == []
    page.screenshot(path=str(artifacts / "online-form-errors-390x844.png"), full_page=True)

    page.fill("#nik", nik_for(1))
    page.check("#consent")
    page.click("#send")
    page.locator("#receipt").wait_for()
    with server.ctx.db.read() as conn:
        row = conn.execute(sa.select(applications)).one()
        kinds = [k for (k,) in conn.execute(sa.select(application_files.c.kind))]
    assert page.locator("#code").inner_text() == row.code
    assert page.locator("#deadline").inner_text().startswith("dijawab paling lambat ")
    assert kinds == ["ktp"] and "Foto KTP terkirim." in page.locator("#photo-results").inner_text()
    assert_laid_out(page, "#receipt")
    page.screenshot(path=str(artifacts / "online-receipt-390x844.png"), full_page=True)

    # The status page: her code, the service, the deadline; not her name, NIK or address.
    page.click("#status-link")
    page.locator("#facts dd").first.wait_for()
    text = page.locator("main").inner_text()
    assert row.code in text and "Surat Keterangan DTKS" in text and "Diterima" in text
    for secret in ("Siti", nik_for(1), "Melati", "siti@"):
        assert secret not in page.content()
    assert layout_problems(page, "#code, .headline, .facts dt, .facts dd, #lang") == []
    page.screenshot(path=str(artifacts / "application-status-390x844.png"), full_page=True)


def test_an_english_phone_reads_the_form_in_english_and_a_busy_address_is_checked_quietly(server, new_context,
                                                                                       artifacts):
    # The office's address is busy (a school sent many forms today): the page must solve a puzzle.
    server.app.state.online_guard = AbuseGuard(AbuseLimits(free=0, bits=12))
    page = phone(new_context, server.url + "/online", locale="en-US")
    assert page.locator("#send").inner_text() == "Send the application"
    assert "Personal data notice" in page.locator(".privacy h2").inner_text()
    assert layout_problems(page, FORM_TEXTS) == []
    page.screenshot(path=str(artifacts / "online-form-en-390x844.png"), full_page=True)
    fill(page, nik_for(2))
    page.check("#consent")
    page.click("#send")
    page.locator("#receipt").wait_for(timeout=30000)
    assert page.locator("#deadline").inner_text().startswith("answered by ")
    code = page.locator("#code").inner_text()
    with server.ctx.db.read() as conn:
        assert conn.execute(sa.select(applications.c.language).where(applications.c.code == code)).scalar() == "en"


def test_the_status_page_offers_the_letter_once_approved(server, supervisor, new_context, artifacts):
    r = server.client().post("/api/online/applications", json={
        "service": "A", "nik": nik_for(3), "name": "Siti Aminah", "address": "Jl. Melati 5", "email": "s@example.org",
        "need": "DTKS", "consent": True})
    code = r.json()["code"]
    clerk = server.staff(3)
    app_id = clerk.get("/api/online/inbox").json()["applications"][0]["id"]
    clerk.post(f"/api/online/applications/{app_id}/check", json={"result": "registered"}).raise_for_status()
    clerk.post(f"/api/online/applications/{app_id}/reply", json={}).raise_for_status()
    letter = clerk.post(f"/api/online/applications/{app_id}/letter").json()
    supervisor.post(f"/api/letters/{letter['id']}/approve").raise_for_status()

    page = new_context(viewport=PHONE_SIZE, is_mobile=True, has_touch=True, locale="id-ID").new_page()
    page.goto(server.url + f"/a/{code}")
    page.locator("#copy-form").wait_for()
    assert "TERDAFTAR" in page.locator("#reply").inner_text()
    assert "Siti" not in page.content() and nik_for(3) not in page.content()
    assert layout_problems(page, ".box h2, #reply, #letter-text, #download, .facts dt, .facts dd") == []
    # A wrong NIK: refused in plain words; hers: the PDF downloads.
    page.fill("#copy-nik", nik_for(4))
    page.click("#download")
    page.locator("#copy-message.bad").wait_for()
    page.screenshot(path=str(artifacts / "application-status-letter-390x844.png"), full_page=True)
    page.fill("#copy-nik", nik_for(3))
    with page.expect_download() as download:
        page.click("#download")
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    page.locator("#copy-message:not(.bad)").get_by_text("Surat sudah diunduh.").wait_for()


def test_the_clerk_works_an_application_through_the_inbox(server, new_context, artifacts):
    from tests.pages.conftest import STAFF_SIZE, login

    public = server.client()
    first = public.post("/api/online/applications", json={
        "service": "A", "nik": nik_for(5), "name": "Siti Aminah", "address": "Jl. Melati No. 5, Pariaman",
        "phone": "0812 3456 7890", "email": "siti@example.org", "need": "Surat DTKS untuk beasiswa anak",
        "consent": True}).json()
    public.post("/api/online/applications", json={
        "service": "A", "nik": nik_for(6), "name": "Joko Susilo", "address": "Jl. Kenanga 2",
        "email": "joko@example.org",
        "need": "DTKS", "consent": True}).raise_for_status()
    ktp = Image.new("RGB", (640, 400), (120, 160, 200))
    import io
    buf = io.BytesIO()
    ktp.save(buf, "PNG")
    public.put(f"/api/online/applications/{first['code']}/files/ktp", content=buf.getvalue()).raise_for_status()
    # Siti's is a day late: received two office days ago (moved back in the database, as if it had waited).
    server.sql(applications.update().where(applications.c.code == first["code"]).values(deadline="2000-01-03"))

    who = server.creds["staff"][3]
    ctx = new_context(viewport=STAFF_SIZE)
    login(ctx, server, who)
    page = ctx.new_page()
    page.goto(server.url + "/staff")
    page.locator("#to-inbox").click()
    page.wait_for_function("window.antreInbox && window.antreInbox.ready")
    items = page.locator("#apps .case")
    assert items.count() == 2
    assert "Siti Aminah" in items.first.inner_text() and "Lewat batas" in items.first.inner_text()
    assert nik_for(5) not in page.content()
    assert layout_problems(page, "#apps .case span, .top h1, .top .link") == []

    items.first.click()
    page.locator(".nik").get_by_text(nik_for(5)).wait_for()
    page.locator(".photos img").evaluate("img => img.complete || new Promise(r => img.onload = r)")
    assert page.locator(".photos img").evaluate("img => img.naturalWidth") == 640
    assert "null" not in page.locator("#detail").inner_text()
    page.screenshot(path=str(artifacts / "inbox-open-1366x768.png"))
    page.select_option("#siks-result", "registered")
    page.click("#save-check")
    page.locator("#reply-text").wait_for()
    assert "TERDAFTAR" in page.input_value("#reply-text")
    page.click("#send-reply")
    page.locator("#make-letter").wait_for()
    page.click("#make-letter")
    page.locator(".step .done").wait_for()
    from common.vocabulary import LETTER_STATUSES
    assert page.locator(".step .done").inner_text().startswith(f"Surat: {LETTER_STATUSES['draft'][0]}")
    assert_laid_out(page, "#detail")
    page.screenshot(path=str(artifacts / "inbox-answered-1366x768.png"), full_page=True)
    page.click("#close-app")
    page.wait_for_function("document.querySelectorAll('#apps .case').length === 1")
    assert "Joko" in page.locator("#apps").inner_text()


def test_the_technician_opens_a_service_online_with_one_tick(server, new_context, artifacts):
    from tests.pages.conftest import STAFF_SIZE, login

    ctx = new_context(viewport=STAFF_SIZE, locale="id-ID")
    login(ctx, server, server.creds["admin"])
    page = ctx.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server.url + "/admin/services")
    page.wait_for_function("window.antreAdmin && window.antreAdmin.ready === true")
    page.locator('#svc-rows tr[data-code="A"]').get_by_text("Layanan daring").wait_for()
    page.locator('#svc-rows tr[data-code="B"]').get_by_role("button", name="Ubah").click()
    page.check("#sv-online")
    assert layout_problems(page, "#sv-online + span, #sv-nik_optional + span, #sv-kiosk_visible + span") == []
    page.screenshot(path=str(artifacts / "admin-service-online-1366x768.png"))
    page.click("#svc-save")
    page.locator('#svc-rows tr[data-code="B"]').get_by_text("Layanan daring").wait_for()
    assert [s["code"] for s in server.client().get("/api/online/services").json()["services"]] == ["A", "B"]
    assert errors == []


def test_the_laporan_page_shows_the_online_promise_kept(server, new_context, artifacts):
    from tests.pages.conftest import STAFF_SIZE, login

    public, clerk = server.client(), server.staff(3)
    for i in (21, 22):
        public.post("/api/online/applications", json={"service": "A", "nik": nik_for(i), "name": f"Warga {i}",
                                                      "address": "Jl. 1", "email": f"w{i}@example.org", "need": "DTKS",
                                                      "consent": True}).raise_for_status()
    first = clerk.get("/api/online/inbox").json()["applications"][0]["id"]
    clerk.post(f"/api/online/applications/{first}/check", json={"result": "registered"}).raise_for_status()
    clerk.post(f"/api/online/applications/{first}/reply", json={}).raise_for_status()
    for size, name in ((STAFF_SIZE, "1366x768"), ({"width": 800, "height": 1280}, "800x1280")):
        ctx = new_context(viewport=size, locale="id-ID")
        login(ctx, server, server.creds["supervisor"])
        page = ctx.new_page()
        page.goto(server.url + "/laporan?kind=day")
        page.wait_for_function("window.antreReports && window.antreReports.ready === true", timeout=20000)
        assert page.locator("#o-received").inner_text() == "2"
        assert page.locator("#o-in-time").inner_text() == "1"
        assert page.locator("#o-pct").inner_text() == "50,0%"   # one of two, with the page's decimal comma
        page.locator("#online-panel").scroll_into_view_if_needed()
        assert_laid_out(page, "#online-panel")
        page.screenshot(path=str(artifacts / f"laporan-online-{name}.png"))


def test_the_pages_html_has_no_text_that_stays_indonesian_in_english():
    from pathlib import Path

    from tests.pages.leftovers import untranslated_html

    pages = Path(__file__).resolve().parents[2] / "server" / "pages"
    for name in ("online.html", "application-status.html", "inbox.html"):
        assert untranslated_html(pages / name, {"Antre"}) == [], name


def test_the_inbox_and_the_form_in_english_leave_no_indonesian(server, new_context):
    from tests.pages.conftest import STAFF_SIZE, login
    from tests.pages.leftovers import indonesian_left

    server.client().post("/api/online/applications", json={
        "service": "A", "nik": nik_for(31), "name": "Joko Susilo", "address": "Jl. Kenanga 2", "email": "j@example.org",
        "need": "DTKS", "consent": True}).raise_for_status()
    form = phone(new_context, server.url + "/online", locale="en-US")
    # the switch names the other language in that language: "Bahasa Indonesia" on purpose
    assert indonesian_left(form, ["/pages/online-texts.js"], ("Bahasa Indonesia",)) == []
    who = server.creds["staff"][3]
    clerk = server.staff(3)
    clerk.put("/api/auth/me/language", json={"language": "en"}).raise_for_status()
    ctx = new_context(viewport=STAFF_SIZE, locale="en-US")
    login(ctx, server, who)
    page = ctx.new_page()
    page.goto(server.url + "/inbox")
    page.wait_for_function("window.antreInbox && window.antreInbox.ready")
    page.locator("#apps .case").first.click()
    page.locator("#save-check").wait_for()
    assert page.locator("#list-title").inner_text() == "Online applications"
    assert indonesian_left(page, ["/pages/inbox-texts.js"], ("Joko Susilo", "Jl. Kenanga 2", "DTKS")) == []
