"""/admin › Pemberitahuan in Chromium (1366x768): Pak Budi, the technician, sets up WhatsApp and email,
sends a test message, and reads the outbox; with nothing set up the page says messages are only logged."""

from __future__ import annotations

import pytest

from tests.live import LiveServer
from tests.pages.conftest import open_admin
from tests.pages.layout import layout_problems
from tests.pages.leftovers import indonesian_left
from tests.standins import WhatsAppStandIn

TEXT = "#sec-notifications .section-head h1, #sec-notifications .section-head p, #ntf-status li, .ntf-demo-line, " \
       ".ntf-group legend, .ntf-grid label, .ntf-test h2, .ntf-test label, #ntf-save, #ntf-send-test, .ntf-count, " \
       ".ntf-table th, .ntf-table td, .tabs a"


@pytest.fixture
def server(tmp_path):
    """The demo office as installed: no provider set up (the log notifier serves every channel)."""
    s = LiveServer(tmp_path / "data", overrides={"notify_poll_seconds": 0.2, "notify_retry_seconds": 0.3}).start()
    yield s
    s.stop()


def test_with_nothing_set_up_the_page_says_messages_are_only_logged(server, new_context, artifacts):
    page = open_admin(new_context, server, "notifications")
    page.get_by_text("pesan hanya dicatat di log server").wait_for()
    assert page.locator("#ntf-status li").count() == 3
    assert layout_problems(page, TEXT) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    page.screenshot(path=str(artifacts / "admin-notifications-demo-1366x768.png"), full_page=True)
    assert page.js_errors == []


def test_pak_budi_sets_up_whatsapp_and_email_and_sends_a_test(server, whatsapp, smtp, new_context, artifacts):
    page = open_admin(new_context, server, "notifications")
    page.fill("#ntf-smtp_host", "127.0.0.1")
    page.fill("#ntf-smtp_port", str(smtp.port))
    page.fill("#ntf-smtp_from", "antre@dinsos.example")
    page.fill("#ntf-whatsapp_api_url", whatsapp.url)
    page.fill("#ntf-whatsapp_phone_id", whatsapp.phone_id)
    page.fill("#ntf-whatsapp_token", whatsapp.token)
    page.fill("#ntf-notify_near_ahead", "2")
    page.click("#ntf-save")
    page.get_by_text("Pengaturan pemberitahuan disimpan").wait_for()
    page.get_by_text("aktif, pesan dikirim").first.wait_for()
    # The token is stored, never shown again
    assert whatsapp.token not in page.content()
    assert "tersimpan" in page.get_attribute("#ntf-whatsapp_token", "placeholder")
    assert page.input_value("#ntf-notify_near_ahead") == "2"

    # A bad value is named next to its field, in Indonesian, and nothing is lost
    page.fill("#ntf-smtp_from", "bukan-alamat")
    page.click("#ntf-save")
    page.get_by_text("Alamat pengirim harus berupa alamat email").wait_for()
    page.fill("#ntf-smtp_from", "antre@dinsos.example")

    # The test message goes through the outbox to the number he types
    page.fill("#ntf-to", "0812 3456 7890")
    page.click("#ntf-send-test")
    page.get_by_text("Pesan uji masuk antrean kirim").wait_for()
    [(to, body)] = whatsapp.wait_for(1) and whatsapp.texts()
    assert to == "6281234567890" and "Pesan uji" in body
    page.fill("#ntf-to", "budi@example.org")
    page.click("#ntf-send-test")
    [mail] = smtp.wait_for(1)
    assert mail["To"] == "budi@example.org"
    page.locator("#ntf-rows tr.ntf-sent").nth(1).wait_for()
    # A number WhatsApp cannot deliver to is marked failed, with the provider's reason, and not retried
    whatsapp.fail_next(*WhatsAppStandIn.undeliverable())
    page.fill("#ntf-to", "0813 1111 2222")
    page.click("#ntf-send-test")
    page.locator("#ntf-rows tr.ntf-failed").wait_for()
    assert "131026" in page.locator("#ntf-rows tr.ntf-failed .ntf-error").inner_text()
    assert page.locator("#ntf-rows tr.ntf-failed td").nth(4).inner_text().startswith("Gagal")
    assert "6281234567890" not in page.locator("#ntf-rows").inner_text()  # masked
    page.evaluate("window.scrollTo(0, 0)")
    assert layout_problems(page, TEXT) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366  # nothing pushed off the header
    page.screenshot(path=str(artifacts / "admin-notifications-1366x768.png"), full_page=True)
    assert page.js_errors == []


def test_in_english_the_section_leaves_no_indonesian(server, new_context, artifacts):
    admin = server.admin()
    assert admin.put("/api/auth/me/language", json={"language": "en"}).status_code == 200
    admin.post("/api/admin/notifications/test", json={"to": "0812 3456 7890"}).raise_for_status()
    page = open_admin(new_context, server, "notifications")
    page.get_by_text("messages are only written to the server log").wait_for()
    page.locator("#ntf-rows tr.ntf-sent").wait_for()
    assert page.locator("#ntf-rows tr.ntf-sent td").nth(1).inner_text() == "Server log"  # never left the server
    left = indonesian_left(page, ["/pages/admin/texts.js"], ("Dinas Sosial Kota Demo", "admin"))
    assert not left, left
    assert layout_problems(page, TEXT) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    page.screenshot(path=str(artifacts / "admin-notifications-en-1366x768.png"), full_page=True)
