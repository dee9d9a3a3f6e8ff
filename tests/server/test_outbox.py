"""The durable outbox, on a real server with stand-ins of the providers.

Delivery rules as the office can rely on them: a committed message is sent once,
even across a power cut; a provider's rate limit is waited out; a permanent
refusal is not retried; an opted-out recipient gets nothing; the hourly limit
delays and never drops; no NIK ever leaves in a message.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time

import pytest
import sqlalchemy as sa

from server.domain import notify
from server.storage.schema import inbound_messages, notify_opt_outs, outbox
from tests.live import LiveServer, ServerProcess, free_port
from tests.standins import SmtpStandIn, WhatsAppStandIn
from tests.server.helpers import nik_for

JOKO = "081234567890"
JOKO_E164 = "6281234567890"
FAST = {"notify_retry_seconds": 0.3, "notify_poll_seconds": 0.2}


@pytest.fixture
def office(tmp_path, whatsapp, smtp):
    """The demo office with WhatsApp and email pointed at the stand-ins."""
    s = LiveServer(tmp_path / "data", overrides={**FAST, **whatsapp.settings(), "smtp_host": "127.0.0.1",
                                                 "smtp_port": smtp.port, "smtp_from": "antre@dinsos.example",
                                                 "whatsapp_app_secret": "app-secret",
                                                 "whatsapp_verify_token": "verify-me"}).start()
    yield s
    s.stop()


def enqueue(server, key="application:1:received", **kw):
    args = dict(template="application_received", params={"code": "ONL-7K2Q", "status_url": "/a/ONL-7K2Q",
                                                         "deadline_words": "Selasa, 9 Desember 2026"}, key=key)
    args.update(kw)
    return server.ctx.db.writer.call(lambda tx: notify.enqueue(tx, **args))


def rows(server, **where):
    with server.ctx.db.read() as conn:
        query = sa.select(outbox)
        for k, v in where.items():
            query = query.where(outbox.c[k] == v)
        return [dict(r) for r in conn.execute(query.order_by(outbox.c.id)).mappings()]


def wait_until(predicate, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def test_a_committed_message_goes_out_by_email_and_whatsapp_once_each(office, smtp, whatsapp):
    assert enqueue(office, email="Siti@Example.org", phone=JOKO) == 2
    assert enqueue(office, email="Siti@Example.org", phone=JOKO) == 0  # same key: nothing more
    [mail] = smtp.wait_for(1)
    [(to, body)] = [t for t in (whatsapp.wait_for(1) and whatsapp.texts())]
    assert to == JOKO_E164 and "ONL-7K2Q" in body
    assert f"{office.url}/a/ONL-7K2Q" in body  # the path got the server's address
    assert mail["To"] == "siti@example.org" and "ONL-7K2Q" in mail.get_content()
    assert wait_until(lambda: all(r["status"] == "sent" for r in rows(office)))
    assert [r["channel"] for r in rows(office)] == ["email", "whatsapp"]
    time.sleep(0.6)  # a few more worker rounds: still one each
    assert len(smtp.messages) == 1 and len(whatsapp.received) == 1


def test_a_nik_is_refused_before_anything_is_written(office):
    with pytest.raises(notify.NikInMessage):
        enqueue(office, phone=JOKO, params={"code": nik_for(3), "status_url": "/a/x", "deadline_words": "besok"})
    assert rows(office) == []


def test_the_provider_rate_limit_is_waited_out_and_the_message_sent_once(office, whatsapp):
    whatsapp.fail_next(*WhatsAppStandIn.rate_limited())
    enqueue(office, phone=JOKO)
    assert wait_until(lambda: rows(office)[0]["status"] == "sent")
    [row] = rows(office)
    assert row["attempts"] == 2 and row["provider_id"].startswith("wamid.")
    assert len(whatsapp.requests) == 2 and len(whatsapp.received) == 1


def test_a_permanent_refusal_fails_at_once_and_is_not_retried(office, whatsapp):
    whatsapp.fail_next(*WhatsAppStandIn.undeliverable())
    enqueue(office, phone=JOKO)
    assert wait_until(lambda: rows(office)[0]["status"] == "failed")
    time.sleep(1.0)  # longer than a few retry delays
    [row] = rows(office)
    assert row["attempts"] == 1 and "131026" in row["last_error"]
    assert len(whatsapp.requests) == 1 and whatsapp.received == []
    shown = office.admin().get("/api/admin/notifications", params={"status": "failed"}).json()
    assert [m["template"] for m in shown["messages"]] == ["application_received"]
    assert shown["messages"][0]["recipient"] != JOKO_E164  # masked on the admin page


def test_an_opted_out_number_gets_nothing(office, whatsapp):
    office.ctx.db.writer.call(lambda tx: notify.opt_out(tx, JOKO, "whatsapp"))
    assert enqueue(office, phone=JOKO) == 0
    [row] = rows(office)
    assert row["status"] == "skipped"
    time.sleep(0.6)
    assert whatsapp.requests == []


def test_the_email_unsubscribe_link_stops_later_emails(office, smtp):
    enqueue(office, email="siti@example.org")
    [mail] = smtp.wait_for(1)
    link = mail["List-Unsubscribe"].strip("<>")
    assert link.startswith(office.url + "/api/notify/opt-out/")
    r = office.client().get(link.removeprefix(office.url))
    assert r.status_code == 200 and "tidak akan menerima" in r.text
    assert office.client().get("/api/notify/opt-out/" + "00.forged").status_code == 404
    assert enqueue(office, key="application:1:answered", template="letter_ready",
                   params={"code": "ONL-7K2Q", "status_url": "/a/ONL-7K2Q"}, email="siti@example.org") == 0
    time.sleep(0.6)
    assert len(smtp.messages) == 1


def test_the_hourly_limit_per_recipient_delays_the_excess_and_drops_nothing(tmp_path, whatsapp):
    s = LiveServer(tmp_path / "data", overrides={**FAST, **whatsapp.settings(),
                                                 "notify_per_recipient_per_hour": 2}).start()
    try:
        for n in range(3):
            enqueue(s, key=f"application:{n}:received", phone=JOKO)
        assert wait_until(lambda: [r["status"] for r in rows(s)].count("sent") == 2)
        time.sleep(0.6)
        statuses = [r["status"] for r in rows(s)]
        assert sorted(statuses) == ["pending", "sent", "sent"] and len(whatsapp.received) == 2
        waiting = rows(s, status="pending")[0]
        first_sent = min(r["sent_at"] for r in rows(s, status="sent"))
        assert waiting["next_attempt_at"] == pytest.approx(first_sent + 3600, abs=1)
    finally:
        s.stop()


def signed(body: dict, secret="app-secret") -> tuple[bytes, dict]:
    raw = json.dumps(body).encode()
    return raw, {"X-Hub-Signature-256": "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest(),
                 "Content-Type": "application/json"}


def inbound(text: str, message_id: str, sender=JOKO_E164) -> dict:
    """The shape Meta posts for a citizen's text message."""
    return {"object": "whatsapp_business_account", "entry": [{"id": "WABA", "changes": [{"field": "messages", "value": {
        "messaging_product": "whatsapp", "metadata": {"display_phone_number": "628111", "phone_number_id": "1234567890"},
        "contacts": [{"profile": {"name": "Joko"}, "wa_id": sender}],
        "messages": [{"from": sender, "id": message_id, "timestamp": "1765080000", "type": "text",
                      "text": {"body": text}}]}}]}]}


def test_the_webhook_handshake_answers_the_challenge_only_with_the_verify_token(office):
    public = office.client()
    ok = public.get("/api/whatsapp/webhook", params={"hub.mode": "subscribe", "hub.verify_token": "verify-me",
                                                    "hub.challenge": "1158201444"})
    assert ok.status_code == 200 and ok.text == "1158201444"
    bad = public.get("/api/whatsapp/webhook", params={"hub.mode": "subscribe", "hub.verify_token": "guess",
                                                     "hub.challenge": "1158201444"})
    assert bad.status_code == 403 and "1158201444" not in bad.text


def test_a_webhook_with_a_wrong_or_missing_signature_is_refused_and_nothing_stored(office, whatsapp):
    public = office.client()
    raw, headers = signed(inbound("Halo", "wamid.IN1"), secret="not-the-secret")
    assert public.post("/api/whatsapp/webhook", content=raw, headers=headers).status_code == 403
    assert public.post("/api/whatsapp/webhook", content=raw,
                       headers={"Content-Type": "application/json"}).status_code == 403
    with office.ctx.db.read() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(inbound_messages)).scalar() == 0
    assert rows(office) == []


def test_a_citizen_writing_on_whatsapp_gets_the_online_form_link_once_and_stop_opts_out(office, whatsapp):
    public = office.client()
    raw, headers = signed(inbound("Halo, saya mau daftar bansos", "wamid.IN1"))
    for _ in range(2):  # Meta may deliver the same webhook twice
        assert public.post("/api/whatsapp/webhook", content=raw, headers=headers).status_code == 200
    whatsapp.wait_for(1)
    [(to, body)] = whatsapp.texts()
    assert to == JOKO_E164 and body.count("/online") == 1 and "BERHENTI" in body
    raw, headers = signed(inbound("berhenti", "wamid.IN2"))
    assert public.post("/api/whatsapp/webhook", content=raw, headers=headers).status_code == 200
    with office.ctx.db.read() as conn:
        assert conn.execute(sa.select(notify_opt_outs.c.source)
                            .where(notify_opt_outs.c.recipient == JOKO_E164)).scalar() == "whatsapp"
    assert enqueue(office, phone=JOKO) == 0
    time.sleep(0.6)
    assert len(whatsapp.received) == 1


def test_a_message_enqueued_before_a_power_cut_is_sent_once_after_restart(tmp_path):
    port = free_port()  # the mail server is down while the message is first tried
    env = {"ANTRE_SMTP_HOST": "127.0.0.1", "ANTRE_SMTP_PORT": str(port), "ANTRE_NOTIFY_RETRY_SECONDS": "0.3",
           "ANTRE_NOTIFY_POLL_SECONDS": "0.2", "ANTRE_NOTIFY_LEASE_SECONDS": "2"}
    proc = ServerProcess(tmp_path / "data", env=env).start()
    smtp = None
    try:
        admin = _login(proc)
        r = admin.post("/api/admin/notifications/test", json={"to": "siti@example.org"})
        assert r.status_code == 200 and r.json()["queued"] == 1
        assert wait_until(lambda: admin.get("/api/admin/notifications").json()["messages"][0]["attempts"] >= 1)
        proc.kill()  # like a power cut: no shutdown code runs
        smtp = SmtpStandIn(port).start()
        proc = ServerProcess(tmp_path / "data", port=proc.port, env=env).start()
        assert len(smtp.wait_for(1)) == 1
        admin.close()
        admin = _login(proc)
        assert wait_until(lambda: admin.get("/api/admin/notifications").json()["messages"][0]["status"] == "sent")
        admin.close()
        time.sleep(1.0)
        assert len(smtp.messages) == 1
        assert "Pesan uji" in smtp.messages[0]["Subject"]
    finally:
        proc.stop()
        if smtp is not None:
            smtp.stop()


def _login(proc):
    import httpx
    c = httpx.Client(base_url=proc.url, timeout=10)
    r = c.post("/api/auth/login", json={"username": proc.creds["admin"]["username"],
                                         "password": proc.creds["admin"]["password"]})
    c.headers["Authorization"] = f"Bearer {r.json()['token']}"
    return c


def test_the_admin_sees_secrets_masked_and_a_masked_secret_sent_back_keeps_the_stored_one(office):
    admin = office.admin()
    shown = admin.get("/api/admin/notifications").json()["settings"]
    assert shown["whatsapp_token"] != "test-token" and "test-token" not in json.dumps(shown)
    assert shown["configured"] == {"email": True, "whatsapp": True, "sms": False}
    r = admin.put("/api/admin/notifications", json={"whatsapp_token": shown["whatsapp_token"],
                                                    "notify_near_ahead": 2, "notify_phone_channel": "sms"})
    assert r.status_code == 200
    assert office.ctx.office.profile_value("notify")["notify_near_ahead"] == 2
    assert "whatsapp_token" not in office.ctx.office.profile_value("notify")  # kept from the file
    r = admin.put("/api/admin/notifications", json={"notify_phone_channel": "pager", "smtp_port": 0})
    assert r.status_code == 422 and {e["field"] for e in r.json()["errors"]} >= {"notify_phone_channel", "smtp_port"}
    assert "notify" not in admin.get("/api/admin/office").json()  # the office profile never shows them
    assert office.staff().get("/api/admin/notifications").status_code == 403


def test_a_message_left_sending_by_a_dead_process_is_sent_again_only_once_its_lease_is_over(office, whatsapp):
    """What a process that died mid-send leaves: a row 'sending' with its lease. Over, the row is
    due again; still running (another sender may be on it), it is left alone."""
    now = office.ctx.clock()
    params = {"number": "A-007", "counter": "Loket 2"}
    for key, lease_end in (("ticket:7:called", now - 1), ("ticket:8:called", now + 600)):
        office.sql(outbox.insert().values(created_at=now - 5, channel="whatsapp", recipient=JOKO_E164,
                                          template="ticket_called", params=params, language="id", dedupe_key=key,
                                          status="sending", attempts=1, next_attempt_at=lease_end))
    office.ctx.outbox.wake()
    assert wait_until(lambda: rows(office, dedupe_key="ticket:7:called")[0]["status"] == "sent")
    time.sleep(0.6)
    assert len(whatsapp.received) == 1 and "Anda dipanggil ke Loket 2" in whatsapp.texts()[0][1]
    assert rows(office, dedupe_key="ticket:7:called")[0]["attempts"] == 2
    assert rows(office, dedupe_key="ticket:8:called")[0]["status"] == "sending"


def test_where_the_office_chose_sms_a_phone_number_gets_an_sms(office, whatsapp):
    from tests.standins import SmsStandIn
    sms = SmsStandIn().start()
    try:
        r = office.admin().put("/api/admin/notifications", json={"notify_phone_channel": "sms",
                                                                 "sms_url_template": sms.template()})
        assert r.status_code == 200, r.text
        enqueue(office, phone=JOKO)
        [(to, text)] = sms.wait_for(1) and sms.texts()
        assert to == JOKO_E164 and "ONL-7K2Q" in text
        assert wait_until(lambda: rows(office)[0]["status"] == "sent")
        assert rows(office)[0]["channel"] == "sms" and whatsapp.requests == []
    finally:
        sms.stop()
