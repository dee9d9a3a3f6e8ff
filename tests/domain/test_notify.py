"""The rules of citizens' messages: recipients, texts without a NIK, backoff, hourly limit, opt-out links."""

from __future__ import annotations

import pytest

from server.domain import notify


@pytest.mark.parametrize("typed", ["0812-3456-7890", "+62 812 3456 7890", "6281234567890", "812 3456 7890",
                                   "(0812) 3456.7890"])
def test_an_indonesian_mobile_number_is_written_the_international_way(typed):
    assert notify.normalise_phone(typed) == "62" + "81234567890"


@pytest.mark.parametrize("typed", ["", "12345", "0212345678", "08ab34567890", "+1 415 555 0100", "08" + "1" * 20])
def test_what_is_not_an_indonesian_mobile_number_is_refused(typed):
    assert notify.normalise_phone(typed) is None


def test_email_addresses_are_lower_cased_and_nonsense_refused():
    assert notify.normalise_email(" Siti.Aminah@Example.ORG ") == "siti.aminah@example.org"
    for bad in ("siti", "siti@", "@example.org", "siti@example", "a b@example.org", "x@y.z"):
        assert notify.normalise_email(bad) is None


def test_every_template_reads_in_indonesian_and_english_with_its_params():
    for name, (required, _id, _en) in notify.TEMPLATES.items():
        params = {k: f"<{k}>" for k in required}
        for language in ("id", "en"):
            subject, body = notify.render(name, params, language)
            assert subject and body
            for value in params.values():
                assert value in body, (name, language)
            assert "{" not in body


def test_the_near_message_says_how_many_are_ahead_in_plain_indonesian():
    _subject, body = notify.render("ticket_near", {"number": "A012", "ahead": 2, "status_url": "http://x/t/abc"})
    assert "giliran Anda hampir tiba (2 lagi)" in body and "A012" in body
    _subject, body = notify.render("ticket_called", {"number": "A012", "counter": "Loket 2"})
    assert "Anda dipanggil ke Loket 2" in body


def test_a_nik_in_the_params_is_refused_wherever_it_hides():
    nik = "3201" + "0" * 8 + "1234"
    with pytest.raises(notify.NikInMessage):
        notify.check_params("application_answered", {"code": "ABC", "status_url": "u", "result_words": "r",
                                                     "reply": f"NIK {nik} terdaftar"})
    with pytest.raises(notify.NikInMessage):
        notify.check_params("letter_ready", {"code": nik, "status_url": "u"})


def test_a_template_without_its_params_or_an_unknown_one_is_a_bug():
    with pytest.raises(ValueError):
        notify.check_params("ticket_called", {"number": "A001"})
    with pytest.raises(ValueError):
        notify.check_params("no_such_template", {})


def test_retries_wait_twice_as_long_each_time_up_to_an_hour():
    waits = [notify.backoff_seconds(n, 30) for n in range(1, 12)]
    assert waits[:4] == [30, 60, 120, 240]
    assert max(waits) == notify.BACKOFF_CAP_SECONDS
    assert all(a <= b for a, b in zip(waits, waits[1:]))
    assert not notify.give_up(notify.MAX_ATTEMPTS - 1) and notify.give_up(notify.MAX_ATTEMPTS)


def test_a_recipient_over_the_hourly_limit_waits_until_the_oldest_leaves_the_hour():
    now = 10_000.0
    sent = [now - 3000, now - 2000, now - 100]
    assert notify.rate_limited_until(sent, now, per_hour=4) is None
    assert notify.rate_limited_until(sent, now, per_hour=3) == now - 3000 + 3600
    assert notify.rate_limited_until([now - 3700] * 10, now, per_hour=1) is None  # older than the hour


def test_the_unsubscribe_link_names_its_recipient_and_cannot_be_forged():
    token = notify.opt_out_token("secret", "siti@example.org")
    assert notify.recipient_from_token("secret", token) == "siti@example.org"
    assert notify.recipient_from_token("other secret", token) is None
    forged = notify.opt_out_token("guess", "joko@example.org")
    assert notify.recipient_from_token("secret", forged) is None
    assert notify.recipient_from_token("secret", "zz.nothex") is None


def test_recipients_are_masked_for_logs():
    assert notify.mask_recipient("6281234567890") == "6281******890"
    assert notify.mask_recipient("siti@example.org") == "s***@example.org"
