"""Pak Joko leaves his WhatsApp number on his ticket's page (Chromium, 390x844) and is told
"hampir tiba" then "dipanggil" - each exactly once - by a local stand-in of the WhatsApp Cloud API."""

from __future__ import annotations

import re
import time

import pytest

from tests.live import LiveServer
from tests.pages.conftest import PHONE_SIZE
from tests.pages.layout import assert_laid_out, layout_problems
from tests.personas import citizen

IN_THE_BOX = "#contact h2, #contact .contact-text, #contact label, #contact input, #contact button, #contact p"


@pytest.fixture
def server(tmp_path, whatsapp):
    s = LiveServer(tmp_path / "data", overrides={**whatsapp.settings(), "notify_poll_seconds": 0.2,
                                                 "notify_retry_seconds": 0.3}).start()
    yield s
    s.stop()


def open_phone(new_context, url: str, locale: str = "id-ID"):
    phone = new_context(viewport=PHONE_SIZE, is_mobile=True, has_touch=True, locale=locale).new_page()
    phone.goto(url)
    phone.locator("#facts dd").first.wait_for()
    return phone


def test_pak_joko_leaves_his_number_and_hears_near_then_called_once_each(server, whatsapp, joko, front_office,
                                                                        new_context, artifacts):
    # Given three people before Pak Joko for service A
    for i in range(3):
        assert citizen(server, 20 + i).takes_ticket("A").status_code == 201
    assert joko.takes_ticket("A").status_code == 201
    phone = open_phone(new_context, joko.ticket["status_url"])
    phone.locator("#contact").wait_for()
    assert phone.locator("#contact h2").inner_text() == "Kabari saya lewat WhatsApp"
    assert layout_problems(phone, IN_THE_BOX) == []
    phone.screenshot(path=str(artifacts / "ticket-contact-form-390x844.png"), full_page=True)

    # A number that is not a mobile number is explained, in Indonesian, and the box stays
    phone.fill("#contact-to", "12345")
    phone.click("#contact-send")
    phone.get_by_text("Nomor HP tidak valid").wait_for()
    assert phone.locator("#contact-to").is_visible()
    phone.screenshot(path=str(artifacts / "ticket-contact-error-390x844.png"), full_page=True)

    # When he types his number as Indonesians write it
    phone.fill("#contact-to", "0812-3456-7890")
    phone.click("#contact-send")
    phone.get_by_text("Pesan akan dikirim ke 6281").wait_for()
    assert "34567890" not in phone.locator("#contact-done-text").inner_text()  # masked
    assert layout_problems(phone, IN_THE_BOX) == []
    phone.screenshot(path=str(artifacts / "ticket-contact-done-390x844.png"), full_page=True)
    phone.reload()
    phone.get_by_text("Pesan akan dikirim ke 6281").wait_for()  # the page remembers, from the server

    # Then the clerk's first call brings him within three: "near"
    assert front_office.calls_next().status_code == 200
    [(to, near)] = whatsapp.wait_for(1) and whatsapp.texts()
    assert to == "6281234567890" and "giliran Anda hampir tiba (2 lagi)" in near
    # and his own call: "called"
    for _ in range(3):
        front_office.calls_next().raise_for_status()
    whatsapp.wait_for(2)
    phone.locator("#callout-text").get_by_text("Loket 1").wait_for()
    assert not phone.locator("#contact").is_visible()  # called: the callout says it all
    time.sleep(0.6)
    texts = [body for _to, body in whatsapp.texts()]
    assert len(texts) == 2 and "Anda dipanggil ke Loket 1" in texts[1]
    assert not any(re.search(r"\d{16}", body) for body in texts)
    phone.screenshot(path=str(artifacts / "ticket-contact-called-390x844.png"), full_page=True)


def test_in_english_the_box_speaks_english_and_he_can_stop(server, whatsapp, joko, front_office, new_context,
                                                          artifacts):
    assert joko.takes_ticket("A").status_code == 201
    phone = open_phone(new_context, joko.ticket["status_url"], locale="en-US")
    phone.get_by_text("Tell me on WhatsApp").wait_for()
    phone.fill("#contact-to", "+62 812 3456 7890")
    phone.click("#contact-send")
    phone.get_by_text("Messages will go to").wait_for()
    assert_laid_out(phone, "#contact")
    phone.screenshot(path=str(artifacts / "ticket-contact-en-390x844.png"), full_page=True)
    phone.click("#contact-stop")
    phone.locator("#contact-to").wait_for()
    front_office.calls_next().raise_for_status()
    time.sleep(0.8)
    assert whatsapp.requests == []
