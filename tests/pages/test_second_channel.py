"""The second channel, whole: Ibu Siti applies from her phone and gets a letter anyone can verify.

Real parts only: the server, Chromium on a 390x844 phone and a 1366x768 office PC, an SMTP server
(aiosmtpd) and a stand-in of the WhatsApp Cloud API on 127.0.0.1, the outbox worker between them.
Ibu Siti applies with email and WhatsApp and a photo of her KTP; Petugas Loket 4 opens it in the
inbox (the look is audited), records "registered" from SIKS-NG, replies and drafts the letter; the
head of office (kepala) approves it. Each contact gets exactly the three expected messages, once,
none with her NIK; her letter opens with the right text; its QR code leads to a page that says it
is valid, and says revoked once the office revokes it.
"""

from __future__ import annotations

import re
import time

import pypdfium2 as pdfium
import pytest
import sqlalchemy as sa
import zxingcpp
from PIL import Image

from server.storage.schema import audit_log
from tests.live import LiveServer
from tests.pages.conftest import PHONE_SIZE, STAFF_SIZE, login
from tests.server.helpers import nik_for

NIK = nik_for(1)
EMAIL, PHONE, WA_NUMBER = "siti@example.org", "0812 3456 7890", "6281234567890"
FAST = {"notify_retry_seconds": 0.3, "notify_poll_seconds": 0.2}


@pytest.fixture
def office(tmp_path, whatsapp, smtp):
    s = LiveServer(tmp_path / "data", overrides={**FAST, **whatsapp.settings(), "smtp_host": "127.0.0.1",
                                                 "smtp_port": smtp.port, "smtp_from": "antre@dinsos.example"}).start()
    yield s
    s.stop()


def no_nik(text: str) -> bool:
    """Not hers, not anyone's: no 16-digit run in the words (links' tokens are hex, not read as digits)."""
    words = re.sub(r"https?://\S+", "", text)
    digits = re.sub(r"(?<=\d)[\s.\-](?=\d)", "", words)
    return NIK not in text and re.search(r"\d{16}", digits) is None


def mails_and_texts(smtp, whatsapp, count: int):
    mails = smtp.wait_for(count)
    texts = whatsapp.wait_for(count) and whatsapp.texts()
    return mails, texts


def test_siti_applies_online_and_gets_a_letter_anyone_can_verify(office, smtp, whatsapp, new_context, artifacts,
                                                                 tmp_path):
    # -- Ibu Siti, at home, on her phone --------------------------------------------------------------
    ktp = tmp_path / "ktp.jpg"
    Image.new("RGB", (900, 570), (214, 196, 170)).save(ktp, "JPEG")
    phone = new_context(viewport=PHONE_SIZE, is_mobile=True, has_touch=True, locale="id-ID",
                        accept_downloads=True).new_page()
    phone.goto(office.url + "/online")
    phone.wait_for_function("document.body.classList.contains('ready')")
    phone.fill("#nik", NIK)
    phone.fill("#name", "Siti Aminah")
    phone.fill("#address", "Jl. Melati No. 5, Kota Demo")
    phone.fill("#phone", PHONE)
    phone.fill("#email", EMAIL)
    phone.fill("#need", "Surat keterangan DTKS untuk beasiswa sekolah anak")
    phone.set_input_files("#ktp", str(ktp))
    phone.check("#consent")
    phone.click("#send")
    phone.locator("#receipt").wait_for()
    code = phone.locator("#code").inner_text()
    deadline_words = phone.locator("#deadline").inner_text()
    phone.screenshot(path=str(artifacts / "second-channel-receipt-390x844.png"), full_page=True)

    # She hears it on both contacts: the code, the link to her status page, the deadline in words.
    [mail], [(to, text)] = mails_and_texts(smtp, whatsapp, 1)
    assert mail["To"] == EMAIL and to == WA_NUMBER
    for body in (mail.get_content(), text):
        assert code in body and f"/a/{code}" in body and deadline_words.split("lambat ")[1] in body

    # -- Petugas Loket 4, in the back office ----------------------------------------------------------
    ctx = new_context(viewport=STAFF_SIZE, locale="id-ID")
    login(ctx, office, office.creds["staff"][3])
    desk = ctx.new_page()
    desk.goto(office.url + "/inbox")
    desk.wait_for_function("window.antreInbox && window.antreInbox.ready")
    desk.locator("#apps .case").first.click()
    desk.locator(".nik").get_by_text(NIK).wait_for()
    desk.select_option("#siks-result", "registered")
    desk.click("#save-check")
    desk.locator("#reply-text").wait_for()
    desk.click("#send-reply")
    desk.locator("#make-letter").wait_for()
    desk.click("#make-letter")
    desk.locator(".step .done").wait_for()
    desk.screenshot(path=str(artifacts / "second-channel-inbox-1366x768.png"), full_page=True)
    with office.ctx.db.read() as conn:
        looks = conn.execute(sa.select(audit_log.c.actor).where(audit_log.c.action == "application.viewed")).all()
    assert looks and {a for (a,) in looks} == {"user:petugas4"}

    # -- The head of office approves the letter -------------------------------------------------------
    kepala = office.login(office.creds["supervisor"]["username"], office.creds["supervisor"]["password"])
    [draft] = [l for l in kepala.get("/api/letters").json()["letters"] if l["status"] == "draft"]
    approved = kepala.post(f"/api/letters/{draft['id']}/approve")
    assert approved.status_code == 200, approved.text

    # Three messages on each contact: received, answered, letter ready; once each, none with her NIK.
    mails, texts = mails_and_texts(smtp, whatsapp, 3)
    time.sleep(1.5)  # a duplicate would have been sent by now (the worker polls every 0.2 s)
    assert len(smtp.messages) == 3 and len(whatsapp.received) == 3
    assert {m["To"] for m in mails} == {EMAIL} and {to for to, _ in texts} == {WA_NUMBER}
    bodies = [m["Subject"] + "\n" + m.get_content() for m in mails] + [t for _, t in texts]
    assert [b for b in bodies if not no_nik(b)] == []
    assert all(code in b for b in bodies)
    assert sum("Terdaftar di DTKS" in b for b in bodies) >= 2  # the answer, on both contacts

    # -- Back on her phone: the status page offers the letter; her NIK opens it ------------------------
    phone.goto(office.url + f"/a/{code}")
    phone.locator("#copy-form").wait_for()
    assert NIK not in phone.content()
    phone.fill("#copy-nik", NIK)
    with phone.expect_download() as download:
        phone.click("#download")
    with open(download.value.path(), "rb") as f:
        pdf = f.read()
    phone.screenshot(path=str(artifacts / "second-channel-status-390x844.png"), full_page=True)
    doc = pdfium.PdfDocument(pdf)
    page = doc[0]
    text = page.get_textpage().get_text_range()
    png = artifacts / "second-channel-letter.png"
    page.render(scale=2).to_pil().save(png)
    number = approved.json()["number"]
    assert "Siti Aminah" in text and number in text and "Jl. Melati No. 5" in text
    assert "TERDAFTAR" in text.upper()

    # Its QR code leads to the office's check page, which says the letter is valid ...
    [url] = [b.text for b in zxingcpp.read_barcodes(Image.open(png).convert("L"))]
    assert url.startswith(office.url + "/v/")
    checker = new_context(viewport=PHONE_SIZE, is_mobile=True, locale="id-ID").new_page()
    checker.goto(url)
    checker.locator("#verdict").get_by_text("SAH", exact=True).wait_for()
    assert NIK not in checker.content() and "Siti Aminah" not in checker.content()
    checker.screenshot(path=str(artifacts / "second-channel-verify-valid-390x844.png"), full_page=True)

    # ... until the office revokes it.
    revoked = kepala.post(f"/api/letters/{draft['id']}/revoke", json={"reason": "Data keluarga berubah"})
    assert revoked.status_code == 200, revoked.text
    checker.reload()
    checker.locator("#verdict").get_by_text("DICABUT", exact=True).wait_for()
    checker.screenshot(path=str(artifacts / "second-channel-verify-revoked-390x844.png"), full_page=True)
    doc.close()
