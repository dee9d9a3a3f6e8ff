"""Each notifier against a local stand-in of its provider: what goes out, and how answers are read."""

from __future__ import annotations

import pytest

from server.notifiers.base import Message, PermanentFailure, TemporaryFailure
from server.notifiers.sms import SmsNotifier
from server.notifiers.smtp import SmtpNotifier
from server.notifiers.whatsapp import WhatsAppNotifier
from tests.live import free_port
from tests.standins import error_body

JOKO = "6281234567890"


def message(recipient=JOKO, channel="whatsapp", outbox_id=7, body="Antrean A012: Anda dipanggil ke Loket 2."):
    return Message(outbox_id=outbox_id, channel=channel, recipient=recipient, template="ticket_called",
                   subject="Anda dipanggil", body=body, unsubscribe_url="http://antre.test/api/notify/opt-out/x.y")


def test_an_email_carries_a_message_id_from_its_outbox_row_and_an_unsubscribe_line(smtp):
    notifier = SmtpNotifier("127.0.0.1", smtp.port, sender="antre@dinsos.example", id_domain="dinsos.example")
    result = notifier.send(message("siti@example.org", "email", outbox_id=41))
    [mail] = smtp.wait_for(1)
    assert mail["Message-ID"] == "<outbox-41@dinsos.example>" == result.provider_id
    assert mail["To"] == "siti@example.org" and mail["From"] == "antre@dinsos.example"
    assert mail["List-Unsubscribe"] == "<http://antre.test/api/notify/opt-out/x.y>"
    text = mail.get_content()
    assert "Anda dipanggil ke Loket 2" in text and "http://antre.test/api/notify/opt-out/x.y" in text


def test_an_unreachable_smtp_server_is_a_temporary_failure():
    notifier = SmtpNotifier("127.0.0.1", free_port(), sender="antre@dinsos.example", timeout=2)
    with pytest.raises(TemporaryFailure):
        notifier.send(message("siti@example.org", "email"))


def test_whatsapp_sends_the_cloud_api_text_message_with_the_bearer_token(whatsapp):
    notifier = WhatsAppNotifier(whatsapp.url, whatsapp.token, whatsapp.phone_id)
    result = notifier.send(message())
    [request] = whatsapp.received
    assert request["path"] == f"/v21.0/{whatsapp.phone_id}/messages"
    assert request["json"]["messaging_product"] == "whatsapp" and request["json"]["type"] == "text"
    assert whatsapp.texts() == [(JOKO, "Antrean A012: Anda dipanggil ke Loket 2.")]
    assert result.provider_id.startswith("wamid.")


@pytest.mark.parametrize("status, body, kind", [
    (429, error_body(130429, "Rate limit hit"), TemporaryFailure),
    (400, error_body(131056, "(Business Account, Consumer Account) pair rate limit hit"), TemporaryFailure),
    (500, error_body(131000, "Something went wrong"), TemporaryFailure),
    (503, {}, TemporaryFailure),
    (400, error_body(131026, "Message undeliverable"), PermanentFailure),
    (400, error_body(131047, "Re-engagement message"), PermanentFailure),
    (400, error_body(100, "Invalid parameter"), PermanentFailure),
])
def test_whatsapp_errors_are_read_as_temporary_or_permanent(whatsapp, status, body, kind):
    whatsapp.fail_next(status, body)
    with pytest.raises(kind):
        WhatsAppNotifier(whatsapp.url, whatsapp.token, whatsapp.phone_id).send(message())
    assert whatsapp.received == []


def test_a_wrong_whatsapp_token_is_permanent(whatsapp):
    with pytest.raises(PermanentFailure, match="190"):
        WhatsAppNotifier(whatsapp.url, "stale-token", whatsapp.phone_id).send(message())


def test_the_rate_limit_answer_passes_on_retry_after(whatsapp):
    whatsapp.fail_next(429, error_body(130429, "Rate limit hit"), headers={"Retry-After": "7"})
    with pytest.raises(TemporaryFailure) as caught:
        WhatsAppNotifier(whatsapp.url, whatsapp.token, whatsapp.phone_id).send(message())
    assert caught.value.retry_after == 7


def test_an_sms_gateway_url_template_gets_the_values_url_encoded(sms):
    body = "Antrean A012: Anda dipanggil ke Loket 2 & segera."
    SmsNotifier(sms.template()).send(message(body=body))
    [request] = sms.received
    assert request["query"] == {"to": JOKO, "text": body}  # decoded back exactly: '&' and spaces survived


def test_an_sms_gateway_may_take_a_json_post(sms):
    SmsNotifier(f"POST {sms.url}/send").send(message())
    assert sms.texts() == [(JOKO, "Antrean A012: Anda dipanggil ke Loket 2.")]


def test_sms_gateway_refusals(sms):
    sms.fail_next(503, {})
    with pytest.raises(TemporaryFailure):
        SmsNotifier(sms.template()).send(message())
    sms.fail_next(400, {"error": "bad number"})
    with pytest.raises(PermanentFailure):
        SmsNotifier(sms.template()).send(message())
